// Thin shim over libpq, PostgreSQL's C client library (Debian's libpq-dev).
#ifndef INCIDENT_MAPPER_CPQ_SHIM_H
#define INCIDENT_MAPPER_CPQ_SHIM_H
#include <libpq-fe.h>
#endif
