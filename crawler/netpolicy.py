"""Which addresses and ports a source's crawl may reach (no Scrapy here: the source checks use it too).

A hostile page must not turn the crawler against the machine it runs on or the network around it: a link or a
redirect to `127.0.0.1:9200`, to a name that resolves to `169.254.169.254`, to `http://2130706433/` or to
`http://[::1]/`. So every address the crawler connects to must be public (not loopback, private, link-local,
shared, multicast, unspecified, reserved or documentation space, in IPv4 or IPv6, also when an IPv4 address hides
inside an IPv6 one), unless the source lists its network in `allow_networks`; and every port must be a seed's
port (or a default port on a host with no seed) unless the source lists it in `allow_ports`.

`NetPolicy` holds one source's rules; `crawler/middlewares.py` (before a request is sent) and `crawler/download.py`
(on the address actually connected to) apply them, and `crawler/sources.py` checks the seeds with them.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_URL_LENGTH = 2083  # what browsers and Scrapy's URLLENGTH_LIMIT accept
_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT: inside a provider, never public
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # a NAT64 gateway forwards these to the IPv4 address inside
_IPV4_PART = re.compile(r"^(0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*)$")


class Refusal(Exception):
    """A request the crawler will not make; `reason` is one of the documented rejection reasons."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason, self.detail = reason, detail


def parse_ip(host: str) -> IPAddress | None:
    """The address a host string stands for when it is a literal address in any form a resolver accepts:
    dotted IPv4, IPv6 (with or without brackets, IPv4-mapped included), and the old inet_aton forms of IPv4
    (`2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`). None for a host name."""
    host = host.strip().rstrip(".").lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return None
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(_IPV4_PART.match(p) for p in parts):
        return None
    values = []
    for part in parts:
        if part[:2] in ("0x",):
            values.append(int(part[2:] or "0", 16))
        elif len(part) > 1 and part.startswith("0"):
            values.append(int(part, 8))
        else:
            values.append(int(part))
    # a.b.c.d, a.b.c (c: 16 bits), a.b (b: 24 bits), a (32 bits), as inet_aton reads them
    *head, last = values
    if any(v > 255 for v in head) or last >= 1 << (8 * (4 - len(head))):
        return None
    number = last
    for i, v in enumerate(head):
        number |= v << (8 * (3 - i))
    return ipaddress.IPv4Address(number)


