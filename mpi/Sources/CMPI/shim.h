// Only for its pkg-config flags (Open MPI's include and library paths): CEcoZoneMPI's C code includes mpi.h.
#include <mpi.h>
