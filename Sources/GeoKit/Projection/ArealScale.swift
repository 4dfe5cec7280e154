internal import CPROJ
import Foundation

/// The areal scale factor s of a projected CRS at a point: the ratio of an infinitesimal area on
/// the map to the same area on the CRS's ellipsoid (`proj_factors`, `PJ_FACTORS.areal_scale`).
/// Ground area = map area / s. s = 1 for an equal-area projection (Albers, LAEA), s = k² for a
/// conformal one (Gauss–Krüger, UTM: k is the point scale factor).
///
/// A point is given in the CRS's own units (easting, northing); it is taken to the CRS's base
/// geographic CRS with PROJ (`proj_crs_get_geodetic_crs`, `proj_create_crs_to_crs_from_pj`, axis
/// order normalised) and the factors are evaluated there, as PROJ ≥ 8.2 allows for a projected CRS
/// (longitude and latitude in radians). The ellipsoid is the CRS's own (CGCS2000 for the Chinese
/// Gauss–Krüger CRSs; WGS 84 for UTM on WGS 84, whose areas differ from CGCS2000's by ~2e-11).
/// The CRS's axes are normalised to (easting, northing) first (`proj_normalize_for_visualization`), and
/// the factors are taken from its projection as a PROJ string operation (`proj_as_proj_string`).
///
/// Holds a PROJ context: keep it on the thread that made it.
public final class ArealScale {
    public let crs: CRS
    private let context: PROJContext
    private let projected: PJObject
    private let inverse: PJObject

    public init(_ crs: CRS) throws {
        guard crs.isProjected else {
            throw GeoKitError(.projection, "an areal scale factor needs a projected CRS; \(crs) is not one")
        }
        self.crs = crs
        let ctx = PROJContext()
        context = ctx
        let declared = PJObject(try ctx.create(crs.definition), ctx)
        // proj_factors on a CRS whose axes run (northing, easting), as EPSG:4524's do, returns
        // nonsense in PROJ 9.1 (s ≈ −1e14); on the same CRS with its axes normalised it is right.
        guard let normalised = proj_normalize_for_visualization(ctx.handle, declared.handle) else {
            throw ctx.failure("normalising the axis order of \(crs)")
        }
        let p = PJObject(normalised, ctx)
        // proj_factors on a CRS object rebuilds its operation on every call (4 ms each in PROJ 9.1);
        // on the same projection as a plain operation (its PROJ string) it takes 1 µs and gives the
        // same factors. CRSs PROJ cannot write as a string keep the slow path.
        if let text = proj_as_proj_string(ctx.handle, p.handle, PJ_PROJ_5, nil),
           let op = proj_create(ctx.handle, String(cString: text).replacingOccurrences(of: "+type=crs", with: "")) {
            projected = PJObject(op, ctx)
        } else {
            projected = p
        }
        guard let g = proj_crs_get_geodetic_crs(ctx.handle, p.handle) else {
            throw ctx.failure("the base geographic CRS of \(crs)")
        }
        let geographic = PJObject(g, ctx)
        guard let raw = proj_create_crs_to_crs_from_pj(ctx.handle, p.handle, geographic.handle, nil, nil) else {
            throw ctx.failure("no transformation from \(crs) to its base geographic CRS")
        }
        let op = PJObject(raw, ctx)
        guard let norm = proj_normalize_for_visualization(ctx.handle, op.handle) else {
            throw ctx.failure("normalising the axis order of \(crs)'s base geographic CRS")
        }
        inverse = PJObject(norm, ctx)
    }

    /// s at (x, y) in the CRS's units. Throws, naming the point, where PROJ cannot invert the
    /// projection or evaluate the factors (outside the projection's domain).
    public func factor(x: Double, y: Double) throws -> Double {
        proj_errno_reset(inverse.handle)
        let ll = proj_trans(inverse.handle, PJ_FWD, proj_coord(x, y, 0, 0))
        guard ll.lp.lam.isFinite, ll.lp.phi.isFinite else {
            throw GeoKitError(.projection, "(\(x), \(y)) in \(crs) has no longitude and latitude (outside the projection's domain)")
        }
        proj_errno_reset(projected.handle)
        let f = proj_factors(projected.handle, proj_coord(ll.xy.x * .pi / 180, ll.xy.y * .pi / 180, 0, 0))
        let s = f.areal_scale
        guard proj_errno(projected.handle) == 0, s.isFinite, s > 0 else {
            throw GeoKitError(.projection, "PROJ cannot evaluate the scale factors of \(crs) at (\(x), \(y)) (longitude \(ll.xy.x)°, latitude \(ll.xy.y)°)")
        }
        return s
    }
}
