"""The investigator web app against the real node, over HTTP (httpx) where a browser adds nothing: sign-in,
sessions, roles on every route, CSRF on every POST, the login rate limit, security headers, evidence routes,
the JSON API, the audit log, and the `imt users` commands. The real app runs under uvicorn on a free port with its
own index alias; tests/test_web_browser.py drives the same server with Chromium.

The `web` fixture here is shared (session scope) with the browser tests."""

from __future__ import annotations

import hashlib
import json
import random
import re
import socket
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from elasticsearch import Elasticsearch

from core.actor import acting_user
import config as configuration
from classifier.normalize import normalize_for_index
from classifier.registry import Registry
from classifier.train import SEED, fit_records, read_records
from core.evidence import EvidenceStore
from search import audit, users
from search.indexer import Indexer
from search.labels import labels_alias, stored_labels
from search.mapping import ensure_docs_index
from search.spool import Spool
from web.app import create_app
from web.settings import WebSettings

pytestmark = pytest.mark.integration

PASSWORD = "correct horse battery"
SECRET = b"test-secret-" * 4  # signs the test app's cookies (other app instances on the same alias share it)
ROLES = ("investigator", "analyst", "operator", "admin")
PHONE = "+998901234567"
WALLET = "TQ5n3Wb1Xy8f6d4sZ2Kq9Lm7Pr1Vx3Hc8T"
PAYLOAD_TITLE = "<script>window.__pwned=1</script> Pwnedshop mephedrone"
PAYLOAD_TEXT = (
    "Pwnedshop mephedrone 2g dead drop Chilanzar, write @pwned_shop or 90 123 45 67. "
    '<img src=x onerror="window.__pwned=1"> <a href="javascript:window.__pwned=1">order here</a> '
    "<script>window.__pwned=1</script>"
)
# a script that ran anywhere, even where it could not touch this page, would ask for /__pwned_probe
PROBE = "new Image().src='/__pwned_probe'"
PAYLOAD_HTML = (
    "<!doctype html><html><head><meta charset='utf-8'><title>Pwnedshop</title>"
    f"<script>window.__pwned=1; {PROBE}; parent.__pwned=1; top.__pwned=1</script>"
    "<link rel=stylesheet href='http://127.0.0.1:9/remote.css'></head>"
    f'<body onload="window.__pwned=1;{PROBE}">'
    f"<h1>{PAYLOAD_TITLE}</h1><p>{PAYLOAD_TEXT}</p>"
    f"<img src='http://127.0.0.1:9/remote.png' onerror=\"{PROBE}\">"
    f"<iframe src=\"javascript:{PROBE}\"></iframe>"
    f'<a href="javascript:{PROBE}">click</a></body></html>'
).encode()
PAYLOAD_ID = "w-payload"

