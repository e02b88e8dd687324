"""Entity extraction from page text: phones, Telegram handles and links, onion addresses, URLs, e-mails,
checksum-validated crypto wallets, prices, quantities, substances and places.

    from crawler.entities import extract_entities, flat
    ents = extract_entities(text)          # {"phones": ["+998901234567"], "handles": [...], "wallets": [...], ...}
    flat(ents)                             # {"phone": [...], "handle": [...], ..., "wallet_type": ["btc"]}

Every list keeps the order of first appearance and holds each value once. Addresses that look right but fail
their checksum (onion v3, base58check, bech32/bech32m, EIP-55, Monero) are dropped, so a reported wallet or
onion is a real, well-formed identifier rather than a random string of the right shape.
"""

from __future__ import annotations

import base64
import hashlib
import re

import phonenumbers
from Crypto.Hash import keccak
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher

from classifier import lexicon
from classifier.lang import detect

__all__ = ["extract_entities", "flat", "valid_onion_v3", "wallet_type"]

# ---------------------------------------------------------------------------------------------------- checksums

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58)}


def _b58decode(s: str) -> bytes | None:
    n = 0
    for ch in s:
        v = _B58_INDEX.get(ch)
        if v is None:
            return None
        n = n * 58 + v
    zeros = len(s) - len(s.lstrip("1"))
    return b"\0" * zeros + (n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b"")


def _b58check(s: str) -> bytes | None:
    """The payload of a base58check string (version byte included), or None when the checksum fails."""
    raw = _b58decode(s)
    if raw is None or len(raw) < 5:
        return None
    payload, check = raw[:-4], raw[-4:]
    if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != check:
        return None
    return payload


_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_INDEX = {c: i for i, c in enumerate(_BECH32)}
_BECH32_GEN = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
_BECH32_CONST, _BECH32M_CONST = 1, 0x2BC830A3


def _bech32_polymod(values) -> int:
    chk = 1
    for v in values:
        top = chk >> 25
        chk = ((chk & 0x1FFFFFF) << 5) ^ v
        for i in range(5):
            if (top >> i) & 1:
                chk ^= _BECH32_GEN[i]
    return chk


def _convert_bits(data, frombits: int, tobits: int, pad: bool):
    acc = bits = 0
    out = []
    maxv = (1 << tobits) - 1
    for value in data:
        acc = (acc << frombits) | value
        bits += frombits
        while bits >= tobits:
            bits -= tobits
            out.append((acc >> bits) & maxv)
    if pad:
        if bits:
            out.append((acc << (tobits - bits)) & maxv)
    elif bits >= frombits or ((acc << (tobits - bits)) & maxv):
        return None
    return out


def _valid_segwit(addr: str, hrp: str = "bc") -> bool:
    """A mainnet segwit address: bech32 for witness v0 (BIP-173), bech32m for v1..16 (BIP-350)."""
    if len(addr) > 90 or (addr != addr.lower() and addr != addr.upper()):
        return False
    addr = addr.lower()
    pos = addr.rfind("1")
    if addr[:pos] != hrp or len(addr) - pos - 1 < 7:
        return False
    try:
        data = [_BECH32_INDEX[c] for c in addr[pos + 1 :]]
    except KeyError:
        return False
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    const = _bech32_polymod(expanded + data)
    version = data[0]
    if version > 16:
        return False
    if const != (_BECH32_CONST if version == 0 else _BECH32M_CONST):
        return False
    program = _convert_bits(data[1:-6], 5, 8, False)
    if program is None or not 2 <= len(program) <= 40:
        return False
    return version != 0 or len(program) in (20, 32)


def _keccak256(data: bytes) -> bytes:
    return keccak.new(digest_bits=256, data=data).digest()


def _valid_eth(addr: str) -> bool:
    """0x + 40 hex; mixed case must carry a valid EIP-55 checksum."""
    hexpart = addr[2:]
    if hexpart == hexpart.lower() or hexpart == hexpart.upper():
        return True
    digest = _keccak256(hexpart.lower().encode("ascii")).hex()
    for ch, h in zip(hexpart, digest, strict=False):
        if ch.isalpha() and ch.isupper() != (int(h, 16) >= 8):
            return False
    return True


