"""The analysts' labels in Elasticsearch: a versioned index (`imt-labels-v1`) behind an alias, strict mapping.

One document per distinct text; its id is the text's hash (classifier.labels.text_hash), so importing the same
file twice stores nothing twice. Each label records who gave it, when, and where from.
"""

from __future__ import annotations

from collections.abc import Iterator

from elasticsearch import Elasticsearch, helpers

from search.mapping import DATE, KEYWORD, ensure_store, store_alias

LABELS_VERSION = 1

LABELS_MAPPING = {
    "dynamic": "strict",
    "properties": {
        "text": {"type": "text", "analyzer": "standard"},
        "text_hash": KEYWORD,
        "label": {"type": "byte"},  # 1 trafficking, 0 not (unsure rows are never stored)
        "doc_id": KEYWORD,  # the indexed document labelled, when the label came from one
        "source": KEYWORD,  # import:<file name>, queue, web ...
        "who": KEYWORD,
        "labelled_at": DATE,
        "lang": KEYWORD,
        "kind": KEYWORD,
        "group": KEYWORD,  # the label's family (a channel, a site), for grouped cross-validation in `imt train`
    },
}
FIELDS = tuple(LABELS_MAPPING["properties"])


class LabelStoreError(Exception):
    """Elasticsearch refused some labels (it answered, but not with success)."""


def labels_alias(docs_alias: str) -> str:
    """The labels alias that goes with a documents alias: imt-docs -> imt-labels, anything else -> <alias>-labels."""
    return store_alias(docs_alias, "labels")


def ensure_labels_index(es: Elasticsearch, alias: str) -> str:
    return ensure_store(es, alias, LABELS_MAPPING, LABELS_VERSION)


def exists(es: Elasticsearch, alias: str) -> bool:
    return bool(es.indices.exists_alias(name=alias))


def stored_labels(es: Elasticsearch, alias: str, hashes: list[str], chunk: int = 1000) -> dict[str, int]:
    """The stored label of each of these text hashes that has one."""
    found: dict[str, int] = {}
    if not hashes or not exists(es, alias):
        return found
    for start in range(0, len(hashes), chunk):
        resp = es.mget(index=alias, ids=hashes[start : start + chunk], source_includes=["label"])
        found.update({d["_id"]: int(d["_source"]["label"]) for d in resp["docs"] if d.get("found")})
    return found


def write_labels(es: Elasticsearch, alias: str, labels: list[dict], replace: bool = False) -> tuple[int, int, int]:
    """Store labels (each a dict of FIELDS, keyed by text_hash). Returns (new, replaced, already stored).

    A text already stored keeps its first label, who and when, unless `replace` is set; then the new label
    overwrites it (a correction)."""
    ensure_labels_index(es, alias)
    before = stored_labels(es, alias, [lab["text_hash"] for lab in labels])
    actions = []
    new = replaced = same = 0
    for lab in labels:
        old = before.get(lab["text_hash"])
        if old is None:
            new += 1
        elif old == lab["label"] or not replace:
            same += 1
            continue
        else:
            replaced += 1
        body = {k: v for k, v in lab.items() if v is not None and k in FIELDS}
        actions.append({"_op_type": "index", "_id": lab["text_hash"], "_source": body})
    errors = []
    for ok, item in helpers.streaming_bulk(es, actions, index=alias, raise_on_error=False, max_retries=3):
        if not ok:
            errors.append(next(iter(item.values())).get("error"))
    es.indices.refresh(index=alias)
    if errors:
        raise LabelStoreError(f"Elasticsearch refused {len(errors)} of {len(actions)} labels: {errors[0]}")
    return new, replaced, same


def iter_labels(es: Elasticsearch, alias: str, batch: int = 1000, fields: list[str] | None = None) -> Iterator[dict]:
    """Every stored label, in text-hash order (stable across runs)."""
    if not exists(es, alias):
        return
    after = None
    while True:
        kwargs = {"search_after": after} if after else {}
        resp = es.search(
            index=alias,
            query={"match_all": {}},
            size=batch,
            sort=[{"text_hash": "asc"}],
            source_includes=fields or list(FIELDS),
            **kwargs,
        )
        hits = resp["hits"]["hits"]
        if not hits:
            return
        for hit in hits:
            yield hit["_source"]
        after = hits[-1]["sort"]


def label_stats(es: Elasticsearch, alias: str) -> dict:
    """Counts: total, by label, source, who and language."""
    if not exists(es, alias):
        return {"total": 0, "label": {}, "source": {}, "who": {}, "lang": {}}
    aggs = {name: {"terms": {"field": name, "size": 100}} for name in ("label", "source", "who", "lang")}
    resp = es.search(index=alias, size=0, track_total_hits=True, aggs=aggs)
    out = {"total": resp["hits"]["total"]["value"]}
    for name in aggs:
        out[name] = {str(b["key"]): b["doc_count"] for b in resp["aggregations"][name]["buckets"]}
    return out


WINDOWS = (0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 1.0)  # half-widths around the threshold, tried in turn


