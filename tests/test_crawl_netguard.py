"""The crawler's network rules on their own: literal addresses in every form, what counts as non-public, scope and
ports per host, the check of resolved addresses, and the mapping of every download failure to a documented
reason. The same rules against a real crawl: tests/test_crawl_ssrf.py."""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
import re
import socket
import zlib
from pathlib import Path

import pytest
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from twisted.python.failure import Failure

from crawler.download import Resolver, checked_addresses
from crawler.netpolicy import NetPolicy, Refusal, classify, parse_ip
from crawler.reasons import REASONS, Rejected, documented, failure_reason
from crawler.sources import Source

ROOT = Path(__file__).resolve().parent.parent

LITERALS = [
    ("127.0.0.1", "127.0.0.1"),
    ("2130706433", "127.0.0.1"),
    ("0177.0.0.1", "127.0.0.1"),
    ("0x7f.0.0.1", "127.0.0.1"),
    ("0x7f000001", "127.0.0.1"),
    ("127.1", "127.0.0.1"),
    ("0177.1", "127.0.0.1"),
    ("169.254.43518", "169.254.169.254"),
    ("0xa9fea9fe", "169.254.169.254"),
    ("[::1]", "::1"),
    ("::ffff:127.0.0.1", "::ffff:7f00:1"),
    ("[::ffff:a9fe:a9fe]", "::ffff:a9fe:a9fe"),
    ("127.0.0.1.", "127.0.0.1"),
]


@pytest.mark.parametrize("host, address", LITERALS)
def test_literal_addresses_in_every_form(host, address):
    assert parse_ip(host) == ipaddress.ip_address(address)


@pytest.mark.parametrize("host", ["example.com", "1.2.3.4.5", "256.1.1.1", "08.1.1.1", "1e3", "::g", "1.2.65536"])
def test_names_and_bad_forms_are_not_addresses(host):
    assert parse_ip(host) is None


def test_literal_forms_agree_with_the_system_resolver():
    """What the guard reads a literal as is what the C library would connect to."""
    forms = [h for h, _ in LITERALS[:9]] + ["1.256", "1.65536", "0xffffffff", "017777777777", "4294967296", "0"]
    for host in forms:
        try:
            system = socket.getaddrinfo(host, 80, type=socket.SOCK_STREAM)[0][4][0]
        except OSError:
            system = None
        assert (str(parse_ip(host)) if parse_ip(host) else None) == system, host


CLASSES = [
    ("8.8.8.8", ""),
    ("2606:4700::1111", ""),
    ("127.0.0.53", "loopback"),
    ("::1", "loopback"),
    ("::ffff:127.0.0.1", "loopback"),
    ("10.1.2.3", "private"),
    ("172.16.0.1", "private"),
    ("192.168.0.10", "private"),
    ("fd12::1", "private"),
    ("169.254.169.254", "link-local"),
    ("fe80::1", "link-local"),
    ("100.64.1.1", "shared (carrier-grade NAT)"),
    ("224.0.0.251", "multicast"),
    ("ff02::1", "multicast"),
    ("0.0.0.0", "unspecified"),
    ("::", "unspecified"),
    ("240.0.0.1", "reserved"),
    ("255.255.255.255", "reserved"),
    ("fec0::1", "site-local"),
    ("192.0.2.1", "private"),  # documentation
    ("2002:7f00:1::", "loopback (IPv4 127.0.0.1 inside)"),  # 6to4
    ("64:ff9b::a9fe:a9fe", "link-local (IPv4 169.254.169.254 inside)"),  # NAT64
    ("64:ff9b::808:808", ""),
]


@pytest.mark.parametrize("address, kind", CLASSES)
def test_what_is_not_public(address, kind):
    assert classify(ipaddress.ip_address(address)) == kind


def source(**kw) -> Source:
    return Source(name="s", type="site", **{"seeds": ["http://shop.example/"], **kw})


def refusal(policy: NetPolicy, url: str, proxy: str = "") -> str:
    try:
        policy.check_url(url, proxy=proxy)
    except Refusal as exc:
        assert documented(exc.reason)
        return exc.reason
    return ""


