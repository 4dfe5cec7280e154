// Only for its pkg-config flags (Debian's 64-bit-index PETSc, petsc64.pc): CEcoZoneMPI's C code includes petsc.h.
#include <petsc.h>
