import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// The bounded YAML front end of project and claims files: nodes with their lines, and every hostile
/// shape refused with a sentence naming the file and the line, without building what it describes.
@Suite struct YAMLDocumentTests {
    static func parse(_ text: String, limits: YAMLDocument.Limits = .standard) throws -> YAMLDocument {
        try YAMLDocument.parse(text, path: "p.yaml", kind: "project file", limits: limits)
    }

    /// The error's sentence, or nil when the text was accepted.
    static func refusal(_ text: String, limits: YAMLDocument.Limits = .standard) -> String? {
        do { _ = try parse(text, limits: limits); return nil } catch { return String(describing: error) }
    }

    @Test func nodesKeepTheirLinesAndText() throws {
        let doc = try Self.parse("""
        name: 巴南
        layers:
          towns: { source: towns.shp, name: NAME }
          belts:
            - 长江
            - "0.50"
        empty:
        tilde: ~
        """)
        let root = try #require(doc.root)
        #expect(root.pairs?.map(\.name) == ["name", "layers", "empty", "tilde"])
        let towns = try #require(root["layers"]?["towns"])
        #expect(towns.line == 3 && towns["name"]?.text == "NAME" && towns["name"]?.line == 3)
        let belts = try #require(root["layers"]?["belts"]?.items)
        #expect(belts.map(\.text) == ["长江", "0.50"] && belts.map(\.line) == [5, 6])   // "0.50" kept as written
        #expect(root["empty"]?.isNull == true && root["empty"]?.text == nil && root["tilde"]?.isNull == true)
        #expect(root["layers"]?["belts"]?.flowText == "[长江, 0.50]")
    }

    @Test func duplicateKeysAnywhereNameBothLines() {
        let top = Self.refusal("boundary: a\nlayers: {}\nboundary: b\n")
        #expect(top?.contains("p.yaml: line 3: the key 'boundary' is written twice in the same mapping (lines 1 and 3)") == true, "\(top ?? "accepted")")
        let nested = Self.refusal("layers:\n  towns:\n    source: a.shp\n    name: A\n    source: b.shp\n")
        #expect(nested?.contains("line 5") == true && nested?.contains("(lines 3 and 5)") == true, "\(nested ?? "accepted")")
        let flow = Self.refusal("layers: { a: 1, b: 2, a: 3 }")
        #expect(flow?.contains("'a' is written twice") == true)
        // The same key in two different mappings is no duplicate.
        #expect(Self.refusal("a: { x: 1 }\nb: { x: 2 }\n") == nil)
    }

