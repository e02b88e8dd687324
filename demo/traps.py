"""Trap pages: bad input for the crawler, under ``/traps/`` (not linked from the home page,
not in ``ground_truth()``).

    /traps/                 index linking every trap
    /traps/cp1251           Russian ad in windows-1251, charset in the header
    /traps/koi8r            KOI8-R, charset only in <meta charset="koi8-r">
    /traps/wrong-charset    UTF-8 body, header says charset=iso-8859-1
    /traps/no-charset       windows-1251 body, no charset anywhere
    /traps/malformed        broken HTML that still carries a readable offer
    /traps/binary           PNG bytes served as text/html
    /traps/truncated        Content-Length: 100000, ~2000 bytes sent, connection closed
    /traps/huge             50 MiB of text/html, streamed with a Content-Length
    /traps/loop/a, /b       302 to each other forever
    /traps/slow             answers after 3 s
    /traps/gone             410
    /traps/error            500
    /traps/utf16le-bom, /traps/utf16be-bom, /traps/utf16-header, /traps/utf16-meta,
    /traps/utf32le-bom, /traps/utf32be-header, /traps/utf32-meta
                            UTF-16 / UTF-32 pages: a byte order mark, or only a charset in the header or a <meta>
    /traps/gzip-bomb        64 MiB of HTML in a ~64 KiB gzip body (Content-Encoding: gzip)
    /traps/deflate-bomb     the same as Content-Encoding: deflate
    /traps/bad-gzip         Content-Encoding: gzip on a body that is not gzip
    /traps/meta-refresh     a page with a meta refresh to /traps/meta-refresh/target (both are pages)
    /traps/meta-refresh-offsite   a page with a meta refresh to another site
    /traps/refresh-header   a page with a ``Refresh: 0; url=/traps/refresh-header/target`` header
    /traps/redirect-offsite 302 to another site
    /traps/redirect-chain   301 -> 302 -> 307 -> /traps/redirect-chain/end
    /traps/redirect-dup     302 to /traps/cp1251 (a page the index links to as well)
    /traps/other-port       a page linking to another port of the same host (``?port=N``, default 9200):
                            ``/_cat/indices`` and ``/traps/status`` there
    /traps/other-port-redirect   302 to another port of the same host (``?port=N``, default 9200)
    /traps/metadata-redirect     302 to the cloud metadata address http://169.254.169.254/
    /traps/redirect?to=URL  302 to any URL (not linked from the index; for tests of redirect chains)

``EXPECTED_TEXT[path]`` is one line (the offer with its prices) that a correct
decoder finds in each encoding and malformed trap; ``EXPECTED_LINES[path]`` is
every line of it (title and paragraphs), each verbatim inside one element.
"""

from __future__ import annotations

import random
import struct
import zlib
from functools import lru_cache
from urllib.parse import quote

from . import html as H

esc = H.esc

HUGE_SIZE = 50 * 1024 * 1024
BOMB_SIZE = 64 * 1024 * 1024  # what the gzip and deflate bombs inflate to
INTERNAL_PORT = 9200  # the other port of the same host the SSRF traps point at (Elasticsearch's, by default)
METADATA_URL = "http://169.254.169.254/latest/meta-data/"
OFFSITE_URL = "http://moved.invalid/"  # .invalid never resolves (RFC 2606)
TRUNCATED_DECLARED = 100_000
TRUNCATED_SENT = 2_000
SLOW_SECONDS = 3.0


class Stream:
    """A response body the server writes chunk by chunk.

    ``chunks`` is a callable returning an iterator of bytes; ``length`` is the
    Content-Length to announce (None: none, close after the body); ``close``
    closes the connection after the body (for bodies shorter than announced);
    ``delay`` waits before the status line.
    """

    def __init__(self, chunks, length=None, close=False, delay=0.0):
        self.chunks = chunks
        self.length = length
        self.close = close
        self.delay = delay


# ============================================================================ texts (written for the project)

