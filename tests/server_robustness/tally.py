"""What check.py and hostile.py share: the tally of checks, printed as run.sh reads it, and a
free loopback port for a server."""

import socket
import sys

results = {"passed": 0, "failed": 0}


def check(name, ok, detail=""):
    results["passed" if ok else "failed"] += 1
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def finish():
    """Prints the tally (run.sh reads its last line) and exits 1 if a check failed."""
    print(f"{results['passed']} passed, {results['failed']} failed")
    sys.exit(1 if results["failed"] else 0)
