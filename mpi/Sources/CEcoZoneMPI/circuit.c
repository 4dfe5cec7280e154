// One circuit pair on a raster distributed over MPI ranks with PETSc: a DMDA grid split across ranks,
// each rank filling its own rows, CG preconditioned by hypre's BoomerAMG (or PETSc's GAMG).
//
// Formulation (equivalent to EcoZone's single-machine CircuitFlow, which shorts each core into one node,
// grounds A and injects 1 A at B): A's cells are held at 0 V and B's at 1 V as Dirichlet rows (each core
// is then an equipotential, exactly what shorting it does), the Laplacian of the cells of A's connected
// component is solved for the others, and the current I leaving B gives R_AB = 1/I; scaling by R_AB turns
// the voltages into those of a 1 A injection. Conductances as methods.md §5.1: 1/((r1+r2)/2), or
// (1/r1+1/r2)/2, diagonal edges divided by √2. The Dirichlet rows are identity rows with their couplings
// moved to the right-hand side, so the matrix stays symmetric positive definite for CG.
#include "ecozone_mpi.h"
#include "internal.h"
#include "circuit_grid.h"

#include <math.h>
#include <petsc.h>
#include <petscdmda.h>
#include <stdlib.h>

/// A conjugate-gradient KSP with the grid's preconditioner and tolerances (PETSC_OPTIONS can still tune it).
PetscErrorCode ez_circuit_make_solver(struct ez_circuit_grid *g, KSP *ksp) {
    PetscFunctionBeginUser;
    PetscCall(KSPCreate(PETSC_COMM_WORLD, ksp));
    PetscCall(KSPSetType(*ksp, KSPCG));
    PetscCall(KSPSetNormType(*ksp, KSP_NORM_UNPRECONDITIONED));
    PetscCall(KSPSetTolerances(*ksp, g->tolerance, 0.0, PETSC_DEFAULT, g->max_iterations));
    PC pc;
    PetscCall(KSPGetPC(*ksp, &pc));
    if (g->preconditioner == EZ_PC_GAMG) {
        PetscCall(PCSetType(pc, PCGAMG));
    } else {
        PetscCall(PCSetType(pc, PCHYPRE));
        PetscCall(PCHYPRESetType(pc, "boomeramg"));
    }
    // PETSC_OPTIONS (e.g. -ksp_monitor, -pc_hypre_boomeramg_strong_threshold) can still tune the solve.
    PetscCall(KSPSetFromOptions(*ksp));
    PetscFunctionReturn(0);
}

static PetscErrorCode create_impl(int64_t width, int64_t height, int eight, int rule, int preconditioner,
                                  double tolerance, int64_t max_iterations, struct ez_circuit_grid *g) {
    PetscFunctionBeginUser;
    g->width = (PetscInt)width;
    g->height = (PetscInt)height;
    g->eight = eight;
    g->rule = rule;
    // Box stencil even for 4 neighbours: the halo then has its corners, which the reachability sweep reads.
    PetscCall(DMDACreate2d(PETSC_COMM_WORLD, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE, DMDA_STENCIL_BOX, g->width, g->height,
                           PETSC_DECIDE, PETSC_DECIDE, 1, 1, NULL, NULL, &g->da));
    PetscCall(DMSetFromOptions(g->da));
    PetscCall(DMSetUp(g->da));
    PetscCall(DMCreateGlobalVector(g->da, &g->solution));
    PetscCall(VecDuplicate(g->solution, &g->rhs));
    PetscCall(VecDuplicate(g->solution, &g->reach));
    PetscCall(DMCreateLocalVector(g->da, &g->reach_local));
    PetscCall(VecDuplicate(g->reach_local, &g->solution_local));
    g->preconditioner = preconditioner;
    g->tolerance = tolerance;
    g->max_iterations = (PetscInt)max_iterations;
    PetscCall(ez_circuit_make_solver(g, &g->ksp));
    PetscFunctionReturn(0);
}

int ez_circuit_create(int64_t width, int64_t height, int eight_neighbors, int rule, int preconditioner,
                      double tolerance, int64_t max_iterations, ez_circuit_grid **grid) {
    struct ez_circuit_grid *g = calloc(1, sizeof *g);
    if (!g) { ezmpi_set_error("out of memory"); return -1; }
    PetscErrorCode code = create_impl(width, height, eight_neighbors, rule, preconditioner, tolerance, max_iterations, g);
    if (code) { ez_circuit_destroy(g); return ezmpi_petsc_error((int)code); }
    *grid = g;
    return 0;
}

