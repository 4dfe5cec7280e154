import Testing
@testable import EcoZone

/// The link reduction behind the PC searches (SparseLinks): a direct link goes only when two distinct
/// intermediate nodes each offer a path no longer than it, with both legs before it in the order of
/// links by weight, ties by node pair.
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

    @Test("A clique of touching patches (every weight 0) keeps the links of its two lowest nodes: 2n − 3")
    func zeroWeightClique() {
        let n = 7
        var w = [Double](repeating: 0, count: n * n)
        w[2 * n + 5] = -0.0; w[5 * n + 2] = -0.0  // −log(1) as the engine computes it
        let l = SparseLinks(weights: w, count: n)
        #expect(l.finiteLinkCount == n * (n - 1) / 2)
        #expect(l.keptLinkCount == 2 * n - 3)
        for u in 0..<n {
            for v in (u + 1)..<n {
                #expect(Self.linked(l, u, v) == (u <= 1), "link \(u)–\(v)")
            }
        }
    }

    /// Shortest-path lengths by Floyd–Warshall over `w` (n × n, `+∞` for no link) without node `removed`.
    static func shortest(_ w: [Double], _ n: Int, without removed: Int?) -> [Double] {
        var d = w
        for i in 0..<n { d[i * n + i] = 0 }
        if let r = removed { for i in 0..<n { d[r * n + i] = .infinity; d[i * n + r] = .infinity } }
        for k in 0..<n where k != removed {
            for i in 0..<n { for j in 0..<n where d[i * n + k] + d[k * n + j] < d[i * n + j] { d[i * n + j] = d[i * n + k] + d[k * n + j] } }
        }
        return d
    }

    @Test("With many ties (weights 0, 1, 2, none), every shortest path and every one after removing a node is unchanged")
    func tiesKeepEveryRemovalExact() {
        var rng = SplitMix64(seed: 7)
        for trial in 0..<40 {
            let n = 5 + trial % 9
            var w = [Double](repeating: .infinity, count: n * n)
            for i in 0..<n { w[i * n + i] = 0 }
            for i in 0..<n { for j in (i + 1)..<n {
                let pick = rng.next() % 4
                let x: Double = pick == 3 ? .infinity : Double(pick)
                w[i * n + j] = x; w[j * n + i] = x
            } }
            let l = SparseLinks(weights: w, count: n)
            var reduced = [Double](repeating: .infinity, count: n * n)
            for u in 0..<n { for e in Int(l.offsets[u])..<Int(l.offsets[u + 1]) { reduced[u * n + Int(l.targets[e])] = l.weights[e] } }
            for removed in [nil] + (0..<n).map(Optional.some) {
                #expect(Self.shortest(w, n, without: removed) == Self.shortest(reduced, n, without: removed),
                        "trial \(trial), node \(removed.map(String.init) ?? "none") removed")
            }
        }
    }
}

