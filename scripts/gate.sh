#!/usr/bin/env bash
# The schema gate of a pull request, as the GitHub Action (action.yml) runs it: compares the schema
# folder with the same folder at the base revision and prints annotations.
#
#   scripts/gate.sh SCHEMAS BASE [FORMAT] [UPCASTERS]
#
# SCHEMAS is the schema folder, BASE the base revision (fetched from origin when it is a branch the
# clone lacks), FORMAT github (default), text or json, UPCASTERS the upcaster folder (default:
# Upcasters beside SCHEMAS). Runs `strata` from PATH, or $STRATA when set. Exits as strata check does.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: scripts/gate.sh SCHEMAS BASE [FORMAT] [UPCASTERS]" >&2; exit 64; }
schemas=$1; base=$2; format=${3:-github}; upcasters=${4:-}
strata=${STRATA:-strata}
if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
  # A shallow checkout of a pull request lacks the base branch: fetch it.
  git fetch --quiet --no-tags origin "${base#origin/}:refs/remotes/origin/${base#origin/}" >&2
fi
arguments=(check "$schemas" --against-git "$base" --format "$format")
[ -n "$upcasters" ] && arguments+=(--upcasters "$upcasters")
exec "$strata" "${arguments[@]}"
