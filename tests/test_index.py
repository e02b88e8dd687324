"""The indexer against the real Elasticsearch node: upserts, the spool when it is unreachable, dead letters."""

import time
import uuid

import pytest
from elasticsearch import Elasticsearch

from search.indexer import Indexer
from search.mapping import ensure_docs_index
from search.query import Filters, search
from search.spool import Spool

pytestmark = pytest.mark.integration


@pytest.fixture
def es(es_url):
    return Elasticsearch(es_url, request_timeout=30)


@pytest.fixture
def alias(es):
    name = f"imt-t-{uuid.uuid4().hex[:8]}"
    ensure_docs_index(es, name)
    yield name
    es.indices.delete(index=f"{name}-v1")


def doc(i, text="Mephedrone 2g Yunusobod magnet", score=0.9, **extra):
    return {
        "id": f"d{i}",
        "url": f"http://x/{i}",
        "source": "t",
        "title": f"Item {i}",
        "text": text,
        "text_norm": text.lower(),
        "score": score,
        "label": int(score > 0.5),
        "fetched_at": "2026-11-01T00:00:00Z",
        "first_seen": "2026-11-01T00:00:00Z",
        "last_seen": "2026-11-01T00:00:00Z",
        **extra,
    }


def test_alias_points_at_versioned_index(es, alias):
    assert list(es.indices.get_alias(name=alias)) == [f"{alias}-v1"]
    assert es.indices.get_mapping(index=alias)[f"{alias}-v1"]["mappings"]["dynamic"] == "strict"


def test_upsert_is_idempotent_and_keeps_first_seen(es, alias, tmp_path):
    idx = Indexer(es, alias, Spool(tmp_path))
    idx.add(doc(1))
    idx.close()
    indexed_at = es.get(index=alias, id="d1")["_source"]["indexed_at"]  # set by the indexer at the first write
    assert indexed_at.startswith(time.strftime("%Y-%m-%d", time.gmtime()))
    later = doc(
        1,
        fetched_at="2026-11-02T00:00:00Z",
        first_seen="2026-11-02T00:00:00Z",
        last_seen="2026-11-02T00:00:00Z",
    )
    idx2 = Indexer(es, alias, Spool(tmp_path))
    idx2.add(later)
    idx2.close()
    assert es.count(index=alias)["count"] == 1
    stored = es.get(index=alias, id="d1")["_source"]
    assert stored["first_seen"] == "2026-11-01T00:00:00Z" and stored["last_seen"] == "2026-11-02T00:00:00Z"
    assert stored["indexed_at"] == indexed_at  # an update keeps it


def test_unreachable_elasticsearch_spools_then_replays(es, alias, tmp_path):
    spool = Spool(tmp_path / "spool")
    down = Elasticsearch("http://127.0.0.1:1", request_timeout=2, max_retries=0)
    idx = Indexer(down, alias, spool, batch_size=3)
    for i in range(7):
        idx.add(doc(i))
    stats = idx.close()
    assert stats.spooled == 7 and stats.indexed == 0 and len(spool) == 7
    assert len(spool.segments()) >= 2  # one fsynced segment per failed batch
    replayed = Indexer(es, alias, spool).replay()
    assert replayed == 7 and len(spool) == 0
    assert es.count(index=alias)["count"] == 7


def test_rejected_document_goes_to_dead_letter(es, alias, tmp_path):
    spool = Spool(tmp_path)
    idx = Indexer(es, alias, spool)
    idx.add(doc(1))
    idx.add(doc(2, not_in_mapping="x"))  # the mapping is strict
    stats = idx.close()
    assert stats.indexed == 1 and stats.dead == 1
    lines = idx.dead_letter.read_text().splitlines()
    assert len(lines) == 1 and '"d2"' in lines[0] and "strict" in lines[0]


def test_classifier_score_orders_equal_text_matches(es, alias, tmp_path):
    idx = Indexer(es, alias, Spool(tmp_path))
    idx.add(doc(1, text="mephedrone seized in Tashkent", score=0.05))
    idx.add(doc(2, text="mephedrone in Tashkent, magnet drops", score=0.95))
    idx.close()
    page = search(es, alias, "mephedrone Tashkent")
    assert page.total == 2 and [h.id for h in page.hits] == ["d2", "d1"]
    page = search(es, alias, "mephedrone", filters=Filters(min_score=0.5))
    assert [h.id for h in page.hits] == ["d2"]


def test_mapping_conflict_is_a_clear_error(es, imt):
    from search.mapping import MappingConflict

    alias = f"imt-t-{uuid.uuid4().hex[:8]}"
    es.indices.create(index=f"{alias}-v1", mappings={"properties": {"score": {"type": "keyword"}}},
                      aliases={alias: {"is_write_index": True}})  # fmt: skip
    try:
        with pytest.raises(MappingConflict, match="imt index migrate"):
            ensure_docs_index(es, alias)
        proc = imt("index", "replay", check=False, IMT_INDEX=alias)
        assert proc.returncode == 2 and "conflicts" in proc.stderr and "Traceback" not in proc.stderr
    finally:
        es.indices.delete(index=f"{alias}-v1")


def test_failed_items_are_retried_one_by_one(es, alias, tmp_path):
    idx = Indexer(es, alias, Spool(tmp_path))
    # the stored copy vanished between the lookup and the bulk write (deleted meanwhile): the update fails with
    # 404 in the bulk request, and is sent again alone as a full index of the document
    idx._existing = lambda ids: {i: {"content_hash": "old", "version": 3} for i in ids}
    idx.add(doc(7, content_hash="new"))
    idx.add(doc(8, status="not a number"))  # a mapping error: not retried, a dead letter
    stats = idx.close()
    assert stats.indexed == 1 and stats.dead == 1
    assert es.get(index=alias, id="d7")["_source"]["title"] == "Item 7"
    assert not es.exists(index=alias, id="d8")
