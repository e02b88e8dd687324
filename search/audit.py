"""The audit log: who did what, when, from where. A versioned index (`imt-audit-v1`) behind an alias, strict
mapping, named after the documents alias like the other stores (imt-docs -> imt-audit, X -> X-audit).

Append-only: entries are written with op_type=create under fresh random ids, and nothing here updates or
deletes one. Readers (the admin page) see them newest first.
"""

from __future__ import annotations

import time
import uuid

from elasticsearch import Elasticsearch

from search.mapping import DATE, KEYWORD, ensure_store, store_alias

AUDIT_VERSION = 1
ACTIONS = (
    "login",
    "login_failed",
    "logout",
    "search",
    "view",
    "export",
    "label",
    "model_change",
    "user_change",
    "watch_change",
    "alert_change",
    "schedule_change",
    "ops_alert_change",
    "crawl",  # a crawl run (CLI or scheduler)
    "hold_change",  # legal holds added or removed
    "retention",  # a retention run (what it deleted)
    "evidence_change",  # the evidence manifest's head signed
    "index_change",  # index migrated, re-scored, spool replayed, context recomputed
)

AUDIT_MAPPING = {
    "dynamic": "strict",
    "properties": {
        "at": DATE,
        "who": KEYWORD,
        "action": KEYWORD,
        "target": {"type": "keyword", "ignore_above": 2048},
        "details": {"type": "object", "enabled": False},  # stored as given, not searched
        "ip": KEYWORD,
        "ok": {"type": "boolean"},
    },
}

_ensured: set[tuple[int, str]] = set()


def audit_alias(docs_alias: str) -> str:
    return store_alias(docs_alias, "audit")


def ensure_audit_index(es: Elasticsearch, docs_alias: str) -> str:
    return ensure_store(es, audit_alias(docs_alias), AUDIT_MAPPING, AUDIT_VERSION)


def stamp() -> str:
    now = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int(now % 1 * 1000):03d}Z"


def record(
    es: Elasticsearch,
    docs_alias: str,
    who: str,
    action: str,
    target: str = "",
    details: dict | None = None,
    ip: str = "",
    ok: bool = True,
    at: str | None = None,
) -> str:
    """Append one entry (at `at`, default now: an entry that waited for Elasticsearch keeps its time); returns its
    id. Unknown actions are refused (ValueError): the list is the contract."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    key = (id(es), docs_alias)
    if key not in _ensured:
        ensure_audit_index(es, docs_alias)
        _ensured.add(key)
    entry_id = uuid.uuid4().hex
    body = {
        "at": at or stamp(),
        "who": who or "-",
        "action": action,
        "target": str(target or "")[:2048],
        "details": details or {},
        "ip": ip or "",
        "ok": bool(ok),
    }
    es.create(index=audit_alias(docs_alias), id=entry_id, document=body)
    return entry_id


def entries(
    es: Elasticsearch,
    docs_alias: str,
    size: int = 100,
    who: str | None = None,
    action: str | None = None,
    before: str | None = None,
    since: str | None = None,
) -> list[dict]:
    """The latest entries (newest first), optionally of one user or action, older than `before` and not older than
    `since` (each an `at`, or a date)."""
    alias = audit_alias(docs_alias)
    if not es.indices.exists_alias(name=alias):
        return []
    es.indices.refresh(index=alias)  # entries written a moment ago are shown too
    clauses = []
    if who:
        clauses.append({"term": {"who": who}})
    if action:
        clauses.append({"term": {"action": action}})
    if before:
        clauses.append({"range": {"at": {"lt": before}}})
    if since:
        clauses.append({"range": {"at": {"gte": since}}})
    resp = es.search(
        index=alias, query={"bool": {"filter": clauses}}, size=min(max(size, 1), 1000), sort=[{"at": "desc"}]
    )
    return [dict(h["_source"], id=h["_id"]) for h in resp["hits"]["hits"]]
