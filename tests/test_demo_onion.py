"""The demo onion services, fetched through the real forward proxy (demo.proxy) with urllib's ProxyHandler."""

from __future__ import annotations

import base64
import hashlib
import html
import http.client
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from demo.onion import (
    DOWN_ONIONS,
    LIVE_ONIONS,
    ONION_HOSTS,
    get_onion_web,
    is_valid_v3,
    onion_address,
    onion_ground_truth,
    onion_listing_urls,
)
from demo.proxy import OnionProxy
from demo.server import DemoServer
from demo.site import ground_truth

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def web():
    with DemoServer() as server:
        yield server


@pytest.fixture(scope="module")
def proxy(web):
    with OnionProxy(web.base_url) as p:
        yield p


@pytest.fixture(scope="module")
def opener(proxy):
    return urllib.request.build_opener(urllib.request.ProxyHandler({"http": proxy.url}))


def get(opener, url):
    try:
        with opener.open(url, timeout=15) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def v3_checksum_ok(host: str) -> bool:
    """Independent check of a v3 onion address (spec: rend-spec-v3, 'Encoding onion addresses')."""
    assert host.endswith(".onion")
    label = host[:-6]
    if not re.fullmatch(r"[a-z2-7]{56}", label):
        return False
    raw = base64.b32decode(label.upper())
    pubkey, checksum, version = raw[:32], raw[32:34], raw[34:35]
    expect = hashlib.sha3_256(b".onion checksum" + pubkey + b"\x03").digest()[:2]
    return version == b"\x03" and checksum == expect


# ----------------------------------------------------------------------------- addresses


def test_every_onion_address_is_a_valid_v3_address():
    assert set(ONION_HOSTS) >= {"market", "forum", "shop", "market_mirror"}
    assert len(set(ONION_HOSTS.values())) == len(ONION_HOSTS)
    for name, host in ONION_HOSTS.items():
        assert len(host) == 56 + len(".onion"), name
        assert v3_checksum_ok(host), name
        assert is_valid_v3(host)
    assert LIVE_ONIONS | DOWN_ONIONS == set(ONION_HOSTS.values()) and not LIVE_ONIONS & DOWN_ONIONS
    assert DOWN_ONIONS == {ONION_HOSTS["market_mirror"]}
    # deterministic, and a broken checksum is detected
    assert onion_address("karvon-market") == ONION_HOSTS["market"]
    bad = ONION_HOSTS["market"][:50] + ("a" if ONION_HOSTS["market"][50] != "a" else "b") + ONION_HOSTS["market"][51:]
    assert not v3_checksum_ok(bad) and not is_valid_v3(bad)


# ----------------------------------------------------------------------------- through the proxy


