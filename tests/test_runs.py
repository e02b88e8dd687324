"""Crawl run history on the real node: every `imt crawl` is recorded with its status and counts; a run whose
process died is marked interrupted by the next crawl; `imt runs list | show`."""

from __future__ import annotations

import json
import uuid

import pytest
from elasticsearch import Elasticsearch

from search import runs

pytestmark = pytest.mark.integration


def test_crawls_are_recorded_and_stale_runs_marked_interrupted(imt, trained, es_url):
    index = f"imt-r-{uuid.uuid4().hex[:8]}"
    es = Elasticsearch(es_url)
    env = {"IMT_INDEX": index}
    try:
        first = json.loads(imt("crawl", "demo-news", "--json", **env).stdout)
        assert first["run_id"] and first["documents"] > 0
        # a crawl killed earlier: its run is still "running" and its process is gone
        dead = runs.start(es, index, ["demo-shop"])
        es.update(index=runs.runs_alias(index), id=dead, doc={"pid": 2**22 + 7}, refresh=True)
        second = json.loads(imt("crawl", "demo-news", "--json", **env).stdout)
        listed = [json.loads(line) for line in imt("runs", "list", "--json", **env).stdout.splitlines()]
        assert [r["run_id"] for r in listed] == [second["run_id"], dead, first["run_id"]]
        by_id = {r["run_id"]: r for r in listed}
        assert by_id[dead]["status"] == "interrupted" and "ended without finishing" in by_id[dead]["error"]
        rec = by_id[first["run_id"]]
        assert rec["status"] == "finished" and rec["sources"] == ["demo-news"]
        for key in ("pages_crawled", "documents", "new", "unchanged", "flagged", "indexed", "spooled"):
            assert rec[key] == first[key], key
        assert rec["model_version"] == first["model"] and rec["finished_at"] >= rec["started_at"]
        assert by_id[second["run_id"]]["unchanged"] == second["unchanged"] > 0
        table = imt("runs", "list", "--source", "demo-news", **env).stdout
        assert first["run_id"] in table and dead not in table and "finished" in table
        shown = imt("runs", "show", first["run_id"], **env).stdout
        assert "demo-news" in shown and f"documents      {first['documents']}" in shown
        missing = imt("runs", "show", "r-nope", check=False, **env)
        assert missing.returncode == 2 and "imt runs list" in missing.stderr and "Traceback" not in missing.stderr
    finally:
        for name in (f"{index}-v1", f"{index}-runs-v1"):
            es.options(ignore_status=404).indices.delete(index=name)
