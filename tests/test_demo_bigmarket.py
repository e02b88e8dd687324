"""/bigmarket/ (a large market where drug listings are rare) and change over time (DemoServer.day)."""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections import Counter, deque
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from demo import bigmarket as BM
from demo.changes import (
    NEW_POSTS_PER_DAY,
    changed_on_day,
    gone_by_day,
    gone_on_day,
    new_on_day,
    shift_price,
)
from demo.channels import CHANNEL_NAMES
from demo.server import DemoServer
from demo.site import KNOWN_LISTING_PATH, bigmarket_ground_truth, document_text, get_site, ground_truth

ROOT = Path(__file__).resolve().parent.parent
ITEM = re.compile(r'<a class="title" href="(/bigmarket/item/\d+)">([^<]*)</a>')
HREF = re.compile(r'href="(/bigmarket/[^"]*)"')


def fetch(base, path):
    try:
        with urllib.request.urlopen(base + path, timeout=30) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def local(bm, path):
    u = urlsplit(path)
    q = {k: v[0] for k, v in parse_qs(u.query.replace("&amp;", "&")).items()}
    return bm.handle(u.path, q)


@pytest.fixture(scope="module")
def truth():
    return list(bigmarket_ground_truth())


@pytest.fixture(scope="module")
def small_srv():
    with DemoServer(bigmarket=500) as server:
        yield server


# ============================================================================ big market


def test_counts_and_share_of_drug_listings(truth):
    bm = BM.get_bigmarket()
    assert bm.n == BM.DEFAULT_N == 20_000 == len(truth)
    paths = [d["path"] for d in truth]
    assert len(set(paths)) == len(paths)
    share = sum(d["label"] for d in truth) / len(truth)
    assert 0.025 <= share <= 0.035
    cats = Counter(d["category"] for d in truth)
    assert len(cats) == 16 and sum(cats.values()) == bm.n
    drug_cats = {d["category"] for d in truth if d["label"]}
    assert drug_cats == set(BM.DRUG_SLUGS) and len(set(cats) - drug_cats) >= 12
    assert all(d["kind"] == ("market_listing" if d["label"] else "other") for d in truth)
    # drug titles come in every language
    assert {d["lang"] for d in truth if d["label"]} == {"en", "ru", "uz-latn", "uz-cyrl"}
    assert bm.count_pages() == 1 + sum(bm.n_pages(s) for s in BM.SLUGS) + bm.n


