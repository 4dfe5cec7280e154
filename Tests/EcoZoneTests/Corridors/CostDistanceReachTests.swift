import Foundation
import Testing
import GeoKit
@testable import EcoZone

/// Issue 16: each core's cost-distance run stops at its ``CostDistanceReach`` limit, and the links,
/// corridors, currents and barrier scores are still those of whole-grid runs, cell for cell.
@Suite("Cost-distance reach")
struct CostDistanceReachTests {
    @Test("Link bounds and limits on a 1 × 7 strip (by hand)")
    func strip() throws {
        // Cores 1, 3, 2 at cells 0, 3, 6, resistance 1, cell 1: zones 1 1 3 3 3 2 2, distances 0 1 1 0 1 1 0.
        let r = corridorResistance([[1, 1, 1, 1, 1, 1, 1]])
        let c = corridorCores([[1, 0, 0, 3, 0, 0, 2]])
        let alloc = try CostAllocation.compute(resistance: r, cores: c)
        #expect(alloc.zone.values == [1, 1, 3, 3, 3, 2, 2] && alloc.distance == [0, 1, 1, 0, 1, 1, 0])
        // 1–3 touch between cells 1 and 2: 1 + (1 + 1) / 2 · 1 + 1 = 3; 2–3 between cells 4 and 5: 3.
        let bounds = CostDistanceReach.linkBounds(allocation: alloc, resistance: r)
        #expect(bounds == [CorePair(1, 3): 3, CorePair(2, 3): 3])
        let pairs = alloc.adjacentPairs()
        let m = 1 + CostDistanceReach.relativeMargin
        // Default cut-off: at most 0.1 × the largest bound, 0.3.
        let share = CostDistanceReach(candidates: pairs, linkBounds: bounds, cutoff: .shareOfMedian(0.1))
        #expect(share.cutoffBound == 0.1 * 3)
        #expect(share.limits == [1: (3 + 0.1 * 3) * m, 2: (3 + 0.1 * 3) * m, 3: (3 + 0.1 * 3) * m])
        let fixed = CostDistanceReach(candidates: pairs, linkBounds: bounds, cutoff: .fixed(1))
        #expect(fixed.limit(core: 1) == 4 * m && fixed.limit(core: 9) == .infinity)
        // A pair without a bound (every-pair selection) leaves its cores uncut.
        let open = CostDistanceReach(candidates: [CorePair(1, 2)] + pairs, linkBounds: bounds, cutoff: .fixed(1))
        #expect(open.limit(core: 1) == .infinity && open.limit(core: 2) == .infinity && open.limit(core: 3) == 4 * m)
        // The cut runs: core 1 stops after cell 4 (distance 4 ≤ 4.00004); cell 5 (5) is beyond.
        let cut = try CostDistance.compute(resistance: r, cores: c, core: 1, maximumDistance: fixed.limit(core: 1), backlinks: true)
        #expect(cut.distance == [0, 1, 2, 3, 4, .infinity, .infinity])
    }

