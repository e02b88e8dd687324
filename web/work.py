"""The other pages: alerts and watchlists, the dashboard, the analyst's, the operator's and the admin's."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from classifier.registry import ModelMissing, PromotionRefused, Registry, RegistryError
from core.evidence import EvidenceStore
from ops import OpsError, models
from crawler.sources import SourceError, load_sources
from search import audit, documents, ops_alerts, runs, sessions, watch
from search import users as accounts
from search.labels import label_stats, labels_alias, uncertain_documents
from search.query import Filters, QueryError, facets
from search.spool import Spool
from web.common import (
    Admin,
    AdminPost,
    Analyst,
    AnalystPost,
    AppState,
    Investigator,
    InvestigatorPost,
    Operator,
    OperatorPost,
    Viewer,
    redirect,
    render,
    state,
)
from web.i18n import N_, Translator
from web.params import score_param
from web.render import bars, columns, pr_curve

router = APIRouter(include_in_schema=False)
EVAL_SET = Path(__file__).resolve().parent.parent / "classifier" / "eval" / "independent.jsonl"


def _ids(form) -> list[str]:
    return [i for i in form.getlist("id") if i][:1000]


def _alert_state(form) -> str:
    """The state an alert button asks for (investigators' alerts and operators' source-health alerts alike)."""
    new_state = {"ack": "seen", "close": "closed", "reopen": "new"}.get(str(form.get("do")))
    if new_state is None:
        raise HTTPException(400, N_("unknown alert action"))
    return new_state


# ---------------------------------------------------------------------------------------------------- alerts


@router.get("/alerts")
def alerts_page(
    request: Request, v: Investigator, state_: Annotated[str, Query(alias="state")] = "", watchlist: str = ""
):
    st = state(request)
    chosen = state_ if state_ in watch.STATES else None
    es = st.es()
    found = watch.alerts(es, st.index, state=chosen, watchlist=watchlist or None, size=200)
    return render(
        request,
        "alerts.html",
        v,
        alerts=found,
        counts=watch.counts_by_state(es, st.index),
        watchlists=watch.list_watchlists(es, st.index),
        chosen=chosen or "",
        watchlist=watchlist,
    )


@router.post("/alerts/state")
async def alerts_state(request: Request, v: InvestigatorPost):
    form = await request.form()  # repeated `id` fields: read here, the Elasticsearch work in the thread pool
    return await run_in_threadpool(_set_alert_states, request, v, form)


def _set_alert_states(request: Request, v: Viewer, form) -> Response:
    st = state(request)
    new_state = _alert_state(form)
    ids = _ids(form)
    try:
        done = watch.set_state(st.es(), st.index, ids, new_state, who=v.name)
    except watch.WatchError as exc:
        return redirect(request, "/alerts", str(exc), "error")
    st.audit(request, v.name, "alert_change", target=",".join(ids)[:2000], details=dict(done, state=new_state))
    return redirect(request, "/alerts", v.tr.gettext("Done."))


@router.post("/watchlists/run")
def watch_run(request: Request, v: InvestigatorPost):
    st = state(request)
    try:
        results = watch.run(st.es(), st.index)
    except watch.WatchError as exc:
        return redirect(request, "/alerts", str(exc), "error")
    summary = "; ".join(
        v.tr.gettext("%(name)s: %(matched)d matched, %(new)d new", name=r.name, matched=r.matched, new=r.new)
        for r in results
    ) or v.tr.gettext("no watchlists")
    st.audit(request, v.name, "watch_change", target="run", details={"results": [r.as_dict() for r in results]})
    return redirect(request, "/alerts", summary)


@router.post("/watchlists")
def watch_add(
    request: Request,
    v: InvestigatorPost,
    name: Annotated[str, Form()] = "",
    query: Annotated[str, Form()] = "",
    min_score: Annotated[str, Form()] = "",
):
    st = state(request)
    try:
        score = score_param(min_score.strip(), "min score")
        wl = watch.add(st.es(), st.index, name.strip(), query, Filters(min_score=score), who=v.name)
    except (watch.WatchError, QueryError) as exc:
        return redirect(request, "/alerts", str(exc), "error")
    st.audit(request, v.name, "watch_change", target=wl.name, details={"added": wl.as_dict()})
    return redirect(request, "/alerts", v.tr.gettext("watchlist %(name)s added", name=wl.name))


@router.post("/watchlists/{name}/remove")
def watch_remove(request: Request, v: InvestigatorPost, name: str):
    st = state(request)
    try:
        watch.remove(st.es(), st.index, name)
    except watch.WatchError as exc:
        return redirect(request, "/alerts", str(exc), "error")
    st.audit(request, v.name, "watch_change", target=name, details={"removed": True})
    return redirect(request, "/alerts", v.tr.gettext("watchlist %(name)s removed", name=name))


# ---------------------------------------------------------------------------------------------------- dashboard


def dashboard_data(st: AppState) -> dict:
    es = st.es()
    everything = facets(es, st.index, "", size=5)
    flagged = facets(es, st.index, "", filters=Filters(label=1), size=10)
    week = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=7)).strftime("%Y-%m-%d")
    recent = facets(es, st.index, "", filters=Filters(label=1, since=week), size=8)
    return {
        "new_entities": {k: recent[f"top_{k}"] for k in ("phone", "handle", "wallet", "onion")},
        "total": everything["total"],
        "flagged_total": flagged["total"],
        "per_day": flagged["fetched"],
        "substance": flagged["substance"],
        "place": flagged["place"],
        "source": flagged["source"],
    }


@router.get("/dashboard")
def dashboard(request: Request, v: Investigator):
    try:
        data = dashboard_data(state(request))
    except QueryError as exc:  # nothing indexed yet
        empty = {"total": 0, "flagged_total": 0, "per_day": [], "substance": [], "place": [], "source": [],
                 "new_entities": {}}  # fmt: skip
        return render(
            request,
            "dashboard.html",
            v,
            data=empty,
            c={k: bars([]) for k in ("substance", "place", "source")},
            per_day=columns([]),
            error=str(exc),
        )
    charts = {name: bars(data[name]) for name in ("substance", "place", "source")}
    return render(request, "dashboard.html", v, data=data, c=charts, per_day=columns(data["per_day"]))


# ---------------------------------------------------------------------------------------------------- analyst


def model_rows(registry: Registry) -> list[dict]:
    """The rows of `imt model list`."""
    return registry.summaries()


def label_queue(st: AppState, size: int = 20) -> tuple[list[dict], str | None, float | None]:
    """The queue of `imt labels queue`: (items, active version, its threshold)."""
    registry = Registry(st.cfg.models_dir)
    version = registry.current_version()
    if version is None:
        return [], None, None
    meta = registry.meta(version)
    threshold = float(meta.get("score_threshold", meta["threshold"]))  # the indexed score's threshold
    if documents.count(st.es(), st.index) is None:
        return [], version, threshold
    items = uncertain_documents(st.es(), st.index, labels_alias(st.index), threshold, size)
    return items, version, threshold


@router.get("/analyst")
def analyst_page(request: Request, v: Analyst):
    st = state(request)
    queue, version, threshold = label_queue(st)
    registry = Registry(st.cfg.models_dir)
    return render(
        request,
        "analyst.html",
        v,
        queue=queue,
        version=version,
        threshold=threshold,
        models=model_rows(registry),
        history=list(reversed(registry.history()))[:20],
        stats=label_stats(st.es(), labels_alias(st.index)),
    )


def curve_of(st: AppState, version: str) -> dict | None:
    """The PR curve of a model on the held-out evaluation set (classifier.evaluate, as `imt model evaluate`)."""
    if version in st.curves:
        return st.curves[version]
    from sklearn.metrics import precision_recall_curve

    from classifier.evaluate import evaluate
    from classifier.labels import read_label_file

    loaded = st.model(version)
    if loaded is None or not EVAL_SET.is_file():
        return None
    model, _meta = loaded
    rows = read_label_file(EVAL_SET, outcome="nothing evaluated").rows
    report, curve = evaluate(model, rows, version=version, data=EVAL_SET.name)
    precision, recall, _thr = precision_recall_curve(curve["y"], curve["proba"])
    step = max(1, len(precision) // 200)
    points = [(float(r), float(p)) for r, p in zip(recall[::step], precision[::step], strict=True)]
    operating = (report["recall"] or 0.0, report["precision"] or 0.0)
    st.curves[version] = {"chart": pr_curve(points, operating), "report": report, "name": EVAL_SET.name}
    return st.curves[version]


_VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")


def checked_version(version: str) -> str:
    """A model version as the registry names them (letters, digits, '.', '_', '-'; at most 100), else 400."""
    if not _VERSION.fullmatch(version or ""):
        shown = version if len(version or "") <= 40 else version[:40] + "…"
        raise HTTPException(400, N_("%(version)r is not a model version (like m20261201-101500)", version=shown))
    return version


@router.get("/analyst/models/{version}")
def model_page(request: Request, v: Analyst, version: str):
    st = state(request)
    checked_version(version)
    registry = Registry(st.cfg.models_dir)
    try:
        meta = registry.meta(version)
    except ModelMissing:
        raise HTTPException(404, N_("no such model")) from None
    return render(
        request, "model.html", v, meta=meta, active=registry.current_version() == version, curve=curve_of(st, version)
    )


@router.post("/analyst/promote")
def promote(request: Request, v: AnalystPost, version: Annotated[str, Form()] = "", force: Annotated[str, Form()] = ""):
    """As `imt model promote`: the same workflow (ops.models), re-score and context included."""
    st = state(request)
    checked_version(version)
    try:
        change = models.promote(st.cfg, version, force=bool(force), who=f"web:{v.name}")
    except (ModelMissing, PromotionRefused, OpsError) as exc:
        return redirect(request, "/analyst", str(exc), "error")
    if change.unchanged:
        return redirect(request, "/analyst", v.tr.gettext("%(version)s is already the active model", version=version))
    rescored = change.rescore_summary()
    st.audit(
        request,
        v.name,
        "model_change",
        target=version,
        details={"action": "promote", "previous": change.previous, "forced": bool(force), "rescore": rescored},
    )
    shown = v.tr.gettext(
        "promoted %(version)s (was %(previous)s); %(rescored)s",
        version=version,
        previous=change.previous,
        rescored=_rescored(v.tr, change),
    )
    return redirect(request, "/analyst", shown)


def _rescored(tr: Translator, change) -> str:
    """What the re-score after a promotion or rollback did, in the viewer's language (the audit log keeps
    change.rescore_summary(), in English)."""
    result = change.rescored
    if result is None:
        return tr.gettext("nothing indexed to re-score")
    if result.complete:
        return tr.ngettext("re-scored %(num)d document", "re-scored %(num)d documents", result.updated)
    return tr.ngettext("re-scored %(num)d document (incomplete: run again)",
                       "re-scored %(num)d documents (incomplete: run again)", result.updated)  # fmt: skip


_CHILDREN: list = []  # trainings this process started (polled, so that finished ones are reaped)


def _train_lock(cfg) -> Path:
    return cfg.home / "state" / "web-train.lock"


def training_state(cfg) -> str | None:
    """Who started the training still running, if one is, whichever process serving the app started it: the
    training process holds an exclusive lock on IMT_HOME/state/web-train.lock for as long as it runs."""
    import fcntl

    _CHILDREN[:] = [p for p in _CHILDREN if p.poll() is None]
    try:
        fh = open(_train_lock(cfg), encoding="utf-8")
    except FileNotFoundError:
        return None
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return fh.read().strip() or "someone"
        fcntl.flock(fh, fcntl.LOCK_UN)
    return None


@router.post("/analyst/train")
def train(request: Request, v: AnalystPost):
    """Train a new version from the seed corpus plus the stored labels, as `imt train --no-promote` does, in its
    own process (it takes a minute; the page stays responsive). The new version appears in the model list when it
    is done; promoting it stays a separate decision. One at a time across every process serving the app."""
    import fcntl
    import os
    import subprocess
    import sys

    from config import PROJECT_DIR

    st = state(request)
    cfg = st.cfg
    lock = _train_lock(cfg)
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            running = training_state(cfg) or "someone"
            shown = v.tr.gettext("a training started by %(who)s is still running", who=running)
            return redirect(request, "/analyst", shown, "error")
        os.ftruncate(fd, 0)
        os.pwrite(fd, v.name.encode(), 0)
        env = {**os.environ, "IMT_HOME": str(cfg.home), "IMT_INDEX": cfg.index, "IMT_USER": f"web:{v.name}"}
        if cfg.es_url:
            env["IMT_ES_URL"] = cfg.es_url
        log = (cfg.home / "logs").resolve()
        log.mkdir(parents=True, exist_ok=True)
        with open(log / "web-train.log", "ab") as out:
            # the child inherits the locked descriptor: the lock lasts exactly as long as the training
            _CHILDREN.append(subprocess.Popen(
                [sys.executable, "-m", "ops", "train", "--no-promote"], cwd=PROJECT_DIR,
                env=env, stdout=out, stderr=out, stdin=subprocess.DEVNULL, pass_fds=(fd,),
            ))  # fmt: skip
    finally:
        os.close(fd)
    st.audit(request, v.name, "model_change", target="train", details={"action": "train"})
    started = v.tr.gettext("training started: the new version appears below in about a minute")
    return redirect(request, "/analyst", started)


@router.post("/analyst/rollback")
def rollback(request: Request, v: AnalystPost):
    """As `imt model rollback` (ops.models)."""
    st = state(request)
    try:
        change = models.rollback(st.cfg, who=f"web:{v.name}")
    except (RegistryError, OpsError) as exc:
        return redirect(request, "/analyst", str(exc), "error")
    rescored = change.rescore_summary()
    st.audit(
        request,
        v.name,
        "model_change",
        target=change.version,
        details={"action": "rollback", "previous": change.previous, "rescore": rescored},
    )
    shown = v.tr.gettext(
        "rolled back from %(previous)s to %(version)s; %(rescored)s",
        previous=change.previous,
        version=change.version,
        rescored=_rescored(v.tr, change),
    )
    return redirect(request, "/analyst", shown)


# ---------------------------------------------------------------------------------------------------- operator


@router.get("/operator")
def operator_page(request: Request, v: Operator):
    st = state(request)
    cfg = st.cfg
    error, sources = None, []
    try:
        sources = list(load_sources(cfg.sources_dir, cfg.source_variables).values())
    except SourceError as exc:
        error = str(exc)
    store = EvidenceStore(cfg.evidence_dir)
    status = {
        "indexed": documents.count(st.es(), st.index),
        "spooled": len(Spool(cfg.spool_dir)),
        "evidence": store.head() if store.root.is_dir() else None,
        "index": st.index,
    }
    recent = list(runs.list_runs(st.es(), st.index, size=30))
    alerts = ops_alerts.list_alerts(st.es(), st.index, size=50)
    return render(request, "operator.html", v, sources=sources, error=error, index_status=status, runs=recent,
                  ops_alerts=alerts, schedules=_schedules(cfg, sources) if error is None else [])  # fmt: skip


@router.post("/operator/schedules")
def schedule_change(request: Request, v: OperatorPost, source: Annotated[str, Form()] = "",
                    do: Annotated[str, Form()] = ""):  # fmt: skip
    """Pause or resume a source's schedule, as `imt schedule pause | resume` (the daemon reads it at its next
    tick)."""
    from crawler.schedule import ScheduleError, ScheduleStore, effective

    st = state(request)
    if do not in ("pause", "resume"):
        raise HTTPException(400, N_("unknown schedule action"))
    store = ScheduleStore(st.cfg.home / "state")
    try:
        scheduled = effective(load_sources(st.cfg.sources_dir, st.cfg.source_variables), store.load())
    except (SourceError, ScheduleError) as exc:
        return redirect(request, "/operator", str(exc), "error")
    if source not in scheduled:
        return redirect(request, "/operator", v.tr.gettext("%(source)r has no schedule", source=source), "error")
    store.set_paused(source, do == "pause")
    st.audit(request, v.name, "schedule_change", target=source, details={"action": do})
    if do == "pause":
        return redirect(request, "/operator", v.tr.gettext("%(source)s: paused", source=source))
    return redirect(request, "/operator", v.tr.gettext("%(source)s: resumed", source=source))


@router.post("/operator/health")
async def health_change(request: Request, v: OperatorPost):
    """Acknowledge, close or reopen source-health alerts, as `imt health ack | close`."""
    form = await request.form()  # as alerts_state: the form here, the Elasticsearch work in the thread pool
    return await run_in_threadpool(_set_health_states, request, v, form)


def _set_health_states(request: Request, v: Viewer, form) -> Response:
    st = state(request)
    new_state = _alert_state(form)
    ids = _ids(form)
    try:
        done = ops_alerts.set_state(st.es(), st.index, ids, new_state, who=f"web:{v.name}")
    except watch.WatchError as exc:
        return redirect(request, "/operator", str(exc), "error")
    st.audit(request, v.name, "ops_alert_change", target=",".join(ids)[:2000], details={"state": new_state,
                                                                                         "changed": done})  # fmt: skip
    return redirect(request, "/operator", v.tr.gettext("Done."))


def _schedules(cfg, sources: list) -> list[dict]:
    """Every schedule as `imt schedule list` shows it: from the source files and from `imt schedule add`, with the
    scheduler's last start and status, the next time and the pid of a crawl running now."""
    from crawler.schedule import ScheduleError, Scheduler

    sched = Scheduler(cfg.home, lambda: {s.name: s for s in sources}, log=lambda *a, **k: None)
    try:
        sched.reload(strict=True)
    except ScheduleError:
        return []
    return sched.status()


