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
# shellcheck source=scripts/test-server.sh
. scripts/test-server.sh
start_test_server "$server" "sqlite:$work/registry.sqlite" "$work"
"$venv/bin/python" Server/Tests/clients/confluent_clients.py "http://127.0.0.1:$port" \
  || { echo "server-clients-test: the server's log:" >&2; cat "$work/server.log" >&2; exit 1; }

# Bytes across: confluent-kafka's serialiser to Strata's reader (through the catalog the server
# hands out), and Strata's writer to confluent-kafka's deserialiser.
STRATA_TEST_PYTHON="$PWD/$venv/bin/python" swift test --package-path Server --filter ConfluentWireInteropTests
