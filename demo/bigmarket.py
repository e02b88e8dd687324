"""Katta Bozor: a large general market where drug listings are rare (``/bigmarket/``).

For focused-crawling benchmarks: N listings (default 20,000), about 3 % of them
drug listings (label 1) in two categories with trade-slang names, the rest
ordinary goods (label 0) in 14 categories.

    /bigmarket/                     home: categories, popular listings
    /bigmarket/c/<slug>[?page=N]    category, 20 listings per page (c01 .. c16)
    /bigmarket/item/<id>            listing: price, seller, description,
                                    5 related listings (mostly the same category)
                                    and 2 random ones

Nothing in a URL tells the label: listing ids are a keyed pseudo-random
permutation of the catalogue (a Feistel network with cycle walking, so the
category of an id and the k-th id of a category are both O(1)), and category
slugs are numbers.  Some ordinary category pages carry a "sponsored" block with
a few drug listings.  Anchor text of every link to a listing is its title.
"""

from __future__ import annotations

import bisect
import hashlib
from functools import lru_cache

from . import html as H
from .gen import Ctx, apostrophe_style, vary_apostrophes
from .rand import rng_for, weighted
from .sitedata import HTML_LANG, NotFound, int_arg
from .text_goods import DRUG_CATEGORIES, cat_title, goods_item, goods_paragraphs, goods_price, goods_title

esc = H.esc

DEFAULT_N = 20_000
DRUG_SHARE = 0.03
PER_PAGE = 20
N_RELATED = 5
N_RANDOM = 2
SLUGS = [f"c{k:02d}" for k in range(1, 17)]
DRUG_SLUGS = ("c07", "c13")
GOODS_WEIGHTS = {
    "c01": 12,
    "c02": 11,
    "c03": 8,
    "c04": 10,
    "c05": 6,
    "c06": 10,
    "c08": 6,
    "c09": 7,
    "c10": 5,
    "c11": 6,
    "c12": 7,
    "c14": 5,
    "c15": 4,
    "c16": 3,
}
DRUG_SPLIT = {"c07": 0.55, "c13": 0.45}
LANGS = {"en": 45, "ru": 30, "uz-latn": 15, "uz-cyrl": 10}
NAME = "Katta Bozor"


def _int(value, lo=1, hi=None) -> int:
    return int_arg(value, lo, hi, plus=False)


def _mix32(x: int) -> int:
    x &= 0xFFFFFFFF
    x = ((x >> 16) ^ x) * 0x45D9F3B & 0xFFFFFFFF
    x = ((x >> 16) ^ x) * 0x45D9F3B & 0xFFFFFFFF
    return (x >> 16) ^ x


class Permutation:
    """A keyed bijection of range(n) with O(1) (amortised) forward and inverse."""

    ROUNDS = 4

    def __init__(self, n: int, key: str):
        self.n = n
        bits = max(2, (n - 1).bit_length())
        bits += bits % 2
        self.half = bits // 2
        self.mask = (1 << self.half) - 1
        digest = hashlib.sha256(key.encode()).digest()
        self.keys = [int.from_bytes(digest[4 * r : 4 * r + 4], "big") for r in range(self.ROUNDS)]

    def _f(self, x, k):
        return _mix32(x ^ k) & self.mask

    def _enc(self, x):
        left, right = x >> self.half, x & self.mask
        for k in self.keys:
            left, right = right, left ^ self._f(right, k)
        return (left << self.half) | right

    def _dec(self, y):
        left, right = y >> self.half, y & self.mask
        for k in reversed(self.keys):
            left, right = right ^ self._f(left, k), left
        return (left << self.half) | right

    def __call__(self, x: int) -> int:
        y = self._enc(x)
        while y >= self.n:
            y = self._enc(y)
        return y

    def inverse(self, y: int) -> int:
        x = self._dec(y)
        while x >= self.n:
            x = self._dec(x)
        return x


def _split(total: int, weights: dict) -> dict:
    """Largest-remainder split of ``total`` by ``weights``; every key gets at least 1 when possible."""
    wsum = sum(weights.values())
    raw = {k: total * w / wsum for k, w in weights.items()}
    out = {k: int(v) for k, v in raw.items()}
    left = total - sum(out.values())
    for k in sorted(raw, key=lambda k: (raw[k] - out[k], k), reverse=True)[:left]:
        out[k] += 1
    for k in out:
        while out[k] == 0:
            donor = max(out, key=out.get)
            if out[donor] <= 1:
                break
            out[donor] -= 1
            out[k] += 1
    return out


