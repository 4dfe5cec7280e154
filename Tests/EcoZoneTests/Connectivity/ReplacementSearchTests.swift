import Foundation
import Testing
@testable import EcoZone

/// The connector searches' pruning (ReplacementSearch.swift): the bound on every penalty when a child
/// of the removed node has no seed of its own, the span of still unsettled positions, and the lowest
/// seed a position can have. Every expected number is derived by hand or by Floyd–Warshall on the
/// network without each node, never from the code under test.
@Suite("Connector search pruning")
struct ReplacementSearchTests {
    @Test("A child without a seed of its own gets its bound through a sibling (S–K–{A, B}, A–B): by hand")
    func seedlessChild() throws {
        // Links S–K 1, K–A 1, K–B 1, S–A 5, A–B 1.5; equal areas 1; p(d) = 2^−d (P = 0.5 at D = 1).
        // From S, K dominates A and B. Without K: δ_SA = 5 (direct, seed of A), δ_SB = 6.5 (through A;
        // B's only links are to K and A, so it has no seed). δ_AB = 1.5 either way, δ_KA = δ_KB = 1.
        let network = try makeNetwork(["S", "K", "A", "B"], attributes: [1, 1, 1, 1],
                                      distances: ["S-K": 1, "K-A": 1, "K-B": 1, "S-A": 5, "A-B": 1.5])
        let report = try network.nodeImportance(with: ConnectivityParameters(distanceThreshold: 1, probabilityAtThreshold: 0.5))
        func p(_ d: Double) -> Double { pow(2, -d) }
        // PCnum = Σ_i Σ_j p*_ij: 4 on the diagonal, twice SK 1, SA 2, SB 2, KA 1, KB 1, AB 1.5.
        let pcNum = 4 + 2 * (p(1) + p(2) + p(2) + p(1) + p(1) + p(1.5))
        #expect(connectivityClose(report.indices.pcNumerator, pcNum))
        // K's connector: the pairs S–A and S–B, both ways.
        let connectorK = 2 * ((p(2) - p(5)) + (p(2) - p(6.5)))
        #expect(connectivityClose(report.perNode[1].dPCConnector, 100 * connectorK / pcNum))
        // A lies on no optimal path (S–B and K–B go through K), S on none either.
        #expect(report.perNode[0].dPCConnector == 0)
        #expect(report.perNode[2].dPCConnector == 0)
        #expect(report.perNode[3].dPCConnector == 0)
        // IIC (links d < 1: none; every link here is ≥ 1), so every IIC connector is 0.
        #expect(report.perNode.allSatisfy { $0.dIICConnector == 0 })
    }

    @Test("Branchy random graphs with pendant nodes and zero-length links: every dI equals Floyd–Warshall removal",
          arguments: [3, 17, 29, 41])
    func branchyGraphs(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let n = 48
        var matrix = [Double](repeating: .infinity, count: n * n)
        for i in 0..<n { matrix[i * n + i] = 0 }
        func link(_ i: Int, _ j: Int, _ w: Double) {
            matrix[i * n + j] = min(matrix[i * n + j], w)
            matrix[j * n + i] = matrix[i * n + j]
        }
        // A random tree (deep chains and pendant nodes: many children with no link leaving their
        // dominator's subtree), then a few cross links and some zero-length links (ties).
        for v in 1..<n {
            let parent = Int.random(in: max(0, v - 4)..<v, using: &rng)
            let roll = Int.random(in: 0..<10, using: &rng)
            link(v, parent, roll == 0 ? 0 : Double(Int.random(in: 10...30, using: &rng)) / 10)
        }
        for _ in 0..<(n / 3) {
            let i = Int.random(in: 0..<n, using: &rng), j = Int.random(in: 0..<n, using: &rng)
            if i != j { link(i, j, Double(Int.random(in: 20...80, using: &rng)) / 10) }
        }
        let attributes = (0..<n).map { _ in Double(Int.random(in: 1...5, using: &rng)) }
        let network = try ConnectivityNetwork(ids: (0..<n).map { "v\($0)" }, attributes: attributes, distances: matrix)
        let parameters = ConnectivityParameters(distanceThreshold: 2.5, probabilityAtThreshold: 0.5)
        let report = try network.nodeImportance(with: parameters)

        let kappa = parameters.decayRate
        let all = Array(0..<n)
        let pcNum = Self.numerators(matrix, n: n, keep: all, attributes: attributes, kappa: kappa, threshold: 2.5)
        #expect(connectivityClose(report.indices.pcNumerator, pcNum.pc, relative: 1e-12))
        #expect(connectivityClose(report.indices.iicNumerator, pcNum.iic, relative: 1e-12))
        var connectors = (pc: 0, iic: 0)
        for k in 0..<n {
            let without = Self.numerators(matrix, n: n, keep: all.filter { $0 != k }, attributes: attributes,
                                          kappa: kappa, threshold: 2.5)
            let node = report.perNode[k]
            #expect(connectivityClose(node.dPC, 100 * (pcNum.pc - without.pc) / pcNum.pc, relative: 1e-10, absolute: 1e-11),
                    "dPC of v\(k), seed \(seed)")
            #expect(connectivityClose(node.dIIC, 100 * (pcNum.iic - without.iic) / pcNum.iic, relative: 1e-10, absolute: 1e-11),
                    "dIIC of v\(k), seed \(seed)")
            if node.dPCConnector > 0 { connectors.pc += 1 }
            if node.dIICConnector > 0 { connectors.iic += 1 }
        }
        // The graphs are meant to exercise the connector searches: most nodes are connectors.
        #expect(connectors.pc > n / 4 && connectors.iic > n / 4)
    }

    /// PCnum and IICnum of the sub-network `keep` by Floyd–Warshall: `Σ_i Σ_j a_i a_j e^{−κ δ_ij}` and
    /// `Σ_i Σ_j a_i a_j / (1 + nl_ij)` over the links `d < threshold` (hop counts), `i = j` included.
    static func numerators(_ d: [Double], n: Int, keep: [Int], attributes a: [Double], kappa: Double,
                           threshold: Double) -> (pc: Double, iic: Double) {
        let m = keep.count
        var dist = [Double](repeating: .infinity, count: m * m)
        var hops = [Double](repeating: .infinity, count: m * m)
        for (x, i) in keep.enumerated() {
            for (y, j) in keep.enumerated() {
                dist[x * m + y] = x == y ? 0 : d[i * n + j]
                hops[x * m + y] = x == y ? 0 : (d[i * n + j] < threshold ? 1 : .infinity)
            }
        }
        for via in 0..<m {
            for x in 0..<m {
                for y in 0..<m {
                    dist[x * m + y] = min(dist[x * m + y], dist[x * m + via] + dist[via * m + y])
                    hops[x * m + y] = min(hops[x * m + y], hops[x * m + via] + hops[via * m + y])
                }
            }
        }
        var pc = 0.0, iic = 0.0
        for (x, i) in keep.enumerated() {
            for (y, j) in keep.enumerated() {
                pc += a[i] * a[j] * exp(-kappa * dist[x * m + y])
                if hops[x * m + y].isFinite { iic += a[i] * a[j] / (1 + hops[x * m + y]) }
            }
        }
        return (pc, iic)
    }
}
