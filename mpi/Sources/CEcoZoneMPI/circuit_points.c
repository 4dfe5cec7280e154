// Focal points: one circuit, one preconditioner set-up, every pair.
//
// When each core is a single cell, shorting it changes nothing, and the circuit is the same for every
// pair: the graph Laplacian L of the passable cells. Circuitscape's focal-point mode (its "shortcut")
// and Circuitscape.jl rest on this; GFlow, which rebuilds its preconditioner for every pair, does not.
// L is singular — its null space is the constants on each connected component — but a pair's injections
// (+1 A at b, −1 A at a) sum to zero on their component, so the system is consistent and the voltage
// differences are unique. The null space is removed by grounding one cell per component (an identity row
// with right-hand side 0, its couplings dropped from its neighbours' rows so the matrix stays symmetric):
// no current flows into that ground unless it is a or b itself, where it takes exactly the injection the
// row no longer carries, so v_b − v_a = R_AB either way. Grounding rather than MatSetNullSpace keeps the
// matrix non-singular — hypre's coarsest-level direct solve needs that — and needs no grid-sized null
// vector per component. The matrix is then assembled and the multigrid set up once (KSPSetUp), and each
// pair is one KSPSolve.
//
// Components are labelled by the largest point id they hold (ez_circuit_spread_max, as circuit.c finds
// A's component). Cells of components without a point, and impassable cells, are identity rows too.
#include "ecozone_mpi.h"
#include "internal.h"
#include "circuit_grid.h"

#include <stdlib.h>
#include <string.h>

void ez_circuit_release_points(struct ez_circuit_grid *g) {
    KSPDestroy(&g->points_ksp);
    MatDestroy(&g->points_matrix);
    VecDestroy(&g->component_local);
    free(g->point_ids);
    free(g->point_cells);
    free(g->point_components);
    free(g->component_cells);
    g->point_ids = NULL;
    g->point_cells = NULL;
    g->point_components = NULL;
    g->component_cells = NULL;
    g->point_count = 0;
}

