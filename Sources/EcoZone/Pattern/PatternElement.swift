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
    /// Parts of more than one dimension: features of one name from sources of mixed geometry
    /// (a ridge drawn as a polygon and a river as a line under one 廊).
    case mixed
}

/// One element of the security pattern: every feature of a group's sources that carries the same name
/// (a river split into reaches is one belt), or one feature when the sources name none.
///
/// Geometries are `Sendable` WKB: `geographic` in CGCS2000 lon/lat (for areas, lengths, output) and
/// `projected` / `footprint` in the Gauss–Krüger zone of the data (metres, for buffers and distances).
public struct PatternElement: Sendable {
    /// Unique across the pattern: "KEY:NAME", e.g. "barriers:铜锣山", "屏:八河".
    public var id: String
    public var role: PatternRole
    public var name: String
    /// The source features merged into this element.
    public var fids: [Int64]
    public var shape: ElementShape
    /// Ellipsoidal area on CGCS2000 of the polygonal parts, m² (nil without any).
    public var area: Double?
    /// Geodesic length on CGCS2000 of the lineal parts, m (nil without any).
    public var length: Double?
    /// Metres each side line and point parts were buffered by to make the footprint (the element's
    /// `width`, else its kind's: ``PatternSettings/width(for:)``); 0 for a polygon element.
    public var bufferWidth: Double
    /// Ellipsoidal area of the footprint, m²: the polygons, and the buffered lines and points.
    public var footprintArea: Double
    /// WKB, CGCS2000 lon/lat (EPSG:4490).
    public var geographic: [UInt8]
    /// WKB, Gauss–Krüger metres, as drawn.
    public var projected: [UInt8]
    /// WKB, Gauss–Krüger metres: what the graph links and ranking weighs (lines and points buffered by their width).
    public var footprint: [UInt8]
    /// A point on the element (GEOS point-on-surface), where graph edges are drawn from.
    public var point: LonLat
}
