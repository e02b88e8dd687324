"""Downloader middlewares: retries with exponential backoff; redirect loops detected and reported."""

from __future__ import annotations

from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater


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
    as a redirect loop (otherwise the duplicate filter would drop it without a trace)."""

    def _redirect(self, redirected, request, reason):
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if redirected.url in chain:
            raise IgnoreRequest(f"redirect loop: {' -> '.join(chain + [redirected.url])}")
        return super()._redirect(redirected, request, reason)
