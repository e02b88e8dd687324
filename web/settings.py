"""The web app's own settings, beside config.Config: the session signing secret and the port.

IMT_WEB_SECRET signs session cookies; when unset, a random secret is generated once and kept in
IMT_HOME/state/web-secret (mode 0600), so sessions survive a restart. IMT_WEB_PORT is the default port.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from config import Config

DEFAULT_PORT = 8000
SESSION_HOURS = 12


class WebConfigError(Exception):
    """A web setting is wrong; the message names it."""


@dataclass
class WebSettings:
    secret: bytes
    port: int = DEFAULT_PORT
    session_seconds: int = SESSION_HOURS * 3600
    secure_cookies: bool = False  # set the Secure flag (behind HTTPS); IMT_WEB_SECURE_COOKIES=1


def _secret_file(cfg: Config) -> Path:
    return cfg.home / "state" / "web-secret"


def load_secret(cfg: Config, env: dict[str, str] | None = None) -> bytes:
    env = os.environ if env is None else env
    given = env.get("IMT_WEB_SECRET", "")
    if given:
        if len(given) < 16:
            raise WebConfigError("IMT_WEB_SECRET is too short: use at least 16 characters (32 random bytes is best)")
        return given.encode()
    path = _secret_file(cfg)
    try:
        value = path.read_text().strip()
        if len(value) >= 32:
            return value.encode()
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(value + "\n")
    os.replace(tmp, path)
    return value.encode()


def load(cfg: Config, env: dict[str, str] | None = None) -> WebSettings:
    env = os.environ if env is None else env
    port = env.get("IMT_WEB_PORT", "") or str(DEFAULT_PORT)
    try:
        port_n = int(port)
        if not 0 < port_n < 65536:
            raise ValueError
    except ValueError:
        raise WebConfigError(f"IMT_WEB_PORT must be a port number (1-65535), got {port!r}") from None
    secure = env.get("IMT_WEB_SECURE_COOKIES", "").strip().lower() in ("1", "true", "yes")
    return WebSettings(secret=load_secret(cfg, env), port=port_n, secure_cookies=secure)
