"""HTTP server for the demo internet (stdlib only).

from demo.server import DemoServer
with DemoServer() as srv:            # port 0: any free port
    print(srv.base_url)              # http://127.0.0.1:PORT

python -m demo.server --port 8089 [--pages N] [--seed S] [--day D] [--bigmarket N] [--verbose]

Besides the clear-web sites of :mod:`demo.site` the server answers for
* the demo onion hosts (``Host: <v3>.onion``, see :mod:`demo.onion`; reach them
  through :class:`demo.proxy.OnionProxy`),
* ``/traps/`` (bad input for the crawler, :mod:`demo.traps`),
* ``/bigmarket/`` (a large market with rare drug listings, :mod:`demo.bigmarket`).

``DemoServer.day`` may be changed while the server runs: it is read on every
request (day 0 is the reference site; see :mod:`demo.changes`).
``DemoServer(record=True).requests`` lists the (Host, path) of every request
it answered, for tests that account for each fetch.
"""

from __future__ import annotations

from demo.background import BackgroundServer, QuietThreadingServer

import argparse
import sys
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from .site import Site, get_site
from .traps import Stream


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "IMTDemo/1.0"
    sys_version = ""

    def _respond(self, head_only=False):
        parts = urlsplit(self.path)
        path = parts.path or "/"
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        host = parts.netloc or self.headers.get("Host", "")
        owner: DemoServer = self.server.owner  # type: ignore[attr-defined]
        if owner.requests is not None:
            owner.requests.append((host, self.path))
        try:
            status, ctype, body, extra = owner.handle(path, query, host=host)
        except Exception:  # noqa: BLE001 - never let a bad URL kill the connection silently
            if self.server.verbose:  # type: ignore[attr-defined]
                import traceback

                traceback.print_exc()
            status, ctype, body, extra = 500, "text/plain; charset=utf-8", b"internal error\n", {}
        if isinstance(body, Stream):
            self._stream(status, ctype, body, extra, head_only)
            return
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra.items():
            self.send_header(k, v)
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def _stream(self, status, ctype, body: Stream, extra, head_only):
        if body.delay:
            time.sleep(body.delay)
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            if body.length is not None:
                self.send_header("Content-Length", str(body.length))
            else:
                self.send_header("Connection", "close")
            for k, v in extra.items():
                self.send_header(k, v)
            self.end_headers()
            if head_only:
                return
            for chunk in body.chunks():
                self.wfile.write(chunk)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
            return
        if body.close or body.length is None:
            self.close_connection = True

    def do_GET(self):
        self._respond()

    def do_HEAD(self):
        self._respond(head_only=True)

    def log_message(self, fmt, *args):
        if self.server.verbose:  # type: ignore[attr-defined]
            sys.stderr.write(f"{self.address_string()} - {fmt % args}\n")


_Server = QuietThreadingServer


class DemoServer(BackgroundServer):
    """The demo internet on a real socket."""

    thread_name = "demo-server"

    def __init__(
        self, host="127.0.0.1", port=0, pages=None, seed=0, verbose=False, day=0, bigmarket=None, record=False
    ):
        self.host = host
        self.requests: list[tuple[str, str]] | None = [] if record else None  # (Host, path) of each request
        self.port = port
        self.pages = pages
        self.seed = seed
        self.verbose = verbose
        self.day = day  # read on every request: may be changed while serving
        self.bigmarket = bigmarket  # number of big-market listings (None: demo.bigmarket.DEFAULT_N)
        self.base_url = None
        self._httpd = None
        self._thread = None

    @property
    def site(self) -> Site:
        return get_site(self.pages, self.seed)

    def handle(self, path: str, query: dict | None = None, host: str | None = None):
        """Answer one request in-process: (status, content_type, body, extra_headers).

        ``body`` is bytes, or a :class:`demo.traps.Stream` for the streaming traps.
        """
        from .onion import get_onion_web, host_only

        query = query or {}
        h = host_only(host)
        if h.endswith(".onion"):
            return get_onion_web(self.seed).handle(h, path, query)
        if path == "/traps" or path.startswith("/traps/"):
            from . import traps

            return traps.handle(path, query, host=host or "")
        if path == "/bigmarket" or path.startswith("/bigmarket/"):
            from .bigmarket import get_bigmarket

            return get_bigmarket(self.bigmarket, self.seed).handle(path, query)
        return self.site.handle(path, query, day=self.day)

    def _bind(self):
        if self._httpd is None:
            httpd = _Server((self.host, self.port), _Handler)
            httpd.owner = self
            httpd.site = self.site
            httpd.verbose = self.verbose
            self._httpd = httpd
            self.port = httpd.server_address[1]
            self.base_url = f"http://{self.host}:{self.port}"
        return self._httpd


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m demo.server", description="Serve the IMT Monitor demo internet.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8089)
    ap.add_argument("--pages", type=int, default=None, help="scale: at least this many fetchable pages")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--day", type=int, default=0, help="serve the site as it is on this day (0: the reference day)")
    ap.add_argument("--bigmarket", type=int, default=None, help="listings of /bigmarket/ (default 20000)")
    ap.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = ap.parse_args(argv)
    srv = DemoServer(
        host=args.host,
        port=args.port,
        pages=args.pages,
        seed=args.seed,
        verbose=args.verbose,
        day=args.day,
        bigmarket=args.bigmarket,
    )
    srv._bind()
    print(f"demo internet on {srv.base_url}/ ({srv.site.count_fetchable()} pages)", flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
