#!/usr/bin/env bash
# Peer server for the OGC API - Features benchmark: pygeoapi 0.21.0 under gunicorn 23.0.0
# (2 sync worker processes), serving a GeoPackage's `incidents` layer as collection `incidents`.
#   Benchmarks/pygeoapi_peer.sh PORT GPKG_PATH
# Installs what is missing (idempotent), starts the server in the background on 127.0.0.1:PORT,
# waits until it answers, and prints one line "pid PGID" on stdout; stop it with kill -- -PGID.
# Config, OpenAPI document and logs stay in the temp dir named on stderr.
#
# Provider: pygeoapi's own OGR provider (GDAL's GPKG driver: bbox through the R-tree, then an
# exact intersection test) reads the file. In 0.21.0 both OGR and SQLiteGPKG silently ignore
# `datetime`, so a small subclass (written below) adds it as an OGR attribute filter on
# `time_start`; everything else is the stock provider. Like the stock provider it returns no
# numberMatched (only resulttype=hits counts), and `offset` is ignored (paging is off for GPKG).
set -euo pipefail
usage="usage: pygeoapi_peer.sh PORT GPKG_PATH"
port=${1:?$usage}
gpkg=$(realpath -e "${2:?$usage}")
base=${PYGEOAPI_PEER_DIR:-/tmp/pygeoapi-peer}   # holds the venv and one run.* dir per start
venv=$base/venv
mkdir -p "$base"

# GDAL's Python bindings come from Debian (they must match its libgdal), so the venv is built on
# Debian's python3 with --system-site-packages; pygeoapi and gunicorn come from PyPI, pinned.
if ! /usr/bin/python3 -c 'from osgeo import ogr' 2>/dev/null; then
    { apt-get update -qq && apt-get install -y -qq python3-gdal python3-venv; } >&2
fi
if ! "$venv/bin/python" -c 'import importlib.metadata as m, sys
sys.exit(m.version("pygeoapi") != "0.21.0" or m.version("gunicorn") != "23.0.0")' 2>/dev/null; then
    /usr/bin/python3 -m venv --system-site-packages "$venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check "pygeoapi==0.21.0" "gunicorn==23.0.0" >&2
fi

# Refuse a port that something already answers on (we would otherwise probe the wrong server).
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "pygeoapi_peer: port $port is already in use" >&2; exit 1
fi

dir=$(mktemp -d "$base/run.XXXXXX")
echo "pygeoapi_peer: config and logs in $dir" >&2

# The OGR provider plus `datetime` (instant "T", interval "A/B", "../B", "A/.."). GDAL stores GPKG
# DateTime as text "YYYY-MM-DDTHH:MM:SS.sssZ" and hands the filter to SQLite, which compares
# text, so bounds are normalised to that exact form (UTC, milliseconds) first.
cat > "$dir/pgpeer_ogr.py" <<'PY'
from datetime import timezone
from dateutil.parser import isoparse
from pygeoapi.provider.ogr import OGRProvider


def _text(value):
    t = isoparse(value)
    t = t.astimezone(timezone.utc) if t.tzinfo else t
    return "'" + t.strftime('%Y-%m-%dT%H:%M:%S.%f')[:23] + "Z'"


class OGRTimeProvider(OGRProvider):
    _where = None

    def query(self, *args, datetime_=None, properties=[], **kwargs):
        where = [f"{k} = '{v}'" for k, v in properties]   # as the stock provider builds them
        if datetime_ and self.time_field:
            begin, slash, end = datetime_.partition('/')
            if not slash:
                where.append(f'{self.time_field} = {_text(begin)}')
            else:
                if begin not in ('', '..'):
                    where.append(f'{self.time_field} >= {_text(begin)}')
                if end not in ('', '..'):
                    where.append(f'{self.time_field} <= {_text(end)}')
        self._where = ' AND '.join(where) or None
        try:
            return super().query(*args, datetime_=datetime_, **kwargs)
        finally:
            self._where = None

    def _get_layer(self):  # the stock query() gets its layer here, then adds the bbox filter
        layer = super()._get_layer()
        layer.SetAttributeFilter(self._where)
        return layer
PY

cat > "$dir/config.yml" <<YML
server:
  bind: {host: 127.0.0.1, port: $port}
  url: http://127.0.0.1:$port
  mimetype: application/json; charset=UTF-8
  encoding: utf-8
  language: en-US
  pretty_print: false
  limits: {default_items: 10, max_items: 10000}
  map: {url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png", attribution: OpenStreetMap}
logging: {level: ERROR, logfile: $dir/pygeoapi.log}
metadata:
  identification: {title: incidents, description: benchmark peer, keywords: [incidents],
                   keywords_type: theme, terms_of_service: none, url: http://127.0.0.1:$port}
  license: {name: none, url: http://127.0.0.1:$port}
  provider: {name: benchmark, url: http://127.0.0.1:$port}
  contact: {name: benchmark, position: none, address: none, city: none, stateorprovince: none,
            postalcode: none, country: none, phone: none, fax: none, email: none@example.org,
            url: http://127.0.0.1:$port, hours: none, instructions: none, role: pointOfContact}
resources:
  incidents:
    type: collection
    title: incidents
    description: incidents
    keywords: [incidents]
    extents:
      spatial: {bbox: [-180, -90, 180, 90], crs: http://www.opengis.net/def/crs/OGC/1.3/CRS84}
    providers:
      - type: feature
        name: pgpeer_ogr.OGRTimeProvider
        data: {source_type: GPKG, source: $gpkg}
        layer: incidents
        id_field: id
        time_field: time_start
YML

export PYGEOAPI_CONFIG="$dir/config.yml" PYGEOAPI_OPENAPI="$dir/openapi.yml" PYTHONPATH="$dir"
"$venv/bin/pygeoapi" openapi generate "$PYGEOAPI_CONFIG" --output-file "$PYGEOAPI_OPENAPI" >&2

# setsid makes gunicorn's master the leader of a new process group (PGID = its pid), so
# kill -- -PGID stops it and its workers; no output stays tied to the caller's terminal or pipe.
setsid "$venv/bin/gunicorn" --workers 2 --bind "127.0.0.1:$port" --chdir "$dir" \
    pygeoapi.flask_app:APP > "$dir/gunicorn.log" 2>&1 < /dev/null &
pid=$!
url="http://127.0.0.1:$port/collections/incidents/items?f=json&limit=1"
for _ in $(seq 600); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)
    [ "$code" = 200 ] && { echo "pid $(ps -o pgid= -p "$pid" | tr -d ' ')"; exit 0; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
echo "pygeoapi_peer: server did not come up; see $dir/gunicorn.log" >&2
tail -n 20 "$dir/gunicorn.log" >&2
kill -- "-$pid" 2>/dev/null || true
exit 1
