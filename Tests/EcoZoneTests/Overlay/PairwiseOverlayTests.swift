import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// Overlays of hand-drawn rectangles (holes, a multipolygon, a touching edge, a square in a hole)
/// against areas known by construction (planar) and computed by pyproj (ellipsoidal):
/// scripts/reference/overlay_cases_pyproj.py describes the layout.
@Suite struct PairwiseOverlayTests {
    struct Reference: Decodable {
        struct Pair: Decodable { let planar: Double; let ellipsoidal: Double }
        let origin_epsg4524: [Double]
        let totals: [String: Pair]
        let pieces: [String: Pair]
    }

    static let reference: Reference = {
        let data = try! Data(contentsOf: TestPaths.fixture("overlay/cases.json"))
        return try! JSONDecoder().decode(Reference.self, from: data)
    }()

    /// Writes layers A and B in EPSG:4524 and prepares them in `analysis`.
    func layers(in dir: URL, analysis: String) throws -> (OverlayLayer, OverlayLayer) {
        let (x0, y0) = (Self.reference.origin_epsg4524[0], Self.reference.origin_epsg4524[1])
        let ctx = GeometryContext()
        func rect(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) -> (xs: [Double], ys: [Double]) {
            (xs: [x0 + x1, x0 + x2, x0 + x2, x0 + x1], ys: [y0 + y1, y0 + y1, y0 + y2, y0 + y2])
        }
        let a1 = try ctx.polygon(rings: [rect(0, 0, 1000, 1000), rect(200, 200, 400, 400)])
        let a2 = try ctx.collection([try ctx.polygon(rings: [rect(2000, 0, 2500, 500)]), try ctx.polygon(rings: [rect(3000, 0, 3500, 500)])],
                                    kind: .multiPolygon)
        let b = try [rect(500, -100, 2250, 600), rect(3500, 0, 4000, 500), rect(300, 300, 350, 350)].map { try ctx.polygon(rings: [$0]) }
        let fields = [FieldDefinition(name: "NAME", type: .string)]
        func write(_ name: String, _ geoms: [(String, Geometry)]) throws -> String {
            let path = dir.appendingPathComponent("\(name).gpkg").path
            let w = try VectorWriter(path: path, layerName: name, crs: CRS("EPSG:4524"), geometryKind: .multiPolygon, fields: fields)
            for (n, g) in geoms { try w.write(wkb: g.wkb, values: [.string(n)]) }
            try w.commit()
            return path
        }
        let pa = try write("A", [("A1", a1), ("A2", a2)])
        let pb = try write("B", [("B1", b[0]), ("B2", b[1]), ("B3", b[2])])
        let crs = try CRS(analysis)
        return (try OverlayLayer.prepare(try LoadedLayer.load(LayerRequest(source: pa)), analysisCRS: crs),
                try OverlayLayer.prepare(try LoadedLayer.load(LayerRequest(source: pb)), analysisCRS: crs))
    }

    func planarSum(_ pieces: [OverlayPiece]) throws -> Double {
        let ctx = GeometryContext()
        return try pieces.reduce(0) { $0 + (try Geometry(wkb: $1.wkb, context: ctx).planarArea()) }
    }

    @Test(arguments: OverlayHow.allCases)
    func everyHowMatchesConstructionInAProjectedCRS(how: OverlayHow) throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (a, b) = try layers(in: dir, analysis: "EPSG:4524")
        let result = try PairwiseOverlay.run(a, b, how: how)
        let expected = try #require(Self.reference.totals[how.rawValue])
        #expect(abs(try planarSum(result.pieces) - expected.planar) < 1e-6)
        let ellipsoidal = result.pieces.reduce(0) { $0 + $1.area }
        #expect(abs(ellipsoidal - expected.ellipsoidal) / expected.ellipsoidal < 1e-7)
        // Ellipsoidal, not planar: Gauss–Krüger enlarges by ~3.9e-4 this far from the CM.
        #expect(abs(ellipsoidal - expected.planar) / expected.planar > 3e-4)
        #expect(result.diagnostics.conservationBreaches.isEmpty)
        #expect(result.diagnostics.fallbacks.isEmpty)
    }

    @Test func piecesCarryTheirParents() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (a, b) = try layers(in: dir, analysis: "EPSG:4524")
        let inter = try PairwiseOverlay.run(a, b, how: .intersection)
        // A1∩B1 and A2∩B1 only: B2 merely touches A2, B3 sits in A1's hole.
        #expect(inter.pieces.map { [$0.a!, $0.b!] } == [[0, 0], [1, 0]])
        let ref = Self.reference.pieces
        #expect(abs(inter.pieces[0].area - ref["A1∩B1"]!.ellipsoidal) / ref["A1∩B1"]!.ellipsoidal < 1e-7)
        #expect(abs(inter.pieces[1].area - ref["A2∩B1"]!.ellipsoidal) / ref["A2∩B1"]!.ellipsoidal < 1e-7)
        let identity = try PairwiseOverlay.run(a, b, how: .identity)
        #expect(identity.pieces.filter { $0.b == nil }.map(\.a) == [0, 1])
        // Each feature of A is exactly the sum of its pieces (checked by the engine and here).
        for i in 0..<2 {
            let sum = identity.pieces.filter { $0.a == i }.reduce(0) { $0 + $1.area }
            #expect(abs(sum - a.features[i].area) / a.features[i].area < 1e-9)
        }
        #expect(abs(a.features[0].area - ref["A1"]!.ellipsoidal) / ref["A1"]!.ellipsoidal < 1e-7)
        let union = try PairwiseOverlay.run(a, b, how: .union)
        #expect(union.pieces.filter { $0.a == nil }.map(\.b) == [0, 1, 2])
    }

    @Test(arguments: OverlayHow.allCases)
    func lonLatAnalysisGivesTheSameEllipsoidalAreas(how: OverlayHow) throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (a, b) = try layers(in: dir, analysis: "EPSG:4490")
        let result = try PairwiseOverlay.run(a, b, how: how)
        let expected = try #require(Self.reference.totals[how.rawValue])
        // Straight Gauss–Krüger edges become slightly curved in lon/lat: 1e-6 covers the difference.
        #expect(abs(result.pieces.reduce(0) { $0 + $1.area } - expected.ellipsoidal) / expected.ellipsoidal < 1e-6)
        #expect(result.diagnostics.conservationBreaches.isEmpty)
    }

    @Test func forcedGridSizeStillGivesTheAreas() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (a, b) = try layers(in: dir, analysis: "EPSG:4524")
        // A 1 cm grid moves nothing: every corner is on whole metres.
        let result = try PairwiseOverlay.run(a, b, how: .identity, gridSize: 0.01)
        #expect(abs(try planarSum(result.pieces) - Self.reference.totals["identity"]!.planar) < 1e-6)
    }

    @Test func writesPiecesWithBothSidesAttributes() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (a, b) = try layers(in: dir, analysis: "EPSG:4524")
        let result = try PairwiseOverlay.run(a, b, how: .identity)
        let out = dir.appendingPathComponent("out.geojson").path
        try result.write(to: out)
        let back = try VectorSource.open(out).layer()
        // NAME exists on both sides: prefixed with the layers' names.
        #expect(back.fields.map(\.name) == ["A_NAME", "B_NAME", "a_fid", "b_fid", "area_km2"])
        let features = try back.readFeatures()
        #expect(features.count == result.pieces.count)
        #expect(features[0].values[0] == .string("A1") && features[0].values[1] == .string("B1"))
        #expect(features.last!.values[1] == .null)
    }
}
