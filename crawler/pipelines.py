"""Item pipelines, one step each. Documents arrive scored (the spider scores every page through the batched
scorer, since the focus model needs the score of each page it follows links from).

    EnrichPipeline          language, content hash, folded text, entities
    NearDuplicatePipeline   SimHash fingerprint and near-duplicate cluster
    SinkPipeline            hand over to the sink (the indexer): sink.add(doc)
"""

from __future__ import annotations

import hashlib

from classifier.lang import detect
from classifier.normalize import normalize_for_index
from crawler.entities import extract_entities, flat
from crawler.hooks import hooks_for
from crawler.simhash import simhash


class EnrichPipeline:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item, spider=None):
        source = self.crawler.spider.source
        title, text = item.get("title", ""), item.get("text", "")
        full = f"{title}\n{text}"
        entities = extract_entities(full, default_region=source.phone_region)
        lang = entities.get("lang") or detect(full)
        item["lang"] = source.lang_hint if lang == "und" and source.lang_hint else lang
        material = "\n".join((title, text, item.get("price", ""), item.get("vendor", "")))
        item["content_hash"] = hashlib.sha256(material.encode("utf-8")).hexdigest()
        item["text_norm"] = normalize_for_index(full)
        item["entities"] = flat(entities)
        item["prices"] = [{"amount": p["amount"], "currency": p["currency"]} for p in entities.get("prices", [])][:20]
        item["first_seen"] = item["last_seen"] = item["fetched_at"]
        return item


class NearDuplicatePipeline:
    """Links reposts of the same ad across channels and sites under one cluster_id (SimHash, Hamming <= 3)."""

    def __init__(self, index):
        self.index = index

    @classmethod
    def from_crawler(cls, crawler):
        return cls(hooks_for(crawler)["neardup"])

    def process_item(self, item, spider=None):
        fingerprint = simhash(f"{item.get('title', '')}\n{item.get('text', '')}")
        if fingerprint is None:  # too short to compare: a cluster of its own
            item["cluster_id"] = item["id"]
            return item
        item["simhash"] = f"{fingerprint:016x}"
        item["cluster_id"] = self.index.add(item["id"], fingerprint) or item["id"]
        return item


class SinkPipeline:
    def __init__(self, sink):
        self.sink = sink

    @classmethod
    def from_crawler(cls, crawler):
        return cls(hooks_for(crawler)["sink"])

    def process_item(self, item, spider=None):
        self.sink.add(dict(item))
        return item
