"""Re-score indexed documents with another model version: batch-wise, resumable, with progress.

Reads documents in URL order (search_after on the `url` keyword, stable across runs), scores `title\\ntext` as the
crawler does, and writes partial updates (score, label, kind, model_version) with bulk: no scripts, no
update-by-query, so it runs on the test distribution as on a production cluster. Documents that already carry
the target model version are skipped. After every batch the last URL goes to a checkpoint file; a run that
stops (Ctrl-C, Elasticsearch gone, `limit` reached) continues from there the next time.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from elasticsearch import ApiError, Elasticsearch, TransportError, helpers
from core.clock import now_iso
from core.files import atomic_write

Scorer = Callable[[list[str]], list[tuple]]  # (score, label) or (score, label, kind) per text


class RescoreInterrupted(Exception):
    """Elasticsearch stopped answering part-way; the checkpoint is kept and the message says how to continue."""


@dataclass
class RescoreResult:
    version: str
    updated: int = 0  # documents written in this run
    failed: int = 0  # documents Elasticsearch refused (e.g. deleted meanwhile)
    total: int = 0  # documents still to do when this run started
    resumed_after: int = 0  # documents done by earlier runs of the same re-score
    complete: bool = False
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def checkpoint_path(state_dir: Path, version: str) -> Path:
    return Path(state_dir) / f"rescore-{version}.json"


def build_query(version: str, since: str | None = None) -> dict:
    """Documents not yet scored by `version` (fetched or seen since `since`, when given)."""
    filters = []
    if since:
        filters.append(
            {
                "bool": {
                    "should": [{"range": {"fetched_at": {"gte": since}}}, {"range": {"last_seen": {"gte": since}}}],
                    "minimum_should_match": 1,
                }
            }
        )
    return {"bool": {"filter": filters, "must_not": [{"term": {"model_version": version}}]}}


def rescore(
    es: Elasticsearch,
    alias: str,
    scorer: Scorer,
    version: str,
    checkpoint: Path,
    since: str | None = None,
    batch: int = 500,
    limit: int | None = None,
    restart: bool = False,
    progress: Callable[[str], None] | None = None,
    progress_every: int = 1000,
    on_progress: Callable[[int, int], None] | None = None,
) -> RescoreResult:
    """`progress` gets message lines; `on_progress(done, total)` the documents re-scored so far in this run of
    those to do (after each batch; total is capped by `limit`). With `on_progress`, `progress` gets no periodic
    count lines (the caller shows the count)."""
    started = time.monotonic()
    earlier = _resumable_state(checkpoint, version, since, restart, progress)
    result = RescoreResult(version=version, resumed_after=int(earlier.get("done", 0)))
    state = {
        "version": version,
        "since": since,
        "after": earlier.get("after"),
        "done": result.resumed_after,
        "started_at": earlier.get("started_at") or now_iso(),
    }
    run = _RescoreRun(es, alias, scorer, version, checkpoint, build_query(version, since), state, result, started,
                      batch, limit, progress, progress_every, on_progress)  # fmt: skip
    try:
        run.run()
    except (TransportError, ConnectionError, OSError) as exc:
        raise RescoreInterrupted(
            f"Elasticsearch stopped answering after {result.updated} documents ({exc.__class__.__name__}); "
            f"the checkpoint {checkpoint} is kept: run `imt index rescore --version {version}` again to continue"
        ) from None
    except ApiError as exc:
        if exc.meta.status == 404:
            raise RescoreInterrupted(f"index {alias!r} does not exist; nothing to re-score") from None
        raise
    if result.complete:
        state.update(complete=True, finished_at=now_iso())
        _save_checkpoint(checkpoint, state)
    result.seconds = round(time.monotonic() - started, 1)
    return result


def _resumable_state(checkpoint: Path, version: str, since: str | None, restart: bool, progress) -> dict:
    """The checkpoint's state when this run continues it (same version and --since, not complete, no
    `restart`), else {}."""
    state = _load_checkpoint(checkpoint)
    if restart or state.get("complete") or state.get("version") != version or state.get("since") != since:
        if state and not state.get("complete") and progress and not restart:
            progress(f"checkpoint {checkpoint.name} was for another --since; starting over")
        state = {}
    return state


@dataclass
class _RescoreRun:
    """One run of `rescore`: counts what is to do, then re-scores batch after batch in URL order into `result`,
    with the last URL done in `state` (saved to `checkpoint` after every batch)."""

    es: Elasticsearch
    alias: str
    scorer: Scorer
    version: str
    checkpoint: Path
    query: dict
    state: dict  # "after": the sort values of the last document done (None at the start)
    result: RescoreResult
    started: float
    batch: int
    limit: int | None
    progress: Callable[[str], None] | None
    progress_every: int
    on_progress: Callable[[int, int], None] | None

    def run(self) -> None:
        result, limit = self.result, self.limit
        self.es.indices.refresh(index=self.alias)
        todo = self._count()
        if self.on_progress:
            self.on_progress(0, todo)
        next_report = self.progress_every
        while limit is None or result.updated + result.failed < limit:
            size = self.batch if limit is None else min(self.batch, limit - result.updated - result.failed)
            hits = self._search(size)
            if not hits:
                result.complete = True
                break
            self._write(hits)
            next_report = self._report(todo, next_report)
            if len(hits) < size:
                result.complete = True
                break
        self.es.indices.refresh(index=self.alias)

    def _count(self) -> int:
        """Counts the documents still to do into `result.total`; returns those this run will do (up to `limit`)."""
        after, result = self.state["after"], self.result
        count_query = self.query if not after else _after(self.query, after[0])
        result.total = self.es.count(index=self.alias, query=count_query)["count"]
        if self.progress:
            what = f"resuming after {result.resumed_after} documents; " if after else ""
            self.progress(f"re-scoring with {self.version}: {what}{result.total} documents to do")
        return result.total if self.limit is None else min(result.total, self.limit)

    def _search(self, size: int) -> list:
        """The next `size` documents to do, in URL order."""
        after = self.state["after"]
        kwargs = {"search_after": after} if after else {}
        resp = self.es.search(
            index=self.alias,
            query=self.query,
            size=size,
            sort=[{"url": "asc"}],
            source_includes=["title", "text", "channel", "vendor", "site", "container"],
            **kwargs,
        )
        return resp["hits"]["hits"]

    def _write(self, hits: list) -> None:
        """Scores the documents, writes the partial updates and saves the checkpoint after them."""
        texts = [f"{h['_source'].get('title') or ''}\n{h['_source'].get('text') or ''}" for h in hits]
        actions = [
            {
                "_op_type": "update",
                "_index": h["_index"],  # the concrete index: an alias over several takes writes in one only
                "_id": h["_id"],
                "retry_on_conflict": 3,
                "doc": _fields(scored, self.version) | _container(h["_source"]),
            }
            for h, scored in zip(hits, self.scorer(texts), strict=True)
        ]
        for ok, _item in helpers.streaming_bulk(self.es, actions, index=self.alias, raise_on_error=False,
                                                max_retries=3):  # fmt: skip
            if ok:
                self.result.updated += 1
            else:
                self.result.failed += 1
        after = hits[-1]["sort"]
        self.state.update(after=after, done=self.state["done"] + len(hits), updated_at=now_iso())
        _save_checkpoint(self.checkpoint, self.state)

    def _report(self, todo: int, next_report: int) -> int:
        """Progress after a batch; returns the count at which the next periodic line is due."""
        done = self.result.updated + self.result.failed
        if self.on_progress:
            self.on_progress(done, max(todo, done))  # documents indexed meanwhile may exceed the count
        elif self.progress and done >= next_report:
            rate = done / max(time.monotonic() - self.started, 1e-9)
            self.progress(f"re-scored {done}/{self.result.total} documents ({rate:.0f} docs/s)")
            next_report = (done // self.progress_every + 1) * self.progress_every
        return next_report


def _fields(result: tuple, version: str) -> dict:
    """What a re-score writes: score, label and, when the scorer gives one, the kind."""
    doc = {"score": result[0], "label": result[1], "model_version": version}
    if len(result) > 2:
        doc["kind"] = result[2]
    if len(result) > 3:  # the text-only score (search.context then adds the company)
        doc["score_text"] = result[3]
    return doc


def _container(src: dict) -> dict:
    """The container of a document indexed before documents had one."""
    if src.get("container"):
        return {}
    from classifier.context import container_key

    key = container_key(src)
    return {"container": key} if key else {}


def _after(query: dict, url: str) -> dict:
    return {"bool": {"filter": [query, {"range": {"url": {"gt": url}}}]}}


def _load_checkpoint(path: Path) -> dict:
    """The saved state; {} (start over) when there is none or it is damaged (not JSON, or not a JSON object)."""
    try:
        state = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _save_checkpoint(path: Path, state: dict) -> None:
    atomic_write(path, json.dumps(state, ensure_ascii=False))


