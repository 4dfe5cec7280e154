// Circuitscape pairwise mode on a raster split over MPI ranks: the Swift face of ez_circuit_* (PETSc DMDA,
// MatSetValuesStencil, KSPCG with PCHYPRE BoomerAMG or PCGAMG) in CEcoZoneMPI/circuit.c.

import CEcoZoneMPI
import EcoZone
import Foundation
import GeoKit

/// Preconditioner of the distributed conjugate-gradient solve.
public enum DistributedPreconditioner: String, Sendable, CaseIterable {
    /// hypre's BoomerAMG (classical algebraic multigrid), the default.
    case boomerAMG = "boomeramg"
    /// PETSc's own smoothed-aggregation multigrid, the fallback where PETSc has no hypre.
    case gamg
}

/// Options of a distributed circuit solve; `rule`, `eightNeighbors` and `tolerance` mean what they mean in
/// ``EcoZone/CircuitOptions``.
public struct DistributedCircuitOptions: Sendable {
    public var rule: ConductanceRule
    public var eightNeighbors: Bool
    /// CG stops when ‖b − Ax‖₂ / ‖b‖₂ ≤ tolerance, b being the Dirichlet system's right-hand side.
    public var tolerance: Double
    public var maxIterations: Int
    public var preconditioner: DistributedPreconditioner

    public init(rule: ConductanceRule = .averageResistance, eightNeighbors: Bool = true, tolerance: Double = 1e-8,
                maxIterations: Int = 10_000, preconditioner: DistributedPreconditioner = .boomerAMG) {
        self.rule = rule
        self.eightNeighbors = eightNeighbors
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.preconditioner = preconditioner
    }
}

/// A rectangle of cells: `column`, `row` of its top-left cell in the full grid, and its size.
public struct CellRectangle: Sendable, Equatable {
    public var column: Int
    public var row: Int
    public var width: Int
    public var height: Int
    public var count: Int { width * height }

    public init(column: Int, row: Int, width: Int, height: Int) {
        self.column = column
        self.row = row
        self.width = width
        self.height = height
    }
}

/// The outcome of one pair on this rank.
public struct DistributedCircuitResult: Sendable {
    /// R_AB in per-cell ohms (`+infinity` when B is not connected to A); the same on every rank.
    public let effectiveResistance: Double
    public let iterations: Int
    public let relativeResidual: Double
    /// Cells of A's connected component, over all ranks.
    public let componentCells: Int
    /// Voltage and node current of this rank's owned cells (``DistributedCircuit/ownedWindow``), row-major,
    /// as ``EcoZone/CircuitSolution`` defines them; NaN off A's component.
    public let voltage: [Double]
    public let current: [Double]
}

/// A `width × height` grid split over all ranks (a PETSc DMDA): each rank owns a rectangle and fills
/// only that rectangle and its one-cell halo. One instance serves many pairs (the matrix and solver are
/// reused). Collective: every rank makes the same calls in the same order. Not Sendable: the PETSc
/// objects stay on the thread that made them.
public final class DistributedCircuit {
    private let grid: OpaquePointer
    public let width: Int
    public let height: Int

    public init(width: Int, height: Int, options: DistributedCircuitOptions = DistributedCircuitOptions()) throws {
        var g: OpaquePointer?
        let code = ez_circuit_create(Int64(width), Int64(height), options.eightNeighbors ? 1 : 0,
                                     options.rule == .averageResistance ? Int32(EZ_RULE_AVERAGE_RESISTANCE.rawValue) : Int32(EZ_RULE_AVERAGE_CONDUCTANCE.rawValue),
                                     options.preconditioner == .gamg ? Int32(EZ_PC_GAMG.rawValue) : Int32(EZ_PC_BOOMERAMG.rawValue),
                                     options.tolerance, Int64(options.maxIterations), &g)
        guard code == 0, let g else {
            throw GeoKitError(.input, "the distributed circuit grid of \(width) × \(height) cells could not be set up (\(MPIEnvironment.lastError))")
        }
        grid = g
        self.width = width
        self.height = height
    }

