"""The registry server's benchmark, run by scripts/server-bench.sh: for a SQLite and a PostgreSQL
store, registration latency (p50, p99) under BACKWARD_TRANSITIVE against 50 versions, then
`GET /schemas/ids/{id}` throughput with wrk on loopback, anonymous and with basic authentication
(a read user with a cost-12 bcrypt hash, sent with every request as clients do).

    python3 scripts/server-bench.py STRATA_SERVER SECONDS   (STRATA_TEST_POSTGRES_URL set)
"""
import base64
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


def lookups(url, headers=()):
    arguments = ["wrk", "-t1", "-c32", f"-d{seconds}s"] + [f"-H{header}" for header in headers] + [url]
    wrk = subprocess.run(arguments, capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", wrk)
    if errors:
        sys.exit(f"server-bench: {errors.group(1)} lookups failed")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", wrk).group(1))


def run(store, label, users):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # Anonymous callers may do anything (the setup registers); the reader's credentials are
    # verified all the same when sent.
    server = subprocess.Popen([server_binary, "--store", store, "--port", str(port), "--log-level", "error",
                               "--users", users, "--anonymous", "admin"])
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
        url = f"{base}/schemas/ids/{schema_id}"
        rate = lookups(url)
        credentials = base64.b64encode(b"reader:reader-secret").decode()
        # The first request pays the bcrypt check (a quarter of a second); the run measures what
        # follows, as a client that sends its credentials with every request sees it.
        urllib.request.urlopen(urllib.request.Request(url, headers={"Authorization": f"Basic {credentials}"})).read()
        authenticated = lookups(url, [f"Authorization: Basic {credentials}"])
        print(f"{label:<10} registration p50 {p50:6.2f} ms  p99 {p99:6.2f} ms   lookups {rate:9.0f}/s"
              f"   with basic auth {authenticated:9.0f}/s")
    finally:
        server.terminate()
        server.wait()


with tempfile.TemporaryDirectory() as folder:
    print(f"{SUBJECTS} subjects, {PREFILLED} versions each, BACKWARD_TRANSITIVE; {MEASURED} registrations timed; "
          f"lookups by wrk -t1 -c32 for {seconds} s")
    hashed = subprocess.run([server_binary, "hash-password"], input="reader-secret\n", capture_output=True, text=True,
                            check=True).stdout.strip()
    users = f"{folder}/users"
    with open(users, "w") as file:
        file.write(f"reader:read:{hashed}\n")
    run(f"sqlite:{folder}/registry.sqlite", "SQLite", users)
    run(os.environ["STRATA_TEST_POSTGRES_URL"], "PostgreSQL", users)
