"""Operator-level robustness checks of `quartiers serve` (standard library only).

Usage: check.py QUARTIERS_BIN
"""

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

from tally import check, finish, free_port

BIN = sys.argv[1]
tmp = tempfile.mkdtemp()


def start(*args, env=None):
    port = free_port()
    log = open(f"{tmp}/server-{port}.log", "w+")
    p = subprocess.Popen([BIN, "serve", "--data", "data", "--addr", f"127.0.0.1:{port}", *args],
                         stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=1)
            return p, port, log
        except Exception:  # noqa: BLE001 — not up yet
            if p.poll() is not None:
                break
            time.sleep(0.25)
    return p, port, log


def fetch(port, path, method="GET", body=None, headers=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method=method,
                                 headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


# 1. A misspelt configuration key is named by its dotted path, and nothing starts.
bad = f"{tmp}/bad.toml"
open(bad, "w").write("[limits]\ntile_cach_mb = 3\n")
r = subprocess.run([BIN, "serve", "--config", bad, "--addr", f"127.0.0.1:{free_port()}"],
                   capture_output=True, text=True, timeout=60)
check("unknown config key refused, named limits.tile_cach_mb",
      r.returncode != 0 and "limits" in r.stderr and "tile_cach_mb" in r.stderr, r.stderr[-300:])

# 2. Environment variables set the address (QUARTIERS_ADDR) and the data (QUARTIERS_DATA).
port = free_port()
p = subprocess.Popen([BIN, "serve"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     env={**os.environ, "QUARTIERS_ADDR": f"127.0.0.1:{port}", "QUARTIERS_DATA": "data"})
up = False
for _ in range(240):
    try:
        up = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=1))["statut"] == "prêt"
        break
    except Exception:  # noqa: BLE001
        time.sleep(0.25)
check("QUARTIERS_ADDR and QUARTIERS_DATA are honoured", up)

# 3. The same port again is refused with a clear message.
r = subprocess.run([BIN, "serve", "--data", "data", "--addr", f"127.0.0.1:{port}"],
                   capture_output=True, text=True, timeout=120)
check("a taken port is refused", r.returncode != 0 and "indisponible" in r.stderr, r.stderr[-300:])
p.send_signal(signal.SIGTERM)
p.wait(timeout=30)

server, port, log = start()

# 4. Garbage on the socket: the server answers 400 or closes, and keeps serving.
for garbage in [b"\x00\xff" * 500 + b"\r\n\r\n", b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
                b"POST /impacts HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n{"]:
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    try:
        s.sendall(garbage)
        s.recv(200)
    except OSError:
        pass
    s.close()
status, _, _ = fetch(port, "/health")
check("survives raw garbage on the socket", status == 200 and server.poll() is None)

# 5. Every error is a problem+json, with the status in the body.
cases = [("/collections/qpv/items?bbox=0,3,1,2", "GET", None, 400),
         ("/collections/qpv/items?limit=NaN", "GET", None, 400),
         ("/impacts?lon=nan&lat=1", "GET", None, 400),
         ("/impacts", "POST", b'{"type": "Polygon", "coordinates": [[[0,0],[1,1]', 400),
         ("/tiles/99/0/0.mvt", "GET", None, 400),
         ("/collections/qpv/items/NOPE", "GET", None, 404),
         ("/no/such/page", "GET", None, 404),
         ("/collections", "PUT", b"", 405)]
for path, method, body, expected in cases:
    status, headers, payload = fetch(port, path, method, body, {"Content-Type": "application/json"})
    ok = status == expected and headers.get("Content-Type") == "application/problem+json"
    try:
        ok = ok and json.loads(payload)["status"] == expected
    except ValueError:
        ok = False
    check(f"{method} {path[:50]} → {expected} problem+json", ok, f"{status} {headers.get('Content-Type')}")

# A body announced larger than the limit is refused before it is sent (read the answer
# without sending the body: the server may close the connection right after it).
s = socket.create_connection(("127.0.0.1", port), timeout=10)
s.sendall(b"POST /impacts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          b"Content-Length: 3145728\r\n\r\n")
head = s.recv(4096).decode("latin-1")
s.close()
check("oversized body → 413 problem+json",
      head.startswith("HTTP/1.1 413") and "application/problem+json" in head, head[:200])

# 6. Request ids: given back, or made.
_, headers, _ = fetch(port, "/health", headers={"x-request-id": "abc-123"})
check("request id echoed", headers.get("x-request-id") == "abc-123", headers.get("x-request-id"))

# 7. SIGTERM: a request in flight completes, /ready is refused meanwhile, the exit is clean.
done = {}


def slow():
    done["status"] = fetch(port, "/collections/qpv/items?limit=10000&crs=http://www.opengis.net/def/crs/EPSG/0/2154")[0]


t = threading.Thread(target=slow)
t.start()
time.sleep(0.05)
server.send_signal(signal.SIGTERM)
t.join(timeout=60)
code = server.wait(timeout=60)
check("SIGTERM lets the request in flight finish", done.get("status") == 200, done)
check("SIGTERM exits 0", code == 0, code)
log.seek(0)
text = log.read()
check("server log without panics", "panicked" not in text, text[-500:])

finish()
