#!/usr/bin/env bash
# Builds everything in release mode and runs the benchmarks: the read path (parse, validate,
# against Foundation), the Confluent corpus through the diff, registration latency, a cold
# `strata check` and `strata upcast` on a JSON Lines file. Arguments go to the benchmark
# (--events N, --rounds R, --only NAME).
# `--only validate-vs-rust` times Strata's validation against jsonschema-rs (Python, from PyPI;
# Benchmarks/ValidateVsRust/validate_vs_rust.py installs it with pip when missing) in one run.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product strata
# The read path reads into the structs `strata generate swift` writes for OrderPlaced v3: check that
# the copies in Benchmarks/StrataBenchmarks/Generated are what it writes now.
generated=$(mktemp -d)
.build/release/strata generate swift --schemas Schemas --out "$generated" --access internal > /dev/null
for file in OrderPlaced.swift Money.swift; do
    if ! cmp -s "$generated/$file" "Benchmarks/StrataBenchmarks/Generated/$file"; then
        echo "Benchmarks/StrataBenchmarks/Generated/$file is out of date; regenerate it with" >&2
        echo "  .build/release/strata generate swift --schemas Schemas --out DIR --access internal" >&2
        rm -rf "$generated"
        exit 1
    fi
done
rm -rf "$generated"
swift build -c release --product StrataBenchmarks
.build/release/StrataBenchmarks "$@"
