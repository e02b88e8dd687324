"""Server-side sessions, the shared login rate limit and trusted proxies, against the real app and node.

Sessions are records in Elasticsearch (search/sessions.py): signing out, the idle timeout, the absolute lifetime,
disabling an account (even if it is enabled again), a new password and an admin's "end sessions" each end them,
in every process serving the app. The login rate limit is kept there too, so several app processes (uvicorn
workers, `imt serve --workers 2`) count failures together. X-Forwarded-For is believed only from a trusted proxy.
"""

# ruff: noqa: F811 - the tests take the imported `web` fixture as a parameter
from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from elasticsearch import NotFoundError
from test_web import PASSWORD, SECRET, free_port, served
from test_web import web  # noqa: F401 - the shared server fixture (tests take it as `web`)

import cli as cli_module
from search import audit, sessions, users, watch
from web.app import create_app
from web.security import client_address
from web.settings import WebConfigError, WebSettings
from web.settings import load as load_settings

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------------------------------- helpers


@contextmanager
def another_app(web, **settings):
    """A second instance of the app (its own process state, as a second worker has) on the same index alias and
    secret, under uvicorn on a free port; yields a Web like the shared fixture's."""
    app = create_app(web.cfg, WebSettings(secret=SECRET, **settings))
    with served(app, "the second app") as url:
        yield replace(web, url=url, app=app)


def new_user(web, role: str = "investigator") -> str:
    name = f"u{uuid.uuid4().hex[:10]}"
    users.add(web.es, web.alias, name, PASSWORD, role, who="test")
    return name


def attempt(server, name: str, password: str = PASSWORD, client: httpx.Client | None = None, **headers):
    """One sign-in through the form; returns (client, response)."""
    c = client or server.client()
    token = re.search(r'name="csrf" value="([^"]+)"', c.get("/login", headers=headers).text).group(1)
    r = c.post("/login", data={"username": name, "password": password, "csrf": token}, headers=headers)
    return c, r


def sign_in(server, name: str, **headers) -> httpx.Client:
    c, r = attempt(server, name, **headers)
    assert r.status_code == 303, r.text[:300]
    return c


def with_cookie(server, cookie: str) -> httpx.Client:
    c = server.client()
    c.cookies.set("imt_session", cookie)
    return c


def token_of(cookie: str) -> str:
    body = cookie.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))["s"]


def record_id(cookie: str) -> str:
    return sessions.digest(token_of(cookie))


def iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def refused(c: httpx.Client) -> bool:
    """The API says 401 and a page sends the browser to the login form."""
    page = c.get("/search")
    return c.get("/api/session").status_code == 401 and page.status_code == 303 and \
        page.headers["location"].startswith("/login")  # fmt: skip


