"""Signed session cookies, CSRF tokens, the login rate limit and the security headers of every response.

Sessions are stateless: the cookie holds the user name, the user's session version (a digest of the password
hash: changing the password ends every session), a CSRF token and the issue time, as base64 JSON signed with
HMAC-SHA256 under the app's secret. The user is looked up on every request, so a disabled account or a changed
role takes effect at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass

SESSION_COOKIE = "imt_session"
PRELOGIN_COOKIE = "imt_prelogin"  # the CSRF token of the login form, before there is a session
LANG_COOKIE = "imt_lang"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
# a raw capture: never runs its scripts, never loads anything, may only be framed by the app itself
CAPTURE_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"

HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


class Signer:
    def __init__(self, secret: bytes, purpose: str):
        self.key = hmac.new(secret, purpose.encode(), hashlib.sha256).digest()

    def sign(self, payload: dict) -> str:
        body = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode().rstrip("=")
        mac = hmac.new(self.key, body.encode(), hashlib.sha256).digest()
        return body + "." + base64.urlsafe_b64encode(mac).decode().rstrip("=")

    def unsign(self, token: str | None, max_age: int) -> dict | None:
        if not token or token.count(".") != 1 or len(token) > 4096:
            return None
        body, mac = token.split(".")
        want = base64.urlsafe_b64encode(hmac.new(self.key, body.encode(), hashlib.sha256).digest()).decode()
        if not hmac.compare_digest(want.rstrip("="), mac):
            return None
        try:
            payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        except ValueError:
            return None
        if not isinstance(payload, dict) or not isinstance(payload.get("iat"), int | float):
            return None
        if not 0 <= time.time() - payload["iat"] <= max_age:
            return None
        return payload


@dataclass
class Session:
    username: str
    version: str  # User.session_version when the session was made
    csrf: str
    iat: float

    @classmethod
    def new(cls, username: str, version: str) -> Session:
        return cls(username, version, secrets.token_urlsafe(24), int(time.time()))

    def payload(self) -> dict:
        return {"u": self.username, "v": self.version, "c": self.csrf, "iat": self.iat}

    @classmethod
    def from_payload(cls, p: dict | None) -> Session | None:
        if not p or not all(isinstance(p.get(k), str) for k in ("u", "v", "c")):
            return None
        return cls(p["u"], p["v"], p["c"], p["iat"])


def same_token(given: str | None, expected: str | None) -> bool:
    return bool(given and expected) and hmac.compare_digest(str(given), str(expected))


class RateLimiter:
    """Failed logins per (user name, client IP) and per client IP, in a sliding window. In memory: one process."""

    def __init__(self, per_user: int = 5, per_ip: int = 30, window: float = 300.0):
        self.per_user, self.per_ip, self.window = per_user, per_ip, window
        self._fails: dict[tuple, deque] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple, now: float) -> deque:
        q = self._fails.setdefault(key, deque())
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def blocked(self, username: str, ip: str) -> float:
        """Seconds until another attempt is allowed (0 = allowed now)."""
        now = time.monotonic()
        with self._lock:
            waits = []
            for key, limit in (((username.lower(), ip), self.per_user), (("", ip), self.per_ip)):
                q = self._recent(key, now)
                if len(q) >= limit:
                    waits.append(self.window - (now - q[0]))
            return max(waits, default=0.0)

    def fail(self, username: str, ip: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in ((username.lower(), ip), ("", ip)):
                self._recent(key, now).append(now)
            if len(self._fails) > 50_000:  # forget idle keys
                for key in [k for k, q in self._fails.items() if not q or now - q[-1] > self.window]:
                    del self._fails[key]

    def succeed(self, username: str, ip: str) -> None:
        with self._lock:
            self._fails.pop((username.lower(), ip), None)


class SecurityHeaders:
    """ASGI middleware: the security headers on every response (a route may set its own CSP and framing)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.decode("latin-1").lower() for k, _ in headers}
                for name, value in HEADERS.items():
                    if name not in present:
                        headers.append((name.encode(), value.encode()))
                if "cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