def test_known_onion_market_through_proxy(opener, proxy):
    host = ONION_HOSTS["market"]
    status, headers, body = get(opener, f"http://{host}/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    html = body.decode()
    assert "Karvon Market" in html and "Kora Bazaar" not in html
    cats = re.findall(r'href="(/cat/[a-z]+)"', html)
    assert len(set(cats)) >= 6
    # links to the other onions (absolute URLs), the down mirror included
    assert f"http://{ONION_HOSTS['forum']}/" in html and f"http://{ONION_HOSTS['market_mirror']}/" in html

    # walk a category with ?page=N
    seen, path = [], "/cat/stim"
    while path:
        page = get(opener, f"http://{host}{path}")[2].decode()
        seen += re.findall(r'href="(/listing/\d+)"', page)
        nxt = re.search(r'<a rel="next" href="([^"]+)"', page)
        path = nxt.group(1).replace("&amp;", "&") if nxt else None
    assert len(seen) == len(set(seen)) == len(get_onion_web().cat_items("stim")) > 12

    # a listing: span.price, a.vendor, shipping
    status, _, body = get(opener, f"http://{host}{seen[0]}")
    html = body.decode()
    assert status == 200
    assert re.search(r'<span class="price">[^<]+</span>', html)
    vendor = re.search(r'<a class="vendor" href="(/vendor/[^"]+)">', html).group(1)
    assert re.search(r'<span class="ships">[^<]+</span>', html)
    assert seen[0] in get(opener, f"http://{host}{vendor}")[2].decode()
    assert proxy.stats[host] >= 4


def test_onion_ground_truth_is_fetchable_and_labelled(opener):
    truth = onion_ground_truth()
    assert len(truth) >= 100
    urls = [d["url"] for d in truth]
    assert len(urls) == len(set(urls))
    assert {d["site"] for d in truth} == {"onion-market", "onion-forum", "onion-shop"}
    for d in truth:
        assert set(d) >= {"url", "path", "label", "kind", "lang", "host"}
        assert d["url"] == f"http://{d['host']}{d['path']}" and d["host"] in LIVE_ONIONS
        assert d["label"] in (0, 1) and d["lang"] in {"en", "ru", "uz-latn", "uz-cyrl"}
    labels = {d["label"] for d in truth if d["site"] == "onion-market"}
    assert labels == {0, 1}  # drug listings and other illicit goods
    listings = onion_listing_urls()
    assert listings and all(re.fullmatch(r"http://[a-z2-7]{56}\.onion/listing/\d+", u) for u in listings)
    web = get_onion_web()
    for d in truth:
        status, _, body = get(opener, d["url"])
        assert status == 200, d["url"]
        shown = html.unescape(re.sub(r"<[^>]+>", "", body.decode()))
        first = web.document_text(d["host"], d["path"]).split("\n")[0].strip()
        assert first[:20] in shown, (d["url"], first)
    # not a copy of the clear-web market
    clear = set(_clear_market_titles())
    onion_titles = {web.listing_doc(int(u.rsplit("/", 1)[1]))["title"] for u in listings}
    assert len(clear & onion_titles) <= 0.1 * len(onion_titles)  # short titles may coincide, pages do not


def _clear_market_titles():
    from demo.site import get_site

    site = get_site()
    return [site.item_doc(int(d["path"].rsplit("/", 1)[1]))["title"] for d in ground_truth() if d["site"] == "market"]


def test_forum_and_shop_onions(opener):
    forum = ONION_HOSTS["forum"]
    html = get(opener, f"http://{forum}/")[2].decode()
    boards = sorted(set(re.findall(r'href="(/board/[a-z]+)"', html)))
    assert len(boards) == 3
    topics = re.findall(r'href="(/topic/\d+)"', get(opener, f"http://{forum}{boards[0]}")[2].decode())
    assert topics
    topic = get(opener, f"http://{forum}{topics[0]}")[2].decode()
    assert topic.count('class="post"') >= 2
    shop = ONION_HOSTS["shop"]
    status, _, body = get(opener, f"http://{shop}/")
    assert status == 200 and 'class="menu"' in body.decode()
    assert get(opener, f"http://{shop}/p/1")[0] == 200
    assert get(opener, f"http://{shop}/p/999")[0] == 404
    assert get(opener, f"http://{forum}/topic/0")[0] == 404


def test_down_unknown_and_clear_web_hosts(opener, proxy, web):
    down = ONION_HOSTS["market_mirror"]
    status, headers, body = get(opener, f"http://{down}/")
    assert status == 503 and headers["Content-Type"].startswith("text/html")
    assert down in body.decode()
    unknown = onion_address("nobody-runs-this")
    assert is_valid_v3(unknown)
    assert get(opener, f"http://{unknown}/listing/1")[0] == 502
    assert get(opener, "http://" + "a" * 56 + ".onion/")[0] == 502
    for url in ["http://example.com/", "http://127.0.0.1/", web.base_url + "/market/", "http://localhost:1/"]:
        status, _, body = get(opener, url)
        assert status == 403, url
        assert ".onion" in body.decode()
    assert proxy.statuses[(down, 503)] >= 1 and proxy.statuses[(unknown, 502)] == 1
    assert proxy.statuses[("example.com", 403)] == 1


def test_connect_is_refused(proxy):
    conn = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=10)
    conn.request("CONNECT", f"{ONION_HOSTS['market']}:443")
    resp = conn.getresponse()
    assert resp.status == 405
    conn.close()


def test_proxy_forwards_origin_form_head_and_keeps_host(proxy, web):
    host = ONION_HOSTS["shop"]
    # a client that sends origin-form plus a Host header (as through a transparent setup)
    conn = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=10)
    conn.request("GET", "/", headers={"Host": host})
    resp = conn.getresponse()
    body = resp.read()
    assert resp.status == 200 and b"Oq Bulut" in body
    assert int(resp.getheader("Content-Length")) == len(body)
    conn.request("HEAD", f"http://{host}/p/2")  # keep-alive: a second request on the same connection
    resp = conn.getresponse()
    assert resp.status == 200 and resp.read() == b"" and int(resp.getheader("Content-Length")) > 0
    conn.close()
    # the demo server itself picks the site by Host header
    direct = http.client.HTTPConnection("127.0.0.1", web.port, timeout=10)
    direct.request("GET", "/", headers={"Host": ONION_HOSTS["forum"]})
    assert b"Zulmat" in direct.getresponse().read()
    direct.close()


def test_proxy_refuses_a_non_loopback_upstream():
    with pytest.raises(ValueError):
        OnionProxy("http://192.0.2.1:8089")
    with pytest.raises(ValueError):
        OnionProxy("https://127.0.0.1:8089")
    p = OnionProxy("http://127.0.0.1:1")
    assert p.url is None


def test_proxy_cli(web):
    proc = subprocess.Popen(
        [sys.executable, "-m", "demo.proxy", "--upstream", web.base_url, "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        m = re.search(r"(http://127\.0\.0\.1:\d+)", line)
        assert m, line
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": m.group(1)}))
        assert get(opener, f"http://{ONION_HOSTS['market']}/")[0] == 200
        assert get(opener, "http://example.com/")[0] == 403
    finally:
        proc.terminate()
        proc.wait(timeout=10)
