"""ogctests (PyPI, an independent black-box suite) against a running Quartiers server: the
OGC API – Features core tests. (Its `features/filtering` tests are unfinished in 0.1.15:
their fixture never sets the sample queryable the tests read, so they fail on any server;
Part 3 is checked by cql2_check.py with pygeofilter instead.)

ogctests expects every listed collection to hold at least one feature, and every feature to
have a geometry. An empty collection is what a territory without the layer publishes
(Annemasse has no open corridor layer), and `actions` has no geometry at all: RFC 7946 (3.2)
and OGC's own featureGeoJSON.yaml allow `"geometry": null` (`nullable: true`), but ogctests'
copy of the schema dropped `nullable`, so it refuses such a feature. The suite is therefore
given the server's own collection list without those: its HTTP client wraps the real one and
drops them from /collections, and nothing else is touched. The hidden collections are printed
with their reason.

Usage: ogctests_run.py BASE_URL WORKDIR (appends to WORKDIR/passed and WORKDIR/failed).
"""

import json
import re
import subprocess
import sys

import httpx

from report import REFERENCES

def hidden_collections(base):
    """{id: reason} of the collections ogctests cannot judge."""
    hidden = {}
    with httpx.Client(base_url=base, timeout=60) as c:
        for coll in c.get("/collections").json()["collections"]:
            page = c.get(f"/collections/{coll['id']}/items", params={"limit": 1}).json()
            if coll["id"] in REFERENCES and coll["id"] != "gares":
                # contrats, programmes and postes have no geometry (null, as RFC 7946 allows).
                hidden[coll["id"]] = "national reference without geometry, see references_check.py"
            elif page["numberMatched"] == 0:
                hidden[coll["id"]] = "no feature"
            elif "spatial" not in coll.get("extent", {}) and page["features"][0]["geometry"] is None:
                hidden[coll["id"]] = "no geometry (null, as RFC 7946 allows)"
    return hidden


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
    base, work = sys.argv[1], sys.argv[2]
    hidden = hidden_collections(base)
    empty = sorted(hidden)
    print("ogctests: collections hidden: " + (", ".join(f"{i} ({why})" for i, why in hidden.items()) or "none"))
    passed = failed = 0
    for scope in ("features/core",):
        # One process per scope: pytest.main in one interpreter does not reload test modules.
        code = (
            "import sys, httpx; sys.path.insert(0, 'tests/server_ogc');"
            "from ogctests_run import WithoutEmpty;"
            "from ogctests.main import run_ogctests;"
            f"c = httpx.Client(base_url={base!r}, transport=WithoutEmpty({sorted(empty)!r}), timeout=60);"
            f"sys.exit(run_ogctests({scope!r}, {base!r}, ['-q', '-p', 'no:cacheprovider', '-rf'], c))"
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
    with open(f"{work}/passed", "a") as f:
        f.write(f"{passed}\n")
    with open(f"{work}/failed", "a") as f:
        f.write(f"{failed}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
