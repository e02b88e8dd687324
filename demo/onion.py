"""Onion services of the demo internet (reached through :mod:`demo.proxy`).

The demo server answers for a few v3 onion hostnames, chosen by the ``Host``
header of the request (the forward proxy keeps it).  Each hostname is a valid
v3 address::

    address  = base32(pubkey(32) || checksum(2) || version(1)) + ".onion"
    checksum = SHA3-256(b".onion checksum" || pubkey || b"\\x03")[:2]

with the public key derived from a name (``sha256("imt-demo-onion:" + name)``),
so the addresses never change.

Services (``ONION_HOSTS`` maps the short name to the hostname)::

    market          Karvon Market, a drug market
                    /  /cat/<slug>[?page=N]  /listing/<id>  /vendor/<name>
    forum           Zulmat, a forum
                    /  /board/<slug>[?page=N]  /topic/<id>
    shop            Oq Bulut, one vendor's shop
                    /  (the menu)  /p/<n>  (offers and drop lists)
    market_mirror   a mirror of the market that is known but down: the proxy
                    answers 503 for it, the demo server does not serve it

``onion_ground_truth()`` lists every content document (url, path, label,
kind, lang, host, site).  Text comes from the same generators as the
clear-web sites, with other seeds, categories and branding.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from . import html as H
from .gen import Ctx, apostrophe_style, vary_apostrophes
from .rand import rng_for, weighted
from .sitedata import HTML_LANG, NotFound, int_arg

esc = H.esc

PER_CAT_PAGE = 12
PER_BOARD_PAGE = 15
N_LISTINGS = 96
N_TOPICS = 36
N_SHOP_PAGES = 10
N_VENDORS = 9


# ============================================================================ addresses


def onion_address(name: str) -> str:
    """A v3 onion hostname derived from ``name`` (valid checksum, version 3)."""
    pub = hashlib.sha256(f"imt-demo-onion:{name}".encode()).digest()
    chk = hashlib.sha3_256(b".onion checksum" + pub + b"\x03").digest()[:2]
    return base64.b32encode(pub + chk + b"\x03").decode("ascii").lower() + ".onion"


def is_valid_v3(host: str) -> bool:
    """True when ``host`` is a v3 onion address whose checksum and version are right."""
    host = host.lower()
    if not host.endswith(".onion"):
        return False
    label = host[: -len(".onion")].rsplit(".", 1)[-1]  # subdomains are allowed in front
    if len(label) != 56:
        return False
    try:
        raw = base64.b32decode(label.upper())
    except ValueError:
        return False
    pub, chk, ver = raw[:32], raw[32:34], raw[34:]
    return ver == b"\x03" and hashlib.sha3_256(b".onion checksum" + pub + b"\x03").digest()[:2] == chk


ONION_HOSTS = {
    "market": onion_address("karvon-market"),
    "forum": onion_address("zulmat-forum"),
    "shop": onion_address("oq-bulut-shop"),
    "market_mirror": onion_address("karvon-market-mirror-2"),
}
LIVE_ONIONS = frozenset({ONION_HOSTS["market"], ONION_HOSTS["forum"], ONION_HOSTS["shop"]})
DOWN_ONIONS = frozenset({ONION_HOSTS["market_mirror"]})
KNOWN_ONIONS = LIVE_ONIONS | DOWN_ONIONS
NAME_OF_HOST = {h: n for n, h in ONION_HOSTS.items()}


def host_only(host: str | None) -> str:
    """``Host`` header value without the port, lower case."""
    host = (host or "").strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


# ============================================================================ content


MARKET_CATS = [
    # slug, title, class, substances category (text_market) or other-illicit category
    ("stim", "Stims · Стимы · Stimlar", "drug", "stim"),
    ("weed", "Weed & hash · Шишки и гаш", "drug", "cannabis"),
    ("pills", "Pills without Rx · Колёса", "drug", "pharma"),
    ("psy", "Psychedelics · Марки и экстази", "drug", "psy"),
    ("opi", "Opiates · Опиаты", "drug", "opioid"),
    ("mix", "Mixes · Миксы · Aralashmalar", "drug", "synth"),
    ("digital", "Digital · Цифра", "other", "digital"),
    ("docs", "Docs · Ксивы · Hujjatlar", "other", "documents"),
]
MARKET_CAT = {c[0]: c for c in MARKET_CATS}
MARKET_PATTERN = [
    "weed",
    "stim",
    "pills",
    "stim",
    "digital",
    "weed",
    "mix",
    "stim",
    "psy",
    "opi",
    "pills",
    "docs",
    "stim",
    "weed",
    "mix",
    "psy",
]
MARKET_LANGS = {"ru": 45, "en": 22, "uz-latn": 20, "uz-cyrl": 13}
FORUM_LANGS = {"ru": 45, "uz-latn": 30, "uz-cyrl": 15, "en": 10}
SHOP_LANGS = {"ru": 55, "uz-latn": 30, "uz-cyrl": 15}

BOARDS = {
    "bazar": ("Bazar · Барахолка · Bozor", {"forum_offer": 6, "recruitment": 2, "other": 2}),
    "bezopasnost": ("Safety · Безопасность · Xavfsizlik", {"harm_reduction": 5, "other": 3, "forum_offer": 1}),
    "rabota": ("Work · Работа · Ish", {"recruitment": 5, "job": 2, "other": 1}),
}
BOARD_ORDER = ["bazar", "bezopasnost", "rabota"]

LABEL1 = {"sale_ad", "shop_menu", "market_listing", "dead_drop", "recruitment", "forum_offer"}


def _int(value, lo=1, hi=None) -> int:
    return int_arg(value, lo, hi, plus=False)


def _pages(n, per):
    return max(1, -(-n // per))


def _page_param(q, n_pages):
    return _int(q["page"], 1, n_pages) if "page" in q else 1


class OnionWeb:
    """The onion services for one seed; documents are generated on request."""

    def __init__(self, seed=0):
        self.seed = seed
        self._cache = {}
        vendors, seen = [], set()
        from .vocab import make_handle

        for v in range(N_VENDORS):
            rng = rng_for(seed, "onion-vendor", v)
            name = make_handle(rng)
            while name.lower() in seen:
                name += str(rng.randint(2, 9))
            seen.add(name.lower())
            vendors.append(name)
        self.vendors = vendors

    def _memo(self, key, fn):
        try:
            return self._cache[key]
        except KeyError:
            value = self._cache[key] = fn()
            return value

    def _uz(self, lang, key, *texts):
        if lang != "uz-latn":
            return texts
        rng = rng_for(self.seed, "onion-apos", *key)
        style = apostrophe_style(rng)
        return tuple(vary_apostrophes(t, rng, style) for t in texts)

    # ------------------------------------------------------------------ market
    def listing_meta(self, i: int) -> dict:
        slug = MARKET_PATTERN[(i * 7 + 3) % len(MARKET_PATTERN)]
        c = MARKET_CAT[slug]
        rng = rng_for(self.seed, "onion-item", i)
        lang = weighted(rng, MARKET_LANGS)
        kind = "market_listing" if c[2] == "drug" else "other_illicit"
        vendor = self.vendors[(i * 5 + (0 if c[2] == "drug" else 4)) % N_VENDORS]
        return {"cat": slug, "kind": kind, "lang": lang, "vendor": vendor}

    def listing_doc(self, i: int) -> dict:
        def build():
            meta = self.listing_meta(i)
            ctx = Ctx(rng_for(self.seed, "onion-item-text", i), meta["lang"], seed=self.seed)
            from .text_market import market_listing, other_illicit

            c = MARKET_CAT[meta["cat"]]
            if meta["kind"] == "market_listing":
                if ctx.chance(0.25):
                    ctx.obf = 0.3
                doc = market_listing(ctx, c[3])
            else:
                doc = other_illicit(ctx, c[3])
            title, ships, *paras = self._uz(meta["lang"], ("item", i), doc["title"], doc["ships"], *doc["paragraphs"])
            rng = rng_for(self.seed, "onion-item-chrome", i)
            return dict(
                meta,
                title=title,
                ships=ships,
                paragraphs=list(paras),
                price=doc["price"],
                stock=rng.randint(1, 80),
                rating=f"{rng.uniform(4.1, 5.0):.1f}",
            )

        return self._memo(("listing", i), build)

    def cat_items(self, slug) -> list:
        return self._memo(
            ("cat", slug), lambda: [i for i in range(1, N_LISTINGS + 1) if self.listing_meta(i)["cat"] == slug]
        )

    def vendor_items(self, name) -> list:
        return self._memo(
            ("vendor", name),
            lambda: [i for i in range(1, N_LISTINGS + 1) if self.listing_meta(i)["vendor"] == name],
        )

    # ------------------------------------------------------------------ forum
    def topic_meta(self, t: int) -> dict:
        board = BOARD_ORDER[(t * 2 + t // 3) % len(BOARD_ORDER)]
        rng = rng_for(self.seed, "onion-topic", t)
        kind = weighted(rng, BOARDS[board][1])
        lang = weighted(rng, FORUM_LANGS)
        n = rng.randint(2, 12)
        return {"board": board, "kind": kind, "lang": lang, "n_posts": n}

    def topic_doc(self, t: int) -> dict:
        def build():
            meta = self.topic_meta(t)
            ctx = Ctx(rng_for(self.seed, "onion-topic-text", t), meta["lang"], seed=self.seed)
            ctx.mix = 0.1
            if meta["kind"] in ("forum_offer", "recruitment") and ctx.chance(0.35):
                ctx.obf = 0.3
            from .text_forum import thread

            doc = thread(ctx, meta["kind"], meta["n_posts"])
            texts = self._uz(meta["lang"], ("topic", t), doc["title"], *[p for _, p in doc["posts"]])
            posts = [(a, txt) for (a, _), txt in zip(doc["posts"], texts[1:], strict=True)]
            return dict(meta, title=texts[0], posts=posts, op=doc["op"])

        return self._memo(("topic", t), build)

    def board_topics(self, slug) -> list:
        return self._memo(
            ("board", slug), lambda: [t for t in range(1, N_TOPICS + 1) if self.topic_meta(t)["board"] == slug]
        )

    # ------------------------------------------------------------------ shop
    def shop_meta(self, n: int) -> dict:
        """n = 0 is the menu on the home page, 1.. are offer pages."""
        rng = rng_for(self.seed, "onion-shop", n)
        lang = weighted(rng, SHOP_LANGS)
        kind = "shop_menu" if n == 0 else weighted(rng, {"sale_ad": 3, "dead_drop": 2})
        return {"kind": kind, "lang": lang}

    def shop_doc(self, n: int) -> dict:
        def build():
            meta = self.shop_meta(n)
            ctx = Ctx(rng_for(self.seed, "onion-shop-text", n), meta["lang"], seed=self.seed)
            from . import text_ads

            text = {"shop_menu": text_ads.shop_menu, "sale_ad": text_ads.sale_ad, "dead_drop": text_ads.dead_drop}[
                meta["kind"]
            ](ctx)
            (text,) = self._uz(meta["lang"], ("shop", n), text)
            first = next((line for line in text.split("\n") if line.strip()), "")
            title = first.strip()[:70] or "Oq Bulut"
            return dict(meta, text=text, title=title)

        return self._memo(("shop", n), build)

    # ------------------------------------------------------------------ truth
    def ground_truth(self):
        host = ONION_HOSTS["market"]
        for i in range(1, N_LISTINGS + 1):
            m = self.listing_meta(i)
            yield _row(host, f"/listing/{i}", m["kind"], m["lang"], "onion-market")
        host = ONION_HOSTS["forum"]
        for t in range(1, N_TOPICS + 1):
            m = self.topic_meta(t)
            yield _row(host, f"/topic/{t}", m["kind"], m["lang"], "onion-forum")
        host = ONION_HOSTS["shop"]
        for n in range(0, N_SHOP_PAGES + 1):
            m = self.shop_meta(n)
            yield _row(host, "/" if n == 0 else f"/p/{n}", m["kind"], m["lang"], "onion-shop")

    def document_text(self, host: str, path: str) -> str:
        name = NAME_OF_HOST.get(host_only(host))
        parts = path.strip("/").split("/")
        try:
            if name == "market" and parts[0] == "listing" and len(parts) == 2:
                d = self.listing_doc(_int(parts[1], 1, N_LISTINGS))
                return "\n".join([d["title"], *d["paragraphs"], d["price"], d["ships"]])
            if name == "forum" and parts[0] == "topic" and len(parts) == 2:
                d = self.topic_doc(_int(parts[1], 1, N_TOPICS))
                return "\n".join([d["title"]] + [p for _, p in d["posts"]])
            if name == "shop" and path == "/":
                return self.shop_doc(0)["text"]
            if name == "shop" and parts[0] == "p" and len(parts) == 2:
                return self.shop_doc(_int(parts[1], 1, N_SHOP_PAGES))["text"]
        except NotFound:
            pass
        raise KeyError(host + path)

    # ------------------------------------------------------------------ HTTP
    def handle(self, host: str, path: str, query: dict):
        """Return (status, content_type, body, extra_headers) for a request to an onion host."""
        host = host_only(host)
        name = NAME_OF_HOST.get(host)
        try:
            if name == "market":
                return _ok(self._market(path.split("/")[1:], query))
            if name == "forum":
                return _ok(self._forum(path.split("/")[1:], query))
            if name == "shop":
                return _ok(self._shop(path.split("/")[1:], query))
            if name is None:
                body = H.page(
                    "Unknown onion service", "Unknown onion service", f"<p>{esc(host)} is not served here.</p>"
                )
                return 404, "text/html; charset=utf-8", body, {}
            # the down mirror: a real Tor client never gets here (the proxy answers 503)
            return 503, "text/plain; charset=utf-8", b"service unavailable\n", {}
        except NotFound:
            body = H.page("404", "Not found", f"<p>Nothing at <code>{esc(path)}</code> on this service.</p>")
            return 404, "text/html; charset=utf-8", body, {}

    # market ---------------------------------------------------------------
    def _market_nav(self):
        return [("/", "Karvon")] + [(f"/cat/{c[0]}", c[1].split(" · ")[0]) for c in MARKET_CATS]

    def _row(self, i):
        d = self.listing_doc(i)
        return (
            f'<tr class="item"><td><a class="title" href="/listing/{i}">{esc(d["title"])}</a></td>'
            f'<td class="list-price">{esc(d["price"])}</td>'
            f'<td><a href="/vendor/{esc(d["vendor"])}">{esc(d["vendor"])}</a></td></tr>'
        )

    def _market(self, parts, q) -> bytes:
        nav = self._market_nav()
        if parts == [""]:
            cats = "\n".join(
                f'<li><a href="/cat/{c[0]}">{esc(c[1])}</a> <span class="n">[{len(self.cat_items(c[0]))}]</span></li>'
                for c in MARKET_CATS
            )
            rows = "\n".join(self._row(i) for i in range(N_LISTINGS, N_LISTINGS - 12, -1))
            main = f"""<div class="banner">
