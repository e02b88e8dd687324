"""The reasons a URL can end in `rejected.jsonl`, and the mapping of every download failure to one of them.

Nothing a crawl asked for is dropped in silence: a URL ends as a document (indexed, or spooled when Elasticsearch
is away), as a navigation page kept as evidence whose links were followed, or as one line of `rejected.jsonl`
with one of the reasons below (docs/crawler.md lists them too; a test keeps the two in step). A failure nobody
foresaw is `download_error` with the exception named in the detail, never a bare exception name as the reason.
"""

from __future__ import annotations

import re

from scrapy.exceptions import IgnoreRequest

# reason -> what it means (http_<status> stands for every HTTP error status)
REASONS = {
    "http_<status>": "the server answered with an error status (http_404, http_410, http_500, http_503 ...)",
    "timeout": "no complete answer within the source's timeout",
    "connection_failed": "no connection: refused, unreachable, the name did not resolve, or the proxy is not there",
    "tls_failed": "the TLS handshake failed (certificate, protocol)",
    "truncated_or_dropped": "the connection closed before the whole body arrived (shorter than its Content-Length, "
    "or dropped mid-answer)",
    "too_large": "the body, or what it inflates to (gzip, deflate, brotli, zstd bombs), is over download_maxsize",
    "bad_content_encoding": "the body does not decode as its Content-Encoding says (broken gzip or deflate)",
    "binary_body": "a body that is not text, whatever its Content-Type says (images, archives)",
    "redirect_loop": "a redirect back to a URL already in the chain",
    "too_many_redirects": "more redirects in a row than REDIRECT_MAX_TIMES",
    "redirect_duplicate": "a redirect (or meta refresh) to a page this crawl already fetched or queued",
    "off_scope": "a redirect or meta refresh to a host outside the source's allowed_domains",
    "port_forbidden": "a port other than the seeds' ports (and 80/443 on hosts with no seed) not in allow_ports",
    "address_forbidden": "the host is, or resolves to, a loopback, private, link-local, shared, multicast, "
    "unspecified or reserved address not in the source's allow_networks",
    "onion_without_proxy": "an .onion host in a request that does not go through the source's proxy",
    "proxy_missing": "a request of a source with a proxy that would have gone without it (never sent directly)",
    "scheme_forbidden": "a URL that is not http or https",
    "bad_url": "a URL that cannot be parsed (no host, bad port)",
    "robots_disallowed": "robots.txt forbids it (clear-web sources obey robots.txt unless told otherwise)",
    "process_error": "the page worker could not decode or extract the page",
    "spider_error": "the spider failed on the page (a bug: the detail has the exception)",
    "item_error": "a pipeline failed on the page's document (a bug: the detail has the exception)",
    "download_error": "any other download failure; the detail names the exception",
}
_HTTP = re.compile(r"http_\d{3}")


def documented(reason: str) -> bool:
    return reason in REASONS or bool(_HTTP.fullmatch(reason))


class Rejected(IgnoreRequest):
    """Raised by the crawler's own downloader components for a request it refuses; the errback records `reason`.
    An IgnoreRequest, so it is never retried."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason, self.detail = reason, detail


_TIMEOUTS = ("DownloadTimeoutError", "TimeoutError", "TCPTimedOutError", "UserTimeout")
_CONNECT = (
    "DownloadConnectionRefusedError", "CannotResolveHostError", "ConnectionRefusedError", "DNSLookupError",
    "ConnectError", "NoRouteError", "ConnectingCancelledError", "UnknownHostError", "ConnectionRefused",
    "TunnelError", "gaierror",
)  # fmt: skip
_DROPPED = (
    "ResponseDataLossError", "DownloadFailedError", "ResponseFailed", "ResponseNeverReceived", "PotentialDataLoss",
    "_DataLoss", "ConnectionLost", "ConnectionDone", "ConnectionResetError", "ConnectionAbortedError",
    "BrokenPipeError",
)  # fmt: skip
_TOO_LARGE = ("DownloadCancelledError", "CancelledError", "_DecompressionMaxSizeExceeded")
_ENCODING = ("BadGzipFile", "error", "EOFError", "DecompressionError", "ZstdError")


def _names(exc: BaseException) -> list[str]:
    return [cls.__name__ for cls in type(exc).__mro__]


def _tls(exc: BaseException) -> bool:
    """A TLS failure, also when Twisted wrapped it in ResponseFailed / ResponseNeverReceived and Scrapy wrapped
    that in turn (the original is the __cause__, its reasons a list of Failures)."""
    seen, todo = 0, [exc]
    while todo and seen < 20:
        item = todo.pop()
        seen += 1
        name, module = type(item).__name__, type(item).__module__
        if "SSL" in name or "TLS" in name or module.startswith("OpenSSL") or module == "ssl":
            return True
        if item.__cause__ is not None:
            todo.append(item.__cause__)
        for reason in getattr(item, "reasons", None) or []:
            value = getattr(reason, "value", None)
            if isinstance(value, BaseException):
                todo.append(value)
    return False


def failure_reason(failure) -> tuple[str, str]:
    """(reason, detail) for a failed request; the reason is always one of REASONS."""
    from scrapy.spidermiddlewares.httperror import HttpError

    exc = failure.value
    text = str(exc)
    if isinstance(exc, Rejected):
        return exc.reason, exc.detail
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}", ""
    if isinstance(exc, IgnoreRequest):
        low = text.lower()
        if "robots" in low:
            return "robots_disallowed", text
        if "redirect loop" in low:
            return "redirect_loop", text
        if "max redirections" in low:
            return "too_many_redirects", text
        if "maxsize" in low or "max size" in low:
            return "too_large", text[:300]
        if "offsite" in low:
            return "off_scope", text
        return "download_error", f"IgnoreRequest: {text}"[:300]
    names = _names(exc)
    name = names[0]
    detail = f"{name}: {text}"[:300] if text else name
    if any(n in _TIMEOUTS for n in names) or "Timeout" in name:
        return "timeout", detail
    if _tls(exc):
        return "tls_failed", detail
    if any(n in _CONNECT for n in names):
        return "connection_failed", detail
    if any(n in _DROPPED for n in names):
        return "truncated_or_dropped", detail
    if any(n in _TOO_LARGE for n in names) or "maxsize" in text.lower():
        return "too_large", detail
    if name in _ENCODING or type(exc).__module__ in ("zlib", "gzip", "brotli", "_brotli", "zstd"):
        return "bad_content_encoding", detail
    return "download_error", detail
