"""The HTTP(S) download handler of every crawl: Scrapy's HTTP/1.1 handler, but a direct connection goes to an
address that was checked against the source's network rules (crawler/netpolicy.py) at the moment of connecting.

Twisted's agent would resolve the host name itself (HostnameEndpoint, through the reactor's resolver and Scrapy's
DNS cache) after any check a middleware could make, so a name that answers with a public address to the check and
with 127.0.0.1 to the connection (DNS rebinding) would get through. Here the name is resolved once, every address
it gave is checked (one forbidden address refuses the name), and the TCP connection (and TLS, with the name for
SNI and the certificate) is made to one of those very addresses. Literal addresses in any form (2130706433,
0177.0.0.1, [::ffff:127.0.0.1]) are parsed the way a resolver would read them and checked the same way.

Requests through a proxy (onion sources; sources with `proxy`) connect to the proxy, which resolves the names:
nothing is resolved here for them (a local lookup of a name meant for Tor would leak it), and an .onion name is
never resolved locally. Literal addresses and local names in their URLs are refused by the middleware before.
"""

from __future__ import annotations

import socket
import time

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler, _ScrapyAgent
from scrapy.exceptions import ResponseDataLossError
from scrapy.utils._download_handlers import get_dataloss_msg, normalize_bind_address, wrap_twisted_exceptions
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer, threads
from twisted.internet.endpoints import TCP4ClientEndpoint, TCP6ClientEndpoint, wrapClientTLS
from twisted.internet.error import ConnectError, DNSLookupError
from twisted.internet.interfaces import IStreamClientEndpoint
from twisted.web.client import Agent
from twisted.web.error import SchemeNotSupported
from zope.interface import implementer

from crawler.middlewares import policy_of
from crawler.netpolicy import NetPolicy, Refusal, canonical, parse_ip
from crawler.reasons import Rejected

_TTL = 60.0  # seconds a name's addresses are reused by new connections of one crawl


class Resolver:
    """Host name -> its addresses (IPv4 and IPv6), looked up in the reactor's thread pool, kept for a minute."""

    def __init__(self, lookup=None):
        self.lookup = lookup or socket.getaddrinfo
        self.cache: dict[str, tuple[float, list[str]]] = {}

    def _resolve(self, host: str, port: int) -> list[str]:
        infos = self.lookup(host, port, type=socket.SOCK_STREAM)
        seen: list[str] = []
        for info in infos:
            text = str(canonical(parse_ip(info[4][0].split("%", 1)[0])))
            if text not in seen:
                seen.append(text)
        return seen

    def addresses(self, host: str, port: int) -> defer.Deferred:
        """A Deferred with the addresses of `host` (a literal address: itself, no lookup); a name that does not
        resolve fails with DNSLookupError (retried like any DNS failure, then recorded as connection_failed)."""
        ip = parse_ip(host)
        if ip is not None:
            return defer.succeed([str(canonical(ip))])
        cached = self.cache.get(host)
        if cached is not None and cached[0] > time.monotonic():
            return defer.succeed(cached[1])

        def keep(found: list[str]) -> list[str]:
            if len(self.cache) > 10_000:
                self.cache.clear()
            self.cache[host] = (time.monotonic() + _TTL, found)
            return found

        def failed(failure):
            failure.trap(OSError, UnicodeError)
            raise DNSLookupError(f"{host} does not resolve ({failure.value})")

        return threads.deferToThread(self._resolve, host, port).addCallbacks(keep, failed)


def checked_addresses(policy: NetPolicy, host: str, addresses: list[str]) -> list[str]:
    """The addresses to connect to, in order; Rejected when any of them is one the source may not reach (a name
    that mixes a public and a private answer is refused as a whole)."""
    if not addresses:
        raise DNSLookupError(f"{host} resolves to no address")
    for text in addresses:
        try:
            policy.check_address(parse_ip(text), host)
        except Refusal as refusal:
            raise Rejected(refusal.reason, refusal.detail) from None
    return addresses


