"""The CLI and the server give the same answer for the same place (issue 28).

argv: the quartiers binary, the server's base URL, a scratch directory.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from suite_http import answer as http_answer  # noqa: E402

binary, base, work = sys.argv[1], sys.argv[2], Path(sys.argv[3])
results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(f"ok   {name}" if ok else f"FAIL {name}: {detail}"[:2000])


def cli(*args):
    r = subprocess.run([binary, "query", "--data", "data", *args], capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def http(path, body=None):
    headers = {"Content-Type": "application/geo+json"} if body else {}
    status, _, data = http_answer(base + path, headers=headers, data=body, method="POST" if body else "GET")
    return status, json.loads(data)


def same_answer(name, cli_args, path, body=None):
    for detail in ("resume", "complet"):
        code, out, err = cli(*cli_args, "--json", "--detail", detail)
        sep = "&" if "?" in path else "?"
        status, served = http(path + (f"{sep}detail=complet" if detail == "complet" else ""), body)
        if code != 0 or status != 200:
            check(f"{name} ({detail})", False, f"CLI {code} {err.strip()}; HTTP {status} {served}")
            continue
        answer = json.loads(out)
        check(f"{name} ({detail}): the CLI's answer is the server's", answer == served,
              f"CLI {json.dumps(answer)[:600]}\nHTTP {json.dumps(served)[:600]}")
    return answer


same_answer("point d'Annemasse", ["--lon", "6.2438", "--lat", "46.1856"], "/impacts?lon=6.2438&lat=46.1856")
same_answer("quartier QN07401M", ["--quartier", "QN07401M"], "/impacts?quartier=QN07401M")
same_answer("commune 74012", ["--commune", "74012"], "/impacts?commune=74012")

square = {"type": "Polygon", "coordinates": [[[6.238, 46.183], [6.246, 46.183], [6.246, 46.189], [6.238, 46.189], [6.238, 46.183]]]}
bowtie = {"type": "Polygon", "coordinates": [[[6.238, 46.183], [6.246, 46.189], [6.246, 46.183], [6.238, 46.189], [6.238, 46.183]]]}
for name, shape in (("carré dessiné", square), ("nœud papillon", bowtie)):
    path = work / f"{name}.geojson"
    path.write_text(json.dumps(shape))
    answer = same_answer(name, ["--polygon", str(path)], "/impacts", json.dumps(shape).encode())
    repaired = [w for w in answer.get("avertissements", []) if "make_valid" in w]
    if shape is bowtie:
        check("nœud papillon: repaired, and said, by both", len(repaired) == 1 and answer["lieu"]["surface_m2"] > 0,
              json.dumps(answer["avertissements"]))
    else:
        check("carré dessiné: no repair", not repaired, json.dumps(answer["avertissements"]))

# A ring with two distinct vertices: the same reason from both.
flat = {"type": "Polygon", "coordinates": [[[6.2, 46.1], [6.3, 46.1], [6.2, 46.1], [6.3, 46.1], [6.2, 46.1]]]}
path = work / "plat.geojson"
path.write_text(json.dumps(flat))
code, _, err = cli("--polygon", str(path))
status, problem = http("/impacts", json.dumps(flat).encode())
reason = "2 sommet(s) distinct(s)"
check("anneau dégénéré: refused by both with the same reason",
      code != 0 and status == 400 and reason in err and reason in problem.get("detail", ""),
      f"CLI {code} {err.strip()}; HTTP {status} {problem}")

# A point out of bounds: the same words.
code, _, err = cli("--lon", "200", "--lat", "46")
status, problem = http("/impacts?lon=200&lat=46")
check("point hors bornes: refused by both with the same words",
      code != 0 and status == 400 and problem.get("detail", "") in err,
      f"CLI {code} {err.strip()}; HTTP {status} {problem}")

failed = results.count(False)
print(f"{len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
