#!/usr/bin/env bash
# `strata --registry http://…` against a real strata-server, compared with `strata` over a local
# file: builds both, starts the server over a new SQLite registry on a free loopback port, runs the
# same command sequence (config; sync of the example Schemas/ and Upcasters/, refused first since
# a bridge names a Swift upcaster; list, show, check of a breaking schema, register refusals,
# bundle) locally and remotely, and diffs standard output,
# standard error and exit codes (registration times masked). Then checks that an unreachable
# server fails in one line with exit 66, that basic credentials and bearer tokens are sent, and
# that 401 and 403 are one line each (exit 66). The server runs with a users and a tokens file
# and no anonymous access.
#
#     ./scripts/remote-cli-test.sh
#
# With STRATA_TEST_POSTGRES_URL set (scripts/with-postgres.sh ./scripts/remote-cli-test.sh), the
# server runs over that PostgreSQL database instead (it must be empty); at the end the database is
# stopped, and a command must fail in one line with exit 70 (the server's 5xx).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
swift build --product strata >&2
strata="$(swift build --show-bin-path)/strata"
# shellcheck source=scripts/test-server.sh
. "$root/scripts/test-server.sh"
build_test_server

work=$(mktemp -d)
store="sqlite:$work/server.sqlite"
[ -n "${STRATA_TEST_POSTGRES_URL:-}" ] && store="$STRATA_TEST_POSTGRES_URL"
# No anonymous access: an admin user (bcrypt's lowest cost keeps the test fast) and a read token.
echo "admin:admin:$(echo admin-secret | "$server" hash-password --cost 4)" > "$work/users"
"$server" new-token --name reader --role read > "$work/new-token"
read_token=$(sed -n 's/^token: //p' "$work/new-token")
sed -n 's/^tokens file line: //p' "$work/new-token" > "$work/tokens"
start_test_server "$server" "$store" "$work" --users "$work/users" --tokens "$work/tokens"

# The same folder for both runs, so that every path printed is the same.
mkdir -p "$work/repo"
cp -R Schemas Upcasters "$work/repo/"
cd "$work/repo"
mkdir -p Breaking
cp -R Schemas Breaking/
# Money v2 requires a property v1 did not have in a closed model: not BACKWARD compatible.
python3 - <<'PY'
import json
money = json.load(open("Breaking/Schemas/Money/1.json"))
money["properties"]["scale"] = {"type": "integer"}
money["required"].append("scale")
json.dump(money, open("Breaking/Schemas/Money/2.json", "w"), indent=2)
PY

commands=(
  "config"
  "config --mode BACKWARD"
  "sync Schemas Upcasters"
  "config CustomerRegistered --mode NONE"
  "sync Schemas Upcasters"
  "sync Schemas Upcasters --format json"
  "list"
  "list --format json --include-deleted"
  "show OrderPlaced"
  "show OrderPlaced --format json"
  "show OrderPlaced 2"
  "show OrderPlaced 2 --format json"
  "show Nobody"
  "config OrderPlaced --policy LENIENT"
  "config OrderPlaced"
  "config 'not a type' --mode NONE"
  "check Schemas"
  "check Schemas --format json"
  "check Breaking/Schemas"
  "check Breaking/Schemas --format json"
  "check Breaking/Schemas --format github"
  "register Breaking/Schemas/Money/2.json --type Money"
  "register Breaking/Schemas/Money/2.json --type Money --format json"
  "register Schemas/Money/1.json --type Money"
  "register Schemas/Money/1.json --type Money --format json"
  "register Schemas/Money/1.json --type 'not a type'"
  "register Schemas/Money/1.json --type Ledger"
  "sync Breaking/Schemas"
  "bundle --out bundle"
)

run_all() {  # $1: a label; the rest: how to point strata at the registry
  local label=$1; shift
  local index=0
  rm -rf bundle
  for command in "${commands[@]}"; do
    index=$((index + 1))
    set +e
    eval "\"$strata\" $command $*" > "$work/$label.$index.out" 2> "$work/$label.$index.err"
    echo "exit $?" >> "$work/$label.$index.out"
    set -e
    # Registration times differ between the two registries.
    sed -E -i 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/<time>/g' "$work/$label.$index.out" "$work/$label.$index.err"
  done
  mv bundle "$work/$label.bundle"
}

