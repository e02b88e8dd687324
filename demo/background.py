"""Start / stop / context-manager plumbing shared by the demo's HTTP servers (the demo web, the onion proxy)."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer


class QuietThreadingServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # a real web server's listen backlog: socketserver's default of 5 drops connection bursts from a crawler,
    # and every dropped SYN costs the client a 1-second retransmission
    request_queue_size = 128


class BackgroundServer:
    """Subclasses set `_httpd = None`, `_thread = None` and implement `_bind()` (create the server once)."""

    thread_name = "demo-http"

    def _bind(self):
        raise NotImplementedError

    def start(self):
        httpd = self._bind()
        self._thread = threading.Thread(target=httpd.serve_forever, name=self.thread_name, daemon=True)
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
