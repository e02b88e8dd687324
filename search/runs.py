"""Crawl run history in Elasticsearch: one document per `imt crawl`, behind the alias `<base>-runs`.

A run is written when it starts (status `running`) and again when it ends with its summary: pages fetched, new /
changed / unchanged / gone, flagged, indexed, spooled, dead letters, errors by type, requests, bytes downloaded,
proxy failures, duration (status
`finished`, `interrupted` when stopped by Ctrl-C, `failed` on an error). A run still `running` whose process is
gone is marked `interrupted` by `mark_stale` (a crash or a kill never leaves a run running for ever).
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Iterator

from elasticsearch import ApiError, Elasticsearch, NotFoundError

from search.mapping import DATE, KEYWORD, _wait_ready, ensure_store, store_alias
from core.actor import acting_user
from core.clock import now_iso

RUNS_VERSION = 1
COUNTS = ("pages_crawled", "documents", "flagged", "indexed", "new", "changed", "unchanged", "gone", "spooled",
          "dead_letter", "errors", "requests", "bytes", "proxy_failures")  # fmt: skip
RUNS_MAPPING = {
    "dynamic": "strict",
    "properties": {
        "run_id": KEYWORD,
        "sources": KEYWORD,
        "status": KEYWORD,  # running | finished | interrupted | failed
        "started_at": DATE,
        "finished_at": DATE,
        "seconds": {"type": "float"},
        "host": KEYWORD,
        "pid": {"type": "integer"},
        "who": KEYWORD,
        "model_version": KEYWORD,
        "es_down": {"type": "boolean"},
        "error": {"type": "text", "index": False},
        **{name: {"type": "long"} for name in COUNTS},
        "rejected": {"type": "object", "enabled": False},  # errors by type: {"http_404": 3, ...}
        "by_source": {"type": "object", "enabled": False},  # documents per source
        "finished": {"type": "object", "enabled": False},  # how each source's crawl ended
    },
}


class RunNotFound(Exception):
    """No run with that id; the message says how to list them."""


def runs_alias(docs_alias: str) -> str:
    """imt-docs -> imt-runs, anything else -> <alias>-runs (as the labels, watchlists and alerts stores)."""
    return store_alias(docs_alias, "runs")


def ensure_runs_index(es: Elasticsearch, alias: str) -> None:
    ensure_store(es, alias, RUNS_MAPPING, RUNS_VERSION)


def start(es: Elasticsearch, docs_alias: str, sources: list[str], who: str | None = None) -> str:
    """Record a run as `running`; returns its id."""
    alias = runs_alias(docs_alias)
    ensure_runs_index(es, alias)
    run_id = time.strftime("r%Y%m%d-%H%M%S-", time.gmtime()) + uuid.uuid4().hex[:6]
    es.index(
        index=alias,
        id=run_id,
        document={
            "run_id": run_id,
            "sources": list(sources),
            "status": "running",
            "started_at": now_iso(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "who": who or acting_user(),
        },
        refresh=True,
    )
    return run_id


def finish(es: Elasticsearch, docs_alias: str, run_id: str, summary: dict | None, status: str,
           error: str | None = None) -> None:  # fmt: skip
    """Record the end of a run with its summary (the dict `imt crawl --json` prints)."""
    doc = {"status": status, "finished_at": now_iso()}
    if summary:
        doc.update({k: summary[k] for k in COUNTS if k in summary})
        doc.update(
            seconds=summary.get("seconds"),
            model_version=summary.get("model"),
            es_down=bool(summary.get("es_down")),
            rejected=summary.get("rejected") or {},
            by_source=summary.get("by_source") or {},
            finished=summary.get("finished") or {},
        )
    if error:
        doc["error"] = error[:2000]
    es.update(index=runs_alias(docs_alias), id=run_id, doc=doc, refresh=True)


def mark_stale(es: Elasticsearch, docs_alias: str) -> list[str]:
    """Runs of this host still `running` whose process is gone: marked `interrupted`. Returns their ids."""
    alias = runs_alias(docs_alias)
    if not es.indices.exists_alias(name=alias):
        return []
    query = {"bool": {"filter": [{"term": {"status": "running"}}, {"term": {"host": socket.gethostname()}}]}}
    for attempt in range(20):  # another crawl (e.g. a worker of the same shared crawl) may have just created it
        _wait_ready(es, alias)
        try:
            resp = es.search(index=alias, query=query, size=1000)
            break
        except ApiError as exc:
            if exc.meta.status != 503 or attempt == 19:
                raise
            time.sleep(0.5)
    stale = []
    for hit in resp["hits"]["hits"]:
        pid = hit["_source"].get("pid")
        if pid and pid_alive(pid):
            continue
        gone = "the crawl process ended without finishing the run"
        es.update(index=alias, id=hit["_id"], doc={"status": "interrupted", "finished_at": now_iso(), "error": gone})
        stale.append(hit["_id"])
    if stale:
        es.indices.refresh(index=alias)
    return stale


def pid_alive(pid: int) -> bool:
    """Is this process still there (a zombie, finished but not reaped, counts as gone)?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def list_runs(es: Elasticsearch, docs_alias: str, source: str | None = None, status: str | None = None,
              size: int = 20) -> Iterator[dict]:  # fmt: skip
    """Newest first."""
    alias = runs_alias(docs_alias)
    if not es.indices.exists_alias(name=alias):
        return iter(())
    filters = []
    if source:
        filters.append({"term": {"sources": source}})
    if status:
        filters.append({"term": {"status": status}})
    resp = es.search(index=alias, query={"bool": {"filter": filters}}, size=size,
                     sort=[{"started_at": "desc"}, {"run_id": "desc"}])  # fmt: skip
    return (h["_source"] for h in resp["hits"]["hits"])


def show(es: Elasticsearch, docs_alias: str, run_id: str) -> dict:
    try:
        return es.get(index=runs_alias(docs_alias), id=run_id)["_source"]
    except NotFoundError:
        raise RunNotFound(f"no crawl run {run_id!r} (`imt runs list` shows them)") from None
    except ApiError as exc:
        raise RunNotFound(f"cannot read crawl run {run_id!r}: {exc.message}") from None