TEXTS = [
    ("Мефедрон кристалл 2г, клад магнит Юнусабад, пиши @mef_uz", "ru", "shop-tg", "telegram"),
    ("Мефедрон и гашиш, закладки по всему городу, оплата USDT", "ru", "shop-tg", "telegram"),
    ("Задержан курьер с мефедроном: изъято 2 кг, сообщает полиция", "ru", "news", "site"),
    ("Gashish sotiladi, dead drop Chilonzor, @gash_bot orqali yozing", "uz-latn", "market", "site"),
    ("Pharmacy: pregabalin by prescription only, open 9 to 18", "en", "pharm", "site"),
    ("Mephedrone crystal 1g, stash pickup in Tashkent, write to the bot", "en", "market", "onion"),
    ("Rehab centre: free and anonymous help for people who use drugs", "en", "news", "site"),
    ("Курьеры нужны, оплата ежедневно, работа с закладками, 2000$ в неделю", "ru", "shop-tg", "telegram"),
    ("Мефедрон гидропон шишки, доставка по Ташкенту, клад за 30 минут", "ru", "shop-tg", "telegram"),
    ("UNODC report on synthetic drugs in Central Asia published today", "en", "news", "site"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(app, what: str = "the web app"):
    """`app` under uvicorn in a thread on a free local port; yields its base URL and stops it afterwards."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", proxy_headers=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, f"{what} did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@dataclass
class Web:
    url: str
    es: Elasticsearch
    cfg: configuration.Config
    app: object
    alias: str
    home: Path
    payload_sha: str
    plain_sha: str
    versions: list
    env: dict

    def client(self, **kw) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, follow_redirects=False, **kw)

    def login(self, role: str, client: httpx.Client | None = None) -> httpx.Client:
        c = client or self.client()
        page = c.get("/login")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        r = c.post("/login", data={"username": role, "password": PASSWORD, "csrf": token})
        assert r.status_code == 303, r.text[:500]
        return c

    def csrf(self, c: httpx.Client) -> str:
        return c.get("/api/session").json()["csrf"]


def _doc(i: int, text: str, lang: str, source: str, stype: str, model, **extra) -> dict:
    title = extra.pop("title", f"Listing {i}")
    score, label, kind = model.score_texts([f"{title}\n{text}"], kinds=True)[0]
    day = f"2026-11-{1 + i % 9:02d}"
    entities = extra.pop("entities", {})
    return {
        "id": extra.pop("id", f"w{i:04d}"),
        "url": f"http://{source}.example/{i:04d}",
        "source": source,
        "source_type": stype,
        "site": f"{source}.example",
        "title": title,
        "text": text,
        "text_norm": normalize_for_index(f"{title}\n{text}"),
        "score": score,
        "label": label,
        "kind": kind,
        "lang": lang,
        "model_version": extra.pop("model_version"),
        "fetched_at": f"{day}T10:00:00Z",
        "first_seen": f"{day}T10:00:00Z",
        "last_seen": f"{day}T10:00:00Z",
        "content_hash": hashlib.sha256(text.encode()).hexdigest(),
        "entities": entities,
        **extra,
    }


@pytest.fixture(scope="session")
def web(es_url, tmp_path_factory):
    home = tmp_path_factory.mktemp("web-home")
    base = f"imt-web-{uuid.uuid4().hex[:8]}"
    alias = f"{base}-docs"
    env = {"IMT_HOME": str(home), "IMT_INDEX": alias, "IMT_ES_URL": es_url}
    cfg = configuration.load(env)
    es = Elasticsearch(es_url, request_timeout=60)

    # two small models: the first active, the second registered for promotion
    records = read_records(SEED)
    random.Random(7).shuffle(records)
    registry = Registry(cfg.models_dir)
    versions = []
    for n, chunk in enumerate((records[:500], records[500:1000])):
        model = fit_records(chunk, compare=False, cv_folds=3)
        versions.append(registry.save(model, {"data": "seed subset", "counts": {"docs": len(chunk)}}, promote=n == 0))
    model, _meta = registry.load(versions[0])

    with EvidenceStore(cfg.evidence_dir) as store:
        payload = store.store(PAYLOAD_HTML, url="http://evil.example/shop", final_url="http://evil.example/shop",
                              status=200, headers={"Content-Type": ["text/html; charset=utf-8"]},
                              fetched_at="2026-11-05T10:00:00Z", route="tor", crawler_version="test",
                              source="market", doc_ids=[PAYLOAD_ID])  # fmt: skip
        plain = store.store("<html><body><p>Мефедрон клад</p></body></html>".encode(),
                            url="http://shop-tg.example/0001", final_url="http://shop-tg.example/0001", status=200,
                            headers={"Content-Type": ["text/html"]},
                            fetched_at="2026-11-02T10:00:00Z", route="direct", crawler_version="test",
                            source="shop-tg", doc_ids=["w0001"])  # fmt: skip

    ensure_docs_index(es, alias)
    indexer = Indexer(es, alias, Spool(home / "spool"))
    docs = []
    for i in range(30):
        text, lang, source, stype = TEXTS[i % len(TEXTS)]
        entities = {}
        if "Мефедрон" in text or "Mephedrone" in text:
            entities = {"substance": ["mephedrone"], "phone": [PHONE], "place": ["Tashkent"]}
        if "@gash_bot" in text or "USDT" in text:
            entities = {"substance": ["hashish"], "handle": ["gash_bot"], "wallet": [WALLET]}
        extra = {"cluster_id": f"c{i % len(TEXTS)}", "entities": entities, "model_version": versions[0]}
        if i == 1:
            extra.update(evidence_sha256=plain["sha256"], capture_id=plain["capture_id"], route="direct")
        docs.append(_doc(i, f"{text} #{i}", lang, source, stype, model, **extra))
    docs.append(_doc(99, PAYLOAD_TEXT, "en", "market", "onion", model, id=PAYLOAD_ID, title=PAYLOAD_TITLE,
                     evidence_sha256=payload["sha256"], capture_id=payload["capture_id"], route="tor",
                     cluster_id="c-payload", model_version=versions[0],
                     entities={"phone": [PHONE], "handle": ["pwned_shop"], "substance": ["mephedrone"],
                               "place": ["Chilanzar"]}))  # fmt: skip
    for d in docs:
        indexer.add(d)
    indexer.flush()
    changed = dict(docs[0], text=docs[0]["text"] + " (updated price)", fetched_at="2026-11-20T10:00:00Z",
                   content_hash="changed", last_seen="2026-11-20T10:00:00Z")  # fmt: skip
    indexer.add(changed)  # a second version: the document page shows its history
    indexer.close()
    es.indices.refresh(index=alias)

    for role in ROLES:
        users.add(es, alias, role, PASSWORD, role, who="test")

    app = create_app(cfg, WebSettings(secret=SECRET))
    with served(app) as url:
        yield Web(url, es, cfg, app, alias, home, payload["sha256"], plain["sha256"], versions, env)
    for index in es.indices.get(index=f"{base}-*"):
        es.indices.delete(index=index)


# ---------------------------------------------------------------------------------------------------- helpers

SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def route_table(app) -> list[tuple[str, str, str | None, bool]]:
    """(method, path, least role, CSRF-checked) of every route, read from the dependencies it declares."""
    out = []
    routes = list(app.routes)
    while routes:
        route = routes.pop(0)
        if getattr(route, "original_router", None) is not None:  # FastAPI includes routers lazily
            routes += list(route.original_router.routes)
            continue
        methods = getattr(route, "methods", None)
        dependant = getattr(route, "dependant", None)
        if not methods or dependant is None:
            continue
        role, csrf = None, False
        stack = list(dependant.dependencies)
        while stack:
            dep = stack.pop()
            call = getattr(dep, "call", None)
            if getattr(call, "role", None):
                role = call.role
                csrf = csrf or getattr(call, "csrf", False)
            stack.extend(dep.dependencies)
        for method in methods - {"HEAD"}:
            out.append((method, route.path, role, csrf))
    return out


def concrete(path: str, web: Web) -> str:
    if path == "/api/entity":
        return "/api/entity?spec=phone%3A%2B998901234567"
    return (path.replace("{doc_id}", "w0001").replace("{sha}", web.plain_sha).replace("{version}", web.versions[0])
            .replace("{name}", "nothing"))  # fmt: skip


# ---------------------------------------------------------------------------------------------------- tests


def test_every_route_needs_a_role_and_every_post_a_csrf_token(web):
    table = route_table(web.app)
    assert len(table) > 30
    open_routes = {("GET", "/login"), ("POST", "/login")}
    for method, path, role, csrf in table:
        if (method, path) in open_routes or path.startswith("/static"):
            continue
        assert role in ROLES, f"{method} {path} declares no role"
        if method == "POST":
            assert csrf, f"POST {path} does not check the CSRF token"


def test_anonymous_is_sent_to_login_everywhere(web):
    c = web.client()
    assert c.get("/login").status_code == 200
    assert c.get("/static/app.css").status_code == 200
    for method, path, _role, _csrf in route_table(web.app):
        if path == "/login" or path.startswith("/static"):
            continue
        r = c.request(method, concrete(path, web))
        if path.startswith("/api/"):
            assert r.status_code == 401, (method, path, r.status_code)
        else:
            assert r.status_code == 303 and r.headers["location"].startswith("/login"), (method, path, r.status_code)
    for path in ("/nope", "/evidence/../../etc/passwd", "/robots.txt"):
        r = c.get(path)
        assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_each_role_gets_exactly_its_pages_and_api_routes(web):
    rank = {r: i for i, r in enumerate(ROLES)}
    clients = {role: web.login(role) for role in ROLES}
    checked = 0
    for method, path, role, _csrf in route_table(web.app):
        if method != "GET" or path in ("/login", "/logout") or path.startswith("/static") or "{" in path:
            continue
        if path in ("/export", "/api/export"):
            continue  # exports are checked in their own tests
        for who, c in clients.items():
            r = c.get(concrete(path, web))
            if rank[who] >= rank[role]:
                assert r.status_code in (200, 303), (who, path, r.status_code, r.text[:300])
            else:
                assert r.status_code == 403, (who, path, r.status_code)
            checked += 1
    assert checked > 40
    inv = clients["investigator"]
    for path in ("/analyst", "/operator", "/admin", f"/analyst/models/{web.versions[0]}", "/api/labels",
                 "/api/labels/queue"):  # fmt: skip
        assert inv.get(path).status_code == 403, path
    token = web.csrf(inv)
    r = inv.post("/api/labels", json={"doc_id": "w0003", "label": "1"}, headers={"x-csrf-token": token})
    assert r.status_code == 403
    r = inv.post("/doc/w0003/label", data={"label": "1", "csrf": token})
    assert r.status_code == 403
    page = inv.get("/search").text
    assert 'href="/analyst"' not in page and 'href="/admin"' not in page and 'href="/operator"' not in page
    admin_page = clients["admin"].get("/search").text
    assert 'href="/analyst"' in admin_page and 'href="/admin"' in admin_page


def test_csrf_is_checked_on_every_post(web):
    c = web.login("admin")
    good = web.csrf(c)
    for method, path, _role, _csrf in route_table(web.app):
        if method != "POST" or path == "/login":
            continue
        url = concrete(path, web)
        assert c.post(url, data={"label": "1"}).status_code == 403, path
        assert c.post(url, data={"label": "1", "csrf": "forged"}).status_code == 403, path
        assert c.post(url, json={"doc_id": "w0003", "label": "1"}, headers={"x-csrf-token": good + "x"}
                      ).status_code == 403, path  # fmt: skip
    # the login form needs its own token (bound to the pre-login cookie)
    fresh = web.client()
    r = fresh.post("/login", data={"username": "admin", "password": PASSWORD, "csrf": "made-up"})
    assert r.status_code == 403 and "imt_session" not in r.headers.get("set-cookie", "")
    # with the token, a POST works
    r = c.post("/api/labels", json={"doc_id": "w0005", "label": "0"}, headers={"x-csrf-token": good})
    assert r.status_code == 200 and r.json()["stored"] is True


def test_login_rate_limit(web):
    c = web.client()
    name = "ratelimited"
    users.add(web.es, web.alias, name, PASSWORD, "investigator", who="test")

    def attempt(password):
        token = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text).group(1)
        return c.post("/login", data={"username": name, "password": password, "csrf": token})

    for _ in range(5):
        r = attempt("wrong password!")
        assert r.status_code == 401 and "Wrong user name or password" in r.text
    r = attempt(PASSWORD)  # even the right password waits now
    assert r.status_code == 429 and "Too many failed logins" in r.text and int(r.headers["retry-after"]) > 0
    web.login("investigator")  # other users are not affected
    entries = audit.entries(web.es, web.alias, who=name, action="login_failed")
    assert len(entries) == 6 and entries[0]["ip"] == "127.0.0.1" and entries[0]["ok"] is False


def test_security_headers_everywhere(web):
    c = web.login("investigator")
    anon = web.client()
    responses = [c.get("/search"), c.get("/doc/w0001"), c.get("/static/app.css"), c.get("/api/search?q=mef"),
                 c.get("/admin"), c.get("/nope"), anon.get("/login"), anon.get("/search")]  # fmt: skip
    for r in responses:
        for name, value in SECURITY_HEADERS.items():
            assert value in r.headers.get(name, ""), (r.url, name, r.headers.get(name))
        csp = r.headers["content-security-policy"]
        for part in ("script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'"):
            assert part in csp
    cookie = [h for h in web.client().get("/login").headers.get_list("set-cookie")]
    assert cookie and all("httponly" in h.lower() and "samesite=lax" in h.lower() for h in cookie)
    frame = c.get(f"/evidence/{web.payload_sha}/frame")
    assert frame.status_code == 200
    assert frame.headers["content-security-policy"].startswith("sandbox; default-src 'none'")
    assert "script-src" not in frame.headers["content-security-policy"]
    assert frame.headers["x-frame-options"] == "SAMEORIGIN"


def test_evidence_routes_refuse_path_traversal(web):
    c = web.login("investigator")
    assert c.get(f"/evidence/{web.plain_sha}").status_code == 200
    bad = [
        "/evidence/../../../../etc/passwd",
        "/evidence/..%2F..%2F..%2Fetc%2Fpasswd",
        "/evidence/%2e%2e%2f%2e%2e%2fetc%2fpasswd/frame",
        "/evidence/" + web.plain_sha.upper(),
        "/evidence/" + web.plain_sha[:63],
        "/evidence/" + web.plain_sha + "0/download",
        "/evidence/....//....//etc/passwd/download",
        "/evidence/" + "0" * 64,
        "/evidence/%00" + web.plain_sha[1:],
    ]
    for path in bad:
        r = c.get(path)
        assert r.status_code in (400, 404), (path, r.status_code)
        assert "root:" not in r.text


def test_sessions_end_when_the_account_changes(web):
    users.add(web.es, web.alias, "leaver", PASSWORD, "analyst", who="test")
    c = web.client()
    page = c.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    assert c.post("/login", data={"username": "leaver", "password": PASSWORD, "csrf": token}).status_code == 303
    assert c.get("/analyst").status_code == 200
    users.set_role(web.es, web.alias, "leaver", "investigator")
    assert c.get("/analyst").status_code == 403  # the role is read on every request
    users.set_password(web.es, web.alias, "leaver", "another long password")
    assert c.get("/search").status_code == 303  # a new password ends the session
    # a tampered cookie is no session
    c2 = web.login("analyst")
    value = c2.cookies.get("imt_session")
    c2.cookies.set("imt_session", value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1])
    assert c2.get("/search").status_code == 303
    c3 = web.login("operator")
    users.set_disabled(web.es, web.alias, "leaver", True)
    users.add(web.es, web.alias, "gone", PASSWORD, "operator", who="test")
    c4 = web.client()
    web_login = re.search(r'name="csrf" value="([^"]+)"', c4.get("/login").text).group(1)
    assert c4.post("/login", data={"username": "gone", "password": PASSWORD, "csrf": web_login}).status_code == 303
    users.set_disabled(web.es, web.alias, "gone", True)
    assert c4.get("/search").status_code == 303  # disabled: out at the next request
    assert c3.get("/operator").status_code == 200
    r = c3.post("/logout", data={"csrf": web.csrf(c3)})
    assert r.status_code == 303 and c3.get("/search").status_code == 303


def test_open_redirects_and_reflected_input_are_refused(web):
    c = web.client()
    token = re.search(r'name="csrf" value="([^"]+)"', c.get("/login?next=//evil.example/x").text).group(1)
    r = c.post("/login", data={"username": "investigator", "password": PASSWORD, "csrf": token,
                               "next": "//evil.example/x"})  # fmt: skip
    assert r.headers["location"] == "/search"
    for target in ("https://evil.example/", "/\\evil.example", "javascript:alert(1)"):
        assert c.get("/lang", params={"set": "ru", "next": target}).headers["location"] == "/search"
    r = c.get("/search", params={"q": '"><script>window.__pwned=1</script>'})
    assert "<script>window.__pwned=1</script>" not in r.text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in r.text


def test_search_page_facets_highlights_and_paging(web):
    c = web.login("investigator")
    r = c.get("/search", params={"q": "мефедрон", "size": "3"})
    assert r.status_code == 200
    assert "<mark>" in r.text  # the [term] markers of the highlighter become <mark>
    assert 'id="next-page"' in r.text
    cursor = re.search(r'href="([^"]*after=[^"]+)" id="next-page"', r.text).group(1).replace("&amp;", "&")
    r2 = c.get(cursor)
    assert r2.status_code == 200 and "First page" in r2.text
    first = set(re.findall(r'href="/doc/([^"]+)"', r.text))
    second = set(re.findall(r'href="/doc/([^"]+)"', r2.text))
    assert first and second and not first & second
    # a facet link filters
    assert "entity=substance%3Amephedrone" in r.text
    r3 = c.get("/search", params={"q": "", "entity": "handle:gash_bot"})
    hits = int(re.search(r'id="hit-count">(\d+)', r3.text).group(1))
    assert hits == len(re.findall(r'class="title" href="/doc/', r3.text)) > 0
    # the payload shows escaped in the snippet
    r4 = c.get("/search", params={"q": "pwnedshop"})
    assert "&lt;script&gt;" in r4.text and "<script>window" not in r4.text
    assert "<img src=x" not in r4.text
    # a syntax error is one clear line on the page
    r5 = c.get("/search", params={"q": '"unclosed'})
    assert r5.status_code == 200 and "query syntax error at column" in r5.text


def test_document_page_shows_explanation_entities_history_evidence(web):
    c = web.login("investigator")
    r = c.get("/doc/w0001")
    assert r.status_code == 200
    assert 'class="x pos"' in r.text or 'class="x neg"' in r.text  # explanation spans
    assert web.plain_sha in r.text and "capture_id" in r.text and "direct" in r.text
    assert f'src="/evidence/{web.plain_sha}/frame"' in r.text and "sandbox" in r.text
    r0 = c.get("/doc/w0000")
    shown = re.sub(r"<[^>]+>", "", r0.text)  # explanation marks may cut the text into spans
    assert "(updated price)" in shown and "Listing 0" in shown and "Version history (Version 2)" in shown
    assert 'href="/doc/w0010"' in r0.text  # a near-duplicate (same cluster)
    p = c.get(f"/doc/{PAYLOAD_ID}")
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in p.text
    assert "<script>window" not in p.text and "<img src=x" not in p.text and 'href="javascript:' not in p.text
    assert 'class="ent ent-phone"' in p.text and 'href="/entity?spec=phone%3A%2B998901234567"' in p.text
    assert c.get("/doc/not-a-doc").status_code == 404
    assert c.get("/doc/" + "x" * 300).status_code == 404


def test_evidence_views_are_inert(web):
    c = web.login("investigator")
    text = c.get(f"/evidence/{web.payload_sha}")
    assert text.status_code == 200
    assert "&lt;script&gt;window.__pwned=1" in text.text and "<script>window" not in text.text
    frame = c.get(f"/evidence/{web.payload_sha}/frame")
    assert frame.content == PAYLOAD_HTML  # the bytes as captured, under a CSP that runs none of them
    dl = c.get(f"/evidence/{web.payload_sha}/download")
    assert dl.content == PAYLOAD_HTML and "attachment" in dl.headers["content-disposition"]
    assert hashlib.sha256(dl.content).hexdigest() == web.payload_sha


def test_label_through_the_page_is_stored_and_audited(web):
    c = web.login("analyst")
    token = web.csrf(c)
    r = c.post("/doc/w0002/label", data={"label": "1", "csrf": token})
    assert r.status_code == 303 and r.headers["location"] == "/doc/w0002"
    page = c.get("/doc/w0002")
    assert "Label saved" in page.text and 'id="stored-label">Trafficking' in page.text
    r = c.post("/doc/w0002/label", data={"label": "0", "csrf": token})  # a correction replaces it
    from classifier.labels import text_hash
    from search.documents import get_document

    doc = get_document(web.es, web.alias, "w0002")
    key = text_hash(f"{doc['title']}\n{doc['text']}")
    assert stored_labels(web.es, labels_alias(web.alias), [key]) == {key: 0}
    c.post("/doc/w0004/label", data={"label": "unsure", "csrf": token})
    doc4 = get_document(web.es, web.alias, "w0004")
    key4 = text_hash(f"{doc4['title']}\n{doc4['text']}")
    assert stored_labels(web.es, labels_alias(web.alias), [key4]) == {}  # unsure is never stored
    found = audit.entries(web.es, web.alias, who="analyst", action="label")
    assert {e["target"] for e in found} >= {"w0002", "w0004"}
    assert c.post("/doc/w0002/label", data={"label": "maybe", "csrf": token}).status_code == 400


def test_api(web):
    c = web.login("analyst")
    r = c.get("/api/search", params={"q": "мефедрон", "size": 2})
    body = r.json()
    assert r.status_code == 200 and body["total"] >= 3 and len(body["hits"]) == 2 and body["cursor"]
    r2 = c.get("/api/search", params={"q": "мефедрон", "size": 2, "after": body["cursor"]})
    assert {h["id"] for h in r2.json()["hits"]}.isdisjoint({h["id"] for h in body["hits"]})
    assert c.get("/api/search", params={"q": '"open'}).status_code == 400
    assert c.get("/api/search", params={"min_score": "2"}).status_code == 400
    facets = c.get("/api/facets", params={"q": ""}).json()
    assert facets["total"] == 31 and facets["top_phone"][0]["value"] == PHONE
    doc = c.get(f"/api/documents/{PAYLOAD_ID}").json()
    assert doc["document"]["title"] == PAYLOAD_TITLE and doc["analysis"]["explanation"]
    assert doc["evidence"]["sha256"] == web.payload_sha and doc["evidence"]["record"]["route"] == "tor"
    ent = c.get("/api/entity", params={"spec": "wallet:" + WALLET}).json()
    assert ent["documents"] > 0 and "handle" in ent["co_occurring"]
    assert c.get("/api/entity", params={"spec": "shoe:1"}).status_code == 400
    assert c.get("/api/documents/nothing").status_code == 404
    assert c.get("/api/alerts").json()["counts"].keys() == {"new", "seen", "closed"}
    queue = c.get("/api/labels/queue", params={"size": 5}).json()
    assert queue["model"] == web.versions[0] and len(queue["items"]) == 5
    spec = c.get("/api/openapi.json").json()
    assert {"/api/search", "/api/documents/{doc_id}", "/api/entity", "/api/facets", "/api/alerts",
            "/api/labels"} <= set(spec["paths"])  # fmt: skip
    assert not any(p.startswith(("/doc", "/admin", "/login")) for p in spec["paths"])
    docs = c.get("/api/docs").text
    assert "/api/search" in docs and "cdn" not in docs.lower()


def test_exports_stream_and_are_audited(web):
    c = web.login("investigator")
    csv_r = c.get("/export", params={"q": "мефедрон", "format": "csv"})
    assert csv_r.status_code == 200 and csv_r.headers["content-type"].startswith("text/csv")
    assert csv_r.text.splitlines()[0].startswith("id,") and len(csv_r.text.splitlines()) >= 4
    jl = c.get("/api/export", params={"q": "pwnedshop", "format": "jsonl"})
    assert json.loads(jl.text.splitlines()[0])["id"] == PAYLOAD_ID
    assert c.get("/export", params={"format": "pdf"}).status_code == 400
    entries = audit.entries(web.es, web.alias, who="investigator", action="export")
    assert {e["details"]["format"] for e in entries} >= {"csv", "jsonl"}
    # a case bundle holds its documents against retention, under the bundle's name, recorded in the audit log
    from search import retention

    # (the case-bundle button POSTs with the CSRF token; a GET link changes no state: see test_web_hardening)
    case = c.post("/export?q=%D0%BC%D0%B5%D1%84%D0%B5%D0%B4%D1%80%D0%BE%D0%BD", data={"format": "case",
                                                                                        "csrf": web.csrf(c)})
    assert case.status_code == 200 and case.headers["content-type"] == "application/zip"
    name = re.search(r'filename="?([^";]+)\.zip', case.headers["content-disposition"]).group(1)
    entry = audit.entries(web.es, web.alias, who="investigator", action="export")[0]
    assert entry["details"]["format"] == "case" and entry["details"]["hold"] == name
    assert retention.cases(web.es, web.alias)[name] == entry["details"]["documents"] >= 3


def test_admin_sees_the_audit_log_and_manages_users(web):
    c = web.login("admin")
    token = web.csrf(c)
    r = c.post("/admin/users", data={"csrf": token, "do": "add", "username": "newbie", "role": "analyst",
                                     "password": "short"})  # fmt: skip
    assert r.status_code == 303
    assert "password too weak" in c.get(r.headers["location"]).text
    c.post("/admin/users", data={"csrf": token, "do": "add", "username": "newbie", "role": "analyst",
                                 "password": PASSWORD})  # fmt: skip
    assert users.get(web.es, web.alias, "newbie").role == "analyst"
    c.post("/admin/users", data={"csrf": token, "do": "disable", "username": "newbie"})
    assert users.get(web.es, web.alias, "newbie").disabled
    page = c.get("/admin")
    assert page.status_code == 200
    for action in ("login", "search", "view", "user_change"):
        assert f"<td>{action}</td>" in page.text, action
    assert "password_hash" not in page.text and "$argon2" not in page.text
    only = c.get("/admin", params={"action": "login_failed"}).text
    assert "<td>login</td>" not in only


def test_audit_log_is_append_only_with_a_strict_mapping(web):
    with pytest.raises(ValueError):
        audit.record(web.es, web.alias, "x", "delete_everything")
    entry = audit.record(web.es, web.alias, "tester", "view", target="t", details={"a": 1}, ip="127.0.0.1")
    from elasticsearch import ApiError

    with pytest.raises(ApiError):  # strict: no field the mapping does not name
        web.es.index(index=audit.audit_alias(web.alias), document={"who": "x", "surprise": 1})
    mapping = web.es.indices.get_mapping(index=audit.audit_alias(web.alias))
    assert next(iter(mapping.values()))["mappings"]["dynamic"] == "strict"
    assert audit.entries(web.es, web.alias, who="tester")[0]["id"] == entry


def test_language_switch(web):
    c = web.login("investigator")
    r = c.get("/lang", params={"set": "ru", "next": "/dashboard"})
    assert r.headers["location"] == "/dashboard"
    page = c.get("/dashboard")
    assert "Сводка" in page.text and 'lang="ru"' in page.text
    c.get("/lang", params={"set": "uz", "next": "/search"})
    assert "Qidiruv" in c.get("/search").text
    anon = web.client()
    anon.get("/login?lang=ru")
    assert "Войти" in anon.get("/login").text
    # the operator's tables have no English headers left in Russian
    op = web.login("operator")
    op.get("/lang", params={"set": "ru", "next": "/operator"})
    heads = re.findall(r"<th>([^<]+)</th>", op.get("/operator").text)
    assert {"Запуск", "Метки", "Секунды", "Сбои прокси"} <= set(heads)
    assert not [h for h in heads if re.fullmatch(r"[A-Za-z ]+", h) and h not in ("cron", "URL")], heads


def test_users_cli(web, imt):
    def run(*args, input=None):  # `imt` in-process (conftest.IN_PROCESS), against the app's index and home
        return imt(*args, check=False, input=input, **web.env)

    r = run("users", "add", "clerk", "--role", "analyst", "--password-stdin", input=PASSWORD + "\n")
    assert r.returncode == 0 and "added user clerk (analyst)" in r.stdout
    r = run("users", "add", "clerk", "--role", "analyst", "--password-stdin", input=PASSWORD + "\n")
    assert r.returncode == 2 and r.stderr.strip() == "error: a user named 'clerk' exists already"
    r = run("users", "add", "boss", "--role", "king", "--password-stdin", input=PASSWORD + "\n")
    assert r.returncode == 2 and "unknown role 'king'" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = run("users", "add", "weak", "--role", "analyst", "--password-stdin", input="short\n")
    assert r.returncode == 2 and "password too weak" in r.stderr
    r = run("users", "add", "prompted", "--role", "admin", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert r.returncode == 0, r.stderr
    r = run("users", "list", "--json")
    listed = {json.loads(line)["username"]: json.loads(line) for line in r.stdout.splitlines()}
    assert listed["clerk"]["role"] == "analyst" and "password_hash" not in listed["clerk"]
    assert run("users", "disable", "clerk").returncode == 0 and users.get(web.es, web.alias, "clerk").disabled
    r = run("users", "passwd", "prompted", "--password-stdin", input="a brand new passphrase\n")
    assert r.returncode == 0
    assert users.authenticate(web.es, web.alias, "prompted", "a brand new passphrase") is not None
    r = run("users", "passwd", "nobody", "--password-stdin", input=PASSWORD + "\n")
    assert r.returncode == 2 and "no user named 'nobody'" in r.stderr
    assert audit.entries(web.es, web.alias, action="user_change", who=f"cli:{acting_user()}")


def test_promote_and_rollback_from_the_analyst_page(web):
    c = web.login("analyst")
    token = web.csrf(c)
    registry = Registry(web.cfg.models_dir)
    page = c.get("/analyst")
    assert web.versions[1] in page.text and "Label queue" in page.text
    model_page = c.get(f"/analyst/models/{web.versions[0]}")
    assert 'id="pr-curve"' in model_page.text and "<polyline" in model_page.text
    r = c.post("/analyst/promote", data={"csrf": token, "version": web.versions[1], "force": "1"})
    assert r.status_code == 303 and registry.current_version() == web.versions[1]
    assert "promoted" in c.get("/analyst").text
    web.es.indices.refresh(index=web.alias)
    doc = c.get("/api/documents/w0003").json()["document"]
    assert doc["model_version"] == web.versions[1]  # re-scored as `imt model promote` does
    r = c.post("/analyst/rollback", data={"csrf": token})
    assert r.status_code == 303 and registry.current_version() == web.versions[0]
    history = registry.history()
    assert history[-1]["who"] == "web:analyst" and history[-1]["action"] == "rollback"
    assert [e["details"]["action"] for e in audit.entries(web.es, web.alias, action="model_change")][:2] == [
        "rollback", "promote"]  # fmt: skip


def test_operator_page_shows_runs_and_health_and_metrics_are_served(web):
    from search import ops_alerts, runs

    from crawler.schedule import ScheduleStore

    run_id = runs.start(web.es, web.alias, ["demo-news"])
    runs.finish(web.es, web.alias, run_id, {"pages_crawled": 12, "documents": 9, "flagged": 2, "bytes": 4_250_000,
                                            "proxy_failures": 7}, "finished")  # fmt: skip
    ops_alerts.raise_alert(web.es, web.alias, "demo-news", "zero_items", run_id, "a run with no documents")
    ScheduleStore(web.cfg.home / "state").add("demo-news", "17 3 * * 2")  # as `imt schedule add` keeps it
    op = web.login("operator")
    page = op.get("/operator").text
    assert run_id in page and "finished" in page and "a run with no documents" in page
    run_row = re.search(rf"<tr><td[^>]*>{run_id}</td>.*?</tr>", page).group(0)
    assert "<td>7</td>" in run_row and "<td>4.2</td>" in run_row  # proxy failures, MB downloaded
    sched_row = re.search(r'<table id="schedules">.*?</table>', page, re.S).group(0)
    assert "demo-news" in sched_row and "17 3 * * 2" in sched_row and "cli" in sched_row
    # operators pause a schedule and acknowledge a health alert from the page, as the CLI does; both audited
    token = web.csrf(op)
    r = op.post("/operator/schedules", data={"csrf": token, "source": "demo-news", "do": "pause"})
    assert r.status_code == 303 and ScheduleStore(web.cfg.home / "state").load()["demo-news"]["paused"]
    assert op.post("/operator/schedules", data={"csrf": token, "source": "demo-shop", "do": "pause"},
                   follow_redirects=True).text.count("has no schedule") == 1  # fmt: skip
    alert = ops_alerts.list_alerts(web.es, web.alias, source="demo-news")[0]
    assert op.post("/operator/health", data={"csrf": token, "id": alert["alert_id"], "do": "ack"}).status_code == 303
    assert ops_alerts.list_alerts(web.es, web.alias, source="demo-news")[0]["state"] == "seen"
    actions = {e["action"] for e in audit.entries(web.es, web.alias, who="operator")}
    assert {"schedule_change", "ops_alert_change"} <= actions
    page = op.get("/operator").text
    assert re.search(r'<td>paused</td>.*?value="resume"', page, re.S)
    analyst = web.login("analyst")
    assert analyst.post("/operator/schedules", data={"csrf": web.csrf(analyst), "source": "demo-news",
                                                     "do": "resume"}).status_code == 403  # fmt: skip
    metrics = op.get("/metrics")
    assert metrics.status_code == 200 and metrics.headers["content-type"].startswith("text/plain")
    assert "# TYPE imt_up gauge" in metrics.text and "\nimt_up 1.0\n" in metrics.text
    assert web.login("investigator").get("/metrics").status_code == 403


def test_analyst_trains_a_new_version_from_the_page_and_dashboard_lists_new_entities(web):
    import time

    from classifier.registry import Registry

    an = web.login("analyst")
    before = set(Registry(web.cfg.models_dir).versions())
    page = an.get("/analyst").text
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    started = an.post("/analyst/train", data={"csrf": token}, follow_redirects=True)
    assert "training started" in started.text
    again = an.post("/analyst/train", data={"csrf": token}, follow_redirects=True)
    assert "still running" in again.text  # one training at a time
    deadline = time.monotonic() + 240
    while set(Registry(web.cfg.models_dir).versions()) == before and time.monotonic() < deadline:
        time.sleep(2)
    new = set(Registry(web.cfg.models_dir).versions()) - before
    assert len(new) == 1 and Registry(web.cfg.models_dir).current_version() not in new  # registered, not promoted
    assert web.login("investigator").post("/analyst/train", data={"csrf": token}).status_code == 403
    dash = an.get("/dashboard").text
    assert 'id="new-entities"' in dash


def test_document_page_says_when_retention_purged_its_capture(web):
    from classifier.registry import Registry
    from core.evidence import EvidenceStore
    from search.indexer import Indexer
    from search.spool import Spool

    body = "<html><body><p>Old listing, kept as a document, its capture purged</p></body></html>".encode()
    with EvidenceStore(web.cfg.evidence_dir) as store:
        rec = store.store(body, url="http://old.example/1", final_url="http://old.example/1", status=200,
                          headers={"Content-Type": ["text/html"]}, fetched_at="2024-01-02T10:00:00Z",
                          route="direct", crawler_version="test", source="old", doc_ids=["w0777"])  # fmt: skip
        store.purge(rec["sha256"], reason="retention", older_than_days=365, cutoff="2025-11-30T00:00:00Z")
    model, _meta = Registry(web.cfg.models_dir).load(web.versions[0])
    indexer = Indexer(web.es, web.alias, Spool(web.home / "spool-purge"))
    indexer.add(_doc(777, "Old listing", "en", "old", "site", model, model_version=web.versions[0],
                     evidence_sha256=rec["sha256"], capture_id=rec["capture_id"]))  # fmt: skip
    indexer.close()
    web.es.indices.refresh(index=web.alias)
    page = web.login("investigator").get("/doc/w0777").text
    note = re.search(r'<p id="capture-purged">(.*?)</p>', page, re.S).group(1)
    assert "Raw capture deleted by retention" in note and "retention, 365 d" in note and rec["sha256"] in note
    assert 'id="capture-frame"' not in page


def test_context_is_shown_on_the_document_page_and_in_search_hits(web):
    """A document whose score came from its channel says so, in the reader's language: the channel's flagged
    share, the identifier that links it elsewhere and the score of its text alone."""
    doc_id = "wctx01"
    body = {
        "url": "http://127.0.0.1:9/t.me/ctxshop/7", "source": "shop-tg", "source_type": "telegram",
        "site": "127.0.0.1:9", "title": "Ctxshop #7", "text": "Ctxshop: all positions in stock today, write the bot",
        "lang": "en", "score": 0.91, "score_text": 0.12, "label": 1, "kind": "sale_ad", "channel": "ctxshop",
        "container": "channel:ctxshop", "fetched_at": "2026-01-02T00:00:00Z", "first_seen": "2026-01-02T00:00:00Z",
        "last_seen": "2026-01-02T00:00:00Z",
        "context": {"boost": 3.1, "container_docs": 30, "container_flagged": 24, "container_share": 0.8,
                    "identifier": "bot:ctxshop_bot", "ident_flagged": 5,
                    "reasons": ["channel ctxshop: 24 of 30 posts flagged"]},
    }  # fmt: skip
    web.es.index(index=web.alias, id=doc_id, document=body, refresh=True)
    try:
        c = web.login("investigator")
        page = c.get(f"/doc/{doc_id}")
        assert page.status_code == 200
        shown = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page.text))
        assert "Context (text alone 0.12): @ctxshop: 24 of 30 flagged" in shown
        assert "ctxshop_bot in 5 flagged documents elsewhere" in shown
        hits = c.get("/search", params={"q": "Ctxshop"})
        assert "@ctxshop: 24 of 30 flagged" in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", hits.text))
        from search.context import context_alias, ensure_context_store

        ensure_context_store(web.es, web.alias)
        web.es.index(index=context_alias(web.alias), id="channel:ctxshop", refresh=True, document={
            "key": "channel:ctxshop", "kind": "container", "type": "channel", "name": "ctxshop", "n_docs": 30,
            "n_flagged": 24, "share": 0.8, "mean_score": 0.7, "top_scores": [0.99], "threshold": 0.3,
            "model_version": "m-test", "updated_at": "2026-01-02T00:00:00Z"})  # fmt: skip
        profile = c.get("/entity", params={"spec": "channel:@ctxshop"})
        assert profile.status_code == 200
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", profile.text))
        assert "Context: ctxshop: 24 of 30 flagged (80 %)" in text and "Ctxshop #7" in text
        c.cookies.set("imt_lang", "ru")
        assert "отмечено 24 из 30" in c.get(f"/doc/{doc_id}").text
    finally:
        web.es.delete(index=web.alias, id=doc_id, refresh=True)
