#!/usr/bin/env bash
# Real Confluent clients against strata-server: builds the server, writes a users file (an admin
# and a read-only user, bcrypt hashes from `strata-server hash-password`) and a tokens file (a write
# token from `strata-server new-token`), starts the server over a new SQLite registry on a free
# loopback port with no anonymous access, and runs Server/Tests/clients/confluent_clients.py with
# confluent-kafka and python-schema-registry-client from PyPI (in a virtual environment under
# .build/, made once).
#
#     ./scripts/server-clients-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/test-server.sh
. scripts/test-server.sh
build_test_server

venv=.build/python-clients
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check "confluent-kafka[json]==2.16.1" "python-schema-registry-client==2.6.1"

work=$(mktemp -d)
# bcrypt's lowest cost keeps the test fast; the default (12) is for real users.
{
  echo "admin:admin:$(echo admin-secret | "$server" hash-password --cost 4)"
  echo "reader:read:$(echo reader-secret | "$server" hash-password --cost 4)"
} > "$work/users"
"$server" new-token --name producer --role write > "$work/new-token"
token=$(sed -n 's/^token: //p' "$work/new-token")
sed -n 's/^tokens file line: //p' "$work/new-token" > "$work/tokens"
start_test_server "$server" "sqlite:$work/registry.sqlite" "$work" --users "$work/users" --tokens "$work/tokens"
"$venv/bin/python" Server/Tests/clients/confluent_clients.py "http://127.0.0.1:$port" "$token" \
  || { echo "server-clients-test: the server's log:" >&2; cat "$work/server.log" >&2; exit 1; }

# Bytes across: confluent-kafka's serialiser to Strata's reader (through the catalog the server
# hands out), and Strata's writer to confluent-kafka's deserialiser.
STRATA_TEST_PYTHON="$PWD/$venv/bin/python" swift test --package-path Server "${server_build_options[@]}" \
  --filter ConfluentWireInteropTests
