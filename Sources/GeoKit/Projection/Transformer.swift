internal import CPROJ
import Foundation

/// Transforms coordinates between two CRSs with PROJ (`proj_create_crs_to_crs_from_pj`), axis order
/// normalised to (lon, lat) / (easting, northing) (`proj_normalize_for_visualization`).
///
/// Holds its own PROJ context, so it must stay on the thread that made it; make one per worker.
public final class Transformer {
    public let source: CRS
    public let target: CRS
    /// PROJ's description of the chosen operation, for reports ("Inverse of … + …").
    public let operation: String
    /// True when source and target are the same CRS and coordinates pass through untouched.
    public let isIdentity: Bool
    private let context: PROJContext
    private let pj: PJObject?

    public init(from source: CRS, to target: CRS) throws {
        self.source = source
        self.target = target
        let ctx = PROJContext()
        context = ctx
        if source.definition == target.definition {
            isIdentity = true
            pj = nil
            operation = "none (same CRS)"
            return
        }
        isIdentity = false
        let s = PJObject(try ctx.create(source.definition), ctx)
        let t = PJObject(try ctx.create(target.definition), ctx)
        guard let raw = proj_create_crs_to_crs_from_pj(ctx.handle, s.handle, t.handle, nil, nil) else {
            throw ctx.failure("no transformation from \(source) to \(target)")
        }
        let op = PJObject(raw, ctx)
        guard let norm = proj_normalize_for_visualization(ctx.handle, op.handle) else {
            throw ctx.failure("normalising axis order from \(source) to \(target)")
        }
        let normalised = PJObject(norm, ctx)
        pj = normalised
        let info = proj_pj_info(normalised.handle)
        operation = info.description.map { String(cString: $0) } ?? "\(source) → \(target)"
    }

    /// Transforms the points in place (`proj_trans_generic`). Throws on the first point PROJ cannot
    /// transform, naming it.
    public func transform(xs: inout [Double], ys: inout [Double]) throws {
        guard let pj else { return }
        precondition(xs.count == ys.count)
        let n = xs.count
        if n == 0 { return }
        proj_errno_reset(pj.handle)
        let stride = MemoryLayout<Double>.stride
        _ = xs.withUnsafeMutableBufferPointer { xb in
            ys.withUnsafeMutableBufferPointer { yb in
                proj_trans_generic(pj.handle, PJ_FWD, xb.baseAddress, stride, n, yb.baseAddress, stride, n, nil, 0, 0, nil, 0, 0)
            }
        }
        for i in 0..<n where !xs[i].isFinite || !ys[i].isFinite {
            let code = proj_errno(pj.handle)
            proj_errno_reset(pj.handle)
            let why = code != 0 ? String(cString: proj_context_errno_string(context.handle, code)) : "not transformable"
            throw GeoKitError(.projection, "point \(i + 1) cannot be transformed from \(source) to \(target): \(why)")
        }
    }

    /// Transforms one point.
    public func transform(x: Double, y: Double) throws -> (x: Double, y: Double) {
        var xs = [x], ys = [y]
        try transform(xs: &xs, ys: &ys)
        return (xs[0], ys[0])
    }

    /// Transforms every vertex of a geometry (`GEOSGeom_transformXY_r`), returning a new geometry in
    /// the same GEOS context.
    public func transform(_ geometry: Geometry) throws -> Geometry {
        guard let pj else { return try geometry.clone() }
        let transformed = geometry.transformedXY(failable: { x, y in
            let c = proj_trans(pj.handle, PJ_FWD, proj_coord(x, y, 0, 0))
            return c.xy.x.isFinite && c.xy.y.isFinite ? (c.xy.x, c.xy.y) : nil
        })
        guard let transformed else {
            throw GeoKitError(.projection, "a vertex cannot be transformed from \(source) to \(target)")
        }
        return transformed
    }
}