    deinit { ez_circuit_destroy(grid) }

    /// The cells whose resistance and labels this rank must give to ``solve(resistance:labels:between:and:)``:
    /// its owned rectangle grown by one cell (clipped to the grid).
    public var inputWindow: CellRectangle {
        var c: Int64 = 0, r: Int64 = 0, w: Int64 = 0, h: Int64 = 0
        ez_circuit_input_window(grid, &c, &r, &w, &h)
        return CellRectangle(column: Int(c), row: Int(r), width: Int(w), height: Int(h))
    }

    /// The cells this rank owns: the window of the voltage and current it returns.
    public var ownedWindow: CellRectangle {
        var c: Int64 = 0, r: Int64 = 0, w: Int64 = 0, h: Int64 = 0
        ez_circuit_owned_window(grid, &c, &r, &w, &h)
        return CellRectangle(column: Int(c), row: Int(r), width: Int(w), height: Int(h))
    }

    /// Solves pair (a, b) from this rank's ``inputWindow`` of resistance (per cell; NaN, ±∞ or negative =
    /// impassable) and core labels, row-major.
    public func solve(resistance: [Double], labels: [Int32], between a: Int32, and b: Int32,
                      maps: Bool = true) throws -> DistributedCircuitResult {
        let window = inputWindow
        guard resistance.count == window.count, labels.count == window.count else { throw CorridorError.shapeMismatch }
        if a == b { throw CorridorError.invalidArgument("a pair needs two different cores") }
        return try run(a, b, maps: maps) { result, v, c in
            resistance.withUnsafeBufferPointer { r in
                labels.withUnsafeBufferPointer { l in
                    ez_circuit_solve(grid, r.baseAddress, l.baseAddress, a, b, &result, v, c)
                }
            }
        }
    }

    /// Seconds the focal points' one preconditioner set-up took (KSPSetUp on every rank at once); nil until
    /// ``prepareFocalPoints(resistance:labels:cores:)`` has succeeded.
    public private(set) var focalPointSetUpSeconds: Double?

    /// Sets up, once, the circuit every pair of `cores` shares when each of them is a single passable cell
    /// (Circuitscape's focal points): the Laplacian of the points' components, each grounded at one cell,
    /// and its multigrid preconditioner (`ez_circuit_prepare_points`). Then
    /// ``solveFocalPoints(resistance:labels:between:and:maps:)`` solves each pair without a new set-up.
    /// Returns false, setting nothing up, when some core has more than one passable cell (a region, whose
    /// shorting differs from pair to pair: use ``solve(resistance:labels:between:and:maps:)``). Collective.
    public func prepareFocalPoints(resistance: [Double], labels: [Int32], cores: [Int32]) throws -> Bool {
        let window = inputWindow
        guard resistance.count == window.count, labels.count == window.count else { throw CorridorError.shapeMismatch }
        let ids = Array(Set(cores)).sorted()
        guard ids.allSatisfy({ $0 > 0 }) else { throw CorridorError.invalidArgument("core ids are positive") }
        focalPointSetUpSeconds = nil
        var seconds = 0.0
        var bad: Int32 = 0
        let code = resistance.withUnsafeBufferPointer { r in
            labels.withUnsafeBufferPointer { l in
                ez_circuit_prepare_points(grid, r.baseAddress, l.baseAddress, ids, Int64(ids.count), &seconds, &bad)
            }
        }
        switch code {
        case 0:
            focalPointSetUpSeconds = seconds
            return true
        case Int32(EZ_NOT_POINTS): return false
        case Int32(EZ_ERROR_EMPTY_A): throw CorridorError.emptyCore(bad)
        case Int32(EZ_ERROR_ZERO_RESISTANCE):
            throw CorridorError.invalidArgument("a passable cell has resistance 0 (a circuit needs resistances > 0)")
        default:
            throw GeoKitError(.input, "the focal points' circuit could not be set up (\(MPIEnvironment.lastError))")
        }
    }

