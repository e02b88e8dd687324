from crawler.extract import extract_page, extract_telegram

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Shop – Mephedrone 2g</title>
<script>alert(1)</script><style>.x{}</style></head>
<body><nav><a href="/market/">Market</a> <a href="javascript:void(0)">x</a></nav>
<main><h1>Mephedrone crystals 2g</h1><p>Dead drop in Yunusobod.<br>Magnet or buried.</p>
<span class="price">$45</span> <a class="vendor" href="/market/vendor/snow">snowman</a>
<a href="/market/item/2#reviews">next</a> <a href="https://other.example/x">off</a></main>
<footer>footer text</footer></body></html>"""


def test_page_title_text_links_fields():
    page = extract_page(PAGE, "http://127.0.0.1:8089/market/item/1")
    assert page.title == "Mephedrone crystals 2g"
    assert "Dead drop in Yunusobod.\nMagnet or buried." in page.text
    assert "alert" not in page.text and "footer text" not in page.text and ".x{}" not in page.text
    assert "http://127.0.0.1:8089/market/" in page.links  # nav links are still followed
    assert "http://127.0.0.1:8089/market/item/2" in page.links  # fragment removed
    assert not any(link.startswith("javascript:") for link in page.links)
    assert page.fields == {"price": "$45", "vendor": "snowman"}


def test_page_without_main_uses_body_and_title_fallback():
    page = extract_page("<html><head><title>T</title></head><body><p>Привет</p></body></html>", "http://h/")
    assert page.title == "T" and page.text == "Привет"


TG = """<html><head><link rel="prev" href="/t.me/s/shop?before=101"></head><body>
<div class="tgme_channel_info_header_title"><span>Shop UZ</span></div>
<div class="tgme_widget_message_wrap"><div class="tgme_widget_message js-widget_message" data-post="shop/101">
<div class="tgme_widget_message_forwarded_from">Forwarded from
 <a class="tgme_widget_message_forwarded_from_name" href="/t.me/other">Other shop</a></div>
<div class="tgme_widget_message_text">Меф 1г — 400 000 сум<br/>Жми <a href="/t.me/x_bot">@x_bot</a></div>
<div class="tgme_widget_message_footer"><span class="tgme_widget_message_views">1.2K</span>
<a class="tgme_widget_message_date" href="/t.me/shop/101"><time datetime="2026-10-01T12:00:00+00:00">12:00</time></a>
</div></div></div>
<div class="tgme_widget_message_wrap"><div class="tgme_widget_message" data-post="shop/102">
<div class="tgme_widget_message_text">Second</div></div></div></body></html>"""


def test_telegram_messages():
    page = extract_telegram(TG, "http://127.0.0.1:8089/t.me/s/shop")
    assert page.title == "Shop UZ"
    assert [m.post_id for m in page.messages] == [101, 102]
    first = page.messages[0]
    assert first.channel == "shop" and first.text == "Меф 1г — 400 000 сум\nЖми @x_bot"
    assert first.views == "1.2K" and first.published_at == "2026-10-01T12:00:00+00:00"
    assert first.forwarded_from == "Other shop"
    assert first.links == ["http://127.0.0.1:8089/t.me/x_bot"]
    assert page.before_url == "http://127.0.0.1:8089/t.me/s/shop?before=101"


def test_telegram_first_page_has_no_before():
    page = extract_telegram(TG.replace('<link rel="prev" href="/t.me/s/shop?before=101">', ""), "http://h/t.me/s/shop")
    assert page.before_url == ""


def test_source_rules_override_title_body_price_vendor():
    html = """<html><body><h1>Generic</h1><main><p>generic body</p>
    <div class="ad"><h2 class="t">Меф 1г</h2><div class="d">Закладка, <b>магнит</b></div></div>
    <span data-p="350 000 сум"></span><i class="v">@vendor_bot</i></main></body></html>"""
    rules = {"title": "css:h2.t", "body": "css:div.d", "price": "xpath://span/@data-p", "vendor": "css:i.v::text"}
    page = extract_page(html, "http://h/x", rules)
    assert page.title == "Меф 1г"
    assert page.text == "Закладка, магнит"
    assert page.fields == {"price": "350 000 сум", "vendor": "@vendor_bot"}
    assert extract_page(html, "http://h/x").title == "Generic"
