"""Run one crawl of several sources in this process, with progress lines and a summary."""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, field

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler import pipelines
from crawler import settings as default_settings
from crawler.sources import Source
from crawler.spiders import spider_for


@dataclass
class CrawlStats:
    pages: int = 0
    documents: int = 0
    flagged: int = 0
    errors: int = 0
    by_source: dict = field(default_factory=dict)
    seconds: float = 0.0


def run_crawl(
    sources: list[Source], scorer, sink, progress=None, every: float = 2.0, overrides: dict | None = None
) -> CrawlStats:
    """Crawl the sources; documents go through the scorer to the sink. Blocks until every spider is done."""
    stats = CrawlStats()
    key = uuid.uuid4().hex
    pipelines.HOOKS[key] = {"scorer": scorer, "sink": sink}
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    settings.set("IMT_HOOKS", key, priority="project")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    process = CrawlerProcess(settings)
    # the caller owns the log handlers; Scrapy's own loggers follow LOG_LEVEL
    for name in ("scrapy", "twisted", "asyncio"):
        logging.getLogger(name).setLevel(settings.get("LOG_LEVEL"))
    started = time.monotonic()
    last = [started]

    def tick():
        now = time.monotonic()
        if progress and now - last[0] >= every:
            last[0] = now
            rate = stats.pages / max(now - started, 1e-9)
            progress(
                f"crawled {stats.pages} pages, {stats.documents} documents, {stats.flagged} flagged "
                f"({rate:.0f} pages/s)"
            )

    def on_response(response, request, spider):
        stats.pages += 1
        tick()

    def on_item(item, response, spider):
        stats.documents += 1
        stats.flagged += int(item.get("label", 0) == 1)
        stats.by_source[spider.name] = stats.by_source.get(spider.name, 0) + 1

    def on_error(failure, response, spider):
        stats.errors += 1

    try:
        for source in sources:
            crawler = process.create_crawler(spider_for(source))
            crawler.signals.connect(on_response, signal=signals.response_received)
            crawler.signals.connect(on_item, signal=signals.item_scraped)
            crawler.signals.connect(on_error, signal=signals.spider_error)
            process.crawl(crawler, source=source)
        process.start()
    finally:
        pipelines.HOOKS.pop(key, None)
    stats.seconds = time.monotonic() - started
    return stats
