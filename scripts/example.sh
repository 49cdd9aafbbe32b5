#!/usr/bin/env bash
# Builds Examples/OrderDomain's strata-orders, then builds and runs Examples/OrderConsumer.
# strata-orders is the strata command line with the domain's Swift upcasters registered: it verifies
# every chain (CustomerRegistered's, bridged by the Swift upcaster splitName, included), gates the
# schemas as CI would, and registers Schemas/ and Upcasters/ into a scratch registry under each type's
# real mode (no type is left unchecked). Then it writes the catalog bundle into the consumer's
# resources and runs the consumer, whose structs the build plugin generates from that bundle.
set -euo pipefail
cd "$(dirname "$0")/.."
# The build's output is shown only when it fails (swift build writes its errors to standard output).
if ! build_log="$(cd Examples/OrderDomain && swift build --product strata-orders 2>&1)"; then
  echo "$build_log" | tail -n 60 >&2
  echo "example: the build of strata-orders failed" >&2
  exit 1
fi
registry="$(mktemp -d)/registry.sqlite"
strata_orders() { Examples/OrderDomain/.build/debug/strata-orders "$@"; }

echo "== every chain verified, the Swift upcaster's included"
verified="$(strata_orders verify)"
echo "$verified"
if grep -q '^skip ' <<<"$verified" || ! grep -q '^ok   CustomerRegistered v1 → CustomerRegistered v2' <<<"$verified"; then
  echo "example: strata-orders verify did not verify CustomerRegistered" >&2
  exit 1
fi

echo "== the CI gate on an empty registry, then registration under BACKWARD"
strata_orders check Schemas --db "$registry"
strata_orders sync Schemas Upcasters --db "$registry"
strata_orders list --db "$registry"
if strata_orders list --db "$registry" | grep -q 'NONE'; then
  echo "example: a type was registered under mode NONE" >&2
  exit 1
fi

catalog=Examples/OrderConsumer/Sources/OrderConsumer/Catalog
rm -rf "$catalog"
strata_orders bundle --out "$catalog" --db "$registry"
cd Examples/OrderConsumer
swift run OrderConsumer