_XMR_BLOCK_SIZES = (0, 2, 3, 5, 6, 7, 9, 10, 11)  # encoded length of a 0..8 byte block
_XMR_PREFIXES = {18: 95, 42: 95, 19: 106}  # mainnet standard / subaddress / integrated: address length


def _xmr_b58decode(s: str) -> bytes | None:
    """Monero base58: 8-byte blocks encoded as 11 characters, the last block shorter."""
    out = bytearray()
    for i in range(0, len(s), 11):
        chunk = s[i : i + 11]
        size = _XMR_BLOCK_SIZES.index(len(chunk)) if len(chunk) in _XMR_BLOCK_SIZES else -1
        if size <= 0:
            return None
        n = 0
        for ch in chunk:
            v = _B58_INDEX.get(ch)
            if v is None:
                return None
            n = n * 58 + v
        if n >= 1 << (8 * size):
            return None
        out += n.to_bytes(size, "big")
    return bytes(out)


def _valid_xmr(addr: str) -> bool:
    raw = _xmr_b58decode(addr)
    if raw is None or len(raw) < 69:
        return False
    if _XMR_PREFIXES.get(raw[0]) != len(addr):
        return False
    return _keccak256(raw[:-4])[:4] == raw[-4:]


def wallet_type(candidate: str) -> str | None:
    """The type ("btc", "eth", "tron", "xmr") of a well-formed address with a valid checksum, else None."""
    c = candidate
    head = c[:1]
    if head in "13" and 26 <= len(c) <= 35:
        payload = _b58check(c)
        if payload is not None and len(payload) == 21 and payload[0] == (0 if head == "1" else 5):
            return "btc"
    elif c[:3].lower() == "bc1":
        return "btc" if _valid_segwit(c) else None
    elif c[:2] == "0x" and len(c) == 42:
        return "eth" if _valid_eth(c) else None
    elif head == "T" and len(c) == 34:
        payload = _b58check(c)
        if payload is not None and len(payload) == 21 and payload[0] == 0x41:
            return "tron"
    elif head in "48" and len(c) in (95, 106):
        return "xmr" if _valid_xmr(c) else None
    return None


def valid_onion_v3(label: str) -> bool:
    """Tor rend-spec v3: base32(pubkey[32] | checksum[2] | version[1]), checksum = SHA3-256(".onion checksum" |
    pubkey | version)[:2], version 3."""
    if len(label) != 56:
        return False
    try:
        raw = base64.b32decode(label.upper())
    except ValueError:
        return False
    pubkey, checksum, version = raw[:32], raw[32:34], raw[34:]
    if version != b"\x03":
        return False
    return hashlib.sha3_256(b".onion checksum" + pubkey + version).digest()[:2] == checksum


# ---------------------------------------------------------------------------------------------------- patterns