def uncertain_documents(
    es: Elasticsearch,
    docs_alias: str,
    labels_alias_name: str,
    threshold: float,
    size: int = 20,
    sources: tuple[str, ...] = (),
    langs: tuple[str, ...] = (),
    max_candidates: int = 20_000,
) -> list[dict]:
    """The active-learning queue: indexed documents not yet labelled, the most uncertain first (score closest to
    the model's threshold), one per near-duplicate cluster, optionally only from some sources or languages.

    Fetches in widening rings around the threshold (range queries, no scripts) and stops as soon as the ring
    holds enough: every document outside the ring is farther from the threshold than those already found."""
    labelled_ids, labelled_hashes = set(), set()
    for lab in iter_labels(es, labels_alias_name, fields=["doc_id", "text_hash"]):
        labelled_hashes.add(lab["text_hash"])
        if lab.get("doc_id"):
            labelled_ids.add(lab["doc_id"])
    labelled_clusters = _clusters_of(es, docs_alias, sorted(labelled_ids))
    filters = []
    if sources:
        filters.append({"terms": {"source": list(sources)}})
    if langs:
        filters.append({"terms": {"lang": list(langs)}})
    candidates: dict[str, dict] = {}
    previous = None
    queue: list[dict] = []
    picker = _Picker(es, docs_alias, threshold, labelled_ids, labelled_hashes, labelled_clusters)
    for width in WINDOWS:
        ring = {"range": {"score": {"gte": threshold - width, "lte": threshold + width}}}
        must_not = (
            [{"range": {"score": {"gte": threshold - previous, "lte": threshold + previous}}}] if previous else []
        )
        query = {"bool": {"filter": [*filters, ring], "must_not": must_not}}
        # only small fields here: texts are fetched for the few documents that make the queue
        for hit in _scan(es, docs_alias, query, ["url", "score", "source", "lang", "cluster_id"]):
            candidates[hit["_id"]] = hit
            if len(candidates) >= max_candidates:
                break
        previous = width
        queue = picker.pick(candidates.values(), size)
        if len(queue) >= size or len(candidates) >= max_candidates or threshold - width <= 0 and threshold + width >= 1:
            break
    return queue


class _Picker:
    """Ranks candidates by distance to the threshold and keeps those not labelled, one per cluster."""

    def __init__(self, es, docs_alias, threshold, labelled_ids, labelled_hashes, labelled_clusters):
        from classifier.labels import text_hash

        self.es, self.alias, self.threshold, self.text_hash = es, docs_alias, threshold, text_hash
        self.labelled_ids, self.labelled_hashes, self.labelled_clusters = (
            labelled_ids,
            labelled_hashes,
            labelled_clusters,
        )
        self.texts: dict[str, tuple[str, str]] = {}  # id -> (title, text), fetched on demand

    def pick(self, hits, size: int) -> list[dict]:
        ranked = sorted(hits, key=lambda h: (abs(float(h["_source"].get("score") or 0) - self.threshold), h["_id"]))
        ranked = [h for h in ranked if h["_id"] not in self.labelled_ids and _cluster(h) not in self.labelled_clusters]
        out, clusters, excluded = [], set(), set()
        for start in range(0, len(ranked), max(2 * size, 50)):
            chunk = ranked[start : start + max(2 * size, 50)]
            self._fetch([h["_id"] for h in chunk if h["_id"] not in self.texts])
            for hit in chunk:
                cluster = _cluster(hit)
                if cluster in clusters or cluster in excluded or hit["_id"] not in self.texts:
                    continue
                title, body = self.texts[hit["_id"]]
                text = f"{title}\n{body}"
                if self.text_hash(text) in self.labelled_hashes:
                    excluded.add(cluster)  # its text is labelled: so is, in effect, its cluster
                    continue
                clusters.add(cluster)
                out.append(self._item(hit, cluster, title, body, text))
                if len(out) >= size:
                    return out
        return out

    def _item(self, hit, cluster, title, body, text) -> dict:
        src = hit["_source"]
        score = float(src.get("score") or 0)
        return {
            "doc_id": hit["_id"],
            "url": src.get("url", ""),
            "score": score,
            "uncertainty": round(abs(score - self.threshold), 6),
            "source": src.get("source", ""),
            "lang": src.get("lang", ""),
            "cluster_id": cluster,
            "title": title,
            "snippet": " ".join(body.split())[:200],
            "text": text,
            "label": None,
        }

    def _fetch(self, ids: list[str]) -> None:
        if ids:
            resp = self.es.mget(index=self.alias, ids=ids, source_includes=["title", "text"])
            for d in resp["docs"]:
                if d.get("found"):
                    self.texts[d["_id"]] = (d["_source"].get("title") or "", d["_source"].get("text") or "")


def _cluster(hit) -> str:
    return hit["_source"].get("cluster_id") or hit["_id"]


def _clusters_of(es: Elasticsearch, docs_alias: str, ids: list[str], chunk: int = 1000) -> set[str]:
    clusters: set[str] = set()
    for start in range(0, len(ids), chunk):
        resp = es.mget(index=docs_alias, ids=ids[start : start + chunk], source_includes=["cluster_id"])
        clusters.update(
            d["_source"]["cluster_id"] for d in resp["docs"] if d.get("found") and d["_source"].get("cluster_id")
        )
    return clusters


def _scan(es: Elasticsearch, alias: str, query: dict, fields: list[str], batch: int = 1000) -> Iterator[dict]:
    after = None
    while True:
        kwargs = {"search_after": after} if after else {}
        resp = es.search(index=alias, query=query, size=batch, sort=[{"url": "asc"}], source_includes=fields, **kwargs)
        hits = resp["hits"]["hits"]
        yield from hits
        if len(hits) < batch:
            return
        after = hits[-1]["sort"]
