"""Bad input answers 4xx with a clear message, never 500; every response, errors included, carries the security
headers (a 405 also `Allow`); exports change no state on GET; the API declares its parameters and responses.
Against the real app and node (the `web` fixture of tests/test_web.py)."""

# ruff: noqa: F811 - the tests take the imported `web` fixture as a parameter
from __future__ import annotations

import pytest
from test_web import SECURITY_HEADERS
from test_web import web  # noqa: F401 - the shared server fixture (tests take it as `web`)
from test_web_sessions import another_app

from search import retention

pytestmark = pytest.mark.integration
LONG = "m" + "9" * 299


def has_security_headers(r) -> bool:
    return all(value in r.headers.get(name, "") for name, value in SECURITY_HEADERS.items()) and \
        r.headers.get("cache-control") == "no-store"  # fmt: skip


def test_bad_input_is_a_clear_4xx_not_a_500(web):
    admin = web.login("admin")
    for before in ("notadate", "2026-99-99", "2026-12-01T25:00:00Z", "x" * 150):
        r = admin.get("/admin", params={"before": before})
        assert r.status_code == 400 and "before must be a date" in r.text, (before, r.status_code)
        assert has_security_headers(r)
    ok = admin.get("/admin", params={"before": "2026-12-01T10:00:00Z"})
    assert ok.status_code == 200 and 'id="audit"' in ok.text
    r = admin.get("/admin", params={"action": "explode"})
    assert r.status_code == 400 and "unknown audit action" in r.text
    r = admin.get(f"/analyst/models/{LONG}")
    assert r.status_code == 400 and "is not a model version" in r.text and has_security_headers(r)
    assert admin.get("/analyst/models/m20990101-000000").status_code == 404  # well-formed, unknown
    r = admin.post("/analyst/promote", data={"csrf": web.csrf(admin), "version": LONG})
    assert r.status_code == 400 and "is not a model version" in r.text and has_security_headers(r)
    r = admin.get("/api/search", params={"size": "many"})
    assert r.status_code == 400 and r.json()["error"].startswith("size") and has_security_headers(r)
    r = admin.post("/api/labels", json={"doc_id": "w0003"}, headers={"x-csrf-token": web.csrf(admin)})
    assert r.status_code == 400 and "label" in r.json()["error"]
    for score in ("NaN", "1e999", "-1", "many"):  # a watchlist's minimum score: the form says what is wrong
        form = {"csrf": web.csrf(admin), "name": f"w-{score}", "query": "x", "min_score": score}
        r = admin.post("/watchlists", data=form)
        assert r.status_code == 303 and "min score must be" in admin.get(r.headers["location"]).text, score


def test_every_error_carries_the_security_headers_and_405_says_allow(web):
    c = web.login("investigator")
    not_found = c.get("/no/such/page")
    assert not_found.status_code == 404 and has_security_headers(not_found)
    api_404 = c.get("/api/documents/nothing")
    assert api_404.status_code == 404 and has_security_headers(api_404)
    bad = c.get("/api/search", params={"q": '"open'})
    assert bad.status_code == 400 and has_security_headers(bad)
    for method, path, allowed in (("DELETE", "/search", {"GET"}), ("PUT", "/api/search", {"GET"}),
                                  ("GET", "/logout", {"POST"}), ("PATCH", "/export", {"GET", "POST"})):  # fmt: skip
        r = c.request(method, path)
        assert r.status_code == 405, (method, path, r.status_code)
        assert has_security_headers(r)
        assert allowed <= {m.strip() for m in r.headers["allow"].split(",")}, (path, r.headers.get("allow"))
    assert c.put("/api/search").json()["error"] == "Method Not Allowed"
    forbidden = c.get("/admin")
    assert forbidden.status_code == 403 and has_security_headers(forbidden)
    anon = web.client().get("/api/search")
    assert anon.status_code == 401 and has_security_headers(anon)


def test_an_unhandled_error_is_a_500_with_the_security_headers(web):
    with another_app(web) as server:

        def explode():
            raise RuntimeError("a bug")

        for path in ("/api/explode", "/explode"):
            server.app.add_api_route(path, explode, include_in_schema=False)
        c = server.client()
        api = c.get("/api/explode")
        assert api.status_code == 500 and has_security_headers(api)
        assert api.json() == {"error": "internal server error; the details are in the server log"}
        page = c.get("/explode")
        assert page.status_code == 500 and has_security_headers(page) and "a bug" not in page.text
        assert c.get("/login").status_code == 200  # the server carries on


def test_exports_by_get_hold_nothing_and_the_hold_is_a_csrf_checked_post(web):
    c = web.login("investigator")
    held = dict(retention.cases(web.es, web.alias))
    for path in ("/export", "/api/export"):
        r = c.get(path, params={"q": "мефедрон", "format": "case"})
        assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    assert retention.cases(web.es, web.alias) == held  # a GET, even a cross-site link, changes nothing
    # the page's button: a form POST with the CSRF token
    page = c.get("/search", params={"q": "мефедрон"}).text
    assert 'id="export-case-form"' in page and 'method="post"' in page.split('id="export-case-form"')[0][-200:]
    assert c.post("/export?q=мефедрон", data={"format": "case"}).status_code == 403
    assert c.post("/api/export?q=мефедрон&format=case").status_code == 403
    assert retention.cases(web.es, web.alias) == held
    r = c.post("/api/export?q=мефедрон&format=case", headers={"x-csrf-token": web.csrf(c)})
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    new = set(retention.cases(web.es, web.alias)) - set(held)
    assert len(new) == 1 and next(iter(new)) in r.headers["content-disposition"]


def test_the_api_declares_its_parameters_and_responses(web):
    spec = web.login("investigator").get("/api/openapi.json").json()
    paths = spec["paths"]
    common = {"q", "min_score", "label", "source", "type", "lang", "kind", "entity", "since", "until", "sort"}
    declared = {path: {p["name"] for p in paths[path]["get"].get("parameters", [])}
                for path in ("/api/search", "/api/facets", "/api/export")}  # fmt: skip
    assert declared["/api/search"] == common | {"size", "after"}
    assert declared["/api/facets"] == common | {"interval"}
    assert declared["/api/export"] == common | {"format"}
    for path in ("/api/search", "/api/facets", "/api/export", "/api/entity"):
        assert {"400", "401", "403"} <= set(paths[path]["get"]["responses"]), path
    assert "404" in paths["/api/documents/{doc_id}"]["get"]["responses"]
    export_200 = paths["/api/export"]["get"]["responses"]["200"]["content"]
    assert {"application/x-ndjson", "text/csv", "application/zip"} == set(export_200)
    assert "application/json" not in export_200
    assert not any("422" in op["responses"] for item in paths.values() for op in item.values())
    jl = web.login("investigator").get("/api/export", params={"q": "мефедрон"})
    assert jl.headers["content-type"] == "application/x-ndjson"
