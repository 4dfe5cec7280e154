internal import CPROJ
import Foundation

/// A coordinate reference system, as a `Sendable` value that any thread can turn back into a PROJ
/// object (PROJ objects themselves belong to one context and one thread).
///
/// Axis order: GeoKit always works in (longitude, latitude) or (easting, northing), whatever the
/// authority says (`proj_normalize_for_visualization` in `Transformer`).
public struct CRS: Sendable, Hashable, CustomStringConvertible, Codable {
    /// What PROJ is given to recreate it: "EPSG:4490" when identified, WKT otherwise.
    public let definition: String
    /// The CRS's own name, e.g. "China Geodetic Coordinate System 2000".
    public let name: String
    /// "EPSG:4490" when the CRS is (or was identified as) an EPSG CRS.
    public let authorityCode: String?
    public let isGeographic: Bool
    public let isProjected: Bool
    /// The ellipsoid's semi-major axis (m) and inverse flattening.
    public let semiMajorAxis: Double
    public let inverseFlattening: Double
    /// Area of use in degrees (west, south, east, north), where the CRS declares one.
    public let areaOfUse: Envelope?

    /// Parses "EPSG:4490", "epsg:4524", a bare EPSG number, WKT (1 or 2), PROJJSON or a proj string
    /// (`proj_create`); `+type=crs` is added to a proj string that lacks it.
    public init(_ text: String) throws {
        var def = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if !def.isEmpty, def.allSatisfy(\.isNumber) { def = "EPSG:" + def }
        if def.hasPrefix("+"), !def.contains("+type=crs") { def += " +type=crs" }
        try self.init(resolving: def, context: PROJContext())
    }

    /// EPSG code (`proj_create` with "EPSG:code").
    public init(epsg: Int) throws { try self.init("EPSG:\(epsg)") }

    init(resolving def: String, context ctx: PROJContext) throws {
        let pj = PJObject(try ctx.create(def), ctx)
        guard proj_is_crs(pj.handle) != 0 else {
            throw GeoKitError(.projection, "'\(CRS.abbreviated(def))' is not a coordinate reference system")
        }
        try self.init(pj: pj, originalDefinition: def)
    }

    init(pj: PJObject, originalDefinition: String) throws {
        let ctx = pj.context
        let type = proj_get_type(pj.handle)
        isGeographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS
        isProjected = type == PJ_TYPE_PROJECTED_CRS
        name = proj_get_name(pj.handle).map { String(cString: $0) } ?? "unnamed"

        var code: String?
        if let auth = proj_get_id_auth_name(pj.handle, 0), let c = proj_get_id_code(pj.handle, 0) {
            code = "\(String(cString: auth)):\(String(cString: c))"
        } else {
            code = Self.identify(pj)
        }
        authorityCode = code
        if let code, code.hasPrefix("EPSG:") {
            definition = code
        } else if let wkt = proj_as_wkt(ctx.handle, pj.handle, PJ_WKT2_2019, nil) {
            definition = String(cString: wkt)
        } else {
            definition = originalDefinition
        }

        var a = 0.0, invf = 0.0
        if let ell = proj_get_ellipsoid(ctx.handle, pj.handle) {
            var b = 0.0, computed: Int32 = 0
            proj_ellipsoid_get_parameters(ctx.handle, ell, &a, &b, &computed, &invf)
            proj_destroy(ell)
        }
        semiMajorAxis = a
        inverseFlattening = invf

        var w = 0.0, s = 0.0, e = 0.0, n = 0.0
        if proj_get_area_of_use(ctx.handle, pj.handle, &w, &s, &e, &n, nil) != 0, w > -1000 {
            areaOfUse = Envelope(minX: w, minY: s, maxX: e, maxY: n)
        } else {
            areaOfUse = nil
        }
    }

    /// An EPSG code for a CRS without one, when PROJ is at least 90 % sure (`proj_identify`).
    private static func identify(_ pj: PJObject) -> String? {
        var confidence: UnsafeMutablePointer<Int32>?
        guard let list = proj_identify(pj.context.handle, pj.handle, "EPSG", nil, &confidence) else { return nil }
        defer {
            proj_list_destroy(list)
            if let confidence { proj_int_list_destroy(confidence) }
        }
        guard proj_list_get_count(list) > 0, let confidence, confidence[0] >= 90,
              let best = proj_list_get(pj.context.handle, list, 0) else { return nil }
        defer { proj_destroy(best) }
        guard let code = proj_get_id_code(best, 0) else { return nil }
        return "EPSG:" + String(cString: code)
    }

    /// "EPSG:4490 (China Geodetic Coordinate System 2000)" or the name alone.
    public var description: String {
        if let authorityCode { return "\(authorityCode) (\(name))" }
        return name
    }

    /// Whether this CRS is geographic on an ellipsoid that equals CGCS2000's to the millimetre
    /// (CGCS2000 itself, WGS 84, ETRS89 …: their semi-minor axes differ by 0.1 mm), so that geodesic
    /// areas need no datum transformation.
    public var isGeographicOnCGCS2000Ellipsoid: Bool {
        isGeographic && abs(semiMajorAxis - Ellipsoid.cgcs2000.semiMajorAxis) < 1e-3
            && abs(inverseFlattening - Ellipsoid.cgcs2000.inverseFlattening) < 1e-5
    }

    static func abbreviated(_ text: String) -> String {
        text.count > 60 ? String(text.prefix(57)) + "…" : text
    }

    /// CGCS2000 geographic (EPSG:4490): the national reference for areas.
    public static func cgcs2000() throws -> CRS { try CRS(epsg: 4490) }
}
