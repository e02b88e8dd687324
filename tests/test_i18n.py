"""The interface translations (web/i18n.py, the gettext catalogues in web/locale/): every message the templates and
web/*.py use is in the English, Russian and Uzbek catalogues, translated (not empty, not fuzzy), with all its
plural forms and the same placeholders; no catalogue keeps a message nothing uses; flash messages and error texts
go through gettext; and pages, flash messages and error pages come out translated through the app itself."""

from __future__ import annotations

import ast
import re
import uuid
from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from web import i18n

WEB = Path(i18n.__file__).resolve().parent
LANGS = tuple(i18n.LANGS)
PLURAL_FORMS = {"en": 2, "ru": 3, "uz": 2}  # CLDR, as Babel's locale data has them (uz: one, other)


def extracted() -> dict[tuple[str | None, str], str | tuple[str, ...]]:
    """(context, msgid) -> msgid (a tuple for a plural) of every message in web/, found as `pybabel extract` finds
    them: the mapping of web/babel.cfg, Babel's default keywords (_, gettext, ngettext, pgettext, N_ ...)."""
    with open(i18n.MAPPING, encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh, str(i18n.MAPPING))
    found = {}
    for _file, _line, message, _comments, context in extract_from_dir(
        str(WEB), method_map, options_map, keywords=DEFAULT_KEYWORDS
    ):
        key = message[0] if isinstance(message, tuple) else message
        found[(context, key)] = message
    return found


@pytest.fixture(scope="module")
def messages():
    found = extracted()
    assert len(found) > 200, "the extraction found hardly anything: is web/babel.cfg right?"
    return found


@pytest.fixture(scope="module")
def catalogues():
    return {lang: i18n.read_catalogue(lang) for lang in LANGS}


def entries(catalog) -> dict:
    return {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id): m for m in catalog if m.id}


def test_every_message_is_in_every_catalogue_translated(messages, catalogues):
    for lang, catalog in catalogues.items():
        present = entries(catalog)
        missing = sorted(str(k) for k in messages.keys() - present.keys())
        assert not missing, f"{lang}: not in the catalogue (run `python -m web.i18n`, then translate): {missing}"
        untranslated = []
        for key, message in present.items():
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                untranslated.append(str(key))
            if isinstance(messages.get(key), tuple) != isinstance(message.id, tuple) or (
                isinstance(message.id, tuple) and tuple(message.id) != messages[key]
            ):
                untranslated.append(f"{key}: singular/plural ids differ from the code's")
        assert not untranslated, f"{lang}: empty, fuzzy or stale entries: {untranslated}"


def test_no_catalogue_keeps_a_message_nothing_uses(messages, catalogues):
    template = entries(read_po(open(i18n.TEMPLATE, "rb")))
    assert template.keys() == messages.keys(), "web/locale/messages.pot is stale: run `python -m web.i18n`"
    for lang, catalog in catalogues.items():
        unused = sorted(str(k) for k in entries(catalog).keys() - messages.keys())
        assert not unused, f"{lang}: messages no template or module uses (run `python -m web.i18n`): {unused}"
        assert not catalog.obsolete, f"{lang}: obsolete (#~) entries: {list(catalog.obsolete)}"


def test_plural_forms(catalogues):
    for lang, catalog in catalogues.items():
        assert catalog.num_plurals == PLURAL_FORMS[lang] == get_plural(lang).num_plurals, lang
        assert catalog.plural_expr == get_plural(lang).plural_expr, f"{lang}: Plural-Forms differs from CLDR's"
        plurals = [m for m in catalog if m.id and isinstance(m.id, tuple)]
        assert plurals, "no plural message at all"
        short = [m.id[0] for m in plurals if len(m.string) != catalog.num_plurals or not all(m.string)]
        assert not short, f"{lang}: plural messages without all {catalog.num_plurals} forms: {short}"
    # and the forms are chosen as the language wants them
    forms = i18n.Translator("ru")
    shown = {n: forms.ngettext("%(count)s document", "%(count)s documents", n, count=n) for n in (1, 3, 5, 11, 21, 22)}
    assert shown == {1: "1 документ", 3: "3 документа", 5: "5 документов", 11: "11 документов", 21: "21 документ",
                     22: "22 документа"}  # fmt: skip
    uz = i18n.Translator("uz")
    assert uz.ngettext("%(count)s document", "%(count)s documents", 5, count=5) == "5 ta hujjat"
    en = i18n.Translator("en")
    assert [en.ngettext("%(count)s document", "%(count)s documents", n, count=n) for n in (1, 2)] == [
        "1 document", "2 documents"]  # fmt: skip


