// Shared between the C files of CEcoZoneMPI; not part of its public header.
#ifndef ECOZONE_MPI_INTERNAL_H
#define ECOZONE_MPI_INTERNAL_H
void ezmpi_set_error(const char *message);
/// Records PETSc's message for `code` and returns it.
int ezmpi_petsc_error(int code);
#endif
