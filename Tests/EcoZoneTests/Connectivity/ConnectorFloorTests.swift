import Foundation
import Testing
@testable import EcoZone

/// The opt-in connector floor (ConnectivityParameters.connectorFloor): pairs with p* below the floor are
/// left out of the dPC connector search. PC, intra, flux and dIIC must stay exact, and every dPC must stay
/// within the stated bound `100 · Σ_{i≠j} a_i a_j min(floor, p*_ij) / PCnum` of the exact value.
@Suite("Connectivity: connector floor (opt-in approximation) and its error bound")
struct ConnectorFloorTests {
    @Test("Chain A–B–C–D, floor 0.2: the pair A–D (p* = 1/8) is left out, every number derived by hand")
    func handCheckedChain() throws {
        // Consecutive distances 1, every other pair 10; D = 1, P = 0.5, so p = 2^−d.
        // p*: AB = BC = CD = 1/2, AC = BD = 1/4, AD = 1/8; PCnum = 4 + 2 (3/2 + 2/4 + 1/8) = 8.25.
        let network = try makeNetwork(["A", "B", "C", "D"], attributes: [1, 1, 1, 1],
                                      distances: ["A-B": 1, "B-C": 1, "C-D": 1], fill: 10)
        let exact = try network.nodeImportance(with: ConnectivityParameters(distanceThreshold: 1))
        let floored = try network.nodeImportance(with: ConnectivityParameters(distanceThreshold: 1, connectorFloor: 0.2))
        #expect(exact.dPCErrorBound == 0)
        #expect(floored.indices.pcNumerator == exact.indices.pcNumerator)
        #expect(connectivityClose(floored.indices.pcNumerator, 8.25))
        // Removing B, exactly: A–C falls to the direct 2^−10 and A–D to 2^−10 as well (ordered pairs, ×2).
        // With the floor, A–D (1/8 < 0.2) is not searched: only A–C's loss remains. C is symmetric (B–D).
        let kept = 100 * 2 * (0.25 - 1.0 / 1024) / 8.25
        #expect(connectivityClose(exact.perNode[1].dPCConnector, 100 * 2 * (0.375 - 2.0 / 1024) / 8.25))
        #expect(connectivityClose(floored.perNode[1].dPCConnector, kept))
        #expect(connectivityClose(floored.perNode[2].dPCConnector, kept))
        // Bound: Σ over ordered pairs of min(0.2, p*) = 2 (5 · 0.2 + 1/8) = 2.25, in % of 8.25.
        #expect(connectivityClose(floored.dPCErrorBound, 100 * 2.25 / 8.25))
        for (f, e) in zip(floored.perNode, exact.perNode) {
            #expect(f.dPCIntra == e.dPCIntra && f.dPCFlux == e.dPCFlux && f.dIIC == e.dIIC)
            #expect(abs(f.dPC - e.dPC) <= floored.dPCErrorBound)
        }
    }

    @Test("300 discs with edge distances: every dPC within the bound, the bound recomputed with Floyd–Warshall")
    func discsWithinBound() throws {
        guard let fixture = NetworkxAgreementTests.cases.first(where: { $0.name == "dense-disc-edge" }) else {
            Issue.record("missing networkx fixture case dense-disc-edge")
            return
        }
        let network = try fixture.network()
        let floor = 0.05  // about a third of the pairs have p* below it (p* ranges 0.0026 … 1)
        var parameters = fixture.parameters
        let exact = try network.nodeImportance(with: parameters)
        parameters.connectorFloor = floor
        let floored = try network.nodeImportance(with: parameters)

        // The bound, independently: all-pairs shortest paths by Floyd–Warshall on the full matrix.
        let n = network.count
        var d = network.distances
        for m in 0..<n {
            for i in 0..<n where d[i * n + m].isFinite {
                let dim = d[i * n + m]
                for j in 0..<n where dim + d[m * n + j] < d[i * n + j] { d[i * n + j] = dim + d[m * n + j] }
            }
        }
        let a = network.attributes
        var budget = 0.0
        for i in 0..<n {
            for j in 0..<n where j != i {
                budget += a[i] * a[j] * min(floor, parameters.directProbability(atDistance: d[i * n + j]))
            }
        }
        let bound = 100 * budget / exact.indices.pcNumerator
        #expect(connectivityClose(floored.dPCErrorBound, bound, relative: 1e-9, absolute: 0))

        #expect(floored.indices == exact.indices)
        var changed = 0
        for (f, e) in zip(floored.perNode, exact.perNode) {
            #expect(f.dPCIntra == e.dPCIntra && f.dPCFlux == e.dPCFlux)
            #expect(f.dIIC == e.dIIC && f.dIICConnector == e.dIICConnector)
            #expect(abs(f.dPC - e.dPC) <= floored.dPCErrorBound, "dPC of \(f.id): \(f.dPC) vs \(e.dPC)")
            #expect(abs(f.dPCConnector - e.dPCConnector) <= floored.dPCErrorBound)
            if f.dPCConnector != e.dPCConnector { changed += 1 }
        }
        // The floor must actually leave pairs out here, or the test would prove nothing.
        #expect(changed > 0)
    }

    @Test("A floor outside (0, 1) is refused")
    func invalidFloor() throws {
        let network = try makeNetwork(["a", "b"], attributes: [1, 1], distances: ["a-b": 1])
        for bad in [0.0, 1.0, -1e-9, .nan] {
            #expect(throws: ConnectivityError.self) {
                try network.nodeImportance(with: ConnectivityParameters(distanceThreshold: 1, connectorFloor: bad))
            }
        }
    }
}
