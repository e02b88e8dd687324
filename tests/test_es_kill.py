"""Killing Elasticsearch in the middle of a crawl loses nothing: a second, throw-away node of the same install is
killed with SIGKILL while `imt crawl` runs; the crawl spools what it cannot write, and after a restart
`imt index replay` brings the index to exactly the crawl's documents (no loss, no duplicates)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

import config
from demo.server import DemoServer

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
PORT = 9251


@pytest.fixture
def throwaway_node(imt, trained, imt_home, tmp_path_factory):
    from search.node import Node

    cfg = config.load()
    install = Node(cfg, echo=lambda m: None).home
    if cfg.es_url or not (install / "bin" / "elasticsearch").is_file():
        pytest.skip("needs the project's local Elasticsearch install (not an external IMT_ES_URL)")
    # a home in a private folder (mode 700, as /root is): the node's user cannot reach it, so the install and data
    # live in a folder of their own under IMT_ES_SYSTEM_DIR (search/node.py node_root)
    private = tmp_path_factory.mktemp("private-home")
    private.chmod(0o700)
    home = private / "var"
    shutil.copytree(imt_home / "models", home / "models")
    env = {k: v for k, v in imt.env.items() if k != "IMT_ES_URL"}
    env.update(IMT_HOME=str(home), IMT_ES_PORT=str(PORT), IMT_INDEX=f"imt-kill-{uuid.uuid4().hex[:6]}")
    node = Node(config.load(env), echo=lambda m: None)
    assert node.relocated and node.root.parent == cfg.es_system_dir
    shutil.copytree(install, node.home, symlinks=True, ignore=shutil.ignore_patterns("data", "logs"))
    run = lambda *a, **kw: subprocess.run([sys.executable, str(ROOT / "cli.py"), *a], env={**env, **kw},  # noqa: E731
                                          cwd=ROOT, capture_output=True, text=True, timeout=600)  # fmt: skip
    started = run("es", "start", **{"LD_PRELOAD": ""})  # the node keeps the real clock (make test-future)
    assert started.returncode == 0, started.stderr[-2000:]
    assert (home / "elasticsearch" / "LOCATION").read_text().splitlines()[0] == str(node.root)
    yield env, run, node
    removed = run("es", "remove", "--yes")
    assert removed.returncode == 0 and not node.root.exists(), removed.stderr


def test_killing_elasticsearch_mid_crawl_loses_nothing(throwaway_node, tmp_path):
    env, run, node = throwaway_node
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "big.yaml").write_text(
        """
sources:
  - {name: big, type: site, seeds: ["${demo}/market/"], follow: ["^/market/"], items: ["^/market/item/\\\\d+$"],
     politeness: {concurrency: 2, delay: 0.02}}
""",
        encoding="utf-8",
    )
    with DemoServer(pages=800) as srv:
        crawl_env = {**env, "IMT_SOURCES_DIR": str(tmp_path / "sources"), "IMT_DEMO_URL": srv.base_url}
        proc = subprocess.Popen([sys.executable, "cli.py", "crawl", "big", "--json"], env=crawl_env, cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        head = []
        for line in proc.stderr:  # the first progress line: documents are being indexed
            head.append(line)
            if line.strip().startswith("crawled"):
                break
        pid = int(node.pidfile.read_text().strip())
        os.kill(pid, signal.SIGKILL)  # Elasticsearch dies mid-crawl
        out, err = proc.communicate(timeout=600)
    summary = json.loads(out)
    assert summary["spooled"] > 0, "".join(head) + err[-1000:]
    assert summary["documents"] > 100
    # back up: the spool replays everything, in order, with upserts by id
    restarted = run("es", "start", **{"LD_PRELOAD": ""})
    assert restarted.returncode == 0, restarted.stderr[-2000:]
    replay = run("index", "replay")
    assert replay.returncode == 0, replay.stderr
    es = Elasticsearch(f"http://127.0.0.1:{PORT}")
    es.indices.refresh(index=env["IMT_INDEX"])
    assert es.count(index=env["IMT_INDEX"])["count"] == summary["documents"]
    urls = {h["_source"]["url"] for h in es.search(index=env["IMT_INDEX"], size=5000, _source=["url"])["hits"]["hits"]}
    assert len(urls) == summary["documents"]  # one document per page, none twice
    status = run("index", "status").stdout
    assert status.startswith("spooled    0"), status
