"""Investigator search against the real node: syntax, filters, sorting, deep paging, facets and entity pivots,
through search/query.py and through the real `imt` command."""

from __future__ import annotations

import csv
import io
import json
import uuid

import pytest
from elasticsearch import Elasticsearch

from classifier.normalize import normalize_for_index
from search.indexer import Indexer
from search.mapping import ensure_docs_index
from search.query import Filters, QueryError, entity_show, facets, hits, search
from search.spool import Spool

pytestmark = pytest.mark.integration

PHONE = "+998901234567"
WALLET = "TQ5n3Wb1Xy8f6d4sZ2Kq9Lm7Pr1Vx3Hc8T"


def doc(i, text, score=0.9, day="2026-11-01", source="shop", kind="sale_ad", lang="ru", **entities):
    return {
        "id": f"d{i:05d}",
        "url": f"http://x/{i:05d}",
        "source": source,
        "source_type": "telegram" if source.startswith("tg") else "site",
        "site": "x",
        "title": f"Item {i}",
        "text": text,
        "text_norm": normalize_for_index(text),
        "score": score,
        "label": int(score >= 0.5),
        "kind": kind,
        "lang": lang,
        "fetched_at": f"{day}T10:00:00Z",
        "first_seen": f"{day}T10:00:00Z",
        "last_seen": f"{day}T10:00:00Z",
        "entities": entities,
    }


@pytest.fixture(scope="module")
def es(es_url):
    return Elasticsearch(es_url, request_timeout=60)


@pytest.fixture(scope="module")
def index(es, tmp_path_factory):
    alias = f"imt-s-{uuid.uuid4().hex[:8]}"
    ensure_docs_index(es, alias)
    idx = Indexer(es, alias, Spool(tmp_path_factory.mktemp("spool")))
    idx.add(doc(1, "Мефедрон кристалл 2г, клад магнит Юнусабад", 0.97, phone=[PHONE], handle=["mef_uz"],
                substance=["mephedrone"], place=["Yunusabad"]))  # fmt: skip
    idx.add(doc(2, "Мефедрон и гашиш, закладки по всему городу", 0.93, day="2026-11-03", source="tg-b",
                phone=[PHONE], handle=["gash_bot"], wallet=[WALLET], substance=["mephedrone", "hashish"]))  # fmt: skip
    idx.add(doc(3, "Задержан курьер с мефедроном: изъято 2 кг", 0.04, kind="news", source="news",
                substance=["mephedrone"], place=["Tashkent"]))  # fmt: skip
    idx.add(doc(4, "Gashish sotiladi, dead drop Chilonzor", 0.88, lang="uz-latn", day="2026-11-05",
                handle=["gash_bot"], wallet=[WALLET], substance=["hashish"], place=["Chilanzar"]))  # fmt: skip
    idx.add(doc(5, "Pharmacy: pregabalin by prescription only", 0.02, kind="pharmacy", lang="en", source="pharm"))
    # a long tail for paging: 1,200 near-identical filler documents
    for i in range(100, 1300):
        idx.add(doc(i, f"filler salt sugar flour lot {i}", score=round((i % 97) / 100, 2), kind="other", lang="en",
                    source="classifieds", day="2026-10-15"))  # fmt: skip
    stats = idx.close()
    assert stats.indexed == 1205
    es.indices.refresh(index=alias)
    yield alias
    es.indices.delete(index=f"{alias}-v1")


def ids(page_or_hits):
    return [h.id for h in getattr(page_or_hits, "hits", page_or_hits)]


def test_syntax_phrases_operators_and_fields(es, index):
    assert ids(search(es, index, '"клад магнит"')) == ["d00001"]
    assert set(ids(search(es, index, "мефедрон OR gashish"))) == {"d00001", "d00002", "d00003", "d00004"}
    assert set(ids(search(es, index, "мефедрон NOT kind:news"))) == {"d00001", "d00002"}
    assert set(ids(search(es, index, "мефедрон -source:news"))) == {"d00001", "d00002"}
    assert ids(search(es, index, f"phone:{PHONE[4:]} AND закладки")) == ["d00002"]  # national form normalised
    assert set(ids(search(es, index, "handle:@GASH_BOT"))) == {"d00002", "d00004"}
    assert ids(search(es, index, "score:>0.965")) == ["d00001"]
    assert ids(search(es, index, "date:2026-11-05")) == ["d00004"]
    # look-alike letters: a Latin "m" and "e" inside the Cyrillic word still find it
    assert "d00001" in ids(search(es, index, "mеф*"))


def test_flagged_offer_ranks_above_news_with_the_same_words(es, index):
    assert ids(search(es, index, "мефедрон"))[-1] == "d00003"


def test_filters(es, index):
    f = Filters(langs=("uz-latn",))
    assert ids(search(es, index, "", filters=f)) == ["d00004"]
    f = Filters(entities=(f"wallet:{WALLET}",), since="2026-11-04")
    assert ids(search(es, index, "", filters=f)) == ["d00004"]
    f = Filters(kinds=("news", "pharmacy"))
    assert set(ids(search(es, index, "", filters=f))) == {"d00003", "d00005"}
    f = Filters(types=("telegram",), min_score=0.5, label=1)
    assert ids(search(es, index, "", filters=f)) == ["d00002"]
    f = Filters(since="2026-11-01", until="2026-11-03")  # until a date = the whole day
    assert set(ids(search(es, index, "", filters=f))) == {"d00001", "d00002", "d00003", "d00005"}
    with pytest.raises(QueryError, match="not a date"):
        search(es, index, "", filters=Filters(since="yesterday"))
    with pytest.raises(QueryError, match="entity type"):
        search(es, index, "", filters=Filters(entities=("colour:red",)))


