"""The JSON API under /api/: the same functions as the pages (and as `imt`), for scripts and other tools.

Sign in through /login (the session cookie); POST requests need the X-CSRF-Token header (GET /api/session gives
the token). Described by /api/openapi.json; /api/docs renders it (behind the login, no external assets).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from search import documents, watch
from search.labels import label_stats, labels_alias
from search.query import entity_show, facets
from search.query import search as run_search
from web import params as search_params
from web.app import Analyst, AnalystPost, Investigator, render, state
from web.pages import document_view, export_response, store_label
from web.work import label_queue

router = APIRouter(prefix="/api", tags=["api"])

SEARCH_PARAMS = (
    "q: query (docs/search.md syntax); min_score; label (0|1); source, type, lang, kind, entity (TYPE:VALUE), "
    "each repeatable; since, until (ISO dates); sort (relevance|score|date); size (1-200); after (cursor)."
)


class LabelIn(BaseModel):
    doc_id: str = Field(..., description="The indexed document's id")
    label: str = Field(..., description="1 (trafficking), 0 (not) or unsure (not stored)")


@router.get("/session", summary="Who is signed in, and the CSRF token for POST requests")
def session(v: Investigator):
    return {"username": v.name, "role": v.user.role, "csrf": v.session.csrf}


@router.get("/search", summary="One page of hits", description=SEARCH_PARAMS)
def api_search(request: Request, v: Investigator):
    st = state(request)
    p = search_params.parse(request, default_size=20)
    page = run_search(st.es(), st.index, p.q, size=p.size, filters=p.filters, sort=p.sort, after=p.after)
    st.audit(request, v.name, "search", target=p.q, details=dict(p.as_dict(), api=True, hits=page.total))
    return {"total": page.total, "hits": [h.as_dict() for h in page.hits], "cursor": page.cursor}


@router.get(
    "/facets",
    summary="Counts by source, kind, substance, place, language, label, day; top entities",
    description=SEARCH_PARAMS,
)
def api_facets(request: Request, v: Investigator, interval: str = "day"):
    st = state(request)
    p = search_params.parse(request)
    return facets(st.es(), st.index, p.q, filters=p.filters, size=10, interval=interval)


@router.get("/documents/{doc_id}", summary="One document, with the classifier's explanation and its evidence")
def api_document(request: Request, v: Investigator, doc_id: str):
    st = state(request)
    doc = documents.get_document(st.es(), st.index, doc_id)
    if doc is None:
        raise HTTPException(404, "no such document")
    st.audit(request, v.name, "view", target=doc_id, details={"url": doc.get("url"), "api": True})
    view = document_view(st, doc)
    return {
        "document": doc,
        "analysis": view["analysis"],
        "near_duplicates": view["duplicates"],
        "evidence": view["evidence"],
        "stored_label": view["stored_label"],
    }


@router.get("/entity", summary="Every document mentioning an entity, and what appears with it")
def api_entity(
    request: Request,
    v: Investigator,
    spec: Annotated[str, Query(description="TYPE:VALUE, e.g. phone:+998901234567")],
    size: Annotated[int, Query(ge=1, le=1000)] = 20,
):
    st = state(request)
    report = entity_show(st.es(), st.index, spec, size=size)
    st.audit(request, v.name, "view", target=f"entity:{report.type}:{report.value}", details={"api": True})
    return report.as_dict()


@router.get("/alerts", summary="Alerts raised by the watchlists, newest first, and counts by state")
def api_alerts(
    request: Request,
    v: Investigator,
    state_: Annotated[str | None, Query(alias="state")] = None,
    watchlist: str | None = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 50,
):
    st = state(request)
    if state_ is not None and state_ not in watch.STATES:
        raise HTTPException(400, f"unknown state {state_!r}; use {', '.join(watch.STATES)}")
    es = st.es()
    return {
        "counts": watch.counts_by_state(es, st.index),
        "alerts": watch.alerts(es, st.index, state=state_, watchlist=watchlist, size=limit),
    }


@router.get("/watchlists", summary="The watchlists")
def api_watchlists(request: Request, v: Investigator):
    st = state(request)
    return [wl.as_dict() for wl in watch.list_watchlists(st.es(), st.index)]


@router.get(
    "/export", summary="Export what a search matches: csv, jsonl or a case bundle (zip)", description=SEARCH_PARAMS
)
def api_export(request: Request, v: Investigator, format: str = "jsonl"):
    st = state(request)
    return export_response(request, st, v, search_params.parse(request), format)


@router.get("/labels", summary="Counts of the stored labels (analysts)")
def api_label_stats(request: Request, v: Analyst):
    st = state(request)
    return label_stats(st.es(), labels_alias(st.index))


@router.get("/labels/queue", summary="The documents worth labelling next, most uncertain first (analysts)")
def api_label_queue(request: Request, v: Analyst, size: Annotated[int, Query(ge=1, le=500)] = 20):
    items, version, threshold = label_queue(state(request), size)
    return {"model": version, "threshold": threshold, "items": items}


@router.post("/labels", summary="Label one document: 1, 0 or unsure (analysts; X-CSRF-Token header)")
def api_label(request: Request, v: AnalystPost, body: LabelIn):
    st = state(request)
    doc = documents.get_document(st.es(), st.index, body.doc_id)
    if doc is None:
        raise HTTPException(404, "no such document")
    outcome = store_label(st, v, doc, body.label)
    st.audit(request, v.name, "label", target=body.doc_id, details=dict(outcome, api=True))
    return outcome


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request, v: Investigator):
    return JSONResponse(request.app.openapi())


@router.get("/docs", include_in_schema=False)
def api_docs(request: Request, v: Investigator):
    spec = request.app.openapi()
    routes = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            routes.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": [p["name"] for p in op.get("parameters", [])],
                }
            )
    return render(request, "apidocs.html", v, routes=routes)
