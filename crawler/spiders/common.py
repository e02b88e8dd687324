"""What every spider shares: the document shape, stable ids, the crawler version recorded with evidence."""

from __future__ import annotations

import hashlib
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlparse

from w3lib.url import canonicalize_url

from crawler.sources import Source
from core.clock import now_iso

try:
    VERSION = f"imt-monitor/{version('imt-monitor')}"
except PackageNotFoundError:  # running from a source tree that is not installed
    VERSION = "imt-monitor/dev"


def doc_id(url: str) -> str:
    return hashlib.sha1(canonicalize_url(url).encode("utf-8")).hexdigest()


def path_query(url: str) -> str:
    parts = urlparse(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def new_document(source: Source, url: str, status: int, title: str, text: str, links: list[str], **extra) -> dict:
    doc = {
        "id": doc_id(url),
        "url": url,
        "source": source.name,
        "source_type": source.type,
        "site": urlparse(url).netloc,
        "title": title,
        "text": text,
        "links": links[:200],
        "status": status,
        "fetched_at": now_iso(),
    }
    doc["first_seen"] = doc["last_seen"] = doc["fetched_at"]
    doc.update({k: v for k, v in extra.items() if v not in (None, "")})
    from classifier.context import container_key

    doc["container"] = container_key(doc)  # its channel, vendor or site: the company it keeps
    return doc
