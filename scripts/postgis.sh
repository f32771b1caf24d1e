#!/usr/bin/env bash
# A throw-away PostgreSQL 15 + PostGIS 3 cluster on loopback, for tests and benchmarks.
#   scripts/postgis.sh start DIR   installs Debian's postgresql-15-postgis-3 when missing, makes a
#                                  cluster in DIR (owned by the postgres user), starts it on a
#                                  free port of 127.0.0.1 with TLS on (a self-signed certificate)
#                                  and a database `incidents`, and prints its URL on stdout:
#                                  postgresql://postgres@127.0.0.1:PORT/incidents
#   scripts/postgis.sh stop DIR    stops it and removes DIR
# Loopback only, trust authentication: never a server for real data (see the README for that).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

command=${1:?usage: scripts/postgis.sh start|stop DIR}
dir=${2:?usage: scripts/postgis.sh start|stop DIR}
bin=/usr/lib/postgresql/15/bin
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

as_postgres() {
    # The server refuses to run as root: it runs as Debian's postgres user.
    if [ "$(id -un)" = postgres ]; then "$@"
    elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"
    else sudo -u postgres "$@"; fi
}

case "$command" in
stop)
    [ -d "$dir/data" ] && as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    exit 0 ;;
start) ;;
*) echo "postgis.sh: start or stop, not '$command'" >&2; exit 64 ;;
esac

missing=()
for p in postgresql-15 postgresql-15-postgis-3 postgis openssl; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "postgis.sh: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
$sudo chown postgres "$dir"
# Every folder above DIR must let the postgres user through (mktemp -d makes them 0700).
parent=$dir
while [ "$parent" != / ]; do
    parent=$(dirname "$parent")
    case "$(stat -c %A "$parent")" in *x|*t) ;; *) chmod o+x "$parent" ;; esac
done

as_postgres "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
# A certificate for TLS (a URL with ?sslmode=require must work).
as_postgres openssl req -new -x509 -days 30 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$dir/data/server.key" -out "$dir/data/server.crt" >/dev/null 2>&1
as_postgres chmod 600 "$dir/data/server.key"

# A free port: ask the kernel for one, then let the server take it.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
ssl = on
max_connections = 200
fsync = on
synchronous_commit = on
shared_buffers = 256MB
max_wal_size = 4GB
EOF
as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
as_postgres "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE incidents" >/dev/null
as_postgres "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d incidents -q -v ON_ERROR_STOP=1 \
    -c "CREATE EXTENSION postgis; CREATE EXTENSION unaccent" >/dev/null
echo "postgresql://postgres@127.0.0.1:$port/incidents"
