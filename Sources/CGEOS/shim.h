// Thin shim over GEOS's C API: the reentrant (_r) functions only.
// Debian 12 ships GEOS 3.11: functions added in 3.12+ (GEOSPreparedContainsXY_r, coverage, ...)
// are not declared here; gate any use of them on GEOS_VERSION_MAJOR/MINOR in this file.
#ifndef INCIDENT_MAPPER_CGEOS_SHIM_H
#define INCIDENT_MAPPER_CGEOS_SHIM_H
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
#endif
