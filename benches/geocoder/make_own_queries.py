#!/usr/bin/env python3
"""Write our own query set (own_queries.csv): addresses of the geocoder-tester BAN file typed
the way people type them. One address in eight of the file, each given one of eight habits
in turn (the `form` column says which):

- `minuscules`: lower case, no accents, commune after the street;
- `abreviation`: street type abbreviated (r, av, bd, ch, pl, imp, rte, st), postcode glued to
  the commune (« 67130barembach »);
- `faute`: two letters swapped in the street's longest word, commune given;
- `partiel`: the street's longest word cut after 60 % of its letters, as typed in a search
  box, nothing after it (biased to the address's position, as a map view biases it);
- `suffixe`: an absent « bis » asked (« 25bis »): the plain number is expected;
- `commune-avant`: the commune first, then the address;
- `majuscules`: upper case, commas, postcode and commune;
- `sans-type`: the street type and its article dropped, commune given.

Usage: make_own_queries.py BAN_DEV.csv.gz OUT.csv
"""
import csv
import gzip
import sys
import unicodedata

ABBR = {"rue": "r", "avenue": "av", "boulevard": "bd", "chemin": "ch", "place": "pl",
        "impasse": "imp", "route": "rte", "saint": "st", "allée": "all", "sainte": "ste"}
ARTICLES = {"de", "du", "des", "la", "le", "les", "l'", "d'"}


def plain(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def longest_index(words):
    return max(range(len(words)), key=lambda i: len(words[i]))


def main():
    rows = list(csv.DictReader(gzip.open(sys.argv[1], "rt", encoding="utf-8"), delimiter=";"))
    out = csv.writer(open(sys.argv[2], "w", newline="", encoding="utf-8"))
    out.writerow(["query", "expected_id", "expected_label", "form"])
    forms = ["minuscules", "abreviation", "faute", "partiel", "suffixe", "commune-avant",
             "majuscules", "sans-type"]
    n = 0
    for k, r in enumerate(rows[::8]):
        num = r["numero"] + r["rep"]
        street, city, pc = r["nom_voie"], r["nom_commune"], r["code_postal"]
        label = f"{num} {street} {pc} {city}"
        words = street.split()
        form = forms[k % len(forms)]
        expected = r["id"]
        if form == "minuscules":
            q = plain(f"{num} {street} {city}").lower()
        elif form == "abreviation":
            ws = [ABBR.get(w.lower(), w) for w in words]
            q = f"{num} {' '.join(ws)} {pc}{plain(city).lower().replace(' ', '-')}"
        elif form == "faute":
            i = longest_index(words)
            w = words[i]
            if len(w) >= 5:
                j = len(w) // 2
                w = w[:j - 1] + w[j] + w[j - 1] + w[j + 1:]
            q = f"{num} {' '.join(words[:i] + [w] + words[i + 1:])} {city}"
        elif form == "partiel":
            i = longest_index(words)
            cut = max(3, round(len(words[i]) * 0.6))
            q = f"{num} {' '.join(words[:i] + [words[i][:cut]])}"
        elif form == "suffixe":
            if r["rep"]:
                continue
            q = f"{r['numero']}bis {street} {city}"
        elif form == "commune-avant":
            q = f"{city} {num} {street}"
        elif form == "majuscules":
            q = plain(f"{num}, {street}, {pc} {city}").upper()
        else:
            ws = [w for w in words[1:] if w.lower() not in ARTICLES and not w.lower().startswith(("l'", "d'"))]
            if not ws:
                continue
            q = f"{num} {' '.join(ws)} {city}"
        out.writerow([q, expected, label, form])
        n += 1
    print(f"{sys.argv[2]}: {n} queries")


if __name__ == "__main__":
    main()
