"""Trap pages under /traps/: raw bytes and headers, read with http.client and plain sockets."""

from __future__ import annotations

import gzip
import http.client
import socket
import time
import urllib.error
import urllib.request
import zlib
from html.parser import HTMLParser

import pytest

from demo import traps
from demo.server import DemoServer
from demo.site import fetchable_paths, ground_truth


@pytest.fixture(scope="module")
def srv():
    with DemoServer() as server:
        yield server


def raw_get(srv, path, method="GET", timeout=15):
    """(status, headers dict with lower-case names, body bytes) through http.client."""
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=timeout)
    try:
        conn.request(method, path)
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body
    finally:
        conn.close()


def raw_socket(srv, path, timeout=10) -> tuple[bytes, bytes, bool]:
    """Send one request on a socket; return (head, body, closed_by_server)."""
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=timeout)
    try:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        data, closed = b"", False
        while True:
            try:
                chunk = s.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                closed = True
                break
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        return head, body, closed
    finally:
        s.close()


def test_index_links_every_trap_and_traps_stay_out_of_the_default_site(srv):
    status, headers, body = raw_get(srv, "/traps/")
    assert status == 200
    html = body.decode()
    for path in traps.TRAP_PATHS:
        assert f'href="{path}"' in html, path
    assert {"/traps/loop/a", "/traps/huge", "/traps/truncated", "/traps/slow"} <= set(traps.TRAP_PATHS)
    assert not any(d["path"].startswith("/traps") for d in ground_truth())
    assert not any(p.startswith("/traps") for p in fetchable_paths())
    assert "/traps" not in raw_get(srv, "/")[2].decode()
    assert raw_get(srv, "/traps")[0] == 301
    assert raw_get(srv, "/traps/nothing-here")[0] == 404


def _lines(path):
    lines = traps.EXPECTED_LINES[path]
    assert traps.EXPECTED_TEXT[path] in lines and "\n" not in traps.EXPECTED_TEXT[path]
    return lines


def test_cp1251_declared_in_header(srv):
    status, headers, body = raw_get(srv, "/traps/cp1251")
    assert status == 200 and headers["content-type"] == "text/html; charset=windows-1251"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("cp1251")
    assert all(line in text for line in _lines("/traps/cp1251"))
    assert "мефедрон" in text.lower() and "charset" not in text.lower()
    assert set(traps.EXPECTED_TEXT) == set(traps.EXPECTED_LINES) == set(traps.TRUE_ENCODING)


def test_koi8r_declared_only_in_meta(srv):
    status, headers, body = raw_get(srv, "/traps/koi8r")
    assert status == 200 and headers["content-type"] == "text/html"
    assert b'<meta charset="koi8-r">' in body
    text = body.decode("koi8_r")
    assert all(line in text for line in _lines("/traps/koi8r"))
    assert not all(line in body.decode("cp1251", "replace") for line in _lines("/traps/koi8r"))


def test_wrong_charset_header(srv):
    status, headers, body = raw_get(srv, "/traps/wrong-charset")
    assert status == 200 and headers["content-type"] == "text/html; charset=iso-8859-1"
    text = body.decode("utf-8")  # the truth
    assert all(line in text for line in _lines("/traps/wrong-charset"))
    assert any(ch in text for ch in "ўқғҳ")  # Uzbek Cyrillic as well as Russian
    latin1 = body.decode("iso-8859-1")  # what believing the header gives
    assert not any(line in latin1 for line in _lines("/traps/wrong-charset"))


def test_no_charset_anywhere(srv):
    status, headers, body = raw_get(srv, "/traps/no-charset")
    assert status == 200 and headers["content-type"] == "text/html"
    assert b"charset" not in body.lower()
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("cp1251")
    assert all(line in text for line in _lines("/traps/no-charset"))


def test_malformed_html_still_has_the_offer(srv):
    status, headers, body = raw_get(srv, "/traps/malformed")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    html = body.decode("utf-8")
    assert "<div class=wrap><div class=offer>\n</div></div></div></span>" in html  # stray closing tags
    assert "<script" in html and "</script>" not in html  # a script never closed
    assert html.rstrip().endswith("<div>")
    assert "class=offer" in html  # attribute values without quotes

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts = []

        def handle_data(self, data):
            self.parts.append(data)

    p = Text()
    p.feed(html)
    p.close()
    text = " ".join(p.parts)
    for line in _lines("/traps/malformed"):
        assert line in text, line