def _embedded(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries and that a gateway or a tunnel would reach."""
    found = []
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    return found


def canonical(ip: IPAddress) -> IPAddress:
    """An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is the IPv4 address it maps."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def classify(ip: IPAddress) -> str:
    """'' for a public address, else what it is: loopback, private, link-local, ..."""
    ip = canonical(ip)
    if isinstance(ip, ipaddress.IPv6Address) and ip in _NAT64:  # a public IPv4 through DNS64/NAT64 is public
        inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        kind = classify(inner)
        return f"{kind} (IPv4 {inner} inside)" if kind else ""
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED:
        return "shared (carrier-grade NAT)"
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "site-local"
    if ip.is_reserved:
        return "reserved"
    if ip.is_private:
        return "private"
    if isinstance(ip, ipaddress.IPv6Address):
        for inner in _embedded(ip):
            kind = classify(inner)
            if kind:
                return f"{kind} (IPv4 {inner} inside)"
    if not ip.is_global:
        return "not public"
    return ""


def parse_network(value: str) -> Network:
    """A network (`10.0.0.0/8`, `fd00::/8`) or a single address (`127.0.0.1`, `::1`); ValueError otherwise."""
    text = str(value).strip()
    ip = parse_ip(text.split("/", 1)[0]) if "/" not in text else None
    if ip is not None:
        return ipaddress.ip_network(canonical(ip))
    net = ipaddress.ip_network(text, strict=False)
    if isinstance(net, ipaddress.IPv6Network) and net.network_address.ipv4_mapped is not None and net.prefixlen >= 96:
        return ipaddress.ip_network(f"{net.network_address.ipv4_mapped}/{net.prefixlen - 96}")
    return net


def is_local_name(host: str) -> bool:
    """Names that always mean this machine (RFC 6761), whatever a resolver says."""
    host = host.rstrip(".").lower()
    return host == "localhost" or host.endswith(".localhost")


def host_port(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL, the port filled in from the scheme; ValueError for a bad URL."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    port = parts.port or DEFAULT_PORTS.get(scheme, 0)
    return scheme, host, port


def _default_pair(port: int) -> set[int]:
    """A seed on a default port may be reached on the other one too (http -> https upgrades)."""
    return set(DEFAULT_PORTS.values()) if port in DEFAULT_PORTS.values() else {port}


@dataclass
class NetPolicy:
    """One source's network rules. `scope`: the allowed domains (a name also covers its subdomains, an address
    only itself); `seed_ports`: host -> ports of the seeds on that host; `networks`: non-public networks the source
    may reach; `ports`: extra ports allowed on every host; `proxy`: the source's proxy, which every request goes
    through (it resolves the names itself: nothing is resolved here)."""

    scope: list[str] = field(default_factory=list)
    seed_ports: dict[str, set[int]] = field(default_factory=dict)
    networks: list[Network] = field(default_factory=list)
    ports: set[int] = field(default_factory=set)
    proxy: str = ""

    @property
    def proxied(self) -> bool:
        return bool(self.proxy)

    @classmethod
    def for_source(cls, source) -> NetPolicy:
        seed_ports: dict[str, set[int]] = {}
        for seed in source.seeds:
            _, host, port = host_port(seed)
            seed_ports.setdefault(_host_key(host), set()).update(_default_pair(port))
        return cls(
            scope=[_host_key(d) for d in source.allowed_domains],
            seed_ports=seed_ports,
            networks=list(source.networks),
            ports=set(source.allow_ports),
            proxy=source.proxy,
        )

    # -- names and ports, before anything is sent -----------------------------------------------------------
    def in_scope(self, host: str) -> bool:
        host = _host_key(host)
        if not self.scope:
            return True
        for domain in self.scope:
            if host == domain:
                return True
            if parse_ip(domain) is None and host.endswith("." + domain):
                return True
        return False

    def port_allowed(self, host: str, port: int) -> bool:
        if port in self.ports:
            return True
        own = self.seed_ports.get(_host_key(host))
        if own is not None:
            return port in own
        every = set(DEFAULT_PORTS.values()).union(*self.seed_ports.values()) if self.seed_ports else set()
        return port in every or not self.seed_ports

    def check_url(self, url: str, proxy: str = "") -> None:
        """Raise Refusal for a URL this source must not request (scheme, scope, port, a literal address or a
        local name that is not allowed, an onion name without a proxy)."""
        if len(url) > MAX_URL_LENGTH:
            raise Refusal("bad_url", f"{url[:200]}...: longer than {MAX_URL_LENGTH} characters")
        try:
            scheme, host, port = host_port(url)
        except ValueError as exc:
            raise Refusal("bad_url", f"{url}: {exc}") from None
        if scheme not in DEFAULT_PORTS:
            raise Refusal("scheme_forbidden", f"{scheme or 'no'} scheme in {url}: only http and https are fetched")
        if not host:
            raise Refusal("bad_url", f"no host in {url}")
        if not self.in_scope(host):
            raise Refusal("off_scope", f"{host} is outside the source's allowed_domains ({', '.join(self.scope)})")
        if host.endswith(".onion") and not proxy:
            raise Refusal("onion_without_proxy", f"{host}: onion names are reached only through the source's proxy")
        if self.proxied and not proxy:
            raise Refusal("proxy_missing", f"{url}: this source's requests go through its proxy, never directly")
        if not self.port_allowed(host, port):
            raise Refusal("port_forbidden", f"port {port} of {host} is not a seed's port ({self.ports_text(host)})")
        ip = parse_ip(host)
        if ip is not None:
            self.check_address(ip, host)
        elif is_local_name(host):
            raise Refusal("address_forbidden", f"{host} names this machine (loopback)")

    def ports_text(self, host: str) -> str:
        own = self.seed_ports.get(_host_key(host))
        allowed = sorted((own if own is not None else set().union(*self.seed_ports.values(), DEFAULT_PORTS.values()))
                         | self.ports)  # fmt: skip
        return "allowed: " + ", ".join(map(str, allowed)) + "; a source may add others in allow_ports"

    # -- addresses, on the one actually connected to ---------------------------------------------------------
    def address_allowed(self, ip: IPAddress) -> bool:
        ip = canonical(ip)
        if any(ip.version == net.version and ip in net for net in self.networks):
            return True
        return not classify(ip)

    def check_address(self, ip: IPAddress, host: str = "") -> None:
        ip = canonical(ip)
        if self.address_allowed(ip):
            return
        name = f"{host} -> {ip}" if host and host.strip("[]") != str(ip) else str(ip)
        raise Refusal(
            "address_forbidden",
            f"{name} is a {classify(ip)} address; a source may allow its network in allow_networks",
        )


def _host_key(host: str) -> str:
    """One spelling per host: lower case, no trailing dot, no IPv6 brackets, an address in its canonical form
    (so 2130706433, 0177.0.0.1 and 127.0.0.1 are the same host for the port rule)."""
    host = host.strip().rstrip(".").lower()
    ip = parse_ip(host)
    return str(canonical(ip)) if ip is not None else host.strip("[]")
