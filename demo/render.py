"""HTML pages of every demo site.  Each function gets the Site, the path parts
after the site prefix and the parsed query, and returns bytes or raises
NotFound.
"""

from __future__ import annotations

import hashlib

from . import html as H
from .channels import BY_NAME as CHANNEL_BY_NAME
from .channels import CHANNELS
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
)
from .rand import rng_for
from .sitedata import BOARD_ORDER, BOARDS, HTML_LANG, SHOP_SECTIONS, NotFound, int_arg
from .text_market import CAT_BY_SLUG, CATEGORIES
from .vocab import onion_address

esc = H.esc


def _page_param(q, n_pages):
    if "page" not in q:
        return 1
    return int_arg(q["page"], 1, n_pages)


def _fmt_views(v: int) -> str:
    if v < 1000:
        return str(v)
    if v < 1_000_000:
        s = f"{v / 1000:.1f}".rstrip("0").rstrip(".")
        return s + "K"
    return f"{v / 1_000_000:.1f}".rstrip("0").rstrip(".") + "M"


# ============================================================================ home


def home(site) -> bytes:
    tg = "\n".join(
        f'<li><a href="/t.me/s/{esc(c["name"])}">{esc(c["title"])}</a> <small>@{esc(c["name"])}</small></li>'
        for c in CHANNELS
    )
    main = f"""<p>A small synthetic internet for testing the IMT Monitor crawler and classifier.
All pages are fiction generated on request.</p>
<section class="sites">
<h2>Sites</h2>
<ul>
<li><a href="/market/">{H.SITE_NAMES["market"]}</a> — a darknet-style marketplace</li>
<li><a href="/forum/">{H.SITE_NAMES["forum"]}</a> — a community forum</li>
<li><a href="/news/">{H.SITE_NAMES["news"]}</a> — news</li>
<li><a href="/shop/">{H.SITE_NAMES["shop"]}</a> — classifieds and a licensed pharmacy</li>
</ul>
<h2>Telegram channels (public previews)</h2>
<ul>
{tg}
</ul>
</section>"""
    return H.page(H.SITE_NAMES["home"], H.SITE_NAMES["home"], main)


def private(site) -> bytes:
    main = """<p>Staff area of the demo internet. Crawlers that respect robots.txt never see this page.</p>
<ul><li>Backup schedule: nightly</li><li>Moderation queue: 0 items</li></ul>"""
    return H.page("Private — staff only", "Staff only", main)


# ============================================================================ market

MARKET_NAV = [("/", "Home"), ("/market/", "Kora Bazaar")] + [(f"/market/c/{c[0]}", c[1]) for c in CATEGORIES]


def market(site, parts, q) -> bytes:
    if parts == [""]:
        return _market_home(site)
    if len(parts) == 2 and parts[0] == "c":
        return _category_page(site, parts[1], q)
    if len(parts) == 2 and parts[0] == "item":
        return _listing_page(site, parts[1])
    if len(parts) == 2 and parts[0] == "vendor":
        return _vendor_page(site, parts[1], q)
    raise NotFound()


def _market_home(site) -> bytes:
    L = site.lay
    cats = "\n".join(
        f'<li><a href="/market/c/{c[0]}">{esc(c[1])}</a> <span class="ru">{esc(c[2])}</span> '
        f'<span class="count">({L.categories.count(c[0])})</span></li>'
        for c in CATEGORIES
    )
    featured = []
    for i in range(L.n_items, max(0, L.n_items - 10), -1):
        if site.item_gone(i):
            continue
        d = site.item_doc(i)
        featured.append(f'<li><a href="/market/item/{i}">{esc(d["title"])}</a></li>')
    rng = rng_for(site.seed, "market-home")
    main = f"""<p class="notice">Escrow for every order. Finalize early only with vendors you trust.
Mirror: <code>{onion_address(rng)}</code></p>
<section><h2>Categories</h2><ul class="categories">
{cats}
</ul></section>
<section><h2>Latest listings</h2><ul class="featured">
{chr(10).join(featured)}
</ul></section>"""
    return H.page("Kora Bazaar — market", "Kora Bazaar", main, links=MARKET_NAV)


