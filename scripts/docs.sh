#!/usr/bin/env bash
# Builds the DocC documentation of the library modules EventSchema, EventUpcasting and
# SchemaRegistry with swift-docc-plugin (`swift package generate-documentation`), with every DocC
# warning an error: a broken symbol link, a parameter that does not exist, an unresolved topic.
# The archives land in .build/plugins/Swift-DocC/outputs/<Module>.doccarchive.
# Preview one in a browser: swift package --disable-sandbox preview-documentation --target EventSchema
# Run from anywhere; it works in the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(EventSchema EventUpcasting SchemaRegistry)
arguments=()
for target in "${targets[@]}"; do
  arguments+=(--target "$target")
done
swift package generate-documentation "${arguments[@]}" --warnings-as-errors
for target in "${targets[@]}"; do
  archive=".build/plugins/Swift-DocC/outputs/$target.doccarchive"
  [ -d "$archive" ] || { echo "docs: $archive was not written" >&2; exit 1; }
  echo "docs: $archive"
done