RU_AD_TITLE = "Мефедрон и шишки — Ташкент, клады в Юнусабаде и Чиланзаре"
RU_AD_LINES = [
    "Свежая поставка: мефедрон крупными кристаллами, шишки сорта «Белая вдова».",
    "Меф 1 г — 610 000 сум, 2 г — 1 150 000 сум. Шишки 1 г — 240 000 сум.",
    "Клады магнитом и прикопом: Юнусабад, Чиланзар, Мирзо-Улугбек. Фото и координаты сразу после оплаты.",
    "Оплата: USDT TRC20 или перевод на карту. Ненаход — перезаклад после проверки оператором.",
    "Заказ через бота, оператор отвечает с 10:00 до 02:00.",
]
KOI_AD_TITLE = "Работа курьером-закладчиком, оплата каждый день"
KOI_AD_LINES = [
    "Ищем ответственных ребят от 18 лет для раскладки товара по Ташкенту.",
    "Оплата за один клад от 80 000 сум, выплаты ежедневно в USDT.",
    "Залог не нужен, если есть паспорт и рекомендации. Обучение за один день.",
    "Писать только в личку куратору, в общем чате не светиться.",
]
WRONG_TITLE = "Kristal — Тошкент бўйлаб закладкалар / Кристаллы по всему Ташкенту"
WRONG_LINES = [
    "Альфа-PVP кристалл 0,5 г — 350 000 сўм, 1 г — 600 000 сўм.",
    "Яшнобод, Сергели ва Чилонзорда магнит ва прикоп, расм ва нуқта дарҳол юборилади.",
    "Закладки в Яшнабаде и Сергели, фото и точка сразу после оплаты.",
    "Тўлов фақат USDT ёки карта орқали. Оператор: @kristal_op_demo",
]
NOCS_TITLE = "Лирика 300 и трамадол без рецепта, доставка по Узбекистану"
NOCS_LINES = [
    "Прегабалин (Лирика 300) — пачка 14 капсул, 180 000 сум.",
    "Трамадол 225 мг — блистер 10 таблеток, 150 000 сум.",
    "Отправляем почтой в любой город или оставляем клад в Ташкенте.",
    "Рецепт не нужен, анонимно. Пишите в Telegram.",
]
MALFORMED_LINES = [
    "Hash and buds in Tashkent, dead drops in Chilanzar and Yunusabad",
    "1g hash 25 USDT, 3g 65 USDT, buds 1g 20 USDT",
    "Magnet drops only, photo and pin after payment",
    "Write to the operator in Telegram, answers within 15 minutes",
]


UZ_WIDE_TITLE = "Toshkentda tez yetkazish: shishka va mef, klad bilan"
UZ_WIDE_LINES = [
    "Shishka 1 g — 230 000 so‘m, mef 1 g — 590 000 so‘m, ulgurji narx kelishiladi.",
    "Kladlar Yunusobod, Chilonzor va Sergelida: magnit yoki ko‘mib qo‘yilgan, rasm va koordinata darhol.",
    "To‘lov faqat USDT yoki karta orqali, operator botda 09:00 dan 01:00 gacha javob beradi.",
]
RU_WIDE_TITLE = "Гашиш и амфетамин в Намангане — клады круглосуточно"
RU_WIDE_LINES = [
    "Гашиш 1 г — 260 000 сум, амфетамин 1 г — 480 000 сум, от трёх грамм скидка.",
    "Клады в частном секторе и у гаражей, координаты и фото приходят сразу.",
    "Оплата в USDT или на карту, после оплаты пишите оператору номер заказа.",
]
EN_WIDE_TITLE = "Crystal and pills, same-day drops across Samarkand"
EN_WIDE_LINES = [
    "Crystal 0.5 g for 35 USDT, 1 g for 60 USDT; ecstasy pills 5 for 40 USDT.",
    "Drops are hidden in parks and entrances, you get a photo with coordinates right after payment.",
    "Order only through the bot, the courier never meets buyers in person.",
]
REFRESH_LINES = [
    "Our catalogue moved to a new address, the browser will take you there.",
    "Old prices stay valid until the end of the month for regular buyers.",
]
REFRESH_TARGET_LINES = [
    "Welcome to the new catalogue: hash 1 g for 22 USDT, buds 1 g for 18 USDT.",
    "Magnet drops in Mirzo Ulugbek and Yakkasaroy, photo after payment.",
]
CHAIN_END_LINES = ["You reached the end of a chain of three redirects: 301, 302 and 307."]