def _listing_rows(site, ids, by_vendor: bool) -> list[str]:
    """The rows of a category or vendor page for the listings ``ids`` that are still up."""
    rows = []
    for i in ids:
        if site.item_gone(i):
            continue
        d = site.item_doc(i)
        vendor = f' by <a href="/market/vendor/{esc(d["vendor"])}">{esc(d["vendor"])}</a>' if by_vendor else ""
        rows.append(
            f'<li class="listing-row"><a class="title" href="/market/item/{i}">{esc(d["title"])}</a> '
            f'<span class="list-price">{esc(site.item_price(i))}</span>{vendor}</li>'
        )
    return rows


def _category_page(site, slug, q) -> bytes:
    L = site.lay
    if slug not in CAT_BY_SLUG:
        raise NotFound()
    cnt = L.categories.count(slug)
    n_pages = pages_of(cnt, PER_CATEGORY_PAGE)
    p = _page_param(q, n_pages)
    ids = (L.categories.nth(slug, k) for k in range((p - 1) * PER_CATEGORY_PAGE, min(cnt, p * PER_CATEGORY_PAGE)))
    rows = _listing_rows(site, ids, by_vendor=True)
    pag, head = H.pager(f"/market/c/{slug}", p, n_pages)
    c = CAT_BY_SLUG[slug]
    main = f'<p>{esc(c[2])} · {cnt} listings</p>\n<ul class="listings">\n' + "\n".join(rows) + f"\n</ul>\n{pag}"
    title = f"{c[1]} — page {p} — Kora Bazaar" if p > 1 else f"{c[1]} — Kora Bazaar"
    return H.page(title, c[1], main, links=MARKET_NAV, head_extra=head)


def _listing_page(site, ident) -> bytes:
    i = int_arg(ident, 1, site.lay.n_items)
    if site.item_gone(i):
        raise NotFound()
    d = site.item_doc(i)
    c = CAT_BY_SLUG[d["cat"]]
    rng = rng_for(site.seed, "item-chrome", i)
    stock = rng.randint(0, 60)
    sold = rng.randint(0, 900)
    desc = H.paras(d["paragraphs"])
    main = f"""<div class="breadcrumbs"><a href="/market/">Kora Bazaar</a> › <a href="/market/c/{c[0]}">{esc(c[1])}</a></div>
<div class="listing-detail" data-id="{i}">
<div class="meta">
<span class="price">{esc(site.item_price(i))}</span>
<span class="vendor-wrap">Vendor: <a class="vendor" href="/market/vendor/{esc(d["vendor"])}">{esc(d["vendor"])}</a></span>
<span class="ships">{esc(d["ships"])}</span>
<span class="stock">In stock: {stock}</span> <span class="sold">Sold: {sold}</span>
</div>
<div class="description" lang="{HTML_LANG[d["lang"]]}">
{desc}
</div>
</div>"""
    return H.page(f"{d['title']} — Kora Bazaar", d["title"], main, links=MARKET_NAV, lang=HTML_LANG[d["lang"]])


def _vendor_page(site, name, q) -> bytes:
    L = site.lay
    site.vendor_names()
    key = site._vendor_by_name.get(name.lower())
    if key is None or site.vendor_name(*key) != name:
        raise NotFound()
    cls, v = key
    cnt = L.vendor_count(cls, v)
    if not cnt:
        raise NotFound()
    n_pages = pages_of(cnt, PER_VENDOR_PAGE)
    p = _page_param(q, n_pages)
    ids = (L.vendor_item(cls, v, k) for k in range((p - 1) * PER_VENDOR_PAGE, min(cnt, p * PER_VENDOR_PAGE)))
    rows = _listing_rows(site, ids, by_vendor=False)
    rng = rng_for(site.seed, "vendor-profile", cls, v)
    fp = hashlib.sha1(f"{site.seed}:{cls}:{v}".encode()).hexdigest().upper()
    fp = " ".join(fp[j : j + 4] for j in range(0, 40, 4))
    pag, head = H.pager(f"/market/vendor/{name}", p, n_pages)
    main = f"""<div class="vendor-profile">
<p>Member since {2022 + rng.randint(0, 3)} · {rng.randint(40, 3000)} sales · rating {rng.uniform(4.3, 5.0):.2f}/5</p>
<p>PGP fingerprint: <code>{fp}</code></p>
</div>
<h2>Listings ({cnt})</h2>
<ul class="listings">
{chr(10).join(rows)}
</ul>
{pag}"""
    return H.page(f"Vendor {name} — Kora Bazaar", name, main, links=MARKET_NAV, head_extra=head)