run_all local --db "$work/local.sqlite"
run_all remote --registry "http://127.0.0.1:$port" --registry-user admin:admin-secret

failures=0
index=0
for command in "${commands[@]}"; do
  index=$((index + 1))
  echo "  $(tail -n 1 "$work/local.$index.out") / $(tail -n 1 "$work/remote.$index.out")  strata $command"
  for stream in out err; do
    if ! diff -u "$work/local.$index.$stream" "$work/remote.$index.$stream" > "$work/diff"; then
      echo "remote-cli-test: strata $command: the $stream differs (local, then remote):" >&2
      cat "$work/diff" >&2
      failures=$((failures + 1))
    fi
  done
done
diff -r "$work/local.bundle" "$work/remote.bundle" >&2 || { echo "remote-cli-test: the bundles differ" >&2; failures=$((failures + 1)); }

# A server that is not there: one line, exit 66 (as a registry file that cannot be opened).
closed=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
set +e
STRATA_REGISTRY="http://127.0.0.1:$closed" "$strata" list > "$work/closed.out" 2> "$work/closed.err"
status=$?
set -e
if [ "$status" != 66 ] || [ "$(wc -l < "$work/closed.err")" -gt 2 ]; then
  echo "remote-cli-test: an unreachable server gave exit $status and:" >&2
  cat "$work/closed.err" >&2
  failures=$((failures + 1))
fi

# Credentials and refusals, from the same server: without credentials or with a wrong password
# 401, a read token that tries to write 403 — each one line, exit 66.
expect_failure() {  # $1: the exit code; $2: text standard error must hold; the rest: the environment and command
  local code=$1 text=$2; shift 2
  set +e
  env "$@" > "$work/refused.out" 2> "$work/refused.err"
  local status=$?
  set -e
  if [ "$status" != "$code" ] || ! grep -q "$text" "$work/refused.err" || [ "$(wc -l < "$work/refused.err")" -gt 2 ]; then
    echo "remote-cli-test: $* gave exit $status (expected $code, with \"$text\") and:" >&2
    cat "$work/refused.err" >&2
    failures=$((failures + 1))
  fi
}
expect_failure 66 "refused access (401)" "$strata" list --registry "http://127.0.0.1:$port"
expect_failure 66 "refused access (401)" STRATA_REGISTRY_USER=admin:wrong STRATA_REGISTRY="http://127.0.0.1:$port" "$strata" show Money
expect_failure 66 "refused access (403)" STRATA_REGISTRY_TOKEN="$read_token" "$strata" sync Schemas Upcasters --registry "http://127.0.0.1:$port"
set +e
STRATA_REGISTRY_TOKEN="$read_token" "$strata" list --registry "http://127.0.0.1:$port" > /dev/null 2> "$work/token.err"
status=$?
set -e
[ "$status" = 0 ] || { echo "remote-cli-test: a read token could not list (exit $status):" >&2; cat "$work/token.err" >&2; failures=$((failures + 1)); }

# The server's own failure: its database stops under it. A command fails in one or two lines with
# exit 70 (EX_SOFTWARE, as a registry file that cannot be read), naming the server's error.
if [ -n "${STRATA_TEST_POSTGRES_STOP:-}" ]; then
  "$STRATA_TEST_POSTGRES_STOP"
  expect_failure 70 "server error 500" STRATA_REGISTRY_USER=admin:admin-secret "$strata" list --registry "http://127.0.0.1:$port"
  expect_failure 70 "server error 500" STRATA_REGISTRY_USER=admin:admin-secret "$strata" show Money --registry "http://127.0.0.1:$port"
fi

if [ "$failures" -gt 0 ]; then
  echo "remote-cli-test: $failures differences; the server's log:" >&2
  cat "$work/server.log" >&2
  exit 1
fi
echo "remote-cli-test: ${#commands[@]} commands gave the same output and exit code locally and against strata-server"
