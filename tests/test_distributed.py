"""Distributed crawling (crawler/distributed.py): two `imt crawl --redis-url` workers share one crawl through a
real redis-server, against the demo web, and index into one Elasticsearch index; compared with a single-process
crawl of the same site."""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from conftest import real_clock
from demo.server import DemoServer

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
SOURCES = """
sources:
  - {name: big, type: site, seeds: ["${demo}/market/"], follow: ["^/market/"], items: ["^/market/item/\\\\d+$"],
     politeness: {concurrency: 2, delay: 0.02}}
  - {name: capped, type: site, seeds: ["${demo}/market/"], follow: ["^/market/"], max_pages: 100,
     politeness: {concurrency: 2, delay: 0.02}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url():
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is not installed: run `make setup` (it installs Debian's redis-server)")
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        env=real_clock(),  # Redis does not start under libfaketime (make test-future)
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    client.close()
    proc.terminate()
    proc.wait(timeout=10)


class Worker:
    """One crawler set-up with its own home; `index` may be shared with other workers."""

    def __init__(self, imt, imt_home, root: Path, index: str, demo_url: str):
        self.home = root / "home"
        shutil.copytree(imt_home / "models", self.home / "models")
        (root / "sources").mkdir(parents=True)
        (root / "sources" / "test.yaml").write_text(SOURCES, encoding="utf-8")
        self.env = dict(
            imt.env,
            IMT_HOME=str(self.home),
            IMT_INDEX=index,
            IMT_SOURCES_DIR=str(root / "sources"),
            IMT_DEMO_URL=demo_url,
            IMT_REDIS_IDLE="3",
        )

    def start(self, *args: str, source: str = "big") -> subprocess.Popen:
        cmd = [sys.executable, "cli.py", "crawl", source, "--json", *args]
        return subprocess.Popen(cmd, env=self.env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def captured(self) -> list[str]:
        """URLs of the pages this worker fetched and kept as evidence (one manifest line per capture)."""
        lines = (self.home / "evidence" / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
        return [json.loads(line)["url"] for line in lines if line.strip()]


def finish(proc: subprocess.Popen) -> dict:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err[-2000:]
    return json.loads(out.strip().splitlines()[-1])


def indexed_urls(es: Elasticsearch, index: str) -> set[str]:
    es.indices.refresh(index=index)
    resp = es.search(index=index, size=10000, query={"match_all": {}}, source=["url"])
    return {h["_source"]["url"] for h in resp["hits"]["hits"]}


def test_two_workers_share_one_crawl(imt, trained, imt_home, tmp_path, es_url, redis_url):
    import redis

    es = Elasticsearch(es_url)
    shared, single_index = f"imt-dist-{uuid.uuid4().hex[:8]}", f"imt-single-{uuid.uuid4().hex[:8]}"
    stopped_index = f"imt-stop-{uuid.uuid4().hex[:8]}"
    try:
        with DemoServer(pages=3000) as srv:
            single = Worker(imt, imt_home, tmp_path / "single", single_index, srv.base_url)
            one = finish(single.start())
            workers = [Worker(imt, imt_home, tmp_path / f"w{i}", shared, srv.base_url) for i in (1, 2)]
            procs = [w.start("--redis-url", redis_url) for w in workers]
            results = [finish(p) for p in procs]
            # a worker stopped with Ctrl-C hands its requests in flight back; the other one finishes the crawl
            others = [Worker(imt, imt_home, tmp_path / f"s{i}", stopped_index, srv.base_url) for i in (1, 2)]
            procs = [w.start("--redis-url", redis_url, "--crawl-id", "stop") for w in others]
            for line in procs[0].stderr:  # its first progress line: it is crawling
                if line.strip().startswith("crawled"):
                    break
            procs[0].send_signal(signal.SIGINT)
            out, err = procs[0].communicate(timeout=300)
            assert out.strip(), err[-2000:]
            stopped, survivor = json.loads(out.strip().splitlines()[-1]), finish(procs[1])
        assert one["finished"]["big"] == "finished" and one["documents"] > 100
        assert all(r["finished"]["big"] == "finished" for r in results), results
        # the union of the workers' documents is the single crawl's, nothing lost
        assert indexed_urls(es, shared) == indexed_urls(es, single_index)
        assert sum(r["documents"] for r in results) == one["documents"]
        # no page fetched by both workers: their evidence captures are disjoint and together the single crawl's
        fetched = [w.captured() for w in workers]
        assert all(len(f) == len(set(f)) for f in fetched)
        assert not set(fetched[0]) & set(fetched[1])
        assert set(fetched[0]) | set(fetched[1]) == set(single.captured())
        # pages_crawled counts every response, robots.txt too, which each worker fetches for itself
        assert sum(r["pages_crawled"] for r in results) == one["pages_crawled"] + 1
        # both did a fair part of the work
        assert all(r["pages_crawled"] >= 0.1 * one["pages_crawled"] for r in results), results
        # a crawl that ran to its end leaves nothing in Redis: the next one with the same id starts afresh
        assert redis.Redis.from_url(redis_url).keys("imt:*") == []
        # the interrupted worker: nothing lost, and only what it had in flight was fetched again
        assert stopped["finished"]["big"] == "shutdown" and survivor["finished"]["big"] == "finished"
        assert stopped["pages_crawled"] > 0 and survivor["pages_crawled"] > 0
        assert indexed_urls(es, stopped_index) == indexed_urls(es, single_index)
        again = set(others[0].captured()) & set(others[1].captured())
        assert len(again) <= 16, again  # at most CONCURRENT_REQUESTS were in its downloader
    finally:
        for index in (shared, single_index, stopped_index):
            es.options(ignore_status=404).indices.delete(index=f"{index}-v1,{index}-runs-v1")


def test_unreachable_redis_is_one_clear_line(imt, tmp_path):
    port = free_port()  # nothing listens there
    url = f"redis://127.0.0.1:{port}/0"
    proc = imt("crawl", "big", "--redis-url", url, check=False, IMT_SOURCES_DIR=str(tmp_path))
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert url in lines[0] and "omit --redis-url" in lines[0] and "Traceback" not in proc.stderr
    # the same through IMT_REDIS_URL
    proc = imt("crawl", "big", check=False, IMT_SOURCES_DIR=str(tmp_path), IMT_REDIS_URL=url)
    assert proc.returncode != 0 and url in proc.stderr and "Traceback" not in proc.stderr


def test_page_budget_is_the_crawls_not_each_workers(imt, trained, imt_home, tmp_path, redis_url):
    import redis

    index = f"imt-dist-{uuid.uuid4().hex[:8]}"
    es = Elasticsearch(imt.env["IMT_ES_URL"])
    try:
        with DemoServer(pages=3000) as srv:  # 724 pages: each worker alone could spend the whole budget
            workers = [Worker(imt, imt_home, tmp_path / f"w{i}", index, srv.base_url) for i in (1, 2)]
            procs = [w.start("--redis-url", redis_url, "--crawl-id", "budget", source="capped") for w in workers]
            results = [finish(p) for p in procs]
    finally:
        es.options(ignore_status=404).indices.delete(index=f"{index}-v1,{index}-runs-v1")
    assert all(r["finished"]["capped"] == "closespider_pagecount" for r in results), results
    pages = sum(r["pages_crawled"] for r in results)
    # the budget counts responses (robots.txt too, as Scrapy's CLOSESPIDER_PAGECOUNT does); as in one process,
    # the requests a worker already handed to its downloader when the budget is reached still complete (up to
    # CONCURRENT_REQUESTS, 16, each), and the other worker learns of it with its next response (one more).
    # Budgets counted per worker would give at least 2 x 100.
    assert 100 <= pages <= 100 + 2 * 16 + 1, results
    assert redis.Redis.from_url(redis_url).keys("imt:*") == []
