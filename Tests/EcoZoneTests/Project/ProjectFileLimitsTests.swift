import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// Hostile or mistaken project files: every one refused with a sentence naming the file and the line,
/// never a crash, a hang or a silent default.
@Suite struct ProjectFileLimitsTests {
    /// Loads `yaml` written as project.yaml in a fresh folder; the error's sentence, or nil when accepted.
    static func refusal(_ yaml: String) throws -> String? {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("project.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        do { _ = try Project.load(path); return nil } catch let e as GeoKitError {
            #expect(e.kind == .input && e.file == path)
            return e.message
        }
    }

    static let layers = "layers:\n  boundary: { source: boundary.shp }\n"

    @Test func sourcesThatNameNoFile() throws {
        for (source, line) in [("\":\"", 3), ("\"\"", 3), ("\"  \"", 3), ("\":x\"", 3)] {
            let m = try Self.refusal("layers:\n  towns: { source: towns.shp }\n  boundary: { source: \(source) }\n")
            #expect(m?.hasPrefix("line \(line): layer 'boundary': 'source' names no file") == true, "\(source): \(m ?? "accepted")")
        }
        #expect(try Self.refusal("layers:\n  boundary: \":\"\n")?.hasPrefix("line 2: layer 'boundary'") == true)
        #expect(try Self.refusal("layers:\n  boundary: { layer: x }\n")?.contains("layer 'boundary' has no 'source'") == true)
        #expect(try Self.refusal(Self.layers + "claims: \":\"\n")?.hasPrefix("line 3: 'claims' names no file") == true)
        #expect(try Self.refusal(Self.layers + "pattern:\n  resistance: \"\"\n")?.hasPrefix("line 4: pattern 'resistance' names no file") == true)
    }

    @Test func duplicateRolesNameBothLines() throws {
        let m = try Self.refusal("layers:\n  boundary: { source: a.shp }\n  towns: { source: t.shp }\n  boundary: { source: b.shp }\n")
        #expect(m == "line 4: the key 'boundary' is written twice in the same mapping (lines 2 and 4); remove one", "\(m ?? "accepted")")
    }

    @Test func numbersThatAreNotFiniteOrOutOfBounds() throws {
        let pattern = Self.layers + "pattern:\n  barriers: { source: ranges.shp, declared: 8 }\n"
        let cases: [(String, String)] = [
            ("  link-distance: inf\n", "line 5: pattern setting 'link-distance' must be a distance in metres, got 'inf'"),
            ("  link-distance: 1e400\n", "line 5: pattern setting 'link-distance' must be a distance from 0 to 1,000,000 m"),
            ("  belt-width: 5000 km\n", "line 5: pattern setting 'belt-width' must be a distance from 0 to 1,000,000 m"),
            ("  corridor-width: -1\n", "line 5: pattern setting 'corridor-width' must be a distance from 0"),
            ("  ranking-probability: nan\n", "line 5: pattern setting 'ranking-probability' must be strictly between 0 and 1"),
            ("  zone: 36.5\n", "line 5: pattern setting 'zone' must be a 3° Gauss–Krüger zone"),
            ("  breaks: { source: b.shp, width: .inf }\n", "line 5: pattern setting 'breaks.width' must be a distance in metres"),
            ("  breaks: { source: \":\" }\n", "line 5: pattern setting 'breaks' has no 'source' naming a file"),
            ("  resistance-table: { 1: 10, 2: inf }\n", "line 5: resistance-table: class 2 must map to a resistance above 0 and at most 1e12"),
            ("  resistance-table:\n    1: 10\n    2: 1e13\n", "line 7: resistance-table: class 2 must map"),
            ("  resistance-table: { forest: 10 }\n", "line 5: resistance-table: 'forest' is not a land-use class"),
            ("  resistance-table: { 99999999999: 10 }\n", "line 5: resistance-table: '99999999999' is not a land-use class"),
        ]
        for (setting, expected) in cases {
            let m = try Self.refusal(pattern + setting)
            #expect(m?.hasPrefix(expected) == true, "\(setting): \(m ?? "accepted")")
        }
        let classes = (0...65_536).map { "\($0): 1" }.joined(separator: ", ")
        #expect(try Self.refusal(pattern + "  resistance-table: { \(classes) }\n")?.hasPrefix("line 5: resistance-table: 65537 land-use classes; at most 65536") == true)
        let declared = try Self.refusal(Self.layers + "pattern:\n  belts: { source: rivers.shp, declared: 1e400 }\n")
        #expect(declared?.hasPrefix("line 4: layer 'belts': 'declared' must be a count of elements from 0 to 100000, got '1e400'") == true, "\(declared ?? "accepted")")
        #expect(try Self.refusal(Self.layers + "pattern:\n  belts: { source: rivers.shp, declared: 100001 }\n") != nil)
        #expect(try Self.refusal(Self.layers + "pattern:\n  belts: { source: rivers.shp, declared: 100000 }\n") == nil)
    }

