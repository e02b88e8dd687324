"""Small HTML helpers for the demo pages (no templates, no frameworks)."""

from __future__ import annotations

import html
import re

esc = html.escape

SITE_NAMES = {
    "home": "Demo Internet",
    "market": "Kora Bazaar",
    "forum": "Choyxona Forum",
    "news": "Toshkent Xabarlari",
    "shop": "Mahalla Bozori",
    "telegram": "Telegram",
}

MAIN_NAV = [
    ("/", "Home"),
    ("/market/", "Market"),
    ("/forum/", "Forum"),
    ("/news/", "News"),
    ("/shop/", "Shop"),
]


def nav(links) -> str:
    items = " ".join(f'<a href="{esc(href)}">{esc(label)}</a>' for href, label in links)
    return f"<nav>{items}</nav>"


def page(title: str, h1: str, main: str, *, links=None, lang="en", head_extra="", body_class="", h1_class="") -> bytes:
    links = links if links is not None else MAIN_NAV
    cls = f' class="{esc(body_class)}"' if body_class else ""
    h1c = f' class="{esc(h1_class)}"' if h1_class else ""
    doc = (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n{head_extra}</head>\n"
        f"<body{cls}>\n<header>{nav(links)}</header>\n"
        f"<main>\n<h1{h1c}>{esc(h1)}</h1>\n{main}\n</main>\n"
        "<footer><p>Synthetic demo content for testing IMT Monitor. Fiction.</p></footer>\n"
        "</body>\n</html>\n"
    )
    return doc.encode("utf-8")


def paras(paragraphs) -> str:
    return "\n".join(f"<p>{text_html(p)}</p>" for p in paragraphs)


def text_html(text: str) -> str:
    """Escape text and keep line breaks."""
    return "<br/>".join(esc(line) for line in text.split("\n"))


def pager(base: str, page_no: int, n_pages: int, param="page") -> tuple[str, str]:
    """Return (anchor html, head link html) for page ``page_no`` of ``n_pages``."""
    sep = "&" if "?" in base else "?"

    def url(n):
        return base if n == 1 else f"{base}{sep}{param}={n}"

    parts, head = [], []
    if page_no > 1:
        parts.append(f'<a rel="prev" href="{esc(url(page_no - 1))}">&larr; previous</a>')
        head.append(f'<link rel="prev" href="{esc(url(page_no - 1))}">\n')
    parts.append(f'<span class="page-no">page {page_no} of {n_pages}</span>')
    if page_no < n_pages:
        parts.append(f'<a rel="next" href="{esc(url(page_no + 1))}">next &rarr;</a>')
        head.append(f'<link rel="next" href="{esc(url(page_no + 1))}">\n')
    return f'<nav class="pagination">{" ".join(parts)}</nav>', "".join(head)


# --------------------------------------------------------------------------
# Telegram message text: escape, linkify handles and t.me links, keep breaks

_LINK = re.compile(
    r"(?P<tme>(?:https?://)?t\.me/(?P<tme_name>[A-Za-z0-9_]{3,}))"
    r"|(?P<handle>(?<![\w@])@(?P<h_name>[A-Za-z][A-Za-z0-9_]{3,31}))"
    r"|(?P<url>https?://[^\s<]+)"
)


def tg_text_html(text: str, bold_first=False, handles=True) -> str:
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        pos = 0
        chunks = []
        for m in _LINK.finditer(line):
            chunks.append(esc(line[pos : m.start()]))
            if m.group("tme"):
                chunks.append(f'<a href="/t.me/{esc(m.group("tme_name"))}" target="_blank">{esc(m.group("tme"))}</a>')
            elif m.group("handle"):
                if not handles:
                    chunks.append(esc(m.group(0)))
                    pos = m.end()
                    continue
                chunks.append(f'<a href="/t.me/{esc(m.group("h_name"))}">{esc(m.group("handle"))}</a>')
            else:
                chunks.append(
                    f'<a href="{esc(m.group("url"))}" target="_blank" rel="noopener">{esc(m.group("url"))}</a>'
                )
            pos = m.end()
        chunks.append(esc(line[pos:]))
        rendered = "".join(chunks)
        if bold_first and i == 0 and rendered.strip():
            rendered = f"<b>{rendered}</b>"
        out.append(rendered)
    return "<br/>".join(out)
