import Foundation
import GeoKit

/// A line or point layer overlaid with a polygon layer (`ecozone overlay rivers.shp zones.shp`):
/// each feature of A cut by B (``LineCutter``), every piece keeping both sides' attributes and
/// measured by geodesic length on CGCS2000 (lines) or counted (points).
public struct FeatureOverlayResult: Sendable {
    public struct Piece: Sendable {
        /// Index of A's feature, and of B's polygon (nil: outside every polygon of B).
        public var a: Int
        public var b: Int?
        /// In the analysis CRS.
        public var wkb: [UInt8]
        /// Metres (lines) or points (points).
        public var amount: Double
    }

    public var how: OverlayHow
    public var shape: FeatureShape
    /// A in the analysis CRS, and the CRS it was read in.
    public var a: LoadedLayer
    public var aName: String
    public var aSourceCRS: CRS
    public var b: OverlayLayer
    public var pieces: [Piece]
}

/// What `ecozone overlay` reports when A holds lines or points (the `--json` document).
public struct FeatureOverlaySummary: Sendable, Codable {
    public struct LineSide: Sendable, Codable {
        public var name: String
        public var source: String
        public var features: Int
        public var crs: String
        public var shape: FeatureShape
        /// The whole layer: km (lines) or points.
        public var total: Double
    }

    public var how: OverlayHow
    public var analysisCRS: String
    public var method: String
    public var unit: String
    public var a: LineSide
    public var b: OverlaySummary.Side
    public var pieces: Int
    /// Inside B's polygons and outside them, km or points.
    public var inBoth: Double
    public var onlyA: Double
    public var output: String?

    enum CodingKeys: String, CodingKey {
        case how, method, unit, a, b, pieces, output
        case analysisCRS = "analysis_crs", inBoth = "in_both", onlyA = "only_a"
    }
}

public enum FeatureOverlay {
    /// Cuts every feature of `a` (lines or points in the analysis CRS, ``LayerStore/features(inAnalysisCRS:)``)
    /// by `b`: `intersection` keeps the pieces inside B's polygons, `difference` those outside every
    /// one, `identity` both. Union and symmetric difference would mix lines with polygons: refused.
    public static func run(_ a: LoadedLayer, name: String, sourceCRS: CRS, shape: FeatureShape, _ b: OverlayLayer, how: OverlayHow,
                           workers: Int = GeoKit.Parallel.workerCount) throws -> FeatureOverlayResult {
        guard [.intersection, .difference, .identity].contains(how) else {
            throw GeoKitError(.input, "\(how.rawValue) of \(shape.rawValue)s with polygons would mix geometry types; a \(shape.rawValue) layer takes intersection, difference or identity",
                              file: a.request.source)
        }
        let crs = a.crs
        let perFeature: [[FeatureOverlayResult.Piece]] = try GeoKit.Parallel.mapChunks(Array(a.features.indices), workers: workers, setUp: {
            let context = GeometryContext()
            return (context, crs.isGeographicOnCGCS2000Ellipsoid ? nil : try Transformer(from: crs, to: try CRS.cgcs2000()),
                    LineCutter(b, context: context, shape: shape))
        }) { worker, chunk in
            let (context, toLonLat, cutter) = worker
            return try chunk.map { i in
                let f = a.features[i]
                guard let wkb = f.wkb else { return [] }
                do {
                    let split = try cutter.split(try Geometry(wkb: wkb, context: context), wantOutside: how != .intersection)
                    var out: [FeatureOverlayResult.Piece] = []
                    if how != .difference {
                        for (j, part) in split.inside {
                            out.append(FeatureOverlayResult.Piece(a: i, b: j, wkb: part.wkb, amount: try LineCutter.measure(part, shape: shape, toLonLat: toLonLat)))
                        }
                    }
                    if let o = split.outside {
                        out.append(FeatureOverlayResult.Piece(a: i, b: nil, wkb: o.wkb, amount: try LineCutter.measure(o, shape: shape, toLonLat: toLonLat)))
                    }
                    return out
                } catch {
                    throw a.locate(error, feature: f.fid)
                }
            }
        }
        return FeatureOverlayResult(how: how, shape: shape, a: a, aName: name, aSourceCRS: sourceCRS, b: b, pieces: perFeature.flatMap { $0 })
    }
}

extension FeatureOverlayResult {
    private var scale: Double { shape == .line ? 1e-3 : 1 }