# ============================================================================ forum

FORUM_NAV = [("/", "Home"), ("/forum/", "Choyxona Forum")] + [
    (f"/forum/b/{b}", BOARDS[b]["title"]) for b in BOARD_ORDER
]


def forum(site, parts, q) -> bytes:
    L = site.lay
    if parts == [""]:
        rows = "\n".join(
            f'<li><a href="/forum/b/{b}">{esc(BOARDS[b]["title"])}</a> <span class="count">{L.boards.count(b)} threads</span></li>'
            for b in BOARD_ORDER
        )
        main = f'<p>Talk about anything: life in Tashkent, work, health, buying and selling.</p>\n<ul class="boards">\n{rows}\n</ul>'
        return H.page("Choyxona Forum", "Choyxona Forum", main, links=FORUM_NAV)
    if len(parts) == 2 and parts[0] == "b":
        b = parts[1]
        if b not in BOARDS:
            raise NotFound()
        cnt = L.boards.count(b)
        n_pages = pages_of(cnt, PER_BOARD_PAGE)
        p = _page_param(q, n_pages)
        rows = []
        # newest threads first
        for k in range((p - 1) * PER_BOARD_PAGE, min(cnt, p * PER_BOARD_PAGE)):
            t = L.boards.nth(b, cnt - 1 - k)
            d = site.thread_doc(t)
            rows.append(
                f'<li class="thread-row"><a href="/forum/t/{t}">{esc(d["title"])}</a> '
                f'<span class="by">by {esc(d["op"])}</span> <span class="replies">{d["n_posts"] - 1} replies</span></li>'
            )
        pag, head = H.pager(f"/forum/b/{b}", p, n_pages)
        main = '<ul class="threads">\n' + "\n".join(rows) + f"\n</ul>\n{pag}"
        return H.page(
            f"{BOARDS[b]['title']} — Choyxona Forum",
            BOARDS[b]["title"],
            main,
            links=FORUM_NAV,
            head_extra=head,
        )
    if len(parts) == 2 and parts[0] == "t":
        t = int_arg(parts[1], 1, L.n_threads)
        d = site.thread_doc(t)
        n_pages = pages_of(d["n_posts"], PER_THREAD_PAGE)
        p = _page_param(q, n_pages)
        posts = []
        for k in range((p - 1) * PER_THREAD_PAGE, min(d["n_posts"], p * PER_THREAD_PAGE)):
            author, text = d["posts"][k]
            when = d["times"][k]
            posts.append(
                f'<div class="post" id="p{t}-{k + 1}"><span class="author">{esc(author)}</span> '
                f'<time datetime="{when.isoformat()}">{when:%Y-%m-%d %H:%M}</time>'
                f'<div class="body">{H.tg_text_html(text, handles=False)}</div></div>'
            )
        pag, head = H.pager(f"/forum/t/{t}", p, n_pages)
        crumbs = f'<div class="breadcrumbs"><a href="/forum/">Forum</a> › <a href="/forum/b/{d["board"]}">{esc(BOARDS[d["board"]]["title"])}</a></div>'
        main = crumbs + '\n<div class="posts">\n' + "\n".join(posts) + f"\n</div>\n{pag}"
        title = d["title"] + (f" — page {p}" if p > 1 else "") + " — Choyxona Forum"
        return H.page(title, d["title"], main, links=FORUM_NAV, head_extra=head, lang=HTML_LANG[d["lang"]])
    raise NotFound()


# ============================================================================ telegram


def _channel(name):
    c = CHANNEL_BY_NAME.get(name.lower())
    if c is None or name != c["name"] and name.lower() != c["name"]:
        raise NotFound()
    return c


