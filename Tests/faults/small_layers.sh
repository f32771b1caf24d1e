# Sourced by the fault scripts: small_layers DIR writes reference layers of a few squares (one
# FIR, one island, one territorial sea) shaped like GeoData/, for INCIDENTS_GEODATA. The server
# reads its layers whole at start: 12 s in a debug build with the shipped ones, 0.15 s with
# these. What a kill or a stop does to the store does not depend on them.
small_layers() {
    local layers=$1
    mkdir -p "$layers/fir" "$layers/land" "$layers/maritime"
    echo '{"theatre": {"west": -70, "east": -60, "south": 5, "north": 15}, "land_frame": {"west": -75, "east": -55, "south": 0, "north": 20},
           "accuracy_m": {"coastline": 500, "land_border": 2000}}' > "$layers/coverage.json"
    echo '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "TEST", "name": "Test FIR", "version": "1"},
           "geometry": {"type": "Polygon", "coordinates": [[[-75, 0], [-55, 0], [-55, 20], [-75, 20], [-75, 0]]]}}]}' > "$layers/fir/TEST.geojson"
    echo '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "VEN", "name": "Island", "version": "1"},
           "geometry": {"type": "Polygon", "coordinates": [[[-65, 9], [-64, 9], [-64, 10], [-65, 10], [-65, 9]]]}}]}' > "$layers/land/land.geojson"
    echo '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "VEN-ts", "kind": "territorial-sea", "state": "VEN", "version": "1"},
           "geometry": {"type": "Polygon", "coordinates": [[[-65.5, 8.5], [-63.5, 8.5], [-63.5, 10.5], [-65.5, 10.5], [-65.5, 8.5]]]}}]}' > "$layers/maritime/maritime.geojson"
}