def test_urls_do_not_leak_labels(truth):
    bm = BM.get_bigmarket()
    assert all(re.fullmatch(r"/bigmarket/item/\d+", d["path"]) for d in truth)
    assert all(re.fullmatch(r"c\d\d", s) for s in BM.SLUGS)
    assert BM.SLUGS.index(BM.DRUG_SLUGS[0]) not in (0, len(BM.SLUGS) - 1)
    # drug listings are spread over the whole id range, not in blocks
    ids = [int(d["path"].rsplit("/", 1)[1]) for d in truth if d["label"]]
    deciles = Counter((i - 1) * 10 // bm.n for i in ids)
    for k in range(10):
        assert 0.015 <= deciles[k] / (bm.n / 10) <= 0.045, (k, deciles[k])
    parity = sum(i % 2 for i in ids) / len(ids)
    assert 0.4 < parity < 0.6
    runs = sum(1 for i in ids if i + 1 in set(ids))
    assert runs < 0.1 * len(ids)
    # the ids of one category are shuffled too
    first = [bm.nth("c01", k) for k in range(200)]
    assert first != sorted(first)


def test_category_pages_cover_every_listing_exactly_once():
    bm = BM.get_bigmarket()
    seen = []
    for s in BM.SLUGS:
        seen += [bm.nth(s, k) for k in range(bm.sizes[s])]
        assert all(bm.category_of(bm.nth(s, k)) == s for k in (0, bm.sizes[s] - 1))
    assert sorted(seen) == list(range(1, bm.n + 1))


def test_pages_through_the_server(small_srv):
    base = small_srv.base_url
    bm = BM.get_bigmarket(500)
    status, body = fetch(base, "/bigmarket/")
    assert status == 200
    html = body.decode()
    for s in BM.SLUGS:
        assert f'href="/bigmarket/c/{s}"' in html
    assert "Stimulants &amp; party" in html and "Pharma (no Rx)" in html
    assert fetch(base, "/bigmarket")[0] == 200  # 301 followed
    status, body = fetch(base, "/bigmarket/c/c01")
    rows = ITEM.findall(body.decode().split('<aside class="sponsored">')[0].split('<ul class="cards">')[1])
    assert status == 200 and len(rows) == BM.PER_PAGE == 20
    for path, text in rows[:5]:  # anchor text = the listing's title
        ident = int(path.rsplit("/", 1)[1])
        assert text.replace("&amp;", "&").replace("&#x27;", "'").replace("&quot;", '"') == bm.title(ident)
    last = bm.n_pages("c01")
    assert fetch(base, f"/bigmarket/c/c01?page={last}")[0] == 200
    for bad in [
        f"/bigmarket/c/c01?page={last + 1}",
        "/bigmarket/c/c01?page=0",
        "/bigmarket/c/c17",
        "/bigmarket/c/drugs",
        "/bigmarket/item/0",
        "/bigmarket/item/501",
        "/bigmarket/item/01",
        "/bigmarket/nothing",
    ]:
        assert fetch(base, bad)[0] == 404, bad
    # a listing: price, title, related and random links
    drug = next(d for d in BM.get_bigmarket(500).ground_truth() if d["label"])
    status, body = fetch(base, drug["path"])
    html = body.decode()
    assert status == 200 and '<span class="price">' in html and 'class="description"' in html
    related = ITEM.findall(html.split('<section class="related">')[1].split("</section>")[0])
    randoms = ITEM.findall(html.split('<section class="also">')[1].split("</section>")[0])
    assert 4 <= len(related) <= 5 and len(randoms) == 2
    assert document_text_bm(bm, drug["path"]).split("\n")[0] in html.replace("&#x27;", "'").replace("&amp;", "&")


def document_text_bm(bm, path):
    return bm.document_text(path)


def test_related_links_are_mostly_the_same_category_and_sponsored_blocks_exist():
    bm = BM.get_bigmarket()
    same = total = 0
    for ident in range(1, 2001, 7):
        rel = bm.related(ident)
        assert 4 <= len(rel) <= 5 and ident not in rel
        same += sum(bm.category_of(j) == bm.category_of(ident) for j in rel)
        total += len(rel)
    assert same / total >= 0.7
    sponsored_pages = 0
    for s in BM.SLUGS:
        for p in range(1, min(bm.n_pages(s), 30) + 1):
            sp = bm.sponsored(s, p)
            assert all(bm.is_drug(i) for i in sp)
            sponsored_pages += bool(sp)
    assert sponsored_pages >= 10
    page = local(bm, next(f"/bigmarket/c/{s}?page={p}" for s in BM.SLUGS for p in range(2, 30) if bm.sponsored(s, p)))
    assert b'<aside class="sponsored">' in page[2]


def test_determinism_and_seed():
    a, b = BM.BigMarket(3000, seed=0), BM.BigMarket(3000, seed=0)
    for path in [
        "/bigmarket/",
        "/bigmarket/c/c07",
        "/bigmarket/c/c03?page=3",
        "/bigmarket/item/1",
        "/bigmarket/item/2999",
    ]:
        assert local(a, path) == local(b, path)
    c = BM.BigMarket(3000, seed=1)
    assert [c.category_of(i) for i in range(1, 200)] != [a.category_of(i) for i in range(1, 200)]
    assert BM.get_bigmarket() is BM.get_bigmarket(None, 0)


def test_bfs_with_a_page_budget_reaches_every_listing():
    bm = BM.BigMarket(1500)
    budget = bm.count_pages()
    want = {f"/bigmarket/item/{i}" for i in range(1, bm.n + 1)}
    seen, queue, fetched = {"/bigmarket/"}, deque(["/bigmarket/"]), 0
    while queue and fetched < budget:
        path = queue.popleft()
        status, _, body, _ = local(bm, path)
        fetched += 1
        assert status == 200, path
        for href in HREF.findall(body.decode()):
            href = href.replace("&amp;", "&")
            if href not in seen:
                seen.add(href)
                queue.append(href)
    assert want <= seen
    assert fetched <= budget and not queue  # everything fetched within the budget
    assert len(seen) == budget


# ============================================================================ change over time


@pytest.fixture(scope="module")
def day_srv():
    srv = DemoServer(day=0)
    srv.start()
    yield srv
    srv.stop()


def _price(html: str) -> str:
    return re.search(r'<span class="price">([^<]*)</span>', html).group(1)


def test_day_changes_prices_and_removes_listings(day_srv):
    base = day_srv.base_url
    site = get_site()
    items = [f"/market/item/{i}" for i in range(1, site.lay.n_items + 1)]
    day0 = {p: fetch(base, p) for p in items}
    assert all(s == 200 for s, _ in day0.values())
    changed, gone = changed_on_day(1), gone_on_day(1)
    assert changed and gone and not changed & gone
    assert 0.04 <= len(changed) / len(items) <= 0.18 and 0.01 <= len(gone) / len(items) <= 0.1
    assert KNOWN_LISTING_PATH not in gone
    day_srv.day = 1
    try:
        for p in items:
            status, body = fetch(base, p)
            if p in gone:
                assert status == 404, p
            elif p in changed:
                old = day0[p][1].decode()
                new = body.decode()
                assert status == 200 and _price(new) != _price(old)
                assert new.replace(_price(new), _price(old), 1) == old  # only the price moved
                assert _price(new) in document_text(p, day=1) and _price(old) in document_text(p)
            else:
                assert (status, body) == day0[p], p
        cat = fetch(base, "/market/c/stimulants")[1].decode()
        assert not any(f'href="{g}"' in cat for g in gone)
        assert {d["path"] for d in ground_truth(day=1)} & gone == set()
    finally:
        day_srv.day = 0
    assert fetch(base, next(iter(gone))) == day0[next(iter(gone))]  # back to day 0


def test_day_rates_on_a_larger_site_and_over_days():
    n = get_site(pages=3000).lay.n_items
    ch, gn = changed_on_day(1, pages=3000), gone_on_day(1, pages=3000)
    assert 0.07 <= len(ch) / n <= 0.13 and 0.03 <= len(gn) / n <= 0.07
    assert gone_by_day(2, pages=3000) == gn | gone_on_day(2, pages=3000)
    assert not changed_on_day(2, pages=3000) & gone_by_day(2, pages=3000)
    assert changed_on_day(0) == gone_on_day(0) == new_on_day(0) == set()


def test_telegram_gets_new_posts_on_day_one(day_srv):
    base = day_srv.base_url
    new = new_on_day(1)
    assert len(new) == NEW_POSTS_PER_DAY * len(CHANNEL_NAMES)
    old_paths = [d["path"] for d in ground_truth() if d["site"] == "telegram"][::25]
    before = {p: fetch(base, p) for p in old_paths}
    ch = "snegovik_tash"
    preview0 = fetch(base, f"/t.me/s/{ch}")[1].decode()
    assert all(fetch(base, p)[0] == 404 for p in sorted(new)[:6])
    day_srv.day = 1
    try:
        preview1 = fetch(base, f"/t.me/s/{ch}")[1].decode()
        ids0 = [int(x) for x in re.findall(rf'data-post="{ch}/(\d+)"', preview0)]
        ids1 = [int(x) for x in re.findall(rf'data-post="{ch}/(\d+)"', preview1)]
        added = [i for i in ids1 if i > max(ids0)]
        assert len(added) == NEW_POSTS_PER_DAY and ids1[:-NEW_POSTS_PER_DAY] == ids0[NEW_POSTS_PER_DAY:]
        assert {f"/t.me/{ch}/{i}" for i in added} == {p for p in new if p.startswith(f"/t.me/{ch}/")}
        for p in sorted(new)[:6]:
            assert fetch(base, p)[0] == 200 and document_text(p, day=1)
        for p, resp in before.items():
            assert fetch(base, p) == resp, p
        truth1 = {d["path"] for d in ground_truth(day=1)}
        assert new <= truth1
    finally:
        day_srv.day = 0


def test_shift_price_keeps_the_format():
    for text, factor, want in [
        ("$48", 1.1, "$53"),
        ("610 000 сум", 1.1, "670 000 сум"),
        ("1.250.000 so'm", 0.95, "1.190.000 so'm"),
        ("0.00053 BTC", 1.1, "0.00058 BTC"),
        ("1,5 mln UZS", 1.1, "1,7 mln UZS"),
        ("48$ (USDT)", 0.9, "43$ (USDT)"),
    ]:
        assert shift_price(text, factor) == want
    assert shift_price("$1", 1.05) != "$1"


def test_cli_day_flag():
    gone = sorted(gone_on_day(1))[0]
    proc = subprocess.Popen(
        [sys.executable, "-m", "demo.server", "--port", "0", "--day", "1", "--bigmarket", "300"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        m = re.search(r"(http://127\.0\.0\.1:\d+)", proc.stdout.readline())
        assert m
        assert fetch(m.group(1), gone)[0] == 404
        assert fetch(m.group(1), "/bigmarket/item/300")[0] == 200
        assert fetch(m.group(1), "/bigmarket/item/301")[0] == 404
    finally:
        proc.terminate()
        proc.wait(timeout=10)
