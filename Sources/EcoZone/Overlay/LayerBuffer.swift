import Foundation
import GeoKit

/// What ``LayerBuffer`` did, for `ecozone buffer` and `--json`.
public struct BufferReport: Sendable, Codable {
    public var source: String
    public var layer: String
    public var sourceCRS: String
    public var features: Int
    /// Metres on the ground each side.
    public var distance: Double
    public var dissolved: Bool
    /// The CGCS2000 3° Gauss–Krüger zone the buffer was drawn in, its CRS and central meridian.
    public var zone: Int
    public var zoneCRS: String
    public var centralMeridian: Double
    /// The zone's point scale factor k at the features' centres, least and greatest: the buffer
    /// distance in the zone's metres is distance × k, so that it is `distance` on the ground.
    public var scaleMin: Double
    public var scaleMax: Double
    public var segmentsPerQuarter: Int
    /// Features written, and their ellipsoidal area on CGCS2000 (km², geodesic edges).
    public var output: Int
    public var area: Area
    public var outputPath: String?

    enum CodingKeys: String, CodingKey {
        case source, layer, features, distance, dissolved, zone, area, output
        case sourceCRS = "source_crs", zoneCRS = "zone_crs", centralMeridian = "central_meridian"
        case scaleMin = "scale_min", scaleMax = "scale_max", segmentsPerQuarter = "segments_per_quarter", outputPath = "output_path"
    }
}

/// Buffers a layer's features by a distance on the ground (`ecozone buffer`, a project's
/// `derived: { belt: { buffer: rivers, distance: 1000 } }`): set-back ranges (河道管理范围, 岸线保护范围)
/// and the riverside belt "平缓处河岸1000米左右".
///
/// Each feature is densified to 100 m (along geodesics in a lon/lat CRS, straight in a projected
/// one), transformed vertex by vertex into the CGCS2000 3° Gauss–Krüger zone of the layer's centre,
/// buffered there by `GEOSBuffer_r` (round joins and caps, `segments` per quarter circle), and
/// transformed back to CGCS2000 lon/lat. The zone's metres are the ground's times the point scale
/// factor k (k ≥ 1, up to 1.00026 at the edge of a zone at 30°N), so each feature is buffered by
/// distance × k at its centre (PROJ `proj_factors`, k = √areal scale): the distance is metres on the
/// ground to a few parts in 10⁶ across a county-sized feature, not GK metres. A circle is drawn with
/// 4 × `segments` chords: with 32, a point's buffer is 0.9996 of πr² (the polygon inscribed in the
/// circle; 1 − sin(2π/n)·n/(2π)).
public enum LayerBuffer {
    public static let defaultSegments = 32

    /// The buffered layer, in CGCS2000 lon/lat (EPSG:4490): each feature's buffer with its
    /// attributes and `buffer_m`, or (`dissolve`) one feature, their union.
    public static func run(_ layer: LoadedLayer, distance: Double, dissolve: Bool, segments: Int = defaultSegments,
                           as request: LayerRequest? = nil) throws -> (layer: LoadedLayer, report: BufferReport) {
        guard distance.isFinite, distance > 0, distance <= PatternSettings.maximumMetres else {
            throw GeoKitError(.input, "a buffer distance must be more than 0 and at most 1,000,000 m, got \(distance)", file: layer.request.source, layer: layer.layerName)
        }
        guard let zone = try layer.gaussKrugerZone() else {
            throw GeoKitError(.input, "the layer has no features, or lies outside the CGCS2000 Gauss–Krüger zones (73.5–136.5°E)",
                              file: layer.request.source, layer: layer.layerName)
        }
        let zoneCRS = try zone.crs()
        let cgcs = try CRS.cgcs2000()
        let context = GeometryContext()
        let toZone = try Transformer(from: layer.crs, to: zoneCRS)
        let fromZone = try Transformer(from: zoneCRS, to: cgcs)
        let scale = try ArealScale(zoneCRS)
        var buffered: [(Feature, Geometry)] = []
        var kMin = Double.infinity, kMax = -Double.infinity
        for f in layer.features {
            guard let wkb = f.wkb else { continue }
            do {
                let g = try Geometry(wkb: wkb, context: context)
                if g.isEmpty { continue }
                let dense = layer.crs.isGeographic ? try g.geodesicallyDensified(maxSegmentLength: 100) : try g.densified(maxSegmentLength: 100)
                let projected = try toZone.transform(dense)
                guard let e = projected.envelope else { continue }
                let k = try scale.factor(x: e.centerX, y: e.centerY).squareRoot()
                kMin = min(kMin, k); kMax = max(kMax, k)
                buffered.append((f, try projected.buffer(distance * k, segments: segments)))
            } catch {
                throw layer.locate(error, feature: f.fid)
            }
        }
        guard !buffered.isEmpty else {
            throw GeoKitError(.input, "the layer has no feature with a geometry to buffer", file: layer.request.source, layer: layer.layerName)
        }
        var out = layer
        out.crs = cgcs
        out.crsAssumed = false
        out.declaredCRSSetAside = nil
        out.geometryType = "Multi Polygon"
        out.extent = nil
        out.parts = []
        if let request { out.request = request }
        let measurer = try AreaMeasurer(layerCRS: cgcs, zone: nil, context: context)
        var area = 0.0
        if dissolve {
            let union = buffered.count == 1 ? buffered[0].1 : try context.collection(buffered.map(\.1), kind: .multiPolygon).unaryUnion()
            let g = try fromZone.transform(try union.polygonalParts())
            area = try measurer.ellipsoidalArea(g)
            out.fields = [FieldDefinition(name: "buffer_m", type: .real)]
            out.features = [Feature(fid: 0, values: [.real(distance)], wkb: g.wkb)]
        } else {
            out.fields = layer.fields + [FieldDefinition(name: layer.fields.index(named: "buffer_m") == nil ? "buffer_m" : "buffer_m_2", type: .real)]
            out.features = try buffered.map { f, b in
                let g = try fromZone.transform(b)
                area += try measurer.ellipsoidalArea(g)
                return Feature(fid: f.fid, values: f.values + [.real(distance)], wkb: g.wkb)
            }
        }
        let report = BufferReport(source: layer.request.source, layer: layer.layerName, sourceCRS: layer.crs.description, features: layer.features.count,
                                  distance: distance, dissolved: dissolve, zone: zone.zone, zoneCRS: zoneCRS.description,
                                  centralMeridian: zone.centralMeridian, scaleMin: kMin, scaleMax: kMax, segmentsPerQuarter: segments,
                                  output: out.features.count, area: Area(squareMetres: area).converted(to: .squareKilometres))
        return (out, report)
    }
}
