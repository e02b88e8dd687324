"""Generic spider for websites, forums and marketplaces (and, through a proxy, onion sites).

Each response is kept as evidence, then handed to the page worker (crawler/work.py: decoding with charset
repair, extraction, entities, scoring, in a worker process); detail pages become documents; in-scope links
are queued with a priority from the focus model, within the page budget per domain.
Every request has an errback, so a page that fails is recorded with its reason, never dropped in silence; the
target of a meta refresh (or a Refresh header) is followed like a redirect, the page itself being kept too.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urljoin, urlparse

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError

from crawler import focus
from crawler.extract import refresh_target
from crawler.hooks import hooks_for
from crawler.reasons import failure_reason
from crawler.seen import FingerprintSet
from crawler.sources import Source
from core.clock import now_iso
from crawler.spiders.common import VERSION, doc_id, new_document, path_query
from crawler.work import Job

GONE_STATUSES = (404, 410)


def chain_of(request) -> list[str]:
    """Every URL of the request's redirect chain, from the one the crawl asked for to this one."""
    return [*request.meta.get("redirect_urls", []), request.url]


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
        self.queued = FingerprintSet()  # canonical ids of URLs already requested by this run (64 bits each)
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
        crawler.signals.connect(spider.on_dropped, signal=scrapy.signals.request_dropped)
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

    def reject(self, request, reason: str, detail: str = "") -> None:
        """One line in rejected.jsonl for the URL the crawl asked for (the chain shows where it was redirected)."""
        chain = chain_of(request)
        refresh_from = request.meta.get("refresh_from")
        if refresh_from:
            detail = f"{detail} (meta refresh in {refresh_from})" if detail else f"meta refresh in {refresh_from}"
        self.rejections.record(self.source.name, chain[0], reason, detail, chain=chain)
        self.crawler.stats.inc_value(f"imt/rejected/{reason}")

    def on_dropped(self, request, spider=None):
        """The scheduler's duplicate filter dropped a request. Links are deduplicated by the spider before that,
        so what arrives here is a redirect (or a meta refresh) to a page this crawl already fetched or queued: for
        a redirect, the URL that led to it is recorded (it was fetched, and its answer was only the redirect); the
        page itself is accounted for where it was fetched."""
        if (spider is not None and spider is not self) or request.callback != self.parse:
            return
        self.done(request)
        if request.meta.get("redirect_urls"):  # else a meta refresh target reached another way: accounted there
            self.reject(request, "redirect_duplicate", f"{request.url} is already fetched or queued by this crawl")

    def on_error(self, failure):
        request = failure.request
        if not self.crawler.crawling:
            return  # cancelled by a stop: stays in flight, fetched again when the crawl resumes
        self.done(request)
        reason, detail = failure_reason(failure)
        self.reject(request, reason, detail)
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
            url=chain_of(response.request)[0] if response.request else response.url,
            final_url=response.url,
            status=response.status,
            headers=headers,
            fetched_at=now_iso(),
            route=self.route,
            crawler_version=VERSION,
            source=self.source.name,
            warc=response.meta.get("warc"),
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
        self.reject(response.request, reason, detail)
        self.done(response.request)
        return False

    def refresh_request(self, response, target: str, depth: int) -> scrapy.Request | None:
        """The target of a meta refresh (or a Refresh header) of a page that was captured itself: followed like a
        redirect, at once, whether the source's `follow` patterns match it or not; refused (and recorded) by the
        network guard when it leaves the source's scope."""
        url = urljoin(response.url, target)
        if urlparse(url).scheme not in ("http", "https") or url == response.url:
            return None
        request = self.make_request(url, priority=response.request.priority + 1, depth=depth)
        if request is not None:
            request.meta["refresh_from"] = response.url
        return request

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
                    score_text=page.get("score_text"),
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
        refresh = page.get("refresh") or _refresh_header(response)
        if refresh:
            request = self.refresh_request(response, refresh, depth)
            if request is not None:
                out.append(request)
        for url, key, relevance in page["follow"]:
            prio = focus.combine(score, relevance) if self.source.focus else 0
            request = self.make_request(url, priority=prio, depth=depth, key=key)
            if request is not None:
                out.append(request)
        self.done(response.request)
        return out


def _refresh_header(response) -> str:
    """The URL of a `Refresh: 0; url=...` response header, or ''."""
    value = response.headers.get("Refresh")
    return refresh_target(value.decode("latin-1")) if value else ""
