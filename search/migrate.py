"""`imt index migrate`: build the next version of an index behind its alias and swap the alias, without downtime.

    imt-docs -> imt-docs-v1      (before)
    imt-docs -> imt-docs-v2      (after; v1 kept for rollback unless --delete-old)

Steps, all with APIs the test distribution has (no _reindex):
  1. note each shard's highest sequence number (and its count of deletes) in the current index;
  2. create `<alias>-v<N+1>` with the mapping of this version of the code and the configured shards, replicas and
     refresh interval (`[indices.docs]`, IMT_ES_SHARDS ...: this is how the number of shards changes);
  3. copy every document from the current index with search_after over a point in time and bulk, in pages,
     with progress (the alias keeps serving searches and taking writes meanwhile);
  4. swap the alias in one atomic `_aliases` call (the new index becomes the write index), then put a write block
     on the old index: Elasticsearch lets the writes already under way finish first, and refuses any later one
     (the indexer sends such a refused item again through the alias, to the new index);
  5. catch up: every document the old index took after step 1 has a higher sequence number on its shard, whatever
     timestamps it carries (a spool replayed days later, a re-score, a label, a hold), so those are copied again;
     a document the new index took through the alias after the swap is newer and is never overwritten
     (optimistic concurrency on its sequence number). If the old index counted deletes during the copy, the
     documents copied before and deleted since are deleted from the new index too.
A document the new mapping refuses stops the migration before the swap, with the reason: the alias never points
at an index that is missing documents. The old index is kept (write-blocked) for rollback unless --delete-old;
docs/search.md says how to roll back.
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
    removed: int = 0  # copied, then deleted from the old index during the copy: deleted from the new one too
    kept_newer: int = 0  # changed in the old index, but written again through the alias after the swap: kept
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
        blocked = _write_blocked(es, old)
        if blocked:
            raise MigrationError(
                f"{old} is write-blocked ({blocked}): the alias would point at an index that refuses writes; "
                f"lift the block (docs/search.md, rolling back a migration) and run again"
            )
        # sequence numbers first: whatever the old index takes from here on has a higher one on its shard
        before = _shard_marks(es, old)
        es.indices.create(
            index=new,
            settings=settings or create_settings(alias),  # the configured shards, replicas and refresh
            mappings=mapping,
        )
        es.indices.refresh(index=old)
        total = es.count(index=old)["count"]
        say(f"copying {total} documents {old} -> {new}")
        count = _Count(total, on_progress)
        result.copied = _copy(es, old, new, {"match_all": {}}, total, say, count=count)
        es.indices.refresh(index=new)
        copied_marks = _shard_marks(es, new)  # what the new index holds before it takes writes of its own
        # the swap: one atomic call, the new index takes the writes
        es.indices.update_aliases(
            actions=[
                {"remove": {"index": old, "alias": alias}},
                {"add": {"index": new, "alias": alias, "is_write_index": True}},
            ]
        )
        # writes already on their way to the old index finish; any later one is refused (and retried by the
        # indexer through the alias): from here the old index is frozen and the catch-up cannot miss anything
        es.indices.add_block(index=old, block="write")
        es.indices.refresh(index=old)
        _catch_up(es, old, new, before, copied_marks, result, say, count)
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


@dataclass
class _Mark:
    max_seq_no: int
    deletes: int


def _shard_marks(es: Elasticsearch, index: str) -> dict[int, _Mark]:
    """Each primary shard's highest sequence number and count of delete operations."""
    stats = es.indices.stats(index=index, level="shards", metric=["indexing", "docs"])
    marks = {}
    for shard, copies in stats["indices"][index]["shards"].items():
        primary = next(c for c in copies if c["routing"]["primary"])
        marks[int(shard)] = _Mark(int(primary["seq_no"]["max_seq_no"]), int(primary["indexing"]["delete_total"]))
    return marks


def _write_blocked(es: Elasticsearch, index: str) -> str:
    settings = es.indices.get_settings(index=index, name="index.blocks.*", flat_settings=True)
    found = settings.get(index, {}).get("settings", {})
    return ", ".join(k for k, v in found.items() if str(v).lower() == "true" and k.split(".")[-1] in
                     ("write", "read_only", "read_only_allow_delete"))  # fmt: skip


def _seq_no_pages(es: Elasticsearch, index: str, shard: int, query: dict, source=True):
    """The hits of one shard matching `query`, in sequence-number order (search_after on `_seq_no`, which is
    unique within a shard), with their sequence numbers and primary terms."""
    after = None
    while True:
        body = {"query": query, "sort": [{"_seq_no": "asc"}], "size": PAGE, "seq_no_primary_term": True,
                "_source": source, "track_total_hits": False}  # fmt: skip
        if after is not None:
            body["search_after"] = after
        hits = es.search(index=index, preference=f"_shards:{shard}", **body)["hits"]["hits"]
        if hits:
            yield hits
        if len(hits) < PAGE:
            return
        after = hits[-1]["sort"]


