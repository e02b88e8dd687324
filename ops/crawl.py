"""The crawl pipeline, once for the CLI, the web app and the scheduler: sources -> crawler (with the active model
as scorer) -> indexer, with the per-source locks, the run record, spooling when Elasticsearch is away, the sweep of
pages gone, and the context update of what the crawl touched."""

from __future__ import annotations

import os

from core.progress import log_line, note
from ops import OpsError
from ops.demo_web import start_demo, stop_children
from ops.evidence import sign_after_crawl
from ops.training import ensure_model


def load_sources(cfg):
    from crawler.sources import load_sources

    return load_sources(cfg.sources_dir, cfg.source_variables)


def crawl(cfg, names: list[str], redis_url: str | None = None, crawl_id: str | None = None) -> dict:
    """`imt crawl` and the scheduler's crawls: the pipeline over `names`, as one worker of a shared crawl when a
    Redis URL is given (checked first: a Redis that does not answer is one line, not a traceback)."""
    cfg.redis_url = redis_url or cfg.redis_url
    cfg.crawl_id = crawl_id or cfg.crawl_id
    if cfg.redis_url:
        from crawler.distributed import RedisUnavailable, check_redis

        try:
            check_redis(cfg.redis_url)
        except RedisUnavailable as exc:
            raise OpsError(str(exc)) from None
    return run_pipeline(cfg, list(names))


def es_down_message(cfg, summary: dict) -> str:
    from search.client import unreachable_message

    return (f"error: {unreachable_message(cfg)}; {summary['spooled']} documents were spooled to {cfg.spool_dir} "
            "and will be indexed by `imt index replay` or the next crawl")  # fmt: skip


def summary_lines(cfg, summary: dict) -> list[str]:
    """A crawl's summary as the lines `imt crawl` prints."""
    from core.progress import human_bytes

    rate = summary["pages_crawled"] / max(summary["seconds"], 1e-9)
    lines = [
        f"Pages crawled: {summary['pages_crawled']}  ({rate:.0f} pages/s, {summary['seconds']} s)",
        f"Documents:     {summary['documents']}  flagged: {summary['flagged']}",
        f"Indexed:       {summary['indexed']}  (new {summary['new']}, changed {summary['changed']}, "
        f"unchanged {summary['unchanged']}, gone {summary['gone']})  spooled: {summary['spooled']}  "
        f"dead-letter: {summary['dead_letter']}",
        f"Downloaded:    {human_bytes(summary.get('bytes', 0) or 0)} in {summary.get('requests', 0)} requests"
        + (f"  proxy failures: {summary['proxy_failures']}" if summary.get("proxy_failures") else ""),
    ]
    if summary["rejected"]:
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(summary["rejected"].items()))
        lines.append(f"Rejected:      {sum(summary['rejected'].values())}  ({reasons}; see "
                     f"{cfg.home / 'state'}/rejected.jsonl)")  # fmt: skip
    ctx = summary.get("context")
    if ctx and not ctx.get("skipped"):
        lines.append(
            f"Context:       {ctx['containers']} containers, {ctx['identifiers']} identifiers updated; "
            f"{ctx['changed']} documents re-scored ({ctx['newly_flagged']} newly flagged, "
            f"{ctx['unflagged']} no longer) in {ctx['seconds']} s"
        )
    for name, count in sorted(summary["by_source"].items()):
        lines.append(f"  {name:18} {count} documents  ({summary['finished'].get(name, '?')})")
    return lines


def run_pipeline(cfg, names: list[str]) -> dict:
    """Crawl -> classify -> index. Returns the summary; documents Elasticsearch cannot take are spooled."""
    from crawler.sources import resolve

    chosen = resolve(load_sources(cfg), names)
    locks = [] if cfg.redis_url else lock_sources(cfg, [s.name for s in chosen])
    try:
        return pipeline(cfg, chosen)
    finally:
        for lock in locks:
            lock.release()


