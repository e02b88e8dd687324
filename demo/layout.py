"""How many of everything a site of a given scale has, and O(1) arithmetic to
find the n-th item of a category, the items of a vendor, a message's post id.
"""

from __future__ import annotations

import math

from .channels import CHANNELS
from .text_market import CAT_BY_SLUG, CATEGORY_PATTERN

DEFAULT_PAGES = 700

PER_CATEGORY_PAGE = 10
PER_VENDOR_PAGE = 20
PER_BOARD_PAGE = 20
PER_THREAD_PAGE = 10
PER_TG_PAGE = 20
PER_NEWS_PAGE = 15
PER_SHOP_PAGE = 15

BOARD_PATTERN = [
    "general",
    "bazaar",
    "tashkent",
    "health",
    "general",
    "jobs",
    "bazaar",
    "tashkent",
    "general",
    "jobs",
]
SHOP_PATTERN = ["goods", "jobs", "goods", "pharmacy", "goods", "jobs", "goods", "goods", "pharmacy", "jobs"]


class Cycle:
    """Ids 1..n labelled by a repeating pattern, with O(1) rank/select."""

    def __init__(self, pattern, n):
        self.pattern = list(pattern)
        self.L = len(self.pattern)
        self.n = n
        self.pos = {}
        for i, lab in enumerate(self.pattern):
            self.pos.setdefault(lab, []).append(i)

    def label(self, ident: int):
        return self.pattern[(ident - 1) % self.L]

    def count(self, label) -> int:
        pos = self.pos.get(label, [])
        full, rem = divmod(self.n, self.L)
        return full * len(pos) + sum(1 for p in pos if p < rem)

    def nth(self, label, k: int) -> int:
        """The k-th (0-based) id with ``label``."""
        pos = self.pos[label]
        q, r = divmod(k, len(pos))
        return q * self.L + pos[r] + 1

    def rank(self, ident: int) -> int:
        i = ident - 1
        lab = self.pattern[i % self.L]
        pos = self.pos[lab]
        return (i // self.L) * len(pos) + pos.index(i % self.L)


class ClassCycle(Cycle):
    """A Cycle over a coarser labelling (e.g. drug / other for market categories)."""

    def __init__(self, pattern, n, classify):
        super().__init__([classify(p) for p in pattern], n)


def pages_of(n, per):
    return max(1, math.ceil(n / per))


class Layout:
    def __init__(self, scale: float):
        P = scale
        self.scale = scale
        self.n_items = max(30, round(0.22 * P))
        self.n_threads = max(20, round(0.11 * P))
        self.n_news = max(20, round(0.09 * P))
        self.n_shop = max(24, round(0.12 * P))
        tg_total = max(12 * 10, round(0.42 * P))
        wsum = sum(c["weight"] for c in CHANNELS)
        self.tg_counts = {c["name"]: max(10, round(tg_total * c["weight"] / wsum)) for c in CHANNELS}

        self.categories = Cycle(CATEGORY_PATTERN, self.n_items)
        self.item_class = ClassCycle(CATEGORY_PATTERN, self.n_items, lambda s: CAT_BY_SLUG[s][3])
        n_drug = self.item_class.count("drug")
        n_other = self.item_class.count("other")
        self.n_vendors = {"drug": max(4, n_drug // 12), "other": max(2, n_other // 10)}
        self.boards = Cycle(BOARD_PATTERN, self.n_threads)
        self.shop_sections = Cycle(SHOP_PATTERN, self.n_shop)

    # market vendors -----------------------------------------------------------
    def vendor_of(self, item_id: int):
        cls = self.item_class.label(item_id)
        return cls, self.item_class.rank(item_id) % self.n_vendors[cls]

    def vendor_count(self, cls, v) -> int:
        total = self.item_class.count(cls)
        V = self.n_vendors[cls]
        return max(0, (total - v + V - 1) // V)

    def vendor_item(self, cls, v, k) -> int:
        return self.item_class.nth(cls, v + k * self.n_vendors[cls])

    # telegram -------------------------------------------------------------------
    @staticmethod
    def post_id(index: int) -> int:
        """Post ids start at 2 and skip one id after every 9 messages (deleted posts)."""
        return index + 2 + index // 9

    @staticmethod
    def index_of(post_id: int):
        """Inverse of post_id, or None for a deleted/nonexistent id."""
        if post_id < 2:
            return None
        x = post_id - 2  # = i + i//9
        i = (x * 9) // 10
        for cand in (i - 1, i, i + 1, i + 2):
            if cand >= 0 and cand + 2 + cand // 9 == post_id:
                return cand
        return None

    @staticmethod
    def count_below(post_id: int) -> int:
        """How many message indexes have post_id(i) < post_id."""
        lo, hi = 0, max(0, post_id)
        while lo < hi:
            mid = (lo + hi) // 2
            if mid + 2 + mid // 9 < post_id:
                lo = mid + 1
            else:
                hi = mid
        return lo


def build(pages=None, seed=0, thread_pages=None) -> Layout:
    """Choose a scale so the site has at least ``pages`` fetchable pages."""
    target = DEFAULT_PAGES if pages is None else max(1, int(pages))
    scale = target * 0.93
    while True:
        lay = Layout(scale)
        if thread_pages is None:
            return lay
        if total_fetchable(lay, thread_pages(lay)) >= target:
            return lay
        scale *= 1.03


def total_fetchable(lay: Layout, n_thread_pages: int) -> int:
    from .text_market import CATEGORIES

    n = 3  # /, /robots.txt, /private/
    n += 1 + sum(pages_of(lay.categories.count(c[0]), PER_CATEGORY_PAGE) for c in CATEGORIES)
    n += lay.n_items
    for cls, V in lay.n_vendors.items():
        n += sum(pages_of(lay.vendor_count(cls, v), PER_VENDOR_PAGE) for v in range(V) if lay.vendor_count(cls, v))
    n += 1 + sum(pages_of(lay.boards.count(b), PER_BOARD_PAGE) for b in set(BOARD_PATTERN))
    n += n_thread_pages
    for cnt in lay.tg_counts.values():
        n += 1 + pages_of(cnt, PER_TG_PAGE) + cnt
    n += pages_of(lay.n_news, PER_NEWS_PAGE) + lay.n_news
    n += 1 + sum(pages_of(lay.shop_sections.count(s), PER_SHOP_PAGE) for s in set(SHOP_PATTERN)) + lay.n_shop
    return n
