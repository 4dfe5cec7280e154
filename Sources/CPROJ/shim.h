#include <proj.h>
// geod_* (Karney's geodesic algorithms) live in libproj itself.
#include <geodesic.h>