    /// Solves pair (a, b) of the prepared focal points with the shared preconditioner: 1 A in at b and out
    /// at a, R_AB = v_b − v_a; the maps as ``solve(resistance:labels:between:and:maps:)`` gives them.
    /// `resistance` and `labels` are the input window given to the preparation.
    public func solveFocalPoints(resistance: [Double], labels: [Int32], between a: Int32, and b: Int32,
                                 maps: Bool = true) throws -> DistributedCircuitResult {
        guard focalPointSetUpSeconds != nil else { throw CorridorError.invalidArgument("the focal points are not prepared") }
        guard resistance.count == inputWindow.count, labels.count == inputWindow.count else { throw CorridorError.shapeMismatch }
        if a == b { throw CorridorError.invalidArgument("a pair needs two different cores") }
        return try run(a, b, maps: maps) { result, v, c in
            resistance.withUnsafeBufferPointer { r in
                labels.withUnsafeBufferPointer { l in
                    ez_circuit_solve_points(grid, r.baseAddress, l.baseAddress, a, b, &result, v, c)
                }
            }
        }
    }

    /// Calls `solver` with a result and the owned window's voltage and current buffers (nil without
    /// maps), and turns its status into a result or an error.
    private func run(_ a: Int32, _ b: Int32, maps: Bool,
                     _ solver: (inout ez_circuit_result, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?) -> Int32) throws -> DistributedCircuitResult {
        let owned = ownedWindow
        var result = ez_circuit_result()
        var voltage = [Double](repeating: .nan, count: maps ? owned.count : 0)
        var current = [Double](repeating: .nan, count: maps ? owned.count : 0)
        let code = voltage.withUnsafeMutableBufferPointer { v in
            current.withUnsafeMutableBufferPointer { c in
                solver(&result, maps ? v.baseAddress : nil, maps ? c.baseAddress : nil)
            }
        }
        switch code {
        case 0: break
        case Int32(EZ_ERROR_EMPTY_A): throw CorridorError.emptyCore(a)
        case Int32(EZ_ERROR_EMPTY_B): throw CorridorError.emptyCore(b)
        case Int32(EZ_ERROR_ZERO_RESISTANCE):
            throw CorridorError.invalidArgument("a passable cell has resistance 0 (a circuit needs resistances > 0)")
        default:
            throw GeoKitError(.input, "the distributed circuit between cores \(a) and \(b) failed (\(MPIEnvironment.lastError))")
        }
        if result.converged_reason != 0 {
            throw CorridorError.solverDidNotConverge(iterations: Int(result.iterations), relativeResidual: result.relative_residual)
        }
        return DistributedCircuitResult(effectiveResistance: result.effective_resistance, iterations: Int(result.iterations),
                                        relativeResidual: result.relative_residual, componentCells: Int(result.component_cells),
                                        voltage: voltage, current: current)
    }

    /// Solves pair (a, b) cutting this rank's input window out of full grids held on every rank.
    public func solve(resistance: ResistanceGrid, cores: CoreLabelGrid, between a: Int32, and b: Int32,
                      maps: Bool = true) throws -> DistributedCircuitResult {
        guard resistance.width == width, resistance.height == height, resistance.hasSameShape(as: cores) else {
            throw CorridorError.shapeMismatch
        }
        let w = inputWindow
        return try solve(resistance: w.cut(resistance.values, gridWidth: width),
                         labels: w.cut(cores.values, gridWidth: width), between: a, and: b, maps: maps)
    }
}

extension CellRectangle {
    /// This rectangle's values of a row-major grid `gridWidth` cells wide.
    public func cut<T>(_ values: [T], gridWidth: Int) -> [T] {
        var out: [T] = []
        out.reserveCapacity(count)
        for r in row..<(row + height) {
            let start = r * gridWidth + column
            out.append(contentsOf: values[start..<(start + width)])
        }
        return out
    }
}