void ez_circuit_destroy(ez_circuit_grid *g) {
    if (!g) return;
    KSPDestroy(&g->ksp);
    ez_circuit_release_points(g);
    MatDestroy(&g->matrix);
    VecDestroy(&g->solution);
    VecDestroy(&g->rhs);
    VecDestroy(&g->reach);
    VecDestroy(&g->reach_local);
    VecDestroy(&g->solution_local);
    DMDestroy(&g->da);
    free(g);
}

void ez_circuit_input_window(const ez_circuit_grid *g, int64_t *column, int64_t *row, int64_t *width, int64_t *height) {
    PetscInt xs, ys, xm, ym;
    DMDAGetGhostCorners(g->da, &xs, &ys, NULL, &xm, &ym, NULL);
    *column = xs; *row = ys; *width = xm; *height = ym;
}

void ez_circuit_owned_window(const ez_circuit_grid *g, int64_t *column, int64_t *row, int64_t *width, int64_t *height) {
    PetscInt xs, ys, xm, ym;
    DMDAGetCorners(g->da, &xs, &ys, NULL, &xm, &ym, NULL);
    *column = xs; *row = ys; *width = xm; *height = ym;
}

/// Spreads the largest value over each connected set of passable cells of `local` (a ghosted vector of
/// the DMDA whose passable cells hold a seed > 0 or 0, impassable cells 0): each rank sweeps its owned
/// cells forward and backward to a fixed point of "the largest value of the cell and its neighbours",
/// then the halos are exchanged (through g->reach), until no rank's halo changed. Collective.
PetscErrorCode ez_circuit_spread_max(struct ez_circuit_grid *g, const double *res, Vec local) {
    PetscFunctionBeginUser;
    const int nn = g->eight ? 8 : 4;
    PetscInt xs, ys, xm, ym, gxs, gys, gxm, gym;
    PetscCall(DMDAGetCorners(g->da, &xs, &ys, NULL, &xm, &ym, NULL));
    PetscCall(DMDAGetGhostCorners(g->da, &gxs, &gys, NULL, &gxm, &gym, NULL));
    size_t cells = (size_t)gxm * (size_t)gym;
    double *before = malloc(sizeof(double) * (cells ? cells : 1));
    PetscCheck(before, PETSC_COMM_SELF, PETSC_ERR_MEM, "out of memory labelling components");
    PetscScalar **v;
    for (;;) {
        PetscCall(DMDAVecGetArray(g->da, local, &v));
        int changed = 1;
        while (changed) {
            changed = 0;
            for (int pass = 0; pass < 2; pass++) {
                for (PetscInt jj = 0; jj < ym; jj++) {
                    PetscInt j = pass == 0 ? ys + jj : ys + ym - 1 - jj;
                    for (PetscInt ii = 0; ii < xm; ii++) {
                        PetscInt i = pass == 0 ? xs + ii : xs + xm - 1 - ii;
                        if (!passable(res[(size_t)(j - gys) * (size_t)gxm + (size_t)(i - gxs)])) continue;
                        double m = v[j][i];
                        for (int d = 0; d < nn; d++) {
                            PetscInt ni = i + DX[d], nj = j + DY[d];
                            if (ni < gxs || ni >= gxs + gxm || nj < gys || nj >= gys + gym) continue;
                            if (v[nj][ni] > m) m = v[nj][ni];
                        }
                        if (m != v[j][i]) { v[j][i] = m; changed = 1; }
                    }
                }
            }
        }
        for (PetscInt j = gys; j < gys + gym; j++)
            for (PetscInt i = gxs; i < gxs + gxm; i++) before[(size_t)(j - gys) * (size_t)gxm + (size_t)(i - gxs)] = v[j][i];
        PetscCall(DMDAVecRestoreArray(g->da, local, &v));
        PetscCall(DMLocalToGlobal(g->da, local, INSERT_VALUES, g->reach));
        PetscCall(DMGlobalToLocal(g->da, g->reach, INSERT_VALUES, local));
        PetscCall(DMDAVecGetArray(g->da, local, &v));
        int grew = 0, anyGrew = 0;
        for (PetscInt j = gys; j < gys + gym && !grew; j++)
            for (PetscInt i = gxs; i < gxs + gxm; i++)
                if (before[(size_t)(j - gys) * (size_t)gxm + (size_t)(i - gxs)] != v[j][i]) { grew = 1; break; }
        PetscCall(DMDAVecRestoreArray(g->da, local, &v));
        PetscCallMPI(MPI_Allreduce(&grew, &anyGrew, 1, MPI_INT, MPI_LOR, PETSC_COMM_WORLD));
        if (!anyGrew) break;
    }
    free(before);
    PetscFunctionReturn(0);
}