class BigMarket:
    def __init__(self, n=DEFAULT_N, seed=0):
        n = DEFAULT_N if n is None else int(n)
        if n < 100:
            raise ValueError("the big market needs at least 100 listings")
        self.n = n
        self.seed = seed
        self.n_drug = max(2, round(DRUG_SHARE * n))
        sizes = _split(self.n_drug, DRUG_SPLIT)
        sizes.update(_split(n - self.n_drug, GOODS_WEIGHTS))
        self.sizes = {s: sizes[s] for s in SLUGS}
        self.starts = []
        pos = 0
        for s in SLUGS:
            self.starts.append(pos)
            pos += self.sizes[s]
        self.start_of = dict(zip(SLUGS, self.starts, strict=True))
        self.perm = Permutation(n, f"imt-bigmarket:{seed}:{n}")
        self.drug_positions = [(self.start_of[s], self.start_of[s] + self.sizes[s]) for s in DRUG_SLUGS]
        self._titles = {}
        self._docs = {}

    # ------------------------------------------------------------------ arithmetic
    def position(self, ident: int) -> int:
        return self.perm(ident - 1)

    def ident_at(self, position: int) -> int:
        return self.perm.inverse(position) + 1

    def category_of(self, ident: int) -> str:
        pos = self.position(ident)
        return SLUGS[bisect.bisect_right(self.starts, pos) - 1]

    def rank_in_category(self, ident: int) -> int:
        pos = self.position(ident)
        k = bisect.bisect_right(self.starts, pos) - 1
        return pos - self.starts[k]

    def nth(self, slug: str, k: int) -> int:
        return self.ident_at(self.start_of[slug] + k)

    def is_drug(self, ident: int) -> bool:
        return self.category_of(ident) in DRUG_SLUGS

    def n_pages(self, slug: str) -> int:
        return max(1, -(-self.sizes[slug] // PER_PAGE))

    def lang_of(self, ident: int) -> str:
        return weighted(rng_for(self.seed, "bm-lang", ident), LANGS)

    def meta(self, ident: int) -> dict:
        slug = self.category_of(ident)
        drug = slug in DRUG_SLUGS
        return {
            "category": slug,
            "label": 1 if drug else 0,
            "kind": "market_listing" if drug else "other",
            "lang": self.lang_of(ident),
        }

    def _random_drug(self, *key) -> int:
        rng = rng_for(self.seed, "bm-drug-pick", *key)
        total = self.n_drug
        r = rng.randrange(total)
        (a0, a1), (b0, _) = self.drug_positions
        pos = a0 + r if r < a1 - a0 else b0 + (r - (a1 - a0))
        return self.ident_at(pos)

    # ------------------------------------------------------------------ documents
    def title(self, ident: int) -> str:
        t = self._titles.get(ident)
        if t is None:
            slug = self.category_of(ident)
            if slug in DRUG_SLUGS:
                t = self.doc(ident)["title"]
            else:
                lang = self.lang_of(ident)
                t = goods_title(rng_for(self.seed, "bm-title", ident), slug, lang, self._item(ident, slug))
                if lang == "uz-latn":
                    t = self._uz(ident, t)[0]
            if len(self._titles) > 200_000:
                self._titles.clear()
            self._titles[ident] = t
        return t

    def _uz(self, ident, *texts):
        rng = rng_for(self.seed, "bm-apos", ident)
        style = apostrophe_style(rng)
        return tuple(vary_apostrophes(t, rng, style) for t in texts)

    def doc(self, ident: int) -> dict:
        d = self._docs.get(ident)
        if d is not None:
            return d
        m = self.meta(ident)
        lang = m["lang"]
        ctx = Ctx(rng_for(self.seed, "bm-text", ident), lang, seed=self.seed)
        if m["label"]:
            from .text_market import market_listing

            if ctx.chance(0.25):
                ctx.obf = 0.3
            sub = ctx.rng.choice(DRUG_CATEGORIES[m["category"]][1])
            raw = market_listing(ctx, sub)
            title, ships, paras, price = raw["title"], raw["ships"], raw["paragraphs"], raw["price"]
        else:
            paras = goods_paragraphs(ctx)
            price = self._goods_price(ident, m["category"], lang)
            from .vocab import s_city

            city = s_city(ctx, "")
            ships = {
                "en": f"Ships from {city}",
                "ru": f"Отправка: {city}",
                "uz-latn": f"Jo'natish: {city}",
                "uz-cyrl": f"Жўнатиш: {city}",
            }[lang]
            title = goods_title(
                rng_for(self.seed, "bm-title", ident), m["category"], lang, self._item(ident, m["category"])
            )
        if lang == "uz-latn":
            title, ships, *paras = self._uz(ident, title, ships, *paras)
        from .vocab import make_user

        rng = rng_for(self.seed, "bm-chrome", ident)
        d = dict(
            m,
            title=title,
            ships=ships,
            paragraphs=list(paras),
            price=price,
            seller=make_user(rng),
            rating=f"{rng.uniform(3.6, 5.0):.1f}",
            reviews=rng.randint(0, 400),
        )
        if len(self._docs) > 5000:
            self._docs.clear()
        self._docs[ident] = d
        return d

    def related(self, ident: int) -> list:
        """~5 related listings (mostly the same category), deterministic."""
        slug = self.category_of(ident)
        size = self.sizes[slug]
        k = self.rank_in_category(ident)
        rng = rng_for(self.seed, "bm-related", ident)
        out = []
        offsets = [1, -1, rng.randint(2, 40), -rng.randint(2, 40)]
        for off in offsets:
            if size > 1:
                j = (k + off) % size
                cand = self.nth(slug, j)
                if cand != ident and cand not in out:
                    out.append(cand)
        # one from another category of the same kind (or, now and then, any)
        if slug in DRUG_SLUGS and rng.random() < 0.5:
            other = DRUG_SLUGS[1] if slug == DRUG_SLUGS[0] else DRUG_SLUGS[0]
        else:
            other = rng.choice([s for s in SLUGS if s not in DRUG_SLUGS and s != slug])
        cand = self.nth(other, rng.randrange(self.sizes[other]))
        if cand != ident and cand not in out:
            out.append(cand)
        return out[:N_RELATED]

    def randoms(self, ident: int) -> list:
        rng = rng_for(self.seed, "bm-random", ident)
        out = []
        while len(out) < N_RANDOM:
            cand = rng.randint(1, self.n)
            if cand != ident and cand not in out:
                out.append(cand)
        return out

    def sponsored(self, slug: str, page: int) -> list:
        """Drug listings advertised on some ordinary category pages."""
        if slug in DRUG_SLUGS:
            return []
        rng = rng_for(self.seed, "bm-sponsored", slug, page)
        if rng.random() >= 0.2:
            return []
        return [self._random_drug(slug, page, j) for j in range(rng.randint(1, 3))]

    def popular(self) -> list:
        rng = rng_for(self.seed, "bm-popular", self.n)
        out = []
        while len(out) < 24:
            cand = rng.randint(1, self.n)
            if cand not in out:
                out.append(cand)
        return out

    # ------------------------------------------------------------------ truth
    def ground_truth(self):
        for ident in range(1, self.n + 1):
            m = self.meta(ident)
            yield {"path": f"/bigmarket/item/{ident}", "site": "bigmarket", **m}

    def paths(self):
        """Every page of the big market (home, category pages, listings)."""
        yield "/bigmarket/"
        for s in SLUGS:
            for p in range(1, self.n_pages(s) + 1):
                yield f"/bigmarket/c/{s}" + (f"?page={p}" if p > 1 else "")
        for ident in range(1, self.n + 1):
            yield f"/bigmarket/item/{ident}"

    def count_pages(self) -> int:
        return 1 + sum(self.n_pages(s) for s in SLUGS) + self.n

    def document_text(self, path: str) -> str:
        parts = path.strip("/").split("/")
        if len(parts) != 3 or parts[:2] != ["bigmarket", "item"]:
            raise KeyError(path)
        try:
            d = self.doc(_int(parts[2], 1, self.n))
        except NotFound:
            raise KeyError(path) from None
        return "\n".join([d["title"], *d["paragraphs"], d["price"], d["ships"]])

    # ------------------------------------------------------------------ HTTP
    def handle(self, path: str, query: dict):
        """Return (status, content_type, body, extra_headers) for a /bigmarket/ path."""
        try:
            if path == "/bigmarket":
                return 301, "text/html; charset=utf-8", b"", {"Location": "/bigmarket/"}
            parts = path.split("/")[2:]
            return 200, "text/html; charset=utf-8", self._route(parts, query), {}
        except NotFound:
            body = H.page("404 Not Found", "404 Not Found", f"<p>Nothing lives at <code>{esc(path)}</code>.</p>")
            return 404, "text/html; charset=utf-8", body, {}

    def _nav(self):
        return [("/bigmarket/", NAME)] + [(f"/bigmarket/c/{s}", cat_title(s)) for s in SLUGS]

    def _link(self, ident, cls="title"):
        return f'<a class="{cls}" href="/bigmarket/item/{ident}">{esc(self.title(ident))}</a>'

    def _route(self, parts, q) -> bytes:
        if parts == [""]:
            cats = "\n".join(
                f'<li><a href="/bigmarket/c/{s}">{esc(cat_title(s))}</a> '
                f'<span class="ru">{esc(cat_title(s, "ru"))}</span> <span class="count">({self.sizes[s]})</span></li>'
                for s in SLUGS
            )
            pop = "\n".join(f"<li>{self._link(i)}</li>" for i in self.popular())
            main = f"""<p>Everything for home, work and leisure from sellers across Uzbekistan ·
Всё для дома и отдыха · Hamma narsa bir joyda.</p>
<section><h2>Categories</h2><ul class="categories">
{cats}
</ul></section>
<section><h2>Popular now</h2><ul class="popular">
{pop}
</ul></section>"""
            return H.page(f"{NAME} — online market", NAME, main, links=self._nav())
        if len(parts) == 2 and parts[0] == "c":
            slug = parts[1]
            if slug not in self.sizes:
                raise NotFound()
            n_pages = self.n_pages(slug)
            p = _int(q["page"], 1, n_pages) if "page" in q else 1
            rows = []
            for k in range((p - 1) * PER_PAGE, min(self.sizes[slug], p * PER_PAGE)):
                i = self.nth(slug, k)
                d_price = self._list_price(i)
                rows.append(f'<li class="card">{self._link(i)} <span class="list-price">{esc(d_price)}</span></li>')
            spons = self.sponsored(slug, p)
            block = ""
            if spons:
                block = (
                    '\n<aside class="sponsored"><h2>Sponsored</h2><ul>\n'
                    + "\n".join(f"<li>{self._link(i)}</li>" for i in spons)
                    + "\n</ul></aside>"
                )
            pag, head = H.pager(f"/bigmarket/c/{slug}", p, n_pages)
            main = (
                f"<p>{esc(cat_title(slug, 'ru'))} · {esc(cat_title(slug, 'uz-latn'))} · "
                f"{self.sizes[slug]} listings</p>\n"
                '<ul class="cards">\n' + "\n".join(rows) + f"\n</ul>{block}\n{pag}"
            )
            title = f"{cat_title(slug)} — {NAME}" + (f" — page {p}" if p > 1 else "")
            return H.page(title, cat_title(slug), main, links=self._nav(), head_extra=head)
        if len(parts) == 2 and parts[0] == "item":
            i = _int(parts[1], 1, self.n)
            d = self.doc(i)
            slug = d["category"]
            related = "\n".join(f"<li>{self._link(j)}</li>" for j in self.related(i))
            randoms = "\n".join(f"<li>{self._link(j)}</li>" for j in self.randoms(i))
            crumbs = f'<a href="/bigmarket/">{NAME}</a> › <a href="/bigmarket/c/{slug}">{esc(cat_title(slug))}</a>'
            main = f"""<div class="breadcrumbs">{crumbs}</div>
<div class="product" data-id="{i}">
<div class="meta">
<span class="price">{esc(d["price"])}</span>
<span class="seller">{esc(d["seller"])}</span> <span class="rating">★ {d["rating"]} ({d["reviews"]})</span>
<span class="ships">{esc(d["ships"])}</span>
</div>
<div class="description" lang="{HTML_LANG[d["lang"]]}">
{H.paras(d["paragraphs"])}
</div>
</div>
<section class="related"><h2>Related</h2><ul>
{related}
</ul></section>
<section class="also"><h2>You may also like</h2><ul>
{randoms}
</ul></section>"""
            return H.page(f"{d['title']} — {NAME}", d["title"], main, links=self._nav(), lang=HTML_LANG[d["lang"]])
        raise NotFound()

    def _item(self, ident, slug) -> int:
        return goods_item(rng_for(self.seed, "bm-item", ident), slug)

    def _goods_price(self, ident, slug, lang) -> str:
        ctx = Ctx(rng_for(self.seed, "bm-price", ident), lang, seed=self.seed)
        return goods_price(ctx, slug, self._item(ident, slug))

    def _list_price(self, ident: int) -> str:
        """The price on list pages (the same as on the listing page, without building the whole document)."""
        d = self._docs.get(ident)
        if d is not None:
            return d["price"]
        slug = self.category_of(ident)
        if slug in DRUG_SLUGS:
            return self.doc(ident)["price"]
        return self._goods_price(ident, slug, self.lang_of(ident))


def get_bigmarket(n=None, seed=0) -> BigMarket:
    """The (cached) big market with ``n`` listings (None: DEFAULT_N)."""
    return _cached(DEFAULT_N if n is None else int(n), seed)


@lru_cache(maxsize=4)
def _cached(n, seed) -> BigMarket:
    return BigMarket(n, seed)


def bigmarket_ground_truth(n=None, seed=0):
    """Every listing: {"path", "label", "kind", "lang", "category", "site"}."""
    return get_bigmarket(n, seed).ground_truth()