_B58C = "1-9A-HJ-NP-Za-km-z"
# each branch starts with a literal so that the regex engine can skip quickly to candidate characters
_WALLET = re.compile(
    rf"1[{_B58C}]{{25,34}}(?![0-9A-Za-z])|3[{_B58C}]{{25,34}}(?![0-9A-Za-z])|T[{_B58C}]{{33}}(?![0-9A-Za-z])"
    rf"|4[{_B58C}]{{94}}(?:[{_B58C}]{{11}})?(?![0-9A-Za-z])|8[{_B58C}]{{94}}(?![0-9A-Za-z])"
    r"|b[cC]1[02-9ac-hj-np-zAC-HJ-NP-Z]{8,87}(?![0-9A-Za-z])|B[cC]1[02-9ac-hj-np-zAC-HJ-NP-Z]{8,87}(?![0-9A-Za-z])"
    r"|0x[0-9a-fA-F]{40}(?![0-9A-Za-z])"
)
_BASE32 = frozenset("abcdefghijklmnopqrstuvwxyz234567")
_URL = re.compile(r"(?i:https?)://[^\s<>\"'«»“”\[\]{}|\\^`]+")
_URL_TRAIL = ".,;:!?'\"’”»…"
# the domain part of an e-mail, found from its "@" (a literal: fast); the local part is read backwards in code
_EMAIL_DOMAIN = re.compile(
    r"@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?)*"
    r"\.[A-Za-z]{2,24}(?![\w\-])"
)
_EMAIL_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
# "@name" not preceded by a word character (e-mail), a dot or a slash (URL path); not followed by ".com"
_MENTION = re.compile(r"@(?<![\w@./]@)([A-Za-z][A-Za-z0-9_]{3,31})(?![\w@])(?!\.[A-Za-z]{2})")
_TME = re.compile(
    r"[tT](?:[eE][lL][eE][gG][rR][aA][mM])?\.(?:[mM][eE]|[dD][oO][gG])/(?:[sS]/)?"
    r"(\+[A-Za-z0-9_\-]{6,64}|[jJ][oO][iI][nN][cC][hH][aA][tT]/[A-Za-z0-9_\-]{6,64}|[A-Za-z][A-Za-z0-9_]{3,31})"
    r"(?![A-Za-z0-9_])"
)
_TG_RESOLVE = re.compile(r"tg://resolve\?domain=([A-Za-z][A-Za-z0-9_]{3,31})(?![A-Za-z0-9_])", re.I)
_HANDLE_OK = re.compile(r"[a-z][a-z0-9_]{3,30}[a-z0-9]")
_TME_RESERVED = frozenset(
    "joinchat share addstickers addemoji addtheme addlist proxy socks setlanguage login confirmphone invoice "
    "boost contact giftcode iv".split()
)
_WA_ME = re.compile(r"(?i:wa\.me|api\.whatsapp\.com/send\?phone=)/?\+?(\d{7,15})")

# Uzbek domestic trunk format "8 90 123 45 67" (phonenumbers does not take it): rewritten to +998
_UZ_TRUNK = re.compile(r"(?<![\d+\w])8[\s\-]?\(?(\d{2})\)?[\s\-]?(\d{3})[\s\-]?(\d{2})[\s\-]?(\d{2})(?![\d\w])")
# a run of digits with phone punctuation: what PhoneNumberMatcher is then run on (it is slow on whole pages)
_PHONE_CANDIDATE = re.compile(r"[+(0-9](?<![0-9][0-9])[\d \t\u00a0\-().]{5,40}\d")
# dates and times are no phone numbers: blanked inside a candidate's window before the matcher sees it
_DATETIME = re.compile(
    r"(?:19|20)\d{2}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}[./]\d{1,2}[./](?:19|20)\d{2}|\d{1,2}:\d{2}(?::\d{2})?"
)
_AMOUNT_AFTER = re.compile(
    r"\s{0,2}(?:so['‘’ʻʼ`´]?m|sum|сўм|сум|uzs|usdt?|\$|руб|₽|eur|€|ming|минг|тыс|mln|млн|шт|dona|гр?|kg|кг)(?!\w)",
    re.I,
)
_ORDER_CONTEXT = re.compile(
    r"(?:№|#|\b(?:id|order|orders|invoice|ref|txid|tx|inn|stir|заказ\w*|номер|счет|счёт|чек\w*|инн|"
    r"buyurtma\w*|raqam\w*|артикул|sku|code|код)\b)[\s:.#№\-]*$",
    re.I,
)