def _doc(title: str, lines, charset_meta: str | None, lang="ru", head_extra: str = "") -> str:
    meta = f'<meta charset="{charset_meta}">\n' if charset_meta else ""
    meta += head_extra
    body = "\n".join(f"<p>{esc(line)}</p>" for line in lines)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n{meta}<title>{esc(title)}</title>\n</head>\n'
        f'<body>\n<main>\n<h1>{esc(title)}</h1>\n<div class="description">\n{body}\n</div>\n</main>\n'
        "<footer><p>Synthetic demo content for testing IMT Monitor. Fiction.</p></footer>\n"
        "</body>\n</html>\n"
    )


def _malformed() -> str:
    l1, l2, l3, l4 = MALFORMED_LINES
    return (
        "<html><head><title>Hash & buds -- Tashkent</title>\n"
        "<meta name=description content=hash buds tashkent>\n"
        "<body bgcolor=#000 text=#0f0><div class=wrap><div class=offer>\n"
        "</div></div></div></span>\n"
        f"<h1 class=title>{l1}\n"
        "<table><tr><td>price<td><b>"
        f"{l2}<tr><td colspan=2><i>\n"
        f"<p class=note>{l3}\n"
        "<a href=/traps/ title=back>&larr; back</a><font face=Arial size=+1>\n"
        "</p></p></li>\n"
        "<div id=contact style=color:red;>\n"
        f"<p>{l4}\n"
        "</table></td></center>\n"
        '<script type=text/javascript>var offers = ["hash", "buds"]; if (a < b && c > d) { document.write("<div>'
    )


def _png_bytes() -> bytes:
    rng = random.Random("imt-demo-trap-png")
    ihdr = struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    head = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    return head + bytes(rng.randrange(256) for _ in range(3000))


PAGES = {
    "/traps/cp1251": (
        _doc(RU_AD_TITLE, RU_AD_LINES, None).encode("cp1251"),
        "text/html; charset=windows-1251",
    ),
    "/traps/koi8r": (
        _doc(KOI_AD_TITLE, KOI_AD_LINES, "koi8-r").encode("koi8_r"),
        "text/html",
    ),
    "/traps/wrong-charset": (
        _doc(WRONG_TITLE, WRONG_LINES, None, lang="uz-Cyrl").encode("utf-8"),
        "text/html; charset=iso-8859-1",
    ),
    "/traps/no-charset": (
        _doc(NOCS_TITLE, NOCS_LINES, None).encode("cp1251"),
        "text/html",
    ),
    "/traps/malformed": (_malformed().encode("utf-8"), "text/html; charset=utf-8"),
    "/traps/binary": (_png_bytes(), "text/html"),
}

# UTF-16 and UTF-32: path -> (title, lines, lang, codec, byte order mark, Content-Type, <meta charset>)
WIDE = {
    "/traps/utf16le-bom": (UZ_WIDE_TITLE, UZ_WIDE_LINES, "uz-Latn", "utf-16-le", True, "text/html", None),
    "/traps/utf16be-bom": (RU_WIDE_TITLE, RU_WIDE_LINES, "ru", "utf-16-be", True, "text/html; charset=utf-16", None),
    "/traps/utf16-header": (EN_WIDE_TITLE, EN_WIDE_LINES, "en", "utf-16-le", False, "text/html; charset=utf-16le",
                            None),
    "/traps/utf16-meta": (RU_WIDE_TITLE, RU_WIDE_LINES, "ru", "utf-16-be", False, "text/html", "utf-16"),
    "/traps/utf32le-bom": (RU_WIDE_TITLE, RU_WIDE_LINES, "ru", "utf-32-le", True, "text/html", None),
    "/traps/utf32be-header": (EN_WIDE_TITLE, EN_WIDE_LINES, "en", "utf-32-be", False,
                              "text/html; charset=utf-32be", None),
    "/traps/utf32-meta": (UZ_WIDE_TITLE, UZ_WIDE_LINES, "uz-Latn", "utf-32-le", False, "text/html", "utf-32"),
}  # fmt: skip
_BOM = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-32-le": b"\xff\xfe\x00\x00",
        "utf-32-be": b"\x00\x00\xfe\xff"}  # fmt: skip


def _wide_page(title, lines, lang, codec, bom, ctype, meta) -> tuple[bytes, str]:
    return (_BOM[codec] if bom else b"") + _doc(title, lines, meta, lang=lang).encode(codec), ctype