@router.get("/metrics")
def metrics_page(request: Request, v: Operator):
    """Prometheus text format (pages crawled, flagged, indexing lag, spool size, run failures), as the scheduler's
    --metrics-port serves it; behind an operator login like every route."""
    from crawler.metrics import CONTENT_TYPE, render_metrics

    st = state(request)
    return Response(render_metrics(st.cfg, st.es()), media_type=CONTENT_TYPE)


# ---------------------------------------------------------------------------------------------------- admin


def audit_before(value: str) -> str | None:
    """The `before` of the audit log's next page: an ISO date or date-time (as the entries' `at`), else 400."""
    value = value.strip()
    if not value:
        return None
    try:
        if len(value) > 40:
            raise ValueError
        stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        shown = value if len(value) <= 40 else value[:40] + "…"
        example = "2026-12-01T10:00:00Z"
        raise QueryError(
            N_("before must be a date or date-time like %(example)s, got %(value)r", example=example, value=shown)
        ) from None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.timezone.utc)
    return stamp.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@router.get("/admin")
def admin_page(
    request: Request,
    v: Admin,
    who: Annotated[str, Query(max_length=200)] = "",
    action: Annotated[str, Query(max_length=64)] = "",
    before: Annotated[str, Query(max_length=200)] = "",
):
    st = state(request)
    if action and action not in audit.ACTIONS:
        actions = ", ".join(audit.ACTIONS)
        raise QueryError(N_("unknown audit action %(action)r; use one of %(actions)s", action=action, actions=actions))
    since = audit_before(before)
    entries = audit.entries(st.es(), st.index, size=100, who=who or None, action=action or None, before=since)
    return render(
        request,
        "admin.html",
        v,
        users=accounts.list_users(st.es(), st.index),
        sessions=sessions.active(st.es(), st.index, st.settings.session_idle_seconds),
        entries=entries,
        roles=accounts.ROLES,
        actions=audit.ACTIONS,
        who=who,
        action=action,
    )