@implementer(IStreamClientEndpoint)
class _PinnedEndpoint:
    """Resolve, check, then connect to a checked address (TLS on top for https, verified for the host name)."""

    def __init__(self, reactor, host: str, port: int, tls_creator, timeout, bind, guard: _Guard):
        self.reactor, self.host, self.port = reactor, host, port
        self.tls_creator, self.timeout, self.bind, self.guard = tls_creator, timeout, bind, guard

    def connect(self, factory):
        return defer.ensureDeferred(self._connect(factory))

    async def _connect(self, factory):
        if self.host.endswith(".onion"):
            raise Rejected("onion_without_proxy", f"{self.host}: onion names are never resolved here")
        try:
            addresses = checked_addresses(
                self.guard.policy, self.host, await self.guard.resolver.addresses(self.host, self.port)
            )
        except Rejected as exc:
            self.guard.refused(exc.reason)
            raise
        last: Exception | None = None
        for address in addresses:
            kind = TCP6ClientEndpoint if ":" in address else TCP4ClientEndpoint
            kwargs = {"timeout": self.timeout} if self.timeout else {}
            endpoint = kind(self.reactor, address, self.port, bindAddress=self.bind, **kwargs)
            if self.tls_creator is not None:
                endpoint = wrapClientTLS(self.tls_creator, endpoint)
            try:
                return await endpoint.connect(factory)
            except ConnectError as exc:  # the next address of the name, as a browser would
                last = exc
        raise last


class _PinnedEndpointFactory:
    def __init__(self, reactor, context_factory, timeout, bind, guard: _Guard):
        self.reactor, self.context_factory, self.timeout, self.bind, self.guard = (
            reactor, context_factory, timeout, bind, guard,
        )  # fmt: skip

    def endpointForURI(self, uri):  # noqa: N802 - Twisted's IAgentEndpointFactory
        host = uri.host.decode("ascii").strip("[]").rstrip(".").lower()
        if uri.scheme == b"http":
            creator = None
        elif uri.scheme == b"https":
            creator = self.context_factory.creatorForNetloc(host.encode("ascii"), uri.port)
        else:
            raise SchemeNotSupported(f"Unsupported scheme: {uri.scheme!r}")
        return _PinnedEndpoint(self.reactor, host, uri.port, creator, self.timeout, self.bind, self.guard)


class _Guard:
    def __init__(self, policy: NetPolicy, resolver: Resolver, stats):
        self.policy, self.resolver, self.stats = policy, resolver, stats

    def refused(self, reason: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"imt/refused/{reason}")


class _GuardedScrapyAgent(_ScrapyAgent):
    def __init__(self, *, guard: _Guard, **kwargs):
        super().__init__(**kwargs)
        self._guard = guard

    def _get_agent(self, request, timeout):
        if request.meta.get("proxy"):
            return super()._get_agent(request, timeout)
        from twisted.internet import reactor

        bind = normalize_bind_address(request.meta.get("bindaddress") or self._bindAddress)
        factory = _PinnedEndpointFactory(reactor, self._contextFactory, timeout, bind, self._guard)
        return Agent.usingEndpointFactory(reactor, factory, pool=self._pool)


class GuardedDownloadHandler(HTTP11DownloadHandler):
    """DOWNLOAD_HANDLERS for http and https (crawler/settings.py)."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self._resolver = Resolver()

    async def download_request(self, request):
        spider = self._crawler.spider
        guard = _Guard(policy_of(spider), self._resolver, self._crawler.stats)
        if request.meta.get("proxy") and not guard.policy.proxied:
            await self._check_before_proxy(request, guard)
        agent = _GuardedScrapyAgent(
            guard=guard,
            contextFactory=self._contextFactory,
            bindAddress=self._bind_address,
            pool=self._pool,
            maxsize=self._default_maxsize,
            warnsize=self._default_warnsize,
            fail_on_dataloss=self._fail_on_dataloss,
            crawler=self._crawler,
            tls_verbose_logging=self._tls_verbose_logging,
        )
        try:
            with wrap_twisted_exceptions():
                return await maybe_deferred_to_future(agent.download_request(request))
        except ResponseDataLossError:
            if not self._fail_on_dataloss_warned:
                import logging

                logging.getLogger(__name__).warning(get_dataloss_msg(request.url))
                self._fail_on_dataloss_warned = True
            raise

    async def _check_before_proxy(self, request, guard: _Guard) -> None:
        """A proxy from the environment (http_proxy) for a source that has none: the proxy connects, so the best
        that can be done is to check what the name resolves to here, just before."""
        from urllib.parse import urlsplit

        host = (urlsplit(request.url).hostname or "").rstrip(".")
        if not host or host.endswith(".onion"):
            return
        port = urlsplit(request.url).port or 0
        try:
            found = await maybe_deferred_to_future(guard.resolver.addresses(host, port))
            checked_addresses(guard.policy, host, found)
        except Rejected as exc:
            guard.refused(exc.reason)
            raise
