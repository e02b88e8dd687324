"""The crawler on real components: the demo web server, the local onion proxy, the real Elasticsearch node,
driven through the real `imt crawl` command with its own sources, home and index per test."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import uuid
from collections import Counter

import pytest
from elasticsearch import Elasticsearch

from crawler.reasons import documented
from demo import traps
from demo.onion import ONION_HOSTS
from demo.proxy import OnionProxy
from demo.server import DemoServer
from demo.traps import EXPECTED_TEXT, INTERNAL_PORT

pytestmark = pytest.mark.integration


class Crawl:
    """One isolated crawler set-up: its own sources folder, home, index."""

    def __init__(self, imt, imt_home, tmp_path, es_url, sources_yaml: str):
        self.imt = imt
        self.home = tmp_path / "home"
        shutil.copytree(imt_home / "models", self.home / "models")
        (tmp_path / "sources").mkdir()
        (tmp_path / "sources" / "test.yaml").write_text(sources_yaml, encoding="utf-8")
        self.index = f"imt-crawl-{uuid.uuid4().hex[:8]}"
        self.env = {"IMT_HOME": str(self.home), "IMT_INDEX": self.index, "IMT_SOURCES_DIR": str(tmp_path / "sources")}
        self.es = Elasticsearch(es_url)

    def run(self, *names, check=True):
        proc = self.imt("crawl", *names, "--json", check=check, **self.env)
        return json.loads(proc.stdout) if proc.stdout.strip() else proc

    def docs(self) -> dict[str, dict]:
        self.es.indices.refresh(index=self.index)
        resp = self.es.search(index=self.index, size=5000, query={"match_all": {}})
        return {h["_source"]["url"]: h["_source"] for h in resp["hits"]["hits"]}

    def cleanup(self):
        self.es.options(ignore_status=404).indices.delete(index=f"{self.index}-v1")


@pytest.fixture
def crawl_factory(imt, trained, imt_home, tmp_path, es_url):
    made = []

    def make(sources_yaml: str) -> Crawl:
        c = Crawl(imt, imt_home, tmp_path / f"c{len(made)}", es_url, sources_yaml)
        made.append(c)
        return c

    yield make
    for c in made:
        c.cleanup()


# -- onion sources through the proxy -------------------------------------------------------------------
def test_onion_market_through_local_proxy(crawl_factory, demo_server):
    with OnionProxy(demo_server.base_url) as proxy:
        market, down = ONION_HOSTS["market"], ONION_HOSTS["market_mirror"]
        c = crawl_factory(f"""
sources:
  - {{name: onion-market, type: onion, seeds: ["http://{market}/"], proxy: "{proxy.url}", items: ["^/listing/"]}}
  - {{name: onion-mirror, type: onion, seeds: ["http://{down}/"], proxy: "{proxy.url}",
      politeness: {{retries: 0}}}}
  - {{name: dead-proxy, type: onion, seeds: ["http://{market}/"], proxy: "http://127.0.0.1:1",
      politeness: {{retries: 0}}}}