/// Marks (1.0) the cells of A's connected component in g->reach_local (ghosted).
static PetscErrorCode reach_from_a(struct ez_circuit_grid *g, const double *res, const int32_t *lab, int32_t a,
                                   PetscInt gxs, PetscInt gys, PetscInt gxm, PetscInt gym) {
    PetscFunctionBeginUser;
    PetscScalar **rl;
    PetscCall(DMDAVecGetArray(g->da, g->reach_local, &rl));
    for (PetscInt j = gys; j < gys + gym; j++)
        for (PetscInt i = gxs; i < gxs + gxm; i++) {
            size_t k = (size_t)(j - gys) * (size_t)gxm + (size_t)(i - gxs);
            rl[j][i] = (passable(res[k]) && lab[k] == a) ? 1.0 : 0.0;
        }
    PetscCall(DMDAVecRestoreArray(g->da, g->reach_local, &rl));
    PetscCall(ez_circuit_spread_max(g, res, g->reach_local));
    PetscFunctionReturn(0);
}

static PetscErrorCode solve_impl(struct ez_circuit_grid *g, const double *res, const int32_t *lab, int32_t a, int32_t b,
                                 ez_circuit_result *out, double *voltage, double *current, int *status) {
    PetscFunctionBeginUser;
    *status = 0;
    const int nn = g->eight ? 8 : 4;
    PetscInt xs, ys, xm, ym, gxs, gys, gxm, gym;
    PetscCall(DMDAGetCorners(g->da, &xs, &ys, NULL, &xm, &ym, NULL));
    PetscCall(DMDAGetGhostCorners(g->da, &gxs, &gys, NULL, &gxm, &gym, NULL));
#define K(i, j) ((size_t)((j) - gys) * (size_t)gxm + (size_t)((i) - gxs))

    // Owned cells: a zero resistance, and whether A and B have cells at all.
    int64_t counts[3] = {0, 0, 0}, totals[3];
    for (PetscInt j = ys; j < ys + ym; j++)
        for (PetscInt i = xs; i < xs + xm; i++) {
            size_t k = K(i, j);
            if (!passable(res[k])) continue;
            if (res[k] == 0) counts[2]++;
            if (lab[k] == a) counts[0]++; else if (lab[k] == b) counts[1]++;
        }
    PetscCallMPI(MPI_Allreduce(counts, totals, 3, MPI_INT64_T, MPI_SUM, PETSC_COMM_WORLD));
    if (totals[2] > 0) { *status = EZ_ERROR_ZERO_RESISTANCE; PetscFunctionReturn(0); }
    if (totals[0] == 0) { *status = EZ_ERROR_EMPTY_A; PetscFunctionReturn(0); }
    if (totals[1] == 0) { *status = EZ_ERROR_EMPTY_B; PetscFunctionReturn(0); }

    PetscCall(reach_from_a(g, res, lab, a, gxs, gys, gxm, gym));
    PetscScalar **rl;
    PetscCall(DMDAVecGetArrayRead(g->da, g->reach_local, &rl));
    int64_t local[2] = {0, 0}, global[2];   // component cells, B cells reached
    for (PetscInt j = ys; j < ys + ym; j++)
        for (PetscInt i = xs; i < xs + xm; i++)
            if (rl[j][i] != 0.0) { local[0]++; if (lab[K(i, j)] == b) local[1]++; }
    PetscCallMPI(MPI_Allreduce(local, global, 2, MPI_INT64_T, MPI_SUM, PETSC_COMM_WORLD));
    out->component_cells = global[0];
    out->iterations = 0;
    out->relative_residual = 0;
    out->converged_reason = 0;
    if (global[1] == 0) {
        PetscCall(DMDAVecRestoreArrayRead(g->da, g->reach_local, &rl));
        out->effective_resistance = INFINITY;
        size_t n = (size_t)xm * (size_t)ym;
        for (size_t k = 0; k < n; k++) { if (voltage) voltage[k] = NAN; if (current) current[k] = NAN; }
        PetscFunctionReturn(0);
    }
    // A at 0 V and B at 1 V, the rest of A's component unknown. Made at the first pair: focal points
    // (circuit_points.c) have a matrix of their own and never need this one.
    if (!g->matrix) PetscCall(DMCreateMatrix(g->da, &g->matrix));
    unsigned char *kind = malloc((size_t)gxm * (size_t)gym);
    PetscCheck(kind, PETSC_COMM_SELF, PETSC_ERR_MEM, "out of memory assembling the circuit");
    for (PetscInt j = gys; j < gys + gym; j++)
        for (PetscInt i = gxs; i < gxs + gxm; i++) {
            size_t k = K(i, j);
            kind[k] = rl[j][i] == 0.0 ? EZ_CELL_OUT : lab[k] == a ? EZ_CELL_ZERO : lab[k] == b ? EZ_CELL_ONE : EZ_CELL_FREE;
        }
    PetscErrorCode assembled = ez_circuit_assemble(g, g->matrix, res, kind, g->rhs);
    free(kind);
    PetscCall(assembled);

    PetscCall(KSPSetOperators(g->ksp, g->matrix, g->matrix));
    PetscCall(ez_circuit_run_solver(g, g->ksp, out));

    // Current leaving B.
    PetscCall(DMGlobalToLocal(g->da, g->solution, INSERT_VALUES, g->solution_local));
    const PetscScalar **vl;
    PetscCall(DMDAVecGetArrayRead(g->da, g->solution_local, &vl));
    double sums[1] = {0}, leaving = 0;
    for (PetscInt j = ys; j < ys + ym; j++)
        for (PetscInt i = xs; i < xs + xm; i++) {
            size_t k = K(i, j);
            if (rl[j][i] == 0.0 || lab[k] != b) continue;
            for (int d = 0; d < nn; d++) {
                PetscInt ni = i + DX[d], nj = j + DY[d];
                if (ni < gxs || ni >= gxs + gxm || nj < gys || nj >= gys + gym) continue;
                if (rl[nj][ni] == 0.0) continue;
                size_t kn = K(ni, nj);
                if (lab[kn] == b) continue;   // inside the shorted core
                double vj = lab[kn] == a ? 0.0 : vl[nj][ni];
                sums[0] += conductance(g, res[k], res[kn], d >= 4) * (1.0 - vj);
            }
        }
    PetscCallMPI(MPI_Allreduce(sums, &leaving, 1, MPI_DOUBLE, MPI_SUM, PETSC_COMM_WORLD));
    double R = 1.0 / leaving;
    out->effective_resistance = R;

    if (voltage || current) {
        // The 1 A voltages (A at 0 V, B at R) of the input window, NaN off A's component.
        double *volts = malloc(sizeof(double) * (size_t)gxm * (size_t)gym);
        PetscCheck(volts, PETSC_COMM_SELF, PETSC_ERR_MEM, "out of memory for the maps");
        for (PetscInt j = gys; j < gys + gym; j++)
            for (PetscInt i = gxs; i < gxs + gxm; i++) {
                size_t k = K(i, j);
                volts[k] = rl[j][i] == 0.0 ? NAN : (lab[k] == b ? 1.0 : lab[k] == a ? 0.0 : vl[j][i]) * R;
            }
        PetscErrorCode code = ez_circuit_maps(g, res, lab, a, b, volts, voltage, current);
        free(volts);
        PetscCall(code);
    }
    PetscCall(DMDAVecRestoreArrayRead(g->da, g->solution_local, &vl));
    PetscCall(DMDAVecRestoreArrayRead(g->da, g->reach_local, &rl));
#undef K
    PetscFunctionReturn(0);
}

