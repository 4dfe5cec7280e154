import Foundation
import GeoKit

/// A point in map units (metres of the Gauss–Krüger zone) or pixels.
struct MapPoint: Sendable, Equatable {
    var x: Double
    var y: Double
}

/// A rectangle in pixels, y down.
struct PixelRect: Sendable, Equatable {
    var x: Double, y: Double, width: Double, height: Double
    var maxX: Double { x + width }
    var maxY: Double { y + height }
    func intersects(_ o: PixelRect) -> Bool { x < o.maxX && o.x < maxX && y < o.maxY && o.y < maxY }
    func contains(_ o: PixelRect) -> Bool { o.x >= x && o.maxX <= maxX && o.y >= y && o.maxY <= maxY }
}

/// The projection of a map: lon/lat (CGCS2000, EPSG:4490) to the CGCS2000 3° Gauss–Krüger zone of
/// the frame's centre, in metres, then a uniform scale into the pixel viewport (north up, y down).
///
/// Outside the zones China's EPSG codes cover (73.5–136.5 °E) a transverse Mercator on the GRS80
/// ellipsoid centred on the frame stands in, so that the scale is still true.
final class MapProjection {
    let transformer: Transformer
    /// "CGCS2000 / 3-degree Gauss-Kruger zone 36 (EPSG:4524)" or the stand-in's description.
    let description: String
    let zone: GaussKrugerZone?
    /// Pixels per metre.
    private(set) var scale: Double = 1
    private var centre = MapPoint(x: 0, y: 0)
    private(set) var viewport = PixelRect(x: 0, y: 0, width: 1, height: 1)

    init(centreLongitude: Double, text: ReportText = ReportText(.zh)) throws {
        let source = try CRS.cgcs2000()
        if let zone = GaussKrugerZone(longitude: centreLongitude) {
            self.zone = zone
            transformer = try Transformer(from: source, to: try zone.crs())
            description = text(.projectionGK, zone.zone, Int(zone.centralMeridian), zone.epsg)
        } else {
            zone = nil
            let lon0 = Markup.decimal(centreLongitude, digits: 4)
            let target = try CRS("+proj=tmerc +lat_0=0 +lon_0=\(lon0) +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs")
            transformer = try Transformer(from: source, to: target)
            description = text(.projectionTM, lon0)
        }
    }

    /// Projects lon/lat arrays to metres, in place.
    func project(xs: inout [Double], ys: inout [Double]) throws {
        try transformer.transform(xs: &xs, ys: &ys)
    }

    /// The projected envelope of a lon/lat rectangle (its outline densified, since parallels and
    /// meridians curve in the projection).
    func projectedEnvelope(ofLonLat e: Envelope) throws -> Envelope {
        var xs: [Double] = [], ys: [Double] = []
        let n = 32
        for i in 0...n {
            let t = Double(i) / Double(n)
            let lon = e.minX + t * e.width, lat = e.minY + t * e.height
            xs += [lon, lon, e.minX, e.maxX]
            ys += [e.minY, e.maxY, lat, lat]
        }
        try project(xs: &xs, ys: &ys)
        return Envelope(minX: xs.min()!, minY: ys.min()!, maxX: xs.max()!, maxY: ys.max()!)
    }

    /// Fits the projected frame into the viewport, centred, leaving `margin` of the viewport free on
    /// each side. A degenerate frame (one point, one line) is widened to at least 1 km.
    func fit(frame: Envelope, into viewport: PixelRect, margin: Double = 0.03) {
        self.viewport = viewport
        let minimum = 1000.0
        var w = frame.width, h = frame.height
        if w <= 0 && h <= 0 { w = minimum; h = minimum }
        let usableW = viewport.width * (1 - 2 * margin), usableH = viewport.height * (1 - 2 * margin)
        let sx = w > 0 ? usableW / w : .infinity
        let sy = h > 0 ? usableH / h : .infinity
        scale = min(sx, sy)
        centre = MapPoint(x: frame.centerX, y: frame.centerY)
    }

    /// Metres to pixels.
    @inline(__always) func pixel(_ x: Double, _ y: Double) -> MapPoint {
        MapPoint(x: viewport.x + viewport.width / 2 + (x - centre.x) * scale,
                 y: viewport.y + viewport.height / 2 - (y - centre.y) * scale)
    }

    /// Degrees clockwise from grid north (up) to true north at a lon/lat point: the meridian
    /// convergence, zero on the central meridian.
    func trueNorthRotation(longitude: Double, latitude: Double) throws -> Double {
        var xs = [longitude, longitude], ys = [latitude, latitude + 0.01]
        try project(xs: &xs, ys: &ys)
        let dx = xs[1] - xs[0], dy = ys[1] - ys[0]
        return atan2(dx, dy) * 180 / .pi
    }
}
