"""`imt index migrate` on the real node: next version built, alias swapped, nothing lost (also documents written
while the copy runs), and a refused document stops the migration before the alias moves."""

from __future__ import annotations

import copy
import json
import threading
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from elasticsearch import ApiError, Elasticsearch

import search.migrate as mig
from search.indexer import Indexer
from search.mapping import DOCS_MAPPING, ensure_docs_index
from search.spool import Spool

pytestmark = pytest.mark.integration


def days_ago(n: int) -> str:
    return (datetime.now(timezone.utc) - timedelta(days=n)).strftime("%Y-%m-%d")


def body(i, **changes) -> dict:
    return {k: v for k, v in doc(i).items() if k != "id"} | changes


def doc(i, day=None):
    day = day or days_ago(30)
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
    # the documents written during the copy carry timestamps from well before the migration (a spool replayed
    # later, a re-score, a label): the catch-up must not depend on them
    old_day = days_ago(40)

    def copy_while_writing(es_, old, new, query, total, say, op="create", **kw):
        if op == "create" and not writes_done.is_set():  # during the first migration's copy, a crawl writes
            # through the alias: new documents, updates, deletes
            def writer():
                w = Elasticsearch(es_.transport.node_pool.get().base_url)
                idx = Indexer(w, alias, Spool(tmp_path / "w"))
                for i in range(3000, 3100):
                    idx.add(doc(i, day=old_day))
                idx.add(doc(5, day=old_day) | {"title": "Listing 5, changed", "content_hash": "new"})
                idx.close()
                w.update(index=alias, id="m00007", doc={"label": 0, "score": 0.01})  # an analyst's label
                w.delete(index=alias, id="m02999")  # retention
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
    assert es.count(index=alias)["count"] == 3099  # 3,000 + 100 new - 1 deleted
    assert es.count(index=alias, query={"range": {"last_seen": {"lte": f"{old_day}T23:59:59Z"}}})["count"] >= 100
    assert es.get(index=alias, id="m00005")["_source"]["title"] == "Listing 5, changed"
    assert es.get(index=alias, id="m00007")["_source"]["label"] == 0
    assert not es.exists(index=alias, id="m02999")
    assert es.exists(index=alias, id="m03099")
    assert result.caught_up >= 1 and result.removed == 1
    assert es.indices.exists(index=f"{alias}-v1")  # kept for rollback, and refuses writes that would be lost
    with pytest.raises(ApiError) as refused:
        es.index(index=f"{alias}-v1", id="late", document=body(9999))
    assert refused.value.meta.status == 403
    assert any("copying" in m for m in messages)
    # the next migration goes on to v3 and may delete the old one
    again = mig.migrate(es, alias, DOCS_MAPPING, delete_old=True)
    assert again.new_index == f"{alias}-v3" and again.copied == 3099 and again.deleted_old
    assert not es.indices.exists(index=f"{alias}-v2")


def test_catch_up_never_overwrites_what_the_new_index_took_after_the_swap(es, alias, monkeypatch):
    """A write that reaches the old index during the copy and a newer write of the same document through the alias
    after the swap: the newer one stays."""
    real_swap = es.indices.update_aliases

    def swap_then_write(*a, **kw):
        es.index(index=f"{alias}-v1", id="m00010", document=body(10, title="old index, during the copy"))
        real_swap(*a, **kw)
        es.index(index=alias, id="m00010", document=body(10, title="through the alias, after the swap"))

    monkeypatch.setattr(es.indices, "update_aliases", swap_then_write)
    result = mig.migrate(es, alias, DOCS_MAPPING)
    es.indices.refresh(index=alias)
    assert es.get(index=alias, id="m00010")["_source"]["title"] == "through the alias, after the swap"
    assert result.kept_newer == 1 and result.caught_up == 0


def test_an_item_refused_by_the_write_block_goes_to_the_new_index(es, alias, tmp_path):
    """The indexer's second chance for a bulk item that reached the old index after its write block."""
    mig.migrate(es, alias, DOCS_MAPPING)
    idx = Indexer(es, alias, Spool(tmp_path / "s"))
    late = doc(4242, day=days_ago(3))
    action = {"_op_type": "index", "_id": late["id"], "_source": body(4242, last_seen=late["last_seen"])}
    refused = {"_id": late["id"], "status": 403, "error": {"type": "cluster_block_exception",
               "reason": f"index [{alias}-v1] blocked by: [FORBIDDEN/8/index write (api)];"}}  # fmt: skip
    assert idx._retry_one(action, late, refused)
    assert es.get(index=f"{alias}-v2", id=late["id"])["found"]
    other = {"_id": "x", "status": 403, "error": {"type": "security_exception", "reason": "no"}}
    assert not idx._retry_one(action, late, other)  # only the write block is retried


def test_migration_refuses_a_write_blocked_index(es, alias):
    mig.migrate(es, alias, DOCS_MAPPING)
    es.indices.update_aliases(actions=[{"remove": {"index": f"{alias}-v2", "alias": alias}},
                                       {"add": {"index": f"{alias}-v1", "alias": alias}}])  # fmt: skip
    es.indices.delete(index=f"{alias}-v2")  # a rollback by hand that forgot to lift the block
    with pytest.raises(mig.MigrationError, match="write-blocked"):
        mig.migrate(es, alias, DOCS_MAPPING)


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
