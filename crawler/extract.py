"""Extraction on lxml: title, readable text and links of a page; messages of a Telegram channel preview
(t.me/s/<channel>). Parsing and walking the tree with lxml directly is several times cheaper than
BeautifulSoup, and extraction runs on every fetched page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urldefrag, urljoin

import lxml.etree
import lxml.html
from lxml.cssselect import CSSSelector

_DROP = frozenset(("script", "style", "noscript", "template", "svg", "iframe", "nav", "header", "footer", "form"))
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANKS = re.compile(r"\n\s*\n+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "#")

_BLOCKS = frozenset(
    (
        "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote", "pre",
        "table", "ul", "ol", "dd", "dt", "td", "th",
    )
)  # fmt: skip


def parse_html(html: str):
    """An lxml tree for any string, even an empty one or one with an XML encoding declaration (which lxml refuses
    in a str)."""
    html = _XML_DECL.sub("", html, count=1)
    if not html.strip():
        html = "<html></html>"
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return lxml.html.document_fromstring("<html></html>")


def _walk(root, out: list[str], drop: frozenset) -> None:
    """Append the text of `root` to `out` in document order (iteratively: crawled pages may nest deeply)."""
    stack: list = [(root, False)]
    while stack:
        node, closing = stack.pop()
        if closing:  # after the node's children: the block break, then the node's tail
            if node.tag in _BLOCKS:
                out.append("\n")
            if node is not root and node.tail:
                out.append(node.tail)
            continue
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in drop or not tag or tag == "br":  # dropped, comment or processing instruction: only the tail
            if tag == "br":
                out.append("\n")
            if node is not root and node.tail:
                out.append(node.tail)
            continue
        if tag in _BLOCKS:
            out.append("\n")
        if node.text:
            out.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))


def _tidy(raw: str) -> str:
    lines = [_SPACES.sub(" ", ln).strip() for ln in raw.splitlines()]
    return _BLANKS.sub("\n\n", "\n".join(ln for ln in lines if ln)).strip()


def _text(node, drop: frozenset = frozenset()) -> str:
    """Readable text: line breaks at <br> and around block elements, inline elements kept in the line;
    elements named in `drop` are left out with everything inside them."""
    out: list[str] = []
    _walk(node, out, drop)
    return _tidy("".join(out))


def _inline(node) -> str:
    return _SPACES.sub(" ", " ".join(t.strip() for t in node.itertext() if t.strip())).strip()


@lru_cache(maxsize=256)
def _css(selector: str) -> CSSSelector:
    return CSSSelector(selector)


def _select_one(root, selector: str):
    found = _css(selector)(root)
    return found[0] if found else None


def _first(root, selector: str) -> str:
    node = _select_one(root, selector)
    return _inline(node) if node is not None else ""


def anchors(root, base_url: str) -> dict[str, str]:
    """Absolute link URL -> its anchor text (the first one seen), in document order."""
    out: dict[str, str] = {}
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(_SKIP_SCHEMES):
            continue
        try:
            url = urldefrag(urljoin(base_url, href))[0]
        except ValueError:  # a malformed href (e.g. an invalid IPv6 host) is not a link
            continue
        if url not in out:
            out[url] = _inline(a)
    return out


def links(root, base_url: str) -> list[str]:
    return list(anchors(root, base_url))


@dataclass
class Page:
    title: str
    text: str
    links: list[str]
    fields: dict = field(default_factory=dict)
    anchors: dict = field(default_factory=dict)
    refresh: str = ""  # the absolute URL a <meta http-equiv="refresh"> sends the browser to


_REFRESH = re.compile(r"""^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?(["']?)(.+?)\1\s*$""", re.I | re.S)


def refresh_target(content: str) -> str:
    """The URL in a refresh instruction (`5; url=/next`, `0;URL='x'`, `0, /next`), or '' for a plain reload."""
    m = _REFRESH.match(content or "")
    if not m:
        return ""
    target = m.group(2).strip()
    return "" if not target or target[0].isdigit() and target.replace(".", "").isdigit() else target


def meta_refresh(root, base_url: str) -> str:
    for meta in root.iter("meta"):
        if (meta.get("http-equiv") or "").strip().lower() != "refresh":
            continue
        if any(isinstance(a.tag, str) and a.tag in ("noscript", "template") for a in meta.iterancestors()):
            continue
        target = refresh_target(meta.get("content") or "")
        if target and not target.lower().startswith(_SKIP_SCHEMES):
            try:
                return urldefrag(urljoin(base_url, target))[0]
            except ValueError:
                return ""
    return ""


def _rule_text(html: str, rule: str) -> str:
    """Text selected by a source rule: 'css:SELECTOR' or 'xpath:EXPRESSION' (elements, text or attributes)."""
    from parsel import Selector

    kind, _, expr = rule.partition(":")
    sel = Selector(text=html)
    parts = []
    for value in (sel.css(expr) if kind == "css" else sel.xpath(expr)).getall():
        parts.append(_text(parse_html(value).body) if value.lstrip().startswith("<") else value.strip())
    return "\n".join(p for p in parts if p)


def extract_page(html: str, url: str, rules: dict[str, str] | None = None) -> Page:
    """Title, readable text (boilerplate dropped) and links; per-source CSS/XPath rules override the defaults
    for title, body, price and vendor."""
    root = parse_html(html)
    found = anchors(root, url)
    title = _first(root, "h1") or _first(root, "title")
    fields = {k: v for k, v in (("price", _first(root, ".price")), ("vendor", _first(root, ".vendor"))) if v}
    body = _select_one(root, "main")
    if body is None:
        body = _select_one(root, "article")
    if body is None:
        body = root.body if root.find("body") is not None else root
    text = _text(body, _DROP)
    for key, rule in (rules or {}).items():
        value = _rule_text(html, rule)
        if not value:
            continue
        if key == "title":
            title = value
        elif key == "body":
            text = value
        else:
            fields[key] = value
    refresh = meta_refresh(root, url)
    return Page(title=title, text=text, links=list(found), fields=fields, anchors=found, refresh=refresh)


@dataclass
class Message:
    channel: str
    post_id: int
    text: str
    published_at: str
    views: str
    forwarded_from: str
    links: list[str]


@dataclass
class ChannelPage:
    title: str
    messages: list[Message]
    before_url: str  # the next (older) page, "" at the first message


def extract_telegram(html: str, url: str) -> ChannelPage:
    root = parse_html(html)
    title = _first(root, ".tgme_channel_info_header_title") or _first(root, "title")
    messages = []
    for node in _css("div.tgme_widget_message[data-post]")(root):
        channel, _, post = node.get("data-post", "").rpartition("/")
        if not post.isdigit():
            continue
        text_node = _select_one(node, ".tgme_widget_message_text")
        caption = _select_one(node, ".tgme_widget_message_caption")
        text = "\n".join(_text(n) for n in (text_node, caption) if n is not None)
        time_node = _select_one(node, ".tgme_widget_message_date time[datetime]")
        fwd = _select_one(node, ".tgme_widget_message_forwarded_from_name")
        messages.append(
            Message(
                channel=channel,
                post_id=int(post),
                text=text,
                published_at=time_node.get("datetime", "") if time_node is not None else "",
                views=_first(node, ".tgme_widget_message_views"),
                forwarded_from=_inline(fwd) if fwd is not None else "",
                links=links(text_node, url) if text_node is not None else [],
            )
        )
    prev = _select_one(root, 'link[rel="prev"]')
    if prev is None:
        prev = _select_one(root, "a.tme_messages_more[href]")
    before_url = urljoin(url, prev.get("href")) if prev is not None and prev.get("href") else ""
    return ChannelPage(title=title, messages=messages, before_url=before_url)
