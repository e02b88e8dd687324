"""Retention: delete documents not seen for longer than the configured age, except those on legal hold.

- Age: a document is old when its `last_seen` (the last crawl that reached it; `fetched_at` when missing) is
  before now minus the age (`--older-than 365d`, else IMT_RETENTION_DAYS; 0 = keep everything).
- Holds: `<base>-holds` (imt-docs -> imt-holds) holds one entry per held document id with the cases holding
  it. `imt hold add --case NAME QUERY` holds every document matching a query; `imt hold add --case NAME
  --bundle DIR` holds the documents of an exported case bundle (its manifest.json lists their ids);
  `imt hold remove --case NAME` releases a case. A document held by any case is never deleted.
- Deletion walks the old documents with search_after (sorted by last_seen, then url) and deletes each page of
  them with one bulk request (no _delete_by_query: the test distribution lacks it, and this way each deleted
  id is counted). search_after is stateless, so deleting a page does not disturb the walk.
- Evidence: the raw captures stay. The evidence store is content-addressed and its manifest is hash-chained;
  `imt evidence verify` reports a manifest line whose object is gone as missing, and removing manifest lines
  breaks the chain. Captures are therefore kept (they cost disk, compressed), and only the searchable
  documents are deleted; see docs/deploy.md.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from elasticsearch import Elasticsearch, helpers

from search.mapping import DATE, KEYWORD, ensure_store, store_alias

HOLDS_VERSION = 1
HOLDS_MAPPING = {
    "dynamic": "strict",
    "properties": {"doc_id": KEYWORD, "cases": KEYWORD, "held_at": DATE, "held_by": KEYWORD},
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


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


# -- holds ------------------------------------------------------------------------------------------------
def hold(es: Elasticsearch, docs_alias: str, case: str, doc_ids: Iterable[str], who: str) -> int:
    """Hold documents for a case (adds the case to entries that exist). Returns the number of ids."""
    if not re.fullmatch(r"[A-Za-z0-9_.:-]{1,128}", case or ""):
        raise RetentionError(f"case name {case!r}: letters, digits and _ . : - only")
    alias = holds_alias(docs_alias)
    ensure_store(es, alias, HOLDS_MAPPING, HOLDS_VERSION)
    ids = sorted(set(doc_ids))
    stamp = _now()
    for at in range(0, len(ids), 1000):  # read then write: no scripts (the test distribution has no painless)
        chunk = ids[at : at + 1000]
        found = {d["_id"]: d["_source"] for d in es.mget(index=alias, ids=chunk)["docs"] if d.get("found")}
        actions = []
        for doc_id in chunk:
            entry = found.get(doc_id) or {"doc_id": doc_id, "cases": [], "held_at": stamp, "held_by": who}
            if case not in entry["cases"]:
                entry["cases"] = [*entry["cases"], case]
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
    alias = holds_alias(docs_alias)
    if not es.indices.exists_alias(name=alias):
        return set()
    return {h["_id"] for h in _scan(es, alias, {"match_all": {}}, [{"doc_id": "asc"}], source=False)}


def bundle_doc_ids(bundle: Path) -> list[str]:
    """The document ids a case bundle's manifest.json records (folder; a zip: its manifest.json member)."""
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
    ids: set[str] = set()
    for entry in manifest.get("files", []):
        ids.update(entry.get("doc_ids") or [])
    ids.update(manifest.get("doc_ids") or [])
    for doc in manifest.get("documents") or []:
        if isinstance(doc, dict) and doc.get("id"):
            ids.add(doc["id"])
    return sorted(ids)


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
        progress: Callable[[int], None] | None = None) -> RetentionResult:  # fmt: skip
    if days <= 0:
        return RetentionResult(days, None, dry_run=dry_run)
    cutoff = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - days * 86400))
    result = RetentionResult(days, cutoff, dry_run=dry_run)
    if not es.indices.exists(index=docs_alias):
        return result
    held = held_ids(es, docs_alias)
    never_seen = {"bool": {"must_not": [{"exists": {"field": "last_seen"}}],
                           "filter": [{"range": {"fetched_at": {"lt": cutoff}}}]}}  # fmt: skip
    query = {"bool": {"should": [{"range": {"last_seen": {"lt": cutoff}}}, never_seen], "minimum_should_match": 1}}
    doomed: list[tuple[str, str]] = []
    for hit in _scan(es, docs_alias, query, SORT, batch=batch, source=False):
        result.matched += 1
        if hit["_id"] in held:
            result.held += 1
            continue
        doomed.append((hit["_index"], hit["_id"]))
        if len(doomed) >= batch:
            _delete(es, doomed, result, progress)
    _delete(es, doomed, result, progress)
    if not dry_run:
        es.indices.refresh(index=docs_alias)
    return result
