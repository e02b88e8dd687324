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


def worker_app():
    """The app of one worker process of `imt serve --workers N` (uvicorn imports this in each worker): the
    configuration is read from imt.toml and IMT_* as in the parent, whose settings have made the shared secret
    already."""
    from web.app import create_app

    cfg = configuration.load()
    return create_app(cfg, web_settings.load(cfg))


def serve(
    cfg: configuration.Config,
    host: str = "127.0.0.1",
    port: int | None = None,
    log_level: str = "warning",
    workers: int | None = None,
):
    """Serve the app until Ctrl-C: in this process, or in `workers` processes sharing the listening socket
    (default IMT_WEB_WORKERS, else the number of cores up to 4). Sessions and the login rate limit live in
    Elasticsearch, so any worker may answer any request."""
    import uvicorn

    try:
        settings = web_settings.load(cfg)  # also makes the secret every worker reads
    except web_settings.WebConfigError as exc:
        raise ServeError(str(exc)) from None
    port = port or settings.port
    workers = workers or settings.workers
    if workers < 1:
        raise ServeError(f"--workers must be at least 1, got {workers}")
    check_port(host, port)
    # proxy_headers off: uvicorn believes no X-Forwarded-For; the app does, from IMT_WEB_TRUSTED_PROXIES only
    options = dict(host=host, port=port, log_level=log_level, proxy_headers=False, server_header=False,
                   access_log=False)  # fmt: skip
    if workers == 1:
        from web.app import create_app

        uvicorn.run(create_app(cfg, settings), **options)
    else:
        uvicorn.run("web.server:worker_app", factory=True, workers=workers, **options)
