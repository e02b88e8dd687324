"""What the route modules (web.auth, web.pages, web.work, web.api) share: the app's state, the viewer of a request
and the role checks, CSRF, flash messages, redirects and rendering. web.app builds the app from them and the
routers; nothing imports web.app back.

Every route needs a session except /login and /static; each declares the least role it needs
(investigator < analyst < operator < admin) through `need(...)`, and every POST goes through `need_post(...)`,
which also checks the CSRF token (form field `csrf` or header X-CSRF-Token).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass
from typing import Annotated

from elasticsearch import ApiError, Elasticsearch, TransportError
from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

import config as configuration
from search import audit, sessions
from search import users as accounts
from search.client import connect
from search.login_limit import LoginLimit
from web import i18n
from web.render import environment
from web.security import CSRF_FIELD, CSRF_HEADER, LANG_COOKIE, SESSION_COOKIE, Signer, client_address, same_token
from web.settings import WebSettings

log = logging.getLogger("imt.web")
FLASH_COOKIE = "imt_flash"
ES_CONNECTIONS = 40  # the threads of a worker that run requests (anyio's default thread limit)


class LoginRequired(Exception):
    pass


class Forbidden(Exception):
    pass


class CsrfRefused(Exception):
    pass


@dataclass
class Viewer:
    user: accounts.User
    session: sessions.SessionRecord
    lang: str

    @property
    def name(self) -> str:
        return self.user.username

    def can(self, role: str) -> bool:
        return self.user.has_role(role)

    @property
    def tr(self) -> i18n.Translator:
        """gettext in the viewer's language: `v.tr.gettext("watchlist %(name)s added", name=...)`."""
        return i18n.Translator(self.lang)


class AppState:
    """What every request of one process shares: configuration, the Elasticsearch client, the model cache. What
    several processes serving the app must share (sessions, the login rate limit) is in Elasticsearch."""

    def __init__(self, cfg: configuration.Config, settings: WebSettings):
        self.cfg, self.settings = cfg, settings
        old = settings.old_secrets
        self.sessions = Signer(settings.secret, "imt-session-2", old)  # -2: cookies of the stateless sessions are void
        self.prelogin = Signer(settings.secret, "imt-prelogin", old)
        self.flashes = Signer(settings.secret, "imt-flash", old)
        self.limiter = LoginLimit(self.es, cfg.index)
        self.templates = {lang: environment(lang) for lang in i18n.LANGS}  # jinja2.ext.i18n installed in each
        self._es: Elasticsearch | None = None
        self._models: dict[str, tuple] = {}
        self._lock = threading.Lock()
        self.curves: dict[str, dict] = {}

    @property
    def index(self) -> str:
        return self.cfg.index

    def es(self) -> Elasticsearch:
        if self._es is None:
            # a connection for every thread that serves requests: a session check or a document read never
            # queues in the client behind other requests' slow searches (Elasticsearch runs gets and writes in
            # pools of their own, beside its search pool)
            self._es = connect(self.cfg, check=False, connections=ES_CONNECTIONS)
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
    """The client's address for the audit log and the login rate limit: the socket peer's, or, when the peer is a
    trusted proxy (IMT_WEB_TRUSTED_PROXIES), the right-most untrusted hop of X-Forwarded-For."""
    cached = getattr(request.state, "client_ip", None)
    if cached is None:
        peer = request.client.host if request.client else ""
        trusted = state(request).settings.trusted_proxies
        cached = client_address(peer, request.headers.getlist("x-forwarded-for"), trusted) if trusted else peer
        request.state.client_ip = cached
    return cached


def state(request: Request) -> AppState:
    return request.app.state.imt


def lang_of(request: Request) -> str:
    return i18n.pick(request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))


def tr_of(request: Request) -> i18n.Translator:
    """gettext in the language of a request, signed in or not (a viewer's is the same: Viewer.tr)."""
    return i18n.Translator(lang_of(request))