_SPEC = re.compile(r"%(?:\((\w+)\))?[#0\- +]*(?:\d+|\*)?(?:\.\d+)?([a-zA-Z%])")


def placeholders(text: str) -> set[str]:
    return {f"{name}:{conv}" for name, conv in _SPEC.findall(text) if conv != "%"}


def test_placeholders_are_the_same_in_every_translation(catalogues):
    wrong = []
    for lang, catalog in catalogues.items():
        for m in catalog:
            if not m.id:
                continue
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            wanted = set().union(*(placeholders(i) for i in ids))
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            for text in [*ids, *strings]:
                if text and placeholders(text) != wanted:
                    wrong.append(f"{lang}: {text!r} has {sorted(placeholders(text))}, the id {sorted(wanted)}")
                try:
                    text % defaultdict(lambda: 1)  # messages are always formatted: a stray % fails here, not live
                except (ValueError, TypeError) as exc:
                    wrong.append(f"{lang}: {text!r}: {exc} (a literal % is %%)")
    assert not wrong, "\n".join(wrong)


# ------------------------------------------------------------------------------------------- the code's messages

TRANSLATING = {"_": 1, "gettext": 1, "N_": 1, "ngettext": 2, "pgettext": 2, "npgettext": 3}
# calls whose message must be translated: name -> (position of the message, keyword)
MESSAGE_ARGS = {
    "redirect": [(2, "message")],
    "flash": [(2, "message")],
    "_login_page": [(2, "error")],
    "render": [(None, "message"), (None, "error")],
}
DEFERRED_ERRORS = ("HTTPException", "QueryError")  # raised by routes: N_(...), translated on the error page
ROUTE_MODULES = ("work.py", "pages.py", "auth.py")  # api.py answers JSON: its errors stay English


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


class MessageCheck:
    """Whether an expression is a translated message, followed through local variables, `or`, `x if c else y`,
    "; ".join(<translated> for ...), and helper functions of the module whose every return is translated.
    `str(exc)` (a lower layer's own text) and `tr.resolve(...)` (a Deferred, translated) pass too."""

    def __init__(self, tree: ast.Module):
        self.functions = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        self.checking: set[str] = set()

    def ok(self, node: ast.expr, fn) -> bool:
        if isinstance(node, ast.Constant):
            return node.value is None
        if isinstance(node, ast.BoolOp):
            return all(self.ok(v, fn) for v in node.values)
        if isinstance(node, ast.IfExp):
            return self.ok(node.body, fn) and self.ok(node.orelse, fn)
        if isinstance(node, ast.Name):
            return self._variable(node.id, fn)
        if isinstance(node, ast.Call):
            return self._call(node, fn)
        return False  # f-strings, concatenation, %, .format(), subscripts ...

    def _call(self, node: ast.Call, fn) -> bool:
        name = _name(node.func)
        if name in TRANSLATING:
            literal = node.args[: TRANSLATING[name]]
            return len(literal) == TRANSLATING[name] and all(
                isinstance(a, ast.Constant) and isinstance(a.value, str) for a in literal
            )
        if name == "str" and len(node.args) == 1 and isinstance(node.args[0], ast.Name):
            return True  # str(exc)
        if name == "resolve":
            return True
        if name == "join" and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Constant):
            (arg,) = node.args
            elts = [arg.elt] if isinstance(arg, ast.GeneratorExp | ast.ListComp) else getattr(arg, "elts", None)
            return elts is not None and all(self.ok(e, fn) for e in elts)
        helper = self.functions.get(name) if isinstance(node.func, ast.Name) else None
        if helper is not None and name not in self.checking:
            self.checking.add(name)
            try:
                returns = [r.value for r in ast.walk(helper) if isinstance(r, ast.Return)]
                return bool(returns) and all(r is not None and self.ok(r, helper) for r in returns)
            finally:
                self.checking.discard(name)
        return False

    def _variable(self, name: str, fn) -> bool:
        if fn is None:
            return False
        if fn.name in MESSAGE_ARGS and name in {a.arg for a in fn.args.args + fn.args.kwonlyargs}:
            return True  # a message parameter of a checked function: its callers are checked
        values = []
        for node in ast.walk(fn):
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name) and target.id == name:
                        values.append(node.value)
                    elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                        values += [v for t, v in zip(target.elts, node.value.elts, strict=True)
                                   if isinstance(t, ast.Name) and t.id == name]  # fmt: skip
                    elif isinstance(target, ast.Tuple) and any(
                        isinstance(t, ast.Name) and t.id == name for t in target.elts
                    ):
                        return False  # unpacked from something the check cannot follow
        return bool(values) and all(v is not None and self.ok(v, fn) for v in values)