    /// A 10,000-character label (found by scripts/fuzz) took minutes to read; labels are bounded at 200 characters.
    @Test(.timeLimit(.minutes(1))) func patternLabelsAreBoundedInLength() throws {
        let long = try Self.refusal(Self.layers + "pattern:\n  label: " + String(repeating: "巴", count: 10_000) + "\n")
        #expect(long == "line 4: pattern 'label' has 10000 characters; a label such as 两带四屏二十二廊多块 has at most 200", "\(long ?? "accepted")")
        #expect(try Self.refusal(Self.layers + "pattern:\n  label: " + String(repeating: "巴", count: 199) + "屏\n") == nil)
    }

    @Test func crossTabulationsAreBounded() throws {
        let nine = Array(repeating: "boundary", count: 9).joined(separator: ", ")
        #expect(try Self.refusal(Self.layers + "tabulate:\n  - [\(nine)]\n")?.hasPrefix("line 4: a cross-tabulation has 9 dimensions; at most 8") == true)
        let many = (0..<65).map { _ in "  - [boundary]\n" }.joined()
        #expect(try Self.refusal(Self.layers + "tabulate:\n" + many)?.hasPrefix("line 4: 'tabulate' lists 65 cross-tabulations") == true)
    }

    /// The issue's reproducers: an unused alias bomb and 10,000-deep nesting, refused in the project file.
    @Test(.timeLimit(.minutes(1))) func aliasBombAndDeepNesting() throws {
        var bomb = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for (p, n) in zip("abcdefgh", "bcdefghi") { bomb += "\(n): &\(n) [" + Array(repeating: "*\(p)", count: 9).joined(separator: ",") + "]\n" }
        #expect(try Self.refusal(bomb + Self.layers)?.contains("expands to more than 1000000 YAML nodes") == true)
        let deep = Self.layers + "x: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"
        #expect(try Self.refusal(deep)?.hasPrefix("line 3: the project file nests collections more than 64 deep") == true)
    }

    @Test func sharedSettingsThroughAnchorsStillWork() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("project.yaml").path
        try """
        gbk: &gbk { encoding: CP936, crs: EPSG:4524 }
        layers:
          towns: { <<: *gbk, source: towns.shp, name: NAME }
          zones: { <<: *gbk, source: zones.shp, encoding: UTF-8 }
        pattern:
          belts: { source: rivers.shp, names: [长江, 花溪河] }
          link-distance: 2 km
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let p = try Project.load(path)
        let towns = try #require(p.layer(.towns)?.sources.first)
        #expect(towns.encoding == "CP936" && towns.assumedCRS == "EPSG:4524" && p.layer(.towns)?.line == 3)
        #expect(p.layer("zones")?.sources.first?.encoding == "UTF-8")
        #expect(p.pattern?.elements.first?.names == ["长江", "花溪河"])
        #expect(p.pattern?.settings.linkDistance == 2000)
    }
}
