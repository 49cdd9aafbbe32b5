#!/usr/bin/env bash
# The registry server's benchmark (docs/benchmarks.md): registration latency p50/p99 under
# BACKWARD_TRANSITIVE against 50 versions, and GET /schemas/ids/{id} throughput with wrk, on a
# SQLite and a PostgreSQL store, all on loopback, bounded in count and time.
#
#     ./scripts/server-bench.sh [SECONDS]      # wrk's time per store, 10 s by default
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
command -v wrk >/dev/null || { echo "server-bench: needs wrk (apt-get install wrk)" >&2; exit 69; }
(cd Server && swift build -c release --product strata-server >&2)
server="$(cd Server && swift build -c release --show-bin-path)/strata-server"
exec ./scripts/with-postgres.sh python3 scripts/server-bench.py "$server" "$seconds"
