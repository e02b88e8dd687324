"""Retention: delete documents not seen for longer than the configured age, and then the raw captures nothing
needs any more, except what a case holds.

- Age: a document is old when its `last_seen` (the last crawl that reached it; `fetched_at` when missing) is
  before now minus the age (`--older-than 365d`, else IMT_RETENTION_DAYS; 0 = keep everything).
- Holds: `<base>-holds` (imt-docs -> imt-holds) holds one entry per held document id with the cases holding
  it and the SHA-256 of its captures (current and earlier versions, when it was held). `imt export --format
  case` holds every exported document under the case's name (unless --no-hold); `imt hold add --case NAME
  QUERY` holds every document matching a query; `imt hold add --case NAME --bundle DIR` holds the documents of
  an exported case bundle; `imt hold remove --case NAME` releases a case. A document held by any case is never
  deleted, and neither are its captures.
- Deletion walks the old documents with search_after (sorted by last_seen, then url) and deletes each page of
  them with one bulk request (no _delete_by_query: the test distribution lacks it, and this way each deleted
  id is counted). search_after is stateless, so deleting a page does not disturb the walk.
- Raw captures (core.evidence): after the documents, an object of the evidence store is purged when
  (a) every capture line of the manifest that references it was fetched before the cutoff, (b) no document
  left in the index references it (`evidence_sha256`, or `evidence_sha256` in the `history` of earlier
  versions), and (c) no held document references it (hold entries, held documents, `doc_ids` of its capture
  lines). For each purged object a chained ``"kind":"purge"`` line is appended to the manifest first and the
  object is unlinked after, so the hash chain stays whole and `imt evidence verify` counts the object as
  purged, not missing. Crawls go on writing meanwhile: the decision is made without a lock from the manifest
  as it was, and the purge lines and unlinks happen under the manifest's lock for a moment, leaving alone any
  object captured again since the decision. If another process holds the lock longer (`acquire`), documents
  are still deleted but captures are not purged (`purge_skipped` says why; the next run does it). A manifest
  with an unreadable line is not purged from either (run `imt evidence verify`). `--dry-run` counts, changes
  nothing and takes no lock.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from elasticsearch import Elasticsearch, helpers

from core.evidence import EvidenceStore, ManifestError, StoreLocked, is_capture
from search.mapping import DATE, KEYWORD, ensure_store, store_alias
from core.clock import now_iso

HOLDS_VERSION = 1
HOLDS_MAPPING = {
    "dynamic": "strict",
    "properties": {"doc_id": KEYWORD, "cases": KEYWORD, "held_at": DATE, "held_by": KEYWORD,
                   "evidence_sha256": KEYWORD},  # the held document's captures (kept by retention)
}
SORT = [{"last_seen": {"order": "asc", "missing": "_first"}}, {"url": "asc"}]


class RetentionError(Exception):
    """A retention or hold request is wrong; the message says why in one line."""


def holds_alias(docs_alias: str) -> str:
    return store_alias(docs_alias, "holds")


def parse_age(value: str | int | None, default_days: int) -> int:
    """'365d', '12w', '90' (days) -> days; None -> the configured default."""
    if value is None or value == "":
        return default_days
    m = re.fullmatch(r"\s*(\d+)\s*([dwy]?)\s*", str(value))
    if not m:
        raise RetentionError(f"--older-than {value!r}: expected days such as 365d, 12w or 1y")
    return int(m.group(1)) * {"": 1, "d": 1, "w": 7, "y": 365}[m.group(2)]


# -- holds ------------------------------------------------------------------------------------------------
def check_case(case: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_.:-]{1,128}", case or ""):
        raise RetentionError(f"case name {case!r}: letters, digits and _ . : - only")
    return case


def _doc_captures(source: Mapping) -> set[str]:
    """The capture SHA-256 a document's source references: its own and its earlier versions' (`history`)."""
    shas = {source.get("evidence_sha256")}
    shas.update(h.get("evidence_sha256") for h in source.get("history") or [] if isinstance(h, dict))
    return {s for s in shas if isinstance(s, str) and s}


def _docs_captures(es: Elasticsearch, docs_alias: str, ids: list[str]) -> dict[str, set[str]]:
    """doc id -> capture SHA-256 of the documents of `ids` that are in the index."""
    out: dict[str, set[str]] = {}
    if not ids or not es.indices.exists(index=docs_alias):
        return out
    for at in range(0, len(ids), 1000):
        resp = es.mget(index=docs_alias, ids=ids[at : at + 1000], source_includes=["evidence_sha256", "history"])
        for d in resp["docs"]:
            if d.get("found"):
                out[d["_id"]] = _doc_captures(d.get("_source") or {})
    return out


def hold(es: Elasticsearch, docs_alias: str, case: str, doc_ids: Iterable[str], who: str,
         captures: Mapping[str, Iterable[str]] | None = None) -> int:  # fmt: skip
    """Hold documents for a case (adds the case to entries that exist), with their captures: those the
    documents in the index reference now, plus `captures` (doc id -> SHA-256, e.g. from a case bundle).
    Returns the number of ids."""
    check_case(case)
    alias = holds_alias(docs_alias)
    ensure_store(es, alias, HOLDS_MAPPING, HOLDS_VERSION)
    ids = sorted(set(doc_ids))
    stamp = now_iso()
    for at in range(0, len(ids), 1000):  # read then write: no scripts (the test distribution has no painless)
        chunk = ids[at : at + 1000]
        found = {d["_id"]: d["_source"] for d in es.mget(index=alias, ids=chunk)["docs"] if d.get("found")}
        shas = _docs_captures(es, docs_alias, chunk)
        actions = []
        for doc_id in chunk:
            entry = found.get(doc_id) or {"doc_id": doc_id, "cases": [], "held_at": stamp, "held_by": who}
            had = sorted(entry.get("evidence_sha256") or [])
            now = sorted(set(had) | shas.get(doc_id, set()) | set((captures or {}).get(doc_id) or ()))
            if case not in entry["cases"] or now != had:
                if case not in entry["cases"]:
                    entry["cases"] = [*entry["cases"], case]
                entry["evidence_sha256"] = now
                actions.append({"_index": alias, "_id": doc_id, "_source": entry})
        helpers.bulk(es, actions)
    es.indices.refresh(index=alias)
    return len(ids)


def release(es: Elasticsearch, docs_alias: str, case: str) -> int:
    """Release a case's holds; an id no other case holds is no longer held. Returns the ids released."""
    alias = holds_alias(docs_alias)
    if not es.indices.exists_alias(name=alias):
        raise RetentionError("no holds yet (`imt hold add` makes them)")
    hits = list(_scan(es, alias, {"term": {"cases": case}}, [{"doc_id": "asc"}]))
    if not hits:
        raise RetentionError(f"no documents held for case {case!r} (`imt hold list` shows the cases)")
    actions = []
    for h in hits:
        rest = [c for c in h["_source"]["cases"] if c != case]
        if rest:
            actions.append({"_op_type": "update", "_index": alias, "_id": h["_id"], "doc": {"cases": rest}})
        else:
            actions.append({"_op_type": "delete", "_index": alias, "_id": h["_id"]})
    helpers.bulk(es, actions, refresh=True)
    return len(hits)


