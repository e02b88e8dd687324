"""The demo internet: URL scheme, document metadata, rendering, ground truth.

URL scheme (one server, path prefixes)::

    /                               home, links to every site
    /robots.txt                     everything allowed except /private/
    /private/                       exists, but disallowed by robots.txt
    /market/                        market home (categories, featured)
    /market/c/<slug>[?page=N]       category listing, 10 per page
    /market/item/<id>               listing detail            (content doc)
    /market/vendor/<name>[?page=N]  vendor profile and listings, 20 per page
    /forum/                         board index
    /forum/b/<slug>[?page=N]        board, 20 threads per page
    /forum/t/<id>[?page=N]          thread, 10 posts per page  (content doc = page 1)
    /t.me/<channel>                 channel landing page
    /t.me/s/<channel>[?before=ID|?after=ID]  public preview, 20 messages, newest last
    /t.me/<channel>/<post_id>       one message                (content doc)
    /news/[?page=N]                 article list, newest first, 15 per page
    /news/a/<id>                    article                    (content doc)
    /shop/                          classifieds home
    /shop/c/<section>[?page=N]      goods | jobs | pharmacy, 15 per page
    /shop/ad/<id>                   ad                         (content doc)

Everything is generated on request from ``(seed, kind, id)``; nothing is stored.

Also served (see their modules): onion services by ``Host`` header
(:mod:`demo.onion`, re-exported here: ``ONION_HOSTS``, ``onion_ground_truth``),
``/traps/`` (:mod:`demo.traps`), ``/bigmarket/`` (:mod:`demo.bigmarket`,
``bigmarket_ground_truth``), and the site as it changes from day to day
(:mod:`demo.changes`: ``changed_on_day``, ``gone_on_day``, ``new_on_day``).

The pages are written by :mod:`demo.render`; the forum's boards, the shop's sections, a thread's metadata and
the layout of a site of a given size are in :mod:`demo.sitedata`, which the pages and the day views use too.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache

from . import html as H
from .bigmarket import bigmarket_ground_truth
from .changes import NEW_POSTS_PER_DAY, changed_on_day, day_view, gone_by_day, gone_on_day, new_on_day
from .channels import BY_NAME as CHANNEL_BY_NAME
from .channels import CHANNEL_NAMES, CHANNELS
from .gen import Ctx, apostrophe_style, vary_apostrophes
from .layout import (
    PER_BOARD_PAGE,
    PER_CATEGORY_PAGE,
    PER_NEWS_PAGE,
    PER_SHOP_PAGE,
    PER_TG_PAGE,
    PER_THREAD_PAGE,
    PER_VENDOR_PAGE,
    Layout,
    pages_of,
    total_fetchable,
)
from .onion import DOWN_ONIONS, LIVE_ONIONS, ONION_HOSTS, onion_ground_truth
from .rand import rng_for, weighted
from .sitedata import (
    BOARD_ORDER,
    KNOWN_LISTING_ID,
    SHOP_SECTIONS,
    NotFound,
    int_arg,
    site_layout,
    thread_meta,
    thread_pages_total,
)
from .text_market import CAT_BY_SLUG, CATEGORIES, KNOWN_LISTING
from .text_news import KNOWN_NEWS

LABEL1_KINDS = ("sale_ad", "shop_menu", "market_listing", "dead_drop", "recruitment", "forum_offer")
LABEL0_KINDS = ("news", "harm_reduction", "pharmacy", "job", "other_illicit", "other")
KINDS = LABEL1_KINDS + LABEL0_KINDS

KNOWN_LISTING_PATH = f"/market/item/{KNOWN_LISTING_ID}"
KNOWN_NEWS_ID = 7
KNOWN_NEWS_PATH = f"/news/a/{KNOWN_NEWS_ID}"

MARKET_LANGS = {"en": 45, "ru": 35, "uz-latn": 12, "uz-cyrl": 8}
NEWS_LANGS = {"ru": 30, "uz-latn": 30, "uz-cyrl": 20, "en": 20}
SHOP_LANGS = {"uz-latn": 35, "ru": 35, "uz-cyrl": 20, "en": 10}

END = _dt.datetime(2026, 10, 1, 12, 0, tzinfo=_dt.UTC)


def label_of(kind: str) -> int:
    return 1 if kind in LABEL1_KINDS else 0


def _memo(method):
    """Per-instance memo for document builders (bounded, thread-safe enough: values are immutable-ish)."""
    name = method.__name__

    def wrapper(self, *key):
        cache = self._memo.setdefault(name, {})
        try:
            return cache[key]
        except KeyError:
            pass
        value = method(self, *key)
        if len(cache) > 20000:
            cache.clear()
        cache[key] = value
        return value

    wrapper.__name__ = name
    wrapper.__doc__ = method.__doc__
    return wrapper


class Site:
    def __init__(self, pages=None, seed=0):
        self.seed = seed
        self.pages = pages
        self.lay: Layout = site_layout(pages, seed)
        self._vendor_names = None
        self._memo = {}

    # ------------------------------------------------------------------ meta
    def item_meta(self, i: int) -> dict:
        slug = self.lay.categories.label(i)
        cls = CAT_BY_SLUG[slug][3]
        rng = rng_for(self.seed, "item", i)
        lang = weighted(rng, MARKET_LANGS)
        if i == KNOWN_LISTING_ID:
            lang = "en"
        kind = "market_listing" if cls == "drug" else "other_illicit"
        return {"cat": slug, "cls": cls, "lang": lang, "kind": kind}

    def thread_meta(self, t: int) -> dict:
        return thread_meta(self.lay, self.seed, t)

    def tg_meta(self, ch: str, idx: int) -> dict:
        c = CHANNEL_BY_NAME[ch]
        pid = Layout.post_id(idx)
        rng = rng_for(self.seed, "tg", ch, pid)
        kind = weighted(rng, c["kinds"])
        lang = weighted(rng, c["langs"])
        fwd = None
        if c["group"] == "shop" and rng.random() < 0.12:
            others = [n for n in CHANNEL_NAMES if n != ch and CHANNEL_BY_NAME[n]["group"] == "shop"]
            fwd = rng.choice(others)
        elif c["group"] == "health" and rng.random() < 0.1:
            fwd = "uzinfo_news"
        return {"channel": ch, "post_id": pid, "kind": kind, "lang": lang, "forwarded": fwd}

    def news_meta(self, a: int) -> dict:
        rng = rng_for(self.seed, "news", a)
        lang = "en" if a == KNOWN_NEWS_ID else weighted(rng, NEWS_LANGS)
        return {"kind": "news", "lang": lang}

    def shop_meta(self, a: int) -> dict:
        section = self.lay.shop_sections.label(a)
        rng = rng_for(self.seed, "shop", a)
        return {"section": section, "kind": SHOP_SECTIONS[section]["kind"], "lang": weighted(rng, SHOP_LANGS)}

    # ---------------------------------------------------------------- documents
    def _ctx(self, lang, *key):
        return Ctx(rng_for(self.seed, *key), lang, seed=self.seed)

    def _uz(self, lang, key, *texts):
        """Vary Uzbek Latin apostrophes consistently over the texts of one document."""
        if lang != "uz-latn":
            return texts
        rng = rng_for(self.seed, "apos", *key)
        style = apostrophe_style(rng)
        return tuple(vary_apostrophes(t, rng, style) if isinstance(t, str) else t for t in texts)

    @_memo
    def item_doc(self, i: int) -> dict:
        meta = self.item_meta(i)
        if i == KNOWN_LISTING_ID:
            doc = dict(KNOWN_LISTING)
        else:
            ctx = self._ctx(meta["lang"], "item-text", i)
            if meta["cls"] == "drug":
                if ctx.chance(0.2):
                    ctx.obf = 0.35
                from .text_market import market_listing

                doc = market_listing(ctx, CAT_BY_SLUG[meta["cat"]][4])
            else:
                from .text_market import other_illicit

                doc = other_illicit(ctx, meta["cat"])
        title, ships, *paras = self._uz(meta["lang"], ("item", i), doc["title"], doc["ships"], *doc["paragraphs"])
        doc = dict(doc, title=title, ships=ships, paragraphs=list(paras))
        cls, v = self.lay.vendor_of(i)
        doc["vendor"] = self.vendor_name(cls, v)
        doc.update(meta)
        return doc

    @_memo
    def thread_doc(self, t: int) -> dict:
        meta = self.thread_meta(t)
        ctx = self._ctx(meta["lang"], "thread-text", t)
        ctx.mix = 0.08
        if meta["kind"] in ("forum_offer", "recruitment") and ctx.chance(0.3):
            ctx.obf = 0.3
        from .text_forum import thread

        doc = thread(ctx, meta["kind"], meta["n_posts"])
        texts = self._uz(meta["lang"], ("thread", t), doc["title"], *[p for _, p in doc["posts"]])
        doc["title"] = texts[0]
        doc["posts"] = [(a, txt) for (a, _), txt in zip(doc["posts"], texts[1:], strict=True)]
        # timestamps: threads spread over ~18 months, replies minutes to days apart
        step = 540 * 86400 / max(1, self.lay.n_threads)
        rng = rng_for(self.seed, "thread-time", t)
        start = END - _dt.timedelta(seconds=(self.lay.n_threads - t) * step + rng.uniform(0, step * 0.8) + 86400 * 3)
        times, cur = [], start
        for _ in doc["posts"]:
            times.append(cur.replace(microsecond=0))
            cur += _dt.timedelta(minutes=rng.choice([3, 11, 25, 48, 90, 240, 600, 1440]) * rng.uniform(0.5, 1.5))
        doc["times"] = times
        doc.update(meta)
        return doc

    def tg_count(self, ch: str) -> int:
        return self.lay.tg_counts[ch]

    @_memo
    def tg_doc(self, ch: str, idx: int) -> dict:
        meta = self.tg_meta(ch, idx)
        c = CHANNEL_BY_NAME[ch]
        ctx = self._ctx(meta["lang"], "tg-text", ch, meta["post_id"])
        kind = meta["kind"]
        if c["group"] == "shop":
            ctx.mix = 0.1
            if ctx.chance(0.5):
                ctx.obf = min(0.7, c.get("obf", 0.2) * 1.5)
            from . import text_ads, text_recruit

            fn = {
                "shop_menu": text_ads.shop_menu,
                "sale_ad": text_ads.sale_ad,
                "dead_drop": text_ads.dead_drop,
                "recruitment": text_recruit.recruitment,
            }[kind]
            text = fn(ctx)
        elif kind == "news":
            from .text_news import news_post

            text = news_post(ctx)
        elif kind == "harm_reduction":
            from .text_health import harm_reduction

            text = harm_reduction(ctx)
        elif kind == "pharmacy":
            from .text_health import pharmacy

            text = pharmacy(ctx)
        elif kind == "job":
            from .text_everyday import job

            text = job(ctx)
        else:
            from .text_everyday import goods

            text = goods(ctx)
        (text,) = self._uz(meta["lang"], ("tg", ch, meta["post_id"]), text)
        n = self.tg_count(ch)
        step = 540 * 86400 / n
        rng = rng_for(self.seed, "tg-time", ch, meta["post_id"])
        when = END - _dt.timedelta(seconds=int((n - 1 - idx) * step + rng.uniform(0, 0.8 * step)))
        if idx >= n:  # posted after day 0 (see demo.changes)
            day, j = divmod(idx - n, NEW_POSTS_PER_DAY)
            when = END + _dt.timedelta(days=day, hours=2 + 6 * j, minutes=rng.randint(0, 55))
        base_views = 800 + 400 * c["weight"]
        views = int(base_views * rng.uniform(0.3, 1.6) * (1 + 3 * rng.random() ** 6))
        return dict(meta, text=text, time=when, views=views, bold=rng.random() < 0.35)

    @_memo
    def news_doc(self, a: int) -> dict:
        meta = self.news_meta(a)
        if a == KNOWN_NEWS_ID:
            doc = dict(KNOWN_NEWS)
        else:
            from .text_news import article

            doc = article(self._ctx(meta["lang"], "news-text", a))
        texts = self._uz(meta["lang"], ("news", a), doc["headline"], *doc["paragraphs"])
        doc = dict(doc, headline=texts[0], paragraphs=list(texts[1:]))
        step = 420 * 86400 / self.lay.n_news
        rng = rng_for(self.seed, "news-time", a)
        doc["time"] = END - _dt.timedelta(seconds=int((self.lay.n_news - a) * step + rng.uniform(0, 0.8 * step)))
        doc.update(meta)
        return doc

    @_memo
    def shop_doc(self, a: int) -> dict:
        meta = self.shop_meta(a)
        ctx = self._ctx(meta["lang"], "shop-text", a)
        from .text_everyday import goods_ad, job, job_title
        from .text_health import pharmacy
        from .vocab import fmt_uzs, s_city, s_district, s_phone

        if meta["kind"] == "other":
            title, body = goods_ad(ctx)
            price = fmt_uzs(
                ctx.rng.choice([15, 40, 90, 180, 350, 900, 2500, 6000]) * 1000 * ctx.rng.uniform(0.8, 1.3),
                meta["lang"],
                ctx.rng,
            )
        elif meta["kind"] == "job":
            title, body = job_title(ctx), job(ctx)
            price = fmt_uzs(ctx.rng.randint(35, 110) * 100_000, meta["lang"], ctx.rng)
        else:
            from .vocab import MEDS

            title = ctx.rng.choice(MEDS[meta["lang"]])
            title = title[:1].upper() + title[1:]
            body = pharmacy(ctx)
            price = fmt_uzs(ctx.rng.randint(12, 160) * 1000, meta["lang"], ctx.rng)
        location = f"{s_city(ctx, '')}, {s_district(ctx, '')}"
        phone = s_phone(ctx, "")
        from .vocab import make_user

        seller = make_user(ctx.rng)
        title, body, location = self._uz(meta["lang"], ("shop", a), title, body, location)
        return dict(meta, title=title, body=body, price=price, location=location, phone=phone, seller=seller)

    # ---------------------------------------------------------------- change over time (day 0 here)
    def item_gone(self, i: int) -> bool:
        return False

    def item_price(self, i: int) -> str:
        return self.item_doc(i)["price"]

    def at_day(self, day: int):
        """This site as it looks on ``day`` (the site itself for day 0)."""
        return day_view(self, day)

    # ---------------------------------------------------------------- vendors
    def vendor_names(self):
        if self._vendor_names is None:
            from .vocab import make_handle

            names, seen = {}, set()
            for cls in ("drug", "other"):
                for v in range(self.lay.n_vendors[cls]):
                    rng = rng_for(self.seed, "vendor", cls, v)
                    base = make_handle(rng)
                    if rng.random() < 0.4:
                        base = base[:1].upper() + base[1:]
                    name, k = base, 2
                    while name.lower() in seen:
                        name = f"{base}{k}"
                        k += 1
                    seen.add(name.lower())
                    names[(cls, v)] = name
            self._vendor_names = names
            self._vendor_by_name = {n.lower(): key for key, n in names.items()}
        return self._vendor_names

    def vendor_name(self, cls, v):
        return self.vendor_names()[(cls, v)]

    # ---------------------------------------------------------------- text
    def document_text(self, path: str) -> str:
        """Plain text of the content document at ``path`` (as a reader sees it)."""
        kind, key = self._doc_key(path)
        if kind == "item":
            if self.item_gone(key):
                raise KeyError(path)
            d = self.item_doc(key)
            return "\n".join([d["title"], *d["paragraphs"], self.item_price(key), d["ships"]])
        if kind == "thread":
            d = self.thread_doc(key)
            return "\n".join([d["title"]] + [p for _, p in d["posts"]])
        if kind == "tg":
            return self.tg_doc(*key)["text"]
        if kind == "news":
            d = self.news_doc(key)
            return "\n".join([d["headline"], *d["paragraphs"]])
        d = self.shop_doc(key)
        return "\n".join([d["title"], d["body"], d["price"], d["location"]])

    def _doc_key(self, path: str):
        parts = path.strip("/").split("/")
        try:
            if parts[0] == "market" and parts[1] == "item":
                i = int_arg(parts[2], 1, self.lay.n_items)
                return "item", i
            if parts[0] == "forum" and parts[1] == "t":
                return "thread", int_arg(parts[2], 1, self.lay.n_threads)
            if parts[0] == "t.me" and len(parts) == 3:
                ch = parts[1].lower()
                idx = Layout.index_of(int_arg(parts[2]))
                if ch in CHANNEL_BY_NAME and idx is not None and idx < self.tg_count(ch):
                    return "tg", (ch, idx)
            if parts[0] == "news" and parts[1] == "a":
                return "news", int_arg(parts[2], 1, self.lay.n_news)
            if parts[0] == "shop" and parts[1] == "ad":
                return "shop", int_arg(parts[2], 1, self.lay.n_shop)
        except (IndexError, NotFound):
            pass
        raise KeyError(path)

    # ---------------------------------------------------------------- ground truth
    def ground_truth(self):
        for i in range(1, self.lay.n_items + 1):
            m = self.item_meta(i)
            yield {
                "path": f"/market/item/{i}",
                "label": label_of(m["kind"]),
                "kind": m["kind"],
                "lang": m["lang"],
                "site": "market",
            }
        for t in range(1, self.lay.n_threads + 1):
            m = self.thread_meta(t)
            yield {
                "path": f"/forum/t/{t}",
                "label": label_of(m["kind"]),
                "kind": m["kind"],
                "lang": m["lang"],
                "site": "forum",
            }
        for c in CHANNELS:
            ch = c["name"]
            for idx in range(self.tg_count(ch)):
                m = self.tg_meta(ch, idx)
                yield {
                    "path": f"/t.me/{ch}/{m['post_id']}",
                    "label": label_of(m["kind"]),
                    "kind": m["kind"],
                    "lang": m["lang"],
                    "site": "telegram",
                }
        for a in range(1, self.lay.n_news + 1):
            m = self.news_meta(a)
            yield {"path": f"/news/a/{a}", "label": 0, "kind": "news", "lang": m["lang"], "site": "news"}
        for a in range(1, self.lay.n_shop + 1):
            m = self.shop_meta(a)
            yield {"path": f"/shop/ad/{a}", "label": 0, "kind": m["kind"], "lang": m["lang"], "site": "shop"}

    def entry_points(self):
        return {
            "market": ["/market/"],
            "forum": ["/forum/"],
            "telegram": [f"/t.me/s/{c}" for c in CHANNEL_NAMES],
            "news": ["/news/"],
            "shop": ["/shop/"],
        }

    def n_thread_pages(self, t):
        return pages_of(self.thread_meta(t)["n_posts"], PER_THREAD_PAGE)

    def fetchable_paths(self):
        """Every canonical page of the site (what a complete crawl can reach, plus /private/)."""
        L = self.lay
        yield from ("/", "/robots.txt", "/private/")
        yield "/market/"
        for c in CATEGORIES:
            for p in range(1, pages_of(L.categories.count(c[0]), PER_CATEGORY_PAGE) + 1):
                yield f"/market/c/{c[0]}" + (f"?page={p}" if p > 1 else "")
        for i in range(1, L.n_items + 1):
            yield f"/market/item/{i}"
        for (cls, v), name in self.vendor_names().items():
            cnt = L.vendor_count(cls, v)
            if cnt:
                for p in range(1, pages_of(cnt, PER_VENDOR_PAGE) + 1):
                    yield f"/market/vendor/{name}" + (f"?page={p}" if p > 1 else "")
        yield "/forum/"
        for b in BOARD_ORDER:
            for p in range(1, pages_of(L.boards.count(b), PER_BOARD_PAGE) + 1):
                yield f"/forum/b/{b}" + (f"?page={p}" if p > 1 else "")
        for t in range(1, L.n_threads + 1):
            for p in range(1, self.n_thread_pages(t) + 1):
                yield f"/forum/t/{t}" + (f"?page={p}" if p > 1 else "")
        for ch in CHANNEL_NAMES:
            n = self.tg_count(ch)
            yield f"/t.me/{ch}"
            yield f"/t.me/s/{ch}"
            for k in range(1, pages_of(n, PER_TG_PAGE)):
                first = n - PER_TG_PAGE * k  # first index of the newer page
                yield f"/t.me/s/{ch}?before={Layout.post_id(first)}"
            for idx in range(n):
                yield f"/t.me/{ch}/{Layout.post_id(idx)}"
        for p in range(1, pages_of(L.n_news, PER_NEWS_PAGE) + 1):
            yield "/news/" + (f"?page={p}" if p > 1 else "")
        for a in range(1, L.n_news + 1):
            yield f"/news/a/{a}"
        yield "/shop/"
        for s in SHOP_SECTIONS:
            for p in range(1, pages_of(L.shop_sections.count(s), PER_SHOP_PAGE) + 1):
                yield f"/shop/c/{s}" + (f"?page={p}" if p > 1 else "")
        for a in range(1, L.n_shop + 1):
            yield f"/shop/ad/{a}"

    def count_fetchable(self) -> int:
        return total_fetchable(self.lay, thread_pages_total(self.lay, self.seed))

    def stats(self) -> dict:
        from collections import Counter

        docs = Counter()
        for d in self.ground_truth():
            docs[(d["site"], d["label"], d["lang"])] += 1
        return {"docs": dict(docs), "n_docs": sum(docs.values()), "fetchable": self.count_fetchable()}

    # ---------------------------------------------------------------- HTTP
    def handle(self, path: str, query: dict, day: int = 0):
        """Return (status, content_type, body_bytes, extra_headers) for the site as it is on ``day``."""
        try:
            return self._route(path, query, self.at_day(day) if day else self)
        except NotFound:
            return 404, "text/html; charset=utf-8", self._not_found(path), {}

    def _route(self, path, q, view=None):
        from . import render

        site = view if view is not None else self  # the day's view of the site
        if path == "/":
            return self._ok(render.home(site))
        if path == "/robots.txt":
            return 200, "text/plain; charset=utf-8", b"User-agent: *\nDisallow: /private/\n", {}
        if path in ("/market", "/forum", "/news", "/shop", "/private"):
            return 301, "text/html; charset=utf-8", b"", {"Location": path + "/"}
        if path == "/private/":
            return self._ok(render.private(site))
        parts = path.split("/")[1:]
        top = parts[0]
        if top == "market":
            return self._ok(render.market(site, parts[1:], q))
        if top == "forum":
            return self._ok(render.forum(site, parts[1:], q))
        if top == "t.me":
            return self._ok(render.telegram(site, parts[1:], q))
        if top == "news":
            return self._ok(render.news(site, parts[1:], q))
        if top == "shop":
            return self._ok(render.shop(site, parts[1:], q))
        raise NotFound()

    @staticmethod
    def _ok(body: bytes):
        return 200, "text/html; charset=utf-8", body, {}

    @staticmethod
    def _not_found(path):
        return H.page("404 Not Found", "404 Not Found", f"<p>Nothing lives at <code>{H.esc(path)}</code>.</p>")


# ----------------------------------------------------------------------------
# module-level API


@lru_cache(maxsize=8)
def get_site(pages=None, seed=0) -> Site:
    return Site(pages=pages, seed=seed)


def ground_truth(pages=None, seed=0, day=0):
    """Iterate over every content document: {"path", "label", "kind", "lang", "site"}.

    With ``day`` >= 1: the documents of that day (listings gone by then left out,
    the Telegram posts added since day 0 appended; see :mod:`demo.changes`).
    """
    site = get_site(pages, seed)
    if not day:
        return site.ground_truth()
    return _ground_truth_on_day(site, day)


def _ground_truth_on_day(site, day):
    gone = gone_by_day(day, site.pages, site.seed)
    for d in site.ground_truth():
        if d["path"] not in gone:
            yield d
    for c in CHANNELS:
        ch = c["name"]
        n = site.tg_count(ch)
        for idx in range(n, n + NEW_POSTS_PER_DAY * day):
            m = site.tg_meta(ch, idx)
            yield {
                "path": f"/t.me/{ch}/{m['post_id']}",
                "label": label_of(m["kind"]),
                "kind": m["kind"],
                "lang": m["lang"],
                "site": "telegram",
            }


def entry_points(pages=None, seed=0) -> dict:
    """Start paths per site."""
    return get_site(pages, seed).entry_points()


def document_text(path: str, pages=None, seed=0, day=0) -> str:
    """Plain text of one content document (as it is on ``day``)."""
    return get_site(pages, seed).at_day(day).document_text(path)


def fetchable_paths(pages=None, seed=0):
    return get_site(pages, seed).fetchable_paths()


def count_fetchable(pages=None, seed=0) -> int:
    return get_site(pages, seed).count_fetchable()


def stats(pages=None, seed=0) -> dict:
    return get_site(pages, seed).stats()


# the module API, with the other parts of the demo internet (imported above) re-exported for convenience

__all__ = [
    "DOWN_ONIONS",
    "KNOWN_LISTING_PATH",
    "KNOWN_NEWS_PATH",
    "LIVE_ONIONS",
    "ONION_HOSTS",
    "Site",
    "bigmarket_ground_truth",
    "changed_on_day",
    "count_fetchable",
    "document_text",
    "entry_points",
    "fetchable_paths",
    "get_site",
    "gone_by_day",
    "gone_on_day",
    "ground_truth",
    "new_on_day",
    "onion_ground_truth",
    "stats",
]
