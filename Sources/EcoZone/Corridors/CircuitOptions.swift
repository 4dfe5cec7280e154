// Options and results of a circuit solve (Circuitscape pairwise mode; methods.md §5.1-5.3).

import Foundation

/// How two neighbouring cells' resistances become an edge conductance (methods.md §5.1).
/// Cell size is not used: resistances are per cell, so an orthogonal step between two cells
/// of resistance `r` adds `r` ohms.
public enum ConductanceRule: Sendable, Equatable {
    /// `1 / ((r1 + r2)/2)` orthogonally, `1 / (√2 (r1 + r2)/2)` diagonally. Linkage Mapper's
    /// setting (`connect_using_avg_resistances = True`), consistent with cost distance: a
    /// single path has resistance `CWD / c`. The default here.
    case averageResistance
    /// `(g1 + g2)/2` orthogonally, `(g1 + g2)/(2√2)` diagonally, `g = 1/r`. Circuitscape's
    /// own default.
    case averageConductance
}

/// Preconditioner for the conjugate-gradient solve (methods.md §5.3 recommends Jacobi or
/// incomplete Cholesky; Circuitscape itself uses algebraic multigrid).
public enum CircuitPreconditioner: Sendable, Equatable {
    /// Diagonal scaling: cheapest per iteration, most iterations.
    case jacobi
    /// Zero fill-in incomplete Cholesky, IC(0), in row-major cell order: about three times
    /// the work per iteration of Jacobi, about a quarter of the iterations.
    case incompleteCholesky
    /// One symmetric V-cycle of plain aggregation multigrid (greedy aggregates, Galerkin
    /// coarse graphs, one forward/backward Gauss-Seidel sweep, dense coarsest solve). Nearly
    /// size-independent iteration counts; the default. (1000 × 1000 cells, rtol 1e-6: 88
    /// iterations, against 1612 for IC(0) and 5924 for Jacobi.)
    case aggregationMultigrid
}

/// Options of a circuit solve.
public struct CircuitOptions: Sendable {
    public var rule: ConductanceRule
    /// 8 neighbours (default, LM) or 4 (`connect_four_neighbors_only`).
    public var eightNeighbors: Bool
    /// Stop when ‖r‖₂ / ‖b‖₂ ≤ tolerance (methods.md: 1e-8 for tests, 1e-6 for production).
    public var tolerance: Double
    /// Iteration cap; exceeding it throws ``CorridorError/solverDidNotConverge(iterations:relativeResidual:)``.
    public var maxIterations: Int
    /// Preconditioner of the conjugate-gradient solve.
    public var preconditioner: CircuitPreconditioner

    public init(rule: ConductanceRule = .averageResistance, eightNeighbors: Bool = true,
                tolerance: Double = 1e-8, maxIterations: Int = 200_000,
                preconditioner: CircuitPreconditioner = .aggregationMultigrid) {
        self.rule = rule
        self.preconditioner = preconditioner
        self.eightNeighbors = eightNeighbors
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }
}

/// The outcome of one pairwise solve between cores A and B.
public struct CircuitSolution: Sendable {
    /// Effective resistance `R_AB` in Circuitscape's per-cell ohms; `+infinity` when B is not
    /// connected to A (Circuitscape writes −1), 0 when both are the same node.
    public let effectiveResistance: Double
    /// Node current per cell in amperes for 1 A between A and B: for every node the larger
    /// of its total inflow and outflow (branch currents below 1e−8 × the largest are
    /// dropped). A core cell shows its merged node's current, 1 A. NaN for cells that are not
    /// nodes of A's connected component.
    public let current: CorridorGrid<Double>
    /// Voltage per cell, A grounded at 0 and B at `effectiveResistance`; NaN off the graph.
    public let voltage: CorridorGrid<Double>
    /// Conjugate-gradient iterations used.
    public let iterations: Int
    /// Final relative residual ‖b − Kv‖ / ‖b‖.
    public let relativeResidual: Double

    /// `c · R_AB`: LM's `Eff_Resist`, comparable with the least-cost distance (cost units).
    public var costWeightedResistance: Double { effectiveResistance * current.cellSize }
}