/// Index of `id` in the ascending `ids`, or -1.
static int64_t find_id(const int32_t *ids, int64_t n, int32_t id) {
    int64_t lo = 0, hi = n - 1;
    while (lo <= hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (ids[mid] == id) return mid;
        if (ids[mid] < id) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
}

/// Labels g->component_local (ghosted): each passable cell gets the largest point id of its component
/// (0 when it holds none); impassable cells 0.
static PetscErrorCode label_components(struct ez_circuit_grid *g, const double *res, const int32_t *lab,
                                       const int32_t *ids, int64_t n) {
    PetscFunctionBeginUser;
    PetscInt gxs, gys, gxm, gym;
    PetscCall(DMDAGetGhostCorners(g->da, &gxs, &gys, NULL, &gxm, &gym, NULL));
    PetscScalar **cl;
    PetscCall(DMDAVecGetArray(g->da, g->component_local, &cl));
    for (PetscInt j = gys; j < gys + gym; j++)
        for (PetscInt i = gxs; i < gxs + gxm; i++) {
            size_t k = (size_t)(j - gys) * (size_t)gxm + (size_t)(i - gxs);
            cl[j][i] = passable(res[k]) && find_id(ids, n, lab[k]) >= 0 ? (double)lab[k] : 0.0;
        }
    PetscCall(DMDAVecRestoreArray(g->da, g->component_local, &cl));
    PetscCall(ez_circuit_spread_max(g, res, g->component_local));
    PetscFunctionReturn(0);
}

static PetscErrorCode prepare_impl(struct ez_circuit_grid *g, const double *res, const int32_t *lab, const int32_t *ids,
                                   int64_t n, double *setup_seconds, int32_t *bad_id, int *status) {
    PetscFunctionBeginUser;
    *status = 0;
    ez_circuit_release_points(g);
    PetscInt xs, ys, xm, ym, gxs, gys, gxm, gym;
    PetscCall(DMDAGetCorners(g->da, &xs, &ys, NULL, &xm, &ym, NULL));
    PetscCall(DMDAGetGhostCorners(g->da, &gxs, &gys, NULL, &gxm, &gym, NULL));
#define K(i, j) ((size_t)((j) - gys) * (size_t)gxm + (size_t)((i) - gxs))

    // Passable cells of each id (and zero resistances, last), and where each point lies.
    int64_t *counts = calloc((size_t)n + 1, sizeof(int64_t)), *totals = calloc((size_t)n + 1, sizeof(int64_t));
    g->point_ids = malloc(sizeof(int32_t) * (size_t)(n ? n : 1));
    g->point_cells = malloc(sizeof(int64_t) * (size_t)(n ? n : 1));
    g->point_components = calloc((size_t)(n ? n : 1), sizeof(int32_t));
    g->component_cells = calloc((size_t)(n ? n : 1), sizeof(int64_t));
    PetscCheck(counts && totals && g->point_ids && g->point_cells && g->point_components && g->component_cells,
               PETSC_COMM_SELF, PETSC_ERR_MEM, "out of memory");
    memcpy(g->point_ids, ids, sizeof(int32_t) * (size_t)n);
    g->point_count = n;
    int64_t *cellsLocal = malloc(sizeof(int64_t) * (size_t)(n ? n : 1));
    PetscCheck(cellsLocal, PETSC_COMM_SELF, PETSC_ERR_MEM, "out of memory");
    for (int64_t p = 0; p < n; p++) cellsLocal[p] = -1;
    for (PetscInt j = ys; j < ys + ym; j++)
        for (PetscInt i = xs; i < xs + xm; i++) {
            size_t k = K(i, j);
            if (!passable(res[k])) continue;
            if (res[k] == 0) counts[n]++;
            int64_t p = find_id(ids, n, lab[k]);
            if (p >= 0) { counts[p]++; cellsLocal[p] = (int64_t)j * g->width + i; }
        }
    PetscCallMPI(MPI_Allreduce(counts, totals, (int)(n + 1), MPI_INT64_T, MPI_SUM, PETSC_COMM_WORLD));
    PetscCallMPI(MPI_Allreduce(cellsLocal, g->point_cells, (int)n, MPI_INT64_T, MPI_MAX, PETSC_COMM_WORLD));
    free(cellsLocal);
    int verdict = 0;
    if (totals[n] > 0) verdict = EZ_ERROR_ZERO_RESISTANCE;
    for (int64_t p = 0; p < n && !verdict; p++)
        if (totals[p] == 0) { verdict = EZ_ERROR_EMPTY_A; *bad_id = ids[p]; }
    for (int64_t p = 0; p < n && !verdict; p++)
        if (totals[p] > 1) verdict = EZ_NOT_POINTS;
    free(counts);
    free(totals);
    if (verdict) { ez_circuit_release_points(g); *status = verdict; PetscFunctionReturn(0); }

    PetscCall(VecDuplicate(g->reach_local, &g->component_local));
    PetscCall(label_components(g, res, lab, ids, n));
    PetscScalar **cl;
    PetscCall(DMDAVecGetArrayRead(g->da, g->component_local, &cl));
    // Each point's component (read where the point lies), and each component's cells.
    int32_t *compLocal = calloc((size_t)(n ? n : 1), sizeof(int32_t));
    int64_t *compCells = calloc((size_t)(n ? n : 1), sizeof(int64_t)), *compTotals = calloc((size_t)(n ? n : 1), sizeof(int64_t));
    PetscCheck(compLocal && compCells && compTotals, PETSC_COMM_SELF, PETSC_ERR_MEM, "out of memory");
    for (int64_t p = 0; p < n; p++) {
        PetscInt i = (PetscInt)(g->point_cells[p] % g->width), j = (PetscInt)(g->point_cells[p] / g->width);
        if (i >= xs && i < xs + xm && j >= ys && j < ys + ym) compLocal[p] = (int32_t)cl[j][i];
    }
    for (PetscInt j = ys; j < ys + ym; j++)
        for (PetscInt i = xs; i < xs + xm; i++)
            if (cl[j][i] > 0) compCells[find_id(ids, n, (int32_t)cl[j][i])]++;
    PetscCallMPI(MPI_Allreduce(compLocal, g->point_components, (int)n, MPI_INT32_T, MPI_MAX, PETSC_COMM_WORLD));
    PetscCallMPI(MPI_Allreduce(compCells, compTotals, (int)n, MPI_INT64_T, MPI_SUM, PETSC_COMM_WORLD));
    for (int64_t p = 0; p < n; p++) g->component_cells[p] = compTotals[find_id(ids, n, g->point_components[p])];
    free(compLocal);
    free(compCells);
    free(compTotals);

    // The grounded Laplacian: a component's ground (its point whose id is the component's label) held at
    // 0 V, the rest of every point's component unknown.
    unsigned char *kind = malloc((size_t)gxm * (size_t)gym);
    PetscCheck(kind, PETSC_COMM_SELF, PETSC_ERR_MEM, "out of memory assembling the circuit");
    for (PetscInt j = gys; j < gys + gym; j++)
        for (PetscInt i = gxs; i < gxs + gxm; i++) {
            size_t k = K(i, j);
            kind[k] = cl[j][i] <= 0 ? EZ_CELL_OUT : lab[k] == (int32_t)cl[j][i] ? EZ_CELL_ZERO : EZ_CELL_FREE;
        }
    PetscCall(DMDAVecRestoreArrayRead(g->da, g->component_local, &cl));
    PetscCall(DMCreateMatrix(g->da, &g->points_matrix));
    PetscErrorCode assembled = ez_circuit_assemble(g, g->points_matrix, res, kind, NULL);
    free(kind);
    PetscCall(assembled);
    PetscCall(ez_circuit_make_solver(g, &g->points_ksp));
    PetscCall(KSPSetOperators(g->points_ksp, g->points_matrix, g->points_matrix));
    double started = MPI_Wtime();
    PetscCall(KSPSetUp(g->points_ksp));
    *setup_seconds = MPI_Wtime() - started;
#undef K
    PetscFunctionReturn(0);
}

int ez_circuit_prepare_points(ez_circuit_grid *g, const double *resistance, const int32_t *labels, const int32_t *ids,
                              int64_t count, double *setup_seconds, int32_t *bad_id) {
    int status = 0;
    *setup_seconds = 0;
    for (int64_t p = 1; p < count; p++)
        if (ids[p] <= ids[p - 1]) { ezmpi_set_error("focal point ids must be ascending and distinct"); return -1; }
    PetscErrorCode code = prepare_impl(g, resistance, labels, ids, count, setup_seconds, bad_id, &status);
    if (code) { ez_circuit_release_points(g); return ezmpi_petsc_error((int)code); }
    if (status == EZ_ERROR_ZERO_RESISTANCE) ezmpi_set_error("a passable cell has resistance 0");
    else if (status == EZ_ERROR_EMPTY_A) ezmpi_set_error("a core has no passable cell");
    return status;
}

static PetscErrorCode solve_points_impl(struct ez_circuit_grid *g, const double *res, const int32_t *lab, int64_t pa, int64_t pb,
                                        ez_circuit_result *out, double *voltage, double *current) {
    PetscFunctionBeginUser;
    PetscInt xs, ys, xm, ym, gxs, gys, gxm, gym;
    PetscCall(DMDAGetCorners(g->da, &xs, &ys, NULL, &xm, &ym, NULL));
    PetscCall(DMDAGetGhostCorners(g->da, &gxs, &gys, NULL, &gxm, &gym, NULL));
#define K(i, j) ((size_t)((j) - gys) * (size_t)gxm + (size_t)((i) - gxs))
#define OWNED(i, j) ((i) >= xs && (i) < xs + xm && (j) >= ys && (j) < ys + ym)
    const int32_t comp = g->point_components[pa];
    out->component_cells = g->component_cells[pa];
    out->iterations = 0;
    out->relative_residual = 0;
    out->converged_reason = 0;
    if (g->point_components[pb] != comp) {
        out->effective_resistance = INFINITY;
        size_t n = (size_t)xm * (size_t)ym;
        for (size_t k = 0; k < n; k++) { if (voltage) voltage[k] = NAN; if (current) current[k] = NAN; }
        PetscFunctionReturn(0);
    }
    const PetscInt ai = (PetscInt)(g->point_cells[pa] % g->width), aj = (PetscInt)(g->point_cells[pa] / g->width);
    const PetscInt bi = (PetscInt)(g->point_cells[pb] % g->width), bj = (PetscInt)(g->point_cells[pb] / g->width);
    // The ground's identity row keeps right-hand side 0: a grounded end's injection is the ground's.
    const int aGround = g->point_ids[pa] == comp, bGround = g->point_ids[pb] == comp;
    PetscCall(VecSet(g->rhs, 0.0));
    PetscScalar **bb;
    PetscCall(DMDAVecGetArray(g->da, g->rhs, &bb));
    if (!bGround && OWNED(bi, bj)) bb[bj][bi] = 1.0;
    if (!aGround && OWNED(ai, aj)) bb[aj][ai] = -1.0;
    PetscCall(DMDAVecRestoreArray(g->da, g->rhs, &bb));
    PetscCall(ez_circuit_run_solver(g, g->points_ksp, out));

    PetscCall(DMGlobalToLocal(g->da, g->solution, INSERT_VALUES, g->solution_local));
    const PetscScalar **vl, **cl;
    PetscCall(DMDAVecGetArrayRead(g->da, g->solution_local, &vl));
    PetscCall(DMDAVecGetArrayRead(g->da, g->component_local, &cl));
    // A cell's voltage: 0 at the ground (and off the component), the solution elsewhere.
#define V(i, j) ((cl[j][i] == (double)comp && lab[K(i, j)] != comp) ? vl[j][i] : 0.0)
    double ends[2] = {0, 0}, endsAll[2];
    if (OWNED(ai, aj)) ends[0] = V(ai, aj);
    if (OWNED(bi, bj)) ends[1] = V(bi, bj);
    PetscCallMPI(MPI_Allreduce(ends, endsAll, 2, MPI_DOUBLE, MPI_SUM, PETSC_COMM_WORLD));
    const double va = endsAll[0];
    out->effective_resistance = endsAll[1] - va;

    if (voltage || current) {
        // The voltages relative to a (1 A in at b: a at 0 V, b at R) of the input window, NaN off the component.
        double *volts = malloc(sizeof(double) * (size_t)gxm * (size_t)gym);
        PetscCheck(volts, PETSC_COMM_SELF, PETSC_ERR_MEM, "out of memory for the maps");
        for (PetscInt j = gys; j < gys + gym; j++)
            for (PetscInt i = gxs; i < gxs + gxm; i++)
                volts[K(i, j)] = cl[j][i] == (double)comp ? V(i, j) - va : NAN;
        PetscErrorCode code = ez_circuit_maps(g, res, lab, g->point_ids[pa], g->point_ids[pb], volts, voltage, current);
        free(volts);
        PetscCall(code);
    }
#undef V
    PetscCall(DMDAVecRestoreArrayRead(g->da, g->component_local, &cl));
    PetscCall(DMDAVecRestoreArrayRead(g->da, g->solution_local, &vl));
#undef OWNED
#undef K
    PetscFunctionReturn(0);
}

int ez_circuit_solve_points(ez_circuit_grid *g, const double *resistance, const int32_t *labels, int32_t a, int32_t b,
                            ez_circuit_result *result, double *voltage, double *current) {
    if (!g->points_ksp) { ezmpi_set_error("the focal points are not prepared"); return -1; }
    int64_t pa = find_id(g->point_ids, g->point_count, a), pb = find_id(g->point_ids, g->point_count, b);
    if (pa < 0) { ezmpi_set_error("core is not a prepared focal point"); return EZ_ERROR_EMPTY_A; }
    if (pb < 0) { ezmpi_set_error("core is not a prepared focal point"); return EZ_ERROR_EMPTY_B; }
    PetscErrorCode code = solve_points_impl(g, resistance, labels, pa, pb, result, voltage, current);
    if (code) return ezmpi_petsc_error((int)code);
    return 0;
}
