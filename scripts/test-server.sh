# Sourced by the scripts that test a running strata-server.
#
# `build_test_server` builds strata-server (a debug build, with the `swift build` options in
# STRATA_SERVER_BUILD_OPTIONS when set: CI gives "--sanitize=address --scratch-path DIR", so that
# the real clients talk to a server under AddressSanitizer) and sets `server` to its path and
# `server_build_options` to those options.
build_test_server() {
  local package
  package="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/Server"
  server_build_options=()
  read -r -a server_build_options <<< "${STRATA_SERVER_BUILD_OPTIONS:-}"
  (cd "$package" && swift build --product strata-server "${server_build_options[@]}" >&2)
  server="$(cd "$package" && swift build --show-bin-path "${server_build_options[@]}")/strata-server"
}

# `start_test_server BINARY STORE WORK
# [OPTIONS…]` starts it on a free loopback port with its log in WORK/server.log, waits until it
# answers, and sets `port`. When the script exits the server is stopped and the folder WORK
# removed. A server that exits before answering ends the script with its log.
start_test_server() {
  local binary=$1 store=$2 log=$3/server.log
  test_server_work=$3
  shift 3
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$binary" --store "$store" --port "$port" --log-level warning "$@" > "$log" 2>&1 &
  test_server_pid=$!
  trap 'kill "$test_server_pid" 2>/dev/null || true; wait "$test_server_pid" 2>/dev/null || true; rm -rf "$test_server_work"' EXIT
  for _ in $(seq 1 100); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/health', timeout=1)" 2>/dev/null && return 0
    kill -0 "$test_server_pid" 2>/dev/null || { echo "strata-server exited:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.1
  done
  echo "strata-server did not answer within 10 seconds:" >&2; cat "$log" >&2; exit 1
}
