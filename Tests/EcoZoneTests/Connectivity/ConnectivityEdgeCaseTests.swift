import Foundation
import Testing
@testable import EcoZone

@Suite("Connectivity: boundaries, components, stepping stones, decomposition, errors, JSON")
struct ConnectivityEdgeCaseTests {
    @Test("IIC link rule is strict: d = D is not a link, d just below D is")
    func strictBoundary() throws {
        let network = try makeNetwork(["a", "b"], attributes: [1, 1], distances: ["a-b": 1500])
        // At D = 1500: no link, IICnum = 1² + 1² = 2 and the cross term is exactly 0.
        let atBoundary = try network.indices(with: ConnectivityParameters(distanceThreshold: 1500))
        #expect(atBoundary.iicNumerator == 2)
        // At D = nextUp(1500): linked, nl = 1, IICnum = 2 + 2·1·1/2 = 3.
        let above = try network.indices(with: ConnectivityParameters(distanceThreshold: 1500.0.nextUp))
        #expect(above.iicNumerator == 3)
        // PC is not thresholded: p = P = 0.5 at d = D, PCnum = 2 + 2·0.5 = 3.
        #expect(connectivityClose(atBoundary.pcNumerator, 3))
    }

    @Test("Disconnected components contribute exactly 0 to every cross term")
    func disconnectedComponents() throws {
        // Two pairs {a, b} and {c, d}, each at distance 1; no direct link between the pairs (+∞).
        let network = try makeNetwork(["a", "b", "c", "d"], attributes: [1, 2, 3, 4],
                                      distances: ["a-b": 1, "c-d": 1])
        let report = try network.nodeImportance(with: ConnectivityParameters(distanceThreshold: 2))
        // IIC: Σa² = 30, plus 2·(1·2 + 3·4)/2 = 14 → 44 exactly.
        #expect(report.indices.iicNumerator == 44)
        // PC with k = ln 2 / 2: p = 2^(−1/2); PCnum = 30 + 2·14·2^(−1/2).
        #expect(connectivityClose(report.indices.pcNumerator, 30 + 28 / 2.0.squareRoot()))
        for node in report.perNode {
            #expect(node.dIICConnector == 0)
            #expect(node.dPCConnector == 0)
        }
        // Node a: flux only through b: 100·2·1·(2·1/2)/44.
        #expect(connectivityClose(report.perNode[0].dIICFlux, 200.0 / 44))
    }

    @Test("Stepping-stone chain with non-metric distances: nested dominators, exact connectors")
    func steppingStoneChain() throws {
        // Chain A–B–C–D with consecutive distances 1 and every other pair 10 (non-metric).
        // PC, D = 1, P = 0.5 (k = ln 2): δ_AC = δ_BD = 2, δ_AD = 3; p* = 1/2, 1/2, 1/2, 1/4, 1/4, 1/8.
        let network = try makeNetwork(["A", "B", "C", "D"], attributes: [1, 1, 1, 1],
                                      distances: ["A-B": 1, "B-C": 1, "C-D": 1], fill: 10)
        let report = try network.nodeImportance(with: ConnectivityParameters(distanceThreshold: 1))
        // PCnum = 4 + 2 (3·1/2 + 2·1/4 + 1/8) = 8.25.
        #expect(connectivityClose(report.indices.pcNumerator, 8.25))
        // Removing B: A reaches C and D only directly (p = 2^−10; via D or C adds ≥ 1): the pairs AC, AD
        // lose (1/4 − 2^−10) + (1/8 − 2^−10), counted twice (ordered pairs). C is symmetric.
        let loss = 2 * (0.375 - 2.0 / 1024)
        #expect(connectivityClose(report.perNode[1].dPCConnector, 100 * loss / 8.25))
        #expect(connectivityClose(report.perNode[2].dPCConnector, 100 * loss / 8.25))
        #expect(report.perNode[0].dPCConnector == 0)
        #expect(report.perNode[3].dPCConnector == 0)
        // IIC at D = 1 strict: no links at all (d = 1 is not < 1). At D = 2: the chain.
        let iic = try network.nodeImportance(with: ConnectivityParameters(distanceThreshold: 2))
        // IICnum = 4 + 2 (3/2 + 2/3 + 1/4) = 4 + 29/6 = 53/6. Removing B disconnects A: pairs AC (1/3),
        // AD (1/4) are lost, twice: connector_B = 100·2·(7/12)/(53/6) = 700/53.
        #expect(connectivityClose(iic.indices.iicNumerator, 53.0 / 6))
        #expect(connectivityClose(iic.perNode[1].dIICConnector, 700.0 / 53))
        #expect(connectivityClose(iic.perNode[2].dIICConnector, 700.0 / 53))
    }

