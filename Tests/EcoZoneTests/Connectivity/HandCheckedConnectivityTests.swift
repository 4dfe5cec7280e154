import Foundation
import Testing
@testable import EcoZone

/// methods.md §7.1: nodes A, B, C with d_AB = 1, d_BC = 1, d_AC = 3 (non-metric), A_L = 10.
/// IIC uses D = 1.5 (links AB, BC; nl_AC = 2). PC uses D = 1, P = 0.5, so k = ln 2, p_AB = p_BC = 1/2,
/// p_AC = 1/8 and p*_AC = 1/4 through B. Every expected value below is derived by hand.
@Suite("Connectivity: hand-checked three-node cases (methods.md §7.1)")
struct HandCheckedConnectivityTests {
    static let iicParameters = ConnectivityParameters(distanceThreshold: 1.5, landscapeAttribute: 10)
    static let pcParameters = ConnectivityParameters(distanceThreshold: 1, probabilityAtThreshold: 0.5,
                                                     landscapeAttribute: 10)

    static func network(areas: [Double], dAC: Double = 3) throws -> ConnectivityNetwork {
        try makeNetwork(["A", "B", "C"], attributes: areas, distances: ["A-B": 1, "B-C": 1, "A-C": dAC])
    }

    @Test("Equal areas: IIC")
    func equalAreasIIC() throws {
        let report = try Self.network(areas: [1, 1, 1]).nodeImportance(with: Self.iicParameters)
        // IICnum = Σ a_i² + 2 (a_A a_B/2 + a_B a_C/2 + a_A a_C/3) = 3 + 2 (1/2 + 1/2 + 1/3) = 17/3.
        #expect(connectivityClose(report.indices.iicNumerator, 17.0 / 3))
        #expect(connectivityClose(report.indices.iic!, 17.0 / 300))
        #expect(connectivityClose(report.indices.equivalentConnectivityIIC, (17.0 / 3).squareRoot()))
        let a = report.perNode[0], b = report.perNode[1], c = report.perNode[2]
        // A: intra 100·1/(17/3) = 300/17; flux 100·2·(1/2 + 1/3)/(17/3) = 500/17; no pair depends on A.
        #expect(connectivityClose(a.dIICIntra, 300.0 / 17))
        #expect(connectivityClose(a.dIICFlux, 500.0 / 17))
        #expect(a.dIICConnector == 0)
        #expect(connectivityClose(a.dIIC, 800.0 / 17))
        // B: flux 100·2·(1/2 + 1/2)/(17/3) = 600/17; connector: A–C and C–A lose 1/3 each:
        // 100·(2/3)/(17/3) = 200/17; total 1100/17 (num_−B = 2).
        #expect(connectivityClose(b.dIICIntra, 300.0 / 17))
        #expect(connectivityClose(b.dIICFlux, 600.0 / 17))
        #expect(connectivityClose(b.dIICConnector, 200.0 / 17))
        #expect(connectivityClose(b.dIIC, 1100.0 / 17))
        // C mirrors A.
        #expect(connectivityClose(c.dIIC, a.dIIC) && connectivityClose(c.dIICFlux, a.dIICFlux) && c.dIICConnector == 0)
    }

    @Test("Equal areas: PC")
    func equalAreasPC() throws {
        let report = try Self.network(areas: [1, 1, 1]).nodeImportance(with: Self.pcParameters)
        // PCnum = 3 + 2 (1/2 + 1/2 + 1/4) = 11/2; PC = 5.5/100; EC = sqrt(5.5).
        #expect(connectivityClose(report.indices.pcNumerator, 5.5))
        #expect(connectivityClose(report.indices.pc!, 0.055))
        #expect(connectivityClose(report.indices.equivalentConnectivityPC, 5.5.squareRoot()))
        let a = report.perNode[0], b = report.perNode[1]
        // A: intra 100/5.5 = 200/11; flux 200·(1/2 + 1/4)/5.5 = 300/11; connector 0.
        #expect(connectivityClose(a.dPCIntra, 200.0 / 11))
        #expect(connectivityClose(a.dPCFlux, 300.0 / 11))
        #expect(a.dPCConnector == 0)
        #expect(connectivityClose(a.dPC, 500.0 / 11))
        // B: flux 200·(1/2 + 1/2)/5.5 = 400/11; connector 100·2·(1/4 − 1/8)/5.5 = 50/11; total 650/11.
        #expect(connectivityClose(b.dPCIntra, 200.0 / 11))
        #expect(connectivityClose(b.dPCFlux, 400.0 / 11))
        #expect(connectivityClose(b.dPCConnector, 50.0 / 11))
        #expect(connectivityClose(b.dPC, 650.0 / 11))
    }

