"""Item pipelines, one step each: enrich (language, hashes, folded text), classify (through a scorer), and
hand over to a sink (the indexer). The scorer and sink are small interfaces passed in by the caller:

    scorer(texts: list[str]) -> list[tuple[float, int]]   and its .version
    sink.add(doc: dict)
"""

from __future__ import annotations

import hashlib

from classifier.lang import detect
from classifier.normalize import normalize_for_index

# objects the caller hands to the pipelines, looked up by the key in the IMT_HOOKS setting (Scrapy copies
# settings deeply, so live objects such as a client or a model are not put in them)
HOOKS: dict[str, dict] = {}


def _hooks(crawler) -> dict:
    return HOOKS[crawler.settings.get("IMT_HOOKS")]


class EnrichPipeline:
    def process_item(self, item, spider=None):
        text = item.get("text", "")
        item["lang"] = detect(f"{item.get('title', '')}\n{text}")
        item["content_hash"] = hashlib.sha256(f"{item.get('title', '')}\n{text}".encode()).hexdigest()
        item["text_norm"] = normalize_for_index(f"{item.get('title', '')}\n{text}")
        item["first_seen"] = item["last_seen"] = item["fetched_at"]
        return item


class ClassifyPipeline:
    def __init__(self, scorer):
        self.scorer = scorer

    @classmethod
    def from_crawler(cls, crawler):
        return cls(_hooks(crawler)["scorer"])

    def process_item(self, item, spider=None):
        ((score, label),) = self.scorer([f"{item.get('title', '')}\n{item.get('text', '')}"])
        item["score"], item["label"] = score, label
        item["model_version"] = getattr(self.scorer, "version", "")
        return item


class SinkPipeline:
    def __init__(self, sink):
        self.sink = sink

    @classmethod
    def from_crawler(cls, crawler):
        return cls(_hooks(crawler)["sink"])

    def process_item(self, item, spider=None):
        self.sink.add(dict(item))
        return item
