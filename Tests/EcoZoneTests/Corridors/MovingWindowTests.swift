import Foundation
import Testing
@testable import EcoZone

/// The Omniscape-style moving window (issue 16 item 1): by hand on a strip, symmetric on a uniform
/// grid, and equal to a dense direct solve written here from the definition.
@Suite("Moving-window current")
struct MovingWindowTests {
    static let tight = CircuitOptions(eightNeighbors: false, tolerance: 1e-13)

    @Test("A 1 × 3 strip of resistance 1, radius 1 (by hand): 4/3, 2, 4/3; one 3 × 3 block: 1, 3, 1")
    func strip() throws {
        let grid = ResistanceGrid(width: 3, height: 1, cellSize: 30, values: [1, 1, 1])
        // Target a: window {a, b}, Σs = 2, b injects 1/2 → a 1 (its strength), b 1/2. Target c alike.
        // Target b: window {a, b, c}, Σs = 3, a and c inject 1/3 each → b 1, a and c 1/3.
        let one = try MovingWindowCurrent.run(resistance: grid, options: MovingWindowOptions(radius: 1, circuit: Self.tight))
        #expect(one.targets == 3)
        for (got, want) in zip(one.current.values, [4.0 / 3, 2, 4.0 / 3]) { #expect(abs(got - want) < 1e-12) }
        // One block (clipped to the strip), centre b, strength 3: a and c inject 1 each.
        let blocked = try MovingWindowCurrent.run(resistance: grid, options: MovingWindowOptions(radius: 1, block: 3, circuit: Self.tight))
        #expect(blocked.targets == 1)
        for (got, want) in zip(blocked.current.values, [1.0, 3, 1]) { #expect(abs(got - want) < 1e-12) }
    }

    @Test("Uniform resistance: the current map has the square's symmetries")
    func uniformIsSymmetric() throws {
        let n = 9
        let grid = ResistanceGrid(width: n, height: n, cellSize: 30, repeating: 5)
        let c = try MovingWindowCurrent.run(resistance: grid, options: MovingWindowOptions(radius: 3, circuit: CircuitOptions(tolerance: 1e-13)),
                                            maxConcurrency: 2).current
        var largest = 0.0
        for r in 0..<n {
            for k in 0..<n {
                let v = c[r, k]
                largest = max(largest, v)
                #expect(abs(v - c[r, n - 1 - k]) < 1e-9 && abs(v - c[n - 1 - r, k]) < 1e-9 && abs(v - c[k, r]) < 1e-9, "cell \(r), \(k)")
            }
        }
        #expect(largest > 0.2)   // more than a target's own strength 1/5: other windows' current passes through
    }

    /// The definition, solved densely: per target, the disc's passable cells in the target's
    /// component (here every passable cell of the disc is connected), the Laplacian with the target
    /// grounded, Gaussian elimination with partial pivoting, node currents = max(inflow, outflow).
    static func direct(_ r: [Double], width w: Int, height h: Int, radius q: Int) -> [Double] {
        var total = r.map { $0.isFinite ? 0.0 : .nan }
        for t in 0..<(w * h) where r[t].isFinite {
            let tr = t / w, tc = t % w
            let cells = (0..<(w * h)).filter { i in
                let dr = i / w - tr, dc = i % w - tc
                return r[i].isFinite && dr * dr + dc * dc <= q * q
            }
            let n = cells.count
            var g = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            for a in 0..<n {
                for b in 0..<n where a != b {
                    let i = cells[a], j = cells[b]
                    let dr = abs(i / w - j / w), dc = abs(i % w - j % w)
                    guard dr + dc == 1 else { continue }      // 4 neighbours
                    g[a][b] = 1 / ((r[i] + r[j]) / 2)
                }
            }
            let strength = 1 / r[t]
            let sum = cells.reduce(0) { $0 + 1 / r[$1] }
            let ti = cells.firstIndex(of: t)!
            let unknown = (0..<n).filter { $0 != ti }
            let m = unknown.count
            var a = [[Double]](repeating: [Double](repeating: 0, count: m + 1), count: m)
            for (p, u) in unknown.enumerated() {
                a[p][p] = g[u].reduce(0, +)
                for (s, v) in unknown.enumerated() where s != p { a[p][s] = -g[u][v] }
                a[p][m] = strength * (1 / r[cells[u]]) / sum
            }
            for col in 0..<m {
                let pivot = (col..<m).max { abs(a[$0][col]) < abs(a[$1][col]) }!
                a.swapAt(col, pivot)
                for row in 0..<m where row != col {
                    let f = a[row][col] / a[col][col]
                    for k in col...m { a[row][k] -= f * a[col][k] }
                }
            }
            var v = [Double](repeating: 0, count: n)
            for (p, u) in unknown.enumerated() { v[u] = a[p][m] / a[p][p] }
            for x in 0..<n {
                if x == ti { total[cells[x]] += strength; continue }
                var inflow = strength * (1 / r[cells[x]]) / sum, outflow = 0.0
                for y in 0..<n where g[x][y] > 0 {
                    let c = g[x][y] * (v[x] - v[y])
                    if c > 0 { outflow += c } else { inflow -= c }
                }
                total[cells[x]] += max(inflow, outflow)
            }
        }
        return total
    }

    @Test("Varied resistance with a NoData corner equals the dense direct solve to 1e-9")
    func equalsDirectSolve() throws {
        let w = 6, h = 5
        var r = (0..<(w * h)).map { Double(1 + ($0 * 7) % 5) }
        r[0] = .nan
        let grid = ResistanceGrid(width: w, height: h, cellSize: 30, values: r)
        let got = try MovingWindowCurrent.run(resistance: grid, options: MovingWindowOptions(radius: 2, circuit: Self.tight)).current.values
        let want = Self.direct(r, width: w, height: h, radius: 2)
        #expect(got[0].isNaN && want[0].isNaN)
        for i in 1..<(w * h) { #expect(abs(got[i] - want[i]) < 1e-9 * max(1, abs(want[i])), "cell \(i): \(got[i]) vs \(want[i])") }
    }

    @Test("Radius, block and zero resistance are refused")
    func refusals() {
        let grid = ResistanceGrid(width: 3, height: 1, cellSize: 30, values: [1, 0, 1])
        #expect(throws: CorridorError.zeroResistance(cell: 1)) { try MovingWindowCurrent.run(resistance: grid, options: MovingWindowOptions(radius: 1)) }
        let ok = ResistanceGrid(width: 3, height: 1, cellSize: 30, values: [1, 1, 1])
        #expect(throws: CorridorError.self) { try MovingWindowCurrent.run(resistance: ok, options: MovingWindowOptions(radius: 0)) }
        #expect(throws: CorridorError.self) { try MovingWindowCurrent.run(resistance: ok, options: MovingWindowOptions(radius: 1, block: 2)) }
    }
}
