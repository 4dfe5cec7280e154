// One shard's share of a cross-tabulation (`ecozone tabulate --by … --shard i/N`), written as JSON with the
// exact sums behind its figures, and the merge of all N parts (`ecozone merge`) into the table the unsplit
// run prints, bit for bit (issue 20).

import Foundation
import GeoKit

/// A shard's cross-tabulation with what merging needs: exact m² sums (``ExactSum``, so the merged figures
/// are rounded once from the exact total, as the unsplit run's are), the class order of each dimension,
/// and the layers' provenance (every shard reads and repairs the whole first layer, so they agree).
public struct CrossTabulationPart: Sendable, Codable {
    public static let formatName = "ecozone-crosstab-part/1"

    struct Row: Sendable, Codable {
        var keys: [String]
        var pieces: Int
        var squareMetres: ExactSum
    }

    var format: String
    var shard: TabulationShard
    var dimensions: [String]
    var rows: [Row]
    var total: ExactSum
    var outside: [String: ExactSum]
    var sliverArea: ExactSum
    var overlapBetweenKeys: [String: Area]
    var diagnostics: OverlayDiagnostics
    var inputs: [LayerProvenance]
    /// Per dimension, the classes of its order (``ClassOrder/classes``), lowest first.
    var classOrders: [[String]]

    /// The part of tabulation `t` (made with `shard`, before class ordering); `orders` as
    /// ``LayerStore/classOrders(_:)`` gives them.
    init(_ t: CrossTabulation, shard: TabulationShard, orders: [ClassOrder]) throws {
        guard t.measure == .area, let sums = t.sums else {
            throw GeoKitError(.input, "only an area cross-tabulation of polygon layers is split into shards")
        }
        format = Self.formatName
        self.shard = shard
        dimensions = t.dimensions
        rows = t.rows.map { Row(keys: $0.keys, pieces: $0.pieces, squareMetres: sums.rows[$0.keys] ?? ExactSum()) }
        total = sums.total
        outside = sums.outside
        sliverArea = sums.sliverArea
        overlapBetweenKeys = t.overlapBetweenKeys
        diagnostics = t.diagnostics
        inputs = t.inputs
        classOrders = orders.map(\.classes)
    }

    public var shardIndex: Int { shard.index }

    public func jsonData() throws -> Data { try JSONOutput.data(self) }

    public static func read(_ path: String) throws -> CrossTabulationPart {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw GeoKitError(.input, "cannot read the part: \(error.localizedDescription)", file: path)
        }
        return try decode(data, name: path)
    }

    /// A part from its JSON (`name` for errors: a file, or a rank).
    public static func decode(_ data: Data, name path: String) throws -> CrossTabulationPart {
        let part: CrossTabulationPart
        do { part = try JSONDecoder().decode(CrossTabulationPart.self, from: data) } catch {
            throw GeoKitError(.input, "not a part written by `ecozone tabulate --shard` (\(error))", file: path)
        }
        guard part.format == formatName else {
            throw GeoKitError(.input, "the part's format is \(part.format); this EcoZone merges \(formatName)", file: path)
        }
        return part
    }

    /// Adds up the parts of every shard of one split run (each exactly once) into the table the unsplit
    /// `tabulate --by` gives. `paths` name the parts in errors.
    public static func merge(_ parts: [CrossTabulationPart], paths: [String]) throws -> CrossTabulation {
        guard let first = parts.first else { throw GeoKitError(.input, "give the parts to merge") }
        let n = first.shard.count
        var seen = [String?](repeating: nil, count: n)
        for (part, path) in zip(parts, paths) {
            guard part.shard.count == n, part.shard.tileSize == first.shard.tileSize else {
                throw GeoKitError(.input, "the part is shard \(part.shard.index + 1)/\(part.shard.count) with tiles of \(part.shard.tileSize); \(paths[0]) is of a split into \(n) with tiles of \(first.shard.tileSize)", file: path)
            }
            guard part.dimensions == first.dimensions, part.classOrders == first.classOrders else {
                throw GeoKitError(.input, "the part tabulates \(part.dimensions.joined(separator: " × ")); \(paths[0]) tabulates \(first.dimensions.joined(separator: " × "))", file: path)
            }
            guard try JSONOutput.data(part.inputs) == JSONOutput.data(first.inputs) else {
                throw GeoKitError(.input, "the part read other layers (or other versions of them) than \(paths[0])", file: path)
            }
            if let other = seen[part.shard.index] {
                throw GeoKitError(.input, "shard \(part.shard.index + 1)/\(n) is given twice (also as \(other))", file: path)
            }
            seen[part.shard.index] = path
        }
        if let missing = seen.firstIndex(where: { $0 == nil }) {
            throw GeoKitError(.input, "shard \(missing + 1)/\(n) is missing: a merge needs every shard's part")
        }
        var exact = CrossTabulationSums()
        var pieces: [[String]: Int] = [:]
        var diagnostics = first.diagnostics
        diagnostics.slivers = 0
        diagnostics.fallbacks = []
        diagnostics.conservationBreaches = []
        for part in parts.sorted(by: { $0.shard.index < $1.shard.index }) {
            for r in part.rows {
                exact.rows[r.keys, default: ExactSum()].add(r.squareMetres)
                pieces[r.keys, default: 0] += r.pieces
            }
            exact.total.add(part.total)
            for (k, s) in part.outside { exact.outside[k, default: ExactSum()].add(s) }
            exact.sliverArea.add(part.sliverArea)
            diagnostics.slivers += part.diagnostics.slivers
            diagnostics.fallbacks += part.diagnostics.fallbacks
            diagnostics.conservationBreaches += part.diagnostics.conservationBreaches
        }
        // The unsplit run lists them in feature order: sources list features by ascending id.
        diagnostics.fallbacks = diagnostics.fallbacks.enumerated().sorted { ($0.element.a ?? .max, $0.offset) < ($1.element.a ?? .max, $1.offset) }.map(\.element)
        diagnostics.conservationBreaches = diagnostics.conservationBreaches.enumerated().sorted { ($0.element.fid, $0.offset) < ($1.element.fid, $1.offset) }.map(\.element)
        let rows = pieces.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { CrossTabulation.Row(keys: $0, area: .zero, pieces: pieces[$0]!) }
        var t = CrossTabulation(dimensions: first.dimensions, rows: rows, total: .zero, outside: [:],
                                overlapBetweenKeys: first.overlapBetweenKeys, diagnostics: diagnostics)
        t.inputs = first.inputs
        t.round(exact)
        return ProjectRun.ordered(t, byDimension: first.classOrders.map { ClassOrder(classes: $0) })
    }
}

extension LayerStore {
    /// Shard `shard`'s part of the cross-tabulation of `dimensions` (``crossTabulation(_:gridSize:batchSize:shard:)``).
    public func crossTabulationPart(_ dimensions: [String], gridSize: Double? = nil, batchSize: Int = 20_000,
                                    shard: TabulationShard) throws -> CrossTabulationPart {
        let t = try crossTabulation(dimensions, gridSize: gridSize, batchSize: batchSize, shard: shard)
        return try CrossTabulationPart(t, shard: shard, orders: classOrders(t))
    }
}
