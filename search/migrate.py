"""`imt index migrate`: build the next version of an index behind its alias and swap the alias, without downtime.

    imt-docs -> imt-docs-v1      (before)
    imt-docs -> imt-docs-v2      (after; v1 kept for rollback unless --delete-old)

Steps, all with APIs the test distribution has (no _reindex):
  1. create `<alias>-v<N+1>` with the mapping of this version of the code and the configured shards, replicas and
     refresh interval (`[indices.docs]`, IMT_ES_SHARDS ...: this is how the number of shards changes);
  2. copy every document from the current index with search_after over a point in time and bulk, in pages,
     with progress (the alias keeps serving searches and taking writes meanwhile);
  3. swap the alias in one atomic `_aliases` call (the new index becomes the write index);
  4. catch up: copy again the documents that changed in the old index while step 2 ran (those last seen, fetched,
     gone or re-scored since the start, by their timestamps), so nothing written during the migration is lost.
A document the new mapping refuses stops the migration before the swap, with the reason: the alias never points
at an index that is missing documents.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

from elasticsearch import ApiError, Elasticsearch, TransportError, helpers

from search.client import pit_pages
from search.mapping import create_settings

PAGE = 1000


class MigrationError(Exception):
    """The migration stopped; the alias still points at the old index. The message says why."""


@dataclass
class MigrationResult:
    alias: str
    old_index: str
    new_index: str
    copied: int = 0
    caught_up: int = 0
    deleted_old: bool = False
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def current_index(es: Elasticsearch, alias: str) -> str:
    try:
        indices = list(es.indices.get_alias(name=alias))
    except ApiError as exc:
        if exc.meta.status == 404:
            raise MigrationError(f"alias {alias!r} does not exist: nothing to migrate") from None
        raise
    if len(indices) != 1:
        raise MigrationError(f"alias {alias!r} points at {len(indices)} indices ({', '.join(indices)}); expected one")
    return indices[0]


def next_name(alias: str, index: str) -> str:
    m = re.fullmatch(re.escape(alias) + r"-v(\d+)", index)
    return f"{alias}-v{int(m.group(1)) + 1 if m else 2}"


def migrate(
    es: Elasticsearch,
    alias: str,
    mapping: dict,
    settings: dict | None = None,
    delete_old: bool = False,
    progress: Callable[[str], None] | None = None,
    changed_since_fields: tuple[str, ...] = ("last_seen", "fetched_at", "gone_at"),
    on_progress: Callable[[int, int], None] | None = None,
) -> MigrationResult:
    """`progress` gets message lines; `on_progress(done, total)` the documents copied so far of those to copy
    (after each page; the catch-up pass adds its documents to both). With `on_progress`, `progress` gets no
    periodic count lines (the caller shows the count)."""
    started = time.monotonic()
    old = current_index(es, alias)
    new = next_name(alias, old)
    result = MigrationResult(alias=alias, old_index=old, new_index=new)
    say = progress or (lambda _m: None)
    try:
        if es.indices.exists(index=new):
            raise MigrationError(
                f"{new} exists already (an earlier migration stopped?); delete it with "
                f"`curl -XDELETE <es>/{new}` after checking it, then run again"
            )
        es.indices.create(
            index=new,
            settings=settings or create_settings(alias),  # the configured shards, replicas and refresh
            mappings=mapping,
        )
        start_iso = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 1))
        es.indices.refresh(index=old)
        total = es.count(index=old)["count"]
        say(f"copying {total} documents {old} -> {new}")
        count = _Count(total, on_progress)
        result.copied = _copy(es, old, new, {"match_all": {}}, total, say, count=count)
        # the swap: one atomic call, the new index takes the writes
        es.indices.update_aliases(
            actions=[
                {"remove": {"index": old, "alias": alias}},
                {"add": {"index": new, "alias": alias, "is_write_index": True}},
            ]
        )
        fields = [f for f in changed_since_fields if f in mapping.get("properties", {})]
        if fields:
            es.indices.refresh(index=old)
            changed = {"bool": {"should": [{"range": {f: {"gte": start_iso}}} for f in fields],
                                "minimum_should_match": 1}}  # fmt: skip
            n = es.count(index=old, query=changed)["count"]
            if n:
                say(f"catching up {n} documents written during the copy")
                count.total += n
                result.caught_up = _copy(es, old, new, changed, n, say, op="index", count=count)
        es.indices.refresh(index=new)
        if delete_old:
            es.indices.delete(index=old)
            result.deleted_old = True
    except (TransportError, ConnectionError) as exc:
        raise MigrationError(
            f"Elasticsearch stopped answering during the migration ({exc.__class__.__name__}); "
            f"the alias {alias!r} points at {current_index_safe(es, alias) or old}"
        ) from None
    result.seconds = round(time.monotonic() - started, 1)
    return result


def current_index_safe(es: Elasticsearch, alias: str) -> str | None:
    try:
        return current_index(es, alias)
    except (MigrationError, ApiError, TransportError):
        return None


class _Count:
    """Documents copied over both passes, for `on_progress(done, total)`."""

    def __init__(self, total: int, on_progress=None):
        self.done, self.total, self.on_progress = 0, total, on_progress
        if on_progress:
            on_progress(0, total)

    def add(self, n: int) -> None:
        self.done += n
        if self.on_progress:
            self.on_progress(self.done, max(self.total, self.done))


def _copy(es, old: str, new: str, query: dict, total: int, say, op: str = "create", count: _Count | None = None
          ) -> int:  # fmt: skip
    """Copy the documents matching `query` from old to new (search_after over a point in time + bulk).
    op "create" for the first pass (a document already in the new index would be a bug), "index" to overwrite."""
    copied, next_report = 0, 10_000
    for hits in pit_pages(es, old, {"query": query, "sort": ["_shard_doc"]}, PAGE, keep_alive="5m"):
        actions = [{"_op_type": op, "_index": new, "_id": h["_id"], "_source": h["_source"]} for h in hits]
        failed = []
        for ok, item in helpers.streaming_bulk(es, actions, raise_on_error=False, max_retries=3, chunk_size=500):
            if ok:
                copied += 1
            else:
                failed.append(item)
        if failed:
            first = next(iter(failed[0].values()))
            reason = (first.get("error") or {}).get("reason", first.get("error"))
            what = f"{len(failed)} documents were refused by the new mapping (first: {first.get('_id')}: {reason})"
            if op == "create":  # before the swap: undo, the alias never moved
                es.indices.delete(index=new, ignore_unavailable=True)
                raise MigrationError(f"{what}; {new} was removed and the alias still points at {old}")
            raise MigrationError(f"{what} while catching up; the alias points at {new}, {old} is kept")
        if count is not None:
            count.add(len(hits))
        if (count is None or count.on_progress is None) and copied >= next_report:
            say(f"copied {copied}/{total}")
            next_report += 10_000
    return copied