PAGES.update({path: _wide_page(*spec) for path, spec in WIDE.items()})

# every line of text a correct decoder finds in the encoding and malformed traps
EXPECTED_LINES = {
    "/traps/cp1251": [RU_AD_TITLE, *RU_AD_LINES],
    "/traps/koi8r": [KOI_AD_TITLE, *KOI_AD_LINES],
    "/traps/wrong-charset": [WRONG_TITLE, *WRONG_LINES],
    "/traps/no-charset": [NOCS_TITLE, *NOCS_LINES],
    "/traps/malformed": list(MALFORMED_LINES),
    **{path: [w[0], *w[1]] for path, w in WIDE.items()},
}
# one line of each (the offer with its prices), verbatim inside a single element: ``EXPECTED_TEXT[p] in text``
# holds for any extractor that decodes the page right
EXPECTED_TEXT = {
    "/traps/cp1251": RU_AD_LINES[1],
    "/traps/koi8r": KOI_AD_LINES[1],
    "/traps/wrong-charset": WRONG_LINES[0],
    "/traps/no-charset": NOCS_LINES[0],
    "/traps/malformed": MALFORMED_LINES[1],
    **{path: w[1][0] for path, w in WIDE.items()},
}
# the codec that decodes each encoding trap correctly
TRUE_ENCODING = {
    "/traps/cp1251": "cp1251",
    "/traps/koi8r": "koi8_r",
    "/traps/wrong-charset": "utf-8",
    "/traps/no-charset": "cp1251",
    "/traps/malformed": "utf-8",
    **{path: w[3] for path, w in WIDE.items()},
}

TRAPS = [
    ("/traps/cp1251", "windows-1251 body, charset in the Content-Type header"),
    ("/traps/koi8r", "KOI8-R body, charset only in a meta tag"),
    ("/traps/wrong-charset", "UTF-8 body, header claims iso-8859-1"),
    ("/traps/no-charset", "windows-1251 body, no charset anywhere"),
    ("/traps/malformed", "broken HTML with a readable offer"),
    ("/traps/binary", "PNG bytes served as text/html"),
    ("/traps/truncated", "Content-Length larger than the body, connection closed"),
    ("/traps/huge", "50 MiB page, streamed"),
    ("/traps/loop/a", "redirect loop a -> b -> a"),
    ("/traps/slow", f"answers after {SLOW_SECONDS:g} s"),
    ("/traps/gone", "410 Gone"),
    ("/traps/error", "500 Internal Server Error"),
    ("/traps/utf16le-bom", "UTF-16LE with a byte order mark, no charset"),
    ("/traps/utf16be-bom", "UTF-16BE with a byte order mark, charset=utf-16 in the header"),
    ("/traps/utf16-header", "UTF-16LE without a byte order mark, charset=utf-16le in the header"),
    ("/traps/utf16-meta", "UTF-16BE without a byte order mark, charset only in a meta tag"),
    ("/traps/utf32le-bom", "UTF-32LE with a byte order mark"),
    ("/traps/utf32be-header", "UTF-32BE without a byte order mark, charset=utf-32be in the header"),
    ("/traps/utf32-meta", "UTF-32LE without a byte order mark, charset only in a meta tag"),
    ("/traps/gzip-bomb", f"{BOMB_SIZE >> 20} MiB of HTML in a small gzip body"),
    ("/traps/deflate-bomb", f"{BOMB_SIZE >> 20} MiB of HTML in a small deflate body"),
    ("/traps/bad-gzip", "Content-Encoding: gzip on a body that is not gzip"),
    ("/traps/meta-refresh", "a page with a meta refresh to another trap page"),
    ("/traps/meta-refresh-offsite", "a page with a meta refresh to another site"),
    ("/traps/refresh-header", "a page with a Refresh header to another trap page"),
    ("/traps/redirect-offsite", "302 to another site"),
    ("/traps/redirect-chain", "301 -> 302 -> 307 -> a page"),
    ("/traps/redirect-dup", "302 to a page this index links to as well"),
    ("/traps/other-port", f"a link to port {INTERNAL_PORT} of the same host"),
    ("/traps/other-port-redirect", f"302 to port {INTERNAL_PORT} of the same host"),
    ("/traps/metadata-redirect", "302 to the cloud metadata address 169.254.169.254"),
]
TRAP_PATHS = [p for p, _ in TRAPS]