def users_cli(web, *args):
    r = CliRunner().invoke(cli_module.main, list(args), env=dict(web.env), catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return r


# ---------------------------------------------------------------------------------------------------- sessions


def test_signing_out_ends_the_session_for_every_request(web):
    name = new_user(web)
    c = sign_in(web, name)
    cookie, csrf = c.cookies.get("imt_session"), web.csrf(c)
    old = with_cookie(web, cookie)
    assert old.get("/api/session").json()["username"] == name  # the copied cookie works while signed in
    sessions_alias = sessions.sessions_alias(web.alias)
    assert web.es.get(index=sessions_alias, id=record_id(cookie))["_source"]["username"] == name
    assert c.post("/logout", data={"csrf": csrf}).status_code == 303
    with pytest.raises(NotFoundError):
        web.es.get(index=sessions_alias, id=record_id(cookie))
    assert refused(old)
    # a POST with the old cookie and its old CSRF token runs nothing
    r = old.post("/watchlists", data={"csrf": csrf, "name": "after-logout", "query": "мефедрон"})
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    r = old.post("/api/labels", json={"doc_id": "w0003", "label": "1"}, headers={"x-csrf-token": csrf})
    assert r.status_code == 401
    assert "after-logout" not in {w.name for w in watch.list_watchlists(web.es, web.alias)}


def test_the_index_keeps_a_digest_of_the_token_not_the_token(web):
    name = new_user(web)
    cookie = sign_in(web, name, **{"user-agent": "pytest-agent"}).cookies.get("imt_session")
    token = token_of(cookie)
    alias = sessions.sessions_alias(web.alias)
    web.es.indices.refresh(index=alias)
    hits = web.es.search(index=alias, query={"term": {"username": name}})["hits"]["hits"]
    assert len(hits) == 1 and hits[0]["_id"] == sessions.digest(token) != token
    assert token not in json.dumps(hits[0]) and hits[0]["_source"]["user_agent"] == "pytest-agent"
    # a validly signed cookie whose token is not a session, or is another user's session, is refused
    from web.security import Signer

    signer = Signer(SECRET, "imt-session-2")
    forged = signer.sign({"u": name, "s": "made-up-token-" + "x" * 30, "iat": int(time.time())})
    assert refused(with_cookie(web, forged))
    other = sign_in(web, new_user(web, "admin")).cookies.get("imt_session")
    swapped = signer.sign({"u": name, "s": token_of(other), "iat": int(time.time())})
    assert refused(with_cookie(web, swapped))
    assert with_cookie(web, cookie).get("/api/session").status_code == 200


def test_disable_then_enable_does_not_revive_old_sessions(web):
    name = new_user(web)
    before = sign_in(web, name).cookies.get("imt_session")
    assert with_cookie(web, before).get("/api/session").status_code == 200
    users_cli(web, "users", "disable", name)
    assert refused(with_cookie(web, before))
    users_cli(web, "users", "enable", name)
    assert refused(with_cookie(web, before))  # a cookie from before the disable stays dead
    after = sign_in(web, name)
    assert after.get("/api/session").json()["username"] == name  # the account itself works again


def test_a_new_password_ends_every_session_of_the_user(web):
    name = new_user(web)
    first, second = sign_in(web, name), sign_in(web, name)
    bystander = sign_in(web, new_user(web))
    r = CliRunner().invoke(cli_module.main, ["users", "passwd", name, "--password-stdin"], env=dict(web.env),
                           input="a new long passphrase\n", catch_exceptions=False)  # fmt: skip
    assert r.exit_code == 0, r.output
    assert refused(first) and refused(second)
    assert bystander.get("/api/session").status_code == 200
    web.es.indices.refresh(index=sessions.sessions_alias(web.alias))
    left = web.es.count(index=sessions.sessions_alias(web.alias), query={"term": {"username": name}})["count"]
    assert left == 0  # the records are deleted, not only refused
    c, r = attempt(web, name, "a new long passphrase")
    assert r.status_code == 303 and c.get("/api/session").status_code == 200
    # an admin setting the password on the admin page does the same
    admin = web.login("admin")
    r = admin.post("/admin/users", data={"csrf": web.csrf(admin), "do": "password", "username": name,
                                         "password": "yet another passphrase"})  # fmt: skip
    assert r.status_code == 303 and refused(c)


def test_admin_sees_open_sessions_and_ends_them(web):
    name = new_user(web)
    c = sign_in(web, name)
    admin = web.login("admin")
    page = admin.get("/admin").text
    row = re.search(rf"<tr[^>]*><td>{name}</td>.*?</tr>", page, re.S).group(0)
    assert 'value="sessions"' in row and re.search(r'class="small sessions"[^>]*>1 ', row)
    r = admin.post("/admin/users", data={"csrf": web.csrf(admin), "do": "sessions", "username": name})
    assert r.status_code == 303 and refused(c)
    assert admin.get("/api/session").status_code == 200  # the admin's own session is untouched
    entry = audit.entries(web.es, web.alias, action="user_change", who="admin")[0]
    assert entry["target"] == name and entry["details"]["do"] == "sessions"


def test_idle_timeout_and_absolute_lifetime(web):
    alias = sessions.sessions_alias(web.alias)
    # idle: a session unused for longer than the idle timeout (30 minutes by default) ends
    idle = sign_in(web, new_user(web))
    cookie = idle.cookies.get("imt_session")
    web.es.update(index=alias, id=record_id(cookie), doc={"last_seen": iso(time.time() - 31 * 60)})
    assert refused(idle)
    with pytest.raises(NotFoundError):  # and its record is deleted
        web.es.get(index=alias, id=record_id(cookie))
    # use within the idle timeout keeps it alive and moves last_seen on
    active = sign_in(web, new_user(web))
    cookie = active.cookies.get("imt_session")
    web.es.update(index=alias, id=record_id(cookie), doc={"last_seen": iso(time.time() - 20 * 60)})
    assert active.get("/api/session").status_code == 200
    seen = sessions.from_source("x", web.es.get(index=alias, id=record_id(cookie))["_source"]).last_seen
    assert seen > time.time() - 5 * 60
    # absolute: however active, a session ends at its lifetime
    old = sign_in(web, new_user(web))
    web.es.update(index=alias, id=record_id(old.cookies.get("imt_session")), doc={"expires_at": iso(time.time() - 1)})
    assert refused(old)


def test_a_tiny_configured_idle_timeout_ends_an_unused_session(web):
    with another_app(web, session_idle_seconds=1) as quick:
        c = sign_in(quick, new_user(web))
        time.sleep(2.5)  # unused for longer than the idle timeout
        assert refused(c)


def test_sessions_and_the_login_limit_are_shared_by_app_processes(web):
    """Two instances of the app (separate process state, as two uvicorn workers have) on one index: a session made
    by one works on the other and ends on both; failures counted by either add up."""
    with another_app(web) as second:
        name = new_user(web)
        c = sign_in(web, name)
        on_second = with_cookie(second, c.cookies.get("imt_session"))
        assert on_second.get("/api/session").json()["username"] == name
        assert on_second.post("/logout", data={"csrf": web.csrf(on_second)}).status_code == 303
        assert refused(c)  # signed out on the second, refused on the first
        target = new_user(web)
        for server in (web, second, web, second, web):
            assert attempt(server, target, "wrong password!")[1].status_code == 401
        for server in (web, second):
            r = attempt(server, target)[1]  # even the right password waits now, on either instance
            assert r.status_code == 429 and int(r.headers["retry-after"]) > 0


def test_imt_serve_with_two_workers(web):
    """`imt serve --workers 2`: two worker processes behind one port; sign-in, sign-out and the login limit hold
    whichever worker answers (each request on a new connection)."""
    psutil = pytest.importorskip("psutil")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMT_")}
    env.update(web.env, PYTHONPATH=str(ROOT), IMT_WEB_SECRET="two-workers-secret-0123456789")
    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "serve", "--port", str(port), "--workers", "2"],
                            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "imt serve --workers 2 did not start"
            try:
                if httpx.get(f"{url}/login", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        workers = [p for p in psutil.Process(proc.pid).children() if "resource_tracker" not in " ".join(p.cmdline())]
        assert len(workers) == 2
        server = replace(web, url=url)
        name = new_user(web)
        cookie = sign_in(server, name).cookies.get("imt_session")

        def fresh(path: str) -> int:  # a new connection each time: the kernel hands it to either worker
            with httpx.Client(base_url=url, timeout=30, cookies={"imt_session": cookie}) as c:
                return c.get(path).status_code

        assert [fresh("/api/session") for _ in range(12)] == [200] * 12
        c = with_cookie(server, cookie)
        assert c.post("/logout", data={"csrf": web.csrf(c)}).status_code == 303
        assert [fresh("/api/session") for _ in range(12)] == [401] * 12
        target = new_user(web)
        statuses = [attempt(server, target, "wrong password!")[1].status_code for _ in range(5)]
        assert statuses == [401] * 5
        assert attempt(server, target)[1].status_code == 429
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


# ---------------------------------------------------------------------------------------------------- proxies


def test_forwarded_for_from_an_untrusted_peer_is_ignored(web):
    name = new_user(web)
    for n in range(5):  # a new forged address each time does not dodge the limit
        r = attempt(web, name, "wrong password!", **{"x-forwarded-for": f"203.0.113.{n + 1}"})[1]
        assert r.status_code == 401
    r = attempt(web, name, **{"x-forwarded-for": "203.0.113.99"})[1]
    assert r.status_code == 429
    entries = audit.entries(web.es, web.alias, who=name, action="login_failed")
    assert len(entries) == 6 and {e["ip"] for e in entries} == {"127.0.0.1"}


def test_forwarded_for_from_a_trusted_proxy_is_used(web):
    with another_app(web, trusted_proxies=(ipaddress.ip_network("127.0.0.0/8"),)) as proxied:
        name = new_user(web)
        for _ in range(5):
            r = attempt(proxied, name, "wrong password!", **{"x-forwarded-for": "198.51.100.7"})[1]
            assert r.status_code == 401
        assert attempt(proxied, name, **{"x-forwarded-for": "198.51.100.7"})[1].status_code == 429
        # another client behind the same proxy is not held back by the first one's failures
        c, r = attempt(proxied, name, **{"x-forwarded-for": "198.51.100.8"})
        assert r.status_code == 303
        failed = audit.entries(web.es, web.alias, who=name, action="login_failed")
        assert len(failed) == 6 and {e["ip"] for e in failed} == {"198.51.100.7"}
        assert audit.entries(web.es, web.alias, who=name, action="login")[0]["ip"] == "198.51.100.8"
        # hops the client wrote itself (left of the right-most untrusted one) are not believed
        other = new_user(web)
        attempt(proxied, other, "wrong password!", **{"x-forwarded-for": "10.9.9.9, 198.51.100.9"})
        attempt(proxied, other, "wrong password!", **{"x-forwarded-for": "198.51.100.10, 127.0.0.2"})
        ips = {e["ip"] for e in audit.entries(web.es, web.alias, who=other, action="login_failed")}
        assert ips == {"198.51.100.9", "198.51.100.10"}
        # the session records where it was made from too
        web.es.indices.refresh(index=sessions.sessions_alias(web.alias))
        hit = web.es.search(index=sessions.sessions_alias(web.alias), query={"term": {"username": name}})
        assert hit["hits"]["hits"][0]["_source"]["ip"] == "198.51.100.8"


def test_client_address_rules():
    trusted = (ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("fd00::/8"))
    assert client_address("203.0.113.5", ["198.51.100.1"], trusted) == "203.0.113.5"  # untrusted peer
    assert client_address("10.0.0.2", ["198.51.100.1"], ()) == "10.0.0.2"  # nothing trusted
    assert client_address("10.0.0.2", [], trusted) == "10.0.0.2"  # no header
    assert client_address("10.0.0.2", ["198.51.100.1"], trusted) == "198.51.100.1"
    assert client_address("10.0.0.2", ["6.6.6.6, 198.51.100.1, 10.1.1.1"], trusted) == "198.51.100.1"
    assert client_address("10.0.0.2", ["6.6.6.6", "198.51.100.1"], trusted) == "198.51.100.1"  # two headers
    assert client_address("10.0.0.2", ["10.3.3.3, 10.1.1.1"], trusted) == "10.3.3.3"  # all trusted: left-most
    assert client_address("10.0.0.2", ["198.51.100.1:4711"], trusted) == "198.51.100.1"
    assert client_address("10.0.0.2", ["[2001:db8::7]:443"], trusted) == "2001:db8::7"
    assert client_address("fd00::1", ["2001:db8::8"], trusted) == "2001:db8::8"
    assert client_address("::ffff:10.0.0.2", ["198.51.100.1"], trusted) == "198.51.100.1"  # IPv4 mapped
    assert client_address("10.0.0.2", ["6.6.6.6, unknown, 10.1.1.1"], trusted) == "10.1.1.1"  # garbage stops it
    assert client_address("10.0.0.2", ["not an address"], trusted) == "10.0.0.2"


def test_web_settings_from_imt_toml_and_environment(tmp_path):
    from config import Config

    cfg = Config(home=tmp_path / "home")
    toml = tmp_path / "imt.toml"
    toml.write_text('[web]\ntrusted_proxies = ["10.0.0.0/8", "192.168.1.5"]\nsession_idle = "15m"\nworkers = 3\n')
    s = load_settings(cfg, {"IMT_CONFIG": str(toml)})
    assert [str(n) for n in s.trusted_proxies] == ["10.0.0.0/8", "192.168.1.5/32"]
    assert s.session_idle_seconds == 900 and s.session_seconds == 12 * 3600 and s.workers == 3
    s = load_settings(cfg, {"IMT_CONFIG": str(toml), "IMT_WEB_TRUSTED_PROXIES": "172.16.0.0/12 ::1",
                            "IMT_WEB_SESSION_IDLE": "90", "IMT_WEB_SESSION_LIFETIME": "8h"})  # fmt: skip
    assert [str(n) for n in s.trusted_proxies] == ["172.16.0.0/12", "::1/128"]
    assert s.session_idle_seconds == 90 and s.session_seconds == 8 * 3600
    assert load_settings(cfg, {"IMT_CONFIG": str(tmp_path / "none.toml")}).trusted_proxies == ()
    assert (cfg.home / "state" / "web-secret").stat().st_mode & 0o777 == 0o600
    for env, words in (({"IMT_WEB_TRUSTED_PROXIES": "10.0.0.0/8, proxy.example"}, "'proxy.example' is not an IP"),
                       ({"IMT_WEB_SESSION_IDLE": "soon"}, "IMT_WEB_SESSION_IDLE must be a duration"),
                       ({"IMT_WEB_WORKERS": "0"}, "IMT_WEB_WORKERS must be a number of processes")):  # fmt: skip
        with pytest.raises(WebConfigError, match=words):
            load_settings(cfg, {"IMT_CONFIG": str(toml), **env})
    toml.write_text("[web]\nsession_timeout = 5\n")
    with pytest.raises(WebConfigError, match="unknown setting 'session_timeout' in \\[web\\]"):
        load_settings(cfg, {"IMT_CONFIG": str(toml)})
