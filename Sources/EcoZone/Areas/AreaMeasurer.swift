import GeoKit

/// One feature's areas in m², and what had to be repaired first.
struct FeatureArea: Sendable {
    var fid: Int64
    var ellipsoidal: Double
    var projected: Double?
    var repair: FeatureRepair?
    var hasGeometry: Bool
}

/// A repaired feature, for the report: the reason GEOS gave and the area before and after (m²,
/// ellipsoidal; "before" is what a tool that skips repair would add up).
public struct FeatureRepair: Sendable, Codable, Hashable {
    public var fid: Int64
    public var reason: String
    public var areaBefore: Double
    public var areaAfter: Double
    public var partsBefore: Int
    public var partsAfter: Int

    enum CodingKeys: String, CodingKey {
        case fid, reason
        case areaBefore = "area_before_m2", areaAfter = "area_after_m2"
        case partsBefore = "parts_before", partsAfter = "parts_after"
    }
}

/// The per-worker geometry pipeline for areas: WKB → repaired geometry → CGCS2000 lon/lat →
/// geodesic area (and, when asked, → Gauss–Krüger zone → planar area).
///
/// Holds a GEOS context and PROJ transformers, so it lives and dies on one worker.
final class AreaMeasurer {
    let context: GeometryContext
    private let toGeographic: Transformer?
    private let toZone: Transformer?
    private let chordEdges: Bool

    /// - Parameters:
    ///   - zone: the Gauss–Krüger zone for projected areas; nil for ellipsoidal only.
    ///   - forOverlay: measure as overlay pieces are measured. In a geographic CRS that means edges
    ///     read as straight lon/lat lines (`lonLatChordArea`), which makes the areas of the pieces GEOS
    ///     cuts a polygon into add up to the polygon's; overlay inputs are first densified along
    ///     geodesics to 100 m (`OverlayLayer`), so this stays within ~1e-8 of the geodesic area that
    ///     `area` reports. Otherwise vertices are joined by geodesics, as pyproj and GeographicLib do.
    init(layerCRS: CRS, zone: GaussKrugerZone?, context: GeometryContext = GeometryContext(), forOverlay: Bool = false) throws {
        self.context = context
        chordEdges = forOverlay && layerCRS.isGeographicOnCGCS2000Ellipsoid
        toGeographic = layerCRS.isGeographicOnCGCS2000Ellipsoid ? nil : try Transformer(from: layerCRS, to: try CRS.cgcs2000())
        toZone = try zone.map { try Transformer(from: layerCRS, to: try $0.crs()) }
    }

    /// Reads WKB and repairs it if invalid.
    func geometry(_ feature: Feature) throws -> (Geometry, Repair?)? {
        guard let wkb = feature.wkb else { return nil }
        let g = try Geometry(wkb: wkb, context: context)
        return try g.makeValid()
    }

    /// Ellipsoidal area in m² of a geometry in the layer's CRS.
    func ellipsoidalArea(_ g: Geometry) throws -> Double {
        if chordEdges { return try g.lonLatChordArea(on: .cgcs2000) }
        return try (toGeographic?.transform(g) ?? g).geodesicArea(on: .cgcs2000)
    }

    /// The feature's areas; `repaired`: the feature was made valid already (a layer store's), so it is
    /// measured as it is, with no validity check and no repair.
    func measure(_ feature: Feature, repaired: Bool = false) throws -> FeatureArea {
        let read: (Geometry, Repair?)?
        if repaired { read = try feature.wkb.map { (try Geometry(wkb: $0, context: context), nil) } } else { read = try geometry(feature) }
        guard let (g, repair) = read else {
            return FeatureArea(fid: feature.fid, ellipsoidal: 0, projected: toZone == nil ? nil : 0, repair: nil, hasGeometry: false)
        }
        let area = try ellipsoidalArea(g)
        let projected = try toZone.map { try $0.transform(g).planarArea() }
        var report: FeatureRepair?
        if let repair {
            let before = try ellipsoidalArea(try Geometry(wkb: feature.wkb!, context: context))
            report = FeatureRepair(fid: feature.fid, reason: repair.reason, areaBefore: before, areaAfter: area,
                                   partsBefore: repair.partsBefore, partsAfter: repair.partsAfter)
        }
        return FeatureArea(fid: feature.fid, ellipsoidal: area, projected: projected, repair: report, hasGeometry: true)
    }
}