""")
        summary = c.run("onion-market", "onion-mirror", "dead-proxy")
        served = dict(proxy.stats)
    assert summary["by_source"]["onion-market"] >= 20
    assert "onion-mirror" not in summary["by_source"]
    assert summary["rejected"].get("http_503", 0) >= 1  # the dead mirror is recorded, the crawl goes on
    assert summary["rejected"].get("connection_failed", 0) >= 1  # so is a proxy that is not there
    # both count as proxy failures (a proxy's 503 for an onion that is down, no connection to the proxy), and the
    # run records them with the bytes downloaded
    assert summary["proxy_failures"] == summary["rejected"]["http_503"] + summary["rejected"]["connection_failed"]
    captured = [json.loads(line) for line in (c.home / "evidence" / "manifest.jsonl").read_text().splitlines()]
    body_bytes = sum(r["size"] for r in captured)
    assert body_bytes <= summary["bytes"] <= 2 * body_bytes + 2000 * summary["requests"]  # bodies plus headers
    run = json.loads(c.imt("runs", "show", summary["run_id"], "--json", **c.env).stdout)
    assert run["proxy_failures"] == summary["proxy_failures"] and run["bytes"] == summary["bytes"]
    docs = c.docs()
    assert docs and all(u.startswith(f"http://{market}/listing/") for u in docs)
    assert all(d["route"] == f"proxy:{proxy.url}" for d in docs.values())
    assert served.get(market, 0) >= len(docs)
    assert any(d["label"] == 1 for d in docs.values())
    # every capture is in the evidence store; tampering with one is caught
    assert c.imt("evidence", "verify", **c.env).stdout.startswith("OK")
    some = next(iter(docs.values()))["evidence_sha256"]
    obj = c.home / "evidence" / "objects" / some[:2] / some[2:4] / f"{some}.gz"
    obj.chmod(0o644)
    data = bytearray(obj.read_bytes())
    data[len(data) // 2] ^= 0xFF
    obj.write_bytes(bytes(data))
    tampered = c.imt("evidence", "verify", check=False, **c.env)
    assert tampered.returncode == 1 and some in tampered.stdout and "FAILED" in tampered.stdout


# -- bad input ------------------------------------------------------------------------------------------
# what becomes of every URL a crawl of the trap pages asks for: "doc" (indexed; a redirect chain ends in the
# document of its last URL) or the reason of its one line in rejected.jsonl
TRAP_OUTCOMES = {
    "/traps/": "doc",
    "/traps/cp1251": "doc",
    "/traps/koi8r": "doc",
    "/traps/wrong-charset": "doc",
    "/traps/no-charset": "doc",
    "/traps/malformed": "doc",
    "/traps/binary": "binary_body",
    "/traps/truncated": "truncated_or_dropped",
    "/traps/huge": "too_large",
    "/traps/loop/a": "redirect_loop",
    "/traps/slow": "timeout",
    "/traps/gone": "http_410",
    "/traps/error": "http_500",
    "/traps/utf16le-bom": "doc",
    "/traps/utf16be-bom": "doc",
    "/traps/utf16-header": "doc",
    "/traps/utf16-meta": "doc",
    "/traps/utf32le-bom": "doc",
    "/traps/utf32be-header": "doc",
    "/traps/utf32-meta": "doc",
    "/traps/gzip-bomb": "too_large",
    "/traps/deflate-bomb": "too_large",
    "/traps/bad-gzip": "bad_content_encoding",
    "/traps/meta-refresh": "doc",  # captured itself ...
    "/traps/meta-refresh/target": "doc",  # ... and its target followed
    "/traps/meta-refresh-offsite": "doc",
    "http://moved.invalid/shop": "off_scope",  # its refresh target
    "/traps/refresh-header": "doc",  # a Refresh header ...
    "/traps/refresh-header/target": "doc",  # ... followed the same way
    "/traps/redirect-offsite": "off_scope",
    "/traps/redirect-chain": "doc",  # -> /traps/redirect-chain/end
    "/traps/redirect-dup": "redirect_duplicate",  # -> /traps/cp1251, fetched through its own link
    "/traps/other-port": "doc",
    f"http://127.0.0.1:{INTERNAL_PORT}/traps/status": "port_forbidden",  # a link of /traps/other-port
    "/traps/other-port-redirect": "port_forbidden",
    "/traps/metadata-redirect": "off_scope",
    "/private/": "robots_disallowed",
}
# what the server is asked for besides those (redirect hops); /private/ and the refused URLs never reach it
TRAP_HOPS = ["/traps/loop/b", "/traps/redirect-chain/2", "/traps/redirect-chain/3", "/traps/redirect-chain/end"]


def test_traps_every_url_accounted_for_once(crawl_factory):
    with DemoServer(record=True) as srv:
        c = crawl_factory("""
sources:
  - name: traps
    type: site
    seeds: ["${demo}/traps/", "${demo}/private/"]
    follow: ["^/traps/"]
    items: ["^/traps/"]
    focus: false
    politeness: {timeout: 2, retries: 0, download_maxsize: 5000000}
""")
        c.env["IMT_DEMO_URL"] = srv.base_url
        summary = c.run("traps")
        served = [path for _, path in srv.requests if path != "/robots.txt"]
    base = srv.base_url

    def full(url):
        return url if url.startswith("http") else base + url

    expected = {full(u): outcome for u, outcome in TRAP_OUTCOMES.items()}
    assert len(expected) == 37 and len(traps.TRAP_PATHS) == 31  # every trap of the index, and what they lead to
    assert {full(p) for p in traps.TRAP_PATHS} <= set(expected)
    rejected = [json.loads(line) for line in (c.home / "state" / "rejected.jsonl").read_text().splitlines()]
    captures = [json.loads(line) for line in (c.home / "evidence" / "manifest.jsonl").read_text().splitlines()]
    docs = c.docs()
    outcomes: dict[str, list[str]] = {}
    for line in rejected:
        assert documented(line["reason"]), line
        outcomes.setdefault(line["url"], []).append(line["reason"])
    final = {}
    for record in captures:
        final.setdefault(record["url"], []).append(record["final_url"])
        if record["final_url"] in docs:
            outcomes.setdefault(record["url"], []).append("doc")
    # exactly one place for each URL: one document or one rejection, never both, never twice
    assert {url: found for url, found in outcomes.items() if len(found) != 1} == {}
    assert {url: found[0] for url, found in outcomes.items()} == expected
    assert all(len(v) == 1 for v in final.values()), final  # each page captured once
    assert set(docs) == {f for v in final.values() for f in v if f in docs}  # every document has its capture
    assert docs[base + "/traps/redirect-chain/end"] and final[base + "/traps/redirect-chain"] == [
        base + "/traps/redirect-chain/end"
    ]
    # the server saw each of those URLs once (and the redirect hops), nothing else: no retry, no second fetch
    asked = sorted(u[len(base) :] for u, o in expected.items() if u.startswith(base) and o != "robots_disallowed")
    assert sorted(served) == sorted(asked + TRAP_HOPS)
    assert summary["rejected"] == dict(Counter(o for o in expected.values() if o != "doc"))
    assert summary["documents"] == len(docs) == sum(1 for o in expected.values() if o == "doc")
    for path, expected_text in EXPECTED_TEXT.items():  # and the encodings are decoded, UTF-16 and UTF-32 too
        doc = docs[base + path]
        assert expected_text in doc["text"], (path, doc["text"][:200])
        if path in traps.WIDE:
            assert doc["encoding"] == traps.TRUE_ENCODING[path], (path, doc["encoding"])
    assert docs[base + "/traps/meta-refresh"]["text"].startswith("Catalogue moved")
    bomb = next(line for line in rejected if line["url"] == base + "/traps/gzip-bomb")
    assert "decompress" in bomb["detail"]
    port = next(line for line in rejected if line["url"] == base + "/traps/other-port-redirect")
    assert port["chain"] == [base + "/traps/other-port-redirect", f"http://127.0.0.1:{INTERNAL_PORT}/_search"]


# -- change awareness and Telegram's new posts ----------------------------------------------------------
MARKET_AND_TELEGRAM = """
sources:
  - {name: m, type: site, seeds: ["${demo}/market/"], follow: ["^/market/"], items: ["^/market/item/\\\\d+$"]}
  - name: tg
    type: telegram
    seeds: ["${demo}/t.me/s/snegovik_tash", "${demo}/t.me/s/uzinfo_news"]
