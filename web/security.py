"""Signed cookies, CSRF tokens, the client address behind trusted proxies and the security headers of every
response.

Sessions live server-side (search/sessions.py): the session cookie carries the user name and the session's random
token, signed by itsdangerous (HMAC-SHA256, a salt per purpose) under the app's secret so that a forged cookie is
refused before any lookup; after a rotation the retired secrets (IMT_WEB_OLD_SECRETS) still verify, never sign. The
record behind it is read on every request, and so is the account: signing out, the idle timeout, the absolute
lifetime, a disabled account or a new password end the session at once, in every process serving the app.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import time

from itsdangerous import BadData, URLSafeTimedSerializer

SESSION_COOKIE = "imt_session"
PRELOGIN_COOKIE = "imt_prelogin"  # the CSRF token of the login form, before there is a session
LANG_COOKIE = "imt_lang"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
log = logging.getLogger("imt.web")

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
    """Signed, timestamped cookie values for one purpose (the session, the login form's CSRF token, flashes)."""

    def __init__(self, secret: bytes, purpose: str, old: tuple[bytes, ...] = ()):
        # itsdangerous signs with the last key and accepts any of them: retired secrets first, the current one last
        self.serializer = URLSafeTimedSerializer([*old, secret], salt=purpose,
                                                 signer_kwargs={"digest_method": hashlib.sha256})  # fmt: skip

    def sign(self, payload: dict) -> str:
        return self.serializer.dumps(payload)

    def unsign(self, token: str | None, max_age: int) -> dict | None:
        if not token or len(token) > 4096:
            return None
        try:
            payload = self.serializer.loads(token, max_age=max_age)
        except BadData:  # a bad signature, expired, or not ours at all
            return None
        if not isinstance(payload, dict) or not isinstance(payload.get("iat"), int | float):
            return None
        if not 0 <= time.time() - payload["iat"] <= max_age:
            return None
        return payload


def same_token(given: str | None, expected: str | None) -> bool:
    return bool(given and expected) and hmac.compare_digest(str(given), str(expected))


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address from a socket or an X-Forwarded-For hop ("1.2.3.4", "1.2.3.4:5678", "::1", "[::1]:80"), IPv4
    mapped into IPv6 given as IPv4; None when it is not one."""
    text = (text or "").strip().strip('"')
    candidates = [text]
    if text.startswith("[") and "]" in text:
        candidates = [text[1 : text.index("]")]]
    elif text.count(":") == 1:
        candidates.append(text.split(":")[0])
    for candidate in candidates:
        try:
            ip = ipaddress.ip_address(candidate)
        except ValueError:
            continue
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        return ip
    return None


def _trusted(ip, trusted) -> bool:
    return any(ip.version == net.version and ip in net for net in trusted)


def client_address(peer: str, forwarded: list[str], trusted: tuple) -> str:
    """The client's address: the socket peer's, unless the peer is a trusted proxy; then the right-most hop of
    X-Forwarded-For (all its headers, in order) that is not itself a trusted proxy. Hops left of that one were
    written by whoever sent the request and are never believed. A hop that is not an address ends the walk: the
    last good one is used. Every hop trusted: the left-most."""
    ip = _address(peer)
    if ip is None:
        return peer or ""
    if not trusted or not _trusted(ip, trusted):
        return str(ip)
    hops = [hop for value in forwarded for hop in value.split(",") if hop.strip()]
    for hop in reversed(hops):
        hop_ip = _address(hop)
        if hop_ip is None:
            break
        ip = hop_ip
        if not _trusted(ip, trusted):
            break
    return str(ip)


def _with_headers(headers: list) -> list:
    present = {k.decode("latin-1").lower() for k, _ in headers}
    out = list(headers)
    for name, value in HEADERS.items():
        if name not in present:
            out.append((name.encode(), value.encode()))
    if "cache-control" not in present:
        out.append((b"cache-control", b"no-store"))
    return out


ERROR_PAGE = (
    b"<!doctype html><html lang=en><meta charset=utf-8><title>IMT Monitor: server error</title>"
    b"<p>Something went wrong on the server; the error is in its log. <a href=/search>Back</a></p>"
)
ERROR_JSON = b'{"error":"internal server error; the details are in the server log"}'


class SecurityHeaders:
    """ASGI middleware, the outermost layer of the app: the security headers on every response (a route may set its
    own CSP and framing), and a 500 of our own, with those headers, for any exception nothing else handled (the
    traceback goes to the log, never to the client)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = _with_headers(message.get("headers", []))
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("unhandled error in %s %s", scope.get("method"), scope.get("path"))
            if started:  # the response is half sent: nothing better than ending it
                raise
            api = str(scope.get("path", "")).startswith("/api/")
            body = ERROR_JSON if api else ERROR_PAGE
            kind = b"application/json" if api else b"text/html; charset=utf-8"
            headers = _with_headers([(b"content-type", kind), (b"content-length", str(len(body)).encode())])
            await send({"type": "http.response.start", "status": 500, "headers": headers})
            await send({"type": "http.response.body", "body": body})
