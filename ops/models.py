"""Changing the active model, and what follows on the index: promotion, rollback and re-scoring (then the channel
and identifier context, recomputed with the new model). The same workflow for `imt model promote|rollback`,
`imt index rescore` and the web app's analyst page."""

from __future__ import annotations

from dataclasses import dataclass

from core.progress import note
from ops import OpsError


@dataclass
class Change:
    """What a promotion or rollback did: the version now active, the one before, and the re-score (None when
    nothing was re-scored)."""

    version: str
    previous: str | None
    rescored: object | None = None  # search.rescore's result
    unchanged: bool = False  # the version was active already

    def rescore_summary(self) -> str:
        r = self.rescored
        if r is None:
            return "nothing indexed to re-score"
        return f"re-scored {r.updated} documents" + ("" if r.complete else " (incomplete: run again)")


def connect_for_rescore(cfg):
    """A client before anything changes: a model switched without re-scoring would leave the index scored by
    another model than the active one."""
    from search.client import SearchUnavailable, connect

    try:
        return connect(cfg)
    except SearchUnavailable as exc:
        raise OpsError(f"{exc}; nothing changed (--no-rescore changes the model without re-scoring)") from None


def promote(cfg, version: str, *, force: bool = False, who: str | None = None, rescore_index: bool = True,
            announce=None) -> Change:  # fmt: skip
    """Make `version` active (refused below the active model's held-out PR-AUC unless `force`), then re-score the
    indexed documents with it. `announce(change)` is called once the registry has changed, before the re-score."""
    from classifier.registry import Registry

    registry = Registry(cfg.models_dir)
    registry.meta(version)  # unknown versions fail before anything else
    es = connect_for_rescore(cfg) if rescore_index else None
    previous = registry.promote(version, force=force, who=who)
    if previous == version:
        return Change(version, previous, unchanged=True)
    change = Change(version, previous)
    if announce is not None:
        announce(change)
    if es is not None:
        change.rescored = rescore(cfg, es, version)
    return change


def rollback(cfg, *, who: str | None = None, rescore_index: bool = True, announce=None) -> Change:
    """Return to the model active before the current one, then re-score the indexed documents (`announce` as for
    promote)."""
    from classifier.registry import Registry

    registry = Registry(cfg.models_dir)
    es = connect_for_rescore(cfg) if rescore_index else None
    current, target = registry.rollback(who=who)
    change = Change(target, current)
    if announce is not None:
        announce(change)
    if es is not None:
        change.rescored = rescore(cfg, es, target)
    return change


def rescore(cfg, es, version: str, since: str | None = None, limit: int | None = None, restart: bool = False,
            batch: int = 500, as_json: bool = False):
    """Re-score the indexed documents with `version` (resumable, from a checkpoint under var/state/), then, when
    every document is done, the containers' and identifiers' context. None when nothing is indexed yet."""
    from classifier.registry import Registry
    from core.progress import Progress
    from ops.crawl import context_update
    from ops.training import Scorer
    from search.mapping import ensure_docs_index
    from search.rescore import checkpoint_path
    from search.rescore import rescore as run_rescore

    if not es.indices.exists_alias(name=cfg.index):
        note(f"No documents indexed in {cfg.index} yet: nothing to re-score")
        return None
    ensure_docs_index(es, cfg.index)  # an index made by an older version gains the fields a re-score writes
    model, _meta = Registry(cfg.models_dir).load(version)
    with Progress("re-scored") as meter:  # a bar on a terminal, a log line every few seconds otherwise
        result = run_rescore(es, cfg.index, Scorer(model, version), version,
                             checkpoint_path(cfg.home / "state", version), since=since, batch=batch, limit=limit,
                             restart=restart, progress=meter.note, on_progress=meter.update)  # fmt: skip
    if result.complete and not result.failed:
        context_update(cfg, es, model, version, everything=True, as_json=as_json)
    return result
