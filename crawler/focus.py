"""Focused crawling: the expected relevance of a link, from its anchor text, its URL words and the score of
the page it was found on. Scrapy's scheduler takes higher priorities first, so relevant parts of a site are
fetched before the page budget runs out."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlparse

from classifier.lexicon import find_substances, group_counts

_URL_WORDS = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# lexicon groups that point at offers rather than at talk about drugs
_OFFER_GROUPS = ("dead_drop", "stock", "contact", "payment", "recruitment")
_AGAINST = ("news_legal", "help_treatment")


def link_relevance(anchor: str, url: str) -> float:
    """0..1 from what the link itself says: substance names and offer words in its anchor text and URL."""
    path = unquote(urlparse(url).path + " " + urlparse(url).query)
    text = f"{anchor} {' '.join(_URL_WORDS.findall(path))}"
    if not text.strip():
        return 0.0
    hits = 2 * len(find_substances(text))
    groups = group_counts(text)
    hits += sum(groups.get(g, 0) for g in _OFFER_GROUPS)
    hits -= sum(groups.get(g, 0) for g in _AGAINST)
    return max(0.0, min(1.0, hits / 3))


def combine(parent_score: float, relevance: float) -> int:
    """Scrapy request priority (higher first): the parent page's classifier score and the link's own
    relevance, weighted equally, in 0..100 (few distinct values: a resumable crawl keeps one disk queue per
    priority)."""
    return int(100 * (0.5 * parent_score + 0.5 * relevance))


def priority(parent_score: float, anchor: str, url: str) -> int:
    return combine(parent_score, link_relevance(anchor, url))