def _message_html(site, ch, idx, c) -> str:
    d = site.tg_doc(ch, idx)
    pid = d["post_id"]
    fwd = ""
    if d["forwarded"]:
        o = CHANNEL_BY_NAME[d["forwarded"]]
        fwd = (
            f'<div class="tgme_widget_message_forwarded_from">Forwarded from '
            f'<a class="tgme_widget_message_forwarded_from_name" href="/t.me/{o["name"]}">{esc(o["title"])}</a></div>\n'
        )
    t = d["time"]
    return f"""<div class="tgme_widget_message_wrap js-widget_message_wrap">
<div class="tgme_widget_message js-widget_message" data-post="{ch}/{pid}">
<div class="tgme_widget_message_bubble">
<div class="tgme_widget_message_author"><a class="tgme_widget_message_owner_name" href="/t.me/{ch}"><span dir="auto">{esc(c["title"])}</span></a></div>
{fwd}<div class="tgme_widget_message_text js-message_text" dir="auto">{H.tg_text_html(d["text"], bold_first=d["bold"])}</div>
<div class="tgme_widget_message_footer"><span class="tgme_widget_message_views">{_fmt_views(d["views"])}</span><a class="tgme_widget_message_date" href="/t.me/{ch}/{pid}"><time datetime="{t.strftime("%Y-%m-%dT%H:%M:%S+00:00")}" class="time">{t:%H:%M}</time></a></div>
</div>
</div>
</div>"""


def _channel_info(site, c) -> str:
    subs = _fmt_views(int(300 * c["weight"] ** 2 + 1500 * c["weight"]))
    return f"""<section class="tgme_channel_info">
<div class="tgme_channel_info_header">
<div class="tgme_channel_info_header_title"><span dir="auto">{esc(c["title"])}</span></div>
<div class="tgme_channel_info_header_username"><a href="/t.me/{c["name"]}">@{c["name"]}</a></div>
</div>
<div class="tgme_channel_info_counters"><div class="tgme_channel_info_counter"><span class="counter_value">{subs}</span> <span class="counter_type">subscribers</span></div></div>
<div class="tgme_channel_info_description">{H.tg_text_html(c["desc"])}</div>
</section>"""


def telegram(site, parts, q) -> bytes:
    if len(parts) == 2 and parts[0] == "s":
        return _preview_page(site, parts[1], q)
    if len(parts) == 1 and parts[0]:
        return _channel_page(site, parts[0])
    if len(parts) == 2 and parts[0] != "s":
        return _post_page(site, parts[0], parts[1])
    raise NotFound()


def _preview_window(q, n) -> tuple[int, int]:
    """The message indexes ``start..end-1`` of a preview page: the newest, or those ``before``/``after`` a post id."""
    if "before" in q:
        end = Layout.count_below(int_arg(q["before"], 1))
        end = min(end, n)
        start = max(0, end - PER_TG_PAGE)
    elif "after" in q:
        start = Layout.count_below(int_arg(q["after"], 1) + 1)
        end = min(n, start + PER_TG_PAGE)
    else:
        end, start = n, max(0, n - PER_TG_PAGE)
    if start >= end:
        raise NotFound()
    return start, end


def _preview_page(site, name, q) -> bytes:
    """/t.me/s/<channel>: the public preview, PER_TG_PAGE messages, newest last."""
    c = _channel(name)
    ch = c["name"]
    n = site.tg_count(ch)
    start, end = _preview_window(q, n)
    msgs = "\n".join(_message_html(site, ch, i, c) for i in range(start, end))
    head = f'<link rel="canonical" href="/t.me/s/{ch}">\n'
    more = ""
    if start > 0:
        before = Layout.post_id(start)
        head += f'<link rel="prev" href="/t.me/s/{ch}?before={before}">\n'
        more = (
            f'<div class="tme_messages_more_wrap"><a class="tme_messages_more js-messages_more" '
            f'data-before="{before}" href="/t.me/s/{ch}?before={before}">Load older messages</a></div>\n'
        )
    if end < n:
        head += f'<link rel="next" href="/t.me/s/{ch}?after={Layout.post_id(end - 1)}">\n'
    head += (
        f'<meta property="og:title" content="{esc(c["title"])}">\n'
        f'<meta property="og:description" content="{esc(c["desc"])}">\n'
    )
    main = f"""{_channel_info(site, c)}
<section class="tgme_channel_history js-message_history">
{more}{msgs}
</section>"""
    links = [("/", "Home"), (f"/t.me/{ch}", f"@{ch}"), (f"/t.me/s/{ch}", "Preview")]
    return H.page(
        f"{c['title']} – Telegram",
        c["title"],
        main,
        links=links,
        head_extra=head,
        body_class="widget_frame_base tgme_webpreview",
        h1_class="tgme_channel_title",
    )


