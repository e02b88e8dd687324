"""The web app in a real headless Chromium (Debian's, driven by Playwright) against the real node: sign in,
search, open a document, label it, raise and see an alert, export a case, the pages each role may see, and a
document full of script payloads that never runs in any page. Saves screenshots of the main pages to
docs/screenshots/ (overwritten each run). The server is the `web` fixture of tests/test_web.py."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from test_web import PASSWORD, PAYLOAD_ID, PHONE, web  # noqa: F401 - `web` is the shared server fixture

from search.export import verify_zip_bundle
from search.labels import labels_alias, stored_labels

pytestmark = pytest.mark.integration

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PWNED = "typeof window.__pwned"


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: `make test` installs Debian's chromium (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


class Tab:
    """A browser context and page that record every request, so a test can check nothing left the app."""

    def __init__(self, browser, server, lang: str = "en"):
        self.web = server
        self.context = browser.new_context(viewport={"width": 1280, "height": 860}, accept_downloads=True,
                                           locale="en-US")  # fmt: skip
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.failed: dict[str, str] = {}
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failed.__setitem__(r.url, r.failure or ""))
        self.dialogs: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def go(self, path: str):
        return self.page.goto(self.web.url + path)

    def login(self, role: str, password: str = PASSWORD):
        self.go("/login")
        self.page.fill("input[name=username]", role)
        self.page.fill("input[name=password]", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_load_state()
        return self

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)

    def not_pwned(self, scripts: bool = True) -> None:
        """No payload ran: `window.__pwned` is unset in the page, no script anywhere (a sandboxed frame included,
        where nothing can be asked) tried to fetch the probe, no dialog opened, and nothing outside the app was
        fetched: what a capture asks for elsewhere is blocked by its CSP before it leaves the browser.
        `scripts=False` for a page that runs no script at all (a capture opened on its own), which Playwright
        cannot evaluate in."""
        if scripts:
            assert self.page.evaluate(PWNED) == "undefined", self.page.url
        assert not [u for u in self.requests if "__pwned" in u], self.requests
        assert not self.dialogs
        self.page.wait_for_timeout(200)  # let blocked requests report their failure
        outside = [u for u in self.requests if not u.startswith((self.web.url, "data:", "about:"))]
        for url in outside:
            reason = self.failed.get(url, "")
            assert reason == "csp" or "BLOCKED_BY_CSP" in reason, (url, reason)

    def close(self):
        self.context.close()


@pytest.fixture
def tab(browser, web):  # noqa: F811
    t = Tab(browser, web)
    yield t
    t.close()


def test_login_page_and_a_failed_login(tab):
    tab.go("/search")
    assert tab.page.url.startswith(tab.web.url + "/login")
    tab.shot("login")
    tab.login("analyst", "not the password")
    assert "Wrong user name or password." in tab.page.inner_text(".flash")
    tab.login("analyst")
    assert tab.page.url.endswith("/search")


def test_search_open_a_document_and_label_it(tab, web):  # noqa: F811
    tab.login("analyst")
    tab.page.fill("#q", "мефедрон")
    tab.page.press("#q", "Enter")
    tab.page.wait_for_selector("#hit-count")
    assert int(tab.page.inner_text("#hit-count").split()[0]) >= 3
    assert tab.page.locator(".snippet mark").count() > 0
    tab.page.fill("#q", "мефедрон OR mephedrone")
    tab.page.press("#q", "Enter")
    tab.page.wait_for_selector("#hit-count")
    tab.shot("search")
    tab.page.locator("ol.hits .title").first.click()
    tab.page.wait_for_selector("#doc-title")
    assert tab.page.locator("#doc-text mark.x").count() + tab.page.locator("#doc-text a.ent").count() > 0
    doc_id = tab.page.url.rsplit("/", 1)[1]
    tab.shot("document")
    tab.page.click("#label-1")
    tab.page.wait_for_selector(".flash")
    assert "Label saved: Trafficking." in tab.page.inner_text(".flash")
    assert tab.page.inner_text("#stored-label") == "Trafficking"
    from classifier.labels import text_hash
    from search.documents import get_document

    doc = get_document(web.es, web.alias, doc_id)
    key = text_hash(f"{doc['title']}\n{doc['text']}")
    assert stored_labels(web.es, labels_alias(web.alias), [key]) == {key: 1}
    tab.not_pwned()


def test_payload_never_runs_in_any_page(tab, web):  # noqa: F811
    tab.login("investigator")
    tab.go("/search?q=pwnedshop")
    tab.page.wait_for_selector("#hit-count")
    assert "<script>window.__pwned=1</script>" in tab.page.inner_text("ol.hits")  # shown as text
    tab.not_pwned()
    tab.go(f"/doc/{PAYLOAD_ID}")
    tab.page.wait_for_selector("#capture-frame")
    tab.page.wait_for_load_state("load")
    assert "<script>window.__pwned=1</script>" in tab.page.inner_text("#doc-title")
    text = tab.page.inner_text("#doc-text")
    assert '<img src=x onerror="window.__pwned=1">' in text and 'href="javascript:window.__pwned=1"' in text
    assert tab.page.locator("#doc-text a[href^='javascript']").count() == 0
    assert any(u.endswith(f"/evidence/{web.payload_sha}/frame") for u in tab.requests)  # rendered, inert
    tab.not_pwned()
    tab.page.click("#evidence-text")
    tab.page.wait_for_selector("#raw-text")
    assert "<script>window.__pwned=1; new Image()" in tab.page.inner_text("#raw-text")
    tab.not_pwned()
    tab.go(f"/doc/{PAYLOAD_ID}")
    assert tab.page.get_attribute("#capture-frame", "sandbox") == ""  # no allow-scripts, no allow-same-origin
    tab.go(f"/evidence/{web.payload_sha}/frame")  # even opened on its own, the capture runs nothing
    tab.page.wait_for_load_state("load")
    tab.not_pwned(scripts=False)
    tab.go("/entity?spec=handle:pwned_shop")
    tab.page.wait_for_selector("#entity-title")
    assert "<script>window.__pwned=1</script>" in tab.page.inner_text("ol.hits")
    tab.not_pwned()


def test_entity_page_timeline_and_graph(tab):
    tab.login("investigator")
    tab.go("/entity?spec=phone:" + PHONE.replace("+", "%2B"))
    tab.page.wait_for_selector("#entity-title")
    tab.page.wait_for_selector("#graph circle")  # drawn by our own script, allowed by the CSP
    assert tab.page.locator("#graph circle").count() >= 3
    assert tab.page.locator("svg.chart rect.bar").count() >= 1
    tab.shot("entity")
    tab.page.locator("#graph a").nth(1).click()  # a node is a pivot to its own entity page
    tab.page.wait_for_selector("#entity-title")
    assert tab.page.url != tab.web.url + "/entity?spec=phone:" + PHONE
    tab.not_pwned()


def test_each_role_sees_what_it_may(browser, web):  # noqa: F811
    anon = Tab(browser, web)
    for path in ("/dashboard", "/analyst", "/admin", f"/doc/{PAYLOAD_ID}", f"/evidence/{web.payload_sha}/frame"):
        anon.go(path)
        assert anon.page.url.startswith(web.url + "/login"), path
    anon.close()
    inv = Tab(browser, web).login("investigator")
    nav = inv.page.inner_text("header nav")
    assert "Search" in nav and "Alerts" in nav and "Analyst" not in nav and "Operator" not in nav and "Admin" not in nav
    inv.go(f"/doc/{PAYLOAD_ID}")
    assert inv.page.locator("#label-1").count() == 0  # no label buttons for investigators
    for path in ("/analyst", "/operator", "/admin"):
        response = inv.go(path)
        assert response.status == 403 and "Your role may not open this page." in inv.page.inner_text("main")
    inv.close()
    op = Tab(browser, web).login("operator")
    assert op.go("/operator").status == 200 and op.page.locator("#sources").count() == 1
    assert op.go("/admin").status == 403
    op.close()
    adm = Tab(browser, web).login("admin")
    nav = adm.page.inner_text("header nav")
    assert "Analyst" in nav and "Operator" in nav and "Admin" in nav
    adm.go("/admin")
    assert adm.page.locator("#audit tr").count() > 5
    adm.close()


def test_watchlist_run_raises_an_alert(tab):
    tab.login("investigator")
    tab.go("/alerts")
    tab.page.fill("input[name=name]", "mef-watch")
    tab.page.fill("input[name=query]", "мефедрон OR mephedrone")
    tab.page.click("form.row button")
    tab.page.wait_for_selector(".flash")
    assert "watchlist mef-watch added" in tab.page.inner_text(".flash")
    tab.page.click("#run-watchlists")
    tab.page.wait_for_selector("#alerts-table")
    assert "mef-watch:" in tab.page.inner_text(".flash") and "new" in tab.page.inner_text(".flash")
    badge = int(tab.page.inner_text("#alert-badge"))
    assert badge >= 3
    assert tab.page.locator("#alerts-table tr.state-new").count() == badge
    tab.shot("alerts")
    tab.page.locator("#alerts-table input[type=checkbox]").first.check()
    tab.page.click("#ack")
    tab.page.wait_for_selector(".flash")
    assert int(tab.page.inner_text("#alert-badge")) == badge - 1
    tab.not_pwned()


def test_export_a_case_bundle(tab, tmp_path):
    tab.login("investigator")
    tab.go("/search?q=" + "мефедрон")
    tab.page.wait_for_selector("#export-case")
    with tab.page.expect_download() as info:
        tab.page.click("#export-case")
    target = tmp_path / "case.zip"
    info.value.save_as(target)
    report = verify_zip_bundle(target)
    assert report.ok, report.summary()
    with zipfile.ZipFile(target) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        docs = [json.loads(line) for line in zf.read("documents.jsonl").decode().splitlines()]
    assert manifest["exported_by"] == "web:investigator" and manifest["query"] == "мефедрон"
    assert len(docs) >= 3 and any(f["path"].startswith("captures/") for f in manifest["files"])
    with tab.page.expect_download() as info:
        tab.page.click("#export-csv")
    csv_path = tmp_path / "hits.csv"
    info.value.save_as(csv_path)
    assert csv_path.read_text(encoding="utf-8").startswith("id,")


def test_dashboard_and_analyst_pages(tab, web):  # noqa: F811
    tab.login("admin")
    tab.go("/dashboard")
    assert int(tab.page.inner_text("#total-docs")) == 31
    assert tab.page.locator("svg.chart rect.bar").count() >= 4
    tab.shot("dashboard")
    tab.go("/analyst")
    assert tab.page.locator("#models tr").count() == 3 and tab.page.locator("#queue tr").count() > 1
    tab.shot("analyst")
    tab.go(f"/analyst/models/{web.versions[0]}")
    assert tab.page.locator("#pr-curve polyline").count() == 1
    tab.go("/lang?set=ru&next=/dashboard")
    assert "Сводка" in tab.page.inner_text("h1")
    tab.not_pwned()
