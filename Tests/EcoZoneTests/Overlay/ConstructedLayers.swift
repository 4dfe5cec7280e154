import Foundation
import GeoKit
@testable import EcoZone

/// Rectangles drawn in EPSG:4524 from zone 36's central meridian (108°E, 30°N) eastwards, where the
/// Gauss–Krüger scale factor is 1 + x²/2R² ≤ 1 + 1.1e-7 within 3 km: ellipsoidal areas equal the
/// planar areas of the construction to 3e-7, so expected values can be written by hand.
struct ConstructedLayers {
    let dir = TestPaths.temporaryDirectory()
    let context = GeometryContext()
    let origin: (Double, Double)

    init() throws {
        let o = try Transformer(from: CRS("EPSG:4490"), to: CRS("EPSG:4524")).transform(x: 108, y: 30)
        origin = (o.x.rounded(), o.y.rounded())
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }

    /// A rectangle with a vertex every 50 m along its edges, so that two rectangles sharing part of
    /// an edge share its vertices too (all test coordinates are multiples of 50): after transformation
    /// to lon/lat both then hold the very same edge, and no sliver separates them.
    func rect(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) throws -> Geometry {
        var xs: [Double] = [], ys: [Double] = []
        func run(_ fromX: Double, _ fromY: Double, _ toX: Double, _ toY: Double) {
            let n = Int((max(abs(toX - fromX), abs(toY - fromY)) / 50).rounded())
            for k in 0..<n {
                xs.append(origin.0 + fromX + (toX - fromX) * Double(k) / Double(n))
                ys.append(origin.1 + fromY + (toY - fromY) * Double(k) / Double(n))
            }
        }
        run(x1, y1, x2, y1); run(x2, y1, x2, y2); run(x2, y2, x1, y2); run(x1, y2, x1, y1)
        return try context.polygon(rings: [(xs: xs, ys: ys)])
    }

    /// Writes a layer of named (and classed) polygons and prepares it for overlay in EPSG:4490.
    func layer(_ name: String, _ features: [(String, String, Geometry)]) throws -> OverlayLayer {
        let path = dir.appendingPathComponent("\(name).gpkg").path
        let w = try VectorWriter(path: path, layerName: name, crs: CRS("EPSG:4524"), geometryKind: .multiPolygon,
                                 fields: [FieldDefinition(name: "NAME", type: .string), FieldDefinition(name: "TYPE", type: .string)])
        for (n, t, g) in features { try w.write(wkb: g.wkb, values: [.string(n), .string(t)]) }
        try w.commit()
        return try OverlayLayer.prepare(try LoadedLayer.load(LayerRequest(source: path)), name: name, analysisCRS: CRS("EPSG:4490"))
    }
}

/// |a − b| / b < 3e-7, the agreement the construction allows.
func close(_ a: Double, _ b: Double, _ tolerance: Double = 3e-7) -> Bool { abs(a - b) <= tolerance * abs(b) }
/// An area against a number of km² (the unit the overlay's tables report in).
func close(_ a: Area, _ b: Double, _ tolerance: Double = 3e-7) -> Bool { close(a.squareKilometres, b, tolerance) }