<p>Karvon Market · Карвон · v3 only. Bookmark this address and check the PGP-signed mirror list:
phishing clones copy our design.</p>
<p>Mirror (offline for maintenance): <a href="http://{ONION_HOSTS["market_mirror"]}/">{ONION_HOSTS["market_mirror"]}</a></p>
<p>Community: <a href="http://{ONION_HOSTS["forum"]}/">Zulmat forum</a> ·
Featured shop: <a href="http://{ONION_HOSTS["shop"]}/">Oq Bulut</a></p>
</div>
<h2>Sections</h2>
<ul class="sections">
{cats}
</ul>
<h2>Fresh listings</h2>
<table class="items">
{rows}
</table>"""
            return H.page("Karvon Market", "Karvon Market", main, links=nav)
        if len(parts) == 2 and parts[0] == "cat":
            c = MARKET_CAT.get(parts[1])
            if c is None:
                raise NotFound()
            items = self.cat_items(c[0])
            n_pages = _pages(len(items), PER_CAT_PAGE)
            p = _page_param(q, n_pages)
            rows = "\n".join(self._row(i) for i in items[(p - 1) * PER_CAT_PAGE : p * PER_CAT_PAGE])
            pag, head = H.pager(f"/cat/{c[0]}", p, n_pages)
            main = f'<table class="items">\n{rows}\n</table>\n{pag}'
            title = f"{c[1]} — Karvon" + (f" — {p}" if p > 1 else "")
            return H.page(title, c[1], main, links=nav, head_extra=head)
        if len(parts) == 2 and parts[0] == "listing":
            i = _int(parts[1], 1, N_LISTINGS)
            d = self.listing_doc(i)
            c = MARKET_CAT[d["cat"]]
            main = f"""<p class="crumbs"><a href="/">Karvon</a> / <a href="/cat/{c[0]}">{esc(c[1])}</a></p>
