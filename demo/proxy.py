"""A local forward proxy for the demo onion services (stands in for Privoxy in front of Tor).

A client configured with this proxy (Scrapy: ``request.meta["proxy"] = proxy.url``;
urllib: ``ProxyHandler({"http": proxy.url})``) sends absolute URIs such as
``GET http://<56 chars>.onion/listing/3 HTTP/1.1``.  The proxy

* forwards requests for the live demo onion hosts to the upstream demo server
  (which must be on 127.0.0.1), keeping the ``Host`` header, and streams the
  response back (status, headers, body);
* answers 503 with a Privoxy-like error page for the onion that is known but down;
* answers 502 for any other ``.onion`` host (no such service);
* answers 403 for every host that is not ``.onion`` -- it never opens a
  connection anywhere but the upstream;
* answers 405 to ``CONNECT``.

``stats`` counts requests per host; ``statuses`` counts ``(host, status)``.

    from demo.proxy import OnionProxy
    with DemoServer() as web, OnionProxy(web.base_url) as proxy:
        print(proxy.url)

    python -m demo.proxy --upstream http://127.0.0.1:8089 --port 8118
"""

from __future__ import annotations

from demo.background import BackgroundServer, QuietThreadingServer

import argparse
import http.client
import ipaddress
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from . import html as H
from .onion import DOWN_ONIONS, LIVE_ONIONS, host_only

CHUNK = 64 * 1024
HOP_BY_HOP = {
    "connection",
    "proxy-connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "trailers",
    "transfer-encoding",
    "upgrade",
}


def _error_page(status: int, title: str, text: str) -> bytes:
    main = f'<div class="proxy-error"><p>{text}</p><p class="code">Demo onion proxy · {status}</p></div>'
    return H.page(f"{status} {title}", title, main, links=[])


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "IMTDemoProxy/1.0"
    sys_version = ""

    # ------------------------------------------------------------------ helpers
    def _target(self):
        """(host, path_with_query) of the request, from the absolute URI or the Host header."""
        parts = urlsplit(self.path)
        if parts.scheme and parts.netloc:
            host = parts.netloc
            path = parts.path or "/"
            if parts.query:
                path += "?" + parts.query
        else:
            host = self.headers.get("Host", "")
            path = self.path or "/"
        return host_only(host), path

    def _drain_request_body(self) -> bytes:
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def _send_page(self, status: int, title: str, text: str, head_only=False, extra=None):
        body = _error_page(status, title, text)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Proxy-Agent", self.server_version)
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def _count(self, host, status):
        owner = self.server.owner  # type: ignore[attr-defined]
        with owner._lock:
            owner.stats[host] += 1
            owner.statuses[(host, status)] += 1

    # ------------------------------------------------------------------ methods
    def _proxy(self):
        host, path = self._target()
        body = self._drain_request_body()
        head_only = self.command == "HEAD"
        esc = H.esc
        if not host.endswith(".onion"):
            self._count(host, 403)
            self._send_page(
                403,
                "Forbidden",
                f"This proxy only serves .onion addresses; <code>{esc(host or '(no host)')}</code> is not one. "
                "Clear-web requests are refused here so that nothing leaves through the wrong door.",
                head_only,
            )
            return
        if host in DOWN_ONIONS:
            self._count(host, 503)
            self._send_page(
                503,
                "Onion service unreachable",
                f"The request for <code>{esc(host)}</code> was handed to Tor, but the onion service did not "
                "answer: its descriptor is known, yet none of its introduction points responded. "
                "The service may be offline or overloaded; try again later.",
                head_only,
            )
            return
        if host not in LIVE_ONIONS:
            self._count(host, 502)
            self._send_page(
                502,
                "Bad gateway",
                f"Tor could not find an onion service at <code>{esc(host)}</code>: no descriptor was published "
                "for this address. Check the address for typos.",
                head_only,
            )
            return
        self._forward(host, path, body, head_only)

    def _forward(self, host, path, body, head_only):
        owner = self.server.owner  # type: ignore[attr-defined]
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP and k.lower() != "host"}
        headers["Host"] = host
        headers["Connection"] = "close"
        conn = http.client.HTTPConnection(owner._up_host, owner._up_port, timeout=owner.timeout)
        try:
            conn.request(self.command, path, body=body or None, headers=headers)
            resp = conn.getresponse()
        except OSError as err:
            conn.close()
            self._count(host, 502)
            self._send_page(502, "Bad gateway", f"The upstream did not answer: {H.esc(str(err))}", head_only)
            return
        try:
            self._count(host, resp.status)
            self.send_response(resp.status, resp.reason)
            length = resp.getheader("Content-Length")
            for k, v in resp.getheaders():
                if k.lower() in HOP_BY_HOP or k.lower() in ("server", "date"):
                    continue
                self.send_header(k, v)
            if length is None and not head_only:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if head_only:
                return
            want = int(length) if length is not None else None
            sent = 0
            while want is None or sent < want:
                try:
                    chunk = resp.read(CHUNK if want is None else min(CHUNK, want - sent))
                except (http.client.IncompleteRead, OSError):
                    chunk = b""
                if not chunk:
                    break
                self.wfile.write(chunk)
                sent += len(chunk)
            if want is not None and sent < want:  # the upstream broke off: so do we
                self.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            conn.close()

    do_GET = _proxy
    do_HEAD = _proxy
    do_POST = _proxy
    do_PUT = _proxy
    do_DELETE = _proxy
    do_OPTIONS = _proxy
    do_PATCH = _proxy

    def do_CONNECT(self):
        host = host_only(self.path)
        self._count(host, 405)
        self._send_page(
            405,
            "Method not allowed",
            "CONNECT tunnels are not offered: send plain http:// requests for .onion addresses.",
            extra={"Allow": "GET, HEAD, POST"},
        )
        self.close_connection = True

    def log_message(self, fmt, *args):
        if self.server.owner.verbose:  # type: ignore[attr-defined]
            sys.stderr.write(f"proxy {self.address_string()} - {fmt % args}\n")