def lock_sources(cfg, names: list[str]) -> list:
    """Take the per-source crawl locks the scheduler uses (IMT_HOME/state/locks), so that a manual crawl and a
    scheduled one never crawl one source at once. A crawl the scheduler started finds its lock taken by its parent
    (or by itself) and goes on; the locks returned are the ones taken here, for the caller to release. A worker of
    a shared crawl (--redis-url) takes none: several workers crawling one source is the point."""
    from crawler.schedule import SourceLock

    taken = []
    for name in names:
        lock = SourceLock(cfg.home / "state", name)
        holder = lock.holder()
        if holder in (os.getpid(), os.getppid()):
            continue
        ok, _dead = lock.acquire(os.getpid())
        if not ok:
            for mine in taken:
                mine.release()
            raise OpsError(
                f"source {name!r} is being crawled by process {lock.holder()} (the scheduler or another `imt crawl`);"
                f" wait for it to finish, or stop it"
            )
        taken.append(lock)
    return taken


def pipeline(cfg, chosen) -> dict:
    """One crawl of the chosen sources: index prepared (or the spool when Elasticsearch is away), the run
    recorded, the demo web started when a demo source is crawled, pages gone swept, the context updated."""
    from core.evidence import EvidenceStore
    from core.progress import Progress
    from crawler.run import run_crawl
    from search.client import connect
    from search.indexer import Indexer
    from search.spool import Spool

    scorer = ensure_model(cfg)
    es = connect(cfg, check=False)
    indexer = Indexer(es, cfg.index, Spool(cfg.spool_dir))
    run_id = _prepare_index(cfg, es, indexer, chosen)
    demo_sources = [s for s in chosen if s.group == "demo"]
    helpers = start_demo(cfg, onion=any(s.type == "onion" for s in demo_sources)) if demo_sources else []
    # a total (for the percentage and ETA) when every source has a page budget; else the count and rate
    total = sum(s.max_pages for s in chosen) if all(s.max_pages for s in chosen) else None
    try:
        note(f"Crawling {', '.join(s.name for s in chosen)} ...")
        with Progress("crawled", total=total, every=2.0) as bar:
            stats = _crawl_recorded(es, cfg, run_id, lambda: run_crawl(
                chosen,
                scorer,
                indexer,
                state_dir=cfg.home / "state",
                evidence=EvidenceStore(cfg.evidence_dir, fsync=False),
                bar=bar,
                overrides={"LOG_LEVEL": cfg.log_level, "IMT_WARC_MAX_BYTES": cfg.warc_max_bytes},
                workers=cfg.crawl_workers,
                redis_url=cfg.redis_url,
                crawl_id=cfg.crawl_id,
                redis_idle=cfg.redis_idle,
            ))
    finally:
        stop_children(helpers)
    indexer.flush()
    # a source crawled to its natural end: what it no longer links to is gone (not after a crawl with errors,
    # or one that produced nothing, which may be a broken crawl rather than a site that emptied)
    for source in chosen:
        complete = stats.finished.get(source.name) == "finished" and not source.max_pages
        complete = complete and not stats.errors_by_source.get(source.name) and stats.by_source.get(source.name)
        complete = complete and not cfg.redis_url  # a worker of a shared crawl saw only its part of the source
        if complete and source.type != "telegram" and not source.max_pages_per_domain:
            indexer.sweep_gone(source.name, before=stats.started_at, at=stats.started_at)
    ist = indexer.close()
    context = _context_after_crawl(cfg, es, scorer, indexer) if not indexer.down and indexer.touched else None
    summary = {
        "pages_crawled": stats.pages,
        "documents": stats.documents,
        "flagged": stats.flagged,
        "indexed": ist.indexed,
        "new": ist.new,
        "changed": ist.changed,
        "unchanged": ist.unchanged,
        "gone": ist.gone,
        "spooled": ist.spooled,
        "dead_letter": ist.dead,
        "rejected": stats.rejected,
        "errors": stats.errors,
        "requests": stats.requests,
        "bytes": stats.bytes,
        "proxy_failures": stats.proxy_failures,
        "seconds": round(stats.seconds, 1),
        "by_source": stats.by_source,
        "finished": stats.finished,
        "model": scorer.version,
        "context": context,
        "es_down": indexer.down,
        "run_id": run_id,
    }
    if run_id:
        status = "interrupted" if "shutdown" in stats.finished.values() else "finished"
        _record_run(es, cfg, run_id, summary, status)
    _sign_and_audit(cfg, chosen, summary)
    return summary


