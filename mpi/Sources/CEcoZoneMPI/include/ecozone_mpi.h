// Plain C functions over MPI and PETSc for ecozone-mpi. No MPI or PETSc type or macro crosses this header:
// handles are opaque pointers, sizes are int64_t, status is an int (0 = success) with the message in
// ezmpi_last_error(). Every function is collective over MPI_COMM_WORLD unless it says otherwise.
#ifndef ECOZONE_MPI_H
#define ECOZONE_MPI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// PetscInitializeNoArguments (which calls MPI_Init); PETSc errors are returned, not printed.
int ezmpi_initialize(void);
/// PetscFinalize (and MPI_Finalize).
int ezmpi_finalize(void);
/// MPI_Comm_rank / MPI_Comm_size of MPI_COMM_WORLD.
int ezmpi_rank(void);
int ezmpi_size(void);
/// Ranks on this rank's node: the size of MPI_Comm_split_type(MPI_COMM_TYPE_SHARED).
int ezmpi_node_size(void);
/// Processors this process may run on (sched_getaffinity): mpirun binds each rank to one core by default
/// when there are at most 2 ranks, to a socket above that. 0 when unknown. Local, not collective.
int ezmpi_bound_cpus(void);
/// MPI_Barrier.
int ezmpi_barrier(void);
/// MPI_Allreduce of one double: op 0 = sum, 1 = max, 2 = min.
double ezmpi_allreduce_double(double value, int op);
/// MPI_Allreduce (max) of one int64_t.
int64_t ezmpi_allreduce_max_int64(int64_t value);
/// MPI_Bcast of `count` bytes from rank 0 (the buffer exists on every rank with that size).
int ezmpi_broadcast(void *bytes, int64_t count);
/// Gathers each rank's `count` bytes on rank 0 (MPI_Gather of the counts, then MPI_Gatherv). On rank 0,
/// `*gathered` is a malloc'd buffer of all ranks' bytes in rank order (free with ezmpi_free) and
/// `counts` (ezmpi_size() entries) each rank's byte count; elsewhere both are untouched.
int ezmpi_gather(const void *bytes, int64_t count, void **gathered, int64_t *counts);
void ezmpi_free(void *pointer);
/// All-to-all of byte blocks: `send_counts[d]` bytes at `send + Σ send_counts[<d]` go to rank d. The counts
/// are exchanged first (MPI_Alltoall), then the blocks point to point in chunks of at most 1 GiB
/// (MPI_Isend/MPI_Irecv, MPI_Waitall). `*received` is a malloc'd buffer of every rank's block in rank order
/// (free with ezmpi_free) and `recv_counts` (ezmpi_size() entries) their sizes.
int ezmpi_exchange(const void *send, const int64_t *send_counts, void **received, int64_t *recv_counts);
/// MPI_Abort(MPI_COMM_WORLD, code): ends every rank of the job.
void ezmpi_abort(int code);
/// The message of the last failed call on this rank ("" when none).
const char *ezmpi_last_error(void);

/// The preconditioner of the distributed conjugate-gradient solve.
typedef enum { EZ_PC_BOOMERAMG = 0, EZ_PC_GAMG = 1 } ez_preconditioner;
/// Edge conductance: 0 = 1/((r1+r2)/2) (average resistance), 1 = (1/r1+1/r2)/2 (average conductance);
/// diagonal edges are divided by √2 (methods.md §5.1).
typedef enum { EZ_RULE_AVERAGE_RESISTANCE = 0, EZ_RULE_AVERAGE_CONDUCTANCE = 1 } ez_rule;

/// A raster grid distributed over all ranks as a PETSc DMDA (box stencil for 8 neighbours, star for 4).
typedef struct ez_circuit_grid ez_circuit_grid;

/// DMDACreate2d over width × height cells. `tolerance` is CG's relative residual ‖b − Ax‖/‖b‖,
/// `max_iterations` its cap. On success `*grid` is set.
int ez_circuit_create(int64_t width, int64_t height, int eight_neighbors, int rule, int preconditioner,
                      double tolerance, int64_t max_iterations, ez_circuit_grid **grid);