_Server = QuietThreadingServer


class OnionProxy(BackgroundServer):
    """HTTP forward proxy that serves only the demo's .onion hosts, from ``upstream_base_url``."""

    thread_name = "demo-onion-proxy"

    def __init__(self, upstream_base_url: str, host="127.0.0.1", port=0, timeout=30.0, verbose=False):
        up = urlsplit(upstream_base_url)
        if up.scheme != "http" or not up.hostname:
            raise ValueError(f"upstream must be http://127.0.0.1:PORT, not {upstream_base_url!r}")
        try:
            loopback = ipaddress.ip_address(up.hostname).is_loopback
        except ValueError:
            loopback = up.hostname == "localhost"
        if not loopback:
            raise ValueError(f"upstream must be on the loopback interface, not {up.hostname!r}")
        self.upstream = upstream_base_url.rstrip("/")
        self._up_host = up.hostname
        self._up_port = up.port or 80
        self.host = host
        self.port = port
        self.timeout = timeout
        self.verbose = verbose
        self.url = None
        self.stats: Counter = Counter()
        self.statuses: Counter = Counter()
        self._lock = threading.Lock()
        self._httpd = None
        self._thread = None

    def _bind(self):
        if self._httpd is None:
            httpd = _Server((self.host, self.port), _ProxyHandler)
            httpd.owner = self
            self._httpd = httpd
            self.port = httpd.server_address[1]
            self.url = f"http://{self.host}:{self.port}"
        return self._httpd

    def reset_stats(self):
        with self._lock:
            self.stats.clear()
            self.statuses.clear()


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m demo.proxy", description="Forward proxy for the demo onion services.")
    ap.add_argument("--upstream", required=True, help="the demo server, e.g. http://127.0.0.1:8089")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8118)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    proxy = OnionProxy(args.upstream, host=args.host, port=args.port, verbose=args.verbose)
    proxy._bind()
    print(f"onion proxy on {proxy.url} -> {proxy.upstream}", flush=True)
    try:
        proxy.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
