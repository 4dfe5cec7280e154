internal import CGEOS

/// The outcome of a validity check (`GEOSisValidDetail_r`).
public struct Validity: Sendable, Hashable, Codable {
    public var isValid: Bool
    /// GEOS's reason, e.g. "Self-intersection"; nil when valid.
    public var reason: String?
    /// Where GEOS found the problem, in the geometry's coordinates.
    public var locationX: Double?
    public var locationY: Double?

    /// "Self-intersection at (106.5, 29.4)"
    public var summary: String {
        guard let reason else { return "valid" }
        if let x = locationX, let y = locationY { return "\(reason) at (\(x), \(y))" }
        return reason
    }
}

/// What `makeValid` changed, for the repair report analysts see.
public struct Repair: Sendable, Hashable, Codable {
    public var reason: String
    public var kindBefore: GeometryKind
    public var kindAfter: GeometryKind
    /// Planar area before and after, in the geometry's coordinate units squared.
    public var planarAreaBefore: Double
    public var planarAreaAfter: Double
    /// Parts before and after (a bow-tie becomes two polygons).
    public var partsBefore: Int
    public var partsAfter: Int
}

extension Geometry {
    /// Checks validity and says why not, with the location (`GEOSisValidDetail_r`). A polygon without
    /// holes whose ring is plainly simple is found valid without GEOS (``isCertainlyValidSimplePolygon``:
    /// the same answer, proved by exact tests); GEOS decides everything else.
    public func validity() throws -> Validity {
        if isCertainlyValidSimplePolygon { return Validity(isValid: true) }
        return try geosValidity()
    }

    /// The validity GEOS finds (`GEOSisValidDetail_r`), with no shortcut.
    func geosValidity() throws -> Validity {
        var reason: UnsafeMutablePointer<CChar>?
        var location: OpaquePointer?
        let r = GEOSisValidDetail_r(ctx, handle, 0, &reason, &location)
        defer {
            if let reason { GEOSFree_r(ctx, reason) }
            if let location { GEOSGeom_destroy_r(ctx, location) }
        }
        switch r {
        case 1: return Validity(isValid: true)
        case 0:
            var v = Validity(isValid: false, reason: reason.map { String(cString: $0) } ?? "invalid")
            if let location {
                var x = 0.0, y = 0.0
                if GEOSGeomGetX_r(ctx, location, &x) == 1, GEOSGeomGetY_r(ctx, location, &y) == 1 {
                    v.locationX = x; v.locationY = y
                }
            }
            return v
        default:
            throw context.error("validity check")
        }
    }

    /// Repairs an invalid geometry with GEOS's structure method (`GEOSMakeValidWithParams_r`,
    /// `GEOS_MAKE_VALID_STRUCTURE`), keeping only polygonal parts when the input was polygonal
    /// (collapsed lines and points are dropped: they have no area), and says what changed.
    /// A valid geometry comes back as a copy with a nil repair.
    public func makeValid() throws -> (geometry: Geometry, repair: Repair?) {
        let v = try validity()
        if v.isValid { return (try clone(), nil) }
        guard let params = GEOSMakeValidParams_create_r(ctx) else { throw context.error("make-valid parameters") }
        defer { GEOSMakeValidParams_destroy_r(ctx, params) }
        GEOSMakeValidParams_setMethod_r(ctx, params, GEOS_MAKE_VALID_STRUCTURE)
        GEOSMakeValidParams_setKeepCollapsed_r(ctx, params, 0)
        var fixed = try context.wrap(GEOSMakeValidWithParams_r(ctx, handle, params), "make valid")
        if kind.isPolygonal, !fixed.kind.isPolygonal {
            fixed = try fixed.polygonalParts()
        }
        let repair = Repair(reason: v.summary, kindBefore: kind, kindAfter: fixed.kind,
                            planarAreaBefore: (try? planarArea()) ?? 0, planarAreaAfter: try fixed.planarArea(),
                            partsBefore: partCount, partsAfter: fixed.partCount)
        return (fixed, repair)
    }
}
