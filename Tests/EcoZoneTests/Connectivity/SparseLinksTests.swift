import Testing
@testable import EcoZone

/// The link reduction behind the PC searches (SparseLinks): a direct link goes only when two distinct
/// intermediate nodes each offer a path no longer than it, with both legs strictly shorter.
@Suite("Connectivity: redundant-link reduction (two witnesses)")
struct SparseLinksTests {
    /// Nodes A, B, M1, M2 (indices 0–3); only the listed pairs are linked.
    static func links(_ pairs: [(Int, Int, Double)]) -> SparseLinks {
        var w = [Double](repeating: .infinity, count: 16)
        for i in 0..<4 { w[i * 4 + i] = 0 }
        for (i, j, d) in pairs { w[i * 4 + j] = d; w[j * 4 + i] = d }
        return SparseLinks(weights: w, count: 4)
    }

    static func linked(_ l: SparseLinks, _ u: Int, _ v: Int) -> Bool {
        (Int(l.offsets[u])..<Int(l.offsets[u + 1])).contains { Int(l.targets[$0]) == v }
    }

    @Test("Two witnesses (one of them a tie, 5 + 5 = 10) drop A–B; every other link stays")
    func twoWitnessesDrop() {
        let l = Self.links([(0, 1, 10), (0, 2, 4), (2, 1, 5), (0, 3, 5), (3, 1, 5), (2, 3, 30)])
        #expect(!Self.linked(l, 0, 1) && !Self.linked(l, 1, 0))
        #expect(Self.linked(l, 0, 2) && Self.linked(l, 2, 1) && Self.linked(l, 0, 3) && Self.linked(l, 3, 1))
        // M1–M2 (30) has witnesses A (4 + 5 = 9) and B (5 + 5 = 10): dropped too.
        #expect(!Self.linked(l, 2, 3))
        #expect(l.finiteLinkCount == 6 && l.keptLinkCount == 4)
    }

    @Test("One witness is not enough: removing it would lengthen A–B")
    func oneWitnessKeeps() {
        let l = Self.links([(0, 1, 10), (0, 2, 4), (2, 1, 5), (0, 3, 20), (3, 1, 20)])
        #expect(Self.linked(l, 0, 1))
    }

    @Test("A leg as long as the link does not count (zero-length legs make no witness)")
    func legsMustBeShorter() {
        // A–M1 = 0 and M1–B = 10 = A–B: the leg M1–B is not strictly shorter; same for M2.
        let l = Self.links([(0, 1, 10), (0, 2, 0), (2, 1, 10), (0, 3, 0), (3, 1, 10)])
        #expect(Self.linked(l, 0, 1))
    }
}
