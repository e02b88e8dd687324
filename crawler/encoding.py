"""Decoding page bodies: UTF-8, Windows-1251, KOI8-R, and pages whose declared charset is wrong.

Scrapy trusts the HTTP header first. That fails for a UTF-8 page declared as ISO-8859-1, and for Cyrillic pages
with no declaration (decoded as cp1252). Here a declared single-byte Latin charset is checked against the body,
and an undeclared or undecodable body is detected from its bytes.
"""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

_LATIN_DECLARED = {"iso-8859-1", "latin-1", "latin1", "cp1252", "windows-1252", "ascii", "us-ascii"}
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)
_HEADER = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_\-]+)", re.I)
_CYR_WORD = re.compile(r"[а-яё]{3,}", re.I)


def _valid(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _cyrillic_guess(body: bytes) -> str | None:
    """Between cp1251 and KOI8-R, the one whose decoding reads as more Russian/Uzbek words."""
    best, best_score = None, 0
    for enc in ("cp1251", "koi8_r"):
        text = _valid(body, enc)
        if text is None:
            continue
        words = _CYR_WORD.findall(text)
        # KOI8-R decoded as cp1251 (and back) gives words in the wrong case pattern: count lowercase words
        score = sum(1 for w in words if w[1:].islower())
        if score > best_score:
            best, best_score = text, score
    return best


def declared(content_type: str, body: bytes) -> str:
    m = _HEADER.search(content_type or "")
    if m:
        return m.group(1).lower()
    m = _META.search(body[:4096])
    return m.group(1).decode("ascii", "replace").lower() if m else ""


def decode_body(body: bytes, content_type: str = "") -> tuple[str, str]:
    """Return (text, encoding used)."""
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", "replace"), "utf-8"
    enc = declared(content_type, body)
    utf8 = _valid(body, "utf-8")
    if enc and enc not in _LATIN_DECLARED:
        text = _valid(body, enc)
        if text is not None:
            return text, enc
    if utf8 is not None:
        return utf8, "utf-8"  # also the fix for UTF-8 declared as Latin-1
    if enc in _LATIN_DECLARED or not enc:
        guess = _cyrillic_guess(body)
        if guess is not None and _CYR_WORD.search(guess):
            return guess, "cyrillic-guess"
        if enc:
            text = _valid(body, enc)
            if text is not None:
                return text, enc
    best = from_bytes(body[:200_000]).best()
    if best is not None:
        return str(best), best.encoding
    return body.decode("utf-8", "replace"), "utf-8-replace"


def looks_binary(body: bytes) -> bool:
    """A body that is not text whatever its Content-Type says (images, archives)."""
    head = body[:4096]
    if not head:
        return False
    if head.startswith((b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"%PDF", b"\x1f\x8b")):
        return True
    controls = len(head) - len(head.translate(None, _CONTROLS))
    return b"\x00" in head or controls / len(head) > 0.1


_CONTROLS = bytes([*range(9), *range(14, 32)])
