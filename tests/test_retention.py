"""Retention on the real node: documents not seen for longer than the age are deleted with search_after + bulk,
except those held for a case (by query or by an exported bundle's manifest)."""

from __future__ import annotations

import json
import uuid

import pytest
from elasticsearch import Elasticsearch

from search.mapping import ensure_docs_index
from search.retention import RetentionError, parse_age

pytestmark = pytest.mark.integration


def test_parse_age():
    assert parse_age("365d", 0) == 365 and parse_age("2w", 0) == 14 and parse_age("1y", 0) == 365
    assert parse_age(None, 30) == 30 and parse_age("90", 0) == 90
    with pytest.raises(RetentionError, match="365d"):
        parse_age("a year", 0)


def test_old_documents_deleted_held_ones_kept(imt, es_url, tmp_path):
    es = Elasticsearch(es_url)
    index = f"imt-ret-{uuid.uuid4().hex[:8]}"
    env = {"IMT_INDEX": index}
    try:
        ensure_docs_index(es, index)
        docs = {f"old{i}": ("2024-01-01T00:00:00Z", f"old page {i}") for i in range(5)}
        docs |= {"fresh": ("2099-01-01T00:00:00Z", "fresh page"), "oldcase": ("2024-01-01T00:00:00Z", "kept zebra")}
        for doc_id, (seen, title) in docs.items():
            es.index(index=index, id=doc_id, document={"url": f"http://x.test/{doc_id}", "source": "s",
                                                       "title": title, "last_seen": seen})  # fmt: skip
        es.indices.refresh(index=index)
        assert "Held 1 documents for case c1" in imt("hold", "add", "--case", "c1", "zebra", **env).stdout
        bundle = tmp_path / "bundle"
        bundle.mkdir()
        (bundle / "manifest.json").write_text(json.dumps({"files": [{"path": "a", "doc_ids": ["old0"]}]}))
        imt("hold", "add", "--case", "c2", "--bundle", str(bundle), **env)
        imt("hold", "add", "--case", "c3", "--bundle", str(bundle), **env)  # a second case holds the same one
        assert "c1" in imt("hold", "list", **env).stdout
        dry = json.loads(imt("retention", "run", "--older-than", "365d", "--dry-run", "--json", **env).stdout)
        assert (dry["matched"], dry["held"], dry["deleted"]) == (6, 2, 0)
        assert es.count(index=index)["count"] == 7
        off = imt("retention", "run", **env).stdout  # IMT_RETENTION_DAYS defaults to 0: keep everything
        assert "Retention is off" in off
        done = json.loads(imt("retention", "run", "--older-than", "365d", "--json", **env).stdout)
        assert (done["matched"], done["held"], done["deleted"], done["failed"]) == (6, 2, 4, 0)
        left = {h["_id"] for h in es.search(index=index, size=100)["hits"]["hits"]}
        assert left == {"fresh", "oldcase", "old0"}
        imt("hold", "remove", "--case", "c2", **env)
        assert json.loads(imt("retention", "run", "--older-than", "1y", "--json", **env).stdout)["deleted"] == 0
        imt("hold", "remove", "--case", "c3", **env)
        again = json.loads(imt("retention", "run", "--json", IMT_RETENTION_DAYS="365", **env).stdout)
        assert again["deleted"] == 1
        bad = imt("hold", "remove", "--case", "nope", check=False, **env)
        assert bad.returncode == 2 and "no documents held" in bad.stderr
    finally:
        for name in (f"{index}-v1", f"{index}-holds-v1"):
            es.options(ignore_status=404).indices.delete(index=name)
