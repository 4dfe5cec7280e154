import Foundation
import Testing
@testable import EcoZone

/// MSPA on hand-built grids. The expected counts are GuidosToolbox's own: each grid is one that
/// ../shared/notes/methods-2.md §1 ran through GTB's `mspa` v2.3 binary (settings 8/1/1/1 unless
/// said), or follows from the definitions by hand where the note says so.
@Suite("MSPA hand-built grids")
struct MSPAHandGridTests {
    /// '#' foreground, '.' background, 'm' missing.
    static func segment(_ rows: [String], _ parameters: MSPAParameters = MSPAParameters()) throws -> [[UInt8]] {
        let h = rows.count, w = rows[0].count
        let s = try MSPASegmentation(width: w, height: h, parameters: parameters)
        for (r, line) in rows.enumerated() {
            s.setRow(r, line.map { $0 == "#" ? .foreground : ($0 == "m" ? .missing : .background) })
        }
        s.run()
        return (0..<h).map { s.codes(row: $0) }
    }

    static func histogram(_ codes: [[UInt8]]) -> [UInt8: Int] {
        var out: [UInt8: Int] = [:]
        for row in codes { for c in row { out[c, default: 0] += 1 } }
        return out
    }

    /// A w × h background with `fill` painting foreground cells.
    static func grid(_ w: Int, _ h: Int, _ fill: (Int, Int) -> Character?) -> [String] {
        (0..<h).map { r in String((0..<w).map { c in fill(c, r) ?? "." }) }
    }

    static func block(_ c0: Int, _ r0: Int, _ n: Int) -> (Int, Int) -> Bool {
        { c, r in c >= c0 && c < c0 + n && r >= r0 && r < r0 + n }
    }

    @Test("7×7 square: core is the inner 5×5 with W = 1, the inner 3×3 with W = 2")
    func square() throws {
        let g = Self.grid(13, 13) { c, r in Self.block(3, 3, 7)(c, r) ? "#" : nil }
        #expect(Self.histogram(try Self.segment(g)) == [17: 25, 3: 24, 0: 169 - 49])
        // W = 2: the corner cell is 2√2 = 2.83 ≤ 2.98 from the core, so it is edge.
        #expect(Self.histogram(try Self.segment(g, MSPAParameters(edgeWidth: 2))) == [17: 9, 3: 40, 0: 169 - 49])
    }

    @Test("9×9 square with a one-cell hole: perforation around it, 105 with IntExt, 5 without")
    func perforation() throws {
        let g = Self.grid(15, 15) { c, r in Self.block(3, 3, 9)(c, r) && !(c == 7 && r == 7) ? "#" : nil }
        #expect(Self.histogram(try Self.segment(g)) == [17: 40, 3: 32, 105: 8, 100: 1, 0: 225 - 81])
        #expect(Self.histogram(try Self.segment(g, MSPAParameters(intext: false))) == [17: 40, 3: 32, 5: 8, 0: 225 - 80])
    }

    @Test("Islets: a 2×2 block has no core; a 3×3 block has its centre as core (EDT 2 > 1.98)")
    func islets() throws {
        let g = Self.grid(14, 8) { c, r in Self.block(2, 2, 2)(c, r) || Self.block(8, 2, 3)(c, r) ? "#" : nil }
        #expect(Self.histogram(try Self.segment(g)) == [9: 4, 17: 1, 3: 8, 0: 112 - 13])
    }

    /// Two 5×5 blocks joined by a straight one-cell line of 4 cells through their middle rows.
    static let bridged = grid(20, 9) { c, r in
        block(2, 2, 5)(c, r) || block(11, 2, 5)(c, r) || (r == 4 && c >= 7 && c <= 10) ? "#" : nil
    }

    @Test("Bridge: the line is 33, the edge cells it enters 35; the same with 4-connectivity and without transition")
    func bridge() throws {
        let expected: [UInt8: Int] = [17: 18, 3: 30, 35: 2, 33: 4, 0: 180 - 54]
        let codes = try Self.segment(Self.bridged)
        #expect(Self.histogram(codes) == expected)
        #expect(codes[4][6] == 35 && codes[4][11] == 35 && (7...10).allSatisfy { codes[4][$0] == 33 })
        #expect(Self.histogram(try Self.segment(Self.bridged, MSPAParameters(connectivity: 4))) == expected)
        #expect(Self.histogram(try Self.segment(Self.bridged, MSPAParameters(transition: false))) == expected)
    }

