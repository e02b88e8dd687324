"""Run one crawl of several sources in this process, with progress lines and a summary.

State lives under `state_dir`: a JOBDIR per source (so a crawl stopped by Ctrl-C or SIGTERM resumes where it
stopped, without fetching again what it already fetched), the newest Telegram post per channel, the
near-duplicate index, and the log of rejected pages.
"""

from __future__ import annotations

import logging
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler import settings as default_settings
from crawler.hooks import HOOKS
from crawler.rejections import RejectionLog
from crawler.simhash import NearDupIndex
from crawler.sources import Source
from crawler.spiders import spider_for
from crawler.work import PageWorker
from core.clock import now_iso


@dataclass
class CrawlStats:
    pages: int = 0
    documents: int = 0
    flagged: int = 0
    errors_by_source: dict = field(default_factory=dict)
    rejected: dict = field(default_factory=dict)
    by_source: dict = field(default_factory=dict)
    finished: dict = field(default_factory=dict)  # source -> close reason
    started_at: str = ""
    seconds: float = 0.0
    bytes: int = 0  # response bodies as downloaded (Scrapy's downloader/response_bytes)
    proxy_failures: int = 0  # fetches through a proxy that failed at the proxy (crawler/spiders/site.py)
    requests: int = 0

    @property
    def errors(self) -> int:
        return sum(self.errors_by_source.values())


def run_crawl(
    sources: list[Source],
    scorer,
    sink,
    state_dir: Path,
    evidence=None,
    overrides: dict | None = None,
    workers: int = 1,
    redis_url: str = "",
    crawl_id: str = "default",
    redis_idle: int = 10,
    bar=None,
) -> CrawlStats:
    """Crawl the sources; documents go to the sink. Blocks until every spider is done. `workers` processes do
    the per-page work (0: in this process). With `redis_url`, this process is one worker of a crawl shared through
    Redis (crawler/distributed.py; no job folder: resume is for single-process crawls). Progress goes to `bar` (a
    core.progress.Progress: pages of the total, rate, ETA, then documents, flagged and rejected) when given."""
    state_dir = Path(state_dir)
    stats = CrawlStats(started_at=now_iso())
    neardup_path = state_dir / "neardup.idx"
    neardup = NearDupIndex.load(neardup_path) if neardup_path.exists() else NearDupIndex()
    rejections = RejectionLog(state_dir / "rejected.jsonl")
    key = uuid.uuid4().hex
    worker = PageWorker(scorer, workers=workers, sources=sources)
    HOOKS[key] = {
        "worker": worker,
        "sink": sink,
        "evidence": evidence,
        "rejections": rejections,
        "neardup": neardup,
    }
    settings = _settings(state_dir, key, overrides)
    process = CrawlerProcess(settings)
    started = time.monotonic()
    counter = _Counter(stats, rejections, bar)  # Scrapy holds its receivers weakly: this keeps them alive
    try:
        crawlers, jobdirs = _schedule(process, sources, counter, state_dir, redis_url, crawl_id, redis_idle)
        # the caller owns the log handlers; Scrapy's own loggers follow LOG_LEVEL
        for name in ("scrapy", "twisted", "asyncio", "py.warnings"):
            logging.getLogger(name).setLevel(settings.get("LOG_LEVEL"))
        process.start()
        if bar is not None:
            counter.tick()  # the final counts, for the bar's last line
    finally:
        worker.close()
        HOOKS.pop(key, None)
        rejections.close()
        neardup.save(neardup_path)
        if evidence is not None:
            evidence.sync()
    _finish(stats, rejections, crawlers, jobdirs)
    stats.seconds = time.monotonic() - started
    return stats


