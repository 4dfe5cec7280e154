import Foundation
import Testing

/// `ecozone connectivity` run as a user runs it. Expected numbers come from hand derivations (the
/// three-square layer below) and from Makurhini's published TMVS example (docs/articles/PC_IIC.html).
@Suite("ecozone connectivity")
struct ConnectivityCommandTests {
    static let tmvs = CLI.real("connectivity-makurhini-tmvs/makurhini_tmvs.gpkg")

    /// Three 100 m × 100 m squares (1 ha each) in a row along x in UTM 48N, 1000 m apart edge to edge:
    /// A [0, 100], B [1100, 1200], C [2200, 2300]. Edge distances AB = BC = 1000, AC = 2100 (non-metric:
    /// 2100 > 1000 + 1000); centroid distances 1100, 1100, 2200.
    static func squares(in directory: URL) throws -> String {
        func square(_ name: String, _ x0: Double) -> String {
            let x1 = x0 + 100
            return """
            {"type":"Feature","properties":{"name":"\(name)"},"geometry":{"type":"Polygon","coordinates":[[[\(x0),0],[\(x1),0],[\(x1),100],[\(x0),100],[\(x0),0]]]}}
            """
        }
        let text = """
        {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32648"}},
         "features":[\(square("A", 0)),\(square("B", 1100)),\(square("C", 2200))]}
        """
        let path = directory.appendingPathComponent("squares.geojson").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func json(_ result: CLI.Result) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    static func perNode(_ object: [String: Any]) throws -> [String: [String: Any]] {
        let rows = try #require(object["per_node"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] as! String, $0) })
    }

    @Test("Edge distances on three squares: hand-derived IIC, PC and B's stepping-stone connector")
    func edgeDistancesByHand() throws {
        let dir = CLI.temporaryDirectory()
        let path = try Self.squares(in: dir)
        let r = try CLI.run(["connectivity", path, "--distance", "1500", "--node-distance", "edge", "--id", "name",
                             "--landscape-area", "10", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try Self.json(r)
        #expect(o["nodes"] as? Int == 3)
        // IIC (D = 1500, strict <): links AB, BC; nl_AC = 2. num = 3 + 2·2·(1/2) + 2·(1/3) = 17/3.
        let iicNum = 17.0 / 3
        #expect(abs((o["EC_IIC"] as! Double) - iicNum.squareRoot()) < 1e-12)
        #expect(abs((o["IIC"] as! Double) - iicNum / 100) < 1e-12)
        // PC: p = 2^(−d/1500); p_AB = p_BC = 2^(−2/3); p*_AC = 2^(−4/3) through B (direct 2^(−1.4) is smaller).
        let pAB = pow(2, -2.0 / 3), pAC = pow(2, -4.0 / 3), direct = pow(2, -2100.0 / 1500)
        let pcNum = 3 + 4 * pAB + 2 * pAC
        #expect(abs((o["PC"] as! Double) - pcNum / 100) < 1e-12)
        let nodes = try Self.perNode(o)
        let b = try #require(nodes["B"])
        #expect(abs((b["area_ha"] as! Double) - 1) < 1e-9)
        // Removing B leaves A, C with the direct link: num_−B = 2 + 2·2^(−1.4).
        #expect(abs((b["dPC"] as! Double) - 100 * (pcNum - (2 + 2 * direct)) / pcNum) < 1e-9)
        #expect(abs((b["dPC_connector"] as! Double) - 100 * 2 * (pAC - direct) / pcNum) < 1e-9)
        #expect(abs((b["dIIC"] as! Double) - 1100.0 / 17) < 1e-9)
        let a = try #require(nodes["A"])
        #expect(abs((a["dPC_connector"] as! Double)) < 1e-12)
        #expect(o["node_distance"] as? String == "edge")
    }

    @Test("--connector-floor 0.5 leaves A–C (p* = 2^(−4/3) ≈ 0.40) out of B's connector and states the bound")
    func connectorFloor() throws {
        let dir = CLI.temporaryDirectory()
        let path = try Self.squares(in: dir)
        let r = try CLI.run(["connectivity", path, "--distance", "1500", "--node-distance", "edge", "--id", "name",
                             "--connector-floor", "0.5", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try Self.json(r)
        let pAB = pow(2, -2.0 / 3), pAC = pow(2, -4.0 / 3)
        let pcNum = 3 + 4 * pAB + 2 * pAC
        // PC stays exact; B's only connector pair is A–C, below the floor, so its connector is 0.
        #expect(abs((o["EC_PC"] as! Double) - pcNum.squareRoot()) < 1e-12)
        let b = try #require(try Self.perNode(o)["B"])
        #expect(b["dPC_connector"] as? Double == 0)
        // Bound: ordered pairs AB, BA, BC, CB at min(0.5, 2^(−2/3)) = 0.5, AC and CA at 2^(−4/3).
        let bound = 100 * (4 * 0.5 + 2 * pAC) / pcNum
        #expect(abs((o["dPC_error_bound"] as! Double) - bound) < 1e-9)
        #expect((o["parameters"] as? [String: Any])?["connector_floor"] as? Double == 0.5)
        let text = try CLI.run(["connectivity", path, "--distance", "1500", "--node-distance", "edge", "--connector-floor", "0.5"])
        #expect(text.stdout.contains("connector floor 0.5"), "\(text.stdout)")
        let exact = try CLI.run(["connectivity", path, "--distance", "1500", "--node-distance", "edge", "--json"])
        #expect(try Self.json(exact)["dPC_error_bound"] as? Double == 0)
    }

    @Test("Centroid distances on the same squares are metric: every PC connector is 0")
    func centroidDistancesByHand() throws {
        let dir = CLI.temporaryDirectory()
        let r = try CLI.run(["connectivity", try Self.squares(in: dir), "--distance", "1500", "--id", "name", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try Self.json(r)
        let p1 = pow(2, -1100.0 / 1500), p2 = pow(2, -2200.0 / 1500)
        let pcNum = 3 + 4 * p1 + 2 * p2
        #expect(abs((o["EC_PC"] as! Double) - pcNum.squareRoot()) < 1e-12)
        #expect(o["PC"] is NSNull || o["PC"] == nil, "no A_L given: PC is not reported")
        for (_, row) in try Self.perNode(o) { #expect(abs(row["dPC_connector"] as! Double) < 1e-12) }
        #expect((o["point_on_surface_ids"] as? [String])?.isEmpty == true)
    }

    @Test("Makurhini TMVS: published PC, EC and Id 2's dPC with pij_min 0.01")
    func makurhiniTMVS() throws {
        let args = ["connectivity", Self.tmvs, "--layer", "habitat_nodes", "--distance", "10000", "--probability", "0.5",
                    "--landscape", Self.tmvs, "--landscape-layer", "TMVS_study_area", "--id", "Id", "--pij-min", "0.01"]
        let r = try CLI.run(args + ["--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try Self.json(r)
        #expect(o["nodes"] as? Int == 404)
        #expect(abs((o["PC"] as! Double) / 2.801041e-2 - 1) < 5e-7)
        #expect(abs((o["EC_PC"] as! Double) / 4.621521e5 - 1) < 5e-7)
        let nodes = try Self.perNode(o)
        #expect(nodes.count == 404)
        let two = try #require(nodes["2"])
        for key in ["id", "area_ha", "dIIC", "dPC", "dPC_intra", "dPC_flux", "dPC_connector"] { #expect(two[key] != nil, "\(key)") }
        #expect(abs((two["dPC"] as! Double) - 0.0061692) <= 0.6e-7)
        #expect(abs((two["dPC_connector"] as! Double) - 8.987064e-04) <= 5e-10)
        #expect((o["point_on_surface_ids"] as? [String])?.count == 52)
        #expect((o["repaired_fids"] as? [Int]) == [129])
    }

    @Test("The table lists nodes by decreasing dPC and says how many it leaves out")
    func tableSortedByDPC() throws {
        let dir = CLI.temporaryDirectory()
        let r = try CLI.run(["connectivity", try Self.squares(in: dir), "--distance", "1500", "--node-distance", "edge",
                             "--id", "name", "--top", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        // B, the stepping stone, has the largest dPC (hand derivation in edgeDistancesByHand); A and C are
        // mirror images.
        let rows = r.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let first = try #require(rows.first { $0.hasPrefix("1  ") })
        let second = try #require(rows.first { $0.hasPrefix("2  ") })
        #expect(first.split(separator: " ")[1] == "B")
        #expect(["A", "C"].contains(String(second.split(separator: " ")[1])))
        #expect(r.stdout.contains("1 more node(s)"))
        #expect(r.stdout.contains("edge to edge"))
    }

    @Test("--out writes RFC 7946 GeoJSON and a UTF-8 CSV with BOM, one row per node")
    func writesOutputs() throws {
        let dir = CLI.temporaryDirectory()
        let out = dir.appendingPathComponent("result").path
        let r = try CLI.run(["connectivity", try Self.squares(in: dir), "--distance", "1500", "--id", "name",
                             "--node-distance", "edge", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let csv = try Data(contentsOf: URL(fileURLWithPath: out + "/connectivity_nodes.csv"))
        #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let lines = String(decoding: csv.dropFirst(3), as: UTF8.self).split(separator: "\r\n")
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("id,area_ha,dIIC,dIIC_intra,dIIC_flux,dIIC_connector,dPC,dPC_intra,dPC_flux,dPC_connector"))
        let geo = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/connectivity_nodes.geojson"))) as? [String: Any])
        #expect(geo["type"] as? String == "FeatureCollection")
        #expect(geo["crs"] == nil)
        let features = try #require(geo["features"] as? [[String: Any]])
        #expect(features.count == 3)
        let props = try #require(features.first { ($0["properties"] as? [String: Any])?["id"] as? String == "B" }?["properties"] as? [String: Any])
        #expect(props["rank_dPC"] as? Int == 1)
        // UTM 48N easting 0 is 500 km west of the central meridian 105°E, on the equator: about 100.5°E, 0°N.
        let ring = try #require(((features[0]["geometry"] as? [String: Any])?["coordinates"] as? [[[Double]]])?.first)
        #expect(ring.allSatisfy { $0[0] > 100 && $0[0] < 102 && abs($0[1]) < 0.01 })
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.contains("partial") || $0.hasPrefix(".") }
        #expect(leftovers == [".ecozone"])   // the manifest that lets a later run replace the folder
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["result", "squares.geojson"])
    }

    @Test("Bad input: one sentence naming the file, layer and feature; exit code 2")
    func badInput() throws {
        let lines = CLI.real("rivers-china-1to4m/hyd2_4l_cq_gz.geojson")
        let r = try CLI.run(["connectivity", lines, "--distance", "1000"])
        #expect(r.status == 2)
        #expect(r.stderr.contains(lines) && r.stderr.contains("feature") && r.stderr.contains("not a polygon"))
        #expect(r.stderr.split(separator: "\n").count == 1)

        let missing = try CLI.run(["connectivity", "/nonexistent/nodes.gpkg", "--distance", "1000"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/nodes.gpkg"))

        let dir = CLI.temporaryDirectory()
        let squares = try Self.squares(in: dir)
        let both = try CLI.run(["connectivity", squares, "--distance", "1000", "--landscape-area", "10", "--landscape", squares])
        #expect(both.status == 2)
        let small = try CLI.run(["connectivity", squares, "--distance", "1000", "--landscape-area", "2"])
        #expect(small.status == 2)
        #expect(small.stderr.contains("squares.geojson") && small.stderr.contains("A_L"))
        let probability = try CLI.run(["connectivity", squares, "--distance", "1000", "--probability", "1.5"])
        #expect(probability.status == 2)
    }
}