<div class="offer" id="offer-{i}">
<table class="facts">
<tr><th>Price</th><td><span class="price">{esc(d["price"])}</span></td></tr>
<tr><th>Vendor</th><td><a class="vendor" href="/vendor/{esc(d["vendor"])}">{esc(d["vendor"])}</a>
★ {d["rating"]}</td></tr>
<tr><th>Shipping</th><td><span class="ships">{esc(d["ships"])}</span></td></tr>
<tr><th>Left</th><td>{d["stock"]}</td></tr>
</table>
<div class="description" lang="{HTML_LANG[d["lang"]]}">
{H.paras(d["paragraphs"])}
</div>
</div>"""
            return H.page(f"{d['title']} — Karvon", d["title"], main, links=nav, lang=HTML_LANG[d["lang"]])
        if len(parts) == 2 and parts[0] == "vendor":
            if parts[1] not in self.vendors:
                raise NotFound()
            items = self.vendor_items(parts[1])
            rows = "\n".join(self._row(i) for i in items)
            rng = rng_for(self.seed, "onion-vendor-page", parts[1])
            since, deals, lost = 2023 + rng.randint(0, 2), rng.randint(30, 2400), rng.randint(0, 6)
            main = f"""<p class="vendor-card">On Karvon since {since} · {deals} deals · disputes lost: {lost}</p>