def session_cookie(request: Request) -> tuple[str, str] | None:
    """(user name, session token) from a validly signed session cookie, or None."""
    st = state(request)
    payload = st.sessions.unsign(request.cookies.get(SESSION_COOKIE), st.settings.session_seconds)
    if payload and isinstance(payload.get("u"), str) and isinstance(payload.get("s"), str):
        return payload["u"], payload["s"]
    return None


def viewer(request: Request) -> Viewer | None:
    """The signed-in user of this request, or None. The session record and the account are read afresh on every
    request (one round trip, no cache): a session signed out, idle too long, past its lifetime, of a disabled
    account or made before a new password is refused at once, whichever process ended it."""
    if hasattr(request.state, "viewer"):
        return request.state.viewer
    st = state(request)
    found = None
    cookie = session_cookie(request)
    if cookie is not None:
        username, token = cookie
        user, record = accounts.lookup_with_user(st.es(), st.index, username, token)
        if (
            user is not None
            and record is not None
            and record.username == user.username
            and not user.disabled
            and same_token(user.session_version, record.version)
        ):
            record = sessions.check(st.es(), st.index, record, st.settings.session_idle_seconds)
            if record is not None:
                found = Viewer(user, record, lang_of(request))
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
        v = await run_in_threadpool(check, request)  # the session lookup blocks: never on the event loop
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
    """Show `message` (already translated: v.tr.gettext(...)) on the next page."""
    token = state(request).flashes.sign({"m": message[:500], "k": kind, "iat": int(time.time())})
    response.set_cookie(FLASH_COOKIE, token, max_age=60, httponly=True, samesite="lax", path="/")
    return response


def redirect(request: Request, url: str, message: str | None = None, kind: str = "ok") -> Response:
    """A 303 to `url`, with a flash message (translated, or an error's own text: str(exc)) when one is given."""
    response = RedirectResponse(url, status_code=303)
    if message:
        flash(request, response, message, kind)
    return response


def new_alert_count(st: AppState) -> int:
    """How many alerts are new (the header's badge), read afresh for every page in one request: no alerts index
    yet counts 0 (ignore_unavailable), without a request of its own to ask whether it exists."""
    from search.watch import alerts_alias

    resp = st.es().search(index=alerts_alias(st.index), size=0, query={"term": {"state": "new"}},
                          track_total_hits=True, ignore_unavailable=True, allow_no_indices=True)  # fmt: skip
    return int(resp["hits"]["total"]["value"])


def render(request: Request, name: str, v: Viewer | None, status: int = 200, **ctx) -> HTMLResponse:
    st = state(request)
    lang = v.lang if v else lang_of(request)
    flashed = st.flashes.unsign(request.cookies.get(FLASH_COOKIE), 60)
    new_alerts = None
    if v is not None:
        try:
            new_alerts = new_alert_count(st)
        except (ApiError, TransportError):
            new_alerts = None
    template = st.templates[lang].get_template(name)
    html = template.render(
        request=request,
        path=request.url.path,
        v=v,
        lang=lang,
        langs=i18n.LANGS,
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

    if wants_json(request):
        return JSONResponse({"error": "sign in first (POST /login)"}, status_code=401)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse("/login?next=" + quote(safe_next(target), safe=""), status_code=303)


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


# the viewer of a request, by the least role a route needs; the *Post ones also check the CSRF token
Investigator = Annotated[Viewer, Depends(need("investigator"))]
Analyst = Annotated[Viewer, Depends(need("analyst"))]
Operator = Annotated[Viewer, Depends(need("operator"))]
Admin = Annotated[Viewer, Depends(need("admin"))]
InvestigatorPost = Annotated[Viewer, Depends(need_post("investigator"))]
AnalystPost = Annotated[Viewer, Depends(need_post("analyst"))]
OperatorPost = Annotated[Viewer, Depends(need_post("operator"))]
AdminPost = Annotated[Viewer, Depends(need_post("admin"))]
