"""Item pipelines, one step each: enrich (language, hashes, folded text), classify (through a scorer), and
hand over to a sink (the indexer). The scorer and sink are small interfaces passed in by the caller:

    scorer(texts: list[str]) -> list[tuple[float, int]]   and its .version
    sink.add(doc: dict)
"""

from __future__ import annotations

import hashlib

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

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
    """Scores items in small batches (a batched predict is several times cheaper than one call per item):
    items wait at most `delay` seconds, or until `batch` items are pending."""

    def __init__(self, scorer, batch: int = 64, delay: float = 0.05):
        self.scorer, self.batch, self.delay = scorer, batch, delay
        self.pending: list[tuple[dict, Deferred]] = []
        self.timer = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(_hooks(crawler)["scorer"], crawler.settings.getint("IMT_CLASSIFY_BATCH", 64))

    async def process_item(self, item, spider=None):
        waiter = Deferred()
        self.pending.append((item, waiter))
        if len(self.pending) >= self.batch:
            self._flush()
        elif self.timer is None:
            from twisted.internet import reactor

            self.timer = reactor.callLater(self.delay, self._flush)
        return await maybe_deferred_to_future(waiter)

    def _flush(self):
        if self.timer is not None and self.timer.active():
            self.timer.cancel()
        self.timer = None
        batch, self.pending = self.pending, []
        if not batch:
            return
        try:
            scores = self.scorer([f"{i.get('title', '')}\n{i.get('text', '')}" for i, _ in batch])
        except Exception as exc:  # noqa: BLE001 - every waiting item must hear about it
            for _, waiter in batch:
                waiter.errback(exc)
            return
        version = getattr(self.scorer, "version", "")
        for (item, waiter), (score, label) in zip(batch, scores, strict=True):
            item["score"], item["label"], item["model_version"] = score, label, version
            waiter.callback(item)

    def close_spider(self, spider=None):
        self._flush()


class SinkPipeline:
    def __init__(self, sink):
        self.sink = sink

    @classmethod
    def from_crawler(cls, crawler):
        return cls(_hooks(crawler)["sink"])

    def process_item(self, item, spider=None):
        self.sink.add(dict(item))
        return item
