import GeoKit

/// A point in CGCS2000 longitude/latitude, degrees.
public struct LonLat: Sendable, Codable, Equatable {
    public var lon: Double
    public var lat: Double
    public init(lon: Double, lat: Double) { self.lon = lon; self.lat = lat }
}

/// The shape of an element's geometry.
public enum ElementShape: String, Sendable, Codable {
    case polygon, line, point
}

/// One element of the security pattern: every feature of a role's layer that carries the same name
/// (a river split into reaches is one belt), or one feature when the layer names none.
///
/// Geometries are `Sendable` WKB: `geographic` in CGCS2000 lon/lat (for areas, lengths, output) and
/// `projected` / `footprint` in the Gauss–Krüger zone of the data (metres, for buffers and distances).
public struct PatternElement: Sendable {
    /// Unique across the pattern: "role:name", e.g. "barriers:铜锣山".
    public var id: String
    public var role: PatternRole
    public var name: String
    /// The source features merged into this element.
    public var fids: [Int64]
    public var shape: ElementShape
    /// Ellipsoidal area on CGCS2000, m² (polygons; nil otherwise).
    public var area: Double?
    /// Geodesic length on CGCS2000, m (lines; nil otherwise).
    public var length: Double?
    /// Metres each side a line was buffered by to make its footprint (belt or corridor width); 0 for none.
    public var bufferWidth: Double
    /// Ellipsoidal area of the footprint, m²: the polygon itself, or the buffered line.
    public var footprintArea: Double
    /// WKB, CGCS2000 lon/lat (EPSG:4490).
    public var geographic: [UInt8]
    /// WKB, Gauss–Krüger metres, as drawn.
    public var projected: [UInt8]
    /// WKB, Gauss–Krüger metres: what the graph links (line belts buffered by the belt width).
    public var footprint: [UInt8]
    /// A point on the element (GEOS point-on-surface), where graph edges are drawn from.
    public var point: LonLat
}
