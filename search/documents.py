"""One indexed document by id, its near-duplicates, and index counts: what a document page needs beside the
investigator queries of search.query."""

from __future__ import annotations

import re

from elasticsearch import ApiError, Elasticsearch, TransportError

from search.query import QueryError

DOC_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")
_LIST_FIELDS = ["url", "title", "score", "label", "source", "fetched_at", "first_seen", "last_seen", "version"]


def get_document(es: Elasticsearch, alias: str, doc_id: str) -> dict | None:
    """The stored document (every field but the normalised text copy) with `id`, or None when there is none."""
    if not isinstance(doc_id, str) or not DOC_ID.fullmatch(doc_id):
        return None
    try:
        got = es.get(index=alias, id=doc_id, source_excludes=["text_norm"])
    except ApiError as exc:
        if exc.meta.status == 404:
            return None
        raise QueryError(f"Elasticsearch refused to read document {doc_id}: {exc.message}") from None
    except TransportError as exc:
        raise QueryError(f"Elasticsearch did not answer: {exc}") from None
    return dict(got["_source"], id=got["_id"])


def near_duplicates(
    es: Elasticsearch, alias: str, cluster_id: str | None, exclude: str | None = None, size: int = 20
) -> list[dict]:
    """The other documents of a near-duplicate cluster (same `cluster_id`), latest first."""
    if not cluster_id:
        return []
    query = {
        "bool": {
            "filter": [{"term": {"cluster_id": cluster_id}}],
            "must_not": [{"ids": {"values": [exclude]}}] if exclude else [],
        }
    }
    try:
        resp = es.search(
            index=alias,
            query=query,
            size=size,
            source_includes=_LIST_FIELDS,
            sort=[{"last_seen": {"order": "desc", "missing": "_last"}}, {"url": "asc"}],
        )
    except ApiError as exc:
        raise QueryError(f"Elasticsearch rejected the duplicates query: {exc.message}") from None
    except TransportError as exc:
        raise QueryError(f"Elasticsearch did not answer: {exc}") from None
    return [dict(h["_source"], id=h["_id"]) for h in resp["hits"]["hits"]]


def count(es: Elasticsearch, alias: str) -> int | None:
    """Documents behind the alias; None when it does not exist yet."""
    if not es.indices.exists_alias(name=alias):
        return None
    return int(es.count(index=alias)["count"])
