// Only the re-entrant (_r) GEOS C API: every call names its context, so a non-_r call cannot slip in.
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
