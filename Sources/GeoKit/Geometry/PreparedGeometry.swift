internal import CGEOS

/// A geometry prepared for repeated predicate tests against it (`GEOSPrepare_r`): an indexed
/// boundary makes "is this small polygon inside that big zone?" cheap.
///
/// Keeps its base geometry alive (GEOS's prepared geometry refers to it without copying). Belongs
/// to one context and one thread, like every GEOS object.
public final class PreparedGeometry {
    public let base: Geometry
    let handle: OpaquePointer

    public init(_ base: Geometry) throws {
        guard let h = GEOSPrepare_r(base.ctx, base.handle) else { throw base.context.error("prepare") }
        self.base = base
        handle = h
    }

    deinit { GEOSPreparedGeom_destroy_r(base.ctx, handle) }

    private func test(_ other: Geometry, _ name: String, _ op: (OpaquePointer, OpaquePointer, OpaquePointer) -> CChar) throws -> Bool {
        precondition(other.context === base.context, "geometries from different GeometryContexts")
        switch op(base.ctx, handle, other.handle) {
        case 1: return true
        case 0: return false
        default: throw base.context.error(name)
        }
    }

    /// `GEOSPreparedIntersects_r`.
    public func intersects(_ other: Geometry) throws -> Bool { try test(other, "prepared intersects", GEOSPreparedIntersects_r) }
    /// `GEOSPreparedContains_r`.
    public func contains(_ other: Geometry) throws -> Bool { try test(other, "prepared contains", GEOSPreparedContains_r) }
    /// `GEOSPreparedContainsProperly_r`: `other` lies in the interior, touching no boundary.
    public func containsProperly(_ other: Geometry) throws -> Bool { try test(other, "prepared contains properly", GEOSPreparedContainsProperly_r) }
    /// `GEOSPreparedCovers_r`.
    public func covers(_ other: Geometry) throws -> Bool { try test(other, "prepared covers", GEOSPreparedCovers_r) }
}
