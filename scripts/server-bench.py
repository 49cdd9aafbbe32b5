"""The registry server's benchmark, run by scripts/server-bench.sh: for a SQLite and a PostgreSQL
store, registration latency (p50, p99) under BACKWARD_TRANSITIVE against 50 versions, then
`GET /schemas/ids/{id}` throughput with wrk on loopback.

    python3 scripts/server-bench.py STRATA_SERVER SECONDS   (STRATA_TEST_POSTGRES_URL set)
"""
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

server_binary, seconds = sys.argv[1], int(sys.argv[2])
SUBJECTS = 10
PREFILLED = 50
MEASURED = 100


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(base, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/vnd.schemaregistry.v1+json"})
    with urllib.request.urlopen(req) as reply:
        return json.loads(reply.read())


def schema(properties):
    """A closed model with `properties` optional string properties: each added one is BACKWARD
    compatible with every earlier version, so the transitive check compares against all of them."""
    return {"schema": json.dumps({"type": "object", "additionalProperties": False,
                                  "properties": {f"p{i}": {"type": "string"} for i in range(properties)}}),
            "schemaType": "JSON"}


def run(store, label):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([server_binary, "--store", store, "--port", str(port), "--log-level", "error"])
    try:
        for _ in range(200):
            try:
                request(base, "GET", "/subjects")
                break
            except OSError:
                time.sleep(0.05)
        request(base, "PUT", "/config", {"compatibility": "BACKWARD_TRANSITIVE"})
        for subject in range(SUBJECTS):
            for version in range(1, PREFILLED + 1):
                request(base, "POST", f"/subjects/s{subject}/versions", schema(version))
        latencies = []
        for n in range(MEASURED):
            subject, version = n % SUBJECTS, PREFILLED + 1 + n // SUBJECTS
            started = time.perf_counter()
            request(base, "POST", f"/subjects/s{subject}/versions", schema(version))
            latencies.append((time.perf_counter() - started) * 1000)
        latencies.sort()
        p50 = statistics.median(latencies)
        p99 = latencies[int(len(latencies) * 0.99) - 1]
        schema_id = request(base, "GET", "/subjects/s0/versions/latest")["id"]
        wrk = subprocess.run(["wrk", "-t1", "-c32", f"-d{seconds}s", f"{base}/schemas/ids/{schema_id}"],
                             capture_output=True, text=True, check=True).stdout
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", wrk).group(1))
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", wrk)
        if errors:
            sys.exit(f"server-bench: {errors.group(1)} lookups failed on {label}")
        print(f"{label:<10} registration p50 {p50:6.2f} ms  p99 {p99:6.2f} ms   lookups {rate:9.0f}/s")
    finally:
        server.terminate()
        server.wait()


with tempfile.TemporaryDirectory() as folder:
    print(f"{SUBJECTS} subjects, {PREFILLED} versions each, BACKWARD_TRANSITIVE; {MEASURED} registrations timed; "
          f"lookups by wrk -t1 -c32 for {seconds} s")
    run(f"sqlite:{folder}/registry.sqlite", "SQLite")
    run(os.environ["STRATA_TEST_POSTGRES_URL"], "PostgreSQL")
