"""`imt serve`: the web app under uvicorn."""

from __future__ import annotations

import errno
import socket

import config as configuration
from web import settings as web_settings


class ServeError(Exception):
    """The app cannot be served as asked (port taken, bad setting); the message says why."""


def check_port(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ServeError(
                    f"port {port} on {host} is taken; choose another with --port or IMT_WEB_PORT"
                ) from None
            raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def serve(cfg: configuration.Config, host: str = "127.0.0.1", port: int | None = None, log_level: str = "warning"):
    import uvicorn

    from web.app import create_app

    try:
        settings = web_settings.load(cfg)
    except web_settings.WebConfigError as exc:
        raise ServeError(str(exc)) from None
    port = port or settings.port
    check_port(host, port)
    app = create_app(cfg, settings)
    # proxy_headers off: the client address is the socket's, so X-Forwarded-For cannot dodge the login rate limit
    uvicorn.run(
        app, host=host, port=port, log_level=log_level, proxy_headers=False, server_header=False, access_log=False
    )
