import Foundation
import Testing
@testable import EcoZone

@Suite("Least-cost distance, path and corridors (methods.md §4.2, §7.3)")
struct LeastCostCorridorTests {
    // 3×5 grid, core A = (1,0), core B = (1,4).
    let r35 = corridorResistance([[1, 1, 1, 1, 1], [1, 3, 3, 3, 1], [1, 1, 1, 1, 1]])
    let c35 = corridorCores([[0, 0, 0, 0, 0], [1, 0, 0, 0, 2], [0, 0, 0, 0, 0]])

    @Test("3×5: CWD_A, LCD, NLCC, cutoff")
    func threeByFive() throws {
        let a = try CostDistance.compute(resistance: r35, cores: c35, core: 1, backlinks: true)
        let b = try CostDistance.compute(resistance: r35, cores: c35, core: 2, backlinks: true)
        let expectedA = [1, corridorSqrt2, 1 + corridorSqrt2, 2 + corridorSqrt2, 3 + corridorSqrt2,
                         0, 2, 3 * corridorSqrt2, 1 + 3 * corridorSqrt2, 2 + 2 * corridorSqrt2,
                         1, corridorSqrt2, 1 + corridorSqrt2, 2 + corridorSqrt2, 3 + corridorSqrt2]
        for i in 0..<15 { #expect(corridorClose(a.distance[i], expectedA[i], relative: 1e-14), "cell \(i)") }
        let link = try #require(LeastCostPath.link(from: a, coreA: 1, to: 2, cores: c35))
        #expect(corridorClose(link.distance, 2 + 2 * corridorSqrt2, relative: 1e-14))
        #expect(corridorClose(LeastCostPath.distance(from: b, to: 1, cores: c35), link.distance, relative: 1e-14))

        let nlcc = LeastCostCorridor.normalized(a, b, leastCostDistance: link.distance)
        let expected = [2 - corridorSqrt2, 0, 0, 0, 2 - corridorSqrt2,
                        0, 1 + corridorSqrt2, 4 * corridorSqrt2 - 2, 1 + corridorSqrt2, 0,
                        2 - corridorSqrt2, 0, 0, 0, 2 - corridorSqrt2]
        for i in 0..<15 { #expect(abs(nlcc.values[i] - expected[i]) < 1e-12, "cell \(i): \(nlcc.values[i])") }

        let cut = LeastCostCorridor.normalized(a, b, leastCostDistance: link.distance, cutoff: 1.0)
        let kept = cut.values.enumerated().filter { !$0.element.isNaN }.map(\.offset)
        #expect(kept == [0, 1, 2, 3, 4, 5, 9, 10, 11, 12, 13, 14])
    }

    @Test("3×5: two tied least-cost paths; the lowest-index predecessor (top row) wins")
    func tiedPaths() throws {
        let a = try CostDistance.compute(resistance: r35, cores: c35, core: 1, backlinks: true)
        let link = try #require(LeastCostPath.link(from: a, coreA: 1, to: 2, cores: c35))
        #expect(link.path == [9, 3, 2, 1, 5])
        #expect(corridorClose(link.pathLength, 2 + 2 * corridorSqrt2, relative: 1e-14))
        #expect(corridorClose(link.costToPathLengthRatio, 1.0, relative: 1e-14))
    }

    @Test("1×11 strip with a barrier: CWD, LCD 59, NLCC 0, ratio 5.9")
    func strip() throws {
        let r = corridorResistance([[1, 1, 1, 1, 1, 50, 1, 1, 1, 1, 1]])
        let c = corridorCores([[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]])
        let a = try CostDistance.compute(resistance: r, cores: c, core: 1, backlinks: true)
        let b = try CostDistance.compute(resistance: r, cores: c, core: 2, backlinks: true)
        #expect(a.distance == [0, 1, 2, 3, 4, 29.5, 55, 56, 57, 58, 59])
        let link = try #require(LeastCostPath.link(from: a, coreA: 1, to: 2, cores: c))
        #expect(link.distance == 59)
        #expect(link.pathLength == 10)
        #expect(corridorClose(link.costToPathLengthRatio, 5.9, relative: 1e-15))
        #expect(link.path == Array((0...10).reversed()).map(Int32.init))
        let nlcc = LeastCostCorridor.normalized(a, b, leastCostDistance: 59)
        #expect(nlcc.values.allSatisfy { $0 == 0 })
    }

    @Test("unreachable core gives no link")
    func unreachable() throws {
        let r = corridorResistance([[1, .nan, 1]])
        let c = corridorCores([[1, 0, 2]])
        let a = try CostDistance.compute(resistance: r, cores: c, core: 1, backlinks: true)
        #expect(LeastCostPath.link(from: a, coreA: 1, to: 2, cores: c) == nil)
        let net = try LinkageNetwork.build(resistance: r, cores: c, options: LinkageOptions(selection: .allPairs))
        #expect(net.links.count == 1 && net.links[0].status == .unreachable)
    }

    @Test("mosaic is the cell-wise minimum ignoring NaN")
    func mosaic() throws {
        let g1 = CorridorGrid(width: 3, height: 1, cellSize: 1, values: [1.0, .nan, 5])
        let g2 = CorridorGrid(width: 3, height: 1, cellSize: 1, values: [2.0, .nan, 3])
        let g3 = CorridorGrid(width: 3, height: 1, cellSize: 1, values: [.nan, .nan, 4])
        let m = try #require(LeastCostCorridor.mosaic([g1, g2, g3]))
        #expect(m.values[0] == 1 && m.values[1].isNaN && m.values[2] == 3)
    }

    @Test("pair selection: a corridor through a third core is dropped; allocation adjacency")
    func threeCoresInLine() throws {
        // Cores 1, 3, 2 in a row: 1–2 must pass through core 3, and 1 and 2 are not adjacent.
        let r = corridorResistance([[1, 1, 1, 1, 1, 1, 1]])
        let c = corridorCores([[1, 0, 0, 3, 0, 0, 2]])
        let alloc = try CostAllocation.compute(resistance: r, cores: c)
        #expect(alloc.zone.values == [1, 1, 1, 3, 3, 3, 2] || alloc.zone.values == [1, 1, 3, 3, 3, 2, 2])
        #expect(alloc.adjacentPairs() == [CorePair(1, 3), CorePair(2, 3)])
        let all = try LinkageNetwork.build(resistance: r, cores: c, options: LinkageOptions(selection: .allPairs))
        #expect(all.links.map(\.pair) == [CorePair(1, 2), CorePair(1, 3), CorePair(2, 3)])
        #expect(all.links[0].status == .intermediateCore([3]))
        #expect(all.links[1].status == .active && all.links[2].status == .active)
        #expect(all.activeLinks.count == 2)
        let adjacent = try LinkageNetwork.build(resistance: r, cores: c)
        #expect(adjacent.links.map(\.pair) == [CorePair(1, 3), CorePair(2, 3)])
        let capped = try LinkageNetwork.build(resistance: r, cores: c,
                                              options: LinkageOptions(maximumCostDistance: 2.5))
        #expect(capped.links.map(\.status) == [.tooCostly, .tooCostly])
        let mosaic = try #require(LeastCostCorridor.mosaic(of: adjacent))
        #expect(mosaic.values.allSatisfy { $0 == 0 })
    }
}
