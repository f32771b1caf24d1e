#!/usr/bin/env bash
# Rebuild every derived GeoData layer from its sources, in dependency order:
#   1. FIRs            GeoData/fir/*.geojson              (build_fir_svzm.py, then build_firs.py)
#   2. land            GeoData/land/land.geojson          (build_land.py: GSHHG high + DCW via gmt,
#                      cut to coverage.json's land_frame, ~4 min, 1.0 GB)
#   3. internal waters GeoData/maritime/internal_waters.geojson (build_internal_waters.py, from 2, ~5 s)
#   4. maritime zones  GeoData/maritime/maritime.geojson  (build_maritime.py, from 2 and 3, clipped to
#                      coverage.json's theatre, ~75 s, 0.6 GB)
# Installs what is missing: Debian gmt, gmt-gshhg-high, gmt-gshhg-full (checks only), gmt-dcw;
# PyPI shapely, pyproj, scipy (the versions the shipped layers were built with). Every build is
# deterministic: a rebuild with the same inputs gives the same bytes (`git diff --stat GeoData`).
# Then checks: GeoData/scripts/check_land_maritime.py (~4 min; its comparison with GSHHG full,
# and GeoData/scripts/measure_coast_accuracy.py, need Debian gmt-gshhg-full, which this script
# installs too) and check_fir_svzm.py / check_firs.py with ../shared/geodata. Works from any cwd.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."    # repository root

missing=()
for p in gmt gmt-gshhg-high gmt-gshhg-full gmt-dcw; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "regenerate: installing ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}"
fi

if ! python3 -c 'import shapely, pyproj, scipy, numpy' >/dev/null 2>&1; then
    echo "regenerate: installing shapely, pyproj and scipy from PyPI" >&2
    python3 -m pip install "shapely==2.2.0" "pyproj==3.7.2" "scipy==1.17.1"
fi

step() { printf '\n=== %s\n' "$*" >&2; }

step "FIRs"
python3 GeoData/scripts/build_fir_svzm.py GeoData/fir/SVZM.geojson
# the other FIRs reuse SVZM's edges vertex for vertex, so they are built after it
python3 GeoData/scripts/build_firs.py GeoData/fir

step "land (GSHHG high + DCW)"
python3 GeoData/scripts/build_land.py GeoData/land/land.geojson

step "internal waters (Lake Maracaibo and Tablazo Bay, from the land layer)"
python3 GeoData/scripts/build_internal_waters.py GeoData/land/land.geojson \
    GeoData/maritime/internal_waters.geojson

step "maritime zones (from the land layer and the internal waters)"
python3 GeoData/scripts/build_maritime.py GeoData/land/land.geojson \
    GeoData/maritime/internal_waters.geojson GeoData/maritime/maritime.geojson

echo "regenerate: done; check with python3 GeoData/scripts/check_land_maritime.py GeoData ../shared/geodata" >&2
