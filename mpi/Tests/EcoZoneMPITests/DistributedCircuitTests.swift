import EcoZone
@testable import EcoZoneMPI
import Foundation
import GeoKit
import Testing

/// In-process solves (a job of one rank). Serialized: PETSc objects are not used from two threads at once.
@Suite(.serialized) struct DistributedCircuitTests {
    init() throws { try MPITestSupport.start() }

    @Test("A uniform strip between its end columns: R = r (nx − 1) / ny exactly (4 neighbours), both preconditioners",
          arguments: DistributedPreconditioner.allCases)
    func strip(_ pc: DistributedPreconditioner) throws {
        // nx − 1 column steps in series, each ny parallel edges of resistance r: R = r (nx − 1) / ny.
        for (nx, ny, r) in [(40, 7, 1.0), (25, 12, 2.5)] {
            var labels = [Int32](repeating: 0, count: nx * ny)
            for row in 0..<ny { labels[row * nx] = 1; labels[row * nx + nx - 1] = 2 }
            let circuit = try DistributedCircuit(width: nx, height: ny, options: DistributedCircuitOptions(eightNeighbors: false, tolerance: 1e-12, preconditioner: pc))
            let s = try circuit.solve(resistance: ResistanceGrid(width: nx, height: ny, cellSize: 30, repeating: r),
                                      cores: CoreLabelGrid(width: nx, height: ny, cellSize: 30, values: labels), between: 1, and: 2)
            let exact = r * Double(nx - 1) / Double(ny)
            #expect(abs(s.effectiveResistance - exact) <= 1e-10 * exact, "\(nx)×\(ny) r=\(r): \(s.effectiveResistance) vs \(exact)")
            // Voltage falls linearly from B (R) to A (0): column c is at r·c/ny.
            for col in [1, nx / 2, nx - 2] {
                #expect(abs(s.voltage[2 * nx + col] - r * Double(col) / Double(ny)) <= 1e-9 * exact)
            }
            // 1 A spreads over ny rows: each interior cell passes 1/ny A.
            #expect(abs(s.current[3 * nx + nx / 2] - 1 / Double(ny)) <= 1e-9)
        }
    }

    @Test("GAMG and BoomerAMG give the same resistances and maps on a rough field with an impassable lake")
    func preconditionersAgree() throws {
        let (r, l) = MPITestSupport.rough(width: 60, height: 45)
        var results: [[DistributedCircuitResult]] = []
        for pc in DistributedPreconditioner.allCases {
            let circuit = try DistributedCircuit(width: 60, height: 45, options: DistributedCircuitOptions(tolerance: 1e-12, preconditioner: pc))
            results.append(try [(Int32(1), Int32(2)), (1, 3), (2, 3)].map { try circuit.solve(resistance: r, cores: l, between: $0.0, and: $0.1) })
        }
        for (a, b) in zip(results[0], results[1]) {
            #expect(abs(a.effectiveResistance - b.effectiveResistance) <= 1e-9 * a.effectiveResistance)
            for i in a.voltage.indices where a.voltage[i].isFinite {
                #expect(abs(a.voltage[i] - b.voltage[i]) <= 1e-8 * a.effectiveResistance)
            }
        }
    }

    @Test("Equals the single-machine multigrid solver (CircuitFlow) on a rough field: resistance, voltage, current")
    func equalsCircuitFlowRough() throws {
        let (r, l) = MPITestSupport.rough(width: 60, height: 45)
        let circuit = try DistributedCircuit(width: 60, height: 45, options: DistributedCircuitOptions(tolerance: 1e-12))
        for (a, b) in [(Int32(1), Int32(2)), (1, 3), (2, 3)] {
            let d = try circuit.solve(resistance: r, cores: l, between: a, and: b)
            let s = try CircuitFlow.solve(resistance: r, cores: l, between: a, and: b, options: CircuitOptions(tolerance: 1e-12))
            #expect(abs(d.effectiveResistance - s.effectiveResistance) <= 1e-8 * s.effectiveResistance)
            for i in d.voltage.indices {
                #expect(d.voltage[i].isNaN == s.voltage.values[i].isNaN)
                guard d.voltage[i].isFinite else { continue }
                #expect(abs(d.voltage[i] - s.voltage.values[i]) <= 1e-7 * s.effectiveResistance)
                // Core cells: the shorted node's 1 A here; CircuitFlow sums its branches above the floor.
                if l.values[i] != a && l.values[i] != b {
                    #expect(abs(d.current[i] - s.current.values[i]) <= 1e-6 * max(1e-3, s.current.values[i]), "cell \(i)")
                }
            }
        }
    }

