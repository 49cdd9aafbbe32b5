#!/usr/bin/env bash
# Fuzzes one parser of outside input with libFuzzer and AddressSanitizer.
#
#   scripts/fuzz.sh TARGET SECONDS [libFuzzer options…]
#   scripts/fuzz.sh all SECONDS          # each target in turn, SECONDS each
#
# Targets: json tree schema regex upcaster diff codegen lint records confluent documents (see Fuzz/StrataFuzz/FuzzTarget.swift).
# Seeds come from Schemas/, Upcasters/ and, when present, ../shared/conformance/; the inputs that
# once crashed a target live in Fuzz/regressions/TARGET/ and run first. The working corpus grows in
# .build-fuzz/corpus/TARGET (not committed). A crash leaves its input in .build-fuzz/findings/ and
# exits non-zero: add it to Fuzz/regressions/TARGET/ with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(json tree schema regex upcaster diff codegen lint records confluent documents)
[ $# -ge 2 ] || { echo "usage: scripts/fuzz.sh TARGET|all SECONDS [libFuzzer options…]" >&2; exit 64; }
target=$1; seconds=$2; shift 2
if [ "$target" = all ]; then
  for each in "${targets[@]}"; do "$0" "$each" "$seconds" "$@"; done
  exit 0
fi
[[ " ${targets[*]} " == *" $target "* ]] || { echo "fuzz: unknown target $target (one of: ${targets[*]})" >&2; exit 64; }

scratch=.build-fuzz
flags=(-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DSTRATA_LIBFUZZER)
swift build --scratch-path "$scratch" --product strata-fuzz "${flags[@]}" >&2
binary="$(swift build --scratch-path "$scratch" --product strata-fuzz "${flags[@]}" --show-bin-path)/strata-fuzz"

corpus="$scratch/corpus/$target"
findings="$scratch/findings/$target"
mkdir -p "$corpus" "$findings" "Fuzz/regressions/$target"
python3 scripts/fuzz-seeds.py "$target" "$corpus"

echo "fuzz: $target for $seconds s" >&2
# Swift's own crash backtracer would run under AddressSanitizer; libFuzzer reports crashes itself.
SWIFT_BACKTRACE=enable=no STRATA_FUZZ_TARGET="$target" "$binary" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="$findings/" "$@" "$corpus" "Fuzz/regressions/$target"
