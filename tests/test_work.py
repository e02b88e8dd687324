"""The page worker: per-page work in a batch, isolated per page, identical in a worker process and in-process."""

from __future__ import annotations

import gc
import os

import pytest

from crawler.spiders.common import doc_id

from crawler.sources import Source
from crawler.work import Job, PageWorker, process_batch

FOCUSED = Source(name="t", type="site", seeds=["http://h/market/"], follow=["^/market/"])
PLAIN = Source(name="t", type="site", seeds=["http://h/market/"], follow=["^/market/"], focus=False)
BROKEN_RULE = Source(name="t", type="site", seeds=["http://h/"], rules={"title": "xpath://[["})
CHANNEL = Source(name="tg", type="telegram", seeds=["http://h/t.me/s/shop"])

PAGE = (
    "<html><head><title>t</title></head><body><main><h1>Меф 1г</h1><p>Закладка магнит, Юнусабад. "
    "Связь @snow_shop_bot, +998 90 123 45 67. Цена 400 000 сум.</p><span class='price'>400 000 сум</span>"
    "<a href='/market/item/2'>next</a></main></body></html>"
).encode()
TG = (
    '<html><body><div class="tgme_channel_info_header_title">Shop</div>'
    '<div class="tgme_widget_message" data-post="shop/7"><div class="tgme_widget_message_text">'
    "Кристалл 1г 350 000 сум, клад магнит @kladmen_bot</div></div>"
    '<div class="tgme_widget_message" data-post="shop/8"><div class="tgme_widget_message_text">'
    "Сегодня солнечно</div></div></body></html>"
).encode()


def fake_scorer(texts):
    return [(0.9, 1) if ("Меф" in t or "Кристалл" in t) else (0.1, 0) for t in texts]


@pytest.fixture
def scorer():
    from crawler import work

    work._STATE["scorer"] = fake_scorer
    yield fake_scorer
    work._STATE.pop("scorer", None)


def test_site_item_is_extracted_enriched_and_scored(scorer):
    job = Job("site", "http://h/market/item/1", PAGE, "text/html; charset=utf-8", PLAIN, is_item=True)
    (result,) = process_batch([job])
    assert result["title"] == "Меф 1г" and result["score"] == 0.9 and result["label"] == 1
    assert result["links"] == ["http://h/market/item/2"] and result["fields"]["price"] == "400 000 сум"
    enriched = result["enriched"]
    assert enriched["lang"] == "ru" and len(enriched["content_hash"]) == 64 and len(enriched["simhash"]) == 16
    assert "+998901234567" in enriched["entities"]["phone"]
    assert "snow_shop_bot" in enriched["entities"]["bot"]
    assert result["encoding"] == "utf-8"


def test_list_page_scored_only_for_focus(scorer):
    plain = Job("site", "http://h/market/", PAGE + b"<a href='http://elsewhere/x'>x</a>", "text/html", PLAIN)
    focused = Job("site", "http://h/market/", PAGE, "text/html", FOCUSED)
    unscored, scored = process_batch([plain, focused])
    assert "score" not in unscored and "enriched" not in unscored
    assert scored["score"] == 0.9 and "enriched" not in scored
    # in-scope links only, with their ids and (focused sources) their own relevance
    assert [(u, r) for u, _, r in unscored["follow"]] == [("http://h/market/item/2", 0.0)]
    assert scored["follow"][0][1] == doc_id("http://h/market/item/2")


def test_telegram_messages_each_enriched_and_scored(scorer):
    (result,) = process_batch([Job("telegram", "http://h/t.me/s/shop", TG, "text/html", CHANNEL)])
    by_id = {m["post_id"]: m for m in result["messages"]}
    assert by_id[7]["label"] == 1 and by_id[8]["label"] == 0
    assert by_id[7]["title"] == "Shop #7" and "kladmen_bot" in by_id[7]["enriched"]["entities"]["bot"]


def test_binary_and_failing_pages_do_not_spoil_the_batch(scorer):
    good = Job("site", "http://h/market/item/1", PAGE, "text/html", PLAIN, is_item=True)
    png = Job("site", "http://h/x.png", b"\x89PNG\r\n\x1a\n" + bytes(500), "text/html", PLAIN, is_item=True)
    broken = Job("site", "http://h/market/item/3", PAGE, "text/html", BROKEN_RULE, is_item=True)
    first, binary, failed, again = process_batch([good, png, broken, good])
    assert binary == {"binary": True}
    assert failed == {"error": "ValueError: XPath error: Invalid expression in //[["}
    assert first["score"] == again["score"] == 0.9


def test_worker_process_gives_the_in_process_results(scorer):
    jobs = [
        Job("site", "http://h/market/item/1", PAGE, "text/html", FOCUSED, is_item=True),
        Job("telegram", "http://h/t.me/s/shop", TG, "text/html", CHANNEL),
    ]
    worker = PageWorker(fake_scorer, workers=1, sources=[FOCUSED, CHANNEL])
    try:
        assert gc.get_freeze_count() > 0  # forked with the objects frozen, so collections leave shared pages alone
        pids = {worker.pool.submit(os.getpid).result() for _ in range(3)}
        assert os.getpid() not in pids  # the work happens in another process
        assert worker.pool.submit(process_batch, jobs).result() == process_batch(jobs)
    finally:
        worker.close()
    assert worker.pool is None and gc.get_freeze_count() == 0


def test_warm_up_does_the_page_work_for_each_kind_of_source():
    from crawler import work

    texts = []
    work._STATE["scorer"] = lambda batch: texts.extend(batch) or [(0.5, 0)] * len(batch)
    try:
        work.warm_up([FOCUSED, PLAIN, CHANNEL])
    finally:
        work._STATE.pop("scorer", None)
    assert len(texts) == 2  # one site page (both site sources are of one kind) and one Telegram message
    assert all("+998 90 123 45 67" in t for t in texts)


def test_a_failing_scorer_fails_only_the_pages_that_needed_a_score(scorer):
    from crawler import work

    def broken(texts):
        raise RuntimeError("model file corrupt")

    work._STATE["scorer"] = broken
    item = Job("site", "http://h/market/item/1", PAGE, "text/html", PLAIN, is_item=True)
    listing = Job("site", "http://h/market/", PAGE, "text/html", PLAIN)  # no score needed
    png = Job("site", "http://h/x.png", b"\x89PNG\r\n\x1a\n" + bytes(100), "text/html", PLAIN)
    channel = Job("telegram", "http://h/t.me/s/shop", TG, "text/html", CHANNEL)
    failed, fine, binary, failed_tg = process_batch([item, listing, png, channel])
    assert failed == failed_tg == {"error": "scoring failed: RuntimeError: model file corrupt"}
    assert [u for u, _, _ in fine["follow"]] == ["http://h/market/item/2"] and binary == {"binary": True}
