"""The pass/fail bookkeeping every check script of this suite shares: one line per check,
and the counts appended to WORKDIR/passed and WORKDIR/failed for run.sh to add up."""

# The collections of the national references: the every-collection loops leave them out
# (postes is 14,000 rows); references_check.py, the
# CQL2 checks and QGIS (gares) test them leanly.
REFERENCES = ("contrats", "programmes", "postes", "gares")


class Report:
    def __init__(self, prefix=""):
        self.prefix = prefix
        self.passed = self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print(("ok   " if ok else "FAIL ") + self.prefix + name + ("" if ok else f": {str(detail)[:600]}"))

    def finish(self, work, what):
        with open(f"{work}/passed", "a") as f:
            f.write(f"{self.passed}\n")
        with open(f"{work}/failed", "a") as f:
            f.write(f"{self.failed}\n")
        print(f"{what}: {self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0