def test_scope_ports_and_literals():
    policy = NetPolicy.for_source(
        source(
            seeds=["http://shop.example/", "http://127.0.0.1:8089/"],
            allowed_domains=["shop.example", "127.0.0.1", "2130706433", "10.0.0.9", "mirror.example"],
            allow_networks=["127.0.0.1"],
        )  # fmt: skip
    )
    assert refusal(policy, "http://shop.example/a") == ""
    assert refusal(policy, "https://shop.example/a") == ""  # a seed on 80 may go to 443
    assert refusal(policy, "http://www.shop.example/a") == ""  # a subdomain of an allowed domain
    assert refusal(policy, "http://shop.example:9200/_cat/indices") == "port_forbidden"
    assert refusal(policy, "http://127.0.0.1:8089/x") == ""
    assert refusal(policy, "http://127.0.0.1:9200/") == "port_forbidden"  # another port of the seed's host
    assert refusal(policy, "http://2130706433:9200/") == "port_forbidden"  # the same host, spelt as a number
    assert refusal(policy, "http://127.0.0.1/") == "port_forbidden"
    assert refusal(policy, "http://mirror.example:8089/") == ""  # no seed there: the seeds' ports and 80/443
    assert refusal(policy, "http://mirror.example:8443/") == "port_forbidden"
    assert refusal(policy, "http://10.0.0.9/") == "address_forbidden"
    assert refusal(policy, "http://other.example/") == "off_scope"
    assert refusal(policy, "http://evil.127.0.0.1/") == "off_scope"  # an address is not a domain with subdomains
    assert refusal(policy, "ftp://shop.example/") == "scheme_forbidden"
    assert refusal(policy, "http://shop.example/" + "a" * 2100) == "bad_url"
    assert refusal(policy, "http://shop.example:99999/") == "bad_url"
    more = NetPolicy.for_source(source(allow_ports=[8443], allowed_domains=["shop.example"]))
    assert refusal(more, "https://shop.example:8443/") == ""


def test_local_names_and_onions():
    policy = NetPolicy.for_source(source(allowed_domains=["localhost", "abc.onion", "shop.example"]))
    assert refusal(policy, "http://localhost/") == "address_forbidden"
    assert refusal(policy, "http://abc.onion/") == "onion_without_proxy"
    assert refusal(policy, "http://abc.onion/", proxy="http://127.0.0.1:8118") == ""
    onion = NetPolicy.for_source(
        Source(name="o", type="onion", seeds=["http://abc.onion/"], proxy="http://127.0.0.1:8118")
    )
    assert onion.proxied and refusal(onion, "http://abc.onion/x", proxy="http://127.0.0.1:8118") == ""
    assert refusal(onion, "http://abc.onion/x") == "onion_without_proxy"
    proxied = NetPolicy.for_source(source(proxy="http://127.0.0.1:8118"))
    assert refusal(proxied, "http://shop.example/") == "proxy_missing"  # never directly, never resolved here
    assert refusal(proxied, "http://shop.example/", proxy="http://127.0.0.1:8118") == ""
    assert refusal(proxied, "http://127.0.0.1:80/", proxy="http://127.0.0.1:8118") == "off_scope"


def test_allowed_networks_cover_mapped_forms():
    policy = NetPolicy.for_source(source(allow_networks=["10.0.0.0/8", "::1"]))
    assert policy.address_allowed(ipaddress.ip_address("10.9.9.9"))
    assert policy.address_allowed(ipaddress.ip_address("::ffff:10.9.9.9"))
    assert policy.address_allowed(ipaddress.ip_address("::1"))
    assert not policy.address_allowed(ipaddress.ip_address("127.0.0.1"))
    assert not policy.address_allowed(ipaddress.ip_address("169.254.169.254"))


# -- the addresses a name resolves to, as the download handler checks them ---------------------------------
def fake_lookup(answers: dict[str, list[str]], calls: list[str]):
    def lookup(host, port, type=0):
        calls.append(host)
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, type, 6, "", (a, port)) for a in answers[host]]

    return lookup


def resolve(resolver: Resolver, host: str) -> list[str]:
    """Resolver.addresses, run the way the handler runs it (its lookup in a thread)."""

    async def lookup_in_thread():
        return await asyncio.to_thread(resolver._resolve, host, 80)

    ip = parse_ip(host)
    return [str(ip)] if ip is not None else asyncio.run(lookup_in_thread())


def test_names_resolving_to_forbidden_addresses_are_refused():
    calls: list[str] = []
    answers = {
        "metadata.test": ["169.254.169.254"],
        "mixed.test": ["93.184.215.14", "10.0.0.1"],  # one private answer refuses the name
        "shop.test": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
        "mapped.test": ["::ffff:127.0.0.1"],
        "intranet.test": ["10.1.2.3"],
    }
    resolver = Resolver(lookup=fake_lookup(answers, calls))
    policy = NetPolicy.for_source(source(allow_networks=["10.1.0.0/16"]))
    for host in ("metadata.test", "mixed.test", "mapped.test"):
        with pytest.raises(Rejected) as err:
            checked_addresses(policy, host, resolve(resolver, host))
        assert err.value.reason == "address_forbidden" and host in err.value.detail
    assert checked_addresses(policy, "shop.test", resolve(resolver, "shop.test")) == answers["shop.test"]
    assert checked_addresses(policy, "intranet.test", resolve(resolver, "intranet.test")) == ["10.1.2.3"]
    assert resolve(resolver, "2130706433") == ["127.0.0.1"] and "2130706433" not in calls  # literals: no lookup
    with pytest.raises(Rejected, match="address_forbidden"):
        checked_addresses(policy, "2130706433", resolve(resolver, "2130706433"))


