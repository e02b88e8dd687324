"""Retention on the real node: documents not seen for longer than the age are deleted with search_after + bulk,
except those held for a case (by query or by an exported bundle's manifest); then the raw captures of a real
evidence store that only old documents used are purged, recorded in the manifest, and `verify` stays green."""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from elasticsearch import Elasticsearch

from core.evidence import EvidenceStore, verify
from search import retention
from search.mapping import ensure_docs_index
from search.retention import RetentionError, hold, parse_age

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


# ---------------------------------------------------------------------------------------------------- raw captures

OLD, NEW = "2024-01-01T00:00:00Z", "2099-01-01T00:00:00Z"


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _capture(store: EvidenceStore, name: str, fetched_at: str) -> str:
    body = f"<html><body>capture {name} {'x' * 300}</body></html>".encode()
    return store.store(body, url=f"http://x.test/{name}", final_url=f"http://x.test/{name}", status=200,
                       headers={"Content-Type": "text/html"}, fetched_at=fetched_at, route="direct",
                       crawler_version="t", source="s")["sha256"]  # fmt: skip


def _objects(root: Path) -> set[str]:
    return {p.name[:-3] for p in (root / "objects").rglob("*.gz")}


@pytest.fixture
def world(es_url, tmp_path):
    """An index and an evidence store, every capture fetched long ago: nothing keeps A and G; a fresh document
    uses B (and F, as its current capture); C's document is old but held; D was also fetched again today; only an
    earlier version (history) of a fresh document uses E; H is held for a document no longer in the index."""
    es = Elasticsearch(es_url)
    index = f"imt-ret-{uuid.uuid4().hex[:8]}"
    home = tmp_path / "home"
    ensure_docs_index(es, index)
    with EvidenceStore(home / "evidence") as store:
        sha = {n: _capture(store, n, OLD) for n in "ABCDEFGH"}
        assert _capture(store, "D", _now()) == sha["D"]  # the same body fetched again today
        store.store(b"fresh", url="http://x.test/F2", final_url="http://x.test/F2", status=200, headers={},
                    fetched_at=_now(), route="direct", crawler_version="t", source="s")  # fmt: skip
    docs = {
        "oldA": (OLD, sha["A"], {}),
        "freshB": (NEW, sha["B"], {}),
        "heldC": (OLD, sha["C"], {}),
        "oldD": (OLD, sha["D"], {}),
        "freshE": (NEW, sha["F"], {"version": 2, "history": [{"evidence_sha256": sha["E"], "title": "before"}]}),
    }
    for doc_id, (seen, capture, extra) in docs.items():
        es.index(index=index, id=doc_id, document={"url": f"http://x.test/{doc_id}", "source": "s", "title": doc_id,
                                                   "last_seen": seen, "evidence_sha256": capture, **extra})  # fmt: skip
    es.indices.refresh(index=index)
    hold(es, index, "c1", ["heldC"], "test")
    hold(es, index, "c2", ["gone"], "test", captures={"gone": [sha["H"]]})
    yield SimpleNamespace(es=es, index=index, home=home, root=home / "evidence", sha=sha,
                          env={"IMT_INDEX": index, "IMT_HOME": str(home)})  # fmt: skip
    for name in (f"{index}-v1", f"{index}-holds-v1"):
        es.options(ignore_status=404).indices.delete(index=name)