def _catch_up(es, old, new, before, copied_marks, result: MigrationResult, say, count: _Count) -> None:
    """Copy again what the old index took after `before` (it is write-blocked now), and delete from the new index
    what was deleted from the old one meanwhile. Neither overwrites nor deletes a document the new index took
    through the alias after the swap: each write is conditional on the sequence number the copy left."""
    after = _shard_marks(es, old)
    changed = {s: after[s].max_seq_no - before[s].max_seq_no for s in after}
    n = sum(max(0, c) for c in changed.values())  # an upper bound: writes, updates and deletes alike
    if n:
        say(f"catching up writes made during the copy (up to {n} operations)")
        count.total += n
    for shard, mark in before.items():
        if changed.get(shard, 0) <= 0:
            continue
        query = {"range": {"_seq_no": {"gt": mark.max_seq_no}}}
        for hits in _seq_no_pages(es, old, shard, query):
            _write_conditionally(es, new, copied_marks, hits, result)
            count.add(len(hits))
    if n:
        count.add(max(0, count.total - count.done))
    if any(after[s].deletes > before[s].deletes for s in after):
        say("the old index took deletes during the copy: removing those documents from the new index")
        _remove_deleted(es, old, new, copied_marks, result)


def _in_copy(mark: dict[int, _Mark], shard: int, seq_no: int) -> bool:
    return shard in mark and seq_no <= mark[shard].max_seq_no


def _current(es, index: str, ids: list[str]) -> dict[str, dict]:
    """{id: {"seq_no", "primary_term", "shard"}} of those of `ids` that `index` holds."""
    resp = es.search(index=index, query={"ids": {"values": ids}}, size=len(ids), seq_no_primary_term=True,
                     explain=True, source=False, track_total_hits=False)  # fmt: skip
    out = {}
    for h in resp["hits"]["hits"]:
        shard = int(re.search(r"\]\[(\d+)\]$", h["_shard"]).group(1))
        out[h["_id"]] = {"seq_no": h["_seq_no"], "primary_term": h["_primary_term"], "shard": shard}
    return out


def _write_conditionally(es, new: str, copied_marks, hits: list[dict], result: MigrationResult) -> None:
    es.indices.refresh(index=new)
    now = _current(es, new, [h["_id"] for h in hits])
    actions = []
    for h in hits:
        cur = now.get(h["_id"])
        if cur is None:  # created in the old index during the copy (or deleted from the new one since: create)
            actions.append({"_op_type": "create", "_index": new, "_id": h["_id"], "_source": h["_source"]})
        elif _in_copy(copied_marks, cur["shard"], cur["seq_no"]):  # the new index holds the copy: replace it
            actions.append({"_op_type": "index", "_index": new, "_id": h["_id"], "_source": h["_source"],
                            "if_seq_no": cur["seq_no"], "if_primary_term": cur["primary_term"]})  # fmt: skip
        else:  # written through the alias after the swap: newer than anything the old index has
            result.kept_newer += 1
    for ok, item in helpers.streaming_bulk(es, actions, raise_on_error=False, max_retries=3, chunk_size=500):
        info = next(iter(item.values()))
        if ok:
            result.caught_up += 1
        elif info.get("status") == 409:  # written through the alias in between: the newer one stays
            result.kept_newer += 1
        else:
            reason = (info.get("error") or {}).get("reason", info.get("error"))
            raise MigrationError(
                f"a document changed during the copy was refused by the new index while catching up "
                f"({info.get('_id')}: {reason}); the alias points at {new}, the old index is kept"
            )


def _remove_deleted(es, old: str, new: str, copied_marks, result: MigrationResult) -> None:
    """Documents of the copy that the old index no longer has were deleted during the copy: delete them from the
    new index, unless written there again since (the delete is conditional on the copy's sequence number)."""
    for shard, mark in copied_marks.items():
        query = {"range": {"_seq_no": {"lte": mark.max_seq_no}}}
        for hits in _seq_no_pages(es, new, shard, query, source=False):
            found = es.mget(index=old, ids=[h["_id"] for h in hits], source=False)["docs"]
            present = {d["_id"] for d in found if d.get("found")}
            actions = [{"_op_type": "delete", "_index": new, "_id": h["_id"], "if_seq_no": h["_seq_no"],
                        "if_primary_term": h["_primary_term"]} for h in hits if h["_id"] not in present]  # fmt: skip
            for ok, _item in helpers.streaming_bulk(es, actions, raise_on_error=False, max_retries=3):
                result.removed += int(ok)


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