# -- failures -> documented reasons ----------------------------------------------------------------------
def fail(exc: BaseException) -> Failure:
    try:
        raise exc
    except BaseException:  # noqa: BLE001
        return Failure()


def bad_gzip() -> BaseException:
    try:
        gzip.decompress(b"<html>not gzip</html>")
    except Exception as exc:  # noqa: BLE001
        return exc
    raise AssertionError


def bad_deflate() -> BaseException:
    try:
        zlib.decompress(b"definitely not deflate")
    except zlib.error as exc:
        return exc
    raise AssertionError


def tls_wrapped() -> BaseException:
    """What a failed TLS handshake looks like once Twisted and Scrapy have wrapped it."""
    from OpenSSL import SSL
    from twisted.web._newclient import ResponseNeverReceived

    inner = ResponseNeverReceived([fail(SSL.Error([("SSL routines", "", "wrong version number")]))])
    try:
        try:
            raise inner
        except ResponseNeverReceived as exc:
            raise DownloadFailedError(str(exc)) from exc
    except DownloadFailedError as outer:
        return outer


FAILURES = [
    (DownloadTimeoutError("took longer than 2 seconds"), "timeout"),
    (DownloadConnectionRefusedError("refused"), "connection_failed"),
    (CannotResolveHostError("no such host"), "connection_failed"),
    (DownloadFailedError("[<twisted.python.failure.Failure ConnectionLost>]"), "truncated_or_dropped"),
    (ResponseDataLossError(), "truncated_or_dropped"),
    (DownloadCancelledError(""), "too_large"),
    (IgnoreRequest("Ignored response <200 x> because its body exceeded DOWNLOAD_MAXSIZE (5 B)"), "too_large"),
    (IgnoreRequest("Forbidden by robots.txt"), "robots_disallowed"),
    (IgnoreRequest("max redirections reached"), "too_many_redirects"),
    (IgnoreRequest("Filtered offsite request to 'x'"), "off_scope"),
    (IgnoreRequest("something new"), "download_error"),
    (bad_gzip(), "bad_content_encoding"),
    (bad_deflate(), "bad_content_encoding"),
    (ConnectionResetError(104, "reset"), "truncated_or_dropped"),
    (tls_wrapped(), "tls_failed"),
    (ValueError("weird"), "download_error"),
    (Rejected("port_forbidden", "port 9200"), "port_forbidden"),
]


@pytest.mark.parametrize("exc, reason", FAILURES, ids=[type(e).__name__ for e, _ in FAILURES])
def test_every_failure_maps_to_a_documented_reason(exc, reason):
    got, detail = failure_reason(fail(exc))
    assert got == reason and documented(got)
    if got == "download_error":
        assert type(exc).__name__ in detail  # the exception is named in the detail, not as the reason


def test_docs_list_every_rejection_reason():
    doc = (ROOT / "docs" / "crawler.md").read_text(encoding="utf-8")
    section = doc.split("## Rejection reasons", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `([a-z_<>0-9]+)` \|", section, re.M))
    assert listed == set(REASONS)


def test_the_guard_middleware_refuses_with_a_reason_and_gives_proxied_requests_their_proxy():
    from types import SimpleNamespace

    from scrapy import Request

    from crawler.middlewares import NetGuardMiddleware

    stats = SimpleNamespace(inc_value=lambda *args, **kwargs: None)

    onion = Source(name="o", type="onion", seeds=["http://abc.onion/"], proxy="http://127.0.0.1:8118")
    crawler = SimpleNamespace(stats=stats, spider=SimpleNamespace(source=onion))
    guard = NetGuardMiddleware(crawler)
    robots = Request("http://abc.onion/robots.txt", meta={"dont_obey_robotstxt": True})  # as Scrapy makes it
    assert guard.process_request(robots) is None and robots.meta["proxy"] == "http://127.0.0.1:8118"
    with pytest.raises(Rejected) as err:
        guard.process_request(Request("http://abc.onion:9050/"))
    assert err.value.reason == "port_forbidden" and isinstance(err.value, IgnoreRequest)  # never retried
    metadata = source(allowed_domains=["shop.example", "169.254.169.254"])
    site = SimpleNamespace(stats=stats, spider=SimpleNamespace(source=metadata))
    with pytest.raises(Rejected, match="address_forbidden"):
        NetGuardMiddleware(site).process_request(Request("http://[::ffff:169.254.169.254]/"))
