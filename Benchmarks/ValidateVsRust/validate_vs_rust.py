#!/usr/bin/env python3
"""Times jsonschema-rs on the payloads Strata's benchmark wrote, for `--only validate-vs-rust`.

    python3 validate_vs_rust.py FOLDER ROUNDS

FOLDER holds `schema.json`, `timed.jsonl` (the payloads both validators time, one a line) and
`checked.jsonl` (every payload whose verdict both must agree on, deliberately invalid ones
included). Every payload is parsed with `json.loads` before timing; the timed loop calls only
`validator.is_valid(obj)`. Prints `jsonschema-rs EVENTS_PER_SECOND BEST_SECONDS` and writes one
verdict a line (1 valid, 0 invalid) of `checked.jsonl` to `FOLDER/rust-verdicts.txt`.

jsonschema-rs comes from PyPI: when it is missing this runs
`python3 -m pip install jsonschema-rs==0.61.2` once (set STRATA_NO_PIP=1 to only print that).
"""
import json
import os
import subprocess
import sys
import time

VERSION = "0.61.2"


def load_jsonschema_rs():
    try:
        import jsonschema_rs
        return jsonschema_rs
    except ImportError:
        pass
    command = [sys.executable, "-m", "pip", "install", "--quiet", f"jsonschema-rs=={VERSION}"]
    if os.environ.get("STRATA_NO_PIP"):
        sys.exit(f"jsonschema-rs is not installed; install it with: {' '.join(command)}")
    print(f"jsonschema-rs is not installed; running: {' '.join(command)}", file=sys.stderr)
    if subprocess.run(command).returncode != 0:
        sys.exit(f"could not install jsonschema-rs; install it with: {' '.join(command)}")
    import jsonschema_rs
    return jsonschema_rs


def read_lines(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: validate_vs_rust.py FOLDER ROUNDS")
    folder, rounds = sys.argv[1], int(sys.argv[2])
    jsonschema_rs = load_jsonschema_rs()
    with open(os.path.join(folder, "schema.json"), encoding="utf-8") as handle:
        schema = json.load(handle)
    # Format stays an annotation, as in Strata's timed loop (the draft 2020-12 default).
    validator = jsonschema_rs.validator_for(schema, validate_formats=False)
    timed = read_lines(os.path.join(folder, "timed.jsonl"))
    checked = read_lines(os.path.join(folder, "checked.jsonl"))

    with open(os.path.join(folder, "rust-verdicts.txt"), "w", encoding="utf-8") as out:
        out.write("".join("1\n" if validator.is_valid(value) else "0\n" for value in checked))

    is_valid = validator.is_valid
    fastest = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        valid = 0
        for value in timed:
            if is_valid(value):
                valid += 1
        fastest = min(fastest, time.perf_counter() - start)
        if valid != len(timed):
            sys.exit(f"jsonschema-rs found {len(timed) - valid} of the timed payloads invalid")
    print(f"jsonschema-rs {len(timed) / fastest:.0f} {fastest:.6f}")


if __name__ == "__main__":
    main()