def cases(es: Elasticsearch, docs_alias: str) -> dict[str, int]:
    alias = holds_alias(docs_alias)
    if not es.indices.exists_alias(name=alias):
        return {}
    resp = es.search(index=alias, size=0, aggs={"c": {"terms": {"field": "cases", "size": 10000}}})
    return {b["key"]: b["doc_count"] for b in resp["aggregations"]["c"]["buckets"]}


def held_ids(es: Elasticsearch, docs_alias: str) -> set[str]:
    return held(es, docs_alias)[0]


def held(es: Elasticsearch, docs_alias: str) -> tuple[set[str], set[str]]:
    """(held document ids, capture SHA-256 recorded with their holds)."""
    alias = holds_alias(docs_alias)
    if not es.indices.exists_alias(name=alias):
        return set(), set()
    ids, shas = set(), set()
    for h in _scan(es, alias, {"match_all": {}}, [{"doc_id": "asc"}], source_includes=["evidence_sha256"]):
        ids.add(h["_id"])
        shas.update((h.get("_source") or {}).get("evidence_sha256") or [])
    return ids, shas


def bundle_doc_ids(bundle: Path) -> list[str]:
    """The document ids a case bundle's manifest.json records (folder; a zip: its manifest.json member)."""
    manifest = _bundle_manifest(bundle)
    ids: set[str] = set()
    for key in ("files", "capture_records", "missing_captures"):
        for entry in manifest.get(key) or []:
            if isinstance(entry, dict):
                ids.update(entry.get("doc_ids") or [])
    ids.update(manifest.get("doc_ids") or [])
    for doc in manifest.get("documents") or [] if isinstance(manifest.get("documents"), list) else []:
        if isinstance(doc, dict) and doc.get("id"):
            ids.add(doc["id"])
    return sorted(ids)