def _channel_page(site, name) -> bytes:
    """/t.me/<channel>: the channel's landing page."""
    c = _channel(name)
    ch = c["name"]
    main = f"""<div class="tgme_page">
<div class="tgme_page_title"><span dir="auto">{esc(c["title"])}</span></div>
<div class="tgme_page_extra">@{ch}</div>
<div class="tgme_page_description">{H.tg_text_html(c["desc"])}</div>
<div class="tgme_page_context_link_wrap"><a class="tgme_page_context_link" href="/t.me/s/{ch}">Preview channel</a></div>
</div>"""
    links = [("/", "Home"), (f"/t.me/s/{ch}", "Preview channel")]
    return H.page(f"Telegram: Contact @{ch}", c["title"], main, links=links)


def _post_page(site, name, post) -> bytes:
    """/t.me/<channel>/<post_id>: one message."""
    c = _channel(name)
    ch = c["name"]
    idx = Layout.index_of(int_arg(post, 1))
    if idx is None or idx >= site.tg_count(ch):
        raise NotFound()
    d = site.tg_doc(ch, idx)
    snippet = d["text"].replace("\n", " ")[:200]
    head = (
        f'<link rel="canonical" href="/t.me/{ch}/{d["post_id"]}">\n'
        f'<meta property="og:title" content="{esc(c["title"])}">\n'
        f'<meta property="og:description" content="{esc(snippet)}">\n'
    )
    main = f"""<section class="tgme_channel_history js-message_history">
{_message_html(site, ch, idx, c)}
</section>
<p><a class="tgme_page_context_link" href="/t.me/s/{ch}">View in channel</a></p>"""
    links = [("/", "Home"), (f"/t.me/{ch}", f"@{ch}"), (f"/t.me/s/{ch}", "Preview channel")]
    return H.page(
        f"{c['title']} – Telegram",
        c["title"],
        main,
        links=links,
        head_extra=head,
        lang=HTML_LANG[d["lang"]],
        body_class="widget_frame_base tgme_webpreview",
        h1_class="tgme_channel_title",
    )


# ============================================================================ news

NEWS_NAV = [("/", "Home"), ("/news/", "Toshkent Xabarlari")]


def news(site, parts, q) -> bytes:
    L = site.lay
    if parts == [""]:
        n_pages = pages_of(L.n_news, PER_NEWS_PAGE)
        p = _page_param(q, n_pages)
        rows = []
        for k in range((p - 1) * PER_NEWS_PAGE, min(L.n_news, p * PER_NEWS_PAGE)):
            a = L.n_news - k
            d = site.news_doc(a)
            rows.append(
                f'<li class="news-row"><a href="/news/a/{a}">{esc(d["headline"])}</a> '
                f'<time datetime="{d["time"].isoformat()}">{d["time"]:%Y-%m-%d}</time></li>'
            )
        pag, head = H.pager("/news/", p, n_pages)
        main = '<ul class="news-list">\n' + "\n".join(rows) + f"\n</ul>\n{pag}"
        title = "Toshkent Xabarlari — news" + (f" — page {p}" if p > 1 else "")
        return H.page(title, "Toshkent Xabarlari", main, links=NEWS_NAV, head_extra=head)
    if len(parts) == 2 and parts[0] == "a":
        a = int_arg(parts[1], 1, L.n_news)
        d = site.news_doc(a)
        main = f"""<article lang="{HTML_LANG[d["lang"]]}">
<p class="byline"><time datetime="{d["time"].isoformat()}">{d["time"]:%Y-%m-%d %H:%M}</time></p>
<div class="article-body">
{H.paras(d["paragraphs"])}
</div>
</article>"""
        return H.page(
            f"{d['headline']} — Toshkent Xabarlari",
            d["headline"],
            main,
            links=NEWS_NAV,
            lang=HTML_LANG[d["lang"]],
        )
    raise NotFound()


