import Foundation
import Testing

/// Progress of long steps on stderr (issue 16 item 4): plain lines when stderr is not a terminal, a bar
/// with percent and time left on a terminal, nothing with --quiet, and nothing for steps under 2 s.
/// `ECOZONE_PROGRESS_DELAY=0` (and `ECOZONE_PROGRESS_INTERVAL=0`) make a short run show what a long one would.
@Suite("Progress on stderr")
struct ProgressCommandTests {
    /// 100 squares of 1 ha on a 10 × 10 grid, 500 m apart (UTM 48N): connectivity's "paths from every
    /// node" step then reports after each block of 16 sources (7 updates).
    static func squares(in directory: URL) throws -> String {
        var features: [String] = []
        for i in 0..<100 {
            let x0 = Double(i % 10) * 600, y0 = Double(i / 10) * 600
            let x1 = x0 + 100, y1 = y0 + 100
            features.append("""
            {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[\(x0),\(y0)],[\(x1),\(y0)],[\(x1),\(y1)],[\(x0),\(y1)],[\(x0),\(y0)]]]}}
            """)
        }
        let text = """
        {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32648"}},
         "features":[\(features.joined(separator: ","))]}
        """
        let path = directory.appendingPathComponent("grid.geojson").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let immediate = ["ECOZONE_PROGRESS_DELAY": "0", "ECOZONE_PROGRESS_INTERVAL": "0"]

    @Test("Not a terminal: plain lines with percent, counts and time left, then 'done in'")
    func plainLines() throws {
        let path = try Self.squares(in: CLI.temporaryDirectory())
        let r = try CLI.run(["connectivity", path, "--distance", "700", "--json"], environment: Self.immediate)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n").filter { $0.hasPrefix("connectivity: paths from every node") }
        // Blocks of 16 sources: 16, 32, …, 96 of 100 (in the order workers finish), then the end.
        #expect(lines.contains { $0.contains("% (") && $0.contains(" of 100)") && $0.contains("left") }, "\(r.stderr)")
        #expect(lines.last?.contains("done in") == true, "\(r.stderr)")
        #expect(!r.stderr.contains("\r"), "no carriage returns in a log")
        // stdout stays the JSON alone.
        #expect((try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) != nil)
    }

    @Test("--quiet prints no progress, and a run under 2 s prints none either")
    func quietAndShort() throws {
        let path = try Self.squares(in: CLI.temporaryDirectory())
        let quiet = try CLI.run(["connectivity", path, "--distance", "700", "--json", "--quiet"], environment: Self.immediate)
        #expect(quiet.status == 0)
        #expect(!quiet.stderr.contains("connectivity:"), "\(quiet.stderr)")
        let short = try CLI.run(["connectivity", path, "--distance", "700", "--json"])
        #expect(short.status == 0)
        #expect(!short.stderr.contains("connectivity:"), "\(short.stderr)")
    }

    @Test("On a terminal (a pseudo-terminal from util-linux script): a bar redrawn in place with percent and time left")
    func terminalBar() throws {
        let script = URL(fileURLWithPath: "/usr/bin/script")
        guard FileManager.default.isExecutableFile(atPath: script.path) else { return }  // no pty helper here
        let path = try Self.squares(in: CLI.temporaryDirectory())
        let p = Process()
        p.executableURL = script
        let command = [CLI.binary.path, "connectivity", path, "--distance", "700", "--top", "1"]
            .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        p.arguments = ["-qec", command, "/dev/null"]
        p.environment = ProcessInfo.processInfo.environment.merging(Self.immediate) { $1 }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(text)")
        #expect(text.contains("\rconnectivity: paths from every node █"), "\(text)")
        #expect(text.contains("left"), "\(text)")
        // The bar is cleared before the results: the table follows a line of spaces ended by \r.
        #expect(text.contains("habitat node(s)"), "\(text)")
        #expect(!text.contains("done in"), "the terminal bar leaves no 'done' line")
    }
}

extension ProgressCommandTests {
    @Test("corridors: the cost-distance, circuit and barrier steps report how far they are; --quiet silences stderr",
          .enabled(if: CorridorsCommandTests.hasBanan))
    func corridors() throws {
        let project = CorridorsCommandTests.project
        let r = try CLI.run(["corridors", project, "--aggregate", "10", "--json"], environment: Self.immediate)
        #expect(r.status == 0, "\(r.stderr)")
        for step in ["cost distance", "circuit", "barriers"] {
            #expect(r.stderr.contains("corridors: \(step) done in"), "\(step): \(r.stderr)")
        }
        let quiet = try CLI.run(["corridors", project, "--aggregate", "10", "--json", "--quiet"], environment: Self.immediate)
        #expect(quiet.status == 0)
        #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
    }
}
