#!/usr/bin/env bash
# Builds everything in release mode and runs the benchmarks: the read path (parse, validate,
# against Foundation), the Confluent corpus through the diff, registration latency and a cold
# `strata check`. Arguments go to the benchmark (--events N, --rounds R, --only NAME).
# `--only validate-vs-rust` times Strata's validation against jsonschema-rs (Python, from PyPI;
# Benchmarks/ValidateVsRust/validate_vs_rust.py installs it with pip when missing) in one run.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product strata
swift build -c release --product StrataBenchmarks
.build/release/StrataBenchmarks "$@"
