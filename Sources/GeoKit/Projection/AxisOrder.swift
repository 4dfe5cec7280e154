/// The order in which a source stores its two horizontal axes, when the user states it.
///
/// GeoKit works in (longitude, latitude) / (easting, northing) throughout. A source that holds
/// (latitude, longitude) — a GeoJSON written by hand, a CSV export — is read with `latLon`, which
/// exchanges x and y of every vertex on reading (`WKBCoordinates.swappingAxes`). `lonLat` accepts
/// the coordinates as they are and turns off the swapped-axes check of `CoordinateSanity`.
public enum AxisOrder: String, Sendable, Hashable, Codable, CaseIterable {
    case lonLat = "lon-lat"
    case latLon = "lat-lon"
}