def test_purge_only_unreferenced_old_captures_and_verify_stays_green(imt, world):
    root, sha = world.root, world.sha
    manifest_before = (root / "manifest.jsonl").read_bytes()
    sizes = {n: EvidenceStore(root).path_for(s).stat().st_size for n, s in sha.items()}

    dry = json.loads(imt("retention", "run", "--older-than", "365d", "--dry-run", "--json", **world.env).stdout)
    assert (dry["deleted"], dry["captures_purged"], dry["captures_kept"]) == (0, 2, 5)
    assert dry["bytes_freed"] == sizes["A"] + sizes["G"] and dry["purge_skipped"] is None
    assert (root / "manifest.jsonl").read_bytes() == manifest_before and _objects(root) == set(sha.values()) | {
        hashlib.sha256(b"fresh").hexdigest()
    }
    assert world.es.count(index=world.index)["count"] == 5
    text = imt("retention", "run", "--older-than", "365d", "--dry-run", **world.env).stdout
    assert "would delete 2" in text and f"Raw captures: would purge 2 ({sizes['A'] + sizes['G']:,} bytes)" in text

    done = json.loads(imt("retention", "run", "--older-than", "365d", "--json", **world.env).stdout)
    assert (done["matched"], done["held"], done["deleted"]) == (3, 1, 2)
    assert (done["captures_purged"], done["captures_kept"], done["bytes_freed"]) == (2, 5, sizes["A"] + sizes["G"])
    gone = {sha["A"], sha["G"]}
    assert not gone & _objects(root) and {sha[n] for n in "BCDEFH"} <= _objects(root)
    lines = (root / "manifest.jsonl").read_bytes().splitlines(keepends=True)
    assert b"".join(lines[:-2]) == manifest_before  # appended, nothing rewritten
    purges = [json.loads(x) for x in lines[-2:]]
    assert {p["sha256"] for p in purges} == gone and all(p["kind"] == "purge" for p in purges)
    assert purges[0]["prev"] == hashlib.sha256(lines[-3]).hexdigest() and purges[1]["older_than_days"] == 365
    assert purges[0]["reason"] == "retention" and purges[0]["compressed_size"] in (sizes["A"], sizes["G"])

    rep = verify(root)
    assert rep.ok and rep.purged == 2 and rep.missing == 0 and rep.chain_breaks == 0, rep.problems
    cli_verify = imt("evidence", "verify", **world.env).stdout.strip().splitlines()[-1]
    assert cli_verify.startswith("OK") and "purged 2" in cli_verify
    assert json.loads(imt("retention", "run", "--older-than", "365d", "--json", **world.env).stdout)[
        "captures_purged"
    ] == 0  # already purged: nothing more, no new line
    assert len((root / "manifest.jsonl").read_bytes().splitlines()) == len(lines)

    # an object deleted by hand is still an error, purges or not
    EvidenceStore(root).path_for(sha["B"]).unlink()
    bad = imt("evidence", "verify", check=False, **world.env)
    assert bad.returncode == 1 and f"object {sha['B']} is missing" in bad.stdout
    assert verify(root).counts["missing"] == 1 and verify(root).counts["purged"] == 2


def test_released_hold_lets_its_captures_go(world):
    res = retention.run(world.es, world.index, 365, evidence_dir=world.root)
    assert res.captures_purged == 2 and world.sha["C"] in _objects(world.root)
    retention.release(world.es, world.index, "c1")
    retention.release(world.es, world.index, "c2")
    res = retention.run(world.es, world.index, 365, evidence_dir=world.root)
    assert (res.deleted, res.captures_purged, res.captures_kept) == (1, 2, 3)  # heldC, its C, and H; B, E, F stay
    assert not {world.sha["C"], world.sha["H"]} & _objects(world.root) and verify(world.root).purged == 4


def test_locked_store_deletes_documents_but_skips_the_purge(imt, world):
    before = (world.root / "manifest.jsonl").read_bytes()
    crawl = EvidenceStore(world.root)
    crawl.acquire()  # another process holds the manifest's lock (maintenance) for longer than retention waits
    try:
        proc = imt("retention", "run", "--older-than", "365d", **world.env)
        warnings = [ln for ln in proc.stderr.splitlines() if ln.startswith("warning:")]
        assert len(warnings) == 1 and "lock is held" in warnings[0] and "Traceback" not in proc.stderr
        assert "deleted 2" in proc.stdout and "Raw captures" not in proc.stdout
        assert world.es.count(index=world.index)["count"] == 3
        assert (world.root / "manifest.jsonl").read_bytes() == before and world.sha["A"] in _objects(world.root)
        res = retention.run(world.es, world.index, 365, evidence_dir=world.root, lock_wait=0.2)
        assert res.captures_purged == 0 and "lock is held" in res.purge_skipped
    finally:
        crawl.close()
    res = retention.run(world.es, world.index, 365, evidence_dir=world.root)  # the next run purges
    assert res.purge_skipped is None and res.captures_purged == 2 and verify(world.root).ok
