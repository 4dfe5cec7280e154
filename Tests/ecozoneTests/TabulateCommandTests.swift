import Foundation
import Testing

/// `tabulate` and `overlay` as a user runs them, on the Banan data set.
@Suite struct TabulateCommandTests {
    static let project = CLI.repository.appendingPathComponent("fixtures/banan/project.yaml").path

    func json(_ r: CLI.Result) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    }

    @Test func crossTabJSONFollowsTheContract() throws {
        let r = try CLI.run(["tabulate", Self.project, "--by", "soil-erosion:grade", "--by", "restoration-zones:name", "--json"])
        #expect(r.status == 0)
        let doc = try json(r)
        #expect(doc["method"] as? String == "ellipsoidal")
        #expect(doc["unit"] as? String == "km2")
        let rows = doc["rows"] as! [[String: Any]]
        #expect(rows.allSatisfy { $0["soil-erosion:grade"] is String && $0["restoration-zones:name"] is String && $0["area"] is Double })
        let sum = rows.reduce(0.0) { $0 + ($1["area"] as! Double) }
        #expect(abs(sum - (doc["total"] as! Double)) < 1e-9)
        // SOURCE.md and claims.yaml: 535.52 km² of erosion.
        #expect(abs((doc["total"] as! Double) - 535.52) < 0.01)
        #expect(Set(rows.map { $0["soil-erosion:grade"] as! String }) == ["轻度", "中度", "强烈", "极强烈", "剧烈"])
        // Rows in the national intensity order (SL 190-2007), not in text order (中度 剧烈 强烈 极强烈 轻度).
        var grades: [String] = []
        for g in rows.map({ $0["soil-erosion:grade"] as! String }) where grades.last != g { grades.append(g) }
        #expect(grades == ["轻度", "中度", "强烈", "极强烈", "剧烈"])
        let inputs = doc["inputs"] as! [[String: Any]]
        // The zones arrive in EPSG:4524 and are transformed to the analysis CRS: the report says so.
        let zones = inputs.first { $0["name"] as? String == "restoration-zones:name" }!
        #expect((zones["crs"] as! String).hasPrefix("EPSG:4524"))
        #expect(zones["transformation"] as? String != "none (same CRS)")
    }

    /// Where densifying along geodesics makes a polygon cross itself (an edge passing centimetres from
    /// a vertex of its own polygon: 21 Banan erosion polygons), the overlay keeps the faces the rings
    /// wind around positively. scripts/reference/geodesic_lobes_pyproj.py (pyproj densifying and
    /// measuring, its own winding numbers) gives, for erosion.shp: faces 535,520,048.823 m², signed
    /// geodesic area (what `area`, pyproj and ST_Area report) 535,519,968.754 m², every inside-out
    /// lobe counted positively (the structure repair used before) 535,520,128.830 m².
    @Test func overlayTotalIsThePositivelyWoundFaces() throws {
        let r = try CLI.run(["tabulate", Self.project, "--by", "soil-erosion:grade", "--by", "towns:name", "--json"])
        #expect(r.status == 0, Comment(rawValue: r.stderr))
        let total = (try json(r)["total"] as! Double) * 1e6
        #expect(abs(total - 535_520_048.823) <= 1e-9 * total, "\(total)")
        let area = try CLI.run(["area", CLI.repository.appendingPathComponent("fixtures/banan/erosion.shp").path, "--json"])
        let signed = (try json(area)["total"] as! Double) * 1e6
        #expect(abs(signed - 535_519_968.754) <= 1e-9 * signed)
        // The difference is the lobes, once each (80.07 m², 1.5e-7): before, twice.
        #expect(abs((total - signed) - 80.07) < 0.5)
    }

    @Test func matrixJSONIsSymmetric() throws {
        let r = try CLI.run(["tabulate", Self.project, "--matrix", "--json"])
        #expect(r.status == 0)
        let doc = try json(r)
        let layers = doc["layers"] as! [String]
        let m = doc["matrix"] as! [[Double]]
        #expect(layers.contains("red-line") && layers.contains("towns"))
        #expect(!layers.contains("belts"))   // line layers are not in the matrix
        for i in m.indices { for j in m.indices { #expect(m[i][j] == m[j][i]) } }
    }

    @Test func humanTablesAndCombinedJSON() throws {
        let r = try CLI.run(["tabulate", Self.project, "--by", "restoration-zones:name", "--by", "towns:name", "--conflicts"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("cross-tabulation restoration-zones:name × towns:name"))
        #expect(r.stdout.contains("铜锣山矿山生态修复工程"))
        let both = try json(try CLI.run(["tabulate", Self.project, "--by", "towns:name", "--conflicts", "--json"]))
        #expect(both["crosstab"] != nil && both["conflicts"] != nil)
    }

    @Test func unknownRoleOrFieldIsBadInput() throws {
        let r = try CLI.run(["tabulate", Self.project, "--by", "wetlands:name"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no layer with role 'wetlands'"))
        #expect(r.stderr.split(separator: "\n").count == 1)
        let f = try CLI.run(["tabulate", Self.project, "--by", "towns:nosuch"])
        #expect(f.status == 2)
        #expect(f.stderr.contains("no field named 'nosuch'"))
    }
}

@Suite struct OverlayCommandTests {
    @Test func identityWritesPiecesWithParentsAndReportsTheTransformation() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("pieces.gpkg").path
        let banan = CLI.repository.appendingPathComponent("fixtures/banan")
        let r = try CLI.run(["overlay", banan.appendingPathComponent("zones.shp").path, banan.appendingPathComponent("towns.shp").path,
                             "--how", "identity", "--out", out, "--json"])
        #expect(r.status == 0)
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let a = doc["a"] as! [String: Any]
        #expect((a["crs"] as! String).hasPrefix("EPSG:4524"))
        #expect(a["transformation"] as? String != "none (same CRS)")
        // Identity pieces of the zones add up to the zones.
        #expect(abs((doc["total"] as! Double) - (a["area"] as! Double)) < 1e-6)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["pieces.gpkg"])
    }

    @Test func rasterClassesCrossVectorZones() throws {
        // Fixtures/layers (scripts/reference/layers_pyproj_shapely.py): the numbers are checked in RasterLayerTests;
        // here the command's contract: the raster's key among the others, its method named, its classes in value order.
        let project = CLI.repository.appendingPathComponent("Tests/EcoZoneTests/Fixtures/layers/project.yaml").path
        let r = try CLI.run(["tabulate", project, "--by", "zones:name", "--by", "landcover:class", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(doc["dimensions"] as? [String] == ["zones:name", "landcover:class"])
        #expect((doc["raster"] as? [String: Any])?["layer"] as? String == "landcover")
        let rows = doc["rows"] as! [[String: Any]]
        #expect(rows.filter { $0["zones:name"] as? String == "乙" }.map { $0["landcover:class"] as! String }
                == ["林地", "草地", "耕地", "(nodata)", "(outside)"])
        let text = try CLI.run(["tabulate", project, "--by", "landcover:class", "--by", "zones:name"])
        #expect(text.status == 0 && text.stdout.contains("raster landcover: each cell counted with its exact coverage fraction"))
    }

    @Test func linesAreCutByPolygonsButCutNothing() throws {
        let banan = CLI.repository.appendingPathComponent("fixtures/banan")
        let rivers = banan.appendingPathComponent("rivers.shp").path, towns = banan.appendingPathComponent("towns.shp").path
        let r = try CLI.run(["overlay", rivers, towns, "--how", "identity", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(doc["unit"] as? String == "km" && (doc["a"] as! [String: Any])["shape"] as? String == "line")
        // The pieces inside the towns and outside them add up to the lines (geodesic, as `length` measures them), up to the
        // cut points: they lie on the segments as drawn in lon/lat, a hair off the geodesic between the segment's ends (1e-9 seen).
        let total = (doc["a"] as! [String: Any])["total"] as! Double
        #expect(abs((doc["in_both"] as! Double) + (doc["only_a"] as! Double) - total) < 1e-8 * total)
        // Polygons cut lines, not the other way round; and a union of lines with polygons is no layer.
        let b = try CLI.run(["overlay", towns, rivers])
        #expect(b.status == 2 && b.stderr.contains("give the line or point layer as A"), "\(b.stderr)")
        let u = try CLI.run(["overlay", rivers, towns, "--how", "union"])
        #expect(u.status == 2 && u.stderr.contains("would mix geometry types"), "\(u.stderr)")
    }
}
