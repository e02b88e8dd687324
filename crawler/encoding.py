"""Decoding page bodies: UTF-8, Windows-1251, KOI8-R, UTF-16 and UTF-32, and pages whose declared charset is wrong.

Scrapy trusts the HTTP header first. That fails for a UTF-8 page declared as ISO-8859-1, and for Cyrillic pages
with no declaration (decoded as cp1252). Here a declared single-byte Latin charset is checked against the body,
and an undeclared or undecodable body is detected from its bytes.

UTF-16 and UTF-32 pages are full of zero bytes, which would otherwise make them look binary: they are recognised
by a byte order mark, by a charset in the header or in a <meta> (read with the zero bytes left out), or by the
pattern of zero bytes that markup and Latin text leave in them, and kept only when they decode cleanly.
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


# byte order marks, UTF-32 first (its little-endian mark starts with UTF-16's)
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_WIDE_NAME = re.compile(r"^(?:utf|ucs)-?(16|32|2|4)(?:-?(le|be))?$")
_ASCII_HTML = re.compile(rb"<\s*(?:!doctype|html|head|body|meta|title|p|div)\b", re.I)


def _wide_declared(name: str) -> tuple[int, str] | None:
    """(code unit width in bytes, 'le' / 'be' / '') for utf-16, utf-16le, ucs-2, utf-32be ...; None otherwise."""
    m = _WIDE_NAME.match(name.strip().lower())
    if not m:
        return None
    width = {"16": 2, "2": 2, "32": 4, "4": 4}[m.group(1)]
    return width, m.group(2) or ""


def _zero_pattern(body: bytes) -> str | None:
    """The wide encoding the zero bytes of the first 4 KiB point to: markup and Latin text in UTF-16 leave a zero in
    every other byte, BMP text in UTF-32 two zeros in every four."""
    head = body[:4096]
    n = len(head) - len(head) % 4
    if n < 16:
        return None
    quarter = n // 4
    z = [head[k:n:4].count(0) / quarter for k in range(4)]
    if z[2] > 0.9 and z[3] > 0.9 and z[0] < 0.3:
        return "utf-32-le"
    if z[0] > 0.9 and z[1] > 0.9 and z[3] < 0.3:
        return "utf-32-be"
    even, odd = (z[0] + z[2]) / 2, (z[1] + z[3]) / 2
    if odd > 0.2 and even < 0.05:
        return "utf-16-le"
    if even > 0.2 and odd < 0.05:
        return "utf-16-be"
    return None


def _clean(data: bytes, codec: str) -> str | None:
    """The text, when `data` decodes strictly (a last code unit cut short aside) and reads as text."""
    unit = 4 if "32" in codec else 2
    data = data[: len(data) - len(data) % unit]
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    sample = text[:4000]
    if not sample:
        return text
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f") or ch in "\ufffe\uffff")
    return text if bad / len(sample) < 0.02 else None


def decode_wide(body: bytes, content_type: str = "") -> tuple[str, str] | None:
    """(text, codec) for a UTF-16 or UTF-32 body, or None when the body is not one."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            text = _clean(body[len(bom) :], codec)
            if text is not None:
                return text, codec
            return None
    guess = _zero_pattern(body)
    if guess is not None:
        text = _clean(body, guess)
        return (text, guess) if text is not None else None
    # no BOM and no zero-byte pattern: a declaration alone (text with hardly any ASCII in it), unless the body
    # plainly is ASCII-compatible HTML that declares a wide charset by mistake
    m = _HEADER.search(content_type or "")
    wide = _wide_declared(m.group(1)) if m else None
    if wide is None and b"\x00" in body[:4096]:
        meta = _META.search(body[:8192].replace(b"\x00", b""))
        wide = _wide_declared(meta.group(1).decode("ascii", "replace")) if meta else None
    if wide is None or _ASCII_HTML.search(body[:1024]):
        return None
    width, order = wide
    orders = [order] if order else ["be", "le"]  # without a BOM, UTF-16 and UTF-32 are big-endian by default
    for endian in orders:
        codec = f"utf-{8 * width}-{endian}"
        text = _clean(body, codec)
        if text is not None:
            return text, codec
    return None


def decode_body(body: bytes, content_type: str = "") -> tuple[str, str]:
    """Return (text, encoding used)."""
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", "replace"), "utf-8"
    wide = decode_wide(body, content_type)
    if wide is not None:
        return wide
    enc = declared(content_type, body)
    if _wide_declared(enc):
        enc = ""  # a UTF-16/32 declaration on a body that is not (HTML5 reads such a page as ASCII-compatible)
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


def looks_binary(body: bytes, content_type: str = "") -> bool:
    """A body that is not text whatever its Content-Type says (images, archives); UTF-16 and UTF-32 text is text."""
    head = body[:4096]
    if not head:
        return False
    if head.startswith((b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"%PDF", b"\x1f\x8b")):
        return True
    if (b"\x00" in head or head.startswith((b"\xff\xfe", b"\xfe\xff"))) and decode_wide(body, content_type):
        return False
    controls = len(head) - len(head.translate(None, _CONTROLS))
    return b"\x00" in head or controls / len(head) > 0.1


_CONTROLS = bytes([*range(9), *range(14, 32)])
