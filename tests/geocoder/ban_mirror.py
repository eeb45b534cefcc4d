"""A local stand-in for the BAN's download site, for run.sh (stdlib only, no internet).

Serves the files of a directory with an ETag and a Last-Modified, answers 304 to a matching
If-None-Match or If-Modified-Since, `text/html` for a file that is a web page, and for a file
`<name>` beside which `<name>.cut` holds a number N, announces the whole length but sends only
N bytes before closing (a dropped connection). Every request is logged to stdout as
`<status> <path>`, so the suite can count what was downloaded.

    python3 ban_mirror.py DIR PORT
"""
import email.utils
import hashlib
import http.server
import os
import sys


class Mirror(http.server.BaseHTTPRequestHandler):
    root = "."

    def log_message(self, *args):
        pass

    def answer(self, status, headers=(), body=b""):
        print(f"{status} {self.path}", flush=True)
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self):
        name = os.path.basename(self.path.split("?")[0])
        path = os.path.join(self.root, name)
        if not name or not os.path.isfile(path):
            return self.answer(404, [("Content-Length", "0")])
        body = open(path, "rb").read()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        modified = email.utils.formatdate(int(os.path.getmtime(path)), usegmt=True)
        if self.headers.get("If-None-Match") == etag:
            return self.answer(304, [("ETag", etag)])
        kind = "text/html; charset=utf-8" if body.lstrip().startswith(b"<") else "application/gzip"
        headers = [("Content-Type", kind), ("Content-Length", str(len(body))),
                   ("ETag", etag), ("Last-Modified", modified)]
        cut = path + ".cut"
        if os.path.isfile(cut):
            body = body[: int(open(cut).read())]
        self.answer(200, headers, body)
        if os.path.isfile(cut):
            self.close_connection = True


if __name__ == "__main__":
    Mirror.root = sys.argv[1]
    http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), Mirror).serve_forever()