# ============================================================================ streamed bodies

_HUGE_HEAD = (
    b'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Catalogue dump</title>\n'
    b"</head>\n<body>\n<main>\n<h1>Catalogue dump</h1>\n"
)
_HUGE_TAIL = b"</main>\n</body>\n</html>\n"


def _huge_block() -> bytes:
    rows = []
    for k in range(64):
        rows.append(
            f'<p class="row">Row {k:02d}: archived price list entry, nothing new here, '
            f"the same warehouse inventory line repeated to fill the page.</p>\n"
        )
    return "".join(rows).encode("ascii")


def huge_chunks():
    block = _huge_block()
    yield _HUGE_HEAD
    left = HUGE_SIZE - len(_HUGE_HEAD) - len(_HUGE_TAIL)
    while left > 0:
        piece = block if left >= len(block) else block[:left]
        yield piece
        left -= len(piece)
    yield _HUGE_TAIL


@lru_cache(maxsize=2)
def bomb(encoding: str) -> bytes:
    """BOMB_SIZE bytes of HTML (a head, then blank lines) compressed as gzip or zlib (HTTP's deflate), built once."""
    wbits = 31 if encoding == "gzip" else 15
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    head = b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Price list</title></head><body>\n'
    parts = [packer.compress(head)]
    block = b"\n" * (1 << 20)
    left = BOMB_SIZE - len(head)
    while left > 0:
        parts.append(packer.compress(block[: min(left, len(block))]))
        left -= len(block)
    parts.append(packer.flush())
    return b"".join(parts)


def _hostname(host: str) -> str:
    host = (host or "127.0.0.1").strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _port(query: dict) -> int:
    try:
        port = int(query.get("port", INTERNAL_PORT))
    except ValueError:
        return INTERNAL_PORT
    return port if 0 < port < 65536 else INTERNAL_PORT


def _redirect(location: str, status: int = 302):
    return status, "text/html; charset=utf-8", b"", {"Location": location}


def truncated_body() -> bytes:
    head = _doc("Price list (part 1 of 50)", [], None, lang="en").split("</div>")[0].encode("utf-8")
    filler = b"".join(
        f"<p>Item {k}: tyres, batteries and filters, wholesale price on request.</p>\n".encode() for k in range(60)
    )
    return (head + filler)[:TRUNCATED_SENT]


# ============================================================================ HTTP


def index_page() -> bytes:
    rows = "\n".join(f'<li><a href="{p}">{esc(p)}</a> — {esc(what)}</li>' for p, what in TRAPS)
    main = f"""<p>Pages that misbehave on purpose, to test that the crawler survives bad input.
None of them is a content document.</p>
<ul class="traps">
{rows}
</ul>"""
    return H.page("Crawler traps", "Crawler traps", main)


def _refresh_page(title: str, lines, target: str) -> bytes:
    head = f'<meta http-equiv="refresh" content="0; url={esc(target)}">\n'
    return _doc(title, lines, "utf-8", lang="en", head_extra=head).encode("utf-8")