    @Test("A core cut off by impassable cells: not connected (infinite), as CircuitFlow says")
    func disconnected() throws {
        let w = 20, h = 10
        var r = [Double](repeating: 1, count: w * h), l = [Int32](repeating: 0, count: w * h)
        for row in 0..<h { r[row * w + 10] = .nan; l[row * w] = 1; l[row * w + w - 1] = 2 }
        let grid = ResistanceGrid(width: w, height: h, cellSize: 30, values: r), cores = CoreLabelGrid(width: w, height: h, cellSize: 30, values: l)
        let d = try DistributedCircuit(width: w, height: h).solve(resistance: grid, cores: cores, between: 1, and: 2)
        #expect(d.effectiveResistance == .infinity)
        #expect(try CircuitFlow.solve(resistance: grid, cores: cores, between: 1, and: 2).effectiveResistance == .infinity)
        #expect(throws: CorridorError.emptyCore(3)) {
            try DistributedCircuit(width: w, height: h).solve(resistance: grid, cores: cores, between: 1, and: 3)
        }
    }

    /// A rough field (8 neighbours) with five single-cell cores: 1, 2 and 5 in the main part, 3 and 4 on an
    /// island walled off by impassable cells (component ground: 5 and 4, each its largest id).
    static func focalField() -> (ResistanceGrid, CoreLabelGrid) {
        let w = 17, h = 13
        var (grid, _) = MPITestSupport.rough(width: w, height: h)
        var l = [Int32](repeating: 0, count: w * h)
        for row in 0..<h { grid.values[row * w + 12] = .nan }                 // the wall: columns 13… are an island
        for (id, row, col) in [(1, 1, 0), (2, 11, 9), (5, 6, 3), (3, 0, 16), (4, 12, 13)] { l[row * w + col] = Int32(id) }
        l[2 * w + 6] = 9   // a core that is not a focal point of these pairs: an ordinary cell
        return (grid, CoreLabelGrid(width: w, height: h, cellSize: 30, values: l))
    }

    /// R_ab by a dense direct solve, independent of PETSc and CircuitFlow: the Laplacian of the passable cells
    /// (conductances 1/((r1+r2)/2), diagonals ÷ √2), b grounded, 1 A in at a, R = v_a; Gaussian elimination.
    static func denseResistance(_ r: ResistanceGrid, _ a: Int, _ b: Int, eight: Bool = true) -> Double {
        let w = r.width, h = r.height
        let cells = r.values.indices.filter { r.values[$0].isFinite && $0 != b }
        var index = [Int: Int]()
        for (k, c) in cells.enumerated() { index[c] = k }
        let n = cells.count
        var m = [Double](repeating: 0, count: n * n), rhs = [Double](repeating: 0, count: n)
        let steps = eight ? [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)] : [(1, 0), (-1, 0), (0, 1), (0, -1)]
        for (k, c) in cells.enumerated() {
            let x = c % w, y = c / w
            for (dx, dy) in steps {
                let nx = x + dx, ny = y + dy
                guard nx >= 0, nx < w, ny >= 0, ny < h, r.values[ny * w + nx].isFinite else { continue }
                let g = 1 / ((dx != 0 && dy != 0 ? 2.0.squareRoot() : 1) * (r.values[c] + r.values[ny * w + nx]) / 2)
                m[k * n + k] += g
                if let j = index[ny * w + nx] { m[k * n + j] -= g }
            }
        }
        rhs[index[a]!] = 1
        for col in 0..<n {   // partial pivoting
            let p = (col..<n).max { abs(m[$0 * n + col]) < abs(m[$1 * n + col]) }!
            if p != col {
                for j in 0..<n { m.swapAt(p * n + j, col * n + j) }
                rhs.swapAt(p, col)
            }
            for row in (col + 1)..<n where m[row * n + col] != 0 {
                let f = m[row * n + col] / m[col * n + col]
                for j in col..<n { m[row * n + j] -= f * m[col * n + j] }
                rhs[row] -= f * rhs[col]
            }
        }
        var v = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var s = rhs[row]
            for j in (row + 1)..<n { s -= m[row * n + j] * v[j] }
            v[row] = s / m[row * n + row]
        }
        return v[index[a]!]
    }

    @Test("Focal points, one set-up for every pair: a dense direct solve's R, infinite across the wall, and the per-pair solve's maps",
          arguments: DistributedPreconditioner.allCases)
    func focalPoints(_ pc: DistributedPreconditioner) throws {
        let (r, l) = Self.focalField()
        let circuit = try DistributedCircuit(width: r.width, height: r.height, options: DistributedCircuitOptions(tolerance: 1e-12, preconditioner: pc))
        let window = circuit.inputWindow
        let res = window.cut(r.values, gridWidth: r.width), lab = window.cut(l.values, gridWidth: r.width)
        #expect(try circuit.prepareFocalPoints(resistance: res, labels: lab, cores: [1, 2, 3, 4, 5]))
        let cell = [Int32(1): 1 * 17 + 0, 2: 11 * 17 + 9, 5: 6 * 17 + 3, 3: 0 * 17 + 16, 4: 12 * 17 + 13]
        var solved = 0
        for a in Int32(1)...4 {
            for b in (a + 1)...5 {
                let s = try circuit.solveFocalPoints(resistance: res, labels: lab, between: a, and: b)
                let sameSide = (a == 3 || a == 4) == (b == 3 || b == 4)
                guard sameSide else {
                    #expect(s.effectiveResistance == .infinity, "\(a)-\(b)")
                    continue
                }
                solved += 1
                // Pairs with the ground at one end (5, 4) and with neither (1-2).
                let exact = Self.denseResistance(r, cell[a]!, cell[b]!)
                #expect(abs(s.effectiveResistance - exact) <= 1e-9 * exact, "\(a)-\(b): \(s.effectiveResistance) vs \(exact)")
                // Reversed, the ground (the larger id) is the pair's first end.
                let back = try circuit.solveFocalPoints(resistance: res, labels: lab, between: b, and: a, maps: false)
                #expect(abs(back.effectiveResistance - exact) <= 1e-9 * exact, "\(b)-\(a): \(back.effectiveResistance) vs \(exact)")
                // The per-pair path (a fresh set-up, each core shorted) gives the same circuit and maps.
                let d = try circuit.solve(resistance: res, labels: lab, between: a, and: b)
                #expect(abs(d.effectiveResistance - s.effectiveResistance) <= 1e-9 * exact)
                #expect(s.componentCells == d.componentCells)
                for i in s.voltage.indices {
                    #expect(s.voltage[i].isNaN == d.voltage[i].isNaN, "\(a)-\(b) cell \(i)")
                    guard s.voltage[i].isFinite else { continue }
                    #expect(abs(s.voltage[i] - d.voltage[i]) <= 1e-8 * exact, "\(a)-\(b) voltage at \(i)")
                    #expect(abs(s.current[i] - d.current[i]) <= 1e-6 * max(1e-3, d.current[i]), "\(a)-\(b) current at \(i)")
                }
            }
        }
        #expect(solved == 4)
        // The per-pair solves above did not disturb the shared circuit.
        let again = try circuit.solveFocalPoints(resistance: res, labels: lab, between: 1, and: 2, maps: false)
        #expect(abs(again.effectiveResistance - Self.denseResistance(r, cell[1]!, cell[2]!)) <= 1e-9 * again.effectiveResistance)
    }

    @Test("Focal points on a 4-neighbour strip one cell high: R = r |i − j| exactly")
    func focalPointsStrip() throws {
        let nx = 40, r = 2.5
        var labels = [Int32](repeating: 0, count: nx)
        labels[0] = 1; labels[13] = 2; labels[39] = 3
        let circuit = try DistributedCircuit(width: nx, height: 1, options: DistributedCircuitOptions(eightNeighbors: false, tolerance: 1e-12))
        let res = [Double](repeating: r, count: nx)
        #expect(try circuit.prepareFocalPoints(resistance: res, labels: labels, cores: [3, 1, 2]))
        for (a, b, steps) in [(Int32(1), Int32(2), 13), (1, 3, 39), (2, 3, 26)] {
            let s = try circuit.solveFocalPoints(resistance: res, labels: labels, between: a, and: b)
            #expect(abs(s.effectiveResistance - r * Double(steps)) <= 1e-10 * r * Double(steps), "\(a)-\(b): \(s.effectiveResistance)")
            // 1 A along the strip: the voltage rises by r per cell from a.
            let start = a == 1 ? 0 : 13
            #expect(abs(s.voltage[start + 5] - 5 * r) <= 1e-9)
        }
    }

    @Test("Cores of several cells are not focal points: nothing is set up; a point with no passable cell is named")
    func focalPointsRefused() throws {
        let (r, l) = MPITestSupport.rough(width: 30, height: 20)
        let circuit = try DistributedCircuit(width: 30, height: 20)
        #expect(try circuit.prepareFocalPoints(resistance: r.values, labels: l.values, cores: [1, 2]) == false)
        #expect(circuit.focalPointSetUpSeconds == nil)
        #expect(throws: CorridorError.self) { try circuit.solveFocalPoints(resistance: r.values, labels: l.values, between: 1, and: 2) }
        var single = [Int32](repeating: 0, count: 600), blocked = r.values
        single[0] = 1; single[599] = 2
        blocked[599] = .nan
        #expect(throws: CorridorError.emptyCore(2)) {
            try circuit.prepareFocalPoints(resistance: blocked, labels: single, cores: [1, 2])
        }
    }

    @Test("Banan at 180 m: four pairs equal CircuitFlow's multigrid solve", .enabled(if: MPITestSupport.hasBanan))
    func banan() throws {
        let project = try Project.load(MPITestSupport.banan.appendingPathComponent("project.yaml").path)
        let setup = try CorridorSetup.load(project, options: CorridorSetup.Options(aggregate: 6))
        let grid = setup.surface.grid
        let labels = try setup.cores.labels(on: setup.surface)
        let circuit = try DistributedCircuit(width: grid.width, height: grid.height, options: DistributedCircuitOptions(tolerance: 1e-11))
        let ids = labels.coreIDs
        #expect(ids.count == 8)
        // Four pairs, the grid's far corners among them (all 28 take 4 minutes in a debug build).
        for (i, j) in [(0, 1), (0, 7), (2, 5), (3, 6)] {
            do {
                let d = try circuit.solve(resistance: grid, cores: labels, between: ids[i], and: ids[j], maps: false)
                let s = try CircuitFlow.solve(resistance: grid, cores: labels, between: ids[i], and: ids[j], options: CircuitOptions(tolerance: 1e-11))
                #expect(abs(d.effectiveResistance - s.effectiveResistance) <= 1e-7 * s.effectiveResistance,
                        "\(ids[i])-\(ids[j]): \(d.effectiveResistance) vs \(s.effectiveResistance)")
            }
        }
    }
}