    @Test("Every bound is at least the least-cost distance of whole-grid runs, up to rounding")
    func boundsAboveLeastCost() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (surface, cores) = try Self.inputs(in: dir)
        let labels = try cores.labels(on: surface)
        let alloc = try CostAllocation.compute(resistance: surface.grid, cores: labels)
        let bounds = CostDistanceReach.linkBounds(allocation: alloc, resistance: surface.grid)
        #expect(Set(bounds.keys) == Set(alloc.adjacentPairs()) && bounds.count >= 4)
        for (pair, u) in bounds {
            let whole = try CostDistance.compute(resistance: surface.grid, cores: labels, core: pair.a)
            let lcd = LeastCostPath.distance(from: whole, to: pair.b, cores: labels)
            // Often the bound is the least-cost path itself, summed from both ends: equal up to rounding
            // (seen: 1 ulp), which the limits' 1e-5 margin covers.
            #expect(lcd.isFinite && lcd <= u * (1 + 1e-12), "\(pair): LCD \(lcd), bound \(u)")
        }
    }

    @Test("Cut runs: links, corridors, currents and barrier scores equal whole-grid runs; surfaces are +infinity beyond the limit")
    func pipelineEqualsWholeGrid() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (surface, cores) = try Self.inputs(in: dir)
        let radii = [60.0, 120.0]
        let a = try CorridorAnalysis.run(surface: surface, cores: cores, options: CorridorOptions(barrierRadii: radii, maxConcurrency: 2))
        let reach = try #require(a.reach)
        // The whole-grid steps (no limit), as the pipeline ran them before.
        let network = try LinkageNetwork.build(resistance: surface.grid, cores: a.labels)
        #expect(network.links.map(\.pair) == a.network.links.map(\.pair))
        #expect(network.links.map(\.status) == a.network.links.map(\.status))
        #expect(network.links.map(\.leastCost) == a.network.links.map(\.leastCost))   // distances and paths
        let active = network.activeLinks
        #expect(active.count >= 4 && a.pairs.map(\.costDistance) == active.map { $0.leastCost!.distance })
        let lcds = active.map { $0.leastCost!.distance }.sorted()
        #expect(a.cutoff == 0.1 * lcds[lcds.count / 2])
        try CorridorWindowTests.expectWholeGridAnswers(a, network: network, radii: radii)
        // The surfaces on disk: the whole-grid distance up to the core's limit, +infinity beyond and
        // outside the window the core's run covered (impassable cells there too); some core's run did
        // stop before the far end of the strip, and some ran on a window smaller than the grid.
        var cutCells = 0, outside = 0
        for (id, s) in network.surfaces {
            let limit = reach.limit(core: id)
            #expect(limit.isFinite)
            let window = try #require(a.costDistances.windows[id])
            let got = try a.costDistances.read(core: id, window: CellWindow(wholeGridOf: s.width, s.height))
            for i in got.indices {
                let d = s.distance[i]
                let r = i / s.width, c = i % s.width
                let inWindow = r >= window.row && r < window.row + window.height && c >= window.column && c < window.column + window.width
                if !inWindow {
                    #expect(!d.isFinite || d > limit)
                    #expect(got[i] == .infinity)
                    outside += 1
                } else if d.isFinite && d > limit {
                    #expect(got[i] == .infinity)
                    cutCells += 1
                } else {
                    #expect(got[i] == d || (got[i].isNaN && d.isNaN))
                }
            }
        }
        // (Seen: windows of 70 × 71, 151 × 120 and 123 × 85 cells of the 240 × 120 grid; 52,855 cells left outside.)
        #expect(cutCells > surface.grid.count && outside > surface.grid.count / 2)
    }

    @Test("A fixed cut-off: the cut runs give the whole-grid corridor mosaic")
    func fixedCutoff() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (surface, cores) = try Self.inputs(in: dir)
        let a = try CorridorAnalysis.run(surface: surface, cores: cores, options: CorridorOptions(cutoff: 5_000, circuit: false, barriers: false))
        #expect(try #require(a.reach).cutoffBound == 5_000)
        let network = try LinkageNetwork.build(resistance: surface.grid, cores: a.labels)
        let mosaic = try #require(LeastCostCorridor.mosaic(of: network, cutoff: 5_000))
        #expect(CorridorWindowTests.same(a.corridors.values, mosaic.values))
        #expect(mosaic.values.contains { $0 > 1_000 })
    }

    /// A 240 × 120 grid of 30 m cells, smooth seeded resistance 1…60 with a NoData wall that leaves a
    /// gap, five 3 × 3-cell cores along its top quarter: the end cores' runs stop long before the far
    /// end, and the cores' windows leave out the far side and the bottom of the grid.
    static func inputs(in dir: URL) throws -> (ResistanceSurface, CorePolygons) {
        try CorridorWindowTests.inputs(in: dir, width: 240, height: 120, seed: 0x2545_F491_4F6C_DD1D, bumps: 10, wallColumn: 57,
                                       gap: 10...14, cores: [(3, 4), (38, 20), (72, 6), (108, 22), (144, 12)])
    }
}
