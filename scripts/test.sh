#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, runs every unit and CLI test.
# The store tests run on both stores: the GeoPackage, and PostGIS in a throw-away PostgreSQL
# cluster on loopback that this script starts (scripts/postgis.sh) and removes at the end.
# INCIDENTS_TEST_POSTGRES=URL uses a database of yours instead (each test makes its own schema);
# INCIDENTS_TEST_POSTGRES=none runs the GeoPackage half only (not allowed under CI=true).
# The point-in-polygon conformance cases run too when ../shared/conformance is beside the checkout.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
if [ -z "${INCIDENTS_TEST_POSTGRES:-}" ]; then
    cluster=$(mktemp -d /tmp/incidents-postgis.XXXXXX)
    trap 'bash scripts/postgis.sh stop "$cluster"' EXIT
    INCIDENTS_TEST_POSTGRES=$(bash scripts/postgis.sh start "$cluster")
fi
[ "$INCIDENTS_TEST_POSTGRES" = none ] && INCIDENTS_TEST_POSTGRES=""
export INCIDENTS_TEST_POSTGRES
swift test