def _sign_and_audit(cfg, chosen, summary: dict) -> None:
    """The evidence manifest's head signed as this crawl left it, and the crawl in the audit log."""
    from ops.audit import record

    signed = sign_after_crawl(cfg) if summary["pages_crawled"] else None
    summary["evidence_signed_lines"] = signed["lines"] if signed else None
    record(cfg, "crawl", target=",".join(s.name for s in chosen), ok=not summary["es_down"],
           details={k: summary[k] for k in ("run_id", "pages_crawled", "documents", "flagged", "new", "changed",
                                            "gone", "spooled", "es_down", "evidence_signed_lines")})  # fmt: skip


def _prepare_index(cfg, es, indexer, chosen) -> str | None:
    """The index as configured, stale runs marked, this run recorded, the spool replayed; the run's id, or None
    when Elasticsearch is away (the indexer then spools)."""
    from search import runs
    from search.client import SearchUnavailable, ensure_up, unreachable_message
    from search.mapping import ensure_docs_index

    run_id = None
    try:
        ensure_up(es, cfg)
        ensure_docs_index(es, cfg.index)  # shards and replicas as configured, when it is created
        refresh = cfg.index_settings("docs")["refresh"]
        if refresh:
            es.indices.put_settings(index=cfg.index, settings={"index": {"refresh_interval": refresh}})
        stale = runs.mark_stale(es, cfg.index)
        if stale:
            note(f"Marked {len(stale)} crawl runs interrupted (their process is gone)")
        run_id = runs.start(es, cfg.index, [s.name for s in chosen])
        replayed = indexer.replay()
        if replayed:
            note(f"Replayed {replayed} spooled documents")
    except SearchUnavailable:
        indexer.down = True
        note(f"warning: {unreachable_message(cfg)}; documents will be spooled")
    return run_id


def _context_after_crawl(cfg, es, scorer, indexer) -> dict | None:
    """The context of what the crawl touched; a failure is a warning (the crawl's summary is never lost)."""
    from search.client import SearchUnavailable

    try:
        return context_update(cfg, es, scorer.model, scorer.version, touched=indexer.touched)
    except (SearchUnavailable, ConnectionError, OSError) as exc:
        note(f"warning: context not updated ({type(exc).__name__}); `imt context update` does it later")
    except Exception as exc:  # noqa: BLE001 - an Elasticsearch error must not lose the crawl's summary
        from elasticsearch import ApiError, TransportError

        if not isinstance(exc, (ApiError, TransportError)):
            raise
        note(f"warning: context not updated ({exc}); `imt context update` does it later")
    return None


def _crawl_recorded(es, cfg, run_id, crawl):
    """Run the crawl; if it fails, its run is recorded as failed (with the error) before the error goes on."""
    try:
        return crawl()
    except BaseException as exc:
        if run_id:
            status = "interrupted" if isinstance(exc, KeyboardInterrupt) else "failed"
            _record_run(es, cfg, run_id, None, status, f"{type(exc).__name__}: {exc}")
        raise


def _record_run(es, cfg, run_id, summary, status, error=None) -> None:
    from elasticsearch import ApiError, TransportError

    from search import runs

    try:
        runs.finish(es, cfg.index, run_id, summary, status, error)
    except (ApiError, TransportError, ConnectionError) as exc:  # Elasticsearch went away: the crawl still counts
        note(f"warning: could not record the end of crawl run {run_id} ({type(exc).__name__})")


def context_update(cfg, es, model, version: str, touched=None, everything: bool = False,
                    as_json: bool = False) -> dict | None:  # fmt: skip
    """Recompute container and identifier context and re-score the documents concerned (search.context)."""
    from search.context import update

    result = update(es, cfg.index, model, version, touched=touched, everything=everything,
                    progress=None if as_json else log_line)  # fmt: skip
    return result.as_dict()