def test_binary_served_as_html(srv):
    status, headers, body = raw_get(srv, "/traps/binary")
    assert status == 200 and headers["content-type"] == "text/html"
    assert body.startswith(b"\x89PNG\r\n\x1a\n") and body[12:16] == b"IHDR"
    assert len(body) > 1000 and int(headers["content-length"]) == len(body)
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


def test_truncated_body_and_closed_connection(srv):
    head, body, closed = raw_socket(srv, "/traps/truncated")
    assert head.startswith(b"HTTP/1.1 200")
    assert b"\r\nContent-Length: 100000" in head
    assert closed, "the server must close the connection after the short body"
    assert 1000 <= len(body) <= 4000 < 100000
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
    conn.request("GET", "/traps/truncated")
    with pytest.raises(http.client.IncompleteRead):
        conn.getresponse().read()
    conn.close()
    assert raw_get(srv, "/")[0] == 200  # the server lives on


def test_huge_page_is_streamed_with_a_length(srv):
    status, headers, body = raw_get(srv, "/traps/huge", method="HEAD")
    assert status == 200 and body == b""
    assert int(headers["content-length"]) == traps.HUGE_SIZE == 50 * 1024 * 1024
    # the generator yields small chunks: the page is never built in memory
    sizes = [len(c) for c in traps.huge_chunks()]
    assert sum(sizes) == traps.HUGE_SIZE and max(sizes) < 1 << 20
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    conn.request("GET", "/traps/huge")
    resp = conn.getresponse()
    assert resp.getheader("Content-Type") == "text/html; charset=utf-8"
    first, total, last = b"", 0, b""
    while True:
        chunk = resp.read(1 << 20)
        if not chunk:
            break
        if not first:
            first = chunk[:100]
        total += len(chunk)
        last = chunk[-100:]
    conn.close()
    assert total == traps.HUGE_SIZE
    assert first.startswith(b"<!DOCTYPE html>") and last.endswith(b"</html>\n")


def test_a_client_that_gives_up_on_the_huge_page(srv):
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    s.sendall(b"GET /traps/huge HTTP/1.1\r\nHost: x\r\n\r\n")
    assert s.recv(4096).startswith(b"HTTP/1.1 200")
    s.close()
    assert raw_get(srv, "/market/")[0] == 200


def test_redirect_loop(srv):
    status, headers, _ = raw_get(srv, "/traps/loop/a")
    assert status == 302 and headers["location"] == "/traps/loop/b"
    status, headers, _ = raw_get(srv, "/traps/loop/b")
    assert status == 302 and headers["location"] == "/traps/loop/a"
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(srv.base_url + "/traps/loop/a", timeout=10)
    assert err.value.code == 302 and "loop" in str(err.value.reason)


def test_gone_and_error(srv):
    assert raw_get(srv, "/traps/gone")[0] == 410
    assert raw_get(srv, "/traps/error")[0] == 500


def test_slow_page(srv):
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=1)
    conn.request("GET", "/traps/slow")
    t0 = time.monotonic()
    with pytest.raises(TimeoutError):
        conn.getresponse()
    assert time.monotonic() - t0 < 2.5
    conn.close()
    t0 = time.monotonic()
    status, _, body = raw_get(srv, "/traps/slow", timeout=10)
    assert status == 200 and b"Slow page" in body
    assert time.monotonic() - t0 >= traps.SLOW_SECONDS - 0.05


# -- UTF-16 / UTF-32, compression, meta refresh, redirects and other ports --------------------------------
BOMS = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-32-le": b"\xff\xfe\x00\x00",
        "utf-32-be": b"\x00\x00\xfe\xff"}  # fmt: skip


@pytest.mark.parametrize("path", list(traps.WIDE))
def test_wide_encoding_pages(srv, path):
    title, lines, _lang, codec, bom, ctype, meta = traps.WIDE[path]
    status, headers, body = raw_get(srv, path)
    assert status == 200 and headers["content-type"] == ctype == traps.PAGES[path][1]
    assert body.startswith(BOMS[codec]) == bom
    if not bom:
        assert not any(body.startswith(mark) for mark in BOMS.values())
    assert b"\x00" in body[:64]  # wide: full of zero bytes, nothing like UTF-8
    text = body[len(BOMS[codec]) if bom else 0 :].decode(codec)
    assert traps.TRUE_ENCODING[path] == codec
    assert all(line in text for line in _lines(path)) and title in text
    declared = [d for d in (meta, ctype.partition("charset=")[2]) if d]
    assert bom or declared  # each is marked or declared somewhere, as the issue describes
    if meta:
        assert f'<meta charset="{meta}">' in text and "charset" not in ctype


