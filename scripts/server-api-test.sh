#!/usr/bin/env bash
# The OpenAPI document against the running server: builds strata-server, starts it over a new
# SQLite registry (holding the example Schemas/, so that generated requests meet real subjects,
# versions and ids) on a free loopback port, and runs schemathesis (from PyPI, in a virtual
# environment under .build/, made once) with docs/openapi.yaml. Every check schemathesis has runs,
# bounded in examples and time:
#
#     ./scripts/server-api-test.sh [MAX_EXAMPLES] [MAX_SECONDS]     (default 20 and 240)
set -euo pipefail
cd "$(dirname "$0")/.."
examples="${1:-20}"
seconds="${2:-240}"
swift build --product strata >&2
strata="$(swift build --show-bin-path)/strata"
# shellcheck source=scripts/test-server.sh
. scripts/test-server.sh
build_test_server

venv=.build/python-api-test
if [ ! -x "$venv/bin/st" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==4.32.5"

work=$(mktemp -d)
# CustomerRegistered v2 is bridged by a Swift upcaster only the example's program holds (scripts/demo.sh).
export STRATA_DB="$work/registry.sqlite"
"$strata" config CustomerRegistered --mode NONE > /dev/null
"$strata" sync Schemas Upcasters > /dev/null
# An admin user (bcrypt's lowest cost keeps the test fast) and no anonymous access, so that
# schemathesis also sees requests without credentials refused.
echo "admin:admin:$(echo admin-secret | "$server" hash-password --cost 4)" > "$work/users"
start_test_server "$server" "sqlite:$work/registry.sqlite" "$work" --users "$work/users"
"$venv/bin/st" --config-file Server/Tests/api/schemathesis.toml run docs/openapi.yaml --url "http://127.0.0.1:$port" --auth admin:admin-secret --checks all \
    --max-examples "$examples" --max-time "$seconds" --workers 2 --seed 1 --no-color --generation-database none \
  || { echo "server-api-test: schemathesis failed; the server's log:" >&2; tail -50 "$work/server.log" >&2; exit 1; }
