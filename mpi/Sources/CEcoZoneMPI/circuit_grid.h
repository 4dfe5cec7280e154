// The distributed grid's state and the stencil helpers shared by circuit.c (one pair at a time, each core
// shorted) and circuit_points.c (focal points: one set-up for every pair). Private to CEcoZoneMPI.
#ifndef ECOZONE_MPI_CIRCUIT_GRID_H
#define ECOZONE_MPI_CIRCUIT_GRID_H

#include "ecozone_mpi.h"

#include <math.h>
#include <petsc.h>
#include <petscdmda.h>
#include <stdint.h>

struct ez_circuit_grid {
    DM da;
    Mat matrix;
    Vec solution, rhs, reach, reach_local, solution_local;
    KSP ksp;
    PetscInt width, height;
    int eight, rule;
    int preconditioner;
    double tolerance;
    PetscInt max_iterations;
    // Focal points (circuit_points.c): the grounded Laplacian of every point's component, assembled and
    // set up once. NULL / 0 until ez_circuit_prepare_points succeeds.
    Mat points_matrix;
    KSP points_ksp;
    Vec component_local;       // ghosted: the component of each cell (its largest point id), 0 none or impassable
    int64_t point_count;
    int32_t *point_ids;        // ascending
    int64_t *point_cells;      // row * width + column of each point's cell
    int32_t *point_components; // the component of each point
    int64_t *component_cells;  // cells of each point's component
};

// Neighbour offsets (dx, dy); the first four are orthogonal.
static const int DX[8] = {1, -1, 0, 0, 1, 1, -1, -1};
static const int DY[8] = {0, 0, 1, -1, 1, -1, 1, -1};

static inline int passable(double r) { return isfinite(r) && r >= 0; }

static inline double conductance(const struct ez_circuit_grid *g, double r1, double r2, int diagonal) {
    // The same expressions as CircuitFlow.solve's conductance (CircuitOptions.swift's rules).
    const double sqrt2 = sqrt(2.0);
    if (g->rule == EZ_RULE_AVERAGE_CONDUCTANCE) return (1.0 / r1 + 1.0 / r2) * 0.5 / (diagonal ? sqrt2 : 1.0);
    return 1.0 / ((diagonal ? sqrt2 : 1.0) * (r1 + r2) * 0.5);
}

/// What a cell is in the circuit being assembled (ez_circuit_assemble).
enum { EZ_CELL_OUT = 0, EZ_CELL_FREE = 1, EZ_CELL_ZERO = 2, EZ_CELL_ONE = 3 };

PetscErrorCode ez_circuit_assemble(struct ez_circuit_grid *g, Mat m, const double *res, const unsigned char *kind, Vec rhs);
PetscErrorCode ez_circuit_make_solver(struct ez_circuit_grid *g, KSP *ksp);
PetscErrorCode ez_circuit_spread_max(struct ez_circuit_grid *g, const double *res, Vec local);
PetscErrorCode ez_circuit_run_solver(struct ez_circuit_grid *g, KSP ksp, ez_circuit_result *out);
PetscErrorCode ez_circuit_maps(struct ez_circuit_grid *g, const double *res, const int32_t *lab, int32_t a, int32_t b,
                               const double *volts, double *voltage, double *current);
/// Frees the focal points' matrix, solver and tables (safe when there are none).
void ez_circuit_release_points(struct ez_circuit_grid *g);

#endif
