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

``EXPECTED_TEXT[path]`` is one line (the offer with its prices) that a correct
decoder finds in each encoding and malformed trap; ``EXPECTED_LINES[path]`` is
every line of it (title and paragraphs), each verbatim inside one element.
"""

from __future__ import annotations

import random
import struct
import zlib

from . import html as H

esc = H.esc

HUGE_SIZE = 50 * 1024 * 1024
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


def _doc(title: str, lines, charset_meta: str | None, lang="ru") -> str:
    meta = f'<meta charset="{charset_meta}">\n' if charset_meta else ""
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

# every line of text a correct decoder finds in the encoding and malformed traps
EXPECTED_LINES = {
    "/traps/cp1251": [RU_AD_TITLE, *RU_AD_LINES],
    "/traps/koi8r": [KOI_AD_TITLE, *KOI_AD_LINES],
    "/traps/wrong-charset": [WRONG_TITLE, *WRONG_LINES],
    "/traps/no-charset": [NOCS_TITLE, *NOCS_LINES],
    "/traps/malformed": list(MALFORMED_LINES),
}
# one line of each (the offer with its prices), verbatim inside a single element: ``EXPECTED_TEXT[p] in text``
# holds for any extractor that decodes the page right
EXPECTED_TEXT = {
    "/traps/cp1251": RU_AD_LINES[1],
    "/traps/koi8r": KOI_AD_LINES[1],
    "/traps/wrong-charset": WRONG_LINES[0],
    "/traps/no-charset": NOCS_LINES[0],
    "/traps/malformed": MALFORMED_LINES[1],
}
# the codec that decodes each encoding trap correctly
TRUE_ENCODING = {
    "/traps/cp1251": "cp1251",
    "/traps/koi8r": "koi8_r",
    "/traps/wrong-charset": "utf-8",
    "/traps/no-charset": "cp1251",
    "/traps/malformed": "utf-8",
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


def handle(path: str, query: dict):
    """Return (status, content_type, body, extra_headers); body may be a Stream."""
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