/// Assembles the rows of this rank's owned cells into `m` from `kind` (the input window, row-major): a
/// free cell's row is the Laplacian over its neighbours in the circuit (kind ≠ EZ_CELL_OUT), a neighbour
/// held at 0 V adding only to the diagonal and one held at 1 V also to the right-hand side `rhs` (NULL
/// when no cell is at 1 V). Every other row (held, impassable, outside the circuit) is an identity row with
/// right-hand side 0: the fixed values are already in their neighbours' rows, and a 1 on B's rows would only
/// swell ‖b‖ with B's cell count and loosen the relative tolerance on the rows solved. The matrix stays
/// symmetric positive definite. Every in-grid stencil position is written (0 where there is no edge), so the
/// nonzero pattern never changes and the matrix is reused. Collective (the assembly).
PetscErrorCode ez_circuit_assemble(struct ez_circuit_grid *g, Mat m, const double *res, const unsigned char *kind, Vec rhs) {
    PetscFunctionBeginUser;
    const int nn = g->eight ? 8 : 4;
    PetscInt xs, ys, xm, ym, gxs, gys, gxm, gym;
    PetscCall(DMDAGetCorners(g->da, &xs, &ys, NULL, &xm, &ym, NULL));
    PetscCall(DMDAGetGhostCorners(g->da, &gxs, &gys, NULL, &gxm, &gym, NULL));
#define K(i, j) ((size_t)((j) - gys) * (size_t)gxm + (size_t)((i) - gxs))
    PetscScalar **bb = NULL;
    if (rhs) PetscCall(DMDAVecGetArray(g->da, rhs, &bb));
    for (PetscInt j = ys; j < ys + ym; j++)
        for (PetscInt i = xs; i < xs + xm; i++) {
            MatStencil row = {.k = 0, .j = j, .i = i, .c = 0};
            MatStencil cols[9];
            PetscScalar vals[9];
            int nc = 0;
            size_t k = K(i, j);
            const int isFree = kind[k] == EZ_CELL_FREE;
            double diag = 0, b = 0;
            for (int d = 0; d < nn; d++) {
                PetscInt ni = i + DX[d], nj = j + DY[d];
                if (ni < 0 || ni >= g->width || nj < 0 || nj >= g->height) continue;
                double v = 0;
                const unsigned char other = kind[K(ni, nj)];
                if (isFree && other != EZ_CELL_OUT) {
                    double c = conductance(g, res[k], res[K(ni, nj)], d >= 4);
                    diag += c;
                    if (other == EZ_CELL_ONE) b += c;
                    else if (other == EZ_CELL_FREE) v = -c;
                }
                cols[nc].k = 0; cols[nc].j = nj; cols[nc].i = ni; cols[nc].c = 0;
                vals[nc++] = v;
            }
            if (!isFree) { diag = 1; b = 0; }
            cols[nc].k = 0; cols[nc].j = j; cols[nc].i = i; cols[nc].c = 0;
            vals[nc++] = diag;
            PetscCall(MatSetValuesStencil(m, 1, &row, nc, cols, vals, INSERT_VALUES));
            if (bb) bb[j][i] = b;
        }
#undef K
    if (rhs) PetscCall(DMDAVecRestoreArray(g->da, rhs, &bb));
    PetscCall(MatAssemblyBegin(m, MAT_FINAL_ASSEMBLY));
    PetscCall(MatAssemblyEnd(m, MAT_FINAL_ASSEMBLY));
    PetscFunctionReturn(0);
}

