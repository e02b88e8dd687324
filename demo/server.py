"""HTTP server for the demo internet (stdlib only).

from demo.server import DemoServer
with DemoServer() as srv:            # port 0: any free port
    print(srv.base_url)              # http://127.0.0.1:PORT

python -m demo.server --port 8089 [--pages N] [--seed S] [--verbose]
"""

from __future__ import annotations

import argparse
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .site import Site, get_site


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "IMTDemo/1.0"
    sys_version = ""

    def _respond(self, head_only=False):
        parts = urlsplit(self.path)
        path = parts.path or "/"
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        site: Site = self.server.site  # type: ignore[attr-defined]
        try:
            status, ctype, body, extra = site.handle(path, query)
        except Exception:  # noqa: BLE001 - never let a bad URL kill the connection silently
            if self.server.verbose:  # type: ignore[attr-defined]
                import traceback

                traceback.print_exc()
            status, ctype, body, extra = 500, "text/plain; charset=utf-8", b"internal error\n", {}
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra.items():
            self.send_header(k, v)
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def do_GET(self):
        self._respond()

    def do_HEAD(self):
        self._respond(head_only=True)

    def log_message(self, fmt, *args):
        if self.server.verbose:  # type: ignore[attr-defined]
            sys.stderr.write(f"{self.address_string()} - {fmt % args}\n")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class DemoServer:
    """The demo internet on a real socket."""

    def __init__(self, host="127.0.0.1", port=0, pages=None, seed=0, verbose=False):
        self.host = host
        self.port = port
        self.pages = pages
        self.seed = seed
        self.verbose = verbose
        self.base_url = None
        self._httpd = None
        self._thread = None

    @property
    def site(self) -> Site:
        return get_site(self.pages, self.seed)

    def _bind(self):
        if self._httpd is None:
            httpd = _Server((self.host, self.port), _Handler)
            httpd.site = self.site
            httpd.verbose = self.verbose
            self._httpd = httpd
            self.port = httpd.server_address[1]
            self.base_url = f"http://{self.host}:{self.port}"
        return self._httpd

    def start(self) -> DemoServer:
        httpd = self._bind()
        self._thread = threading.Thread(target=httpd.serve_forever, name="demo-server", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self):
        httpd = self._bind()
        try:
            httpd.serve_forever()
        finally:
            httpd.server_close()

    def stop(self):
        if self._httpd is not None:
            if self._thread is not None:
                self._httpd.shutdown()
                self._thread.join(timeout=5)
                self._thread = None
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self):
        if self._httpd is None:
            self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m demo.server", description="Serve the IMT Monitor demo internet.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8089)
    ap.add_argument("--pages", type=int, default=None, help="scale: at least this many fetchable pages")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = ap.parse_args(argv)
    srv = DemoServer(host=args.host, port=args.port, pages=args.pages, seed=args.seed, verbose=args.verbose)
    srv._bind()
    print(f"demo internet on {srv.base_url}/ ({srv.site.count_fetchable()} pages)", flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