    @Test("Unequal areas (4, 1, 2): IIC and PC")
    func unequalAreas() throws {
        let network = try Self.network(areas: [4, 1, 2])
        let iic = try network.nodeImportance(with: Self.iicParameters)
        // IICnum = 16 + 1 + 4 + 2 (4·1/2 + 1·2/2 + 4·2/3) = 21 + 34/3 = 97/3.
        #expect(connectivityClose(iic.indices.iicNumerator, 97.0 / 3))
        let (ia, ib, ic) = (iic.perNode[0], iic.perNode[1], iic.perNode[2])
        // A: intra 100·16·3/97 = 4800/97; flux 100·2·4·(1/2 + 2/3)·3/97 = 2800/97.
        #expect(connectivityClose(ia.dIICIntra, 4800.0 / 97))
        #expect(connectivityClose(ia.dIICFlux, 2800.0 / 97))
        #expect(ia.dIICConnector == 0)
        // B: intra 300/97; flux 100·2·(4/2 + 2/2)·3/97 = 1800/97; connector 100·2·4·2·(1/3)·3/97 = 1600/97.
        #expect(connectivityClose(ib.dIICIntra, 300.0 / 97))
        #expect(connectivityClose(ib.dIICFlux, 1800.0 / 97))
        #expect(connectivityClose(ib.dIICConnector, 1600.0 / 97))
        #expect(connectivityClose(ib.dIIC, 3700.0 / 97))  // 38.1443
        // C: intra 1200/97; flux 100·2·2·(4/3 + 1/2)·3/97 = 2200/97.
        #expect(connectivityClose(ic.dIICIntra, 1200.0 / 97))
        #expect(connectivityClose(ic.dIICFlux, 2200.0 / 97))
        #expect(ic.dIICConnector == 0)

        let pc = try network.nodeImportance(with: Self.pcParameters)
        // PCnum = 21 + 2 (4·1/2 + 1·2/2 + 4·2/4) = 31; PC = 0.31; EC = sqrt(31).
        #expect(connectivityClose(pc.indices.pcNumerator, 31))
        #expect(connectivityClose(pc.indices.pc!, 0.31))
        #expect(connectivityClose(pc.indices.equivalentConnectivityPC, 31.0.squareRoot()))
        let (pa, pb, pcc) = (pc.perNode[0], pc.perNode[1], pc.perNode[2])
        // A: intra 1600/31; flux 100·2·4·(1/2 + 2/4)/31 = 800/31.
        #expect(connectivityClose(pa.dPCIntra, 1600.0 / 31))
        #expect(connectivityClose(pa.dPCFlux, 800.0 / 31))
        #expect(pa.dPCConnector == 0)
        // B: intra 100/31; flux 100·2·(4/2 + 2/2)/31 = 600/31; connector 100·2·4·2·(1/4 − 1/8)/31 = 200/31,
        // independent of a_B.
        #expect(connectivityClose(pb.dPCIntra, 100.0 / 31))
        #expect(connectivityClose(pb.dPCFlux, 600.0 / 31))
        #expect(connectivityClose(pb.dPCConnector, 200.0 / 31))
        #expect(connectivityClose(pb.dPC, 900.0 / 31))  // 29.0323
        // C: intra 400/31; flux 100·2·2·(4/4 + 1/2)/31 = 600/31.
        #expect(connectivityClose(pcc.dPCIntra, 400.0 / 31))
        #expect(connectivityClose(pcc.dPCFlux, 600.0 / 31))
        #expect(pcc.dPCConnector == 0)
    }

    @Test("Connector does not depend on the node's own attribute")
    func connectorIndependentOfOwnAttribute() throws {
        let small = try Self.network(areas: [4, 1, 2]).nodeImportance(with: Self.pcParameters)
        var parameters = Self.pcParameters
        parameters.landscapeAttribute = nil  // 56 > A_L = 10
        let large = try Self.network(areas: [4, 50, 2]).nodeImportance(with: parameters)
        // Absolute connector loss 2·4·2·(1/4 − 1/8) = 2 in both; percentages differ only by num.
        let lossSmall = small.perNode[1].dPCConnector * small.indices.pcNumerator / 100
        let lossLarge = large.perNode[1].dPCConnector * large.indices.pcNumerator / 100
        #expect(connectivityClose(lossSmall, 2))
        #expect(connectivityClose(lossLarge, 2))
    }

    @Test("Metric variant d_AC = 2: exact PC tie through B, so B's PC connector is exactly 0")
    func metricVariant() throws {
        let network = try Self.network(areas: [1, 1, 1], dAC: 2)
        let pc = try network.nodeImportance(with: Self.pcParameters)
        // δ_AC = min(2, 1 + 1) = 2 on both paths: p*_AC = p_AC = 1/4 and B dominates nothing.
        #expect(pc.perNode.allSatisfy { $0.dPCConnector == 0 })
        #expect(connectivityClose(pc.indices.pcNumerator, 5.5))
        // IIC at D = 1.5 is unchanged: A–C (2 ≥ 1.5) is still not a link, connector_B = 200/17.
        let iic = try network.nodeImportance(with: Self.iicParameters)
        #expect(connectivityClose(iic.perNode[1].dIICConnector, 200.0 / 17))
    }

    @Test("Pruning variant pijMin = 0.2 (equal areas, PC)")
    func pruningVariant() throws {
        var parameters = Self.pcParameters
        parameters.minimumProbability = 0.2
        let report = try Self.network(areas: [1, 1, 1]).nodeImportance(with: parameters)
        // p_AC = 1/8 < 0.2 is pruned; p*_AC = 1/4 through B, so PCnum stays 5.5. Removing B leaves A and C
        // unconnected: num_−B = 2, dPC_B = 100·3.5/5.5 = 700/11 with connector 100·2·(1/4)/5.5 = 100/11.
        #expect(report.isPruned)
        #expect(report.prunedLinkCount == 1)
        #expect(connectivityClose(report.indices.pcNumerator, 5.5))
        let b = report.perNode[1]
        #expect(connectivityClose(b.dPC, 700.0 / 11))
        #expect(connectivityClose(b.dPCIntra, 200.0 / 11))
        #expect(connectivityClose(b.dPCFlux, 400.0 / 11))
        #expect(connectivityClose(b.dPCConnector, 100.0 / 11))
    }
}