void ez_circuit_destroy(ez_circuit_grid *grid);
/// This rank's window with its one-cell halo (DMDAGetGhostCorners): the cells whose resistance and core
/// label it must be given. Local, not collective.
void ez_circuit_input_window(const ez_circuit_grid *grid, int64_t *column, int64_t *row, int64_t *width, int64_t *height);
/// The cells this rank owns (DMDAGetCorners): the window of the voltage and current it returns. Local.
void ez_circuit_owned_window(const ez_circuit_grid *grid, int64_t *column, int64_t *row, int64_t *width, int64_t *height);

typedef struct {
    /// R_AB in per-cell ohms; +infinity when B is not connected to A.
    double effective_resistance;
    int64_t iterations;
    /// Final ‖b − Ax‖ / ‖b‖ of the Dirichlet system, b being the conductances into B of the cells beside it
    /// (fixed cells' rows have right-hand side 0, so B's size does not loosen the tolerance).
    double relative_residual;
    /// Cells of A's connected component (unknowns of the pair, cores included).
    int64_t component_cells;
    /// 0 = converged; otherwise KSPConvergedReason (negative).
    int converged_reason;
} ez_circuit_result;

/// Error codes of ez_circuit_solve beside PETSc's own.
enum { EZ_ERROR_ZERO_RESISTANCE = -101, EZ_ERROR_EMPTY_A = -102, EZ_ERROR_EMPTY_B = -103 };

/// Solves one pair: `resistance` and `labels` cover the input window row-major (NaN, ±inf or negative =
/// impassable). A's cells are held at 0 V and B's at 1 V (each core shorted, other cores ordinary cells),
/// the Laplacian of A's connected component is solved for the rest by CG, R_AB = 1 / (current out of B),
/// and the voltage (A grounded, 1 A injected: v·R_AB) and node current (larger of in- and outflow, branch
/// currents below 1e-8 of the largest dropped, a core cell 1 A) of each owned cell are written to
/// `voltage` / `current` (owned window, row-major; NaN off A's component) when they are not NULL.
int ez_circuit_solve(ez_circuit_grid *grid, const double *resistance, const int32_t *labels, int32_t a, int32_t b,
                     ez_circuit_result *result, double *voltage, double *current);

/// Status of ez_circuit_prepare_points when some point id has more than one passable cell (a focal region:
/// solve its pairs with ez_circuit_solve, which shorts each core).
enum { EZ_NOT_POINTS = -104 };

/// Focal points (Circuitscape's term): when every core in `ids` (ascending, distinct, `count` of them) is a
/// single passable cell, shorting a core changes nothing, so every pair shares one circuit — the Laplacian
/// of the cells of the points' connected components. Its null space (the constants on each component) is
/// removed by grounding one cell per component, the point with the component's largest id; the matrix is
/// assembled and the preconditioner set up once (`*setup_seconds`, KSPSetUp), and every pair then only
/// solves (ez_circuit_solve_points). Other cores' cells are ordinary cells, as in ez_circuit_solve.
/// Returns 0 when ready, EZ_NOT_POINTS (nothing set up) when an id has several passable cells, or
/// EZ_ERROR_ZERO_RESISTANCE / EZ_ERROR_EMPTY_A (`*bad_id` the id without a passable cell).
int ez_circuit_prepare_points(ez_circuit_grid *grid, const double *resistance, const int32_t *labels,
                              const int32_t *ids, int64_t count, double *setup_seconds, int32_t *bad_id);
/// Pair (a, b) of the prepared points: 1 A injected at b and drawn at a (the ground, if one of them is
/// a component's ground, takes the other's share; otherwise it takes none, the injections summing to 0),
/// R_AB = v_b − v_a; the result and maps as ez_circuit_solve gives them (voltage relative to a, NaN off the
/// pair's component). `resistance` and `labels` are the input window given to the preparation.
/// relative_residual is over ‖b‖ = √2 (1 when a point is a ground). EZ_ERROR_EMPTY_A / _B for an id that
/// was not prepared.
int ez_circuit_solve_points(ez_circuit_grid *grid, const double *resistance, const int32_t *labels, int32_t a, int32_t b,
                            ez_circuit_result *result, double *voltage, double *current);

#ifdef __cplusplus
}
#endif
#endif