    /// Nine anchors, each repeating the one before nine times: 9⁹ ≈ 3.9e8 strings once expanded (the
    /// issue's 3.8 GB). Refused at the first alias past a million nodes, even though nothing uses them.
    @Test(.timeLimit(.minutes(1))) func aliasBombIsRefusedBeforeItExpands() {
        var text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
        }
        text += "layers:\n  boundary: { source: boundary.shp }\n"
        let message = Self.refusal(text)
        // Sizes by hand: a = 10 nodes, b = 1 + 9·10 = 91, c = 820, d = 7381, e = 66430, f = 597871;
        // the running total passes 1,000,000 within g's aliases, on line 7.
        #expect(message?.contains("p.yaml: line 7: the project file expands to more than 1000000 YAML nodes") == true, "\(message ?? "accepted")")
    }

    @Test func aliasesAndMergesWithinTheLimitWork() throws {
        let doc = try Self.parse("""
        defaults: &gbk { encoding: CP936, crs: EPSG:4490 }
        layers:
          towns: { <<: *gbk, source: towns.shp, crs: EPSG:4524 }
          zones: { <<: [*gbk, { name: NAME }], source: zones.shp }
        names: &rivers [长江, 花溪河]
        again: *rivers
        """)
        let towns = try #require(doc.root?["layers"]?["towns"])
        // The mapping's own keys first, then what it merges and does not set itself.
        #expect(towns.pairs?.map(\.name) == ["source", "crs", "encoding"])
        #expect(towns["crs"]?.text == "EPSG:4524" && towns["encoding"]?.text == "CP936")
        #expect(doc.root?["layers"]?["zones"]?.pairs?.map(\.name) == ["source", "encoding", "crs", "name"])
        #expect(doc.root?["again"]?.items?.map(\.text) == ["长江", "花溪河"])
        #expect(doc.root?["again"]?.line == 6)   // an alias is placed where it is written
        // Aliases count at full size: the mapping 1, key x 1, [1, 2] 3, key y 1, y's list 1, four aliases 4 × 3 = 19.
        let list = "x: &x [1, 2]\ny: [*x, *x, *x, *x]\n"
        #expect(Self.refusal(list, limits: .init(nodes: 19)) == nil)
        #expect(Self.refusal(list, limits: .init(nodes: 18))?.contains("more than 18 YAML nodes") == true)
    }

    @Test func unknownAndSelfReferringAliasesAreRefused() {
        #expect(Self.refusal("a: *nowhere")?.contains("alias '*nowhere' names no anchor") == true)
        #expect(Self.refusal("a: &a [1, *a]")?.contains("alias '*a' names no anchor") == true)
        #expect(Self.refusal("a: { <<: 3 }")?.contains("'<<' merges a mapping") == true)
    }

    /// 10,000 nested flow sequences, flow mappings, and block sequences: refused at level 65 (the
    /// issue's SIGSEGV came from recursing into them). 64 levels by construction are accepted.
    @Test(.timeLimit(.minutes(1))) func deepNestingIsRefusedAtTheLimit() {
        let n = 10_000
        let cases = [
            "x: " + String(repeating: "[", count: n) + String(repeating: "]", count: n),
            "x: " + String(repeating: "{a: ", count: n) + "1" + String(repeating: "}", count: n),
            "x:\n" + String(repeating: "- ", count: n) + "1\n",
            String(repeating: "[", count: n),   // unclosed too: the depth is met first
        ]
        for text in cases {
            let message = Self.refusal(text)
            #expect(message?.contains("nests collections more than 64 deep") == true, "\(message ?? "accepted")")
        }
        // The top mapping is level 1: 63 sequences inside it make 64.
        #expect(Self.refusal("x: " + String(repeating: "[", count: 63) + String(repeating: "]", count: 63)) == nil)
        #expect(Self.refusal("x: " + String(repeating: "[", count: 64) + String(repeating: "]", count: 64)) != nil)
    }

    @Test func otherRefusals() {
        let syntax = Self.refusal("a: [1, 2\n")
        #expect(syntax == "p.yaml: the project file is not valid YAML: line 2, column 1: did not find expected ',' or ']' (while parsing a flow sequence at line 1).")
        #expect(Self.refusal("a: 1\n---\nb: 2\n")?.contains("line 2: the project file holds more than one YAML document") == true)
        #expect(Self.refusal("? [a, b]\n: 1\n")?.contains("a key must be a single value") == true)
        #expect(Self.refusal(String(repeating: "#", count: 101), limits: .init(bytes: 100))?.contains("holds 101 bytes") == true)
    }

    @Test func filesThatAreNotRegularOrTooLargeAreNotRead() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A FIFO would block a reader forever: refused from its type, never opened.
        let fifo = dir.appendingPathComponent("project.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect {
            _ = try YAMLDocument.load(fifo, kind: "project file")
        } throws: { error in
            String(describing: error) == "\(fifo): the project file is not a regular file."
        }
        #expect(throws: GeoKitError.self) { _ = try YAMLDocument.load(dir.path, kind: "project file") }
        let big = dir.appendingPathComponent("big.yaml").path
        try Data(repeating: UInt8(ascii: "#"), count: 2_000).write(to: URL(fileURLWithPath: big))
        #expect {
            _ = try YAMLDocument.load(big, kind: "claims file", limits: .init(bytes: 1_000))
        } throws: { error in
            String(describing: error).contains("the claims file holds 2000 bytes; EcoZone reads claims files of at most 1000 bytes")
        }
        let latin1 = dir.appendingPathComponent("latin1.yaml").path
        try Data([0x61, 0x3A, 0x20, 0xE9, 0x0A]).write(to: URL(fileURLWithPath: latin1))
        #expect {
            _ = try YAMLDocument.load(latin1, kind: "claims file")
        } throws: { error in
            String(describing: error).contains("not readable UTF-8")
        }
    }
}
