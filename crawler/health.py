"""Source health: after each scheduled crawl, and with `imt health check`, each source's runs are checked and
an operator alert (search/ops_alerts.py) is raised when

- its last run produced no document (`zero_documents`),
- its last run's error rate, (errors + pages rejected for a failure, not robots.txt) / pages, is over
  IMT_HEALTH_ERROR_RATE (default 0.2) (`error_rate`),
- it has a schedule and no successful run (finished, with documents) for IMT_HEALTH_MISSED_PERIODS (default 3)
  periods of that schedule (`missed_runs`).

Runs come from the crawl run history (search/runs.py). A run of several sources counts for each of them, its
documents by source, its errors and pages as a whole.
"""

from __future__ import annotations

import datetime as dt

from elasticsearch import Elasticsearch

from crawler.schedule import ScheduleStore, effective, next_after, parse_time, utcnow
from search import ops_alerts, runs


NOT_FAILURES = ("robots_disallowed",)


def _recent_runs(es: Elasticsearch, docs_alias: str, source: str, size: int = 50) -> list[dict]:
    return [r for r in runs.list_runs(es, docs_alias, source=source, size=size) if r.get("status") != "running"]


def _docs_of(run: dict, source: str) -> int:
    by_source = run.get("by_source") or {}
    if source in by_source:
        return int(by_source[source] or 0)
    return int(run.get("documents") or 0) if run.get("sources") == [source] else 0


def _failures(run: dict) -> int:
    """Processing errors plus pages rejected for a failure (HTTP errors, timeouts ...; not robots.txt)."""
    rejected = run.get("rejected") or {}
    return int(run.get("errors") or 0) + sum(int(v) for k, v in rejected.items() if k not in NOT_FAILURES)


def _periods_missed(cron: str, since: dt.datetime, now: dt.datetime, limit: int) -> int:
    count, when = 0, since
    while count < limit:
        when = next_after(cron, when)
        if when > now:
            break
        count += 1
    return count


def check_source(es: Elasticsearch, cfg, name: str, source=None, now: dt.datetime | None = None) -> dict:
    """The health of one source; raises the alerts it calls for (each once). Returns a report."""
    max_rate, max_periods = cfg.health_error_rate, cfg.health_missed_periods  # imt.toml or IMT_HEALTH_*
    now = now or utcnow()
    history = _recent_runs(es, cfg.index, name)
    last = history[0] if history else None
    report = {"source": name, "last_run": None, "status": None, "started_at": None, "documents": None,
              "error_rate": None, "schedule": None, "last_success": None, "problems": [],
              "alerts_raised": []}  # fmt: skip
    raised = report["alerts_raised"]

    def alert(reason: str, about: str, message: str, run_id: str | None = None) -> None:
        report["problems"].append(reason)
        doc = ops_alerts.raise_alert(es, cfg.index, name, reason, about, message, run_id)
        if doc:
            raised.append(doc)

    if last:
        pages, errors = int(last.get("pages_crawled") or 0), _failures(last)
        rate = min(1.0, errors / pages) if pages else (1.0 if errors else 0.0)
        docs = _docs_of(last, name)
        report.update(last_run=last["run_id"], status=last["status"], started_at=last.get("started_at"),
                      documents=docs, error_rate=round(rate, 3))  # fmt: skip
        if last["status"] == "finished" and docs == 0:
            alert("zero_documents", last["run_id"], f"crawl run {last['run_id']} of {name} produced no document",
                  last["run_id"])  # fmt: skip
        if rate > max_rate:
            alert("error_rate", last["run_id"],
                  f"crawl run {last['run_id']} of {name}: {errors} errors for {pages} pages "
                  f"(rate {rate:.2f} > {max_rate})", last["run_id"])  # fmt: skip
    good = next((r for r in history if r["status"] == "finished" and _docs_of(r, name) > 0), None)
    report["last_success"] = good and good.get("started_at")
    schedules = effective({name: source} if source is not None else {}, ScheduleStore(cfg.home / "state").load())
    sch = schedules.get(name)
    if sch is not None:
        report["schedule"] = sch.cron
        since = good.get("started_at") if good else (history[-1]["started_at"] if history else _first_seen(cfg, name))
        if since and not sch.paused:
            missed = _periods_missed(sch.cron, parse_time(since), now, max_periods)
            if missed >= max_periods:
                about = good["run_id"] if good else "never"
                what = f"since {since}" if good else f"since {since} (never)"
                alert("missed_runs", about, f"{name} has had no successful crawl for {missed} periods of "
                      f"'{sch.cron}' {what}")  # fmt: skip
    return report


def _first_seen(cfg, name: str) -> str | None:
    import json

    try:
        state = json.loads((cfg.home / "state" / "scheduler.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return (state.get(name) or {}).get("since")


def check_all(es: Elasticsearch, cfg, sources: dict, now: dt.datetime | None = None) -> list[dict]:
    reports = []
    for name, src in sorted(sources.items()):
        rep = check_source(es, cfg, name, src, now)
        rep["open_alerts"] = len(ops_alerts.list_alerts(es, cfg.index, state="new", source=name))
        reports.append(rep)
    return reports