    @Test("Branch: a dead-end line of 4 cells is 1; the edge cell it leaves stays 3")
    func branch() throws {
        let g = Self.grid(14, 9) { c, r in Self.block(2, 2, 5)(c, r) || (r == 4 && c >= 7 && c <= 10) ? "#" : nil }
        let codes = try Self.segment(g)
        #expect(Self.histogram(codes) == [17: 9, 3: 16, 1: 4, 0: 126 - 29])
        #expect(codes[4][6] == 3)
    }

    @Test("Loop: a line leaving and re-entering one block is 65, its entries 67, its 90° corners branch, the enclosed background 220")
    func loop() throws {
        // Block rows 4…8, columns 2…6; the line leaves the top edge at column 4, runs up to row 1,
        // right to column 9, down to row 6 and left into the right edge.
        var cells = Set<[Int]>()
        for r in 1...3 { cells.insert([4, r]) }
        for c in 5...9 { cells.insert([c, 1]) }
        for r in 2...6 { cells.insert([9, r]) }
        for c in 7...8 { cells.insert([c, 6]) }
        let g = Self.grid(13, 11) { c, r in Self.block(2, 4, 5)(c, r) || cells.contains([c, r]) ? "#" : nil }
        let codes = try Self.segment(g)
        #expect(Self.histogram(codes) == [17: 9, 3: 14, 67: 2, 65: 12, 1: 3, 220: 12, 0: 143 - 40 - 12])
        #expect(codes[1][4] == 1 && codes[1][9] == 1 && codes[6][9] == 1)
        #expect(codes[4][4] == 67 && codes[6][6] == 67)
        // Without IntExt the enclosed background is plain background.
        #expect(Self.histogram(try Self.segment(g, MSPAParameters(intext: false)))[0] == 143 - 40)
    }

    @Test("Connectivity: blocks joined by a diagonal line are bridged with 8, apart (islets) with 4")
    func diagonal() throws {
        // Two 5×5 blocks whose corners a diagonal of 3 cells joins.
        let g = Self.grid(18, 18) { c, r in
            Self.block(1, 1, 5)(c, r) || Self.block(9, 9, 5)(c, r) || (c == r && c >= 6 && c <= 8) ? "#" : nil
        }
        let eight = Self.histogram(try Self.segment(g))
        #expect(eight[17] == 18 && eight[33] == 3 && eight[35] == 2 && eight[3] == 30)
        let four = Self.histogram(try Self.segment(g, MSPAParameters(connectivity: 4)))
        #expect(four[17] == 18 && four[9] == 3 && four[3] == 32 && four[33] == nil)
    }

    @Test("Borders and missing data make no edge: a square at the image border, a square beside missing cells")
    func borders() throws {
        let g = Self.grid(12, 11) { c, r in c < 7 && r >= 2 && r < 9 ? "#" : nil }
        #expect(Self.histogram(try Self.segment(g)) == [17: 30, 3: 19, 0: 132 - 49])
        let m = Self.grid(13, 11) { c, r in c == 0 ? "m" : (c >= 1 && c < 8 && r >= 2 && r < 9 ? "#" : nil) }
        #expect(Self.histogram(try Self.segment(m)) == [17: 30, 3: 19, 129: 11, 0: 143 - 49 - 11])
    }

    @Test("degenerate grids: one cell, one row, all background, all foreground, all missing")
    func degenerate() throws {
        // A lone cell: the frame repeats it outward, but the frame's corners stay background √2 away, so no cell is
        // farther than t = 1.98 from background: no core, an islet.
        #expect(Self.histogram(try Self.segment(["#"])) == [9: 1])
        #expect(Self.histogram(try Self.segment(["."])) == [0: 1])
        #expect(Self.histogram(try Self.segment(["m"])) == [129: 1])
        // Beyond the image is missing data, and missing cells within √2 of foreground close the gap above and below
        // the background cell: it is a hole of the foreground (220).
        #expect(try Self.segment(["#.#"]) == [[9, 220, 9]])
        #expect(Self.histogram(try Self.segment(Array(repeating: String(repeating: ".", count: 9), count: 4))) == [0: 36])
        // Foreground to every border: the frame repeats it, so all is core but where the frame's empty corners come within t.
        let full = try Self.segment(Array(repeating: String(repeating: "#", count: 9), count: 9))
        #expect(full[0][0] == 3 && full[1][1] == 17 && full[4][4] == 17 && full[8][8] == 3)
        #expect(Self.histogram(try Self.segment(Array(repeating: "mmm", count: 3))) == [129: 9])
    }
}
