"""A hostile site against the real `imt crawl` (real demo server, real Elasticsearch, real downloader): links and
redirects to another port of the same host, to loopback in decimal, octal, hex, IPv6 and IPv4-mapped forms, to
169.254.169.254, to names that resolve to link-local and loopback addresses, through chains of redirects, and a
name that rebinds between lookups. Every one is refused in the downloader, recorded with its reason, and the
internal servers listening there are never reached.

The hostile site runs on 127.0.0.2, which its source allows (`allow_networks`); the "internal services" listen on
127.0.0.1, on [::1] and on another port of 127.0.0.2. Host names are answered by a stand-in for the system
resolver installed in the crawl process (the C library's getaddrinfo and gethostbyname replaced for a few
`.imt-test` names, the way an /etc/hosts entry would answer them), so the crawler's own resolution, checking and
connecting run unchanged.
"""

from __future__ import annotations

import errno
import json
import shutil
import socket
import subprocess
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from demo.server import DemoServer
from demo.traps import redirect_url

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parent.parent

# runs `imt` with the stand-in resolver: each name answers its addresses in turn (the last one repeating)
WRAPPER = r"""
import json, os, socket, sys
answers = json.loads(os.environ["IMT_TEST_FAKE_DNS"])
calls = {}
def answer(host):
    n = calls[host] = calls.get(host, 0) + 1
    addrs = answers[host]
    return addrs[min(n, len(addrs)) - 1]
real_getaddrinfo, real_gethostbyname = socket.getaddrinfo, socket.gethostbyname
def getaddrinfo(host, port, *args, **kwargs):
    name = host.decode() if isinstance(host, bytes) else host
    if name in answers:
        ip = answer(name)
        port = int(port or 0)
        if ":" in ip:
            return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", (ip, port, 0, 0))]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))]
    return real_getaddrinfo(host, port, *args, **kwargs)
def gethostbyname(host):
    return answer(host) if host in answers else real_gethostbyname(host)
socket.getaddrinfo, socket.gethostbyname = getaddrinfo, gethostbyname
sys.path.insert(0, os.environ["IMT_TEST_ROOT"])
import cli
cli.main()
"""


