"""Assertions on the geocoder's answers, for run.sh (stdlib only)."""
import csv
import json
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def fold(text):
    """Lower case without accents, as the geocoder compares words."""
    import unicodedata
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    if cmd == "first-id":
        fc = load(path)
        got = fc["features"][0]["properties"]["id"]
        assert got == sys.argv[3], f"{got} != {sys.argv[3]}"
    elif cmd == "has-type":
        types = [f["properties"]["type"] for f in load(path)["features"]]
        assert sys.argv[3] in types, types
    elif cmd == "own-place-first":
        # A place of the loaded data (it names its OGC collection) first, a commune elsewhere
        # in France (no collection) still listed.
        found = [f["properties"] for f in load(path)["features"]]
        assert found and found[0].get("collection"), found
        assert any(p.get("identifiant") == sys.argv[3] and not p.get("collection") for p in found), found
    elif cmd == "api-shape":
        fc = load(path)
        assert fc["type"] == "FeatureCollection" and fc["limit"] == 3, fc
        f = fc["features"][0]
        assert f["geometry"]["type"] == "Point" and len(f["geometry"]["coordinates"]) == 2
        p = f["properties"]
        for key in ["label", "score", "housenumber", "id", "name", "postcode", "citycode",
                    "x", "y", "city", "context", "type", "importance", "street"]:
            assert key in p, f"{key} missing: {p}"
        assert p["id"] == sys.argv[3] and p["type"] == "housenumber", p
        assert 0 < p["score"] <= 1 and p["label"].startswith("11 Rue de la Caverne"), p
        assert 900_000 < p["x"] < 1_100_000 and 6_700_000 < p["y"] < 6_900_000, p
    elif cmd == "reverse":
        f = load(path)["features"][0]["properties"]
        assert f["id"] == sys.argv[3] and 0 <= f["distance"] < 5, f
    elif cmd == "no-address":
        # « Aucune adresse trouvée », its reason, and no result lacking the query's words.
        fc = load(path)
        note = fc.get("aucune_adresse")
        assert note and note["message"] == "Aucune adresse trouvée", fc
        assert sys.argv[3] in note.get("raison", ""), note
        for f in fc["features"]:
            p = f["properties"]
            text = fold(f"{p['label']} {p.get('city', '')}")
            assert all(w in text for w in sys.argv[4].split()), f"{p['label']} lacks {sys.argv[4]}"
    elif cmd == "credits":
        fc = load(path)
        assert (fc["attribution"], fc["licence"]) == (sys.argv[3], sys.argv[4]), fc
    elif cmd == "split":
        # split BAN.csv.gz DIR DEP...: one BAN file per département, as the BAN publishes them.
        import gzip
        lines = gzip.open(path, "rt", encoding="utf-8").read().splitlines()
        for dep in sys.argv[4:]:
            rows = [l for l in lines[1:] if l.split(";")[6].startswith(dep)]
            with gzip.open(f"{sys.argv[3]}/adresses-{dep}.csv.gz", "wt", encoding="utf-8") as out:
                out.write("\n".join([lines[0]] + rows) + "\n")
    elif cmd == "batch":
        raw = open(path, "rb").read()
        text = raw.decode("utf-8-sig")
        # The output keeps the input's separator: « ; », or a tab for Excel's « Texte Unicode ».
        delimiter = "\t" if "\t" in text.splitlines()[0] else ";"
        rows = list(csv.DictReader(text.splitlines(), delimiter=delimiter))
        statuses = [r["result_status"] for r in rows]
        wanted = [w.split("/") for w in sys.argv[3].split(",")]
        assert len(statuses) == len(wanted), statuses
        assert all(s in w for s, w in zip(statuses, wanted)), statuses
        ok = rows[0]
        assert ok["result_id"] == "67020_gt00001_00025", ok
        assert ok["adresse"] == "25 rue du Presbytère", ok
        assert ok["verdict"] in ("dedans", "dehors", "en_limite") and ok["nb_operations"] != "", ok
        assert ok["insee_com"] and ok["erreur"] == "", ok
        assert rows[1]["verdict"] == "" and rows[1]["erreur"] in ("adresse incertaine", "adresse non trouvée"), rows[1]
        assert rows[2]["verdict"] == "" and rows[2]["erreur"] == "adresse non trouvée", rows[2]
    elif cmd == "to-unicode-text":
        # What Excel's « Texte Unicode (*.txt) » saves: UTF-16LE after its byte order mark, tabs, CRLF.
        text = open(path, "rb").read().decode("cp1252").replace(";", "\t").replace("\n", "\r\n")
        open(sys.argv[3], "wb").write(b"\xff\xfe" + text.encode("utf-16-le"))
    else:
        raise SystemExit(f"unknown check {cmd}")


if __name__ == "__main__":
    main()