# a number: 250 000 / 250.000 / 1,5 / 0.002; starts with a bare digit class so that the regex engine skips
# quickly to digits, and not inside another number; what follows it (a currency, a unit) is matched next
_NUM_BODY = r"(?:\d{0,2}(?:[ \u00a0\u202f.,]\d{3})+(?:[.,]\d+)?|\d*(?:[.,]\d+)?)"
_NUMBER = re.compile(r"\d(?<![0-9.,]\d)" + _NUM_BODY)
_MULT = r"ming|минг|мингта|тыс(?:яч[аи]?)?\.?|тыщ\w*|mln\.?|млн\.?|million[s]?|миллион(?:а|ов)?|mlrd\.?|млрд\.?"
_CUR = (
    r"so['‘’ʻʼ`´]?m|sum|som|сўм|сум(?:ов|а|ы)?|uzs|usdt|usd|\$|долл(?:ар(?:ов|а|ы)?|\.)?|dollar[s]?|btc|бтк|"
    r"биткоин(?:а|ов)?|руб(?:л(?:ей|я|ь))?\.?|rub|₽|eur|€|евро|euro[s]?|₿"
)
_UZ_AFFIX = r"(?:dan|ga|lik|ni|дан|га|лик|ни)?"
_SP = r"[ \t\u00a0\u202f]"
_PRICE_TAIL = re.compile(
    rf"{_SP}{{0,2}}(?:(?P<mult>{_MULT}){_UZ_AFFIX}(?:{_SP}{{0,2}}(?P<cur>{_CUR}){_UZ_AFFIX})?"
    rf"|(?P<cur2>{_CUR}){_UZ_AFFIX})(?![\w$€₽])",
    re.I,
)
_PRICE_FIRST = frozenset("mмтsсuдdbбрr₽eе€₿$" + "MМТSСUДDBБРREЕ")
_SYMBOL_BEFORE = re.compile(rf"[$€₽₿]{_SP}?(?P<num>\d{_NUM_BODY})(?:{_SP}?(?P<mult>{_MULT}))?(?![\w.,]\d)(?!\w)", re.I)
_CODE_BEFORE = re.compile(
    rf"(?<!\w)(?P<code>uzs|usdt|usd|eur|btc|rub){_SP}?(?P<num>\d{_NUM_BODY})(?:{_SP}?(?P<mult>{_MULT}))?"
    r"(?![\w.,]\d)(?!\w)",
    re.I,
)
_QTY_TAIL = re.compile(
    rf"{_SP}?(?P<unit>кг|kg|кило|грамм(?:а|ов)?|гр|г|gramm|grams|gram|gr|g|мг|mg|мл|ml|штук[аи]?|шт|pcs|pc|dona|дона)"
    r"\.?(?!\w)",
    re.I,
)
_QTY_FIRST = frozenset("кkгgмmшpdд" + "КKГGМMШPDД")
# fmt: off
_UNIT = {
    "кг": "kg", "kg": "kg", "кило": "kg", "мг": "mg", "mg": "mg", "мл": "ml", "ml": "ml",
    "шт": "pcs", "штук": "pcs", "штука": "pcs", "штуки": "pcs", "pcs": "pcs", "pc": "pcs", "dona": "pcs",
    "дона": "pcs",
}  # everything else is grams
_MULTIPLIER = (
    ("mlrd", 1e9), ("млрд", 1e9), ("mln", 1e6), ("млн", 1e6), ("million", 1e6), ("миллион", 1e6),
    ("ming", 1e3), ("минг", 1e3), ("тыс", 1e3), ("тыщ", 1e3),
)
# fmt: on


def _currency(token: str) -> str:
    t = token.lower()
    if t.startswith(("usdt",)):
        return "USDT"
    if t.startswith(("usd", "$", "долл", "dollar")):
        return "USD"
    if t.startswith(("btc", "бтк", "биткоин", "₿")):
        return "BTC"
    if t.startswith(("руб", "rub", "₽")):
        return "RUB"
    if t.startswith(("eur", "€", "евро")):
        return "EUR"
    return "UZS"


def _parse_number(s: str, currency: str) -> float:
    s = s.replace("\u00a0", " ").replace("\u202f", " ").replace(" ", "")
    dots, commas = s.count("."), s.count(",")
    if dots and commas:  # the later one is the decimal mark
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        thou = "," if dec == "." else "."
        return float(s.replace(thou, "").replace(dec, "."))
    sep = "." if dots else "," if commas else ""
    if not sep:
        return float(s)
    if s.count(sep) > 1:
        return float(s.replace(sep, ""))
    head, tail = s.split(sep)
    if len(tail) == 3 and head != "0" and currency != "BTC":
        return float(head + tail)  # 250.000 so'm, 1,500 руб
    return float(head + "." + tail)