def test_sorting(es, index):
    by_score = [h.score for h in search(es, index, "", size=50, sort="score").hits]
    assert by_score == sorted(by_score, reverse=True) and by_score[0] == 0.97
    by_date = [h.fetched_at for h in search(es, index, "", size=50, sort="date").hits]
    assert by_date == sorted(by_date, reverse=True) and by_date[0].startswith("2026-11-05")


def test_cursor_pages_cover_everything_once(es, index):
    seen, after = [], None
    while True:
        page = search(es, index, "filler", size=500, sort="score", after=after, highlight=False)
        seen += ids(page)
        if not page.cursor:
            break
        after = page.cursor
    assert len(seen) == len(set(seen)) == 1200 == page.total
    with pytest.raises(QueryError, match="not a cursor"):
        search(es, index, "filler", after="not-a-cursor")


def test_streaming_goes_past_the_window(es, index, monkeypatch):
    import search.query as q

    monkeypatch.setattr(q, "PAGE", 100)  # many pages of search_after over a point in time
    streamed = ids(hits(es, index, "", sort="date"))
    assert len(streamed) == len(set(streamed)) == 1205
    assert len(ids(hits(es, index, "filler", limit=250))) == 250


def test_facets(es, index):
    out = facets(es, index, "", filters=Filters(min_score=0.5, label=1))
    assert out["total"] == 3 + sum(1 for i in range(100, 1300) if (i % 97) / 100 >= 0.5)
    subst = {b["value"]: b["count"] for b in out["substance"]}
    assert subst == {"mephedrone": 2, "hashish": 2}
    assert {b["value"]: b["count"] for b in out["top_handle"]} == {"gash_bot": 2, "mef_uz": 1}
    days = {b["date"]: b["count"] for b in out["fetched"]}
    assert days["2026-11-01"] == 1 and days["2026-11-05"] == 1
    assert {b["value"] for b in out["kind"]} >= {"sale_ad", "other"}


def test_entity_pivot(es, index):
    rep = entity_show(es, index, "phone:8 90 123 45 67")  # the national trunk form
    assert rep.value == PHONE and rep.documents == 2
    assert (rep.first_seen[:10], rep.last_seen[:10]) == ("2026-11-01", "2026-11-03")
    assert {b["value"] for b in rep.sources} == {"shop", "tg-b"}
    assert {b["value"] for b in rep.co_occurring["handle"]} == {"mef_uz", "gash_bot"}
    wallet = entity_show(es, index, f"wallet:{WALLET}")
    assert {b["value"] for b in wallet.co_occurring["handle"]} == {"gash_bot"}  # who shares this wallet
    assert {b["value"] for b in wallet.co_occurring["phone"]} == {PHONE}
    assert ids(wallet.hits) == ["d00004", "d00002"]  # latest first
    with pytest.raises(QueryError, match="known types"):
        entity_show(es, index, "fax:123")


def test_cli_search_outputs_and_errors(imt, index):
    run = lambda *a, **kw: imt(*a, IMT_INDEX=index, **kw)  # noqa: E731
    table = run("search", "мефедрон", "--lang", "ru").stdout
    assert table.startswith("3 hits") and "FLAG" in table and "[Мефедрон]" in table
    lines = run("search", "filler", "--json", "--limit", "1100").stdout.splitlines()
    assert len(lines) == 1100 and json.loads(lines[0])["kind"] == "other"
    rows = list(csv.DictReader(io.StringIO(run("search", "", "--entity", f"phone:{PHONE}", "--csv").stdout)))
    assert {r["id"] for r in rows} == {"d00001", "d00002"} and rows[0]["phone"] == "'" + PHONE
    first = run("search", "filler", "--limit", "5", "--sort", "score").stdout
    cursor = first.rsplit("--after ", 1)[1].strip()
    second = run("search", "filler", "--limit", "5", "--sort", "score", "--after", cursor).stdout
    assert "(continued)" in second and set(first.splitlines()[1:-1]).isdisjoint(second.splitlines()[1:-1])
    bad = run("search", 'mef "unclosed', check=False)
    assert bad.returncode == 2 and "column 5" in bad.stderr and "Traceback" not in bad.stderr
    for args, needle in (
        (("search", "x", "--since", "2026-13-45"), "not a date"),
        (("search", "x", "--entity", "fax:1"), "entity type"),
        (("search", "colour:red"), "unknown field"),
        (("entity", "show", "phone:12"), "phone"),
        (("search", "x", "--all"), "--all"),
    ):
        proc = run(*args, check=False)
        assert proc.returncode != 0 and needle in proc.stderr and "Traceback" not in proc.stderr, (args, proc.stderr)
    pivot = run("entity", "show", "handle:@gash_bot").stdout
    assert pivot.startswith("handle gash_bot: 2 documents") and WALLET in pivot
    fac = json.loads(run("facets", "--label", "1", "--json").stdout)
    assert {b["value"] for b in fac["top_wallet"]} == {WALLET}
