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

import pytest
from elasticsearch import Elasticsearch

from demo.onion import ONION_HOSTS
from demo.proxy import OnionProxy
from demo.server import DemoServer
from demo.traps import EXPECTED_TEXT

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
def test_traps_are_recorded_and_encodings_decoded(crawl_factory, demo_server):
    c = crawl_factory("""
sources:
  - name: traps
    type: site
    seeds: ["${demo}/traps/", "${demo}/private/"]
    follow: ["^/traps/"]
    items: ["^/traps/(?!$)"]
    focus: false
    politeness: {timeout: 2, retries: 0, download_maxsize: 5000000}
""")
    summary = c.run("traps")
    rejected = summary["rejected"]
    for reason in ("binary_body", "too_large", "redirect_loop", "timeout", "http_410", "http_500", "robots_disallowed"):
        assert rejected.get(reason, 0) >= 1, (reason, rejected)
    assert rejected.get("truncated_or_dropped", 0) >= 1, rejected
    docs = c.docs()
    for path, expected in EXPECTED_TEXT.items():
        doc = docs.get(demo_server.base_url + path)
        assert doc is not None, path
        assert expected in doc["text"], (path, doc["text"][:200])
    malformed = docs[demo_server.base_url + "/traps/malformed"]
    assert malformed["text"].strip()
    log = (c.home / "state" / "rejected.jsonl").read_text().splitlines()
    assert len(log) == sum(rejected.values())
    assert all(json.loads(line)["url"].startswith(demo_server.base_url) for line in log)


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
