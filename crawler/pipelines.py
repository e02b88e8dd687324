"""Item pipelines, one step each. Documents arrive scored and enriched (language, content hash, folded text,
entities, SimHash) by the page worker (crawler/work.py); what needs the crawl's shared state happens here.

    NearDuplicatePipeline   near-duplicate cluster from the SimHash fingerprint
    SinkPipeline            hand over to the sink (the indexer): sink.add(doc)
"""

from __future__ import annotations

from crawler.hooks import hooks_for


class NearDuplicatePipeline:
    """Links reposts of the same ad across channels and sites under one cluster_id (SimHash, Hamming <= 3)."""

    def __init__(self, index):
        self.index = index

    @classmethod
    def from_crawler(cls, crawler):
        return cls(hooks_for(crawler)["neardup"])

    def process_item(self, item, spider=None):
        if not item.get("simhash"):  # too short to compare: a cluster of its own
            item["cluster_id"] = item["id"]
            return item
        item["cluster_id"] = self.index.add(item["id"], int(item["simhash"], 16)) or item["id"]
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
