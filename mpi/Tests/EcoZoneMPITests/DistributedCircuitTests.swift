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
