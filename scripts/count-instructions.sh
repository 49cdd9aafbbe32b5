#!/usr/bin/env bash
# Counts the instructions one read on the read path takes (v1 bytes -> upcast -> v3 struct, the
# benchmark's headline), with valgrind's callgrind, and lists the functions they are spent in.
# Unlike a timing on a shared machine, the count is the same from run to run, so a change of a
# few percent shows. It needs valgrind (`apt-get install valgrind`); Linux only.
#
#     ./scripts/count-instructions.sh [EVENTS] [LINES]
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-4000}
lines=${2:-30}
swift build -c release --product StrataBenchmarks >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# valgrind cannot read the debug information Swift writes; the symbol table is enough.
cp .build/release/StrataBenchmarks "$work/bench"
strip --strip-debug "$work/bench"
# Count only inside EventReader.read(_:eventType:version:payload:buffers:) for a PayloadDecodable type.
symbol=$(nm "$work/bench" | awk '{print $NF}' | grep -E '0A6ReaderV4read_9eventType7version7payload7buffers' | grep 16PayloadDecodable | head -1)
valgrind --tool=callgrind --toggle-collect="$symbol" --callgrind-out-file="$work/out" \
    "$work/bench" --read-path-only --rounds 1 --events "$events" > "$work/log" 2>&1
echo "instructions per read, in all and by function (self):"
callgrind_annotate "$work/out" | swift demangle --simplified \
    | awk -v events="$events" 'match($0, /^ *[0-9,]+ +\( *[0-9.]+%\) +/) {
          count = substr($0, 1, RLENGTH); sub(/\(.*/, "", count); gsub(/[ ,]/, "", count)
          name = substr($0, RLENGTH + 1); sub(/^\?\?\?:/, "", name); sub(/ \[[^]]*\]$/, "", name)
          printf "%8d  %s\n", count / events, name }' \
    | head -n "$lines"
