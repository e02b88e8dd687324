"""The parts of the clear-web demo site that its pages (:mod:`demo.render`) and its day views
(:mod:`demo.changes`) need as well as :mod:`demo.site`: the forum's boards, the shop's sections, the known
listing, URL arguments, and the layout of a site of a given size (which depends on how long the forum threads
are, so a thread's metadata is drawn here).  Nothing here imports :mod:`demo.site`, :mod:`demo.render` or
:mod:`demo.changes`.
"""

from __future__ import annotations

from functools import lru_cache

from .layout import PER_THREAD_PAGE, Layout, build, pages_of
from .rand import rng_for, weighted

KNOWN_LISTING_ID = 23  # the listing a test can count on (English, never gone on a later day)

FORUM_LANGS = {"ru": 40, "uz-latn": 30, "uz-cyrl": 15, "en": 15}

BOARDS = {
    "general": {
        "title": "General · Umumiy · Общее",
        "kinds": {"other": 6, "harm_reduction": 1, "forum_offer": 3},
    },
    "bazaar": {
        "title": "Bazaar · Bozor · Барахолка",
        "kinds": {"forum_offer": 5, "other": 3, "recruitment": 2},
    },
    "tashkent": {
        "title": "Tashkent · Toshkent · Ташкент",
        "kinds": {"other": 4, "forum_offer": 4, "harm_reduction": 1, "job": 1},
    },
    "health": {
        "title": "Health & recovery · Salomatlik · Здоровье",
        "kinds": {"harm_reduction": 8, "other": 1},
    },
    "jobs": {"title": "Jobs · Ish · Работа", "kinds": {"job": 6, "recruitment": 4}},
}
BOARD_ORDER = ["general", "tashkent", "bazaar", "jobs", "health"]

SHOP_SECTIONS = {
    "goods": {"title": "Goods · Tovarlar · Товары", "kind": "other"},
    "jobs": {"title": "Jobs · Ish · Работа", "kind": "job"},
    "pharmacy": {"title": "Licensed pharmacy · Dorixona · Аптека", "kind": "pharmacy"},
}

HTML_LANG = {"en": "en", "ru": "ru", "uz-latn": "uz-Latn", "uz-cyrl": "uz-Cyrl"}


class NotFound(Exception):
    pass


def int_arg(value, lo=1, hi=None, plus: bool = True) -> int:
    """The whole number ``value`` (a path segment or query value) in ``lo..hi``, written plainly (a leading + only
    when ``plus``: the onion and big market sites refuse it); else NotFound."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise NotFound() from None
    if n < lo or (hi is not None and n > hi) or str(n) != (str(value).lstrip("+") if plus else str(value)):
        raise NotFound()
    return n


def thread_meta(lay: Layout, seed, t: int) -> dict:
    """Board, kind, language and number of posts of forum thread ``t``."""
    board = lay.boards.label(t)
    rng = rng_for(seed, "thread", t)
    kind = weighted(rng, BOARDS[board]["kinds"])
    lang = weighted(rng, FORUM_LANGS)
    r = rng.random()
    if r < 0.35:
        n = rng.randint(1, 4)
    elif r < 0.8:
        n = rng.randint(5, 12)
    else:
        n = rng.randint(13, 30)
    if kind == "forum_offer":
        n = max(n, 2)
    elif kind in ("other", "job"):
        n = min(n, rng.randint(6, 11))
    elif kind == "harm_reduction":
        n = min(n, rng.randint(8, 16))
    return {"board": board, "kind": kind, "lang": lang, "n_posts": n}


def thread_pages_total(lay: Layout, seed) -> int:
    """How many pages all the forum threads of ``lay`` have."""
    return sum(pages_of(thread_meta(lay, seed, t)["n_posts"], PER_THREAD_PAGE) for t in range(1, lay.n_threads + 1))


@lru_cache(maxsize=8)
def site_layout(pages=None, seed=0) -> Layout:
    """The layout of the site with at least ``pages`` fetchable pages (shared by the site and its day views)."""
    return build(pages, seed, thread_pages=lambda lay: thread_pages_total(lay, seed))