<table class="items">
{rows}
</table>"""
            return H.page(f"{parts[1]} — Karvon", parts[1], main, links=nav)
        raise NotFound()

    # forum ----------------------------------------------------------------
    def _forum(self, parts, q) -> bytes:
        nav = [("/", "Zulmat")] + [(f"/board/{b}", BOARDS[b][0]) for b in BOARD_ORDER]
        if parts == [""]:
            rows = "\n".join(
                f'<li><a href="/board/{b}">{esc(BOARDS[b][0])}</a> — {len(self.board_topics(b))} topics</li>'
                for b in BOARD_ORDER
            )
            main = f"""<p>Zulmat · Зулмат. No real names, no photos with metadata, no deals outside escrow.
Market: <a href="http://{ONION_HOSTS["market"]}/">Karvon</a></p>
<ul class="boards">
{rows}
</ul>"""
            return H.page("Zulmat forum", "Zulmat", main, links=nav)
        if len(parts) == 2 and parts[0] == "board":
            if parts[1] not in BOARDS:
                raise NotFound()
            topics = self.board_topics(parts[1])[::-1]
            n_pages = _pages(len(topics), PER_BOARD_PAGE)
            p = _page_param(q, n_pages)
            rows = []
            for t in topics[(p - 1) * PER_BOARD_PAGE : p * PER_BOARD_PAGE]:
                d = self.topic_doc(t)
                rows.append(
                    f'<li class="topic"><a href="/topic/{t}">{esc(d["title"])}</a> '
                    f'<span class="op">{esc(d["op"])}</span> <span class="n">{d["n_posts"]}</span></li>'
                )
            pag, head = H.pager(f"/board/{parts[1]}", p, n_pages)
            main = '<ul class="topics">\n' + "\n".join(rows) + f"\n</ul>\n{pag}"
            return H.page(f"{BOARDS[parts[1]][0]} — Zulmat", BOARDS[parts[1]][0], main, links=nav, head_extra=head)
        if len(parts) == 2 and parts[0] == "topic":
            t = _int(parts[1], 1, N_TOPICS)
            d = self.topic_doc(t)
            posts = "\n".join(
                f'<div class="post"><span class="author">{esc(a)}</span>'
                f'<div class="body">{H.tg_text_html(txt, handles=False)}</div></div>'
                for a, txt in d["posts"]
            )
            main = (
                f'<p class="crumbs"><a href="/board/{d["board"]}">{esc(BOARDS[d["board"]][0])}</a></p>\n'
                f'<div class="posts" lang="{HTML_LANG[d["lang"]]}">\n{posts}\n</div>'
            )
            return H.page(f"{d['title']} — Zulmat", d["title"], main, links=nav, lang=HTML_LANG[d["lang"]])
        raise NotFound()

    # shop -----------------------------------------------------------------
    def _shop(self, parts, q) -> bytes:
        nav = [("/", "Oq Bulut")] + [(f"/p/{n}", f"#{n}") for n in range(1, N_SHOP_PAGES + 1)]
        if parts == [""]:
            d = self.shop_doc(0)
            offers = "\n".join(
                f'<li><a href="/p/{n}">{esc(self.shop_doc(n)["title"])}</a></li>' for n in range(1, N_SHOP_PAGES + 1)
            )
            main = f"""<div class="menu" lang="{HTML_LANG[d["lang"]]}">{H.tg_text_html(d["text"], handles=False)}</div>
