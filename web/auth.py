"""Sign in, sign out, the interface language."""

from __future__ import annotations

import math
import secrets
import time
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from search import sessions
from search import users as accounts
from web import i18n
from web.common import (
    Investigator,
    InvestigatorPost,
    client_ip,
    redirect,
    render,
    safe_next,
    session_cookie,
    state,
    tr_of,
    viewer,
)
from web.security import LANG_COOKIE, PRELOGIN_COOKIE, SESSION_COOKIE, same_token

router = APIRouter(include_in_schema=False)
PRELOGIN_SECONDS = 3600


def _cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        path="/",
        secure=state(request).settings.secure_cookies,
    )


def _login_page(
    request: Request, status: int = 200, error: str | None = None, username: str = "", next_: str = ""
) -> Response:
    st = state(request)
    # keep a still valid token: a second tab (or a stray request) must not invalidate the first form
    pre = st.prelogin.unsign(request.cookies.get(PRELOGIN_COOKIE), PRELOGIN_SECONDS // 2)
    token = pre["t"] if pre and isinstance(pre.get("t"), str) else secrets.token_urlsafe(24)
    response = render(
        request,
        "login.html",
        None,
        status=status,
        csrf=token,
        error=error,
        username=username,
        next=safe_next(next_, ""),
    )
    _cookie(
        request, response, PRELOGIN_COOKIE, st.prelogin.sign({"t": token, "iat": int(time.time())}), PRELOGIN_SECONDS
    )
    return response


@router.get("/login")
def login_form(request: Request, next: str = "", lang: str = ""):
    if lang in i18n.LANGS:
        target = "/login" + ("?next=" + quote(next, safe="") if safe_next(next, "") else "")
        response = RedirectResponse(target, status_code=303)
        _cookie(request, response, LANG_COOKIE, lang, 365 * 86400)
        return response
    if viewer(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, next_=next)


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
):
    st = state(request)
    tr = tr_of(request)
    username = username.strip().lower()[:64]
    ip = client_ip(request)
    pre = st.prelogin.unsign(request.cookies.get(PRELOGIN_COOKIE), PRELOGIN_SECONDS)
    if not pre or not same_token(csrf, pre.get("t")):
        return _login_page(request, 403, tr.gettext("The login form expired: please try again."), username, next)
    wait = st.limiter.blocked(username, ip)
    if wait:
        st.audit(
            request, username or "-", "login_failed", target=username, details={"reason": "rate limited"}, ok=False
        )
        message = tr.ngettext(
            "Too many failed logins for this user from your address: wait %(num)d minute and try again.",
            "Too many failed logins for this user from your address: wait %(num)d minutes and try again.",
            max(1, math.ceil(wait / 60)),
        )
        response = _login_page(request, 429, message, username, next)
        response.headers["retry-after"] = str(max(1, math.ceil(wait)))
        return response
    user = accounts.authenticate(st.es(), st.index, username, password)
    if user is None:
        st.limiter.fail(username, ip)
        st.audit(
            request, username or "-", "login_failed", target=username, details={"reason": "bad credentials"}, ok=False
        )
        return _login_page(request, 401, tr.gettext("Wrong user name or password."), username, next)
    st.limiter.succeed(username, ip)
    lifetime = st.settings.session_seconds
    token, record = sessions.create(st.es(), st.index, user.username, user.session_version, lifetime, ip=ip,
                                    user_agent=request.headers.get("user-agent", ""))  # fmt: skip
    old = session_cookie(request)
    if old is not None:  # signing in again replaces the session this browser had
        sessions.delete(st.es(), st.index, old[1])
    _housekeeping(request)
    st.audit(request, user.username, "login", target=user.username, details={"role": user.role})
    response = RedirectResponse(safe_next(next), status_code=303)
    cookie = st.sessions.sign({"u": user.username, "s": token, "iat": int(record.created_at)})
    _cookie(request, response, SESSION_COOKIE, cookie, lifetime)
    response.delete_cookie(PRELOGIN_COOKIE, path="/")
    return response


_PURGED = {"at": 0.0}
PURGE_EVERY = 600.0


def _housekeeping(request: Request) -> None:
    """Now and then (at a sign-in, at most every ten minutes per process), delete the records of sessions that
    are over; they are refused anyway, this only keeps the index small."""
    now = time.time()
    if now - _PURGED["at"] < PURGE_EVERY:
        return
    _PURGED["at"] = now
    st = state(request)
    sessions.purge_ended(st.es(), st.index, st.settings.session_idle_seconds, now)


@router.post("/logout")
def logout(request: Request, v: InvestigatorPost):
    st = state(request)
    cookie = session_cookie(request)
    if cookie is not None:
        sessions.delete(st.es(), st.index, cookie[1])
    st.audit(request, v.name, "logout", target=v.name)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/")
def home(v: Investigator):
    return RedirectResponse("/search", status_code=303)


@router.get("/lang")
def set_lang(request: Request, v: Investigator, set: str = "en", next: str = "/search"):
    response = redirect(request, safe_next(next))
    if set in i18n.LANGS:
        _cookie(request, response, LANG_COOKIE, set, 365 * 86400)
    return response
