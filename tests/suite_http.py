"""HTTP for the end-to-end suites' Python checks (standard library only, so that Debian's
python3 and the suites' venv both import it): one request and its answer, whatever its status.

A suite imports it after putting tests/ on its path:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
"""

import urllib.error
import urllib.request


def answer(url, headers=None, data=None, method=None, timeout=30):
    """(status, headers, body bytes) of a request: an error status is an answer too, since a
    suite checks a 400 or a 404 as it checks a 200. The headers stay an email.message.Message:
    the server sends lower-case names, and its get() ignores case."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()
