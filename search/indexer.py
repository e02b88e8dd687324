"""Bulk writes with no loss: idempotent upserts by id, per-item retries, a spool when Elasticsearch is down,
and a dead-letter file for documents Elasticsearch will never accept."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from elasticsearch import ApiError, Elasticsearch, TransportError, helpers

from search.spool import Spool

log = logging.getLogger(__name__)

# fields kept from the first capture when a document is updated
FIRST_ONLY = ("first_seen",)


@dataclass
class IndexStats:
    indexed: int = 0
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
        self.stats = IndexStats()
        self.down = False  # once a write fails to connect, the rest of this run goes to the spool

    def add(self, doc: dict) -> None:
        self.buffer.append(doc)
        if len(self.buffer) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        batch, self.buffer = self.buffer, []
        if not batch:
            return
        if self.down:
            self.spool.append(batch)
            self.stats.spooled += len(batch)
            return
        sent, pending = self._send(batch)
        self.stats.indexed += sent
        if pending:
            self.down = True
            self.spool.append(pending)
            self.stats.spooled += len(pending)

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

    # -- internals -----------------------------------------------------------------------------------
    @staticmethod
    def _action(doc: dict) -> dict:
        body = {k: v for k, v in doc.items() if k != "id"}
        update = {k: v for k, v in body.items() if k not in FIRST_ONLY}
        return {"_op_type": "update", "_id": doc["id"], "doc": update, "upsert": body}

    def _send(self, docs: list[dict]) -> tuple[int, list[dict]]:
        """Send docs; return how many were indexed, and those not sent because Elasticsearch is unreachable."""
        sent = 0
        by_id = {d["id"]: d for d in docs}
        confirmed: set[str] = set()
        try:
            for ok, item in helpers.streaming_bulk(
                self.es,
                (self._action(d) for d in docs),
                index=self.alias,
                chunk_size=self.batch_size,
                raise_on_error=False,
                max_retries=3,
                initial_backoff=1,
                yield_ok=True,
            ):
                info = item.get("update", {})
                doc_id = info.get("_id")
                confirmed.add(doc_id)
                if ok:
                    sent += 1
                else:
                    self._dead(by_id.get(doc_id, {"id": doc_id}), info.get("error") or info.get("status"))
        except (TransportError, ConnectionError, OSError) as exc:
            log.warning("bulk write failed (%s); spooling %d documents", exc, len(docs) - len(confirmed))
            return sent, [d for d in docs if d["id"] not in confirmed]
        return sent, []

    def _dead(self, doc: dict, reason) -> None:
        self.stats.dead += 1
        self.dead_letter.parent.mkdir(parents=True, exist_ok=True)
        record = {
            "failed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "reason": reason if isinstance(reason, (str, int)) else json.dumps(reason, ensure_ascii=False),
            "doc": doc,
        }
        with Path(self.dead_letter).open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