"""


def test_changes_history_gone_and_new_posts_only(imt, crawl_factory):
    from demo.site import changed_on_day, gone_on_day

    with DemoServer() as srv:
        c = crawl_factory(MARKET_AND_TELEGRAM)
        c.env["IMT_DEMO_URL"] = srv.base_url
        first = c.run("m", "tg")
        before = c.docs()
        srv.day = 1
        second = c.run("m", "tg")
        after = c.docs()
    changed = {srv.base_url + p for p in changed_on_day(1)} & set(before)
    gone = {srv.base_url + p for p in gone_on_day(1)} & set(before)
    assert changed and gone
    assert second["changed"] == len(changed)
    assert second["gone"] >= len(gone)
    for url in changed:
        assert after[url]["version"] == 2 and len(after[url]["history"]) == 1
        assert after[url]["history"][0]["content_hash"] == before[url]["content_hash"] != after[url]["content_hash"]
        assert after[url]["first_seen"] == before[url]["first_seen"]
    for url in gone:
        assert after[url]["gone_at"]
    unchanged = set(before) - changed - gone
    sample = next(u for u in unchanged if "/market/item/" in u)
    assert after[sample]["last_seen"] >= before[sample]["last_seen"] and after[sample]["version"] == 1
    # Telegram: the second run collects only the posts published since the first
    tg_first = first["by_source"]["tg"]
    assert second["by_source"].get("tg", 0) == 6  # 3 new posts in each of the 2 channels
    assert len([u for u in after if "/t.me/" in u]) == tg_first + 6


# -- resume ---------------------------------------------------------------------------------------------
def test_interrupted_crawl_resumes_without_refetching(imt, crawl_factory, tmp_path):
    with DemoServer(pages=3000) as srv:
        c = crawl_factory("""
sources:
  - {name: big, type: site, seeds: ["${demo}/market/"], follow: ["^/market/"], items: ["^/market/item/\\\\d+$"],
     politeness: {concurrency: 2, delay: 0.02}}
""")
        env = dict(imt.env, **c.env, IMT_DEMO_URL=srv.base_url)
        cmd = [sys.executable, "cli.py", "crawl", "big", "--json"]
        proc = subprocess.Popen(
            cmd,
            env=env,
            cwd=os.path.dirname(os.path.dirname(__file__)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        head = []
        for line in proc.stderr:  # the first progress line: the crawl is under way (about 2 s in)
            head.append(line)
            if line.strip().startswith("crawled"):
                break
        proc.send_signal(signal.SIGINT)  # as Ctrl-C: Scrapy stops gracefully and keeps its job folder
        out, err = proc.communicate(timeout=120)
        err = "".join(head) + err
        first = json.loads(out)
        assert first["finished"]["big"] == "shutdown", err[-500:]
        assert (c.home / "state" / "jobs" / "big").is_dir()
        second = json.loads(imt("crawl", "big", "--json", IMT_DEMO_URL=srv.base_url, **c.env).stdout)
        assert second["finished"]["big"] == "finished"
        assert not (c.home / "state" / "jobs" / "big").exists()
        full_env = {**c.env, "IMT_DEMO_URL": srv.base_url, "IMT_INDEX": c.index + "-full"}
        full = json.loads(imt("crawl", "big", "--json", **full_env).stdout)
        c.es.options(ignore_status=404).indices.delete(index=f"{c.index}-full-v1")
    assert first["pages_crawled"] > 20 and second["pages_crawled"] > 20
    # nothing fetched twice (a few requests in flight at the interrupt may be), nothing lost
    assert first["pages_crawled"] + second["pages_crawled"] <= full["pages_crawled"] + 16
    assert len(c.docs()) == full["documents"]
