import Foundation
import Testing

/// `tabulate --by … --shard i/N` and `merge` (issue 20): the merged parts print the unsplit table byte for
/// byte, for every split, on the Banan data set.
@Suite struct ShardMergeCommandTests {
    static let project = CLI.repository.appendingPathComponent("fixtures/banan/project.yaml").path

    func parts(_ by: [String], count: Int, tile: String, in dir: URL) throws -> [String] {
        try (1...count).map { i in
            let r = try CLI.run(["tabulate", Self.project] + by + ["--shard", "\(i)/\(count)", "--shard-tile", tile])
            #expect(r.status == 0, "\(r.stderr)")
            let path = dir.appendingPathComponent("part-\(i)-of-\(count).json").path
            try Data(r.stdout.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
    }

    @Test("Every tabulation of the project, split 1, 2, 3 and 7 ways: text and JSON identical to the unsplit run",
          arguments: [["soil-erosion:grade", "restoration-zones:name", "towns:name"], ["rocky-desertification:grade", "restoration-zones:name"],
                      ["red-line", "soil-erosion:grade"], ["restoration-zones:name", "towns:name"]])
    func mergedEqualsWhole(_ dims: [String]) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecozone-shards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let by = dims.flatMap { ["--by", $0] }
        let text = try CLI.run(["tabulate", Self.project] + by), json = try CLI.run(["tabulate", Self.project] + by + ["--json"])
        #expect(text.status == 0 && json.status == 0)
        for (count, tile) in [(1, "0.1"), (2, "0.02"), (3, "0.05"), (7, "0.01")] {
            let files = try parts(by, count: count, tile: tile, in: dir)
            let merged = try CLI.run(["merge"] + files.reversed())
            #expect(merged.status == 0, "\(merged.stderr)")
            #expect(merged.stdout == text.stdout, "\(dims) in \(count) shards: text differs")
            let mergedJSON = try CLI.run(["merge", "--json"] + files)
            #expect(mergedJSON.stdout == json.stdout, "\(dims) in \(count) shards: JSON differs")
            // Each feature in exactly one shard: the pieces add up to the unsplit run's.
            let pieces = try files.map { f -> Int in
                let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: f))) as! [String: Any]
                return (doc["rows"] as! [[String: Any]]).reduce(0) { $0 + ($1["pieces"] as! Int) }
            }.reduce(0, +)
            let whole = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
            #expect(pieces == (whole["rows"] as! [[String: Any]]).reduce(0) { $0 + ($1["pieces"] as! Int) })
        }
    }

    @Test("A missing, repeated or foreign part is refused with the file named, exit code 2")
    func refusals() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecozone-shards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let by = ["--by", "restoration-zones:name", "--by", "towns:name"]
        let three = try parts(by, count: 3, tile: "0.05", in: dir)
        let missing = try CLI.run(["merge", three[0], three[2]])
        #expect(missing.status == 2 && missing.stderr.contains("shard 2/3 is missing"), "\(missing.stderr)")
        let twice = try CLI.run(["merge", three[0], three[1], three[2], three[1]])
        #expect(twice.status == 2 && twice.stderr.contains("shard 2/3 is given twice"), "\(twice.stderr)")
        let other = try parts(["--by", "red-line", "--by", "soil-erosion:grade"], count: 3, tile: "0.05", in: dir.appendingPathComponent("x").creatingDirectory())
        let mixed = try CLI.run(["merge", three[0], three[1], other[2]])
        #expect(mixed.status == 2 && mixed.stderr.contains(other[2]), "\(mixed.stderr)")
        let bad = try CLI.run(["tabulate", Self.project, "--by", "towns:name", "--shard", "4/3"])
        #expect(bad.status == 2 && bad.stderr.contains("i/N with 1 ≤ i ≤ N"), "\(bad.stderr)")
    }
}

private extension URL {
    func creatingDirectory() throws -> URL {
        try FileManager.default.createDirectory(at: self, withIntermediateDirectories: true)
        return self
    }
}
