#!/usr/bin/env bash
# Rebuild the GeoData layers from their sources (see GeoData/fir/*.md).
# Installs what is missing (Debian gmt + gmt-dcw, PyPI shapely + pyproj),
# then runs the build scripts, writing into GeoData/fir/. Works from any cwd.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."    # repository root

DCW_FILE=/usr/share/gmt-dcw/dcw-gmt.nc
if ! command -v gmt >/dev/null 2>&1 || [ ! -f "$DCW_FILE" ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y gmt gmt-dcw
fi

if ! python3 -c 'import shapely, pyproj' >/dev/null 2>&1; then
    python3 -m pip install "shapely==2.2.0" "pyproj==3.7.2"
fi

python3 GeoData/scripts/build_fir_svzm.py GeoData/fir/SVZM.geojson
# the other FIRs reuse SVZM's edges vertex for vertex, so they are built after it
python3 GeoData/scripts/build_firs.py GeoData/fir
