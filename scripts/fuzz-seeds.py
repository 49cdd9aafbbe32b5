#!/usr/bin/env python3
"""Writes seed inputs for one fuzz target into a corpus folder (see scripts/fuzz.sh).

Seeds come from the example domain (Schemas/, Upcasters/) and, when it is present, the shared
conformance data beside the clone (../shared/conformance/): JSON Schema Test Suite schemas, data and
patterns, and Confluent's compatibility fixtures. Nothing is copied into the repository.
"""
import hashlib, json, os, re, sys
from pathlib import Path

target, corpus = sys.argv[1], Path(sys.argv[2])
root = Path(__file__).resolve().parent.parent
conformance = Path(os.environ.get("STRATA_CONFORMANCE", root.parent / "shared" / "conformance"))
suite = conformance / "json-schema-test-suite" / "tests" / "draft2020-12"
if not suite.exists():
    suite = conformance / "json-schema-test-suite" / "draft2020-12"

def write(data):
    if isinstance(data, str):
        data = data.encode()
    (corpus / hashlib.sha1(data).hexdigest()).write_bytes(data)

def suite_groups():
    for path in sorted(suite.rglob("*.json")) if suite.exists() else []:
        try:
            yield from json.loads(path.read_text())
        except (ValueError, UnicodeDecodeError):
            continue

schemas = sorted(p for p in (root / "Schemas").glob("*/*.json"))
examples = sorted((root / "Schemas").glob("*/examples/*/*.json"))

if target == "json":
    for path in schemas + examples:
        write(path.read_bytes())
    for group in suite_groups():
        for test in group.get("tests", []):
            write(json.dumps(test.get("data")))
elif target == "tree":
    for path in sorted((root / "Schemas" / "OrderPlaced" / "examples").glob("*/*.json")):
        write(path.read_bytes())
elif target == "schema":
    for path in schemas:
        write(path.read_bytes())
    for group in suite_groups():
        write(json.dumps(group.get("schema")))
elif target == "regex":
    def patterns(value):
        if isinstance(value, dict):
            for key, member in value.items():
                if key == "pattern" and isinstance(member, str):
                    yield member
                if key == "patternProperties" and isinstance(member, dict):
                    yield from member.keys()
                yield from patterns(member)
        elif isinstance(value, list):
            for member in value:
                yield from patterns(member)
    for group in suite_groups():
        for pattern in patterns(group.get("schema")):
            for test in group.get("tests", []):
                if isinstance(test.get("data"), str):
                    write(pattern + "\n" + test["data"])
    for path in schemas:
        for pattern in patterns(json.loads(path.read_text())):
            write(pattern + "\nEUR")
elif target == "upcaster":
    for path in sorted((root / "Upcasters").glob("*/*")):
        write(path.read_bytes())
elif target == "codegen":
    for path in schemas:
        write(path.read_bytes())
    for group in suite_groups():
        write(json.dumps(group.get("schema")))
elif target == "lint":
    for path in sorted((root / ".strata").glob("lint.yaml")) + sorted((root / "docs" / "examples").glob("lint*.yaml")):
        write(path.read_bytes())
    write("rules:\n  envelope-fields:\n    enabled: true\n    fields: [eventId, occurredAt]\n")
    write("shared-schemas: [Money]\nrules:\n  money-not-number: {severity: warning, names: [amount, '*Amount']}\n")
elif target == "records":
    records = (root / "Examples" / "Aggregates" / "orders.jsonl").read_text().splitlines()
    write("\n".join(records) + "\n")
    for line in records:
        write(line)
elif target == "confluent":
    # One request per seed: the request line, a newline, the body (see FuzzTarget+Confluent.swift).
    for path in schemas:
        body = json.dumps({"schema": path.read_text(), "schemaType": "JSON"})
        write("POST /subjects/OrderPlaced/versions\n" + body)
        write("POST /compatibility/subjects/OrderPlaced/versions/latest?verbose=true\n" + body)
        write("POST /subjects/OrderPlaced\n" + body)
    for line in ["GET /subjects", "GET /subjects/OrderPlaced/versions/latest", "GET /schemas/ids/1?subject=OrderPlaced",
                 "DELETE /subjects/OrderPlaced/versions/1", "DELETE /subjects/OrderPlaced?permanent=true", "GET /config/OrderPlaced"]:
        write(line + "\n")
    write('PUT /config\n{"compatibility":"FULL_TRANSITIVE"}')
    # Strata's own routes (/strata/v1): an upcaster, a register and a sync as strata --registry sends them.
    upcaster = {"steps": [{"set": "/currency", "value": "EUR"}]}
    write("PUT /strata/v1/subjects/OrderPlaced/upcasters/1-to-2.yaml\n" + json.dumps(upcaster))
    for path in schemas:
        event_type, version = path.parent.name, int(path.stem)
        write(f"POST /strata/v1/subjects/{event_type}/register\n" + json.dumps(
            {"schema": json.loads(path.read_text()), "file": f"Schemas/{event_type}/{version}.json",
             "upcasters": [{"file": f"Upcasters/{event_type}/1-to-2.yaml", "document": upcaster}]}))
    write("POST /strata/v1/sync\n" + json.dumps({"schemas": [
        {"eventType": p.parent.name, "version": int(p.stem), "file": str(p.relative_to(root)), "schema": json.loads(p.read_text())}
        for p in schemas]}))
    for line in ["GET /strata/v1/snapshot", "GET /strata/v1/bundle", "GET /strata/v1/graph", "GET /strata/v1/verify?count=5",
                 "GET /strata/v1/subjects/OrderPlaced/upcasters"]:
        write(line + "\n")
elif target == "documents":
    # A snapshot and a bundle document of the example domain's shape (GET /strata/v1/snapshot, /bundle).
    versions = [{"eventType": p.parent.name, "version": int(p.stem), "schemaId": i + 1, "fingerprint": "0" * 64,
                 "deleted": False, "registeredAt": "2026-01-01T00:00:00Z", "references": [], "namedReferences": [],
                 "schema": json.loads(p.read_text())} for i, p in enumerate(schemas)]
    write(json.dumps({"format": 1, "versions": versions, "upcasters": [], "configurations": [
        {"eventType": None, "mode": "BACKWARD", "policy": "STRICT"}], "modes": [{"eventType": None, "mode": "READWRITE"}]}))
    files = {f"Schemas/{p.parent.name}/{p.stem}.json": json.loads(p.read_text()) for p in schemas}
    files["manifest.json"] = {"format": 1, "schemas": [], "upcasters": [], "policies": []}
    write(json.dumps({"format": 1, "files": files}))
    write(json.dumps({"format": 1, "files": {"manifest.json": {}, "../escape.json": {}}}))
elif target == "diff":
    for folder in sorted((root / "Schemas").iterdir()):
        versions = sorted(folder.glob("*.json"))
        for old, new in zip(versions, versions[1:]):
            write(old.read_bytes() + b"\0" + new.read_bytes())
    fixtures = conformance / "confluent-json-schema"
    for path in sorted(fixtures.glob("diff-*.json")) if fixtures.exists() else []:
        # Some fixtures carry trailing commas (Confluent reads them leniently).
        for case in json.loads(re.sub(r",(\s*[}\]])", r"\1", path.read_text())):
            write(json.dumps(case.get("original_schema")) + "\0" + json.dumps(case.get("update_schema")))
else:
    sys.exit(f"fuzz-seeds: unknown target {target}")