# ============================================================================ shop

SHOP_NAV = [("/", "Home"), ("/shop/", "Mahalla Bozori")] + [
    (f"/shop/c/{s}", v["title"]) for s, v in SHOP_SECTIONS.items()
]
PHARMACY_NOTE = (
    '<p class="licence">Dorixona «Shifo-Demo» — Sog\'liqni saqlash vazirligi litsenziyasi. '
    "Tramadol, pregabalin and other potent medicines are dispensed only with a doctor's prescription "
    "(по рецепту врача / faqat retsept bilan).</p>"
)


def _shop_row(site, a):
    d = site.shop_doc(a)
    return (
        f'<li class="ad-row"><a href="/shop/ad/{a}">{esc(d["title"])}</a> '
        f'<span class="list-price">{esc(d["price"])}</span> <span class="loc">{esc(d["location"])}</span></li>'
    )


def shop(site, parts, q) -> bytes:
    L = site.lay
    if parts == [""]:
        secs = "\n".join(
            f'<li><a href="/shop/c/{s}">{esc(v["title"])}</a> ({L.shop_sections.count(s)})</li>'
            for s, v in SHOP_SECTIONS.items()
        )
        latest = "\n".join(_shop_row(site, a) for a in range(L.n_shop, max(0, L.n_shop - PER_SHOP_PAGE), -1))
        main = f"""<p>Classifieds for Tashkent and the regions: goods, jobs, and our licensed pharmacy.</p>
<ul class="sections">
{secs}
</ul>
<h2>Latest ads</h2>
<ul class="ads">
{latest}
</ul>"""
        return H.page("Mahalla Bozori — classifieds", "Mahalla Bozori", main, links=SHOP_NAV)
    if len(parts) == 2 and parts[0] == "c":
        s = parts[1]
        if s not in SHOP_SECTIONS:
            raise NotFound()
        cnt = L.shop_sections.count(s)
        n_pages = pages_of(cnt, PER_SHOP_PAGE)
        p = _page_param(q, n_pages)
        rows = [
            _shop_row(site, L.shop_sections.nth(s, cnt - 1 - k))
            for k in range((p - 1) * PER_SHOP_PAGE, min(cnt, p * PER_SHOP_PAGE))
        ]
        pag, head = H.pager(f"/shop/c/{s}", p, n_pages)
        note = PHARMACY_NOTE if s == "pharmacy" else ""
        main = note + '\n<ul class="ads">\n' + "\n".join(rows) + f"\n</ul>\n{pag}"
        return H.page(
            f"{SHOP_SECTIONS[s]['title']} — Mahalla Bozori",
            SHOP_SECTIONS[s]["title"],
            main,
            links=SHOP_NAV,
            head_extra=head,
        )
    if len(parts) == 2 and parts[0] == "ad":
        a = int_arg(parts[1], 1, L.n_shop)
        d = site.shop_doc(a)
        note = PHARMACY_NOTE if d["section"] == "pharmacy" else ""
        main = f"""<div class="breadcrumbs"><a href="/shop/">Mahalla Bozori</a> › <a href="/shop/c/{d["section"]}">{esc(SHOP_SECTIONS[d["section"]]["title"])}</a></div>
<div class="ad-detail" lang="{HTML_LANG[d["lang"]]}">
<span class="price">{esc(d["price"])}</span>
<span class="location">{esc(d["location"])}</span>
<span class="seller">{esc(d["seller"])}</span> <span class="phone">{esc(d["phone"])}</span>
<div class="description">{H.tg_text_html(d["body"], handles=False)}</div>
</div>
{note}"""
        return H.page(f"{d['title']} — Mahalla Bozori", d["title"], main, links=SHOP_NAV, lang=HTML_LANG[d["lang"]])
    raise NotFound()
