import Foundation
import Testing
@testable import EcoZone

/// Relative/absolute closeness used throughout the corridor tests.
func corridorClose(_ a: Double, _ b: Double, relative: Double = 1e-9, absolute: Double = 1e-12) -> Bool {
    if a == b { return true }
    return abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
}

func corridorResistance(_ rows: [[Double]], cellSize: Double = 1) -> ResistanceGrid {
    ResistanceGrid(width: rows[0].count, height: rows.count, cellSize: cellSize, values: rows.flatMap { $0 })
}

func corridorCores(_ rows: [[Int32]], cellSize: Double = 1) -> CoreLabelGrid {
    CoreLabelGrid(width: rows[0].count, height: rows.count, cellSize: cellSize, values: rows.flatMap { $0 })
}

let corridorSqrt2 = 2.0.squareRoot()

@Suite("Cost-weighted distance (methods.md §4.1, §7.2)")
struct CostDistanceTests {
    @Test("A run on a window stops at the first cell it settles on a watched edge (by hand)")
    func stopsAtAWatchedEdge() {
        // 3 × 5 of resistance 1, cell 1, source at row 1, column 2. Keys: 1 for the four neighbours,
        // √2 for the diagonals, then 2 for (1, 0) (index 5, not watched) and (1, 4) (index 9, the right edge).
        let r = corridorResistance([[1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1]])
        let edges = CostDistance.WindowEdges(top: false, bottom: false, left: false, right: true)
        guard case .reachedEdge(let distance, let extent) = CostDistance.run(resistance: r, sources: [7], maximumDistance: 10,
                                                                             backlinks: true, stoppingAt: edges) else {
            Issue.record("the run did not stop at the right edge")
            return
        }
        #expect(distance == 2 && extent == CellWindow(column: 0, row: 0, width: 5, height: 3))
        // Beyond its limit the edge is not met: the run settles, as compute does.
        guard case .settled(let s) = CostDistance.run(resistance: r, sources: [7], maximumDistance: 1.9, backlinks: true, stoppingAt: edges) else {
            Issue.record("the run stopped beyond its limit")
            return
        }
        #expect(s.distance == CostDistance.compute(resistance: r, sources: [7], maximumDistance: 1.9, backlinks: true).distance)
    }

    @Test("3×3 with a costly centre, source top-left")
    func threeByThree() {
        let r = corridorResistance([[1, 1, 1], [1, 5, 1], [1, 1, 1]])
        let cwd = CostDistance.compute(resistance: r, sources: [0]).distance
        let expected = [0, 1, 2, 1, 4, 1 + corridorSqrt2, 2, 1 + corridorSqrt2, 2 + corridorSqrt2]
        for i in 0..<9 { #expect(corridorClose(cwd[i], expected[i], relative: 1e-14), "cell \(i): \(cwd[i])") }
    }

    @Test("cell size 10 scales every value by 10")
    func cellSizeScales() {
        let r = corridorResistance([[1, 1, 1], [1, 5, 1], [1, 1, 1]], cellSize: 10)
        let cwd = CostDistance.compute(resistance: r, sources: [0]).distance
        let expected = [0, 1, 2, 1, 4, 1 + corridorSqrt2, 2, 1 + corridorSqrt2, 2 + corridorSqrt2].map { $0 * 10 }
        for i in 0..<9 { #expect(corridorClose(cwd[i], expected[i], relative: 1e-14)) }
    }

    @Test("NoData barrier: paths go round, NoData stays NoData")
    func noDataBarrier() {
        let r = corridorResistance([[1, 1, 1], [.nan, .nan, 1], [1, 1, 1]])
        let cwd = CostDistance.compute(resistance: r, sources: [0]).distance
        #expect(corridorClose(cwd[6], 2 + 2 * corridorSqrt2, relative: 1e-14))   // 4.828427
        #expect(corridorClose(cwd[7], 1 + 2 * corridorSqrt2, relative: 1e-14))   // 3.828427
        #expect(cwd[3].isNaN && cwd[4].isNaN)
    }

    @Test("diagonal moves between two barriers are allowed (no corner-cutting rule)")
    func diagonalPastBarriers() {
        let r = corridorResistance([[1, .nan], [.nan, 1]])
        let cwd = CostDistance.compute(resistance: r, sources: [0]).distance
        #expect(corridorClose(cwd[3], corridorSqrt2, relative: 1e-15))
    }

    @Test("scikit-image documented example: 8-connected 9.192388")
    func skimageDocExample() {
        let r = corridorResistance([[1, 3], [10, 12]])
        let cwd = CostDistance.compute(resistance: r, sources: [0]).distance
        #expect(corridorClose(cwd[3], corridorSqrt2 * 6.5, relative: 1e-15))
        #expect(abs(cwd[3] - 9.192388) < 1e-6)
    }

    @Test("maximum distance leaves farther cells unreachable; unreachable is +infinity")
    func maximumDistance() {
        let r = corridorResistance([[1, 1, 1, 1, 1, 1]])
        let s = CostDistance.compute(resistance: r, sources: [0], maximumDistance: 2.5, backlinks: true)
        #expect(Array(s.distance.prefix(3)) == [0, 1, 2])
        #expect(s.distance[3] == .infinity && s.distance[5] == .infinity)
        #expect(s.backlink![3] == -1)
        let cut = corridorResistance([[1, .nan, 1]])
        let t = CostDistance.compute(resistance: cut, sources: [0])
        #expect(t.distance[2] == .infinity && t.distance[1].isNaN)
    }

    @Test("several sources, impassable source ignored, back-links lead to a source")
    func multipleSources() {
        let r = corridorResistance([[1, 1, 1, 1, 1], [1, 2, 2, 2, 1], [1, 1, .nan, 1, 1]])
        let s = CostDistance.compute(resistance: r, sources: [0, 4, 12], backlinks: true)
        #expect(s.distance[0] == 0 && s.distance[4] == 0 && s.distance[12].isNaN)
        #expect(corridorClose(s.distance[2], 2, relative: 1e-15))
        for cell in 0..<15 where s.distance[cell].isFinite {
            let path = s.tracePath(from: cell)
            #expect([0, 4].contains(Int(path.last!)))
            // Path cost re-summed along the back-links equals the distance.
            var total = 0.0
            for k in stride(from: path.count - 1, to: 0, by: -1) {
                let a = Int(path[k]), b = Int(path[k - 1])
                let diagonal = a / 5 != b / 5 && a % 5 != b % 5
                total += (r.values[a] + r.values[b]) / 2 * (diagonal ? corridorSqrt2 : 1)
            }
            #expect(corridorClose(total, s.distance[cell], relative: 1e-14))
        }
    }

    @Test("heap: random keys pop in order, decrease-key keeps order")
    func heapOrder() {
        var positions = [Int32](repeating: -1, count: 500)
        var generator = SplitMix64(seed: 7)
        var keys = (0..<500).map { _ in Double(generator.next() % 1000) }
        positions.withUnsafeMutableBufferPointer { pos in
            var heap = IndexedQuaternaryHeap(capacity: 4)
            defer { heap.deallocate() }
            for i in 0..<500 { heap.push(node: Int32(i), key: keys[i], positions: pos) }
            for i in stride(from: 0, to: 500, by: 3) {
                keys[i] -= 500
                heap.decreaseKey(slot: Int(pos[i]), key: keys[i], positions: pos)
            }
            var last = -Double.infinity
            var popped = 0
            while let (node, key) = heap.popMin(positions: pos) {
                #expect(key >= last)
                #expect(key == keys[Int(node)])
                last = key
                popped += 1
            }
            #expect(popped == 500)
        }
    }
}

