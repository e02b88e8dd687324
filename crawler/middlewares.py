"""Downloader middlewares: the network guard (scope, ports, addresses) on every request and every redirect hop;
retries with exponential backoff; redirect loops detected and reported; decompression bombs and broken
Content-Encodings reported with their own reasons."""

from __future__ import annotations

from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from crawler.netpolicy import NetPolicy, Refusal
from crawler.reasons import Rejected


def policy_of(spider) -> NetPolicy:
    """The spider's network rules, built once from its source (a spider without one gets the strict default:
    public addresses only)."""
    policy = getattr(spider, "_net_policy", None)
    if policy is None:
        source = getattr(spider, "source", None)
        policy = NetPolicy.for_source(source) if source is not None else NetPolicy()
        try:
            spider._net_policy = policy
        except AttributeError:
            pass
    return policy


class NetGuardMiddleware:
    """Every request, seeds, links, robots.txt and each hop of a redirect chain alike, passes here before it is
    sent (in place of Scrapy's OffsiteMiddleware, whose refusals of redirects left no trace): a URL outside the
    source's scope, on a port that is not a seed's, with a literal address or a local name the source may not
    reach, or an onion name without the proxy, fails with its reason (Rejected, recorded by the spider's errback).
    A request of a source with a proxy that lacks it (Scrapy makes robots.txt requests without) gets the proxy.
    Names are checked again on the address actually connected to, in crawler/download.py."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request, spider=None):
        spider = spider or self.crawler.spider
        policy = policy_of(spider)
        if policy.proxy and not request.meta.get("proxy"):  # robots.txt requests, made by Scrapy without it
            request.meta["proxy"] = policy.proxy
        try:
            policy.check_url(request.url, proxy=request.meta.get("proxy") or "")
        except Refusal as refusal:
            self.crawler.stats.inc_value(f"imt/refused/{refusal.reason}")
            raise Rejected(refusal.reason, refusal.detail) from None
        return None


class GuardedCompressionMiddleware(HttpCompressionMiddleware):
    """Scrapy's decompression, with its limit reported as `too_large` (a gzip or deflate bomb) and a body that
    does not decode as its Content-Encoding says as `bad_content_encoding` (not as a bare BadGzipFile or error)."""

    def process_response(self, request, response, spider=None):
        try:
            return super().process_response(request, response)
        except IgnoreRequest as exc:
            if "DOWNLOAD_MAXSIZE" in str(exc):
                raise Rejected("too_large", str(exc)[:300]) from None
            raise
        except Exception as exc:  # noqa: BLE001 - gzip, zlib, brotli and zstd each raise their own kind
            encoding = b",".join(response.headers.getlist("Content-Encoding")).decode("latin-1")
            raise Rejected("bad_content_encoding", f"{encoding}: {type(exc).__name__}: {exc}"[:300]) from None


class BackoffMiddleware:
    """A retried request (meta retry_times = n, set by Scrapy's RetryMiddleware) waits base * 2**(n-1) seconds,
    capped, before it is downloaded. The wait happens before a download slot is taken."""

    def __init__(self, base: float, cap: float):
        self.base, self.cap = base, cap

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        return cls(s.getfloat("IMT_RETRY_BACKOFF_BASE", 1.0), s.getfloat("IMT_RETRY_BACKOFF_MAX", 60.0))

    async def process_request(self, request, spider=None):
        tries = request.meta.get("retry_times", 0)
        if tries and self.base > 0:
            from twisted.internet import reactor

            delay = min(self.cap, self.base * 2 ** (tries - 1))
            await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))
        return None


class LoopAwareRedirectMiddleware(RedirectMiddleware):
    """Scrapy's redirect handling, but a redirect back to a URL already in the chain fails the request at once
    as a redirect loop (otherwise the duplicate filter would drop it without a trace), and a chain longer than
    REDIRECT_MAX_TIMES is reported as such."""

    def _redirect(self, redirected, request, reason):
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if redirected.url in chain:
            raise Rejected("redirect_loop", " -> ".join(chain + [redirected.url]))
        try:
            return super()._redirect(redirected, request, reason)
        except IgnoreRequest:
            raise Rejected("too_many_redirects", f"more than {self.max_redirect_times}: {redirected.url}") from None
