"""WARC capture of what crossed the wire: a real local server sends gzip, deflate, brotli, chunked and plain
responses; the crawl (`imt crawl`, the real pipeline) writes request and response records whose payload digest is
the SHA-256 of the bytes the server sent (recorded on the server's side), `warcio check` passes on every file, the
manifest points at each record and `imt evidence verify` checks them; a re-crawl of unchanged pages writes revisit
records only, a changed page a new response; an edited WARC record fails verification."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import shutil
import subprocess
import sys
import threading
import uuid
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import brotli
import pytest

from core.warc import WARC_DIR, read_record, sha256_hex_of_label

pytestmark = pytest.mark.integration

ENCODINGS = ("gzip", "deflate", "br", "chunked", "plain")


def _page(name: str, version: int) -> bytes:
    text = f"Мефедрон 2 г — 650 000 сум, клад Чиланзар. Заказ через бот @shop_{name}_bot. Версия {version}."
    return f"<html><head><title>{name}</title></head><body><p>{text}</p></body></html>".encode()


class Site:
    """The server; `sent[path]` holds the payload bytes it sent last (after chunking is undone: the chunks joined)."""

    def __init__(self):
        self.version = {name: 1 for name in ENCODINGS}
        self.sent: dict[str, bytes] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path == "/":
                    links = "".join(f'<a href="/item/{n}">{n}</a> ' for n in ENCODINGS)
                    self._send(f"<html><body>{links}</body></html>".encode(), {})
                    return
                name = self.path.rsplit("/", 1)[-1]
                if name not in ENCODINGS:
                    self.send_error(404)
                    return
                body = _page(name, site.version[name])
                if name == "gzip":
                    body, headers = gzip.compress(body, mtime=0), {"Content-Encoding": "gzip"}
                elif name == "deflate":
                    body, headers = zlib.compress(body), {"Content-Encoding": "deflate"}
                elif name == "br":
                    body, headers = brotli.compress(body), {"Content-Encoding": "br"}
                else:
                    headers = {}
                site.sent[self.path] = body
                if name == "chunked":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    for i in range(0, len(body), 50):
                        part = body[i : i + 50]
                        self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                    self.wfile.write(b"0\r\n\r\n")
                    return
                self._send(body, headers)

            def _send(self, body: bytes, headers: dict):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def site():
    s = Site()
    yield s
    s.server.shutdown()


@pytest.fixture
def crawl(imt, trained, imt_home, tmp_path, site):
    home = tmp_path / "home"
    shutil.copytree(imt_home / "models", home / "models")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "enc.yaml").write_text(
        f'sources:\n  - {{name: enc, type: site, seeds: ["{site.url}/"], items: ["^/item/"], '
        f'allow_networks: ["127.0.0.1/32"]}}\n', encoding="utf-8")  # fmt: skip
    env = {"IMT_HOME": str(home), "IMT_INDEX": f"imt-warc-{uuid.uuid4().hex[:8]}",
           "IMT_SOURCES_DIR": str(tmp_path / "sources"), "IMT_EVIDENCE_KEY": str(tmp_path / "key.pem")}  # fmt: skip

    def run(*args, check=True):
        return imt(*args, check=check, **env)

    run.home = home
    run.env = env
    return run


def _manifest(home: Path) -> list[dict]:
    return [json.loads(line) for line in (home / "evidence" / "manifest.jsonl").read_text().splitlines()]


def _records(files: list[Path]) -> list[tuple[str, str]]:
    from warcio.archiveiterator import ArchiveIterator

    out = []
    for path in files:
        with open(path, "rb") as fh:
            out += [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in ArchiveIterator(fh)]
    return out


def test_payload_digests_are_of_the_bytes_on_the_wire_and_recrawls_revisit(crawl, site):
    summary = json.loads(crawl("crawl", "enc", "--json").stdout)
    assert summary["by_source"]["enc"] == 5, summary
    folder = crawl.home / "evidence" / WARC_DIR
    lines = {r["url"].rsplit("/", 1)[-1]: r for r in _manifest(crawl.home) if "/item/" in r["url"]}
    assert set(lines) == set(ENCODINGS)
    for name, rec in lines.items():
        ptr = rec["warc"]
        rec_type, _id, digest, payload = read_record(folder, ptr)
        wire = site.sent[f"/item/{name}"]
        assert rec_type == "response" and payload == wire, name
        assert sha256_hex_of_label(digest) == hashlib.sha256(wire).hexdigest(), name  # the server's bytes
    assert lines["gzip"]["sha256"] == hashlib.sha256(_page("gzip", 1)).hexdigest()  # the store keeps the page
    first_files = sorted(folder.glob("*.warc.gz"))
    for path in first_files:
        check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(path)], capture_output=True,
                               text=True)  # fmt: skip
        assert check.returncode == 0, check.stdout + check.stderr
    kinds = _records(first_files)
    assert ("warcinfo", None) in kinds
    assert sum(1 for k, u in kinds if k == "response" and "/item/" in (u or "")) == 5
    assert sum(1 for k, u in kinds if k == "request" and "/item/" in (u or "")) == 5
    assert crawl("evidence", "verify").stdout.count("FAILED") == 0

    site.version["plain"] = 2  # one page changes
    crawl("crawl", "enc", "--json")
    new_files = sorted(set(folder.glob("*.warc.gz")) - set(first_files))
    again = [(k, u.rsplit("/", 1)[-1]) for k, u in _records(new_files) if k in ("response", "revisit") and "item" in u]
    assert sorted(again) == sorted([("revisit", n) for n in ENCODINGS if n != "plain"] + [("response", "plain")])
    assert crawl("evidence", "verify").returncode == 0

    latest = [r for r in _manifest(crawl.home) if r["url"].endswith("/item/plain")][-1]  # the changed page
    assert latest["warc"]["revisit"] is False
    _the_document_page_shows_the_record(crawl, latest, site)

    # an edited WARC record is caught, naming the manifest line
    target = folder / lines["br"]["warc"]["file"]
    data = bytearray(target.read_bytes())
    data[lines["br"]["warc"]["offset"] + 40] ^= 0xFF
    target.write_bytes(bytes(data))
    bad = crawl("evidence", "verify", check=False)
    assert bad.returncode == 1 and "warc:" in bad.stdout, bad.stdout


def _the_document_page_shows_the_record(crawl, line: dict, site) -> None:
    """The evidence page shows the capture as received (WARC headers, server address, original headers) and offers
    the record itself, which a WARC reader opens: the same payload the server sent."""
    import re

    from elasticsearch import Elasticsearch
    from fastapi.testclient import TestClient
    from warcio.archiveiterator import ArchiveIterator

    import config as configuration
    from search import users
    from web.app import create_app
    from web.settings import WebSettings

    cfg = configuration.load({**crawl.env, "IMT_ES_URL": configuration.load().effective_es_url})
    users.add(Elasticsearch(cfg.effective_es_url), cfg.index, "reader", "correct horse battery", "investigator",
              who="test")  # fmt: skip
    client = TestClient(create_app(cfg, WebSettings(secret=b"warc-test-secret-" * 3)))
    login = client.get("/login").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', login).group(1)
    client.post("/login", data={"username": "reader", "password": "correct horse battery", "csrf": csrf})
    page = client.get(f"/evidence/{line['sha256']}")
    assert page.status_code == 200, page.text[:500]
    assert line["warc"]["record_id"].strip("<>") in page.text and "127.0.0.1" in page.text
    assert "Content-Type: text/html; charset=utf-8" in page.text  # the headers as received
    record = client.get(f"/evidence/{line['sha256']}/warc")
    assert record.status_code == 200 and record.headers["content-type"] == "application/warc"
    payloads = [r.raw_stream.read() for r in ArchiveIterator(io.BytesIO(record.content)) if r.rec_type == "response"]
    assert payloads == [site.sent["/item/plain"]]
