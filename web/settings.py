"""The web app's own settings, beside config.Config: from the `[web]` table of imt.toml, then IMT_WEB_* variables
(these win), each key `k` of the table having the variable IMT_WEB_<K>:

| key | variable | default | |
| --- | --- | --- | --- |
| port | IMT_WEB_PORT | 8000 | port of `imt serve` |
| workers | IMT_WEB_WORKERS | cores, 1 to 4 | processes serving the app |
| secret | IMT_WEB_SECRET | generated once | signs cookies; kept in IMT_HOME/state/web-secret (0600) when not given |
| old_secrets | IMT_WEB_OLD_SECRETS | none | retired secrets, comma-separated: cookies they signed stay valid |
| secure_cookies | IMT_WEB_SECURE_COOKIES | off | the Secure flag on cookies (behind HTTPS) |
| session_idle | IMT_WEB_SESSION_IDLE | 30m | a session unused this long ends |
| session_lifetime | IMT_WEB_SESSION_LIFETIME | 12h | a session ends this long after sign-in, used or not |
| trusted_proxies | IMT_WEB_TRUSTED_PROXIES | none | reverse proxies (addresses, CIDR) whose X-Forwarded-For counts |

Durations are a whole number with an optional unit: s, m, h or d (no unit = seconds).
"""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from config import PROJECT_DIR, Config

DEFAULT_PORT = 8000
SESSION_HOURS = 12
SESSION_IDLE_MINUTES = 30
KEYS = ("port", "workers", "secret", "old_secrets", "secure_cookies", "session_idle", "session_lifetime",
        "trusted_proxies")
_DURATION = re.compile(r"(\d+)\s*([smhd]?)")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class WebConfigError(Exception):
    """A web setting is wrong; the message names it."""


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


@dataclass
class WebSettings:
    secret: bytes
    port: int = DEFAULT_PORT
    session_seconds: int = SESSION_HOURS * 3600  # absolute lifetime of a session
    session_idle_seconds: int = SESSION_IDLE_MINUTES * 60  # idle timeout of a session
    secure_cookies: bool = False  # set the Secure flag (behind HTTPS); IMT_WEB_SECURE_COOKIES=1
    trusted_proxies: tuple[Network, ...] = ()
    workers: int = field(default_factory=default_workers)
    old_secrets: tuple[bytes, ...] = ()  # still accepted when checking cookies, never used to sign


MIN_SECRET = 16  # characters of a signing secret, current or retired


def _secret_file(cfg: Config) -> Path:
    return cfg.home / "state" / "web-secret"


def load_secret(cfg: Config, env: dict[str, str] | None = None, given: str = "") -> bytes:
    env = os.environ if env is None else env
    given = env.get("IMT_WEB_SECRET", "") or given
    if given:
        if len(given) < MIN_SECRET:
            raise WebConfigError(f"IMT_WEB_SECRET is too short: use at least {MIN_SECRET} characters "
                                 "(32 random bytes is best)")  # fmt: skip
        return given.encode()
    path = _secret_file(cfg)
    for _attempt in range(3):
        try:
            value = path.read_text().strip()
            if len(value) >= 32:
                return value.encode()
        except OSError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        value = secrets.token_urlsafe(48)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(value + "\n")
        try:
            if path.exists():  # a damaged file (too short) is replaced
                os.replace(tmp, path)
            else:
                os.link(tmp, path)  # fails when another process made the secret first: then theirs is read
            return value.encode()
        except FileExistsError:
            continue
        finally:
            tmp.unlink(missing_ok=True)
    raise WebConfigError(f"cannot read or write the web secret {path}")


def parse_old_secrets(name: str, raw) -> tuple[bytes, ...]:
    """Retired secrets: a comma-separated string (or a TOML list), each at least MIN_SECRET characters."""
    items = raw if isinstance(raw, list) else str(raw).split(",")
    out = tuple(str(x).strip().encode() for x in items if str(x).strip())
    if any(len(x) < MIN_SECRET for x in out):
        raise WebConfigError(f"{name}: every old secret must have at least {MIN_SECRET} characters")
    return out


def parse_duration(name: str, raw) -> int:
    text = str(raw).strip().lower()
    m = _DURATION.fullmatch(text)
    if not m or int(m.group(1)) <= 0:
        raise WebConfigError(f"{name} must be a duration like 90s, 30m, 12h or 7d, got {raw!r}")
    return int(m.group(1)) * _UNITS[m.group(2)]


def parse_proxies(name: str, raw) -> tuple[Network, ...]:
    """Addresses and CIDR ranges, as a list or one comma- or space-separated string."""
    items = raw if isinstance(raw, list | tuple) else re.split(r"[,\s]+", str(raw))
    out = []
    for item in items:
        item = str(item).strip()
        if not item:
            continue
        try:
            out.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise WebConfigError(f"{name}: {item!r} is not an IP address or a CIDR range like 10.0.0.0/8") from None
    return tuple(out)


def _toml_table(env) -> tuple[dict, str]:
    path = Path(env.get("IMT_CONFIG", PROJECT_DIR / "imt.toml"))
    if not path.is_file():
        return {}, str(path)
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("web", {})
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise WebConfigError(f"{path}: cannot read it ({exc})") from None
    if not isinstance(table, dict):
        raise WebConfigError(f"{path}: [web] must be a table")
    for key in table:
        if key not in KEYS:
            raise WebConfigError(f"{path}: unknown setting {key!r} in [web]; known: {', '.join(KEYS)}")
    return table, str(path)


def _int(name: str, raw, low: int, high: int, what: str) -> int:
    try:
        value = int(str(raw).strip())
        if not low <= value <= high:
            raise ValueError
    except ValueError:
        raise WebConfigError(f"{name} must be {what} ({low}-{high}), got {raw!r}") from None
    return value


def _bool(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    return str(raw).strip().lower() in ("1", "true", "yes", "on")


def load(cfg: Config, env: dict[str, str] | None = None) -> WebSettings:
    env = os.environ if env is None else env
    table, where = _toml_table(env)
    raw, names = {}, {}
    for key in KEYS:
        var = f"IMT_WEB_{key.upper()}"
        if env.get(var, "") != "":
            raw[key], names[key] = env[var], var
        elif key in table:
            raw[key], names[key] = table[key], f"[web] {key} in {where}"
    settings = WebSettings(secret=load_secret(cfg, env, str(raw["secret"]) if "secret" in raw else ""))
    if "old_secrets" in raw:
        settings.old_secrets = parse_old_secrets(names["old_secrets"], raw["old_secrets"])
    if "port" in raw:
        settings.port = _int(names["port"], raw["port"], 1, 65535, "a port number")
    if "workers" in raw:
        settings.workers = _int(names["workers"], raw["workers"], 1, 64, "a number of processes")
    if "secure_cookies" in raw:
        settings.secure_cookies = _bool(raw["secure_cookies"])
    if "session_idle" in raw:
        settings.session_idle_seconds = parse_duration(names["session_idle"], raw["session_idle"])
    if "session_lifetime" in raw:
        settings.session_seconds = parse_duration(names["session_lifetime"], raw["session_lifetime"])
    if "trusted_proxies" in raw:
        settings.trusted_proxies = parse_proxies(names["trusted_proxies"], raw["trusted_proxies"])
    return settings
