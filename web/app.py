"""The FastAPI application: state, sign-in, role checks, CSRF, error pages, and the routers of web.pages,
web.work and web.api.

Every route needs a session except /login and /static; each declares the least role it needs
(investigator < analyst < operator < admin) through `need(...)`, and every POST goes through `need_post(...)`,
which also checks the CSRF token (form field `csrf` or header X-CSRF-Token).
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from elasticsearch import ApiError, Elasticsearch, TransportError
from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

import config as configuration
from search import audit
from search import users as accounts
from search.client import SearchUnavailable, connect, unreachable_message
from search.query import QueryError
from web import i18n
from web.render import environment
from web.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    LANG_COOKIE,
    SESSION_COOKIE,
    RateLimiter,
    SecurityHeaders,
    Session,
    Signer,
    same_token,
)
from web.settings import WebSettings

log = logging.getLogger("imt.web")
STATIC = Path(__file__).resolve().parent / "static"
FLASH_COOKIE = "imt_flash"


class LoginRequired(Exception):
    pass


class Forbidden(Exception):
    pass


class CsrfRefused(Exception):
    pass


@dataclass
class Viewer:
    user: accounts.User
    session: Session
    lang: str

    @property
    def name(self) -> str:
        return self.user.username

    def can(self, role: str) -> bool:
        return self.user.has_role(role)


class AppState:
    """What every request shares: configuration, the Elasticsearch client, the model cache, the rate limiter."""

    def __init__(self, cfg: configuration.Config, settings: WebSettings):
        self.cfg, self.settings = cfg, settings
        self.sessions = Signer(settings.secret, "imt-session")
        self.prelogin = Signer(settings.secret, "imt-prelogin")
        self.flashes = Signer(settings.secret, "imt-flash")
        self.limiter = RateLimiter()
        self.templates = environment()
        self.export_lock = threading.Lock()
        self._es: Elasticsearch | None = None
        self._models: dict[str, tuple] = {}
        self._lock = threading.Lock()
        self.curves: dict[str, dict] = {}

    @property
    def index(self) -> str:
        return self.cfg.index

    def es(self) -> Elasticsearch:
        if self._es is None:
            self._es = connect(self.cfg, check=False)
        return self._es

    def model(self, version: str | None = None):
        """(model, meta) of a version (default: the active one), loaded once; None when there is none."""
        from classifier.registry import ModelMissing, Registry

        registry = Registry(self.cfg.models_dir)
        version = version or registry.current_version()
        if version is None:
            return None
        with self._lock:
            if version not in self._models:
                try:
                    self._models[version] = registry.load(version)
                except ModelMissing:
                    return None
                while len(self._models) > 3:
                    self._models.pop(next(iter(self._models)))
            return self._models[version]

    def audit(
        self, request: Request, who: str, action: str, target: str = "", details: dict | None = None, ok: bool = True
    ) -> None:
        audit.record(self.es(), self.index, who, action, target=target, details=details, ip=client_ip(request), ok=ok)


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def state(request: Request) -> AppState:
    return request.app.state.imt


def lang_of(request: Request) -> str:
    return i18n.pick(request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))


def viewer(request: Request) -> Viewer | None:
    """The signed-in user of this request (looked up afresh: disabled users and changed passwords end the
    session at once), or None."""
    if hasattr(request.state, "viewer"):
        return request.state.viewer
    st = state(request)
    found = None
    session = Session.from_payload(st.sessions.unsign(request.cookies.get(SESSION_COOKIE), st.settings.session_seconds))
    if session is not None:
        user = accounts.get(st.es(), st.index, session.username)
        if user is not None and not user.disabled and same_token(user.session_version, session.version):
            found = Viewer(user, session, lang_of(request))
    request.state.viewer = found
    return found


def need(role: str = "investigator"):
    """A dependency: the viewer, who must be signed in (else LoginRequired) and have `role` (else Forbidden)."""
    accounts.role_rank(role)

    def dependency(request: Request) -> Viewer:
        v = viewer(request)
        if v is None:
            raise LoginRequired()
        if not v.can(role):
            raise Forbidden()
        return v

    dependency.role = role
    return dependency


def need_post(role: str = "investigator"):
    """need(role) plus the CSRF token of the session, from the form field `csrf` or the X-CSRF-Token header."""
    check = need(role)

    async def dependency(request: Request) -> Viewer:
        v = check(request)
        token = request.headers.get(CSRF_HEADER)
        if not token and "form" in request.headers.get("content-type", ""):
            token = (await request.form()).get(CSRF_FIELD)
        if not same_token(token, v.session.csrf):
            raise CsrfRefused()
        return v

    dependency.role = role
    dependency.csrf = True
    return dependency


_SAFE_NEXT = re.compile(r"/(?![/\\])[A-Za-z0-9/_\-.~%?=&+:@,;]*")


def safe_next(target: str | None, default: str = "/search") -> str:
    """Only a path on this site (no scheme, no //host): no open redirects."""
    if target and _SAFE_NEXT.fullmatch(target) and "\\" not in target:
        return target
    return default


def flash(request: Request, response: Response, message: str, kind: str = "ok") -> Response:
    import time

    token = state(request).flashes.sign({"m": message[:500], "k": kind, "iat": int(time.time())})
    response.set_cookie(FLASH_COOKIE, token, max_age=60, httponly=True, samesite="lax", path="/")
    return response


def redirect(request: Request, url: str, message: str | None = None, kind: str = "ok") -> Response:
    response = RedirectResponse(url, status_code=303)
    if message:
        flash(request, response, message, kind)
    return response


def render(request: Request, name: str, v: Viewer | None, status: int = 200, **ctx) -> HTMLResponse:
    st = state(request)
    lang = v.lang if v else lang_of(request)
    flashed = st.flashes.unsign(request.cookies.get(FLASH_COOKIE), 60)
    new_alerts = None
    if v is not None:
        try:
            from search.watch import counts_by_state

            new_alerts = counts_by_state(st.es(), st.index).get("new", 0)
        except (ApiError, TransportError):
            new_alerts = None
    html = st.templates.get_template(name).render(
        request=request,
        path=request.url.path,
        v=v,
        lang=lang,
        langs=i18n.LANGS,
        t=lambda key, **kw: i18n.translate(lang, key, **kw),
        csrf=v.session.csrf if v else ctx.pop("csrf", ""),
        new_alerts=new_alerts,
        flashed=flashed,
        **ctx,
    )
    response = HTMLResponse(html, status_code=status)
    if flashed:
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response


def to_login(request: Request) -> Response:
    from urllib.parse import quote

    if _wants_json(request):
        return JSONResponse({"error": "sign in first (POST /login)"}, status_code=401)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse("/login?next=" + quote(safe_next(target), safe=""), status_code=303)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


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

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired):
        return to_login(request)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden):
        if _wants_json(request):
            return JSONResponse({"error": "your role may not do this"}, status_code=403)
        return render(request, "error.html", viewer(request), status=403, message_key="forbidden")

    @app.exception_handler(CsrfRefused)
    async def csrf_refused(request: Request, exc: CsrfRefused):
        if _wants_json(request):
            return JSONResponse({"error": "missing or wrong CSRF token (X-CSRF-Token header)"}, status_code=403)
        return render(
            request,
            "error.html",
            viewer(request),
            status=403,
            message="The form's security token is missing or stale: reload the page and try again.",
        )

    @app.exception_handler(SearchUnavailable)
    @app.exception_handler(TransportError)
    async def unavailable(request: Request, exc: Exception):
        log.warning("Elasticsearch unavailable: %s", exc)
        message = unreachable_message(state(request).cfg)
        if _wants_json(request):
            return JSONResponse({"error": message}, status_code=503)
        return HTMLResponse(f"<!doctype html><title>IMT Monitor</title><p>{_esc(message)}</p>", status_code=503)

    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError):
        if _wants_json(request):
            return JSONResponse({"error": str(exc)}, status_code=400)
        return render(request, "error.html", viewer(request), status=400, message=str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if _wants_json(request):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
        v = viewer(request)
        if v is None and exc.status_code in (404, 405):
            return to_login(request)  # anonymous visitors learn nothing about what exists
        return render(
            request,
            "error.html",
            v,
            status=exc.status_code,
            message_key="not_found" if exc.status_code == 404 else None,
            message=None if exc.status_code == 404 else str(exc.detail),
        )

    from web import api, auth, pages, work

    app.include_router(auth.router)
    app.include_router(pages.router)
    app.include_router(work.router)
    app.include_router(api.router)
    return app


def _esc(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


# the viewer of a request, by the least role a route needs; the *Post ones also check the CSRF token
Investigator = Annotated[Viewer, Depends(need("investigator"))]
Analyst = Annotated[Viewer, Depends(need("analyst"))]
Operator = Annotated[Viewer, Depends(need("operator"))]
Admin = Annotated[Viewer, Depends(need("admin"))]
InvestigatorPost = Annotated[Viewer, Depends(need_post("investigator"))]
AnalystPost = Annotated[Viewer, Depends(need_post("analyst"))]
OperatorPost = Annotated[Viewer, Depends(need_post("operator"))]
AdminPost = Annotated[Viewer, Depends(need_post("admin"))]
