#!/usr/bin/env bash
# CI: the schema gate in a consumer's own repository. Makes a throwaway repository (a schema, a
# compatible commit, then a breaking one) and gates it two ways:
#   1. the documented install path (scripts/install.sh onto a PATH) and scripts/gate.sh, which the
#      GitHub Action (action.yml) runs;
#   2. the command plugin, `swift package strata check …`, in Examples/OrderDomain (a package that
#      depends on Strata and registers its Swift upcasters through strata-orders).
# The compatible commit must pass and the breaking one fail with its annotation.
# Run after scripts/example.sh (it reuses the example's build); debug builds keep CI short.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "consumer-gate: $*" >&2; exit 1; }

echo "== install strata into a prefix, as a team's CI runner would"
installed="$(scripts/install.sh --prefix "$work/prefix" --configuration debug)"
[ -x "$installed" ] || fail "install.sh did not install $installed"
export PATH="$work/prefix/bin:$PATH"

repo="$work/orders"
mkdir -p "$repo/Schemas/Parcel"
cd "$repo"
git init -q
git config user.name ci
git config user.email ci@example.com
cat > Schemas/Parcel/1.json <<'JSON'
{
  "type": "object",
  "properties": {
    "parcelId": {"type": "string"},
    "weightGrams": {"type": "integer", "minimum": 0}
  },
  "required": ["parcelId", "weightGrams"],
  "additionalProperties": false
}
JSON
git add . && git commit -qm "Parcel v1"
# v2 adds an optional property: compatible.
python3 - <<'PY'
import json
schema = json.load(open("Schemas/Parcel/1.json"))
schema["properties"]["note"] = {"type": "string"}
json.dump(schema, open("Schemas/Parcel/2.json", "w"), indent=2)
PY
git add . && git commit -qm "Parcel v2: an optional note"

echo "== the compatible commit passes the installed gate"
"$root/scripts/gate.sh" Schemas HEAD~1 github || fail "the compatible commit failed the installed gate"

echo "== and the command plugin"
(cd "$root/Examples/OrderDomain" && swift package strata check "$repo/Schemas" --against-git HEAD~1 --format github) \
  || fail "the compatible commit failed the plugin's gate"

# v3 requires a property no stored Parcel has: breaking.
python3 - <<'PY'
import json
schema = json.load(open("Schemas/Parcel/2.json"))
schema["properties"]["carrier"] = {"type": "string"}
schema["required"].append("carrier")
json.dump(schema, open("Schemas/Parcel/3.json", "w"), indent=2)
PY
git add . && git commit -qm "Parcel v3: a required carrier"

echo "== the breaking commit fails the installed gate, with its annotation"
set +e
annotations="$("$root/scripts/gate.sh" Schemas HEAD~1 github)"; status=$?
set -e
echo "$annotations"
[ "$status" -eq 1 ] || fail "the breaking commit exited $status from the installed gate, not 1"
grep -q '^::error file=Schemas/Parcel/3.json,line=[0-9]*,title=Parcel v3 breaks readers::REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/carrier' <<<"$annotations" \
  || fail "no annotation on Schemas/Parcel/3.json"

echo "== and the command plugin's"
set +e
annotations="$(cd "$root/Examples/OrderDomain" && swift package strata check "$repo/Schemas" --against-git HEAD~1 --format github)"; status=$?
set -e
echo "$annotations"
[ "$status" -ne 0 ] || fail "the breaking commit passed the plugin's gate"
grep -q "::error file=.*Schemas/Parcel/3.json,line=[0-9]*,title=Parcel v3 breaks readers" <<<"$annotations" \
  || fail "no annotation from the plugin"
echo "consumer-gate: ok"
