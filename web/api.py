"""The JSON API under /api/: the same functions as the pages (and as `imt`), for scripts and other tools.

Sign in through /login (the session cookie); POST requests need the X-CSRF-Token header (GET /api/session gives
the token). Described by /api/openapi.json; /api/docs renders it (behind the login, no external assets).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from search import documents, watch
from search.labels import label_stats, labels_alias
from search.query import entity_show, facets
from search.query import search as run_search
from web import params as search_params
from web.common import Analyst, AnalystPost, Investigator, InvestigatorPost, render, state
from web.pages import EXPORT_MEDIA, document_view, export_response, store_label
from web.work import label_queue


class ErrorOut(BaseModel):
    error: str = Field(..., description="What was wrong, in one sentence")


def _error(text: str) -> dict:
    return {"model": ErrorOut, "description": text}


BAD_REQUEST = {400: _error("A parameter is wrong (query syntax, number, date, cursor ...): the message says which")}
NOT_FOUND = {404: _error("No such document")}
router = APIRouter(
    prefix="/api",
    tags=["api"],
    responses={
        401: _error("Not signed in (POST /login first)"),
        403: _error("Your role may not do this, or the X-CSRF-Token header is missing or wrong"),
        503: _error("Elasticsearch is unavailable"),
    },
)
Search = Annotated[search_params.SearchParams, Depends(search_params.declared)]

SEARCH_PARAMS = "The query language and the filters of `imt search` (docs/search.md); filters combine with AND."


class LabelIn(BaseModel):
    doc_id: str = Field(..., max_length=512, description="The indexed document's id")
    label: Literal["1", "0", "unsure"] = Field(..., description="1 (trafficking), 0 (not) or unsure (not stored)")


@router.get("/session", summary="Who is signed in, and the CSRF token for POST requests")
def session(v: Investigator):
    return {"username": v.name, "role": v.user.role, "csrf": v.session.csrf}


@router.get("/search", summary="One page of hits", description=SEARCH_PARAMS, responses=BAD_REQUEST)
def api_search(
    request: Request,
    v: Investigator,
    p: Search,
    size: Annotated[int, Query(ge=1, le=search_params.MAX_SIZE, description="Hits per page")] = 20,
    after: Annotated[str | None, Query(max_length=4096, description="The `cursor` of the page before")] = None,
):
    st = state(request)
    page = run_search(st.es(), st.index, p.q, size=p.size, filters=p.filters, sort=p.sort, after=p.after)
    st.audit(request, v.name, "search", target=p.q, details=dict(p.as_dict(), api=True, hits=page.total))
    return {"total": page.total, "hits": [h.as_dict() for h in page.hits], "cursor": page.cursor}


@router.get(
    "/facets",
    summary="Counts by source, kind, substance, place, language, label, day; top entities",
    description=SEARCH_PARAMS,
    responses=BAD_REQUEST,
)
def api_facets(
    request: Request,
    v: Investigator,
    p: Search,
    interval: Annotated[Literal["day", "week", "month"], Query(description="Bucket of the date histogram")] = "day",
):
    st = state(request)
    return facets(st.es(), st.index, p.q, filters=p.filters, size=10, interval=interval)


@router.get(
    "/documents/{doc_id}", summary="One document, with the classifier's explanation and its evidence",
    responses=NOT_FOUND,
)
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


@router.get("/entity", summary="Every document mentioning an entity, and what appears with it", responses=BAD_REQUEST)
def api_entity(
    request: Request,
    v: Investigator,
    spec: Annotated[str, Query(max_length=1000, description="TYPE:VALUE, e.g. phone:+998901234567")],
    size: Annotated[int, Query(ge=1, le=1000)] = 20,
):
    st = state(request)
    report = entity_show(st.es(), st.index, spec, size=size)
    st.audit(request, v.name, "view", target=f"entity:{report.type}:{report.value}", details={"api": True})
    return report.as_dict()


@router.get(
    "/alerts", summary="Alerts raised by the watchlists, newest first, and counts by state", responses=BAD_REQUEST
)
def api_alerts(
    request: Request,
    v: Investigator,
    state_: Annotated[Literal["new", "seen", "closed"] | None, Query(alias="state")] = None,
    watchlist: Annotated[str | None, Query(max_length=200)] = None,
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


ExportFormat = Annotated[
    Literal["csv", "jsonl", "case"], Query(description="csv, jsonl (JSON lines) or case (a zip bundle with the raw "
                                           "captures and a manifest of SHA-256 hashes)")  # fmt: skip
]
EXPORTED = {
    200: {
        "description": "The file, streamed as an attachment: JSON lines, CSV or a zip case bundle, by `format`",
        "content": {
            EXPORT_MEDIA["jsonl"]: {"schema": {"type": "string", "description": "one JSON object a line"}},
            EXPORT_MEDIA["csv"].split(";")[0]: {"schema": {"type": "string"}},
            EXPORT_MEDIA["case"]: {"schema": {"type": "string", "format": "binary"}},
        },
    },
    **BAD_REQUEST,
}


@router.get(
    "/export",
    summary="Export what a search matches: csv, jsonl or a case bundle (zip), without holding anything",
    description=SEARCH_PARAMS + " A case bundle made here does not hold its documents against retention: POST "
    "/api/export does.",
    response_class=Response,
    responses=EXPORTED,
)
def api_export(request: Request, v: Investigator, p: Search, format: ExportFormat = "jsonl"):
    return export_response(request, state(request), v, p, format, hold=False)


@router.post(
    "/export",
    summary="Export as GET /api/export does; a case bundle also holds its documents for the case (X-CSRF-Token)",
    description=SEARCH_PARAMS + " The parameters are in the query string, as for GET. A case bundle holds its "
    "documents and captures against retention under the bundle's name, as `imt export --format case` does.",
    response_class=Response,
    responses=EXPORTED,
)
def api_export_hold(request: Request, v: InvestigatorPost, p: Search, format: ExportFormat = "case"):
    return export_response(request, state(request), v, p, format, hold=True)


@router.get("/labels", summary="Counts of the stored labels (analysts)")
def api_label_stats(request: Request, v: Analyst):
    st = state(request)
    return label_stats(st.es(), labels_alias(st.index))


@router.get(
    "/labels/queue",
    summary="The documents worth labelling next, most uncertain first (analysts)",
    responses=BAD_REQUEST,
)
def api_label_queue(request: Request, v: Analyst, size: Annotated[int, Query(ge=1, le=500)] = 20):
    items, version, threshold = label_queue(state(request), size)
    return {"model": version, "threshold": threshold, "items": items}


@router.post(
    "/labels",
    summary="Label one document: 1, 0 or unsure (analysts; X-CSRF-Token header)",
    responses={**BAD_REQUEST, **NOT_FOUND},
)
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


def openapi_schema(app: FastAPI) -> dict:
    """FastAPI's OpenAPI document of the API, with our error responses: a malformed parameter or body answers 400
    with {"error": ...} (web.app turns FastAPI's validation errors into that), so no operation declares 422."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            responses = operation.get("responses", {})
            if responses.pop("422", None) is not None and "400" not in responses:
                responses["400"] = {
                    "description": "A parameter or the body is malformed: the message says which",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
                }
    for name in ("HTTPValidationError", "ValidationError"):
        schema.get("components", {}).get("schemas", {}).pop(name, None)
    app.openapi_schema = schema
    return schema