def _special(path: str, query: dict, host: str):
    """The redirect, refresh, compression and other-port traps; None for any other path."""
    if path in ("/traps/gzip-bomb", "/traps/deflate-bomb"):
        encoding = "gzip" if path == "/traps/gzip-bomb" else "deflate"
        return 200, "text/html; charset=utf-8", bomb(encoding), {"Content-Encoding": encoding}
    if path == "/traps/bad-gzip":
        body = _doc("Not gzip at all", ["This body says it is gzip; it is plain HTML."], "utf-8", lang="en")
        return 200, "text/html; charset=utf-8", body.encode("utf-8"), {"Content-Encoding": "gzip"}
    if path == "/traps/meta-refresh":
        body = _refresh_page("Catalogue moved", REFRESH_LINES, "/traps/meta-refresh/target")
        return 200, "text/html; charset=utf-8", body, {}
    if path == "/traps/meta-refresh/target":
        body = _doc("New catalogue", REFRESH_TARGET_LINES, "utf-8", lang="en").encode("utf-8")
        return 200, "text/html; charset=utf-8", body, {}
    if path == "/traps/refresh-header":
        body = _doc("Catalogue moving", REFRESH_LINES[1:], "utf-8", lang="en").encode("utf-8")
        return 200, "text/html; charset=utf-8", body, {"Refresh": "0; url=/traps/refresh-header/target"}
    if path == "/traps/refresh-header/target":
        body = _doc("Moved catalogue", REFRESH_TARGET_LINES[1:], "utf-8", lang="en").encode("utf-8")
        return 200, "text/html; charset=utf-8", body, {}
    if path == "/traps/meta-refresh-offsite":
        return 200, "text/html; charset=utf-8", _refresh_page("Moved away", REFRESH_LINES, OFFSITE_URL + "shop"), {}
    if path == "/traps/redirect-offsite":
        return _redirect(OFFSITE_URL + "landing")
    if path == "/traps/redirect-chain":
        return _redirect("/traps/redirect-chain/2", 301)
    if path == "/traps/redirect-chain/2":
        return _redirect("/traps/redirect-chain/3", 302)
    if path == "/traps/redirect-chain/3":
        return _redirect("/traps/redirect-chain/end", 307)
    if path == "/traps/redirect-chain/end":
        body = _doc("End of the chain", CHAIN_END_LINES, "utf-8", lang="en").encode("utf-8")
        return 200, "text/html; charset=utf-8", body, {}
    if path == "/traps/redirect-dup":
        return _redirect("/traps/cp1251")
    if path == "/traps/other-port":
        other = f"http://{_hostname(host)}:{_port(query)}"
        main = (
            f'<p>Internal status: <a href="{esc(other)}/_cat/indices">indices</a>, '
            f'<a href="{esc(other)}/traps/status">status</a></p>'
        )
        return 200, "text/html; charset=utf-8", H.page("Status links", "Status links", main, links=[]), {}
    if path == "/traps/other-port-redirect":
        return _redirect(f"http://{_hostname(host)}:{_port(query)}/_search")
    if path == "/traps/metadata-redirect":
        return _redirect(METADATA_URL)
    if path == "/traps/redirect":
        status = int(query["status"]) if query.get("status") in ("301", "302", "303", "307", "308") else 302
        return _redirect(query.get("to") or "/traps/", status)
    return None


def redirect_url(base: str, to: str) -> str:
    """A URL of the open-redirect trap on `base` that sends the client to `to`."""
    return f"{base.rstrip('/')}/traps/redirect?to={quote(to, safe='')}"


def handle(path: str, query: dict, host: str = ""):
    """Return (status, content_type, body, extra_headers); body may be a Stream."""
    special = _special(path, query, host)
    if special is not None:
        return special
    if path == "/traps":
        return 301, "text/html; charset=utf-8", b"", {"Location": "/traps/"}
    if path == "/traps/":
        return 200, "text/html; charset=utf-8", index_page(), {}
    if path in PAGES:
        body, ctype = PAGES[path]
        return 200, ctype, body, {}
    if path == "/traps/loop/a":
        return 302, "text/html; charset=utf-8", b"", {"Location": "/traps/loop/b"}
    if path == "/traps/loop/b":
        return 302, "text/html; charset=utf-8", b"", {"Location": "/traps/loop/a"}
    if path == "/traps/truncated":
        body = truncated_body()
        return 200, "text/html; charset=utf-8", Stream(lambda: iter([body]), TRUNCATED_DECLARED, close=True), {}
    if path == "/traps/huge":
        return 200, "text/html; charset=utf-8", Stream(huge_chunks, HUGE_SIZE), {}
    if path == "/traps/slow":
        body = H.page("Slow page", "Slow page", f"<p>This answer waited {SLOW_SECONDS:g} seconds.</p>")
        return 200, "text/html; charset=utf-8", Stream(lambda: iter([body]), len(body), delay=SLOW_SECONDS), {}
    if path == "/traps/gone":
        body = H.page("410 Gone", "Gone", "<p>This listing was removed and will not come back.</p>")
        return 410, "text/html; charset=utf-8", body, {}
    if path == "/traps/error":
        body = H.page("500 Internal Server Error", "Server error", "<p>Something broke while building this page.</p>")
        return 500, "text/html; charset=utf-8", body, {}
    body = H.page("404 Not Found", "404 Not Found", f"<p>No trap at <code>{esc(path)}</code>.</p>")
    return 404, "text/html; charset=utf-8", body, {}
