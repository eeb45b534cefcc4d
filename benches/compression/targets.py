"""Writes the wrk inputs of the compression benchmark into OUT_DIR from those of the server and
national benchmarks (OUT_DIR/server, OUT_DIR/national): /health, /impacts on random points of
Annemasse Agglo and on random points inside the QPVs of France, each without and with
`Accept-Encoding: gzip, br` (what browsers and most clients send).

Usage: targets.py OUT_DIR
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from wrk_inputs import lua  # noqa: E402

out = Path(sys.argv[1])


def paths(script):
    """The paths a wrk script of wrk_inputs.lua cycles through."""
    return [line.strip().rstrip(",").strip('"') for line in script.read_text().splitlines()
            if line.startswith('  "/')]


compressed = {"Accept-Encoding": "gzip, br"}
for name, script in [("annemasse", out / "server/impacts_annemasse.lua"),
                     ("qpv", out / "national/impacts_qpv.lua")]:
    asked = paths(script)
    lua(out / f"{name}.lua", asked)
    lua(out / f"{name}_gzip.lua", asked, compressed)
    # A sample checked before measuring: the compressed answers decode to the same bytes.
    (out / f"{name}_check.txt").write_text("".join(f"{p}\n" for p in asked[:200]))
lua(out / "health.lua", ["/health"])
lua(out / "health_gzip.lua", ["/health"], compressed)