    @Test("dI = intra + flux + connector and matches brute-force removal, with integer ties")
    func decompositionMatchesRemoval() throws {
        // 40 nodes with small integer distances (many exact ties and zero-length links), a few
        // missing links; compare with indices() recomputed on the network without each node.
        var rng = SplitMix64(seed: 7)
        let n = 40
        let ids = (0..<n).map { "v\($0)" }
        let attributes = (0..<n).map { _ in Double(Int.random(in: 1...6, using: &rng)) }
        var matrix = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in (i + 1)..<n {
                let roll = Int.random(in: 0..<100, using: &rng)
                let value: Double = roll < 5 ? .infinity : (roll < 10 ? 0 : Double(Int.random(in: 1...9, using: &rng)))
                matrix[i * n + j] = value
                matrix[j * n + i] = value
            }
        }
        let network = try ConnectivityNetwork(ids: ids, attributes: attributes, distances: matrix)
        // Second set: p(d) = 0.3^(d/2) < 0.05 for d ≥ 5, so pruning removes links.
        for parameters in [ConnectivityParameters(distanceThreshold: 3, probabilityAtThreshold: 0.4),
                           ConnectivityParameters(distanceThreshold: 2, probabilityAtThreshold: 0.3,
                                                  minimumProbability: 0.05)] {
            let report = try network.nodeImportance(with: parameters)
            var anyConnector = (iic: false, pc: false)
            for k in 0..<n {
                let node = report.perNode[k]
                #expect(node.dIIC == node.dIICIntra + node.dIICFlux + node.dIICConnector)
                #expect(node.dPC == node.dPCIntra + node.dPCFlux + node.dPCConnector)
                #expect(node.dIICConnector >= 0 && node.dPCConnector >= 0)
                anyConnector.iic = anyConnector.iic || node.dIICConnector > 0
                anyConnector.pc = anyConnector.pc || node.dPCConnector > 0
                let without = try network.removing(k).indices(with: parameters)
                let iicDrop = 100 * (report.indices.iicNumerator - without.iicNumerator) / report.indices.iicNumerator
                let pcDrop = 100 * (report.indices.pcNumerator - without.pcNumerator) / report.indices.pcNumerator
                #expect(connectivityClose(node.dIIC, iicDrop, relative: 1e-10, absolute: 1e-11), "dIIC of \(ids[k])")
                #expect(connectivityClose(node.dPC, pcDrop, relative: 1e-10, absolute: 1e-11), "dPC of \(ids[k])")
            }
            #expect(anyConnector.iic && anyConnector.pc)
        }
    }

    @Test("Results do not depend on scheduling: repeated runs are bit-identical")
    func deterministic() throws {
        var rng = SplitMix64(seed: 11)
        let n = 70
        let points = (0..<n).map { _ in (Double.random(in: 0..<10, using: &rng), Double.random(in: 0..<10, using: &rng)) }
        let network = try ConnectivityNetwork(
            ids: (0..<n).map { "p\($0)" }, attributes: (0..<n).map { Double($0 % 5 + 1) },
            distance: { i, j in
                let dx = points[i].0 - points[j].0, dy = points[i].1 - points[j].1
                return max(0, (dx * dx + dy * dy).squareRoot() - 0.4)
            })
        let parameters = ConnectivityParameters(distanceThreshold: 1.5)
        let first = try network.nodeImportance(with: parameters)
        let second = try network.nodeImportance(with: parameters)
        #expect(first == second)
        #expect(first.perNode.contains { $0.dPCConnector > 0 })
    }

    @Test("A single node holds all of the connectivity")
    func singleNode() throws {
        let network = try ConnectivityNetwork(ids: ["only"], attributes: [5], distances: [0])
        let report = try network.nodeImportance(with: ConnectivityParameters(distanceThreshold: 1))
        #expect(report.indices.iicNumerator == 25 && report.indices.pcNumerator == 25)
        #expect(report.perNode[0].dIIC == 100 && report.perNode[0].dPC == 100)
    }

    @Test("Invalid input is rejected with a clear error")
    func validation() throws {
        let network = try makeNetwork(["A", "B"], attributes: [3, 4], distances: ["A-B": 1])
        #expect(throws: ConnectivityError.landscapeAttributeTooSmall(landscape: 7, totalAttribute: 7)) {
            try network.indices(with: ConnectivityParameters(distanceThreshold: 1, landscapeAttribute: 7))
        }
        #expect(throws: ConnectivityError.invalidProbability(1)) {
            try network.indices(with: ConnectivityParameters(distanceThreshold: 1, probabilityAtThreshold: 1))
        }
        #expect(throws: ConnectivityError.invalidDistanceThreshold(0)) {
            try network.indices(with: ConnectivityParameters(distanceThreshold: 0))
        }
        #expect(throws: ConnectivityError.asymmetricDistance(from: "A", to: "B", forward: 1, backward: 2)) {
            try ConnectivityNetwork(ids: ["A", "B"], attributes: [1, 1], distances: [0, 1, 2, 0])
        }
        #expect(throws: ConnectivityError.invalidDistance(from: "A", to: "B", value: -1)) {
            try ConnectivityNetwork(ids: ["A", "B"], attributes: [1, 1], distances: [0, -1, -1, 0])
        }
        #expect(throws: ConnectivityError.duplicateID("A")) {
            try ConnectivityNetwork(ids: ["A", "A"], attributes: [1, 1], distances: [0, 1, 1, 0])
        }
        #expect(throws: ConnectivityError.invalidAttribute(id: "B", value: -2)) {
            try ConnectivityNetwork(ids: ["A", "B"], attributes: [1, -2], distances: [0, 1, 1, 0])
        }
        let message = ConnectivityError.landscapeAttributeTooSmall(landscape: 7, totalAttribute: 7).description
        #expect(message.contains("A_L") && message.contains("7"))
    }

    @Test("JSON uses the issue's field names")
    func jsonFieldNames() throws {
        let network = try makeNetwork(["A", "B"], attributes: [3, 4], distances: ["A-B": 1])
        let report = try network.nodeImportance(
            with: ConnectivityParameters(distanceThreshold: 2, landscapeAttribute: 100, minimumProbability: 0.01))
        let data = try JSONEncoder().encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["nodes", "IIC", "PC", "EC_IIC", "EC_PC", "IIC_num", "PC_num", "per_node", "pruned",
                    "pruned_links", "parameters"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["pruned"] as? Bool == true)
        let first = try #require((object["per_node"] as? [[String: Any]])?.first)
        #expect(Set(first.keys) == ["id", "area_ha", "dIIC", "dIIC_intra", "dIIC_flux", "dIIC_connector",
                                    "dPC", "dPC_intra", "dPC_flux", "dPC_connector"])
        let decoded = try JSONDecoder().decode(ConnectivityReport.self, from: data)
        #expect(decoded == report)

        // Without A_L, IIC and PC are null (not omitted).
        let bare = try network.indices(with: ConnectivityParameters(distanceThreshold: 2))
        let bareObject = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(bare)) as? [String: Any])
        #expect(bareObject["IIC"] is NSNull && bareObject["PC"] is NSNull)
    }
}