class Internal:
    """An internal service that must never be reached: counts every request it gets."""

    def __init__(self, host: str, port: int):
        hits = self.hits = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                hits.append(self.path)
                body = b"<html><body><h1>INTERNAL SECRET</h1><p>cluster state, tokens</p></body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        server_cls = type("Server", (ThreadingHTTPServer,), {"address_family": family, "daemon_threads": True})
        self.server = server_cls((host, port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hostile():
    """The hostile site on 127.0.0.2:P, internal services on 127.0.0.1:P, [::1]:P and 127.0.0.2:Q."""
    for _ in range(10):
        site = DemoServer(host="127.0.0.2", record=True)
        site.__enter__()
        internals: dict[str, Internal] = {}
        try:
            internals["loopback"] = Internal("127.0.0.1", site.port)
            internals["other_port"] = Internal("127.0.0.2", 0)
            try:
                internals["ipv6"] = Internal("::1", site.port)
            except OSError as exc:  # no IPv6 loopback on this machine: the refusal is still checked
                if exc.errno not in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
                    raise
            break
        except OSError:  # the port is taken on another address: another one
            for server in internals.values():
                server.close()
            site.__exit__(None, None, None)
    else:
        pytest.fail("no port free on 127.0.0.1, ::1 and 127.0.0.2 at once")
    yield site, internals
    for server in internals.values():
        server.close()
    site.__exit__(None, None, None)


def run_crawl(imt, imt_home, tmp_path, es_url, sources_yaml: str, fake_dns: dict) -> tuple[dict, Path, dict]:
    home = tmp_path / "home"
    shutil.copytree(imt_home / "models", home / "models")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "ssrf.yaml").write_text(sources_yaml, encoding="utf-8")
    index = f"imt-ssrf-{uuid.uuid4().hex[:8]}"
    env = dict(imt.env, IMT_HOME=str(home), IMT_INDEX=index, IMT_SOURCES_DIR=str(tmp_path / "sources"))
    env.update(IMT_TEST_FAKE_DNS=json.dumps(fake_dns), IMT_TEST_ROOT=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", WRAPPER, "crawl", "ssrf", "--json"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    es = Elasticsearch(es_url)
    try:
        es.indices.refresh(index=index)
        hits = es.search(index=index, size=1000, query={"match_all": {}})["hits"]["hits"]
    finally:
        es.options(ignore_status=404).indices.delete(index=f"{index}-v1")
    return json.loads(proc.stdout), home, {h["_source"]["url"]: h["_source"] for h in hits}


def test_hostile_links_and_redirects_never_reach_internal_services(imt, trained, imt_home, tmp_path, es_url, hostile):
    site, internal = hostile
    base, port, other = site.base_url, site.port, internal["other_port"].port

    def via(url: str, hops: int = 1) -> str:  # a redirect (or a chain of them) on the hostile site to `url`
        for _ in range(hops):
            url = redirect_url(base, url)
        return url

    expected = {
        # another port of the same host: a link and a 302
        f"{base}/traps/other-port?port={other}": "doc",
        f"http://127.0.0.2:{other}/_cat/indices": "port_forbidden",  # links of that page
        f"http://127.0.0.2:{other}/traps/status": "port_forbidden",
        via(f"http://127.0.0.2:{other}/_search"): "port_forbidden",
        # loopback in every spelling, on the port the hostile site uses
        via(f"http://2130706433:{port}/decimal"): "address_forbidden",
        via(f"http://0177.0.0.1:{port}/octal"): "address_forbidden",
        via(f"http://0x7f.1:{port}/hex"): "address_forbidden",
        via(f"http://[::1]:{port}/ipv6"): "address_forbidden",
        via(f"http://[::ffff:127.0.0.1]:{port}/mapped"): "address_forbidden",
        via(f"http://localhost:{port}/localhost"): "address_forbidden",
        # the metadata service, literally and through a name; an internal service through a name
        via("http://169.254.169.254/latest/meta-data/"): "address_forbidden",
        via("http://metadata.imt-test/latest/meta-data/iam/"): "address_forbidden",
        via(f"http://internal.imt-test:{port}/secret"): "address_forbidden",
        # a chain of three redirects ending on an internal name
        via(f"http://internal.imt-test:{port}/chained", hops=3): "address_forbidden",
        # an onion name is never fetched (nor resolved) without the proxy
        via(f"http://xyzxyzxyzxyz.onion:{port}/"): "onion_without_proxy",
        # controls: a public name is resolved and fetched; a name that rebinds to loopback after its first answer
        # is fetched from the address that was checked
        via(f"http://public.imt-test:{port}/traps/cp1251"): "doc",
        f"http://rebind.imt-test:{port}/traps/koi8r": "doc",
    }
    seeds = [u for u in expected if u.startswith(base) or "rebind" in u]
    allowed = ["127.0.0.2", "127.0.0.1", "::1", "169.254.169.254", "localhost", "metadata.imt-test",
               "internal.imt-test", "public.imt-test", "rebind.imt-test", "xyzxyzxyzxyz.onion"]  # fmt: skip
    sources_yaml = f"""
sources:
  - name: ssrf
    type: site
    seeds: {json.dumps(seeds)}
    allowed_domains: {json.dumps(allowed)}
    allow_networks: ["127.0.0.2"]
    items: ["^/"]
    focus: false
    politeness: {{timeout: 5, retries: 0}}
"""
    fake_dns = {
        "metadata.imt-test": ["169.254.169.254"],
        "internal.imt-test": ["127.0.0.1"],
        "public.imt-test": ["127.0.0.2"],
        "rebind.imt-test": ["127.0.0.2", "127.0.0.1"],
    }
    summary, home, docs = run_crawl(imt, imt_home, tmp_path, es_url, sources_yaml, fake_dns)

    # nothing reached the internal services, nothing of theirs was indexed
    assert {name: server.hits for name, server in internal.items()} == dict.fromkeys(internal, [])
    assert {"loopback", "other_port"} <= set(internal)
    assert not any("INTERNAL SECRET" in d["text"] for d in docs.values())
    # every URL ends in exactly one place, with the expected reason
    rejected = [json.loads(line) for line in (home / "state" / "rejected.jsonl").read_text().splitlines()]
    captures = [json.loads(line) for line in (home / "evidence" / "manifest.jsonl").read_text().splitlines()]
    outcomes: dict[str, list[str]] = {}
    for line in rejected:
        outcomes.setdefault(line["url"], []).append(line["reason"])
    for record in captures:
        if record["final_url"] in docs:
            outcomes.setdefault(record["url"], []).append("doc")
    assert outcomes == {url: [outcome] for url, outcome in expected.items()}
    assert summary["rejected"] == {"port_forbidden": 3, "address_forbidden": 10, "onion_without_proxy": 1}
    # the reasons say what was refused and why
    by_url = {line["url"]: line for line in rejected}
    meta = by_url[via("http://metadata.imt-test/latest/meta-data/iam/")]
    assert "metadata.imt-test -> 169.254.169.254 is a link-local address" in meta["detail"]
    # the decimal form is read as the address it stands for (the host name is named too when the refusal comes
    # from the URL check; a refusal at connection time can name only the address: either way, loopback)
    decimal = by_url[via(f"http://2130706433:{port}/decimal")]["detail"]
    assert "127.0.0.1 is a loopback address" in decimal and decimal.split(" is a ")[0] in ("2130706433 -> 127.0.0.1",
                                                                                         "127.0.0.1")  # fmt: skip
    chained = by_url[via(f"http://internal.imt-test:{port}/chained", hops=3)]
    assert len(chained["chain"]) == 4 and chained["chain"][-1] == f"http://internal.imt-test:{port}/chained"
    assert f"port {other} of 127.0.0.2" in by_url[via(f"http://127.0.0.2:{other}/_search")]["detail"]
    # the controls were fetched from the hostile site itself, under their names
    assert (f"public.imt-test:{port}", "/traps/cp1251") in site.requests
    assert (f"rebind.imt-test:{port}", "/traps/koi8r") in site.requests
    assert docs[f"http://public.imt-test:{port}/traps/cp1251"]["text"].startswith("Мефедрон")


def self_signed(tmp_path: Path, name: str) -> tuple[Path, Path]:
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    start = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=365 * 30))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def test_https_through_the_checked_address_keeps_the_host_name(imt, trained, imt_home, tmp_path, es_url):
    """https connects to the checked address too, with the host name for SNI; its redirects are checked alike."""
    import ssl

    seen: list = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append((self.headers["Host"], self.path))
            if self.path == "/go":
                self.send_response(302)
                self.send_header("Location", f"https://internal.imt-test:{port}/secret")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = f"<html><body><h1>TLS shop {self.path}</h1><a href='/b'>b</a> <a href='/go'>go</a></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body.encode())))
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args):
            pass

    for _ in range(10):  # the TLS site on 127.0.0.2:P, an internal service on 127.0.0.1:P
        server = ThreadingHTTPServer(("127.0.0.2", 0), Handler)
        port = server.server_address[1]
        try:
            internal = Internal("127.0.0.1", port)
            break
        except OSError:
            server.server_close()
    else:
        pytest.fail("no port free on both 127.0.0.1 and 127.0.0.2")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*self_signed(tmp_path, "public.imt-test"))
    names: list = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        sources_yaml = f"""
sources:
  - name: ssrf
    type: site
    seeds: ["https://public.imt-test:{port}/a"]
    allowed_domains: ["public.imt-test", "internal.imt-test"]
    allow_networks: ["127.0.0.2"]
    items: ["^/"]
    politeness: {{obey_robots: false, retries: 0}}
"""
        fake_dns = {"public.imt-test": ["127.0.0.2"], "internal.imt-test": ["127.0.0.1"]}
        summary, home, docs = run_crawl(imt, imt_home, tmp_path, es_url, sources_yaml, fake_dns)
    finally:
        server.shutdown()
        server.server_close()
        internal.close()
    assert set(docs) == {f"https://public.imt-test:{port}/a", f"https://public.imt-test:{port}/b"}
    assert set(names) == {"public.imt-test"}  # SNI: the name, though the connection went to 127.0.0.2
    assert sorted(seen) == sorted((f"public.imt-test:{port}", p) for p in ("/a", "/b", "/go"))
    assert internal.hits == []
    (line,) = [json.loads(x) for x in (home / "state" / "rejected.jsonl").read_text().splitlines()]
    assert line["url"] == f"https://public.imt-test:{port}/go" and line["reason"] == "address_forbidden"
    assert summary["rejected"] == {"address_forbidden": 1}
