"""The FastAPI application: the routers of web.auth, web.pages, web.work and web.api on the shared state and
helpers of web.common, and the error pages.

Every route needs a session except /login and /static; each declares the least role it needs through
web.common's `need(...)` (and `need_post(...)` for every POST, which also checks the CSRF token).
"""

from __future__ import annotations

from pathlib import Path

from elasticsearch import TransportError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

import config as configuration
from search.client import SearchUnavailable, unreachable_message
from search.query import QueryError
from web import api, auth, pages, work
from web.common import (
    AppState,
    CsrfRefused,
    Forbidden,
    LoginRequired,
    log,
    render,
    state,
    to_login,
    tr_of,
    viewer,
    wants_json,
)
from web.security import SecurityHeaders
from web.settings import WebSettings

STATIC = Path(__file__).resolve().parent / "static"


def create_app(cfg: configuration.Config | None = None, settings: WebSettings | None = None) -> FastAPI:
    from web import settings as web_settings

    cfg = cfg or configuration.load()
    settings = settings or web_settings.load(cfg)
    app = FastAPI(
        title="IMT Monitor API",
        version="1",
        description="The investigator web app's JSON API: the same search/ and classifier/ functions as `imt`. "
        "Sign in at /login first (session cookie); POST requests need the X-CSRF-Token header.",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.imt = AppState(cfg, settings)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    add_error_handlers(app)
    app.include_router(auth.router)
    app.include_router(pages.router)
    app.include_router(work.router)
    app.include_router(api.router)
    app.openapi = lambda: api.openapi_schema(app)
    return app


# ---------------------------------------------------------------------------------------------------- errors

# handlers that render a page (the viewer's session and the alert count are Elasticsearch requests) are plain
# functions, which Starlette runs in its thread pool: a blocking call in an `async def` would stall every request
# of the worker


def add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(Forbidden, forbidden)
    app.add_exception_handler(CsrfRefused, csrf_refused)
    app.add_exception_handler(SearchUnavailable, unavailable)
    app.add_exception_handler(TransportError, unavailable)
    app.add_exception_handler(QueryError, query_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)


async def login_required(request: Request, exc: LoginRequired):
    return to_login(request)


def forbidden(request: Request, exc: Forbidden):
    if wants_json(request):
        return JSONResponse({"error": "your role may not do this"}, status_code=403)
    message = tr_of(request).gettext("Your role may not open this page.")
    return render(request, "error.html", viewer(request), status=403, message=message)


def csrf_refused(request: Request, exc: CsrfRefused):
    if wants_json(request):
        return JSONResponse({"error": "missing or wrong CSRF token (X-CSRF-Token header)"}, status_code=403)
    message = tr_of(request).gettext("The form's security token is missing or stale: reload the page and try again.")
    return render(request, "error.html", viewer(request), status=403, message=message)


async def unavailable(request: Request, exc: Exception):
    log.warning("Elasticsearch unavailable: %s", exc)
    message = unreachable_message(state(request).cfg)
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=503)
    tr = tr_of(request)
    return HTMLResponse(
        f"<!doctype html><html lang={tr.lang}><title>IMT Monitor</title>"
        f"<p>{_esc(tr.gettext('The search service is not reachable right now.'))}</p><p>{_esc(message)}</p>",
        status_code=503,
    )


def query_error(request: Request, exc: QueryError):
    if wants_json(request):
        return JSONResponse({"error": str(exc)}, status_code=400)
    text = exc.args[0] if len(exc.args) == 1 else str(exc)  # N_(...) from web/: translated here
    return render(request, "error.html", viewer(request), status=400, message=tr_of(request).resolve(text))


def http_error(request: Request, exc: StarletteHTTPException):
    headers = dict(exc.headers or {})
    if exc.status_code == 405:  # Allow names every method of the path (the router names one route's only)
        headers["Allow"] = ", ".join(sorted(allowed_methods(request.app, request.url.path))) or "GET"
    if wants_json(request):
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=headers)
    v = viewer(request)
    if v is None and exc.status_code in (404, 405):
        return to_login(request)  # anonymous visitors learn nothing about what exists
    tr = tr_of(request)
    message = tr.gettext("Not found.") if exc.status_code == 404 else tr.resolve(exc.detail)
    response = render(request, "error.html", v, status=exc.status_code, message=message)
    response.headers.update(headers)
    return response


def invalid_request(request: Request, exc: RequestValidationError):
    """A malformed parameter or body: 400 with one line naming it (the API declares 400, never 422)."""
    problems = "; ".join(_validation_message(e) for e in exc.errors()[:5]) or "invalid request"
    if wants_json(request):
        return JSONResponse({"error": problems}, status_code=400)
    message = tr_of(request).gettext("The request is malformed: %(problems)s", problems=problems)
    return render(request, "error.html", viewer(request), status=400, message=message)


def allowed_methods(app: FastAPI, path: str) -> set[str]:
    """Every method some route of the app answers at `path`."""
    table = getattr(app.state, "route_methods", None)
    if table is None:
        table, routes = [], list(app.routes)
        while routes:
            route = routes.pop(0)
            if getattr(route, "original_router", None) is not None:  # FastAPI includes routers lazily
                routes += list(route.original_router.routes)
            elif getattr(route, "methods", None) and getattr(route, "path_regex", None) is not None:
                table.append((route.path_regex, frozenset(route.methods)))
        app.state.route_methods = table
    return {method for regex, methods in table if regex.match(path) for method in methods}


def _validation_message(error: dict) -> str:
    where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("query", "body", "path", "form"))
    return f"{where or 'request'}: {error.get('msg', 'invalid')}"


def _esc(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))
