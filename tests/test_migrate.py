"""`imt index migrate` on the real node: next version built, alias swapped, nothing lost (also documents written
while the copy runs), and a refused document stops the migration before the alias moves."""

from __future__ import annotations

import copy
import json
import threading
import uuid

import pytest
from elasticsearch import Elasticsearch

import search.migrate as mig
from search.indexer import Indexer
from search.mapping import DOCS_MAPPING, ensure_docs_index
from search.spool import Spool

pytestmark = pytest.mark.integration


def doc(i, day="2026-11-01"):
    return {
        "id": f"m{i:05d}",
        "url": f"http://m/{i:05d}",
        "source": "s",
        "title": f"Listing {i}",
        "text": f"mephedrone listing number {i}",
        "text_norm": f"mephedron list number {i}",
        "score": 0.5,
        "label": 1,
        "fetched_at": f"{day}T00:00:00Z",
        "first_seen": f"{day}T00:00:00Z",
        "last_seen": f"{day}T00:00:00Z",
    }


@pytest.fixture
def es(es_url):
    return Elasticsearch(es_url, request_timeout=60)


@pytest.fixture
def alias(es, tmp_path):
    name = f"imt-m-{uuid.uuid4().hex[:8]}"
    ensure_docs_index(es, name)
    idx = Indexer(es, name, Spool(tmp_path / "spool"))
    for i in range(3000):
        idx.add(doc(i))
    idx.close()
    yield name
    for index in es.indices.get(index=f"{name}-v*"):
        es.indices.delete(index=index)


def test_migrate_swaps_alias_and_keeps_writes_made_during_the_copy(es, alias, tmp_path, monkeypatch):
    monkeypatch.setattr(mig, "PAGE", 200)  # many pages: the writer below runs while they are copied
    writes_done = threading.Event()
    real_copy = mig._copy

    def copy_while_writing(es_, old, new, query, total, say, op="create", **kw):
        if op == "create":  # during the first pass, a crawl writes through the alias: new docs and an update
            def writer():
                idx = Indexer(Elasticsearch(es_.transport.node_pool.get().base_url), alias, Spool(tmp_path / "w"))
                for i in range(3000, 3100):
                    idx.add(doc(i, day="2026-12-01"))
                idx.add(doc(5, day="2026-12-02") | {"title": "Listing 5, changed", "content_hash": "new"})
                idx.close()
                writes_done.set()

            thread = threading.Thread(target=writer)
            thread.start()
            n = real_copy(es_, old, new, query, total, say, op, **kw)
            thread.join()
            return n
        return real_copy(es_, old, new, query, total, say, op, **kw)

    monkeypatch.setattr(mig, "_copy", copy_while_writing)
    messages = []
    result = mig.migrate(es, alias, DOCS_MAPPING, progress=messages.append)
    assert writes_done.is_set()
    assert (result.old_index, result.new_index) == (f"{alias}-v1", f"{alias}-v2")
    assert list(es.indices.get_alias(name=alias)) == [f"{alias}-v2"]
    es.indices.refresh(index=alias)
    assert es.count(index=alias)["count"] == 3100
    assert es.get(index=alias, id="m00005")["_source"]["title"] == "Listing 5, changed"
    assert es.indices.exists(index=f"{alias}-v1")  # kept for rollback
    assert any("copying" in m for m in messages)
    # the next migration goes on to v3 and may delete the old one
    again = mig.migrate(es, alias, DOCS_MAPPING, delete_old=True)
    assert again.new_index == f"{alias}-v3" and again.copied == 3100 and again.deleted_old
    assert not es.indices.exists(index=f"{alias}-v2")


def test_refused_documents_stop_the_migration_before_the_swap(es, alias):
    narrow = copy.deepcopy(DOCS_MAPPING)
    del narrow["properties"]["text_norm"]  # strict mapping without a field the documents have
    with pytest.raises(mig.MigrationError, match="refused by the new mapping.*still points at"):
        mig.migrate(es, alias, narrow)
    assert list(es.indices.get_alias(name=alias)) == [f"{alias}-v1"]
    assert not es.indices.exists(index=f"{alias}-v2")


def test_cli_migrate_and_errors(imt, alias):
    proc = imt("index", "migrate", IMT_INDEX=alias)
    assert f"{alias}-v1 -> {alias}-v2, 3000 documents copied" in proc.stdout
    # progress: a few log lines (not a terminal), the last one with the count of the total
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert lines[0] == f"  copying 3000 documents {alias}-v1 -> {alias}-v2"
    assert lines[-1].startswith("  copied: 3,000/3,000 (100%), ") and len(lines) < 8 and "\r" not in proc.stderr
    # JSON logs: every line an object, the counts as fields
    as_json = imt("index", "migrate", IMT_INDEX=alias, IMT_LOG_FORMAT="json")
    recs = [json.loads(ln) for ln in as_json.stderr.splitlines() if ln.strip()]
    assert recs[0]["message"] == f"copying 3000 documents {alias}-v2 -> {alias}-v3"
    assert recs[-1]["done"] == recs[-1]["total"] == 3000 and recs[-1]["message"].startswith("copied: 3,000/3,000")
    missing = imt("index", "migrate", check=False, IMT_INDEX="imt-no-such-alias")
    assert missing.returncode == 2 and "does not exist" in missing.stderr and "Traceback" not in missing.stderr