/// KSPSolve(ksp, g->rhs, g->solution) from a zero guess; records the iterations, ‖b − Ax‖/‖b‖ and a
/// divergence (negative KSPConvergedReason) in `out`.
PetscErrorCode ez_circuit_run_solver(struct ez_circuit_grid *g, KSP ksp, ez_circuit_result *out) {
    PetscFunctionBeginUser;
    PetscCall(VecSet(g->solution, 0.0));
    PetscCall(KSPSolve(ksp, g->rhs, g->solution));
    KSPConvergedReason reason;
    PetscInt its;
    PetscReal rnorm, bnorm;
    PetscCall(KSPGetConvergedReason(ksp, &reason));
    PetscCall(KSPGetIterationNumber(ksp, &its));
    PetscCall(KSPGetResidualNorm(ksp, &rnorm));
    PetscCall(VecNorm(g->rhs, NORM_2, &bnorm));
    out->iterations = its;
    out->relative_residual = bnorm > 0 ? rnorm / bnorm : 0;
    out->converged_reason = reason < 0 ? (int)reason : 0;
    PetscFunctionReturn(0);
}

/// The voltage and node-current maps of the owned cells from `volts`, the 1 A voltages of the input
/// window (row-major, halo included; NaN off the pair's component): a cell of core a or b carries 1 A
/// (a shorted core's node, or the focal point itself); any other cell the larger of its in- and outflow,
/// branch currents below 1e-8 of the grid's largest dropped (as CircuitFlow). Collective (one Allreduce).
PetscErrorCode ez_circuit_maps(struct ez_circuit_grid *g, const double *res, const int32_t *lab, int32_t a, int32_t b,
                               const double *volts, double *voltage, double *current) {
    PetscFunctionBeginUser;
    const int nn = g->eight ? 8 : 4;
    PetscInt xs, ys, xm, ym, gxs, gys, gxm, gym;
    PetscCall(DMDAGetCorners(g->da, &xs, &ys, NULL, &xm, &ym, NULL));
    PetscCall(DMDAGetGhostCorners(g->da, &gxs, &gys, NULL, &gxm, &gym, NULL));
#define K(i, j) ((size_t)((j) - gys) * (size_t)gxm + (size_t)((i) - gxs))
#define IN_WINDOW(i, j) ((i) >= gxs && (i) < gxs + gxm && (j) >= gys && (j) < gys + gym)
    double maxBranch = 0, globalMax = 0;
    for (PetscInt j = ys; j < ys + ym; j++)
        for (PetscInt i = xs; i < xs + xm; i++) {
            double vi = volts[K(i, j)];
            if (isnan(vi)) continue;
            for (int d = 0; d < nn; d++) {
                PetscInt ni = i + DX[d], nj = j + DY[d];
                if (!IN_WINDOW(ni, nj) || isnan(volts[K(ni, nj)])) continue;
                double flow = conductance(g, res[K(i, j)], res[K(ni, nj)], d >= 4) * fabs(vi - volts[K(ni, nj)]);
                if (flow > maxBranch) maxBranch = flow;
            }
        }
    PetscCallMPI(MPI_Allreduce(&maxBranch, &globalMax, 1, MPI_DOUBLE, MPI_MAX, PETSC_COMM_WORLD));
    const double floor = 1e-8 * globalMax;
    for (PetscInt j = ys; j < ys + ym; j++)
        for (PetscInt i = xs; i < xs + xm; i++) {
            size_t o = (size_t)(j - ys) * (size_t)xm + (size_t)(i - xs), k = K(i, j);
            double vi = volts[k];
            if (voltage) voltage[o] = vi;
            if (!current) continue;
            if (isnan(vi)) { current[o] = NAN; continue; }
            if (lab[k] == a || lab[k] == b) { current[o] = 1.0; continue; }
            double in = 0, outFlow = 0;
            for (int d = 0; d < nn; d++) {
                PetscInt ni = i + DX[d], nj = j + DY[d];
                if (!IN_WINDOW(ni, nj) || isnan(volts[K(ni, nj)])) continue;
                double vj = volts[K(ni, nj)];
                double c = conductance(g, res[k], res[K(ni, nj)], d >= 4) * fabs(vi - vj);
                if (c < floor) continue;
                if (vi > vj) outFlow += c; else in += c;
            }
            current[o] = in > outFlow ? in : outFlow;
        }
#undef IN_WINDOW
#undef K
    PetscFunctionReturn(0);
}

int ez_circuit_solve(ez_circuit_grid *g, const double *resistance, const int32_t *labels, int32_t a, int32_t b,
                     ez_circuit_result *result, double *voltage, double *current) {
    int status = 0;
    PetscErrorCode code = solve_impl(g, resistance, labels, a, b, result, voltage, current, &status);
    if (code) return ezmpi_petsc_error((int)code);
    if (status == EZ_ERROR_ZERO_RESISTANCE) ezmpi_set_error("a passable cell has resistance 0");
    else if (status == EZ_ERROR_EMPTY_A || status == EZ_ERROR_EMPTY_B) ezmpi_set_error("a core of the pair has no passable cell");
    return status;
}
