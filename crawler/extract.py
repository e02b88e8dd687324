"""Extraction with BeautifulSoup (lxml parser): title, readable text and links of a page; messages of a
Telegram channel preview (t.me/s/<channel>)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urldefrag

from bs4 import BeautifulSoup, Tag

_DROP = ("script", "style", "noscript", "template", "svg", "iframe", "nav", "header", "footer", "form")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANKS = re.compile(r"\n\s*\n+")


_BLOCKS = (
    "p",
    "div",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
    "dd",
    "dt",
    "td",
    "th",
)


def _text(node: Tag) -> str:
    """Readable text: line breaks at <br> and around block elements, inline elements kept in the line."""
    for br in node.find_all("br"):
        br.replace_with("\n")
    for block in node.find_all(_BLOCKS):
        block.insert_before("\n")
        block.insert_after("\n")
    raw = node.get_text("")
    lines = [_SPACES.sub(" ", ln).strip() for ln in raw.splitlines()]
    return _BLANKS.sub("\n\n", "\n".join(ln for ln in lines if ln)).strip()


def _first(soup: Tag, selector: str) -> str:
    node = soup.select_one(selector)
    return _SPACES.sub(" ", node.get_text(" ")).strip() if node else ""


def anchors(root: Tag, base_url: str) -> dict[str, str]:
    """Absolute link URL -> its anchor text (the first one seen), in document order."""
    out: dict[str, str] = {}
    for a in root.find_all("a", href=True):
        href = a["href"].strip()
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "data:", "#")):
            continue
        url = urldefrag(urljoin(base_url, href))[0]
        if url not in out:
            out[url] = _SPACES.sub(" ", a.get_text(" ")).strip()
    return out


def links(root: Tag, base_url: str) -> list[str]:
    return list(anchors(root, base_url))


@dataclass
class Page:
    title: str
    text: str
    links: list[str]
    fields: dict = field(default_factory=dict)
    anchors: dict = field(default_factory=dict)


def _rule_text(html: str, rule: str) -> str:
    """Text selected by a source rule: 'css:SELECTOR' or 'xpath:EXPRESSION' (elements, text or attributes)."""
    from parsel import Selector

    kind, _, expr = rule.partition(":")
    sel = Selector(text=html)
    parts = []
    for value in (sel.css(expr) if kind == "css" else sel.xpath(expr)).getall():
        parts.append(_text(BeautifulSoup(value, "lxml")) if value.lstrip().startswith("<") else value.strip())
    return "\n".join(p for p in parts if p)


def extract_page(html: str, url: str, rules: dict[str, str] | None = None) -> Page:
    """Title, readable text (boilerplate dropped) and links; per-source CSS/XPath rules override the defaults
    for title, body, price and vendor."""
    soup = BeautifulSoup(html, "lxml")
    found = anchors(soup, url)
    title = _first(soup, "h1") or _first(soup, "title")
    fields = {k: v for k, v in (("price", _first(soup, ".price")), ("vendor", _first(soup, ".vendor"))) if v}
    for tag in soup.find_all(_DROP):
        tag.decompose()
    body = soup.find("main") or soup.find("article") or soup.body or soup
    text = _text(body)
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
    return Page(title=title, text=text, links=list(found), fields=fields, anchors=found)


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
    soup = BeautifulSoup(html, "lxml")
    title = _first(soup, ".tgme_channel_info_header_title") or _first(soup, "title")
    messages = []
    for node in soup.select("div.tgme_widget_message[data-post]"):
        channel, _, post = node["data-post"].rpartition("/")
        if not post.isdigit():
            continue
        text_node = node.select_one(".tgme_widget_message_text")
        caption = node.select_one(".tgme_widget_message_caption")
        text = "\n".join(_text(n) for n in (text_node, caption) if n is not None)
        time_node = node.select_one(".tgme_widget_message_date time[datetime]")
        fwd = node.select_one(".tgme_widget_message_forwarded_from_name")
        messages.append(
            Message(
                channel=channel,
                post_id=int(post),
                text=text,
                published_at=time_node["datetime"] if time_node else "",
                views=_first(node, ".tgme_widget_message_views"),
                forwarded_from=fwd.get_text(" ").strip() if fwd else "",
                links=links(text_node, url) if text_node is not None else [],
            )
        )
    prev = soup.select_one('link[rel="prev"]') or soup.select_one("a.tme_messages_more[href]")
    before_url = urljoin(url, prev["href"]) if prev is not None and prev.get("href") else ""
    return ChannelPage(title=title, messages=messages, before_url=before_url)