def bundle_captures(bundle: Path) -> dict[str, set[str]]:
    """doc id -> SHA-256 of the captures a case bundle's manifest.json records for it."""
    out: dict[str, set[str]] = {}
    for entry in _bundle_manifest(bundle).get("capture_records") or []:
        if isinstance(entry, dict) and isinstance(entry.get("sha256"), str):
            for doc_id in entry.get("doc_ids") or []:
                out.setdefault(doc_id, set()).add(entry["sha256"])
    return out


def _bundle_manifest(bundle: Path) -> dict:
    bundle = Path(bundle)
    try:
        if bundle.is_file():
            import zipfile

            with zipfile.ZipFile(bundle) as zf:
                name = next(n for n in zf.namelist() if n.rsplit("/", 1)[-1] == "manifest.json")
                manifest = json.loads(zf.read(name))
        else:
            manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, StopIteration, KeyError) as exc:
        raise RetentionError(f"{bundle}: no readable case manifest.json ({exc or 'missing'})") from None
    if not isinstance(manifest, dict):
        raise RetentionError(f"{bundle}: manifest.json is not a case manifest")
    return manifest


# -- retention --------------------------------------------------------------------------------------------
@dataclass
class RetentionResult:
    older_than_days: int
    cutoff: str | None
    matched: int = 0
    held: int = 0
    deleted: int = 0
    failed: int = 0
    dry_run: bool = False
    captures_purged: int = 0  # raw capture objects deleted from the evidence store (dry run: would be)
    bytes_freed: int = 0  # their size on disk (compressed)
    captures_kept: int = 0  # captured before the cutoff only, kept: a remaining or held document uses them
    purge_skipped: str | None = None  # why captures were not purged (store locked by a crawl, bad manifest)

    def as_dict(self) -> dict:
        return asdict(self)


def _scan(es, index, query, sort, batch=1000, **kw) -> Iterator[dict]:
    after = None
    while True:
        extra = {"search_after": after} if after else {}
        resp = es.search(index=index, query=query, size=batch, sort=sort, **kw, **extra)
        hits = resp["hits"]["hits"]
        yield from hits
        if len(hits) < batch:
            return
        after = hits[-1]["sort"]


def _delete(es, doomed: list[tuple[str, str]], result: RetentionResult, progress) -> None:
    if not doomed or result.dry_run:
        doomed.clear()
        return
    ok, errors = helpers.bulk(es, ({"_op_type": "delete", "_index": i, "_id": d} for i, d in doomed),
                              raise_on_error=False)  # fmt: skip
    result.deleted += ok
    result.failed += len(errors) if isinstance(errors, list) else int(errors)
    if progress:
        progress(len(doomed))
    doomed.clear()


def run(es: Elasticsearch, docs_alias: str, days: int, dry_run: bool = False, batch: int = 1000,
        progress: Callable[[int], None] | None = None,
        evidence_dir: str | os.PathLike | None = None, lock_wait: float = 10.0) -> RetentionResult:  # fmt: skip
    """Delete the old documents that are not held, then (with `evidence_dir`) purge the raw captures that only
    they used (see the module docstring)."""
    if days <= 0:
        return RetentionResult(days, None, dry_run=dry_run)
    cutoff = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - days * 86400))
    result = RetentionResult(days, cutoff, dry_run=dry_run)
    if not es.indices.exists(index=docs_alias):
        return result
    held_docs, held_shas = held(es, docs_alias)
    never_seen = {"bool": {"must_not": [{"exists": {"field": "last_seen"}}],
                           "filter": [{"range": {"fetched_at": {"lt": cutoff}}}]}}  # fmt: skip
    query = {"bool": {"should": [{"range": {"last_seen": {"lt": cutoff}}}, never_seen], "minimum_should_match": 1}}
    doomed: list[tuple[str, str]] = []
    for hit in _scan(es, docs_alias, query, SORT, batch=batch, source=False):
        result.matched += 1
        if hit["_id"] in held_docs:
            result.held += 1
            continue
        doomed.append((hit["_index"], hit["_id"]))
        if len(doomed) >= batch:
            _delete(es, doomed, result, progress)
    _delete(es, doomed, result, progress)
    if not dry_run:
        es.indices.refresh(index=docs_alias)
    if evidence_dir is not None:
        _purge_captures(es, docs_alias, EvidenceStore(evidence_dir, lock_wait=lock_wait), result, query, held_docs,
                        held_shas)
    return result


