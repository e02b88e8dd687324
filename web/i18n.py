"""Interface strings in English, Russian and Uzbek (Latin script), from the gettext catalogues in web/locale/.

Only the interface is translated: documents, queries and entity values are shown as they are.

The message ids are the English source strings (gettext's usual practice), not keys: a template reads as the page
it renders (`{{ _('Log out') }}`, `{% trans count=n %}{{ count }} document{% pluralize %}...`), plurals need a
singular and a plural id (`ngettext`), and a translator sees in the .po file the very sentence to translate. The
English catalogue (web/locale/en) repeats every id as its msgstr, so that English wording can be corrected there
too and a test can tell a missing entry from a present one. Where one English word needs two translations, the id
carries a context (`pgettext('button', 'Search')`).

Messages are %-format strings with named placeholders (`%(name)s`), always formatted (a literal % is %%), in the
templates (jinja2.ext.i18n, newstyle) and in Python alike:

    tr = Translator(lang)
    tr.gettext("watchlist %(name)s added", name=wl.name)
    tr.ngettext("%(num)d document", "%(num)d documents", n)          # num is n unless given

An error raised where no language is known (an HTTPException or QueryError of a route) carries `N_(...)`: a str
with the English text (what the JSON API and the logs show) that the HTML error page translates (`resolve`).

No build step: the .po files are read at start-up (babel.messages.pofile.read_po), compiled in memory and kept per
language. An entry missing, empty or fuzzy in Russian or Uzbek falls back to English. The translator's workflow
(pybabel extract / update, or `python -m web.i18n`) is in docs/web.md; tests/test_i18n.py checks the catalogues.
"""

from __future__ import annotations

import functools
import gettext as gettext_module
import os
from io import BytesIO
from pathlib import Path

from markupsafe import Markup, escape

LANGS = {"en": "English", "ru": "Русский", "uz": "Oʻzbekcha"}  # uz: Uzbek in the Latin script (uz-Latn)
DEFAULT = "en"
DOMAIN = "messages"
WEB = Path(__file__).resolve().parent
LOCALE = WEB / "locale"
TEMPLATE = LOCALE / f"{DOMAIN}.pot"
MAPPING = WEB / "babel.cfg"


def pick(cookie: str | None, accept_language: str | None = None) -> str:
    """The interface language: the language cookie's, else the first of Accept-Language we have, else English."""
    if cookie in LANGS:
        return cookie
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGS:
            return code
    return DEFAULT


def catalogue_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(lang: str):
    """The babel Catalog of one language, as its .po file says."""
    from babel.messages.pofile import read_po

    with open(catalogue_path(lang), "rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


@functools.cache
def translations(lang: str) -> gettext_module.GNUTranslations:
    """The compiled translations of a language (fuzzy and empty entries left out: they fall back to English)."""
    from babel.messages.mofile import write_mo

    if lang not in LANGS:
        lang = DEFAULT
    compiled = BytesIO()
    write_mo(compiled, read_catalogue(lang))
    compiled.seek(0)
    result = gettext_module.GNUTranslations(compiled)
    if lang != DEFAULT:
        result.add_fallback(translations(DEFAULT))
    return result


class Deferred(str):
    """A message translated where it is shown (see N_): the English text, plus the id and the values."""

    message: str
    values: dict

    def __new__(cls, message: str, values: dict) -> Deferred:
        text = super().__new__(cls, message % values)
        text.message, text.values = message, values
        return text


def N_(message: str, /, **values) -> Deferred:  # noqa: N802 (gettext's name for a marked, not yet translated text)
    """Mark a message for the catalogues and translate it later (Translator.resolve); until then it is the English
    text, formatted with `values`."""
    return Deferred(message, values)


class Translator:
    """gettext for Python code in one language (the viewer's): the message with its placeholders filled."""

    def __init__(self, lang: str):
        self.lang = lang if lang in LANGS else DEFAULT
        self._t = translations(self.lang)

    def gettext(self, message: str, /, **values) -> str:
        return self._t.gettext(message) % values

    def ngettext(self, singular: str, plural: str, n: int, /, **values) -> str:
        values.setdefault("num", n)
        return self._t.ngettext(singular, plural, n) % values

    def pgettext(self, context: str, message: str, /, **values) -> str:
        return self._t.pgettext(context, message) % values

    def resolve(self, text) -> str:
        """An error's text in this language: a Deferred (N_) translated, anything else as it is."""
        if isinstance(text, Deferred):
            return self.gettext(text.message, **text.values)
        return str(text)


def install(env, lang: str) -> None:
    """jinja2.ext.i18n in `env` (one environment per language: no state shared between requests in different
    languages), newstyle: `_('... %(name)s', name=x)` formats and escapes. A translation is text, never markup:
    it is escaped before the values go in, so a quote in a translation is safe in an attribute too."""
    t = translations(lang)

    def text(translated: str) -> Markup:
        return escape(translated)

    env.install_gettext_callables(
        gettext=lambda message: text(t.gettext(message)),
        ngettext=lambda singular, plural, n: text(t.ngettext(singular, plural, n)),
        pgettext=lambda context, message: text(t.pgettext(context, message)),
        npgettext=lambda context, singular, plural, n: text(t.npgettext(context, singular, plural, n)),
        newstyle=True,
    )


def update_catalogues() -> None:
    """The translator's one command (`python -m web.i18n`): extract the messages of web/ into messages.pot, merge
    them into each language's .po (obsolete entries dropped, near matches marked fuzzy), and fill the English
    catalogue's new entries with their id. Then translate what is empty or fuzzy in ru and uz."""
    from babel.messages.frontend import CommandLineInterface
    from babel.messages.pofile import write_po

    os.chdir(WEB.parent)  # the files' locations in the catalogues read web/...
    cli = CommandLineInterface()
    cli.run(["pybabel", "-q", "extract", "-F", str(MAPPING), "--project", "IMT Monitor", "--version", "1",
             "--copyright-holder", "the IMT Monitor authors", "--add-comments", "TRANSLATORS:", "-o", str(TEMPLATE),
             "web"])  # fmt: skip
    for lang in LANGS:
        cli.run(["pybabel", "-q", "update", "-i", str(TEMPLATE), "-d", str(LOCALE), "-l", lang, "--ignore-obsolete"])
    catalog = read_catalogue(DEFAULT)
    for message in catalog:
        if message.id and (not message.string or message.fuzzy):
            message.string = message.id
            message.flags.discard("fuzzy")
    with open(catalogue_path(DEFAULT), "wb") as fh:
        write_po(fh, catalog, ignore_obsolete=True)


if __name__ == "__main__":
    update_catalogues()
