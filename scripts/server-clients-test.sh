#!/usr/bin/env bash
# Real Confluent clients against strata-server: builds the server, starts it over a new SQLite
# registry on a free loopback port, and runs Server/Tests/clients/confluent_clients.py with
# confluent-kafka and python-schema-registry-client from PyPI (in a virtual environment under
# .build/, made once).
#
#     ./scripts/server-clients-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
(cd Server && swift build --product strata-server >&2)
server="$(cd Server && swift build --show-bin-path)/strata-server"

venv=.build/python-clients
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check "confluent-kafka[json]==2.16.1" "python-schema-registry-client==2.6.1"

work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$server" --store "sqlite:$work/registry.sqlite" --port "$port" --log-level warning > "$work/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/subjects', timeout=1)" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { echo "server-clients-test: strata-server exited:" >&2; cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
"$venv/bin/python" Server/Tests/clients/confluent_clients.py "http://127.0.0.1:$port" \
  || { echo "server-clients-test: the server's log:" >&2; cat "$work/server.log" >&2; exit 1; }