    public func summary(output: String? = nil) throws -> FeatureOverlaySummary {
        let crs = a.crs
        let toLonLat = crs.isGeographicOnCGCS2000Ellipsoid ? nil : try Transformer(from: crs, to: try CRS.cgcs2000())
        let context = GeometryContext()
        var whole = 0.0
        for f in a.features {
            guard let wkb = f.wkb else { continue }
            whole += try LineCutter.measure(try Geometry(wkb: wkb, context: context), shape: shape, toLonLat: toLonLat)
        }
        let inBoth = pieces.filter { $0.b != nil }.reduce(0) { $0 + $1.amount }
        let onlyA = pieces.filter { $0.b == nil }.reduce(0) { $0 + $1.amount }
        let bSide = OverlaySummary.Side(name: b.name, source: b.source, features: b.features.count, crs: b.sourceCRS, transformation: b.transformation,
                                        repairs: b.repairs, skipped: b.skipped, area: b.totalArea.converted(to: .squareKilometres))
        return FeatureOverlaySummary(
            how: how, analysisCRS: crs.description, method: shape == .line ? "geodesic lengths on CGCS2000" : "points counted (each in the first polygon covering it)",
            unit: shape == .line ? "km" : "count",
            a: .init(name: aName, source: a.request.source, features: a.features.count, crs: aSourceCRS.description, shape: shape, total: whole * scale),
            b: bSide, pieces: pieces.count, inBoth: inBoth * scale, onlyA: onlyA * scale, output: output)
    }

    /// Output fields: A's, then B's (prefixed by their layer's name where the two share a name), then
    /// the parents' ids and the piece's length (km) or point count.
    public var outputFields: [FieldDefinition] {
        let aNames = Set(a.fields.map(\.name)), bNames = Set(b.fields.map(\.name))
        let measure = shape == .line ? "length_km" : "points"
        let reserved: Set<String> = ["a_fid", "b_fid", measure]
        let (prefixA, prefixB) = aName == b.name ? ("a", "b") : (aName, b.name)
        func renamed(_ f: FieldDefinition, _ prefix: String, clash: Set<String>) -> FieldDefinition {
            var f = f
            if clash.contains(f.name) || reserved.contains(f.name) { f.name = "\(prefix)_\(f.name)" }
            return f
        }
        return a.fields.map { renamed($0, prefixA, clash: bNames) } + b.fields.map { renamed($0, prefixB, clash: aNames) }
            + [FieldDefinition(name: "a_fid", type: .integer64), FieldDefinition(name: "b_fid", type: .integer64),
               FieldDefinition(name: measure, type: shape == .line ? .real : .integer64)]
    }

    /// Writes the pieces (format by extension; GeoJSON in lon/lat), atomically, checked by `rules`
    /// (never an input, nor a part of one; an existing file only with `--overwrite`).
    public func write(to path: String, precision: Int = 7, guard rules: OutputGuard = OutputGuard()) throws {
        let format = VectorFormat(path: path) ?? .geoJSON
        var rules = rules
        rules.read(a.request.source)
        rules.read(b.source)
        try rules.checkFile(path, format: format)
        let outputCRS = format == .geoJSON ? try CRS.cgcs2000() : a.crs
        let toOutput = try Transformer(from: a.crs, to: outputCRS)
        let context = GeometryContext()
        let writer = try VectorWriter(path: path, format: format, layerName: "\(aName)_\(how.rawValue)_\(b.name)", crs: outputCRS,
                                      geometryKind: shape == .line ? .multiLineString : .multiPoint, fields: outputFields,
                                      coordinatePrecision: format == .geoJSON ? precision : nil)
        let nullB = [FieldValue](repeating: .null, count: b.fields.count)
        for p in pieces {
            let fa = a.features[p.a], fb = p.b.map { b.features[$0] }
            let measure: FieldValue = shape == .line ? .real(p.amount * 1e-3) : .integer(Int64(p.amount))
            let values = fa.values + (fb?.values ?? nullB) + [.integer(fa.fid), fb.map { .integer($0.fid) } ?? .null, measure]
            let g = try toOutput.transform(try Geometry(wkb: p.wkb, context: context))
            try writer.write(wkb: g.wkb, values: values)
        }
        try rules.checkFile(path, format: format)
        try writer.commit()
    }
}
