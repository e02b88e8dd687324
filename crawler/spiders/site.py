"""Generic spider for websites, forums and marketplaces (and, through a proxy, onion sites).

Each response is kept as evidence, then handed to the page worker (crawler/work.py: decoding with charset
repair, extraction, entities, scoring, in a worker process); detail pages become documents; in-scope links
are queued with a priority from the focus model, within the page budget per domain.
Every request has an errback, so a page that fails is recorded with its reason, never dropped in silence.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlparse

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TCPTimedOutError, TimeoutError

from crawler import focus
from crawler.hooks import hooks_for
from crawler.sources import Source
from crawler.spiders.common import VERSION, doc_id, new_document, now_iso, path_query
from crawler.work import Job

GONE_STATUSES = (404, 410)


def failure_reason(failure) -> tuple[str, str]:
    exc = failure.value
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}", ""
    if isinstance(exc, IgnoreRequest):
        text = str(exc)
        if "robots" in text.lower() or "Forbidden by robots.txt" in text:
            return "robots_disallowed", text
        if "redirect" in text.lower():
            return "redirect_loop", text
        return "ignored", text
    if isinstance(exc, (TimeoutError, TCPTimedOutError)) or "Timeout" in type(exc).__name__:
        return "timeout", str(exc)
    if isinstance(exc, (ConnectionRefusedError, DNSLookupError)) or type(exc).__name__ in (
        "DownloadConnectionRefusedError",
        "CannotResolveHostError",
        "DNSLookupError",
        "ConnectError",
    ):
        return "connection_failed", str(exc)
    name = type(exc).__name__
    if name in ("ResponseNeverReceived", "ResponseFailed", "PotentialDataLoss", "_DataLoss", "ResponseDataLossError"):
        return "truncated_or_dropped", repr(exc)[:300]
    if name in ("DownloadCancelledError", "CancelledError") or "maxsize" in str(exc).lower():
        return "too_large", str(exc)[:300]
    return name, str(exc)[:300]


# statuses a forwarding proxy answers with itself when it cannot reach the site (Privoxy in front of Tor sends
# 502/503/504 for an onion that is down or a circuit that failed; 407: the proxy wants credentials)
PROXY_STATUSES = frozenset({407, 502, 503, 504})


def proxy_failure(failure) -> bool:
    """For a request sent through a proxy: did the fetch fail at the proxy (no connection to it, the connection
    dropped, a timeout, or one of the statuses a proxy answers with when it cannot reach the site) rather than
    with an answer from the site itself?"""
    exc = failure.value
    if isinstance(exc, HttpError):
        return exc.response.status in PROXY_STATUSES
    if isinstance(exc, IgnoreRequest):
        return False
    return failure_reason(failure)[0] in ("timeout", "connection_failed", "truncated_or_dropped")


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, source: Source, **kwargs):
        super().__init__(**kwargs)
        self.source = source
        self.allowed_domains = source.allowed_domains
        self.per_domain: Counter[str] = Counter()
        self.queued: set[str] = set()  # canonical ids of URLs already requested by this run
        self.route = f"proxy:{source.proxy}" if source.proxy else "direct"

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        hooks = hooks_for(crawler)
        spider.worker = hooks["worker"]
        spider.evidence = hooks.get("evidence")
        spider.rejections = hooks["rejections"]
        spider.sink = hooks["sink"]
        crawler.signals.connect(spider.on_downloading, signal=scrapy.signals.request_reached_downloader)
        return spider

    # -- resume: pages in flight when a crawl is stopped are fetched again on resume ------------------
    @property
    def inflight(self) -> dict[str, int]:
        """URL -> depth of requests handed to the downloader whose processing has not finished. Kept in
        `self.state`, which Scrapy saves in the job folder when the crawl stops, so a resumed crawl fetches
        them again (at their depth) instead of trusting its duplicate filter (which saw them) and losing them."""
        state = getattr(self, "state", None)
        if state is None:
            state = self.__dict__.setdefault("_inflight_state", {})
        inflight = state.setdefault("inflight", {})
        if isinstance(inflight, set):  # job folder written by an older version
            inflight = state["inflight"] = dict.fromkeys(inflight, 0)
        return inflight

    def on_downloading(self, request, spider):
        if spider is self:
            self.inflight[request.url] = request.meta.get("depth", 0)

    def done(self, request) -> None:
        """Processing of this request (and the redirects that led to it) has finished."""
        for url in [*request.meta.get("redirect_urls", []), request.url]:
            self.inflight.pop(url, None)

    # -- requests ------------------------------------------------------------------------------------
    def make_request(
        self, url: str, priority: int = 0, depth: int = 0, key: str | None = None, **kwargs
    ) -> scrapy.Request | None:
        """A request for `url` found at `depth` links from a seed, or None when it was already requested,
        is too deep or its domain's budget is spent. The depth limit is applied here, before the URL counts
        as requested, so a page first met too deep is still fetched when a shorter path reaches it (with
        Scrapy's DEPTH_LIMIT the result would depend on the order pages arrive in)."""
        if self.source.max_depth and depth > self.source.max_depth:
            self.crawler.stats.inc_value("imt/too_deep")
            return None
        key = key or doc_id(url)
        if key in self.queued:
            return None
        host = urlparse(url).hostname or ""
        budget = self.source.max_pages_per_domain
        if budget and self.per_domain[host] >= budget:
            return None
        self.queued.add(key)
        self.per_domain[host] += 1
        return self._request(url, priority=priority, **kwargs)

    def _request(self, url: str, depth: int = 0, **kwargs) -> scrapy.Request:
        meta = {"proxy": self.source.proxy} if self.source.proxy else {}
        if depth:
            meta["depth"] = depth
        return scrapy.Request(url, callback=self.parse, errback=self.on_error, meta=meta, **kwargs)

    async def start(self):
        for url, depth in sorted(self.inflight.items()):  # left unfinished by an interrupted run of this job
            yield self._request(url, depth=depth, dont_filter=True)
        for seed in self.source.seeds:
            request = self.make_request(seed, priority=100)
            if request is not None:
                yield request

    def on_error(self, failure):
        request = failure.request
        if not self.crawler.crawling:
            return  # cancelled by a stop: stays in flight, fetched again when the crawl resumes
        self.done(request)
        reason, detail = failure_reason(failure)
        self.rejections.record(self.source.name, request.url, reason, detail)
        self.crawler.stats.inc_value(f"imt/rejected/{reason}")
        if request.meta.get("proxy") and proxy_failure(failure):
            self.crawler.stats.inc_value("imt/proxy_failures")
        if isinstance(failure.value, HttpError) and failure.value.response.status in GONE_STATUSES:
            if self.source.is_item(path_query(request.url)):
                self.sink.mark_gone(doc_id(request.url), now_iso())

    # -- responses -----------------------------------------------------------------------------------
    def keep_evidence(self, response) -> dict:
        if self.evidence is None:
            return {}
        headers = {k.decode("latin-1"): [v.decode("latin-1") for v in vs] for k, vs in response.headers.items()}
        record = self.evidence.store(
            response.body,
            url=response.request.url if response.request else response.url,
            final_url=response.url,
            status=response.status,
            headers=headers,
            fetched_at=now_iso(),
            route=self.route,
            crawler_version=VERSION,
            source=self.source.name,
        )
        return {"evidence_sha256": record["sha256"], "capture_id": record["capture_id"]}

    def job(self, response, kind: str = "site", is_item: bool = False) -> Job:
        return Job(
            kind=kind,
            url=response.url,
            body=response.body,
            content_type=response.headers.get("Content-Type", b"").decode("latin-1"),
            source=self.source,
            is_item=is_item,
        )

    def usable(self, response, result: dict) -> bool:
        """False (recorded, the request done) for a body that is not text whatever its Content-Type says, or a
        page the worker could not process."""
        if not result.get("binary") and "error" not in result:
            return True
        if result.get("binary"):
            reason, detail = "binary_body", response.headers.get("Content-Type", b"").decode("latin-1")
        else:
            reason, detail = "process_error", result["error"]
        self.rejections.record(self.source.name, response.url, reason, detail)
        self.crawler.stats.inc_value(f"imt/rejected/{reason}")
        self.done(response.request)
        return False

    async def parse(self, response) -> list:
        # a coroutine returning a list: Scrapy passes a list through its spider middlewares far more cheaply
        # than the items of an async generator
        out: list = []
        evidence = self.keep_evidence(response)
        is_item = self.source.is_item(path_query(response.url))
        page = await self.worker.process(self.job(response, is_item=is_item))
        if not self.usable(response, page):
            return out
        score = page.get("score", 0.0)
        if is_item:
            out.append(
                new_document(
                    self.source,
                    response.url,
                    response.status,
                    page["title"],
                    page["text"],
                    page["links"],
                    score=score,
                    label=page["label"],
                    kind=page.get("kind"),
                    model_version=self.worker.version,
                    encoding=page["encoding"],
                    route=self.route,
                    **evidence,
                    **page["fields"],
                    **page["enriched"],
                )
            )
        depth = response.meta.get("depth", 0) + 1
        for url, key, relevance in page["follow"]:
            prio = focus.combine(score, relevance) if self.source.focus else 0
            request = self.make_request(url, priority=prio, depth=depth, key=key)
            if request is not None:
                out.append(request)
        self.done(response.request)
        return out
