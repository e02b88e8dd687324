"""Context in the index: container scores and identifier counts kept up to date, and documents re-scored with
the company they keep (classifier.context holds the model; this module feeds it from Elasticsearch).

- The **context store** (`<base>-context`, one document per container or identifier, strict mapping) holds each
  container's statistics (documents, flagged by their text score, share, mean and top text scores, when updated)
  and each identifier's flagged-document count. `imt context list` and the `channel:` / `vendor:` profile pages
  read it.
- `update()` is incremental: it takes the containers and identifiers a crawl touched, recomputes their statistics
  with aggregations (never by reading every document of the index), then re-scores the documents in those
  containers and the documents that carry those identifiers, writing `score`, `label` and `context` only where they
  changed. `update(everything=True)` covers the whole index (after a re-score with another model).

A document's `score_text` (the text model's score) is never changed here; `score` and `label` are the combined
ones, and `context.reasons` says what the company added ("channel @x: 24 of 30 posts flagged").
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from elasticsearch import Elasticsearch, helpers

from classifier.context import (
    IDENTIFIER_TYPES,
    ContainerStats,
    best_identifier,
    describe_key,
    context_info,
    feature_row,
)
from search.mapping import DATE, KEYWORD, ensure_store, store_alias
from core.clock import now_iso

CONTEXT_VERSION = 1
BATCH = 500  # terms per aggregation request
CONTEXT_MAPPING = {
    "dynamic": "strict",
    "properties": {
        "key": KEYWORD,  # channel:@x, vendor:..., site:..., bot:..., phone:...
        "kind": KEYWORD,  # container | identifier
        "type": KEYWORD,  # channel, vendor, thread, site / bot, handle, phone, wallet, onion
        "name": KEYWORD,
        "n_docs": {"type": "integer"},
        "n_flagged": {"type": "integer"},
        "share": {"type": "float"},
        "mean_score": {"type": "float"},
        "top_scores": {"type": "float", "index": False},
        "threshold": {"type": "float"},
        "model_version": KEYWORD,
        "updated_at": DATE,
    },
}


def context_alias(docs_alias: str) -> str:
    return store_alias(docs_alias, "context")


@dataclass
class UpdateResult:
    containers: int = 0  # container statistics written
    identifiers: int = 0  # identifier counts written
    documents: int = 0  # documents looked at
    changed: int = 0  # documents whose score, label or context changed
    newly_flagged: int = 0
    unflagged: int = 0
    seconds: float = 0.0
    skipped: str = ""  # why nothing was done (a model without a context model)
    errors: int = 0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Touched:
    """What a crawl indexed: the containers and identifiers whose company changed."""

    containers: set[str] = field(default_factory=set)
    identifiers: set[str] = field(default_factory=set)

    def add(self, doc: dict) -> None:
        from classifier.context import identifier_keys

        if doc.get("container"):
            self.containers.add(doc["container"])
        self.identifiers.update(identifier_keys(doc.get("entities")))

    def __bool__(self) -> bool:
        return bool(self.containers or self.identifiers)


def ensure_context_store(es: Elasticsearch, docs_alias: str) -> str:
    return ensure_store(es, context_alias(docs_alias), CONTEXT_MAPPING, CONTEXT_VERSION)


def _chunks(items: list, size: int = BATCH) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def container_stats(es: Elasticsearch, alias: str, keys: Iterable[str], threshold: float) -> dict[str, ContainerStats]:
    """Statistics of these containers from their documents' text scores (documents without one are left out)."""
    out: dict[str, ContainerStats] = {}
    for batch in _chunks(sorted(set(keys))):
        resp = es.search(
            index=alias,
            size=0,
            query={"bool": {"filter": [{"terms": {"container": batch}}, {"exists": {"field": "score_text"}}]}},
            aggs={
                "c": {
                    "terms": {"field": "container", "include": batch, "size": len(batch)},
                    "aggs": {
                        "flagged": {"filter": {"range": {"score_text": {"gte": threshold}}}},
                        "sum": {"sum": {"field": "score_text"}},
                        "top": {"top_hits": {"size": 5, "sort": [{"score_text": "desc"}], "_source": False}},
                    },
                }
            },
        )
        for b in resp["aggregations"]["c"]["buckets"]:
            top = [float(h["sort"][0]) for h in b["top"]["hits"]["hits"]]
            out[b["key"]] = ContainerStats(
                int(b["doc_count"]), int(b["flagged"]["doc_count"]), float(b["sum"]["value"]), top
            )
    return out