# -- raw captures -----------------------------------------------------------------------------------------
def _when(ts) -> datetime | None:
    try:
        return datetime.fromisoformat(str(ts).replace("Z", "+00:00"))
    except ValueError:
        return None


def _old_objects(store: EvidenceStore, cutoff: datetime, held_docs: set[str]) -> tuple[dict[str, int], int]:
    """({sha: size on disk} of the objects present whose capture lines (since their last purge) were all
    fetched before `cutoff` and name no held document in `doc_ids`, number of old objects kept for those)."""
    state: dict[str, list[bool]] = {}  # sha -> [every capture line since the last purge is old, one names a held doc]
    for rec in store.manifest(all_kinds=True):
        sha = rec.get("sha256")
        if not isinstance(sha, str):
            continue
        if not is_capture(rec):
            state.pop(sha, None)  # purged: only the capture lines after this one count
            continue
        fetched = _when(rec.get("fetched_at"))
        st = state.setdefault(sha, [True, False])
        st[0] = st[0] and fetched is not None and fetched < cutoff
        st[1] = st[1] or bool(held_docs.intersection(rec.get("doc_ids") or []))
    found: dict[str, int] = {}
    kept = 0
    for sha, (old, held_line) in state.items():
        if not old:
            continue
        try:
            size = store.path_for(sha).stat().st_size
        except (FileNotFoundError, ValueError):
            continue
        if held_line:
            kept += 1
        else:
            found[sha] = size
    return found, kept


def _referenced(es: Elasticsearch, docs_alias: str, shas: set[str], exclude: dict | None) -> set[str]:
    """The SHA-256 of `shas` that documents in the index (except those `exclude` matches) reference: as their
    capture (`evidence_sha256`) or as an earlier version's (`history`, not searchable: read from the documents
    changed since their first version)."""
    found: set[str] = set()
    wanted = sorted(shas)
    not_excluded = {"must_not": [exclude]} if exclude else {}
    for at in range(0, len(wanted), 1000):
        chunk = wanted[at : at + 1000]
        resp = es.search(index=docs_alias, size=0,
                         query={"bool": {"filter": [{"terms": {"evidence_sha256": chunk}}], **not_excluded}},
                         aggs={"s": {"terms": {"field": "evidence_sha256", "size": len(chunk)}}})  # fmt: skip
        found.update(b["key"] for b in resp["aggregations"]["s"]["buckets"])
    changed = {"bool": {"filter": [{"range": {"version": {"gt": 1}}}], **not_excluded}}
    for hit in _scan(es, docs_alias, changed, SORT, source_includes=["history"]):
        found.update(_doc_captures(hit.get("_source") or {}) & shas)
    return found


def _purge_captures(es, docs_alias: str, store: EvidenceStore, result: RetentionResult, old_query: dict,
                    held_docs: set[str], held_shas: set[str]) -> None:  # fmt: skip
    """Decide from the manifest as it is now (no lock: crawls go on writing), then purge under the manifest's
    lock, leaving alone any object captured again since the decision (`purge_many(since=...)`)."""
    if not store.manifest_path.exists():
        return
    since = store.manifest_path.stat().st_size
    try:
        old, kept_for_lines = _old_objects(store, _when(result.cutoff), held_docs)
    except ManifestError as exc:
        result.purge_skipped = f"the evidence manifest has an unreadable line ({exc}): run `imt evidence verify`"
        return
    result.captures_kept += kept_for_lines
    if not old:
        return
    # in a dry run the old documents are still there: what they reference does not count
    keep = _referenced(es, docs_alias, set(old), old_query if result.dry_run else None)
    keep |= held_shas & set(old)
    keep |= set().union(*_docs_captures(es, docs_alias, sorted(held_docs)).values()) & set(old)
    result.captures_kept += len(keep)
    doomed = [sha for sha in sorted(old) if sha not in keep]
    if result.dry_run:
        result.captures_purged += len(doomed)
        result.bytes_freed += sum(old[sha] for sha in doomed)
        return
    try:
        purged = store.purge_many(doomed, since=since, reason="retention", older_than_days=result.older_than_days,
                                  cutoff=result.cutoff)  # fmt: skip
    except StoreLocked:
        result.purge_skipped = ("the evidence store's lock is held by another process (`acquire`): raw captures "
                                "were not purged; run retention again later")  # fmt: skip
        return
    finally:
        store.close()
    result.captures_kept += len(doomed) - len(purged)  # captured again while retention ran
    result.captures_purged += len(purged)
    result.bytes_freed += sum(rec["compressed_size"] for rec in purged)
