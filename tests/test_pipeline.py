"""The whole path on real components: demo web server -> Scrapy crawl -> classifier -> Elasticsearch ->
`imt search`, run through the real `imt` command."""

import json

import pytest

from classifier.kinds import POSITIVE_KINDS
from demo.site import KNOWN_LISTING_PATH, KNOWN_NEWS_PATH

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def crawled(imt, trained):
    proc = imt("crawl", "demo", "--json")
    return json.loads(proc.stdout)


def search_json(imt, *args):
    return [json.loads(line) for line in imt("search", *args, "--json").stdout.splitlines()]


def test_crawl_summary(crawled):
    assert crawled["pages_crawled"] >= 300
    assert crawled["documents"] >= 300
    assert crawled["indexed"] == crawled["documents"]
    assert crawled["spooled"] == 0 and crawled["dead_letter"] == 0
    assert 0 < crawled["flagged"] < crawled["documents"]
    assert {"demo-market", "demo-forum", "demo-telegram", "demo-news", "demo-shop"} <= set(crawled["by_source"])


def test_known_listing_ranks_above_seizure_news(imt, crawled, demo_server):
    hits = search_json(imt, "mephedrone", "--size", "200")
    urls = [h["url"] for h in hits]
    listing = demo_server.base_url + KNOWN_LISTING_PATH
    news = demo_server.base_url + KNOWN_NEWS_PATH
    assert listing in urls and news in urls
    assert urls.index(listing) < urls.index(news)
    assert hits[urls.index(listing)]["label"] == 1
    assert hits[urls.index(news)]["score"] < hits[urls.index(listing)]["score"]


def test_search_table_and_filters(imt, crawled):
    table = imt("search", "mephedrone").stdout
    assert "hits" in table.splitlines()[0] and "FLAG" in table
    flagged = search_json(imt, "", "--label", "1", "--size", "50")
    assert flagged and all(h["label"] == 1 for h in flagged)
    market = search_json(imt, "", "--source", "demo-market", "--size", "50")
    assert market and all(h["source"] == "demo-market" for h in market)
    csv_out = imt("search", "mephedrone", "--csv").stdout.splitlines()
    assert csv_out[0].startswith("id,relevance,score,label,kind,source,title,url")


def test_telegram_messages_are_documents(imt, crawled):
    tg = search_json(imt, "", "--source", "demo-telegram", "--size", "500")
    assert len(tg) >= 50
    assert all("/t.me/" in h["url"] and h["url"].rsplit("/", 1)[1].isdigit() for h in tg)


def test_recrawl_updates_and_never_duplicates(imt, crawled):
    before = int(imt("index", "status").stdout.split("indexed")[1].split()[0])
    again = json.loads(imt("crawl", "demo", "--json").stdout)
    after = int(imt("index", "status").stdout.split("indexed")[1].split()[0])
    assert before == after == crawled["documents"]
    # the web pages come again unchanged; Telegram channels give only posts newer than the last run
    assert again["unchanged"] == again["documents"] == crawled["documents"] - crawled["by_source"]["demo-telegram"]
    assert again["new"] == again["changed"] == 0 and "demo-telegram" not in again["by_source"]


def test_entities_and_evidence_on_documents(imt, crawled, es_url, imt_home):
    from elasticsearch import Elasticsearch

    es = Elasticsearch(es_url)
    index = imt.env["IMT_INDEX"]
    phones = es.search(index=index, size=0, aggs={"p": {"terms": {"field": "entities.phone", "size": 5}}})
    assert all(b["key"].startswith("+") for b in phones["aggregations"]["p"]["buckets"])
    assert phones["aggregations"]["p"]["buckets"], "no phone entity found in the demo web"
    fields = (
        "entities.substance",
        "entities.place",
        "entities.handle",
        "entities.wallet",
        "entities.onion",
        "evidence_sha256",
        "cluster_id",
    )
    for field in fields:
        assert es.count(index=index, query={"exists": {"field": field}})["count"] > 0, field
    listing = es.search(index=index, query={"term": {"url": imt.env["IMT_DEMO_URL"] + KNOWN_LISTING_PATH}})
    doc = listing["hits"]["hits"][0]["_source"]
    assert "mephedrone" in doc["entities"]["substance"]
    assert doc["label"] == 1 and doc["kind"] in POSITIVE_KINDS  # the classifier's kind goes with the score
    assert {"Yunusabad", "Chilanzar", "Tashkent"} & set(doc["entities"]["place"])
    verified = imt("evidence", "verify")
    assert verified.stdout.startswith("OK")