@router.post("/admin/users")
def admin_user(
    request: Request,
    v: AdminPost,
    do: Annotated[str, Form()] = "",
    username: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
):
    st = state(request)
    es = st.es()
    if do == "disable" and username == v.name:
        return redirect(request, "/admin", v.tr.gettext("you cannot disable your own account"), "error")
    try:
        if do == "add":
            accounts.add(es, st.index, username, password, role, who=f"web:{v.name}")
        elif do in ("disable", "enable"):
            accounts.set_disabled(es, st.index, username, do == "disable", who=f"web:{v.name}")
        elif do == "role":
            accounts.set_role(es, st.index, username, role, who=f"web:{v.name}")
        elif do == "password":
            accounts.set_password(es, st.index, username, password, who=f"web:{v.name}")
        elif do == "sessions":
            accounts.end_sessions(es, st.index, username, who=f"web:{v.name}")
        else:
            raise HTTPException(400, N_("unknown user action"))
    except accounts.UserAccountError as exc:
        return redirect(request, "/admin", str(exc), "error")
    details = {"do": do} | ({"role": role} if do in ("add", "role") else {})
    st.audit(request, v.name, "user_change", target=username, details=details)
    return redirect(request, "/admin", _user_changed(v.tr, do, username, role))


def _user_changed(tr: Translator, do: str, username: str, role: str) -> str:
    """The flash message of a change on the admin page, in the admin's language."""
    if do == "add":
        return tr.gettext("user %(name)s added (%(role)s)", name=username, role=role)
    if do == "disable":
        return tr.gettext("user %(name)s disabled", name=username)
    if do == "enable":
        return tr.gettext("user %(name)s enabled", name=username)
    if do == "role":
        return tr.gettext("user %(name)s now has the role %(role)s", name=username, role=role)
    if do == "password":
        return tr.gettext("new password set for %(name)s", name=username)
    return tr.gettext("sessions of %(name)s ended", name=username)
