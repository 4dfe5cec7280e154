import Foundation
import Testing

/// Hostile and mistaken project, claims and plan-text files as a user meets them on the command line:
/// exit code 2 and one sentence naming the file and the line — never a signal, a hang or a pass on +∞.
@Suite struct ProjectFileCommandTests {
    static let banan = CLI.repository.appendingPathComponent("fixtures/banan")
    static var hasBanan: Bool { FileManager.default.fileExists(atPath: banan.appendingPathComponent("boundary.shp").path) }

    static func write(_ files: [String: String]) throws -> URL {
        let dir = CLI.temporaryDirectory()
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return dir
    }

    /// Runs `arguments` in a folder holding `files`; expects exit 2 and one line on stderr containing `expected`.
    static func expectRefusal(_ files: [String: String], _ arguments: [String], _ expected: String,
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        let dir = try write(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(arguments, in: dir)
        #expect(r.status == 2, "\(arguments): exit \(r.status), \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.contains(expected), "\(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)", sourceLocation: sourceLocation)
    }

    static let layers = "layers:\n  boundary: { source: boundary.shp }\n"

    @Test(.timeLimit(.minutes(1))) func hostileProjectFiles() throws {
        var bomb = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for (p, n) in zip("abcdefgh", "bcdefghi") { bomb += "\(n): &\(n) [" + Array(repeating: "*\(p)", count: 9).joined(separator: ",") + "]\n" }
        let cases: [(String, String)] = [
            (bomb + Self.layers, "p.yaml: line 7: the project file expands to more than 1000000 YAML nodes"),
            (Self.layers + "x: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n",
             "p.yaml: line 3: the project file nests collections more than 64 deep"),
            ("layers:\n  boundary: { source: \":\" }\n", "p.yaml: line 2: layer 'boundary': 'source' names no file"),
            ("layers:\n  boundary: { source: a.shp }\n  boundary: { source: b.shp }\n",
             "p.yaml: line 3: the key 'boundary' is written twice in the same mapping (lines 2 and 3)"),
            (Self.layers + "pattern:\n  link-distance: inf\n", "p.yaml: line 4: pattern setting 'link-distance' must be a distance in metres"),
        ]
        for (project, expected) in cases {
            try Self.expectRefusal(["p.yaml": project], ["tabulate", "p.yaml", "--matrix"], expected)
        }
    }

    @Test(.timeLimit(.minutes(1))) func hostileClaimsFiles() throws {
        let digits400 = String(repeating: "9", count: 400)
        let cases: [(String, String)] = [
            ("claims:\n  - { id: a, layer: boundary, area: \(digits400) km2 }\n", "c.yaml: claim 'a' (line 2): '9999999999999999999999999999"),
            ("claims:\n  - id: b\n    layer: boundary\n    area: 1823 km2\n    tolerance: inf%\n",
             "c.yaml: claim 'b' (line 2): tolerance 'inf%' is not a finite number"),
            ("claims:\n  - id: a\n    text: " + String(repeating: "[", count: 10_000) + "\n", "c.yaml: line 3: the claims file nests collections more than 64 deep"),
        ]
        for (claims, expected) in cases {
            try Self.expectRefusal(["p.yaml": Self.layers, "c.yaml": claims], ["validate", "p.yaml", "c.yaml"], expected)
        }
    }

    /// `source: ../boundary.shp` in sub/p.yaml, the project named by a relative path from its parent:
    /// the boundary beside sub/ is read (it measures 1820.29 km², within 1 % of the stated 1823 km²,
    /// README), not /boundary.shp.
    @Test(.enabled(if: hasBanan)) func pathsAreRelativeToTheProjectFile() throws {
        let dir = try Self.write([
            "plan/sub/p.yaml": "claims: ../claims/c.yaml\nlayers:\n  boundary: { source: ../boundary.shp }\n",
            "plan/claims/c.yaml": "claims:\n  - { id: total, layer: boundary, area: 1823 km2, tolerance: 1% }\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
            try FileManager.default.copyItem(at: Self.banan.appendingPathComponent("boundary.\(ext)"),
                                             to: dir.appendingPathComponent("plan/boundary.\(ext)"))
        }
        // From the project's grandparent, its parent, and its own folder.
        for (folder, name) in [("", "plan/sub/p.yaml"), ("plan", "sub/p.yaml"), ("plan/sub", "p.yaml"), ("plan/claims", "../sub/./p.yaml")] {
            let r = try CLI.run(["validate", name], in: dir.appendingPathComponent(folder))
            #expect(r.status == 0, "\(folder) \(name): \(r.stderr)")
            #expect(r.stdout.contains("total") && r.stdout.contains("pass"), "\(r.stdout)")
        }
    }

    @Test(.timeLimit(.minutes(1))) func planTexts() throws {
        let dir = try Self.write(["digits.txt": String(repeating: "1234567890", count: 10_000) + "\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        // 100,000 digits: no figure, at once (the regex took minutes).
        let r = try CLI.run(["claims", "draft", "digits.txt", "--json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"claims\" : [\n\n  ]") || r.stdout.contains("\"claims\" : []"), "\(r.stdout)")
        // Over 16 MiB: refused from its size, before it is read.
        let big = dir.appendingPathComponent("big.txt")
        #expect(FileManager.default.createFile(atPath: big.path, contents: nil))
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: UInt64(16 << 20) + 1)   // sparse: no 16 MiB written
        try handle.close()
        let b = try CLI.run(["claims", "draft", "big.txt"], in: dir)
        #expect(b.status == 2)
        #expect(b.stderr.contains("big.txt: the plan's text holds 16777217 bytes; claims draft reads texts of at most 16777216 bytes"), "\(b.stderr)")
    }
}