def _settings(state_dir: Path, key: str, overrides: dict | None) -> Settings:
    """The crawl's Scrapy settings: crawler/settings.py, where the hooks and the Telegram state are, `overrides`."""
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    settings.set("IMT_HOOKS", key, priority="project")
    settings.set("IMT_TELEGRAM_STATE", str(state_dir / "telegram.json"), priority="project")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def _schedule(process: CrawlerProcess, sources: list[Source], counter: _Counter, state_dir: Path, redis_url: str,
              crawl_id: str, redis_idle: int) -> tuple[list, dict]:  # fmt: skip
    """One crawler per source, counted by `counter` and scheduled in `process`: with its job folder (returned per
    source name), or as a worker of the crawl shared through Redis at `redis_url`."""
    jobdirs = {}
    crawlers = []
    for source in sources:
        cls = spider_for(source)
        if redis_url:
            from crawler.distributed import distributed_settings

            extra = distributed_settings(redis_url, crawl_id, source, redis_idle)
        else:
            jobdirs[source.name] = state_dir / "jobs" / source.name
            extra = {"JOBDIR": str(jobdirs[source.name])}
        cls.custom_settings = dict(cls.custom_settings, **extra)
        crawler = process.create_crawler(cls)
        crawlers.append(crawler)
        counter.connect(crawler)
        process.crawl(crawler, source=source)
    return crawlers, jobdirs


class _Counter:
    """The Scrapy signal handlers of a crawl: they count pages, documents, errors and close reasons into `stats`,
    log spider and item errors as rejections and move the progress bar."""

    def __init__(self, stats: CrawlStats, rejections: RejectionLog, bar=None):
        self.stats = stats
        self.rejections = rejections
        self.bar = bar
        if bar is not None:  # the counts after the bar's own, worked out only when a line is drawn
            bar.detail = lambda: (f"{stats.documents} documents, {stats.flagged} flagged, "
                                  f"{sum(rejections.counts.values())} rejected")  # fmt: skip

    def connect(self, crawler) -> None:
        crawler.signals.connect(self.on_response, signal=signals.response_received)
        crawler.signals.connect(self.on_item, signal=signals.item_scraped)
        crawler.signals.connect(self.on_error, signal=signals.spider_error)
        crawler.signals.connect(self.on_item_error, signal=signals.item_error)
        crawler.signals.connect(self.on_closed, signal=signals.spider_closed)

    def tick(self) -> None:
        bar = self.bar
        if bar is not None:  # a Progress: count, total, rate and ETA, drawn as often as it decides
            # a page budget is approximate (pages in flight when it is reached still arrive): never over 100 %
            bar.update(self.stats.pages, total=max(bar.total, self.stats.pages) if bar.total else None)

    def on_response(self, response, request, spider):
        self.stats.pages += 1
        self.tick()

    def on_item(self, item, response, spider):
        stats = self.stats
        stats.documents += 1
        stats.flagged += int(item.get("label", 0) == 1)
        stats.by_source[spider.name] = stats.by_source.get(spider.name, 0) + 1

    def on_error(self, failure, response, spider):
        stats = self.stats
        stats.errors_by_source[spider.name] = stats.errors_by_source.get(spider.name, 0) + 1
        self.rejections.record(spider.name, response.url, "spider_error", repr(failure.value))

    def on_item_error(self, item, response, spider, failure):
        stats = self.stats
        stats.errors_by_source[spider.name] = stats.errors_by_source.get(spider.name, 0) + 1
        self.rejections.record(spider.name, item.get("url", response.url), "item_error", repr(failure.value))

    def on_closed(self, spider, reason):
        self.stats.finished[spider.name] = reason


def _finish(stats: CrawlStats, rejections: RejectionLog, crawlers: list, jobdirs: dict) -> None:
    """After the crawl: drop the job folders of sources that finished, add the rejections and Scrapy's download
    counts to `stats`."""
    for name, reason in stats.finished.items():
        if reason in ("finished", "closespider_pagecount") and name in jobdirs:
            shutil.rmtree(jobdirs[name], ignore_errors=True)  # done: the next run starts afresh
    stats.rejected = dict(rejections.counts)
    for crawler in crawlers:
        if crawler.stats is None:
            continue
        stats.bytes += crawler.stats.get_value("downloader/response_bytes", 0)
        stats.requests += crawler.stats.get_value("downloader/request_count", 0)
        stats.proxy_failures += crawler.stats.get_value("imt/proxy_failures", 0)