def _multiplier(token: str | None) -> float:
    if not token:
        return 1.0
    t = token.lower()
    for stem, value in _MULTIPLIER:
        if t.startswith(stem):
            return value
    return 1.0


def _round(x: float) -> float:
    r = round(x, 8)
    return float(int(r)) if r == int(r) else r


# ---------------------------------------------------------------------------------------------------- extractors


def _unique(items):
    seen, out = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _urls(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _URL.finditer(text):
        url = m.group(0)
        while url:
            if url[-1] in _URL_TRAIL:
                url = url[:-1]
            elif url[-1] == ")" and url.count("(") < url.count(")"):
                url = url[:-1]
            else:
                break
        if len(url) > len(m.group(0).split("://")[0]) + 3:
            out.append((m.start(), m.start() + len(url), url))
    return out


def _telegram(text: str, phones_out: list) -> tuple[list, list]:
    """(handles with positions, canonical t.me links with positions)."""
    handles, links = [], []
    if "@" in text:
        for m in _MENTION.finditer(text):
            name = m.group(1).lower()
            if _HANDLE_OK.fullmatch(name):
                handles.append((m.start(), name))
    low = text.lower()
    found = []
    if ".me/" in low or ".dog/" in low:
        for m in _TME.finditer(text):
            start = m.start()
            if (
                start
                and (text[start - 1].isalnum() or text[start - 1] in "_-")
                or (start and text[start - 1] == "." and text[max(0, start - 4) : start].lower() != "www.")
            ):
                continue  # shop.t.me, art.me/...: not a Telegram link
            found.append((start, m.group(1)))
    if "tg://" in low:
        found.extend((m.start(), m.group(1)) for m in _TG_RESOLVE.finditer(text))
    if found:
        for start, target in found:
            if target.startswith("+"):
                code = target[1:]
                if code.isdigit():  # t.me/+998901234567 opens a chat with that phone number
                    phones_out.append((start, "+" + code))
                links.append((start, "https://t.me/" + target))
            elif target.lower().startswith("joinchat/"):
                links.append((start, "https://t.me/joinchat/" + target[9:]))
            else:
                name = target.lower()
                if name in _TME_RESERVED or not _HANDLE_OK.fullmatch(name):
                    continue
                handles.append((start, name))
                links.append((start, "https://t.me/" + name))
    handles.sort()
    links.sort()
    return handles, links


def _emails(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _EMAIL_DOMAIN.finditer(text):
        at = start = m.start()
        while start > 0 and at - start < 64 and text[start - 1] in _EMAIL_LOCAL:
            start -= 1
        while start < at and not text[start].isalnum():  # local parts start with a letter or digit
            start += 1
        if start == at or (start and (text[start - 1].isalnum() or text[start - 1] == "_")):
            continue
        out.append((start, m.end(), text[start : m.end()].lower()))
    return out


def _onions(text: str) -> tuple[list[str], list[str]]:
    """(valid v3 onion addresses, v2 addresses) as lowercase host names; found from each ".onion"."""
    v3, v2 = [], []
    low = text.lower()
    pos = low.find(".onion")
    while pos != -1:
        after = pos + 6
        if after >= len(low) or not (low[after].isalnum() or low[after] in "_-"):
            for size in (56, 16):
                start = pos - size
                if start < 0 or not all(ch in _BASE32 for ch in low[start:pos]):
                    continue
                if start and low[start - 1] in _BASE32:
                    continue
                label = low[start:pos]
                if size == 16:
                    v2.append(label + ".onion")
                elif valid_onion_v3(label):
                    v3.append(label + ".onion")
                break
        pos = low.find(".onion", pos + 6)
    return v3, v2


def _wallets(text: str) -> list[tuple[int, int, dict]]:
    out = []
    for m in _WALLET.finditer(text):
        start = m.start()
        if start and text[start - 1].isalnum():
            continue
        addr = m.group(0)
        kind = wallet_type(addr)
        if kind:
            if kind == "btc" and addr[:3].lower() == "bc1":
                addr = addr.lower()  # bech32 is case-insensitive: one canonical form
            out.append((start, m.end(), {"type": kind, "address": addr}))
    return out


def _blank(text: str, spans) -> str:
    if not spans:
        return text
    parts, pos = [], 0
    for s, e in sorted(spans):
        if s < pos:
            s = pos
        if s >= e:
            continue
        parts.append(text[pos:s])
        parts.append(" " * (e - s))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


def _phones(text: str, region: str) -> list[tuple[int, str]]:
    """Phone numbers as E.164, found by PhoneNumberMatcher (leniency VALID) around each digit run that has
    enough digits to be a phone number and is not an amount (250 000 сум)."""
    out = []
    min_digits = 9 if region == "UZ" else 7  # Uzbek national numbers have 9 digits
    for cand in _PHONE_CANDIDATE.finditer(text):
        start, end = cand.span()
        raw = cand.group(0)
        digits = sum(ch.isdigit() for ch in raw)
        if digits < (8 if raw[0] == "+" else min_digits) or _AMOUNT_AFTER.match(text, end):
            continue
        lo = max(0, start - 2)
        window = text[lo : end + 2]
        if "-" in raw or "." in raw or "/" in raw:  # 2025-05-08 13, 08.05.2025: dates are no phone numbers
            window = _DATETIME.sub(lambda d: " " * len(d.group(0)), window)
            if sum(ch.isdigit() for ch in window) < min_digits:
                continue
        if region == "UZ" and raw[0] != "+":
            window = _UZ_TRUNK.sub(lambda m: "+998 " + " ".join(m.groups()), window)
        for m in PhoneNumberMatcher(window, region, leniency=Leniency.VALID):
            pos = lo + m.start
            if (
                "+" not in m.raw_string
                and "(" not in m.raw_string
                and _ORDER_CONTEXT.search(text[max(0, pos - 24) : pos])
            ):
                continue
            out.append((pos, phonenumbers.format_number(m.number, PhoneNumberFormat.E164)))
    return out


def _valid_e164(candidate: str) -> str | None:
    try:
        num = phonenumbers.parse(candidate, None)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(num, PhoneNumberFormat.E164) if phonenumbers.is_valid_number(num) else None


def _left_ok(text: str, start: int, also: str = "") -> bool:
    """A number starts here, not inside a word or another number."""
    if not start:
        return True
    prev = text[start - 1]
    return prev in also or not (prev.isalnum() or prev in "_.,")


def _amounts(text: str) -> tuple[list[dict], list[dict]]:
    """(prices, quantities): every number followed by a currency or multiplier, or by a unit; currency
    symbols and codes written before the number ($45, UZS 120000) too."""
    prices, quantities = [], []
    n = len(text)
    taken = []
    for m in _NUMBER.finditer(text):
        start, end = m.span()
        j = end
        while j < n and j - end < 2 and text[j] in " \t\u00a0\u202f":
            j += 1
        if j >= n:
            continue
        first = text[j]
        prev = text[start - 1] if start else " "
        in_word = prev.isalnum() or prev == "_"
        if first in _PRICE_FIRST and not in_word:
            t = _PRICE_TAIL.match(text, end)
            if t:
                cur_token = t.group("cur") or t.group("cur2")
                currency = _currency(cur_token) if cur_token else "UZS"
                amount = _parse_number(m.group(0), currency) * _multiplier(t.group("mult"))
                prices.append((start, amount, currency, text[start : t.end()]))
                taken.append((start, t.end()))
                continue
        if first in _QTY_FIRST and (not in_word or prev in "xх×"):
            t = _QTY_TAIL.match(text, end)
            if t:
                num = m.group(0).split()[-1]
                unit_raw = t.group("unit")
                if unit_raw == "G":  # 5G, 4G: networks, not grams
                    continue
                value = float(num.replace(",", "."))
                if unit_raw.lower() == "г" and value.is_integer() and 1900 <= value <= 2100:  # "в 2024 г."
                    continue
                quantities.append((start, _round(value), _UNIT.get(unit_raw.lower(), "g")))
    before = []
    if any(ch in text for ch in "$€₽₿"):
        before.extend(_SYMBOL_BEFORE.finditer(text))
    low = text.lower()
    if any(code in low for code in ("uzs", "usd", "eur", "btc", "rub")):
        before.extend(_CODE_BEFORE.finditer(text))
    for m in before:
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        token = m.group("code") if "code" in m.re.groupindex else m.group(0)[0]
        currency = _currency(token)
        amount = _parse_number(m.group("num"), currency) * _multiplier(m.group("mult"))
        prices.append((m.start(), amount, currency, m.group(0)))
    prices.sort(key=lambda p: p[0])
    out_p, seen = [], set()
    for _s, amount, currency, raw in prices:
        amount = _round(amount)
        if (amount, currency) not in seen and amount > 0:
            seen.add((amount, currency))
            out_p.append({"amount": amount, "currency": currency, "text": raw.strip()})
    out_q, seen = [], set()
    for _s, value, unit in quantities:
        if value > 0 and (value, unit) not in seen:
            seen.add((value, unit))
            out_q.append({"value": value, "unit": unit})
    return out_p, out_q


def extract_entities(text: str, default_region: str = "UZ") -> dict:
    """Every entity of a text; see the module doc. `default_region` is the phonenumbers region for numbers
    written without a country code."""
    text = text or ""
    urls = _urls(text) if "://" in text else []
    emails = _emails(text) if "@" in text else []
    onions, onions_v2 = _onions(text)
    wallets = _wallets(text)

    phone_links: list = []
    handles, tme_links = _telegram(text, phone_links)
    # URL paths, e-mails and wallets are no place for phone numbers or prices
    masked = _blank(
        text, [(s, e) for s, e, _ in urls] + [(s, e) for s, e, _ in emails] + [(s, e) for s, e, _ in wallets]
    )
    phones = _phones(masked, default_region)
    prices, quantities = _amounts(masked)
    for _s, _e, url in urls:
        m = _WA_ME.search(url)
        if m:
            phone_links.append((_s, "+" + m.group(1)))
    for pos, cand in phone_links:
        e164 = _valid_e164(cand)
        if e164:
            phones.append((pos, e164))
    phones.sort()
    handle_names = _unique(name for _pos, name in handles)
    return {
        "phones": _unique(p for _pos, p in phones),
        "handles": handle_names,
        "bots": [h for h in handle_names if h.endswith("bot")],
        "tme_links": _unique(link for _pos, link in tme_links),
        "onions": _unique(onions),
        "onions_v2": _unique(onions_v2),
        "urls": _unique(u for _s, _e, u in urls),
        "emails": _unique(e for _s, _e, e in emails),
        "wallets": [dict(t) for t in _unique(tuple(w.items()) for _s, _e, w in wallets)],
        "prices": prices,
        "quantities": quantities,
        "substances": lexicon.find_substances(text),
        "places": lexicon.find_places(text),
        "lang": detect(text),
    }


def flat(entities: dict) -> dict[str, list[str]]:
    """Keyword lists for the search index."""
    wallets = entities.get("wallets", [])
    return {
        "phone": list(entities.get("phones", [])),
        "handle": list(entities.get("handles", [])),
        "bot": list(entities.get("bots", [])),
        "tme": list(entities.get("tme_links", [])),
        "onion": _unique(list(entities.get("onions", [])) + list(entities.get("onions_v2", []))),
        "url": list(entities.get("urls", [])),
        "email": list(entities.get("emails", [])),
        "wallet": _unique(w["address"] for w in wallets),
        "wallet_type": _unique(w["type"] for w in wallets),
        "substance": list(entities.get("substances", [])),
        "place": list(entities.get("places", [])),
    }


def identifiers_of(text: str, default_region: str = "UZ") -> list[str]:
    """The identifiers (`bot:x`, `phone:+998...`, ...) a text carries, as the context model keys them."""
    from classifier.context import identifier_keys

    return identifier_keys(flat(extract_entities(text, default_region)))
