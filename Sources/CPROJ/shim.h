// Thin shim over PROJ: the geodesic routines (Karney's algorithms, geodesic.h) and proj.h.
#ifndef INCIDENT_MAPPER_CPROJ_SHIM_H
#define INCIDENT_MAPPER_CPROJ_SHIM_H
#include <proj.h>
#include <geodesic.h>
#endif
