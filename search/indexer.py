"""Bulk writes with no loss and with change awareness.

- Upserts by document id: a re-crawl updates, never duplicates.
- Change awareness: an unchanged page (same content hash) only moves `last_seen`; a changed page is rewritten
  and its previous version (hash, title, price, text length, when) is appended to `history`; a page that comes
  back after being gone loses `gone_at`. Done with a multi-get per batch and partial updates: no scripts, so the
  same code runs on the test distribution (no painless) and on a production cluster.
- No loss: per-item retries of rejected (429) items; a batch that cannot reach Elasticsearch goes to the durable
  spool and is replayed later; a document Elasticsearch refuses for good goes to a dead-letter file with the
  reason.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from elasticsearch import ApiError, Elasticsearch, TransportError, helpers

from search.spool import Spool
from core.clock import now_iso

log = logging.getLogger(__name__)

HISTORY_LIMIT = 50
# what is kept of each earlier version of a page
HISTORY_FIELDS = ("content_hash", "title", "price", "fetched_at", "evidence_sha256")
_EXISTING = ["content_hash", "history", "version", "title", "price", "fetched_at", "evidence_sha256", "gone_at",
             "score_text"]  # fmt: skip


@dataclass
class IndexStats:
    indexed: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    gone: int = 0
    spooled: int = 0
    dead: int = 0
    replayed: int = 0


class Indexer:
    def __init__(self, es: Elasticsearch, alias: str, spool: Spool, batch_size: int = 500):
        self.es = es
        self.alias = alias
        self.spool = spool
        self.dead_letter = spool.dir / "dead-letter.jsonl"
        self.batch_size = batch_size
        self.buffer: list[dict] = []
        self.gone: list[tuple[str, str]] = []
        self.stats = IndexStats()
        self.down = False  # once a write fails to connect, the rest of this run goes to the spool
        from search.context import Touched

        self.touched = Touched()  # containers and identifiers of new and changed documents (for search.context)

    # -- the sink interface the crawler uses ---------------------------------------------------------
    def add(self, doc: dict) -> None:
        self.buffer.append(doc)
        if len(self.buffer) >= self.batch_size:
            self.flush()

    def mark_gone(self, doc_id: str, at: str) -> None:
        """A page that answered 404/410: mark the indexed document (if any) as gone."""
        self.gone.append((doc_id, at))

    def flush(self) -> None:
        batch, self.buffer = self.buffer, []
        if batch:
            if self.down:
                self._spool(batch)
            else:
                sent, pending = self._send(batch)
                self.stats.indexed += sent
                if pending:
                    self.down = True
                    self._spool(pending)
        self._flush_gone()

    def close(self) -> IndexStats:
        self.flush()
        if not self.down:
            try:
                self.es.indices.refresh(index=self.alias)
            except (TransportError, ApiError):
                pass
        return self.stats

    def replay(self) -> int:
        """Index the spooled segments oldest first; stop at the first one that cannot be sent."""
        for segment in self.spool.segments():
            docs = Spool.read(segment)
            sent, pending = self._send(docs)
            self.stats.replayed += sent
            if pending:
                if len(pending) < len(docs):
                    self.spool.append(pending)  # keep only what is still unsent, then drop the old segment
                    segment.unlink()
                self.down = True
                return self.stats.replayed
            segment.unlink()
        if self.stats.replayed:
            self.es.indices.refresh(index=self.alias)
        return self.stats.replayed

    def sweep_gone(self, source: str, before: str, at: str) -> int:
        """After a complete crawl of a source: documents it did not see again (last_seen before the crawl
        started) and not yet marked are marked gone. Moves data with search_after plus bulk (no scripts)."""
        if self.down:
            return 0
        self.es.indices.refresh(index=self.alias)  # the search must see this crawl's last_seen updates
        query = {
            "bool": {
                "filter": [{"term": {"source": source}}, {"range": {"last_seen": {"lt": before}}}],
                "must_not": [{"exists": {"field": "gone_at"}}],
            }
        }
        marked, after = 0, None
        while True:
            kwargs = {"search_after": after} if after else {}
            resp = self.es.search(
                index=self.alias, query=query, size=500, sort=[{"url": "asc"}], _source=False, **kwargs
            )
            hits = resp["hits"]["hits"]
            if not hits:
                break
            actions = [{"_op_type": "update", "_id": h["_id"], "doc": {"gone_at": at}} for h in hits]
            ok, _ = helpers.bulk(self.es, actions, index=self.alias, raise_on_error=False, refresh=False)
            marked += ok
            after = hits[-1]["sort"]
        self.stats.gone += marked
        if marked:
            self.es.indices.refresh(index=self.alias)
        return marked

    # -- internals -----------------------------------------------------------------------------------
    def _spool(self, docs: list[dict]) -> None:
        self.spool.append(docs)
        self.stats.spooled += len(docs)

    def _existing(self, ids: list[str]) -> dict[str, dict]:
        try:
            resp = self.es.mget(index=self.alias, ids=ids, source_includes=_EXISTING)
        except ApiError as exc:
            if exc.meta.status == 404:
                return {}
            raise
        return {d["_id"]: d["_source"] for d in resp["docs"] if d.get("found")}

    def _actions(self, docs: list[dict], existing: dict[str, dict]) -> list[dict]:
        actions = []
        for doc in docs:
            body = {k: v for k, v in doc.items() if k != "id"}
            old = existing.get(doc["id"])
            if old is None:
                body.setdefault("version", 1)
                body.setdefault("indexed_at", now_iso())
                actions.append({"_op_type": "index", "_id": doc["id"], "_source": body})
                self.stats.new += 1
                self.touched.add(body)
            elif old.get("content_hash") == body.get("content_hash"):
                seen = {k: body[k] for k in ("last_seen", "fetched_at", "status") if k in body}
                seen["gone_at"] = None
                if "score_text" not in old and "score_text" in body:  # indexed before context: now it takes part
                    seen.update({k: body[k] for k in ("score_text", "container", "score", "label") if k in body})
                    self.touched.add(body)
                actions.append({"_op_type": "update", "_id": doc["id"], "doc": seen})
                self.stats.unchanged += 1
            else:
                update = {k: v for k, v in body.items() if k != "first_seen"}
                earlier = {k: old.get(k) for k in HISTORY_FIELDS if old.get(k) is not None}
                earlier["changed_at"] = body.get("fetched_at")
                update["history"] = (old.get("history") or [])[-(HISTORY_LIMIT - 1) :] + [earlier]
                update["version"] = int(old.get("version") or 1) + 1
                update["gone_at"] = None
                actions.append({"_op_type": "update", "_id": doc["id"], "doc": update})
                self.stats.changed += 1
                self.touched.add(body)
        return actions

    def _send(self, docs: list[dict]) -> tuple[int, list[dict]]:
        """Send docs; return how many were written, and those not sent because Elasticsearch is unreachable."""
        by_id = {d["id"]: d for d in docs}
        confirmed: set[str] = set()
        sent = 0
        try:
            actions = self._actions(docs, self._existing(list(by_id)))
            by_action = {a["_id"]: a for a in actions}
            failed = []
            for ok, item in helpers.streaming_bulk(
                self.es,
                actions,
                index=self.alias,
                chunk_size=self.batch_size,
                raise_on_error=False,
                max_retries=3,
                initial_backoff=1,
                yield_ok=True,
            ):
                info = next(iter(item.values()))
                confirmed.add(info.get("_id"))
                if ok:
                    sent += 1
                else:
                    failed.append(info)
            for info in failed:  # item by item: a second chance for what can succeed alone
                doc_id = info.get("_id")
                doc = by_id.get(doc_id, {"id": doc_id})
                if self._retry_one(by_action.get(doc_id), doc, info):
                    sent += 1
                else:
                    self._dead(doc, info.get("error") or info.get("status"))
        except (TransportError, ConnectionError, OSError) as exc:
            log.warning("bulk write failed (%s); spooling %d documents", exc, len(docs) - len(confirmed))
            return sent, [d for d in docs if d["id"] not in confirmed]
        return sent, []

    def _retry_one(self, action: dict | None, doc: dict, info: dict) -> bool:
        """One failed bulk item sent again on its own: a conflict or overload (409, 429, 5xx) is retried as it was
        (an update with retry_on_conflict); an update of a document deleted meanwhile (404) becomes a full index of
        it. A mapping error (400) is not retried: it goes to the dead letters."""
        status = int(info.get("status") or 0)
        if status == 403 and _write_block(info) and action is not None:
            # the index behind the alias was write-blocked by `imt index migrate` after its swap: the alias now
            # names the new index, so the item goes there (an update of a document the catch-up has not copied
            # yet answers 404 and becomes a full index of it, below)
            ok, errors = helpers.bulk(self.es, [action], index=self.alias, raise_on_error=False, max_retries=3,
                                      initial_backoff=1)  # fmt: skip
            if ok == 1 and not errors:
                return True
            info = next(iter(errors[0].values())) if errors else info
            status = int(info.get("status") or 0)
        if action is None or not (status in (404, 409, 429) or status >= 500):
            return False
        if status == 404:
            if action["_op_type"] != "update" or "url" not in doc:
                return False
            body = {k: v for k, v in doc.items() if k != "id"}
            body.setdefault("version", 1)
            body.setdefault("indexed_at", now_iso())
            action = {"_op_type": "index", "_id": doc["id"], "_source": body}
        elif action["_op_type"] == "update":
            action = {**action, "retry_on_conflict": 5}
        ok, errors = helpers.bulk(self.es, [action], index=self.alias, raise_on_error=False, max_retries=3,
                                  initial_backoff=1)  # fmt: skip
        return ok == 1 and not errors

    def _flush_gone(self) -> None:
        gone, self.gone = self.gone, []
        if not gone or self.down:
            return
        actions = [{"_op_type": "update", "_id": i, "doc": {"gone_at": at}} for i, at in gone]
        try:
            for ok, _item in helpers.streaming_bulk(self.es, actions, index=self.alias, raise_on_error=False):
                self.stats.gone += int(ok)  # a 404 here means the page was never indexed: nothing to mark
        except (TransportError, ConnectionError, OSError):
            log.warning("could not mark %d gone documents: Elasticsearch unreachable", len(gone))

    def _dead(self, doc: dict, reason) -> None:
        self.stats.dead += 1
        self.dead_letter.parent.mkdir(parents=True, exist_ok=True)
        record = {
            "failed_at": now_iso(),
            "reason": reason if isinstance(reason, (str, int)) else json.dumps(reason, ensure_ascii=False),
            "doc": doc,
        }
        with Path(self.dead_letter).open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def _write_block(info: dict) -> bool:
    error = info.get("error") or {}
    return isinstance(error, dict) and error.get("type") == "cluster_block_exception" and "write" in str(
        error.get("reason", "")
    )


