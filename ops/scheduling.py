"""The scheduler daemon's workflow (`imt scheduler run`): runs marked interrupted at start-up, optional /metrics,
due crawls started through `python -m ops crawl` (crawler.schedule), and a health check of each source after its
run and at every tick."""

from __future__ import annotations

from ops import OpsError
from ops.crawl import load_sources


def reachable_es(cfg):
    """A client, or None when Elasticsearch cannot be reached (the crawls then spool; the daemon keeps going)."""
    from search.client import connect

    try:
        return connect(cfg)
    except Exception:  # noqa: BLE001 - reported by the caller as Elasticsearch unavailable
        return None


def health_after_run(cfg):
    """check(source, run record): the source's health checks, alerts raised logged as scheduler events."""

    def check(source: str, record: dict) -> None:
        from crawler import health
        from crawler.schedule import log_event

        es = reachable_es(cfg)
        if es is None:
            return
        report = health.check_source(es, cfg, source, load_sources(cfg).get(source))
        for alert in report["alerts_raised"]:
            log_event("health_alert", source=source, reason=alert["reason"], message=alert["message"])

    return check


def _mark_stale_runs(cfg) -> None:
    from crawler.schedule import log_event
    from search import runs as run_store

    es = reachable_es(cfg)
    if es is None:
        log_event("es_unavailable", error="Elasticsearch is not reachable; crawls will spool their documents")
        return
    try:
        stale = run_store.mark_stale(es, cfg.index)
        if stale:
            log_event("runs_marked_interrupted", runs=",".join(stale))
    except Exception as exc:  # noqa: BLE001 - Elasticsearch down: the crawls spool, the daemon still runs
        log_event("es_unavailable", error=f"{type(exc).__name__}: {exc}")


def run_scheduler(cfg, tick: float = 30.0, once: bool = False, metrics_port: int | None = None) -> None:
    """Run due crawls at each tick until stopped (or one pass and its crawls with `once`)."""
    from crawler.schedule import Scheduler, log_event

    _mark_stale_runs(cfg)
    server = None
    if metrics_port is not None:
        from crawler.metrics import serve_metrics

        try:
            server = serve_metrics(cfg, lambda: reachable_es(cfg), metrics_port)
        except OSError as exc:
            raise OpsError(f"cannot serve metrics on 127.0.0.1:{metrics_port}: {exc.strerror or exc}") from None
        log_event("metrics_serving", url=f"http://127.0.0.1:{server.server_address[1]}/metrics")
    health_check = health_after_run(cfg)
    scheduler = Scheduler(cfg.home, lambda: load_sources(cfg), after_run=health_check)
    scheduler.periodic = lambda names: [health_check(name, {}) for name in names if name not in scheduler.running]
    try:
        scheduler.run(tick=tick, once=once)
    finally:
        if server is not None:
            server.shutdown()