def inflate(body: bytes, wbits: int) -> int:
    out, d = 0, zlib.decompressobj(wbits)
    data = body
    while data:
        out += len(d.decompress(data, 1 << 20))
        data = d.unconsumed_tail
    return out + len(d.flush())


def test_compression_bombs_and_a_body_that_is_not_gzip(srv):
    for path, encoding, wbits in (("/traps/gzip-bomb", "gzip", 31), ("/traps/deflate-bomb", "deflate", 15)):
        status, headers, body = raw_get(srv, path)
        assert status == 200 and headers["content-encoding"] == encoding
        assert len(body) < 200_000 and int(headers["content-length"]) == len(body)
        assert inflate(body, wbits) == traps.BOMB_SIZE == 64 * 1024 * 1024
    status, headers, body = raw_get(srv, "/traps/bad-gzip")
    assert status == 200 and headers["content-encoding"] == "gzip" and body.startswith(b"<!DOCTYPE html>")
    with pytest.raises(gzip.BadGzipFile):
        gzip.decompress(body)


def test_meta_refresh_pages(srv):
    status, _, body = raw_get(srv, "/traps/meta-refresh")
    html = body.decode()
    assert status == 200 and '<meta http-equiv="refresh" content="0; url=/traps/meta-refresh/target">' in html
    assert all(line in html for line in traps.REFRESH_LINES)  # a page of its own, worth capturing
    status, _, body = raw_get(srv, "/traps/meta-refresh/target")
    assert status == 200 and traps.REFRESH_TARGET_LINES[0] in body.decode()
    status, headers, _ = raw_get(srv, "/traps/refresh-header")
    assert status == 200 and headers["refresh"] == "0; url=/traps/refresh-header/target"
    assert raw_get(srv, "/traps/refresh-header/target")[0] == 200
    html = raw_get(srv, "/traps/meta-refresh-offsite")[2].decode()
    assert f'content="0; url={traps.OFFSITE_URL}shop"' in html and traps.OFFSITE_URL.startswith("http://")


def test_redirect_traps(srv):
    locations = {
        "/traps/redirect-offsite": (302, traps.OFFSITE_URL + "landing"),
        "/traps/redirect-chain": (301, "/traps/redirect-chain/2"),
        "/traps/redirect-chain/2": (302, "/traps/redirect-chain/3"),
        "/traps/redirect-chain/3": (307, "/traps/redirect-chain/end"),
        "/traps/redirect-dup": (302, "/traps/cp1251"),
        "/traps/metadata-redirect": (302, "http://169.254.169.254/latest/meta-data/"),
        "/traps/redirect?to=http%3A%2F%2F10.0.0.1%2Fx": (302, "http://10.0.0.1/x"),
        "/traps/redirect?to=/traps/&status=308": (308, "/traps/"),
        "/traps/redirect?to=/traps/&status=200": (302, "/traps/"),  # only redirect statuses
    }
    for path, (status, location) in locations.items():
        got, headers, _ = raw_get(srv, path)
        assert (got, headers.get("location")) == (status, location), path
    assert raw_get(srv, "/traps/redirect-chain/end")[0] == 200
    assert (
        traps.redirect_url("http://h:1/", "http://x/?a=1") == "http://h:1/traps/redirect?to=http%3A%2F%2Fx%2F%3Fa%3D1"
    )


def test_other_port_traps_use_the_host_asked_for(srv):
    html = raw_get(srv, "/traps/other-port")[2].decode()
    assert f'href="http://127.0.0.1:{traps.INTERNAL_PORT}/_cat/indices"' in html
    assert f'href="http://127.0.0.1:{traps.INTERNAL_PORT}/traps/status"' in html
    html = raw_get(srv, "/traps/other-port?port=9301")[2].decode()
    assert 'href="http://127.0.0.1:9301/_cat/indices"' in html
    status, headers, _ = raw_get(srv, "/traps/other-port-redirect?port=9301")
    assert status == 302 and headers["location"] == "http://127.0.0.1:9301/_search"
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
    conn.request("GET", "/traps/other-port-redirect", headers={"Host": "shop.example:8080"})
    resp = conn.getresponse()
    assert resp.getheader("Location") == f"http://shop.example:{traps.INTERNAL_PORT}/_search"
    conn.close()


def test_a_recording_server_lists_every_request():
    with DemoServer(record=True) as server:
        raw_get(server, "/traps/gone")
        raw_get(server, "/traps/redirect?to=/x")
        assert server.requests == [(f"127.0.0.1:{server.port}", "/traps/gone"),
                                   (f"127.0.0.1:{server.port}", "/traps/redirect?to=/x")]  # fmt: skip
    assert DemoServer().requests is None
