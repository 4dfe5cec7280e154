import Foundation
import Testing
@testable import GeoKit

@Suite struct VectorWriterTests {
    let fields = [FieldDefinition(name: "NAME", type: .string), FieldDefinition(name: "CODE", type: .integer64),
                  FieldDefinition(name: "AREA", type: .real)]

    func square(_ context: GeometryContext, x: Double) throws -> [UInt8] {
        try context.rectangle(Envelope(minX: x, minY: 29, maxX: x + 0.1, maxY: 29.1)).wkb
    }

    @Test(arguments: ["out.gpkg", "out.shp", "out.geojson", "out.fgb"])
    func roundTripKeepsChineseAndGeometry(name: String) throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(name).path
        let ctx = GeometryContext()
        let writer = try VectorWriter(path: path, layerName: "红线", crs: CRS("EPSG:4490"), geometryKind: .polygon,
                                      fields: fields, coordinatePrecision: 7)
        try writer.write(wkb: try square(ctx, x: 106.5), values: [.string("生态保护红线 甲"), .integer(500113), .real(1.5)])
        if name.hasSuffix(".fgb") {
            #expect(throws: GeoKitError.self) { try writer.write(wkb: nil, values: [.null, .null, .null]) }
            try writer.write(wkb: try square(ctx, x: 107), values: [.null, .null, .null])
        } else {
            try writer.write(wkb: nil, values: [.null, .null, .null])
        }
        try writer.commit()
        // Nothing but the output (and a shapefile's sidecars) is left in the folder.
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
        #expect(left.isEmpty)
        let layer = try VectorSource.open(path).layer()
        let features = try layer.readFeatures()
        #expect(features.count == 2)
        #expect(features[0].values[0] == .string("生态保护红线 甲"))
        #expect(features[0].values[1].doubleValue == 500113)
        let g = try Geometry(wkb: features[0].wkb!, context: ctx)
        #expect(abs(try g.planarArea() - 0.01) < 1e-9)
        if name.hasSuffix(".shp") {
            let cpg = try String(contentsOfFile: dir.appendingPathComponent("out.cpg").path, encoding: .utf8)
            #expect(cpg.trimmingCharacters(in: .whitespacesAndNewlines) == "UTF-8")
        }
    }

    @Test func uncommittedWriterLeavesNothing() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["a.geojson", "b.shp", "c.gpkg"] {
            let ctx = GeometryContext()
            let w = try VectorWriter(path: dir.appendingPathComponent(name).path, layerName: "x", crs: CRS("EPSG:4490"),
                                     geometryKind: .polygon, fields: fields)
            try w.write(wkb: try square(ctx, x: 106), values: [.string("a"), .integer(1), .real(1)])
            // dropped without commit(), as when a later step throws
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func geoJSONIsRFC7946() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("x.geojson").path
        let ctx = GeometryContext()
        // A clockwise shell, as shapefiles store them.
        let cw = try ctx.polygon(rings: [(xs: [106.123456789, 106.123456789, 106.2, 106.2], ys: [29.1, 29.2, 29.2, 29.1])])
        let w = try VectorWriter(path: path, layerName: "x", crs: CRS("EPSG:4490"), geometryKind: .polygon,
                                 fields: [], coordinatePrecision: 4)
        try w.write(wkb: cw.wkb, values: [])
        try w.commit()
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        #expect(json["crs"] == nil)
        let feature = (json["features"] as! [[String: Any]])[0]
        let ring = ((feature["geometry"] as! [String: Any])["coordinates"] as! [[[Double]]])[0]
        #expect(ring[0][0] == 106.1235)   // 4 decimals
        // Shoelace sign: positive means counter-clockwise.
        var twice = 0.0
        for i in 0..<(ring.count - 1) { twice += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] }
        #expect(twice > 0)
    }

    @Test func missingFolderIsAnOutputError() throws {
        #expect(throws: GeoKitError.self) {
            _ = try VectorWriter(path: "/nonexistent/dir/x.gpkg", layerName: "x", crs: nil, geometryKind: nil, fields: [])
        }
    }

    @Test func replacingAShapefileReplacesEveryPartInOneStep() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("x.shp").path
        let ctx = GeometryContext()
        let first = try VectorWriter(path: path, layerName: "x", crs: CRS("EPSG:4490"), geometryKind: .polygon, fields: fields)
        for x in [106.0, 106.2] { try first.write(wkb: try square(ctx, x: x), values: [.string("a"), .integer(1), .real(1)]) }
        try first.commit()
        // Another program's spatial index of the first file, and an upper-case projection file.
        try Data("index".utf8).write(to: dir.appendingPathComponent("x.qix"))
        try Data("PROJ".utf8).write(to: dir.appendingPathComponent("x.PRJ"))
        // The second has no CRS: the .prj of the first must not survive beside it.
        let second = try VectorWriter(path: path, layerName: "x", crs: nil, geometryKind: .polygon, fields: fields)
        try second.write(wkb: try square(ctx, x: 107), values: [.string("b"), .integer(2), .real(2)])
        try second.commit()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["x.cpg", "x.dbf", "x.shp", "x.shx"])
        let features = try VectorSource.open(path).layer().readFeatures()
        #expect(features.count == 1 && features[0].values[0] == .string("b"))
    }

    @Test func staleTemporariesOfDeadProcessesAreCleaned() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("out")
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let dead = gone.processIdentifier, alive = ProcessInfo.processInfo.processIdentifier
        for name in [".out.partial-\(dead)", ".out.partial-\(dead)-77.gpkg", ".out.partial-\(alive)", ".other.partial-\(dead)"] {
            try Data().write(to: dir.appendingPathComponent(name))
        }
        // A commit killed between its two renames: the earlier output aside, nothing in place.
        let backup = dir.appendingPathComponent(".out.old-\(dead)-5")
        try FileManager.default.createDirectory(at: backup.appendingPathComponent("out"), withIntermediateDirectories: true)
        try Data("earlier".utf8).write(to: backup.appendingPathComponent("out/run.json"))
        let handled = PartialOutputs.removeStale(beside: target)
        #expect(handled.sorted() == [".out.old-\(dead)-5", ".out.partial-\(dead)", ".out.partial-\(dead)-77.gpkg"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
                == [".other.partial-\(dead)", ".out.partial-\(alive)", "out"])
        #expect(try String(contentsOf: target.appendingPathComponent("run.json"), encoding: .utf8) == "earlier")
    }
}
