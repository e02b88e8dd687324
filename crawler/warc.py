"""The WARC capture of every fetch (core/warc.py), from a downloader middleware placed before Scrapy's decompression
and redirect handling: it sees each response (redirect hops and retried errors included) with its payload as
received and its original headers. The record's place goes into the request's meta (`warc`) for the evidence
manifest line of the page."""

from __future__ import annotations

from http import HTTPStatus

from scrapy import signals

from core.actor import acting_user
from core.warc import DEFAULT_MAX_BYTES, WARC_DIR, Fetch, WarcWriter

# response headers that described the transfer, not the payload: the payload is stored with the chunks joined,
# so the header is kept under another name (a reader would otherwise try to de-chunk it again)
_TRANSFER = {"transfer-encoding"}


def _pairs(headers, rename: set[str] = frozenset()) -> list[tuple[str, str]]:
    out = []
    for name, values in headers.items():
        key = name.decode("latin-1")
        if key.lower() in rename:
            key = f"X-Archive-Orig-{key}"
        out.extend((key, v.decode("latin-1")) for v in values)
    return out


def certificate_of(cert) -> dict | None:
    """Subject, issuer, validity and SHA-256 fingerprint of a TLS peer certificate (Twisted's Certificate)."""
    if cert is None:
        return None
    try:
        from cryptography.hazmat.primitives import hashes, serialization

        x509 = cert.original.to_cryptography()
        return {
            "subject": x509.subject.rfc4514_string(),
            "issuer": x509.issuer.rfc4514_string(),
            "not_before": x509.not_valid_before_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "not_after": x509.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "serial": format(x509.serial_number, "x"),
            "sha256": x509.fingerprint(hashes.SHA256()).hex(),
            "pem": x509.public_bytes(serialization.Encoding.PEM).decode(),
        }
    except Exception as exc:  # noqa: BLE001 - a certificate we cannot read is noted, the capture goes on
        return {"error": f"{type(exc).__name__}: {exc}"}


class WarcCaptureMiddleware:
    """One WarcWriter per crawler (one source), in the evidence store's `warc/` folder."""

    def __init__(self, crawler):
        from crawler.hooks import HOOKS

        self.crawler = crawler
        hooks = HOOKS.get(crawler.settings.get("IMT_HOOKS"), {})
        evidence = hooks.get("evidence")
        self.folder = evidence.root / WARC_DIR if evidence is not None else None
        self.max_bytes = crawler.settings.getint("IMT_WARC_MAX_BYTES", DEFAULT_MAX_BYTES)
        self.writer: WarcWriter | None = None
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _writer(self, spider) -> WarcWriter:
        if self.writer is None:
            from crawler.spiders.common import VERSION

            source = getattr(spider, "source", None)
            self.writer = WarcWriter(self.folder, source=getattr(source, "name", spider.name),
                                     route=getattr(spider, "route", "direct"), operator=acting_user(),
                                     software=f"IMT Monitor {VERSION} (Scrapy)", max_bytes=self.max_bytes)  # fmt: skip
        return self.writer

    def process_response(self, request, response, spider=None):
        if self.folder is None:
            return response
        spider = spider or self.crawler.spider
        try:
            reason = HTTPStatus(response.status).phrase
        except ValueError:
            reason = ""
        ip = getattr(response, "ip_address", None)
        fetch = Fetch(url=response.url, method=request.method, request_headers=_pairs(request.headers),
                      status=response.status, reason=reason, response_headers=_pairs(response.headers, _TRANSFER),
                      payload=response.body, ip=str(ip) if ip else None,
                      certificate=certificate_of(getattr(response, "certificate", None)),
                      protocol=getattr(response, "protocol", None) or "HTTP/1.1")  # fmt: skip
        request.meta["warc"] = self._writer(spider).write(fetch).as_dict()
        return response

    def close(self, spider=None):
        if self.writer is not None:
            self.writer.close()
            self.writer = None
