import Foundation
import Testing

/// `ecozone mspa` on a 150 × 180 window of the Banan land use (forest, class 1; 30 m in CGCS2000 3° GK
/// zone 36). The expected codes and counts are the scipy reference's (scripts/reference/mspa_scipy.py,
/// which cut the window and wrote Fixtures/mspa/banan_window.json).
@Suite struct MSPACommandTests {
    static let window = CLI.repository.appendingPathComponent("Tests/ecozoneTests/Fixtures/mspa/banan_window.tif").path
    struct Reference: Decodable { var foreground_cells: Int; var codes: [String: Int] }
    static let reference = try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: URL(fileURLWithPath:
        CLI.repository.appendingPathComponent("Tests/ecozoneTests/Fixtures/mspa/banan_window.json").path)))

    @Test func jsonFollowsTheContract() throws {
        let r = try CLI.run(["mspa", Self.window, "--foreground", "1", "--json"])
        try #require(r.status == 0, "\(r.stderr)")
        let j = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(j["unit"] as? String == "km2")
        let classes = j["classes"] as! [[String: Any]]
        #expect(classes.map { $0["name"] as! String } == ["core", "islet", "perforation", "edge", "loop", "bridge", "branch"])
        #expect(classes.map { $0["code"] as! Int } == [17, 9, 5, 3, 65, 33, 1])
        // Cells per class from the reference's codes (transition on: 35 counts as bridge, 67 as loop).
        let codes = Self.reference.codes
        func n(_ c: [Int]) -> Int { c.reduce(0) { $0 + (codes[String($1)] ?? 0) } }
        let expected = ["core": n([17, 117]), "islet": n([9, 109]), "perforation": n([5, 105]), "edge": n([3, 103]),
                        "loop": n([65, 67, 69, 165, 167, 169]), "bridge": n([33, 35, 37, 133, 135, 137]), "branch": n([1, 101])]
        for c in classes { #expect(c["cells"] as? Int == expected[c["name"] as! String], "\(c)") }
        let foreground = j["foreground_area"] as! Double
        let sum = classes.reduce(0.0) { $0 + ($1["area"] as! Double) }
        #expect(abs(sum - foreground) <= 1e-12 * foreground)
        #expect(abs(classes.reduce(0.0) { $0 + ($1["share"] as! Double) } - 1) < 1e-12)
        #expect(j["foreground_cells"] as? Int == Self.reference.foreground_cells)
        // 30 m Gauss–Krüger cells a few tens of km from the central meridian: 899.5–900 m² on the ground.
        let perCell = foreground * 1e6 / Double(Self.reference.foreground_cells)
        #expect(perCell > 899 && perCell < 900.1, "\(perCell)")
        let p = j["parameters"] as! [String: Any]
        #expect(p["edge_width"] as? Int == 1 && p["edge_width_m"] as? Double == 30 && p["connectivity"] as? Int == 8)
    }

    @Test func tableAndOutputFolder() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("mspa").path
        let r = try CLI.run(["mspa", Self.window, "--foreground", "1", "--out", out])
        try #require(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("edge width 1 cell (30.0 m"))
        #expect(r.stdout.contains("core") && r.stdout.contains("核心区") && r.stdout.contains("written to"))
        #expect(FileManager.default.fileExists(atPath: "\(out)/mspa.tif") && FileManager.default.fileExists(atPath: "\(out)/summary.json"))
        // Written again over its own output; refused over a folder it did not write.
        #expect(try CLI.run(["mspa", Self.window, "--foreground", "1", "--out", out]).status == 0)
        let foreign = dir.appendingPathComponent("foreign")
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: foreign.appendingPathComponent("notes.txt"))
        #expect(try CLI.run(["mspa", Self.window, "--foreground", "1", "--out", foreign.path]).status == 2)
    }

    @Test func badOptionsExitTwo() throws {
        for args in [["--foreground", "forest"], ["--foreground", "1", "--edge-width", "0"], ["--foreground", "1", "--connectivity", "6"]] {
            let r = try CLI.run(["mspa", Self.window] + args)
            #expect(r.status == 2 && !r.stderr.isEmpty, "\(args): \(r.stderr)")
        }
        let r = try CLI.run(["mspa", "/nonexistent/cover.tif", "--foreground", "1"])
        #expect(r.status == 2 && r.stderr.contains("/nonexistent/cover.tif"))
    }
}
