"""Operator alerts (source health): `<base>-ops-alerts`, beside the investigators' alerts of search/watch.py.

The investigators' alerts store is about documents (document id, URL, score, first seen, a watchlist); an
operator alert is about a source (a crawl with no documents, too many errors, missed runs), so it has its own
small index with the same states: new | seen | closed. Ids are deterministic (source, reason, what it is about:
the run, or the last good run for missed runs) and written with op_type=create: a check repeated every tick
raises an alert once and never resets its state.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from elasticsearch import ConflictError, Elasticsearch

from search.mapping import DATE, KEYWORD, ensure_store, store_alias
from search.watch import STATES, WatchError
from core.clock import now_iso

OPS_VERSION = 1
OPS_MAPPING = {
    "dynamic": "strict",
    "properties": {
        "alert_id": KEYWORD,
        "source": KEYWORD,
        "reason": KEYWORD,  # zero_documents | error_rate | missed_runs
        "message": {"type": "text", "index": False},
        "run_id": KEYWORD,
        "raised_at": DATE,
        "state": KEYWORD,
        "state_changed_by": KEYWORD,
        "state_changed_at": DATE,
    },
}


def ops_alias(docs_alias: str) -> str:
    """imt-docs -> imt-ops-alerts, anything else X -> X-ops-alerts."""
    return store_alias(docs_alias, "ops-alerts")


def alert_id(source: str, reason: str, about: str) -> str:
    return hashlib.sha1(f"{source}\x1f{reason}\x1f{about}".encode()).hexdigest()[:20]


def raise_alert(es: Elasticsearch, docs_alias: str, source: str, reason: str, about: str, message: str,
                run_id: str | None = None) -> dict | None:  # fmt: skip
    """The new alert, or None when that alert was raised before."""
    alias = ops_alias(docs_alias)
    ensure_store(es, alias, OPS_MAPPING, OPS_VERSION)
    aid = alert_id(source, reason, about)
    doc = {"alert_id": aid, "source": source, "reason": reason, "message": message, "run_id": run_id,
           "raised_at": now_iso(), "state": "new"}  # fmt: skip
    try:
        es.create(index=alias, id=aid, document=doc, refresh=True)
    except ConflictError:
        return None
    return doc


def list_alerts(es: Elasticsearch, docs_alias: str, state: str | None = None, source: str | None = None,
                size: int = 100) -> list[dict]:  # fmt: skip
    alias = ops_alias(docs_alias)
    if not es.indices.exists_alias(name=alias):
        return []
    filters = [{"term": {k: v}} for k, v in (("state", state), ("source", source)) if v]
    resp = es.search(index=alias, query={"bool": {"filter": filters}}, size=size,
                     sort=[{"raised_at": "desc"}, {"alert_id": "asc"}])  # fmt: skip
    return [h["_source"] for h in resp["hits"]["hits"]]


def set_state(es: Elasticsearch, docs_alias: str, ids: Iterable[str], state: str, who: str) -> int:
    if state not in STATES:
        raise WatchError(f"unknown alert state {state!r} (one of {', '.join(STATES)})")
    alias = ops_alias(docs_alias)
    ids = list(ids)
    if not es.indices.exists_alias(name=alias):
        raise WatchError("no operator alerts yet (`imt health check` raises them)")
    found = {d["_id"] for d in es.mget(index=alias, ids=ids)["docs"] if d.get("found")}
    missing = [i for i in ids if i not in found]
    if missing:
        raise WatchError(f"no operator alert {missing[0]!r} (`imt health alerts` lists them)")
    for aid in ids:
        es.update(index=alias, id=aid, doc={"state": state, "state_changed_by": who, "state_changed_at": now_iso()})
    es.indices.refresh(index=alias)
    return len(ids)