def identifier_counts(es: Elasticsearch, alias: str, keys: Iterable[str],
                      threshold: float) -> dict[str, dict[str, int]]:  # fmt: skip
    """Flagged documents (by text score) that carry each of these identifiers, per container ("" for documents
    without one; the 100 largest containers of an identifier, the rest counted under "...")."""
    by_type: dict[str, list[str]] = {}
    for key in set(keys):
        kind, name = describe_key(key)
        if kind in IDENTIFIER_TYPES and name:
            by_type.setdefault(kind, []).append(name)
    out: dict[str, dict[str, int]] = {}
    for kind, names in by_type.items():
        for batch in _chunks(sorted(names), 200):
            resp = es.search(
                index=alias,
                size=0,
                query={"bool": {"filter": [{"terms": {f"entities.{kind}": batch}},
                                           {"range": {"score_text": {"gte": threshold}}}]}},  # fmt: skip
                aggs={"i": {"terms": {"field": f"entities.{kind}", "include": batch, "size": len(batch)},
                            "aggs": {"c": {"terms": {"field": "container", "size": 100, "missing": ""}}}}},
            )  # fmt: skip
            for b in resp["aggregations"]["i"]["buckets"]:
                per = {c["key"]: int(c["doc_count"]) for c in b["c"]["buckets"]}
                rest = int(b["doc_count"]) - sum(per.values())
                if rest > 0:
                    per["..."] = rest
                out[f"{kind}:{b['key']}"] = per
    return out


def all_containers(es: Elasticsearch, alias: str) -> set[str]:
    """Every container of the index (a composite aggregation, page by page)."""
    out: set[str] = set()
    after = None
    while True:
        comp = {"size": 1000, "sources": [{"c": {"terms": {"field": "container"}}}]}
        if after:
            comp["after"] = after
        resp = es.search(index=alias, size=0, aggs={"c": {"composite": comp}})
        agg = resp["aggregations"]["c"]
        out.update(b["key"]["c"] for b in agg["buckets"])
        after = agg.get("after_key")
        if not agg["buckets"] or not after:
            return out


def _scope_query(touched: Touched | None) -> dict:
    if touched is None:
        return {"exists": {"field": "score_text"}}
    should: list[dict] = []
    for batch in _chunks(sorted(touched.containers), 10_000):
        should.append({"terms": {"container": batch}})
    by_type: dict[str, list[str]] = {}
    for key in touched.identifiers:
        kind, name = describe_key(key)
        by_type.setdefault(kind, []).append(name)
    for kind, names in by_type.items():
        for batch in _chunks(sorted(names), 10_000):
            should.append({"terms": {f"entities.{kind}": batch}})
    return {"bool": {"filter": [{"exists": {"field": "score_text"}}], "should": should, "minimum_should_match": 1}}


FIELDS = ["score", "label", "score_text", "container", "context", *[f"entities.{k}" for k in IDENTIFIER_TYPES]]