def untranslated_messages(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    check = MessageCheck(tree)
    found = []

    def visit(node, fn):
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else fn
            if isinstance(child, ast.Call):
                name = _name(child.func)
                args = []
                for position, keyword in MESSAGE_ARGS.get(name, ()):
                    if position is not None and len(child.args) > position:
                        args.append(child.args[position])
                    args += [k.value for k in child.keywords if k.arg == keyword]
                if name in DEFERRED_ERRORS and path.name in ROUTE_MODULES:
                    detail = child.args[1:2] if name == "HTTPException" else child.args[:1]
                    if not detail or not (isinstance(detail[0], ast.Call) and _name(detail[0].func) == "N_"):
                        found.append(f"{path.name}:{child.lineno} {name}(...) without N_(...)")
                for arg in args:
                    if not check.ok(arg, fn):
                        found.append(f"{path.name}:{child.lineno} {name}(...): {ast.unparse(arg)[:80]}")
            visit(child, inner)

    visit(tree, None)
    return found


def test_flash_messages_and_errors_go_through_gettext(tmp_path):
    found = [line for path in sorted(WEB.glob("*.py")) for line in untranslated_messages(path)]
    assert not found, "messages shown to the user without gettext:\n" + "\n".join(found)
    # the check itself catches what it must
    bad = tmp_path / "_i18n_probe.py"
    bad.write_text(
        "def f(request, v, wl, exc, results):\n"
        "    redirect(request, '/a', f'watchlist {wl.name} added')\n"
        "    redirect(request, '/a', 'done')\n"
        "    msg = 'x' + wl.name\n"
        "    redirect(request, '/a', msg)\n"
        "    redirect(request, '/a', '; '.join(r.name for r in results))\n"
        "    redirect(request, '/a', str(exc), 'error')\n"
        "    redirect(request, '/a', v.tr.gettext('watchlist %(name)s added', name=wl.name))\n"
        "    redirect(request, '/a', v.tr.ngettext('%(num)d x', '%(num)d xs', 2))\n"
    )
    assert [line.split(" ", 1)[0] for line in untranslated_messages(bad)] == [
        "_i18n_probe.py:2", "_i18n_probe.py:3", "_i18n_probe.py:5", "_i18n_probe.py:6"]  # fmt: skip


def test_translator_falls_back_to_english_and_pick_keeps_its_order():
    ru = i18n.Translator("ru")
    assert ru.gettext("Done.") == "Готово."
    assert ru.gettext("a message no catalogue has, %(x)s", x=1) == "a message no catalogue has, 1"
    assert i18n.Translator("xx").lang == "en"
    deferred = i18n.N_("watchlist %(name)s added", name="w")
    assert deferred == "watchlist w added" and ru.resolve(deferred) == "список наблюдения w добавлен"
    assert ru.resolve("plain text") == "plain text"
    assert i18n.pick("uz", "ru-RU,ru;q=0.9") == "uz"  # the cookie first
    assert i18n.pick(None, "de-DE,ru;q=0.8,en;q=0.5") == "ru"  # then the first known of Accept-Language
    assert i18n.pick("fr", "de") == "en"


def test_templates_escape_translations_and_values():
    from web.render import environment

    env = environment("ru")
    html = env.from_string("<i title=\"{{ _('Label saved: %(label)s.', label='<b>\"') }}\">").render()
    assert html == '<i title="Метка сохранена: &lt;b&gt;&#34;.">'
    # a translation is text: quotes in it cannot end an attribute
    placeholder = env.from_string("{{ _('Words, \"phrases\", mef*, OR, NOT, phone:, handle:, wallet:, substance:, "
                                  "score:>0.8, date:…') }}").render()  # fmt: skip
    assert '"' not in placeholder and "&#34;фразы&#34;" in placeholder


# ------------------------------------------------------------------------------------------- through the app

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def app_client(es_url, tmp_path_factory):
    """The app on its own index alias with one investigator, through FastAPI's TestClient (no server, no
    browser)."""
    from elasticsearch import Elasticsearch
    from fastapi.testclient import TestClient

    import config as configuration
    from search import users
    from web.app import create_app
    from web.settings import WebSettings

    home = tmp_path_factory.mktemp("i18n-home")
    base = f"imt-i18n-{uuid.uuid4().hex[:8]}"
    cfg = configuration.load({"IMT_HOME": str(home), "IMT_INDEX": f"{base}-docs", "IMT_ES_URL": es_url})
    es = Elasticsearch(es_url, request_timeout=60)
    users.add(es, cfg.index, "reader", PASSWORD, "investigator", who="test")
    app = create_app(cfg, WebSettings(secret=b"i18n-test-secret-" * 3))
    try:
        yield lambda: TestClient(app)
    finally:
        for index in es.indices.get(index=f"{base}-*"):
            es.indices.delete(index=index)


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def test_pages_flash_messages_and_errors_come_out_translated(app_client):
    anon = app_client()
    page = anon.get("/login", headers={"accept-language": "ru-RU,ru;q=0.9"})
    assert 'lang="ru"' in page.text and "Войти" in page.text and "Имя пользователя" in page.text
    anon.cookies.set("imt_lang", "uz")
    page = anon.get("/login")
    assert 'lang="uz"' in page.text and "Foydalanuvchi nomi" in page.text
    r = anon.post("/login", data={"username": "reader", "password": "wrong password!", "csrf": _csrf(page.text)})
    assert r.status_code == 401 and "Foydalanuvchi nomi yoki parol notoʻgʻri." in r.text

    c = app_client()
    r = c.post("/login", data={"username": "reader", "password": PASSWORD, "csrf": _csrf(c.get("/login").text)},
               follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    c.get("/lang", params={"set": "ru", "next": "/alerts"})
    page = c.get("/alerts")
    assert "Списки наблюдения" in page.text and "Добавить список наблюдения" in page.text
    token = c.get("/api/session").json()["csrf"]
    page = c.post("/watchlists", data={"csrf": token, "name": "i18n-watch", "query": "mef*"})
    assert 'class="flash ok"' in page.text and "список наблюдения i18n-watch добавлен" in page.text
    c.get("/lang", params={"set": "uz", "next": "/alerts"})
    page = c.post("/watchlists/i18n-watch/remove", data={"csrf": token})
    assert "i18n-watch kuzatuv roʻyxati oʻchirildi" in page.text and "Ogohlantirishlar" in page.text
    # error pages: a role refused, an error raised with N_(...) (translated here, English in the JSON API)
    r = c.get("/admin")
    assert r.status_code == 403 and "Rolingiz bu sahifani ochishga ruxsat bermaydi." in r.text
    r = c.post("/alerts/state", data={"csrf": token, "do": "explode"})
    assert r.status_code == 400 and "ogohlantirish uchun nomaʼlum amal" in r.text
    c.get("/lang", params={"set": "en", "next": "/alerts"})
    r = c.post("/alerts/state", data={"csrf": token, "do": "explode"})
    assert r.status_code == 400 and "unknown alert action" in r.text
