#!/usr/bin/env bash
# The main job, end to end, on the embedded default store (a GeoPackage file):
# install what is missing, build, log incidents from the campaign (Caribbean and Eastern Pacific), ask where they are,
# and export GeoJSON for QGIS / geojson.io / uMap.
#   scripts/demo.sh [STORE.gpkg]     (default: demo/incidents.gpkg, recreated on each run)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
swift build -c release 2>&1 | tail -1
incidents() { .build/release/incidents "$@"; }

mkdir -p demo
store="${1:-demo/incidents.gpkg}"
rm -f "$store"
export INCIDENTS_STORE="$store"

echo "== Where is it? (coordinates as people copy them)"
incidents parse "1130N 06615W"
incidents check "10°36'N 66°59'W"
incidents check "12.1889 -68.9598"
incidents check "15°40'24\"N 63°37'00\"W" --json
echo "-- the Eastern Pacific, and answers that know their limits"
incidents check "14.81313 -96.49"            # 50 nm off Oaxaca
incidents check "11.9503 -66.67"             # Los Roques airport: closer to the coast than the data can tell
incidents check "38.8977 -77.0365"           # Washington: outside the covered region, no zone
incidents distance "10.6031 -66.9906" "10.5954 -61.3372" --unit nm

echo "== Log incidents (illustrative positions)"
incidents log --kind vessel-strike --at "11°10'N 63°50'W" --time 2025-09-02T12:00:00Z \
    --title "Strike on a boat north of the Paria peninsula" --killed 11 --confidence reported \
    --source "https://www.defense.gov/News/|US Department of Defense|2025-09-02" --tag strike
incidents log --kind flight --geometry "LINESTRING (-66.2 14.0, -66.6 12.6, -67.0 11.9)" \
    --time 2025-10-15T21:00:00Z --end 2025-10-15T23:30:00Z \
    --title "Bombers flying toward the coast inside the Maiquetía FIR (SVZM)" --confidence likely
incidents log --kind exercise-zone \
    --geometry '{"type":"Polygon","coordinates":[[[-61.9,10.9],[-61.2,10.9],[-61.2,11.4],[-61.9,11.4],[-61.9,10.9]]]}' \
    --time 2025-10-26 --end 2025-10-30 --title "Exercise zone announced with Trinidad and Tobago"
incidents log --kind vessel-strike --at "13.5 -92.8" --time 2025-10-28T10:00:00Z \
    --title "Strike on a boat in the Eastern Pacific, off Guatemala" --confidence reported
incidents list
echo "-- any part of a track or zone in the Piarco FIR, or in Venezuela's territorial sea"
incidents list --fir TTZP
incidents list --zone territorial-sea --state VEN

echo "== Near a place, and counts"
incidents near "10.57 -62.30" --within 60nm            # Güiria
incidents stats --by kind

echo "== Export GeoJSON (and a spreadsheet)"
incidents export -o demo/incidents.geojson
incidents export -o demo/incidents.csv
echo "store: $store (open it in QGIS); GeoJSON: demo/incidents.geojson; CSV: demo/incidents.csv"
