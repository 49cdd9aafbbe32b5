#!/usr/bin/env bash
# Builds and runs Examples/OrderConsumer: registers Schemas/ and Upcasters/ into a scratch registry,
# writes the catalog bundle into the example's resources, then runs the consumer.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product strata >/dev/null
registry="$(mktemp -d)/registry.sqlite"
strata() { .build/debug/strata "$@" --db "$registry"; }
# OrderPlaced's breaking versions register because its upcasters bridge them; CustomerRegistered's
# bridge is a Swift upcaster the registry cannot run, so that type is registered unchecked.
strata config CustomerRegistered --mode NONE >/dev/null
strata sync Schemas Upcasters
catalog=Examples/OrderConsumer/Sources/OrderConsumer/Catalog
rm -rf "$catalog"
strata bundle --out "$catalog"
cd Examples/OrderConsumer
swift run OrderConsumer
