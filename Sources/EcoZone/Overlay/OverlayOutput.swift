import Foundation
import GeoKit

/// What `ecozone overlay` reports about a run, for the table and `--json`.
public struct OverlaySummary: Sendable, Codable {
    public struct Side: Sendable, Codable {
        public var name: String
        public var source: String
        public var features: Int
        public var crs: String
        public var transformation: String
        public var repairs: [FeatureRepair]
        public var skipped: Int
        /// Ellipsoidal area of the layer's features, km².
        public var area: Double
    }

    public var how: OverlayHow
    public var analysisCRS: String
    public var method: String
    public var unit: String
    public var a: Side
    public var b: Side
    public var pieces: Int
    /// km²: all pieces, pieces in both layers, in A only, in B only.
    public var total: Double
    public var inBoth: Double
    public var onlyA: Double
    public var onlyB: Double
    public var diagnostics: OverlayDiagnostics
    public var output: String?

    enum CodingKeys: String, CodingKey {
        case how, method, unit, a, b, pieces, total, diagnostics, output
        case analysisCRS = "analysis_crs"
        case inBoth = "in_both", onlyA = "only_a", onlyB = "only_b"
    }
}

extension PairwiseOverlayResult {
    /// The summary; areas in km².
    public func summary(output: String? = nil) -> OverlaySummary {
        func side(_ l: OverlayLayer) -> OverlaySummary.Side {
            .init(name: l.name, source: l.source, features: l.features.count, crs: l.sourceCRS, transformation: l.transformation,
                  repairs: l.repairs, skipped: l.skipped, area: l.totalArea / 1e6)
        }
        let both = pieces.filter { $0.a != nil && $0.b != nil }.reduce(0) { $0 + $1.area }
        let onlyA = pieces.filter { $0.a != nil && $0.b == nil }.reduce(0) { $0 + $1.area }
        let onlyB = pieces.filter { $0.a == nil && $0.b != nil }.reduce(0) { $0 + $1.area }
        return OverlaySummary(how: how, analysisCRS: a.analysisCRS.description, method: "ellipsoidal (CGCS2000)", unit: "km2",
                              a: side(a), b: side(b), pieces: pieces.count, total: (both + onlyA + onlyB) / 1e6,
                              inBoth: both / 1e6, onlyA: onlyA / 1e6, onlyB: onlyB / 1e6, diagnostics: diagnostics, output: output)
    }

    /// Output fields: A's, then B's (each prefixed with its layer's name where the two share a
    /// name; with "a" and "b" when the layers' names are the same too), then the parents' ids and
    /// the piece's area.
    public var outputFields: [FieldDefinition] {
        let aNames = Set(a.fields.map(\.name)), bNames = Set(b.fields.map(\.name))
        let reserved: Set<String> = ["a_fid", "b_fid", "area_km2"]
        let (prefixA, prefixB) = a.name == b.name ? ("a", "b") : (a.name, b.name)
        func renamed(_ f: FieldDefinition, _ prefix: String, clash: Set<String>) -> FieldDefinition {
            var f = f
            if clash.contains(f.name) || reserved.contains(f.name) { f.name = "\(prefix)_\(f.name)" }
            return f
        }
        return a.fields.map { renamed($0, prefixA, clash: bNames) } + b.fields.map { renamed($0, prefixB, clash: aNames) }
            + [FieldDefinition(name: "a_fid", type: .integer64), FieldDefinition(name: "b_fid", type: .integer64),
               FieldDefinition(name: "area_km2", type: .real)]
    }

    /// Writes the pieces (format by extension; GeoJSON is RFC 7946 in lon/lat), atomically.
    ///
    /// - Parameter rules: the command's inputs (both layers' sources are added) and whether an
    ///   existing file may be replaced; `path` is checked before writing and again before the
    ///   file is put in place (`OutputGuard.checkFile`): never an input, nor a part of one.
    public func write(to path: String, precision: Int = 7, guard rules: OutputGuard = OutputGuard()) throws {
        let format = VectorFormat(path: path) ?? .geoJSON
        var rules = rules
        rules.read(a.source)
        rules.read(b.source)
        try rules.checkFile(path, format: format)
        let outputCRS = format == .geoJSON ? try CRS.cgcs2000() : a.analysisCRS
        let toOutput = try Transformer(from: a.analysisCRS, to: outputCRS)
        let context = GeometryContext()
        let writer = try VectorWriter(path: path, format: format, layerName: "\(a.name)_\(how.rawValue)_\(b.name)", crs: outputCRS,
                                      geometryKind: .multiPolygon, fields: outputFields,
                                      coordinatePrecision: format == .geoJSON ? precision : nil)
        let nullA = [FieldValue](repeating: .null, count: a.fields.count)
        let nullB = [FieldValue](repeating: .null, count: b.fields.count)
        for p in pieces {
            let fa = p.a.map { a.features[$0] }, fb = p.b.map { b.features[$0] }
            let values = (fa?.values ?? nullA) + (fb?.values ?? nullB)
                + [fa.map { .integer($0.fid) } ?? .null, fb.map { .integer($0.fid) } ?? .null, .real(p.area / 1e6)]
            let g = try toOutput.transform(try Geometry(wkb: p.wkb, context: context))
            try writer.write(wkb: g.wkb, values: values)
        }
        try rules.checkFile(path, format: format)
        try writer.commit()
    }
}