def update(es: Elasticsearch, alias: str, model, version: str, touched: Touched | None = None,
           everything: bool = False, progress: Callable[[str], None] | None = None,
           refresh: bool = True) -> UpdateResult:  # fmt: skip
    """Recompute the context of what `touched` names (or of the whole index with `everything`) and re-score the
    documents concerned. `model` is the active TraffickingClassifier (its text threshold says what is flagged, its
    context model combines)."""
    from classifier.context import identifier_keys

    say = progress or (lambda _m: None)
    result = UpdateResult()
    started = time.monotonic()
    ctx_model = getattr(model, "context_model_", None)
    if ctx_model is None:
        result.skipped = f"model {version} has no context model (trained before context)"
        return result
    if not everything and not touched:
        return result
    if refresh:
        es.indices.refresh(index=alias)
    threshold = float(model.threshold_)
    ctx_alias = ensure_context_store(es, alias)
    # the documents concerned, with what their features need
    docs = []
    for hit in helpers.scan(es, index=alias, query={"query": _scope_query(None if everything else touched)},
                            _source=FIELDS, size=2000, preserve_order=False):  # fmt: skip
        src = hit["_source"]
        docs.append((hit["_id"], hit.get("_index"), src, identifier_keys(src.get("entities"))))
    result.documents = len(docs)
    say(f"context: {len(docs)} documents concerned")
    containers = {src.get("container") for _, _, src, _ in docs if src.get("container")}
    idents = {k for *_, ids in docs for k in ids}
    stats = container_stats(es, alias, containers, threshold)
    counts = identifier_counts(es, alias, idents, threshold)
    now = now_iso()
    _write_store(es, ctx_alias, stats, counts, threshold, version, now, touched if not everything else None)
    result.containers, result.identifiers = len(stats), len(counts)
    actions = []
    rows, company = [], []
    for _doc_id, _index, src, ids in docs:
        s = float(src["score_text"])
        key = src.get("container")
        st = stats.get(key) if key else None
        best = best_identifier(ids, counts, key, s >= threshold)
        rows.append(feature_row(s, s >= threshold, st, best[1] if best else 0))
        company.append((key, st, best))
    z_all = ctx_model.logits(rows) if rows else []  # one product for every document concerned
    for (doc_id, index, src, _ids), row, (key, st, best), z in zip(docs, rows, company, z_all, strict=True):
        score = round(float(1.0 / (1.0 + math.exp(-z))), 6)
        label = int(score >= ctx_model.threshold_)
        info = context_info(ctx_model, key, st, best, float(z), row[0])
        old = src.get("context") or {}
        if abs(float(src.get("score") or 0) - score) < 1e-6 and src.get("label") == label and old == info:
            continue
        result.changed += 1
        if label and not src.get("label"):
            result.newly_flagged += 1
        elif src.get("label") and not label:
            result.unflagged += 1
        actions.append({"_op_type": "update", "_index": index or alias, "_id": doc_id,
                        "doc": {"score": score, "label": label, "context": info}})  # fmt: skip
    # two bulk requests in flight: the crawl has finished, so both cores are free for Elasticsearch
    for ok, _item in helpers.parallel_bulk(es, actions, thread_count=2, chunk_size=500, raise_on_error=False,
                                           raise_on_exception=False, refresh=False):  # fmt: skip
        result.errors += int(not ok)
    if actions and refresh:
        es.indices.refresh(index=alias)  # a search right after the crawl sees the new labels
    result.seconds = round(time.monotonic() - started, 2)
    say(f"context: {result.changed} documents re-scored ({result.newly_flagged} newly flagged, "
        f"{result.unflagged} no longer flagged) in {result.seconds}s")  # fmt: skip
    return result


def _write_store(es, ctx_alias, stats, counts, threshold, version, now, touched: Touched | None) -> None:
    actions = []
    for key, st in stats.items():
        kind, name = describe_key(key)
        actions.append({"_op_type": "index", "_index": ctx_alias, "_id": key,
                        "_source": {"key": key, "kind": "container", "type": kind, "name": name, **st.as_dict(),
                                    "threshold": round(threshold, 6), "model_version": version,
                                    "updated_at": now}})  # fmt: skip
    keys = counts.keys() if touched is None else (set(counts) | touched.identifiers)
    for key in keys:
        kind, name = describe_key(key)
        if kind not in IDENTIFIER_TYPES:
            continue
        actions.append({"_op_type": "index", "_index": ctx_alias, "_id": key,
                        "_source": {"key": key, "kind": "identifier", "type": kind, "name": name,
                                    "n_flagged": sum((counts.get(key) or {}).values()),
                                    "threshold": round(threshold, 6),
                                    "model_version": version, "updated_at": now}})  # fmt: skip
    for batch in _chunks(actions, 1000):
        helpers.bulk(es, batch, raise_on_error=False, refresh=False)
    if actions:  # one explicit refresh: `refresh="wait_for"` per batch waited up to a refresh interval each time
        es.indices.refresh(index=ctx_alias)


def get(es: Elasticsearch, docs_alias: str, keys: list[str]) -> dict[str, dict]:
    """Stored context documents by key (containers and identifiers); missing ones are left out."""
    if not keys:
        return {}
    alias = context_alias(docs_alias)
    if not es.indices.exists_alias(name=alias):
        return {}
    resp = es.mget(index=alias, ids=list(dict.fromkeys(keys)))
    return {d["_id"]: d["_source"] for d in resp["docs"] if d.get("found")}


def top(es: Elasticsearch, docs_alias: str, kind: str = "container", type_: str | None = None, size: int = 20,
        min_docs: int = 1) -> list[dict]:  # fmt: skip
    """Containers (or identifiers) with the most flagged documents: share first for containers."""
    alias = context_alias(docs_alias)
    if not es.indices.exists_alias(name=alias):
        return []
    filters: list[dict] = [{"term": {"kind": kind}}]
    if type_:
        filters.append({"term": {"type": type_}})
    if kind == "container" and min_docs > 1:
        filters.append({"range": {"n_docs": {"gte": min_docs}}})
    sort = [{"share": "desc"}, {"n_flagged": "desc"}] if kind == "container" else [{"n_flagged": "desc"}]
    resp = es.search(index=alias, size=size, query={"bool": {"filter": filters}}, sort=[*sort, {"key": "asc"}])
    return [h["_source"] for h in resp["hits"]["hits"]]
