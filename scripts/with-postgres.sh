#!/usr/bin/env bash
# Runs a command beside a PostgreSQL server of its own: initdb into a temporary folder, started on a
# free loopback port, stopped (and the folder removed) when the command ends. The command gets the
# server's URL in STRATA_TEST_POSTGRES_URL (database `strata`, user `strata`, trust auth on loopback),
# and in STRATA_TEST_POSTGRES_STOP a script that stops the server early (to test a database that
# goes away).
#
#     ./scripts/with-postgres.sh swift test --package-path Server
#
# Needs PostgreSQL 15's binaries (Debian's postgresql-15; `.ci/run` installs it). As root, the server
# runs as the `postgres` user, since initdb refuses to run as root.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: scripts/with-postgres.sh COMMAND [ARGUMENT…]" >&2; exit 64; }
bin=${STRATA_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}
[ -x "$bin/initdb" ] || { echo "with-postgres: no PostgreSQL at $bin (apt-get install postgresql-15)" >&2; exit 69; }

folder=$(mktemp -d)
run_as=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$folder"
  run_as=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
stop() {
  "${run_as[@]}" "$bin/pg_ctl" -D "$folder/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$folder"
}
trap stop EXIT
"${run_as[@]}" "$bin/initdb" -D "$folder/data" -U strata --auth=trust -E UTF8 --no-locale >"$folder/initdb.log" 2>&1 \
  || { cat "$folder/initdb.log" >&2; exit 1; }
"${run_as[@]}" "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $folder -c max_connections=200" -w start >/dev/null \
  || { cat "$folder/server.log" >&2; exit 1; }
"$bin/createdb" -h 127.0.0.1 -p "$port" -U strata strata
export STRATA_TEST_POSTGRES_URL="postgres://strata@127.0.0.1:$port/strata"
printf '#!/bin/sh\ncd /\n%s %q -D %q -m immediate -w stop >/dev/null\n' "${run_as[*]:-}" "$bin/pg_ctl" "$folder/data" > "$folder/stop-postgres"
chmod +x "$folder/stop-postgres"
export STRATA_TEST_POSTGRES_STOP="$folder/stop-postgres"
status=0
"$@" || status=$?
exit $status
