import Testing
@testable import EcoZone

/// The one dPC ranking (table, GeoJSON and CSV ranks): decreasing dPC, ties in input order.
struct ConnectivityRankingTests {
    @Test func tiesKeepTheInputOrder() throws {
        // Three nodes too far apart to link: PCnum = Σ a² = 1 + 1 + 4, so dPC = 100 a² / 6: c 66.7 %,
        // a and b 16.7 % each (a tie).
        let far = 1e6
        let network = try ConnectivityNetwork(ids: ["a", "b", "c"], attributes: [1, 1, 2],
                                              distances: [0, far, far, far, 0, far, far, far, 0])
        let report = try network.nodeImportance(with: ConnectivityParameters(distanceThreshold: 100))
        #expect(abs(report.perNode[2].dPC - 400.0 / 6) < 1e-9 && report.perNode[0].dPC == report.perNode[1].dPC)
        #expect(report.rankingByDPC == [2, 0, 1])
        #expect(report.dPCRanks == [2, 3, 1])
    }
}
