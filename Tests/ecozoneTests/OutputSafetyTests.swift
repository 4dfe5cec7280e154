import Foundation
import Testing

/// What EcoZone guarantees about files (README, "What EcoZone guarantees about your files"), each
/// test a row of issue 11 reproduced on a copy of the Banan plan in a temporary folder: inputs are
/// never modified or replaced, an output folder is replaced only when EcoZone wrote it, an existing
/// file only with --overwrite, and a failed write exits 2 with the target as it was.
@Suite struct OutputSafetyTests {
    static let banan = CLI.repository.appendingPathComponent("fixtures/banan")

    /// A temporary folder holding a copy of the plan as `plan/`.
    static func planCopy() throws -> (dir: URL, plan: URL) {
        let dir = CLI.temporaryDirectory()
        let plan = dir.appendingPathComponent("plan")
        try FileManager.default.copyItem(at: banan, to: plan)
        return (dir, plan)
    }

    /// SHA-256 of every file under `folder` (coreutils' sha256sum), by relative path.
    static func digests(_ folder: URL) throws -> [String: String] {
        let files = FileManager.default.enumerator(atPath: folder.path)!.compactMap { $0 as? String }.filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        p.arguments = files
        p.currentDirectoryURL = folder
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            result[String(parts[1].drop { $0 == " " || $0 == "*" })] = String(parts[0])
        }
        #expect(result.count == files.count)
        return result
    }

    /// Runs the binary with files limited to `kilobytes` and SIGXFSZ ignored, as a full disk behaves:
    /// every write past the limit fails with EFBIG ("File too large").
    static func runWithFileLimit(_ kilobytes: Int, _ arguments: [String], in directory: URL) throws -> CLI.Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "trap '' XFSZ; ulimit -f \(kilobytes); exec \"$0\" \"$@\"", CLI.binary.path] + arguments
        p.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLI.Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func names(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    // MARK: folders

    @Test func runIntoTheProjectsFolderIsRefusedAndEveryInputKept() throws {
        let (dir, plan) = try Self.planCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = try Self.digests(plan)
        #expect(before["landuse.tif"] != nil && before["project.yaml"] != nil && before["towns.dbf"] != nil)
        let r = try CLI.run(["run", plan.appendingPathComponent("project.yaml").path, "--out", plan.path, "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains(plan.path) && r.stderr.contains("holds the input") && r.stderr.contains("choose another --out"))
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(try Self.digests(plan) == before)
        #expect(try Self.names(dir) == ["plan"])
    }

    @Test func runIntoTheCurrentFolderOrItsParentIsRefused() throws {
        let (dir, plan) = try Self.planCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "mine".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let before = try Self.digests(dir)
        for out in [".", "..", "./"] {
            let r = try CLI.run(["run", "project.yaml", "--out", out, "--quiet"], in: plan)
            #expect(r.status == 2, "--out \(out)")
            #expect(r.stderr.contains("current folder or a folder above it"), "\(r.stderr)")
        }
        // The parent named by its own path, from elsewhere: it holds the project.
        let r = try CLI.run(["run", plan.appendingPathComponent("project.yaml").path, "--out", dir.path, "--quiet"])
        #expect(r.status == 2 && r.stderr.contains("holds the input"))
        #expect(try Self.digests(dir) == before)
    }

    @Test func aFolderHoldingAUsersFileIsRefusedAndTheFileKept() throws {
        let (dir, plan) = try Self.planCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("results")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
        try "the user's own notes".write(to: out.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let project = plan.appendingPathComponent("project.yaml").path
        for arguments in [["run", project, "--out", out.path, "--quiet"],
                          ["corridors", project, "--out", out.path],
                          ["pattern", project, "--out", out.path],
                          ["connectivity", plan.appendingPathComponent("protected_areas.geojson").path, "--distance", "2000", "--out", out.path]] {
            let r = try CLI.run(arguments)
            #expect(r.status == 2, "\(arguments[0])")
            #expect(r.stderr.contains(out.path) && r.stderr.contains("EcoZone did not write"), "\(arguments[0]): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1)
        }
        #expect(try Self.names(out) == ["notes.txt"])
        #expect(try String(contentsOf: out.appendingPathComponent("notes.txt"), encoding: .utf8) == "the user's own notes")
        #expect(try Self.names(dir) == ["plan", "results"])
        // An EcoZone folder to which the user added a file is kept too.
        let earlier = dir.appendingPathComponent("earlier")
        let first = try CLI.run(["connectivity", plan.appendingPathComponent("protected_areas.geojson").path, "--distance", "2000",
                                 "--out", earlier.path])
        #expect(first.status == 0, "\(first.stderr)")
        try "mine".write(to: earlier.appendingPathComponent("mine.txt"), atomically: true, encoding: .utf8)
        let again = try CLI.run(["connectivity", plan.appendingPathComponent("protected_areas.geojson").path, "--distance", "500",
                                 "--out", earlier.path])
        #expect(again.status == 2 && again.stderr.contains("holds mine.txt, which EcoZone did not write"))
        #expect(FileManager.default.fileExists(atPath: earlier.appendingPathComponent("mine.txt").path))
    }

    @Test func connectivityIntoTheFolderHoldingItsInputIsRefused() throws {
        let (dir, plan) = try Self.planCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let nodes = dir.appendingPathComponent("nodes")
        try FileManager.default.createDirectory(at: nodes, withIntermediateDirectories: false)
        try FileManager.default.copyItem(at: plan.appendingPathComponent("protected_areas.geojson"),
                                         to: nodes.appendingPathComponent("connectivity_nodes.geojson"))
        let before = try Self.digests(nodes)
        let r = try CLI.run(["connectivity", nodes.appendingPathComponent("connectivity_nodes.geojson").path, "--distance", "2000",
                             "--out", nodes.path])
        #expect(r.status == 2 && r.stderr.contains("holds the input"))
        #expect(try Self.digests(nodes) == before)
    }

    @Test func anEcoZoneFolderOrAnEmptyOneIsReplaced() throws {
        let (dir, plan) = try Self.planCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let nodes = plan.appendingPathComponent("protected_areas.geojson").path
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
        let first = try CLI.run(["connectivity", nodes, "--distance", "2000", "--out", out.path])   // an empty folder
        #expect(first.status == 0, "\(first.stderr)")
        let csv = out.appendingPathComponent("connectivity_nodes.csv")
        let before = try String(contentsOf: csv, encoding: .utf8)
        // A viewer's cache beside a listed file does not make it the user's.
        try "<PAMDataset/>".write(to: out.appendingPathComponent("connectivity_nodes.geojson.aux.xml"), atomically: true, encoding: .utf8)
        let second = try CLI.run(["connectivity", nodes, "--distance", "100", "--out", out.path])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try String(contentsOf: csv, encoding: .utf8) != before)   // a different distance, other dPC
        #expect(try Self.names(out) == [".ecozone", "connectivity_nodes.csv", "connectivity_nodes.geojson"])
        #expect(try Self.names(dir) == ["out", "plan"])
    }

    @Test func aStalePartialFolderOfADeadRunIsCleanedAndALiveOneKept() throws {
        let (dir, plan) = try Self.planCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A process that has exited: its id names no running process (ids are not reused this soon).
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let dead = dir.appendingPathComponent(".out.partial-\(gone.processIdentifier)")
        try FileManager.default.createDirectory(at: dead.appendingPathComponent("tables"), withIntermediateDirectories: true)
        try "half".write(to: dead.appendingPathComponent("tables/a.csv"), atomically: true, encoding: .utf8)
        let alive = dir.appendingPathComponent(".out.partial-\(ProcessInfo.processInfo.processIdentifier)")   // this test process
        try FileManager.default.createDirectory(at: alive, withIntermediateDirectories: false)
        let r = try CLI.run(["connectivity", plan.appendingPathComponent("protected_areas.geojson").path, "--distance", "2000",
                             "--out", dir.appendingPathComponent("out").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.names(dir) == [alive.lastPathComponent, "out", "plan"])
    }

    // MARK: files

    @Test func exportOverAnInputOrAPartOfOneIsRefused() throws {
        let (dir, plan) = try Self.planCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = try Self.digests(plan)
        let cases: [[String]] = [
            ["export", "plan/boundary.shp", "--out", "plan/boundary.shx"],
            ["export", "plan/boundary.shp", "--out", "plan/boundary.shp", "--overwrite"],
            ["export", "plan/boundary.shp", "--out", "plan/BOUNDARY.SHP", "--overwrite"],
            ["export", "plan/erosion.shp", "--where", "GRADE='x'", "--out", "plan/erosion.SHP"],
            ["export", "plan/towns.shp", "--out", "plan/towns.dbf", "--overwrite"],
            ["export", "plan", "--layer", "towns", "--where", "1=0", "--out", "plan/towns.shp"],
            ["export", "plan/redline.gpkg", "--layer", "redline_2023", "--out", "plan/redline.gpkg", "--overwrite"],
            ["export", "plan/protected_areas.geojson", "--out", "plan/Protected_Areas.GeoJSON", "--overwrite"],
        ]
        for arguments in cases {
            let r = try CLI.run(arguments, in: dir)
            #expect(r.status == 2, "\(arguments)")
            #expect(r.stderr.contains("input") && r.stderr.contains("--out"), "\(arguments): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1)
        }
        // The same file reached through a hard link or a symbolic link.
        try FileManager.default.linkItem(atPath: plan.appendingPathComponent("boundary.dbf").path,
                                         toPath: dir.appendingPathComponent("hard.dbf").path)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link.geojson").path,
                                                   withDestinationPath: plan.appendingPathComponent("protected_areas.geojson").path)
        for (source, out) in [("plan/boundary.shp", "hard.shp"), ("plan/protected_areas.geojson", "link.geojson")] {
            let r = try CLI.run(["export", source, "--out", out, "--overwrite"], in: dir)
            #expect(r.status == 2 && r.stderr.contains("under another name"), "\(out): \(r.stderr)")
        }
        #expect(try Self.digests(plan) == before)
        #expect(try Self.names(dir) == ["hard.dbf", "link.geojson", "plan"])
    }

    @Test func overlayOverEitherInputIsRefused() throws {
        let (dir, plan) = try Self.planCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = try Self.digests(plan)
        for out in ["plan/protected_areas.geojson", "plan/redline.gpkg"] {
            for extra in [[], ["--overwrite"]] {
                let r = try CLI.run(["overlay", "plan/protected_areas.geojson", "plan/redline.gpkg", "--b-layer", "redline_2023",
                                     "--out", out] + extra, in: dir)
                #expect(r.status == 2, "\(out) \(extra)")
                #expect(r.stderr.contains("this is the input"), "\(r.stderr)")
            }
        }
        #expect(try Self.digests(plan) == before)
    }

    @Test func anExistingFileIsReplacedOnlyWithOverwrite() throws {
        let (dir, _) = try Self.planCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("boundary.geojson")
        try "the user's earlier file".write(to: out, atomically: true, encoding: .utf8)
        let refused = try CLI.run(["export", "plan/boundary.shp", "--out", "boundary.geojson"], in: dir)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("the file exists; add --overwrite to replace it"), "\(refused.stderr)")
        #expect(try String(contentsOf: out, encoding: .utf8) == "the user's earlier file")
        let replaced = try CLI.run(["export", "plan/boundary.shp", "--out", "boundary.geojson", "--overwrite"], in: dir)
        #expect(replaced.status == 0, "\(replaced.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any]
        #expect((json?["features"] as? [Any])?.count == 1)
        // A shapefile is replaced with every part: a stale spatial index of the earlier one goes too.
        let first = try CLI.run(["export", "plan/towns.shp", "--out", "towns.shp"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        try Data([0x51, 0x49, 0x58]).write(to: dir.appendingPathComponent("towns.qix"))
        let without = try CLI.run(["export", "plan/boundary.shp", "--out", "towns.shp"], in: dir)
        #expect(without.status == 2 && without.stderr.contains("the file exists"))
        // Only a part of a shapefile of that name is there: still an existing file.
        try Data([0x51, 0x49, 0x58]).write(to: dir.appendingPathComponent("other.qix"))
        let part = try CLI.run(["export", "plan/boundary.shp", "--out", "other.shp"], in: dir)
        #expect(part.status == 2 && part.stderr.contains("other.qix exists; add --overwrite"), "\(part.stderr)")
        try FileManager.default.removeItem(at: dir.appendingPathComponent("other.qix"))
        let second = try CLI.run(["export", "plan/boundary.shp", "--out", "towns.shp", "--overwrite"], in: dir)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try Self.names(dir) == ["boundary.geojson", "plan", "towns.cpg", "towns.dbf", "towns.prj", "towns.shp", "towns.shx"])
        let back = try CLI.run(["inspect", dir.appendingPathComponent("towns.shp").path, "--json"])
        let layer = ((try JSONSerialization.jsonObject(with: Data(back.stdout.utf8)) as! [String: Any])["layers"] as! [[String: Any]])[0]
        #expect(layer["features"] as? Int == 1)   // the boundary's one feature, not the towns'
    }

    @Test func claimsDraftKeepsItsRules() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = dir.appendingPathComponent("plan.txt")
        try FileManager.default.copyItem(atPath: ClaimsCommandTests.plan, toPath: plan.path)
        let text = try String(contentsOf: plan, encoding: .utf8)
        let out = dir.appendingPathComponent("claims.yaml")
        try "mine".write(to: out, atomically: true, encoding: .utf8)
        let kept = try CLI.run(["claims", "draft", "plan.txt", "--out", "claims.yaml"], in: dir)
        #expect(kept.status == 2 && kept.stderr.contains("exists"))
        #expect(try String(contentsOf: out, encoding: .utf8) == "mine")
        let replaced = try CLI.run(["claims", "draft", "plan.txt", "--out", "claims.yaml", "--overwrite"], in: dir)
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(try String(contentsOf: out, encoding: .utf8).contains("1823"))
        let input = try CLI.run(["claims", "draft", "plan.txt", "--out", "plan.txt", "--overwrite"], in: dir)
        #expect(input.status == 2 && input.stderr.contains("this is the input"))
        #expect(try String(contentsOf: plan, encoding: .utf8) == text)
        #expect(try Self.names(dir) == ["claims.yaml", "plan.txt"])
    }

    @Test func exportToAFolderLeavesNothingAndSaysWhy() throws {
        let (dir, _) = try Self.planCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("dir.shp"), withIntermediateDirectories: false)
        let r = try CLI.run(["export", "plan/boundary.shp", "--out", "dir.shp", "--overwrite"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("dir.shp: this is a folder"), "\(r.stderr)")
        #expect(try Self.names(dir) == ["dir.shp", "plan"])
        #expect(try Self.names(dir.appendingPathComponent("dir.shp")).isEmpty)
    }

    // MARK: failed writes

    @Test(.enabled(if: !FuzzReplay.threadSanitized, "ulimit -f makes the TSan runtime fault (FuzzReplay.threadSanitized)"))
    func aFailedWriteLeavesTheTargetAsItWas() throws {
        let (dir, _) = try Self.planCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Good outputs first, without a limit (erosion: 295 features, 520 KB of GeoJSON, 330 KB of FlatGeobuf).
        for out in ["erosion.geojson", "erosion.fgb", "erosion.gpkg", "erosion.shp"] {
            let r = try CLI.run(["export", "plan/erosion.shp", "--out", out], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let overlay = ["overlay", "plan/erosion.shp", "plan/zones.shp", "--out", "pieces.geojson"]
        #expect(try CLI.run(overlay, in: dir).status == 0)
        // Earlier EcoZone folders (a quick connectivity run makes each) that the commands may replace.
        for name in ["run", "pattern", "connectivity"] {
            let r = try CLI.run(["connectivity", "plan/protected_areas.geojson", "--distance", "2000", "--out", name], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let folders: [[String]] = [
            ["run", "plan/project.yaml", "--out", "run", "--no-corridors", "--quiet"],
            ["pattern", "plan/project.yaml", "--out", "pattern"],
            ["connectivity", "plan/protected_areas.geojson", "--distance", "500", "--out", "connectivity"],
        ]
        let names = try Self.names(dir)
        let before = try Self.digests(dir)
        // Then the same again with files limited to 4 KB: every one of them is larger.
        for arguments in [["export", "plan/erosion.shp", "--out", "erosion.geojson", "--overwrite"],
                          ["export", "plan/erosion.shp", "--out", "erosion.fgb", "--overwrite"],
                          ["export", "plan/erosion.shp", "--out", "erosion.gpkg", "--overwrite"],
                          ["export", "plan/erosion.shp", "--out", "erosion.shp", "--overwrite"],
                          overlay + ["--overwrite"]] + folders {
            let r = try Self.runWithFileLimit(4, arguments, in: dir)
            #expect(r.status == 2, "\(arguments): \(r.stdout)")
            #expect(r.stderr.split(separator: "\n").filter { $0.hasPrefix("ecozone:") }.count == 1, "\(arguments): \(r.stderr)")
            #expect(!r.stderr.contains("Success"), "\(r.stderr)")
        }
        #expect(try Self.names(dir) == names)   // no partial file or folder left
        #expect(try Self.digests(dir) == before)   // every target as it was
    }
}
