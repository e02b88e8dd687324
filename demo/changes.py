"""Change over time: the demo internet as it looks on day N.

Day 0 is the reference site (what every other module describes).  On each day
k >= 1, deterministically from the seed:

* market listings: of the listings still up, about 10 % change their price (the
  ``span.price`` of the listing page, the price in category and vendor lists,
  ``document_text``) and about 5 % disappear (404; category, vendor and home
  lists drop them without re-paginating).  Everything else about a listing stays
  byte-identical.  The known listing (``KNOWN_LISTING_PATH``) never disappears.
* Telegram: every channel gets ``NEW_POSTS_PER_DAY`` (3) new posts with higher
  ids, dated after the last day-0 post; older posts are unchanged.

``changed_on_day(d)`` and ``gone_on_day(d)`` compare day ``d`` with day ``d-1``;
``gone_by_day(d)`` is every listing that is 404 on day ``d``; ``new_on_day(d)``
are the Telegram posts added on day ``d``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .channels import CHANNEL_NAMES
from .layout import Layout
from .rand import rng_for
from .sitedata import KNOWN_LISTING_ID, site_layout

NEW_POSTS_PER_DAY = 3
P_GONE = 0.05
P_CHANGE = 0.10
FACTORS = (0.8, 0.85, 0.9, 0.95, 1.05, 1.1, 1.15, 1.25)


def _event(seed, day, i):
    """(kind, factor) of listing i on day ``day``: ("gone"|"price"|None, factor)."""
    rng = rng_for(seed, "day-event", day, i)
    r = rng.random()
    if r < P_GONE:
        return "gone", None
    if r < P_GONE + P_CHANGE:
        return "price", rng.choice(FACTORS)
    return None, None


# ----------------------------------------------------------------------------- prices

_BTC = re.compile(r"\d+\.\d+")
_MLN = re.compile(r"\d+(?:[.,]\d)?")
_INT = re.compile(r"\d{1,3}(?:([ .,])\d{3})+(?!\d)|\d+")


def shift_price(text: str, factor: float) -> str:
    """The price ``text`` with its amount multiplied by ``factor``, in the same format; never equal to ``text``."""
    low = text.lower()
    if "btc" in low or "₿" in text:
        m = _BTC.search(text)
        if m:
            s = m.group(0)
            dec = len(s.split(".")[1])
            old = float(s)
            new = round(old * factor, dec)
            if new == old:
                new = old + 10**-dec
            return text[: m.start()] + f"{new:.{dec}f}" + text[m.end() :]
    if "mln" in low or "млн" in low:
        m = _MLN.search(text)
        if m:
            s = m.group(0)
            comma = "," if "," in s or ("." not in s and re.search("[а-яё]", low)) else "."
            old = float(s.replace(",", "."))
            new = round(old * factor, 1)
            if new == old:
                new = round(old + 0.1, 1)
            out = f"{new:.1f}".rstrip("0").rstrip(".").replace(".", comma)
            return text[: m.start()] + out + text[m.end() :]
    m = _INT.search(text)
    if not m:
        return text + "*"
    s = m.group(0)
    sep = m.group(1)
    old = int(re.sub(r"\D", "", s))
    if old >= 10000:
        step = 5000 if old < 200_000 else 10000
        new = max(step, round(old * factor / step) * step)
    else:
        step = 1
        new = max(1, round(old * factor))
    if new == old:
        new = old + step if factor >= 1 else max(1, old - step)
    if new == old:
        new = old + step
    out = f"{new:,}".replace(",", sep) if sep is not None else str(new)
    return text[: m.start()] + out + text[m.end() :]


# ----------------------------------------------------------------------------- the state of one day


class DayState:
    """Which listings are gone and how each price moved, for days 1..day."""

    def __init__(self, lay: Layout, seed, day: int):
        self.day = day
        self.gone_day = {}  # listing -> day it disappeared
        self.factors = {}  # listing -> [(day, factor), ...]
        for i in range(1, lay.n_items + 1):
            for k in range(1, day + 1):
                kind, factor = _event(seed, k, i)
                if kind == "gone" and i != KNOWN_LISTING_ID:
                    self.gone_day[i] = k
                    break
                if kind == "price":
                    self.factors.setdefault(i, []).append((k, factor))

    def gone(self, i: int, day: int | None = None) -> bool:
        d = self.gone_day.get(i)
        return d is not None and d <= (self.day if day is None else day)

    def price_factors(self, i: int, day: int | None = None):
        day = self.day if day is None else day
        return [f for k, f in self.factors.get(i, ()) if k <= day]


@lru_cache(maxsize=32)
def _state(pages, seed, day) -> DayState:
    return DayState(site_layout(pages, seed), seed, day)


class DayView:
    """A :class:`demo.site.Site` as it looks on day ``day`` (>= 1): what differs is overridden,
    the rest is delegated to the site."""

    def __init__(self, site, day: int):
        self._site = site
        self.day = day
        self._state = _state(site.pages, site.seed, day)
        self._prices = {}

    def __getattr__(self, name):
        return getattr(self._site, name)

    def tg_count(self, ch: str) -> int:
        return self._site.tg_count(ch) + NEW_POSTS_PER_DAY * self.day

    def item_gone(self, i: int) -> bool:
        return self._state.gone(i)

    def item_price(self, i: int) -> str:
        try:
            return self._prices[i]
        except KeyError:
            pass
        price = self._site.item_doc(i)["price"]
        for f in self._state.price_factors(i):
            price = shift_price(price, f)
        self._prices[i] = price
        return price

    # the site's own code, run on this view (so that it sees the day's prices, gone listings and new posts)
    def document_text(self, path: str) -> str:
        return type(self._site).document_text(self, path)

    def _doc_key(self, path: str):
        return type(self._site)._doc_key(self, path)


@lru_cache(maxsize=32)
def day_view(site, day: int):
    return site if not day else DayView(site, day)


# ----------------------------------------------------------------------------- module API


def changed_on_day(day: int, pages=None, seed=0) -> set:
    """Listing paths whose price on ``day`` differs from ``day - 1`` (and that are still up)."""
    if day < 1:
        return set()
    st = _state(pages, seed, day)
    return {f"/market/item/{i}" for i, fs in st.factors.items() if fs and fs[-1][0] == day and not st.gone(i)}


def gone_on_day(day: int, pages=None, seed=0) -> set:
    """Listing paths that answer 404 on ``day`` but 200 on ``day - 1``."""
    if day < 1:
        return set()
    st = _state(pages, seed, day)
    return {f"/market/item/{i}" for i, d in st.gone_day.items() if d == day}


def gone_by_day(day: int, pages=None, seed=0) -> set:
    """Every listing path that answers 404 on ``day``."""
    if day < 1:
        return set()
    st = _state(pages, seed, day)
    return {f"/market/item/{i}" for i in st.gone_day}


def new_on_day(day: int, pages=None, seed=0) -> set:
    """Telegram single-post paths added on ``day`` (NEW_POSTS_PER_DAY per channel)."""
    if day < 1:
        return set()
    lay = site_layout(pages, seed)
    out = set()
    for ch in CHANNEL_NAMES:
        n = lay.tg_counts[ch] + NEW_POSTS_PER_DAY * (day - 1)
        for idx in range(n, n + NEW_POSTS_PER_DAY):
            out.add(f"/t.me/{ch}/{Layout.post_id(idx)}")
    return out
