"""Cookie signing (web/security.py, itsdangerous): forged, altered, expired and other-purpose values are refused;
after a secret rotation cookies signed with a retired secret still verify, and new ones use the new secret."""

from __future__ import annotations

import time

import pytest

from web.security import Signer
from web.settings import WebConfigError, parse_old_secrets

OLD, NEW, STRANGER = b"old-secret-0123456789", b"new-secret-0123456789", b"someone-else-0123456789"


def payload() -> dict:
    return {"u": "analyst", "s": "token-" + "x" * 30, "iat": int(time.time())}


def test_signed_values_round_trip_and_tampering_is_refused():
    signer = Signer(NEW, "imt-session-2")
    p = payload()
    cookie = signer.sign(p)
    assert signer.unsign(cookie, 3600) == p
    body, _, sig = cookie.rpartition(".")
    assert signer.unsign(body + "." + ("A" if sig[0] != "A" else "B") + sig[1:], 3600) is None
    assert Signer(STRANGER, "imt-session-2").unsign(cookie, 3600) is None  # another secret
    assert Signer(NEW, "imt-flash").unsign(cookie, 3600) is None  # another purpose
    assert signer.unsign("", 3600) is None and signer.unsign("x" * 5000, 3600) is None
    stale = signer.sign({**p, "iat": int(time.time()) - 7200})
    assert signer.unsign(stale, 3600) is None  # older than the session lifetime


def test_rotation_keeps_old_cookies_and_signs_with_the_new_secret():
    before = Signer(OLD, "imt-session-2").sign(payload())
    rotated = Signer(NEW, "imt-session-2", old=(OLD,))
    assert rotated.unsign(before, 3600)["u"] == "analyst"  # signed before the rotation: still valid
    after = rotated.sign(payload())
    assert Signer(NEW, "imt-session-2").unsign(after, 3600) is not None  # signed with the new secret
    assert Signer(OLD, "imt-session-2").unsign(after, 3600) is None  # not with the old one
    assert Signer(NEW, "imt-session-2").unsign(before, 3600) is None  # once the old secret is dropped


def test_old_secrets_setting():
    assert parse_old_secrets("IMT_WEB_OLD_SECRETS", "first-secret-123456, second-secret-12345") == (
        b"first-secret-123456", b"second-secret-12345")
    assert parse_old_secrets("[web] old_secrets", ["first-secret-123456"]) == (b"first-secret-123456",)
    with pytest.raises(WebConfigError, match="at least 16 characters"):
        parse_old_secrets("IMT_WEB_OLD_SECRETS", "short")