<h2>Offers</h2>
<ul class="offers">
{offers}
</ul>
<p class="also">We also sell on <a href="http://{ONION_HOSTS["market"]}/">Karvon</a>.</p>"""
            return H.page("Oq Bulut — shop", "Oq Bulut", main, links=nav, lang=HTML_LANG[d["lang"]])
        if len(parts) == 2 and parts[0] == "p":
            n = _int(parts[1], 1, N_SHOP_PAGES)
            d = self.shop_doc(n)
            text = H.tg_text_html(d["text"], handles=False)
            main = f'<div class="offer-text" lang="{HTML_LANG[d["lang"]]}">{text}</div>'
            return H.page(f"{d['title']} — Oq Bulut", d["title"], main, links=nav, lang=HTML_LANG[d["lang"]])
        raise NotFound()


def _ok(body: bytes):
    return 200, "text/html; charset=utf-8", body, {}


def _row(host, path, kind, lang, site):
    return {
        "url": f"http://{host}{path}",
        "path": path,
        "host": host,
        "label": 1 if kind in LABEL1 else 0,
        "kind": kind,
        "lang": lang,
        "site": site,
    }


@lru_cache(maxsize=4)
def get_onion_web(seed=0) -> OnionWeb:
    return OnionWeb(seed)


def onion_ground_truth(seed=0):
    """Every onion content document: {"url", "path", "host", "label", "kind", "lang", "site"}."""
    return list(get_onion_web(seed).ground_truth())


def onion_listing_urls(seed=0) -> list:
    """Absolute URLs of the onion market's listings."""
    return [d["url"] for d in get_onion_web(seed).ground_truth() if d["site"] == "onion-market"]


def onion_entry_points() -> dict:
    """Start URLs per onion service (the down mirror included: a crawler must cope with it)."""
    return {name: [f"http://{host}/"] for name, host in ONION_HOSTS.items()}
