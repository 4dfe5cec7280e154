import Foundation
import Testing
@testable import EcoZone

@Suite("Barrier Mapper (methods.md §6, §7.5)")
struct BarrierMapperTests {
    let r = corridorResistance([[1, 1, 1, 1, 1, 50, 1, 1, 1, 1, 1]])
    let c = corridorCores([[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]])

    func surfaces() throws -> (CostDistanceSurface, CostDistanceSurface) {
        (try CostDistance.compute(resistance: r, cores: c, core: 1, backlinks: true),
         try CostDistance.compute(resistance: r, cores: c, core: 2, backlinks: true))
    }

    @Test("strip, R = 1: IS 24.5 on the barrier, 12.25 one cell off, percent 41.5254")
    func strip() throws {
        let (a, b) = try surfaces()
        let score = try BarrierMapper.improvementScore(a, b, leastCostDistance: 59, radius: 1)
        #expect(score.values[5] == 24.5)
        #expect(score.values[4] == 12.25)
        #expect(score.values[0].isNaN == false)   // ring = x = 1 only for both surfaces
        let pct = try BarrierMapper.improvementScore(a, b, leastCostDistance: 59, radius: 1,
                                                     options: BarrierOptions(percent: true))
        #expect(abs(pct.values[5] - 41.5254) < 1e-4)
        // Restored resistance 2: total gain 59 − 8 − 4 = 47, i.e. 23.5 per unit over 2R = 2.
        let rest2 = try BarrierMapper.improvementScore(a, b, leastCostDistance: 59, radius: 1,
                                                       options: BarrierOptions(restoredResistance: 2))
        #expect(rest2.values[5] * 2 == 47)
    }

    @Test("true gain check: restoring x = 4…6 to 1 lowers LCD from 59 to 10 = 24.5 × 2R")
    func trueGain() throws {
        var restored = r
        for i in 4...6 { restored.values[i] = 1 }
        let a = try CostDistance.compute(resistance: restored, cores: c, core: 1, backlinks: true)
        #expect(LeastCostPath.distance(from: a, to: 2, cores: c) == 10)
    }

    @Test("ring offsets: LM's one-map-unit annulus vs one cell wide")
    func rings() {
        // c = 1: radius 2 → cells with 1 < d ≤ 2: (±2,0),(0,±2),(±1,±1) → d = √2 ≤ 2, 4 + 4 = 8
        #expect(BarrierMapper.ringOffsets(radius: 2, cellSize: 1, ring: .oneMapUnit).count == 8)
        // c = 100 m, R = 300 m: LM's ring keeps only 299 < d ≤ 300 → the 4 axis cells.
        #expect(BarrierMapper.ringOffsets(radius: 300, cellSize: 100, ring: .oneMapUnit).count == 4)
        // One cell wide: 200 < d ≤ 300 → (±3,0)x4, (±2,±2) 282.8 x4, (±1,±2)/(±2,±1) 223.6 x8 = 16
        #expect(BarrierMapper.ringOffsets(radius: 300, cellSize: 100, ring: .oneCell).count == 16)
    }

    @Test("barrier centres over links: maximum drops negatives, radius below the cell size is refused")
    func combined() throws {
        let net = try LinkageNetwork.build(resistance: r, cores: c)
        let result = try BarrierMapper.barrierCenters(network: net, radii: [1, 2])
        #expect(result.byRadius.count == 2)
        #expect(result.byRadius[0].values[5] == 24.5)
        #expect(result.combined.values[5] == max(24.5, result.byRadius[1].values[5].isNaN ? 0 : result.byRadius[1].values[5]))
        #expect(result.combined.values.allSatisfy { $0.isNaN || $0 >= 0 })
        let sum = try BarrierMapper.barrierCenters(network: net, radii: [1], combination: .sum)
        #expect(sum.byRadius[0].values[5] == 24.5 && sum.byRadius[0].values[0] == 0)
        #expect(throws: CorridorError.self) { try BarrierMapper.barrierCenters(network: net, radii: [0.5]) }
    }
}

@Suite("Pinch points (methods.md §5.4)")
struct PinchPointTests {
    @Test("top-fraction mask inside the corridor, cores excluded, ties kept")
    func mask() throws {
        let current = CorridorGrid(width: 6, height: 1, cellSize: 1, values: [1.0, 0.9, 0.5, 0.5, 0.2, 1.0])
        let corridor = CorridorGrid(width: 6, height: 1, cellSize: 1, values: [0.0, 0.0, 1.0, 2.0, 0.5, .nan])
        let cores = corridorCores([[1, 0, 0, 0, 0, 0]])
        let m = try PinchPoints.mask(current: current, corridor: corridor, cutoff: 2, topFraction: 0.5, excluding: cores)
        // candidates: cells 1…4 (cell 0 is a core, cell 5 outside); top ⌈0.5·4⌉ = 2 → threshold 0.5
        #expect(m.candidateCount == 4 && m.threshold == 0.5)
        #expect(m.mask.values == [false, true, true, true, false, false])
        let narrow = try PinchPoints.mask(current: current, corridor: corridor, cutoff: 1, topFraction: 0.25, excluding: cores)
        #expect(narrow.mask.values == [false, true, false, false, false, false])
        #expect(throws: CorridorError.self) {
            try PinchPoints.mask(current: current, corridor: corridor, cutoff: 1, topFraction: 0)
        }
    }

    @Test("adjacent-pair mode on the 3×5 grid: corridor NLCC ≤ 1 gives R = 2√2 − 1")
    func adjacentPair() throws {
        let r = corridorResistance([[1, 1, 1, 1, 1], [1, 3, 3, 3, 1], [1, 1, 1, 1, 1]], cellSize: 10)
        let c = corridorCores([[0, 0, 0, 0, 0], [1, 0, 0, 0, 2], [0, 0, 0, 0, 0]], cellSize: 10)
        let net = try LinkageNetwork.build(resistance: r, cores: c)
        // NLCC scales with c = 10: cutoff 10 cost units keeps every cell but the three centre ones.
        let result = try PinchPoints.adjacentPairCurrent(network: net, resistance: r, cores: c, cutoff: 10)
        #expect(result.links.count == 1)
        let link = result.links[0]
        #expect(corridorClose(link.effectiveResistance, 2 * corridorSqrt2 - 1))
        #expect(corridorClose(link.costWeightedResistance, 10 * (2 * corridorSqrt2 - 1)))
        #expect(corridorClose(link.costToResistanceRatio!, (20 + 20 * corridorSqrt2) / (10 * (2 * corridorSqrt2 - 1))))
        #expect(link.costToResistanceRatio! >= 1)
        #expect(result.current.values[5].isNaN && result.current.values[9].isNaN)   // cores
        #expect(result.current.values[7].isNaN)                                     // outside the corridor
        // By symmetry the top and bottom rows carry half the current each.
        #expect(corridorClose(result.current.values[2], 0.5) && corridorClose(result.current.values[12], 0.5))
    }
}
