#!/usr/bin/env bash
# Installs what the tool needs on Debian 12 when it is missing, then builds it.
#   scripts/setup.sh           the libraries the tool links (GEOS, PROJ, SQLite, libpq) and Leaflet
#                              (libjs-leaflet, which `incidents map` inlines)
#   scripts/setup.sh --checks  also what the conformance and cross-check suites use
#                              (GDAL's GeoPackage validator, SpatiaLite, GMT + DCW for GeoData,
#                              shapely, pyproj; Chromium and Playwright for the map's browser test, OWSLib)
# Needs root (or sudo) only when something has to be installed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

packages=(libgeos-dev libproj-dev proj-data libsqlite3-dev libpq-dev pkg-config time libjs-leaflet)
if [ "${1:-}" = "--checks" ]; then
    packages+=(gdal-bin python3-gdal libsqlite3-mod-spatialite sqlite3 gmt gmt-dcw gmt-gshhg-high gmt-gshhg-full chromium curl)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ "${1:-}" = "--checks" ] && ! python3 -c 'import shapely, pyproj, scipy' >/dev/null 2>&1; then
    echo "setup: installing shapely, pyproj and scipy from PyPI" >&2
    python3 -m pip install -q "shapely==2.2.0" "pyproj==3.7.2" scipy
fi
if [ "${1:-}" = "--checks" ] && ! python3 -c 'import playwright, owslib' >/dev/null 2>&1; then
    # Playwright's driver only (the browser is Debian's chromium: nothing else is downloaded),
    # and OWSLib, one of the three OGC API clients of the conformance check.
    echo "setup: installing playwright and OWSLib from PyPI" >&2
    python3 -m pip install -q "playwright==1.*" "OWSLib==0.35.*"
fi

command -v swift >/dev/null || { echo "setup: swift (6.x) is not on PATH" >&2; exit 1; }
