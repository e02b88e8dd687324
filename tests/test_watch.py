"""Watchlists and alerts against the real node: runs raise one alert per (watchlist, document) and only for
documents new since the last run, alert states survive re-runs, bad input stores nothing, >10,000 matches are
all alerted; and the same through the real `imt watch` / `imt alerts` commands."""

from __future__ import annotations

import csv
import io
import json
import uuid

import pytest
from elasticsearch import Elasticsearch, helpers

from classifier.normalize import normalize_for_index
from search import watch
from search.indexer import Indexer
from search.mapping import ensure_docs_index
from search.query import Filters, QueryError
from search.spool import Spool
from search.watch import WatchError, alert_id, alerts_alias, watchlists_alias

pytestmark = pytest.mark.integration

PHONE = "+998901234567"


def doc(i, text, score=0.9, seen="2026-11-01T10:00:00Z", source="shop", kind="sale_ad", indexed=None, **entities):
    return {
        "indexed_at": indexed or seen,  # the indexer sets it to the write time; here it is simulated
        "id": f"d{i:05d}",
        "url": f"http://x/{i:05d}",
        "source": source,
        "source_type": "site",
        "site": "x",
        "title": f"Item {i}",
        "text": text,
        "text_norm": normalize_for_index(text),
        "score": score,
        "label": int(score >= 0.5),
        "kind": kind,
        "lang": "ru",
        "fetched_at": seen,
        "first_seen": seen,
        "last_seen": seen,
        "entities": entities,
    }


def _drop(es: Elasticsearch, docs_alias: str) -> None:
    for alias in (docs_alias, watchlists_alias(docs_alias), alerts_alias(docs_alias)):
        es.indices.delete(index=f"{alias}-v1", ignore_unavailable=True)


@pytest.fixture(scope="module")
def es(es_url):
    return Elasticsearch(es_url, request_timeout=60)


@pytest.fixture(scope="module")
def spool_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("spool")


def index_docs(es, alias, spool_dir, docs) -> None:
    idx = Indexer(es, alias, Spool(spool_dir))
    for d in docs:
        idx.add(d)
    assert idx.close().indexed == len(docs)
    es.indices.refresh(index=alias)


@pytest.fixture(scope="module")
def index(es, spool_dir):
    alias = f"imt-w-{uuid.uuid4().hex[:8]}-docs"
    ensure_docs_index(es, alias)
    index_docs(es, alias, spool_dir, [
        doc(1, "Мефедрон кристалл 2г, клад магнит", 0.97, phone=[PHONE]),
        doc(2, "Мефедрон и гашиш, закладки", 0.93, "2026-11-03T10:00:00Z", source="tg-b", phone=[PHONE]),
        doc(3, "Задержан курьер с мефедроном", 0.04, kind="news", source="news"),
        doc(4, "Gashish sotiladi, dead drop", 0.88, "2026-11-05T10:00:00Z", handle=["gash_bot"]),
        doc(5, "Pharmacy: pregabalin by prescription only", 0.02, kind="pharmacy", source="pharm"),
    ])  # fmt: skip
    yield alias
    _drop(es, alias)


def ids_of(es, alias, name, state=None) -> set[str]:
    return {a["doc_id"] for a in watch.alerts(es, alias, watchlist=name, state=state, size=1000)}


def by_name(results) -> dict:
    return {r.name: r for r in results}


# -- no Elasticsearch ------------------------------------------------------------------------------------------
def test_store_names_ids_and_watch_names():
    assert (watchlists_alias("imt-docs"), alerts_alias("imt-docs")) == ("imt-watchlists", "imt-alerts")
    assert (watchlists_alias("case7"), alerts_alias("case7")) == ("case7-watchlists", "case7-alerts")
    assert alert_id("w", "d1") == alert_id("w", "d1") != alert_id("w", "d2") != alert_id("v", "d1")
    for good in ("a", "Phone-watch_2.v1", "x" * 64):
        assert watch.validate_name(good) == good
    for bad in ("", "x" * 65, "has space", "слово", "a/b", "..", "a*"):
        with pytest.raises(WatchError, match="not valid"):
            watch.validate_name(bad)


# -- the run cycle ------------------------------------------------------------------------------------------
def test_runs_alert_once_and_only_on_new_documents(es, index, spool_dir):
    wl = watch.add(es, index, "phone", "", Filters(entities=("phone:90 123 45 67",)), who="ann")
    assert wl.entities == [f"phone:{PHONE}"]  # stored normalised, as the indexer stores phones
    watch.add(es, index, "mef", "мефедрон", Filters(min_score=0.5), who="ann")
    assert watch.show(es, index, "mef").created_by == "ann"

    first = by_name(watch.run(es, index, names=["phone", "mef"], now="2026-11-10T00:00:00Z"))
    assert (first["phone"].matched, first["phone"].new, first["phone"].since) == (2, 2, None)
    assert (first["mef"].matched, first["mef"].new) == (2, 2)  # the news report is under the min score
    assert ids_of(es, index, "phone") == ids_of(es, index, "mef") == {"d00001", "d00002"}
    assert watch.show(es, index, "phone").last_run_at == "2026-11-10T00:00:00.000Z"
    stored = watch.alerts(es, index, watchlist="phone")
    assert {a["alert_id"] for a in stored} == {alert_id("phone", "d00001"), alert_id("phone", "d00002")}
    a = stored[0]
    assert a["state"] == "new" and a["url"].startswith("http://x/") and a["title"].startswith("Item")
    assert a["score"] > 0.9 and a["kind"] == "sale_ad" and a["matched_at"] == "2026-11-10T00:00:00.000Z"

    again = by_name(watch.run(es, index, names=["phone", "mef"], now="2026-11-11T00:00:00Z"))
    assert [(r.matched, r.new) for r in again.values()] == [(0, 0), (0, 0)]
    assert len(watch.alerts(es, index)) == 4

    index_docs(es, index, spool_dir, [
        doc(6, "Мефедрон опт, звоните", 0.9, "2026-11-12T08:00:00Z", phone=[PHONE]),  # both watchlists
        doc(7, "мефедрон: статья", 0.2, "2026-11-12T09:00:00Z"),  # under mef's min score
        doc(8, "Звоните", 0.8, "2026-10-01T00:00:00Z", phone=[PHONE]),  # first seen long before the last run
        # fetched before the last run started but indexed after it (a spool replayed later): new when indexed
        doc(9, "Звоните, закладки", 0.8, "2026-11-10T20:00:00Z", indexed="2026-11-12T10:00:00Z", phone=[PHONE]),
    ])  # fmt: skip
    third = by_name(watch.run(es, index, names=["phone", "mef"], now="2026-11-13T00:00:00Z"))
    assert (third["phone"].new, third["mef"].new) == (2, 1)
    assert ids_of(es, index, "phone") == {"d00001", "d00002", "d00006", "d00009"}
    assert ids_of(es, index, "mef") == {"d00001", "d00002", "d00006"}
    newest = watch.alerts(es, index, watchlist="phone")
    assert [a["doc_id"] for a in newest[:2]] == ["d00006", "d00009"]  # latest run first, then latest first seen

    # states: ack and close record who and when, and survive re-runs (also of a redefined watchlist)
    done = watch.set_state(es, index, [alert_id("phone", "d00001"), alert_id("phone", "d00002")], "seen", "bob")
    assert done == {"changed": 2, "unchanged": 0}
    assert watch.set_state(es, index, [alert_id("phone", "d00002")], "seen", "eve") == {"changed": 0, "unchanged": 1}
    watch.set_state(es, index, [alert_id("phone", "d00006")], "closed", "bob", now="2026-11-13T09:00:00Z")
    watch.add(es, index, "phone", "", Filters(entities=(f"phone:{PHONE}",)), who="ann", replace=True)
    assert watch.show(es, index, "phone").last_run_at is None  # redefined: the next run starts over
    rerun = by_name(watch.run(es, index, names=["phone"], now="2026-11-14T00:00:00Z"))
    assert (rerun["phone"].matched, rerun["phone"].new) == (5, 1)  # d8 was never in a window before
    states = {a["doc_id"]: a for a in watch.alerts(es, index, watchlist="phone")}
    assert {d: a["state"] for d, a in states.items()} == {
        "d00001": "seen", "d00002": "seen", "d00006": "closed", "d00009": "new", "d00008": "new",
    }  # fmt: skip
    assert states["d00002"]["state_changed_by"] == "bob"  # the no-op by eve left it alone
    assert states["d00006"]["state_changed_at"] == "2026-11-13T09:00:00.000Z"
    assert ids_of(es, index, "phone", state="closed") == {"d00006"}
    assert watch.counts_by_state(es, index, watchlist="phone") == {"new": 2, "seen": 2, "closed": 1}


def test_paused_watchlists_are_skipped_then_catch_up(es, index):
    watch.add(es, index, "gash", "gashish", who="ann")
    watch.set_paused(es, index, "gash", True)
    (r,) = watch.run(es, index, names=["gash"], now="2026-11-20T00:00:00Z")
    assert r.paused and not r.advanced and r.new == 0 and ids_of(es, index, "gash") == set()
    assert watch.show(es, index, "gash").last_run_at is None
    watch.set_paused(es, index, "gash", False)
    (r,) = watch.run(es, index, names=["gash"], now="2026-11-21T00:00:00Z")
    assert not r.paused and r.advanced and r.new == 1 and ids_of(es, index, "gash") == {"d00004"}
    assert "gash" in [w.name for w in watch.list(es, index)]
    watch.remove(es, index, "gash")
    assert "gash" not in [w.name for w in watch.list(es, index)]
    assert ids_of(es, index, "gash") == {"d00004"}  # alerts are kept


def test_bad_input_gives_clear_errors_and_stores_nothing(es, index):
    watch.add(es, index, "keep", "клад", who="ann")
    before = [w.as_dict() for w in watch.list(es, index)]
    cases = [
        (QueryError, "column 5", dict(name="bad", query='mef "unclosed')),
        (QueryError, "unknown field", dict(name="bad", query="colour:red")),
        (QueryError, "unknown entity type 'fax'", dict(name="bad", query="", filters=Filters(entities=("fax:1",)))),
        (QueryError, "phone", dict(name="bad", query="", filters=Filters(entities=("phone:12",)))),
        (QueryError, "--since", dict(name="bad", query="x", filters=Filters(since="2026-11-01"))),
        (QueryError, "needs a query or a filter", dict(name="bad", query="  ")),
        (WatchError, "not valid", dict(name="bad name", query="x")),
        (WatchError, "exists already", dict(name="keep", query="something else")),
    ]
    for exc, needle, kwargs in cases:
        with pytest.raises(exc, match=needle):
            watch.add(es, index, who="mallory", **kwargs)
    assert [w.as_dict() for w in watch.list(es, index)] == before
    with pytest.raises(WatchError, match="no watchlist named 'bad'"):
        watch.show(es, index, "bad")
    with pytest.raises(WatchError, match="no watchlist named 'nope'"):
        watch.remove(es, index, "nope")
    with pytest.raises(WatchError, match="'nope'"):  # one unknown name: nothing runs
        watch.run(es, index, names=["keep", "nope"], now="2026-11-20T00:00:00Z")
    assert watch.show(es, index, "keep").last_run_at is None

    watch.run(es, index, names=["keep"], now="2026-11-20T00:00:00Z")
    (known,) = [a["alert_id"] for a in watch.alerts(es, index, watchlist="keep")]
    with pytest.raises(WatchError, match="unknown alert ids: deadbeef00000000, 0123; nothing was changed"):
        watch.set_state(es, index, [known, "deadbeef00000000", "0123"], "closed", who="bob")
    assert watch.alerts(es, index, watchlist="keep")[0]["state"] == "new"  # the known one did not change
    with pytest.raises(WatchError, match="unknown alert state"):
        watch.set_state(es, index, [known], "done", who="bob")
    with pytest.raises(WatchError, match="unknown alert state"):
        watch.alerts(es, index, state="open")

    ghost = f"imt-w-{uuid.uuid4().hex[:8]}-docs"  # watchlists, but no documents index yet
    try:
        watch.add(es, ghost, "w", "x", who="ann")
        with pytest.raises(WatchError, match="does not exist yet"):
            watch.run(es, ghost)
        assert not es.indices.exists_alias(name=alerts_alias(ghost))
        assert watch.show(es, ghost, "w").last_run_at is None
    finally:
        _drop(es, ghost)


def test_more_than_ten_thousand_matches_are_all_alerted(es):
    alias = f"imt-w-{uuid.uuid4().hex[:8]}"  # an alias without -docs: stores are <alias>-watchlists / -alerts
    ensure_docs_index(es, alias)
    try:
        n = 10_050
        actions = ({"_id": f"b{i}", "_source": {"url": f"http://b/{i}", "title": "bulk", "text": "bulk filler",
                                                "score": 0.6, "source": "bulk", "first_seen": "2026-11-02T00:00:00Z"}}
                   for i in range(n))  # fmt: skip
        helpers.bulk(es, actions, index=alias, chunk_size=2000, refresh=True)
        watch.add(es, alias, "all-bulk", "source:bulk", who="ann")
        (r,) = watch.run(es, alias, now="2026-11-03T00:00:00Z")
        assert (r.matched, r.new) == (n, n)
        assert es.count(index=alerts_alias(alias))["count"] == n
        assert watch.counts_by_state(es, alias) == {"new": n, "seen": 0, "closed": 0}
        assert len(watch.alerts(es, alias, size=10_020)) == 10_020  # past the 10,000-hit window
        # documents without indexed_at (written around the indexer) are matched by first_seen, 24 h back: inside
        # that overlap they match again, and raise no second alert
        (r,) = watch.run(es, alias, now="2026-11-03T12:00:00Z")
        assert (r.matched, r.new) == (n, 0)
        (r,) = watch.run(es, alias, now="2026-11-05T00:00:00Z")
        assert (r.matched, r.new) == (0, 0)
    finally:
        _drop(es, alias)


# -- the command line ----------------------------------------------------------------------------------------
def test_every_watch_and_alerts_command_has_help():
    import click

    from cli import main

    groups = {name: main.get_command(click.Context(main), name) for name in ("watch", "alerts")}
    for group, cmd in groups.items():
        assert cmd.help
        for name, command in cmd.commands.items():
            assert command.help and command.help.strip(), f"imt {group} {name} has no docstring"
    assert {"add", "list", "show", "remove", "run", "pause", "resume"} <= set(groups["watch"].commands)
    assert {"list", "ack", "close"} <= set(groups["alerts"].commands)


def test_cli_watch_and_alerts(imt, index):
    run = lambda *a, **kw: imt(*a, IMT_INDEX=index, IMT_USER="tester", **kw)  # noqa: E731
    assert run("watch", "add", "cli-gash", "--entity", "handle:@GASH_BOT").stdout.startswith(
        "added watchlist cli-gash: --entity handle:gash_bot"
    )
    for args, needle in (
        (("watch", "add", "cli-gash", "--query", "x"), "exists already; --replace"),
        (("watch", "add", "cli-bad", "--query", 'mef "x'), "column 5"),
        (("watch", "add", "bad name", "--query", "x"), "not valid"),
        (("watch", "run", "cli-nope"), "no watchlist named 'cli-nope'"),
    ):
        proc = run(*args, check=False)
        assert proc.returncode == 2 and needle in proc.stderr and "Traceback" not in proc.stderr, (args, proc.stderr)
    listed = [json.loads(line) for line in run("watch", "list", "--json").stdout.splitlines()]
    assert "cli-bad" not in {w["name"] for w in listed}
    assert next(w for w in listed if w["name"] == "cli-gash")["created_by"] == "tester"

    (first,) = [json.loads(line) for line in run("watch", "run", "cli-gash", "--json").stdout.splitlines()]
    assert (first["name"], first["matched"], first["new"]) == ("cli-gash", 1, 1)
    assert run("watch", "run", "cli-gash").stdout.strip() == "cli-gash: 0 matched, 0 new alerts"

    (alert,) = [json.loads(x) for x in run("alerts", "list", "--watchlist", "cli-gash", "--json").stdout.splitlines()]
    assert alert["doc_id"] == "d00004" and alert["state"] == "new"
    rows = list(csv.DictReader(io.StringIO(run("alerts", "list", "--watchlist", "cli-gash", "--csv").stdout)))
    assert [(r["alert_id"], r["url"]) for r in rows] == [(alert["alert_id"], "http://x/00004")]

    assert run("alerts", "ack", alert["alert_id"]).stdout.startswith("acknowledged 1 alerts")
    bad = run("alerts", "close", alert["alert_id"], "deadbeef00000000", check=False)
    assert bad.returncode == 2 and "unknown alert id: deadbeef00000000" in bad.stderr
    (seen,) = [json.loads(x) for x in run("alerts", "list", "--state", "seen", "--watchlist", "cli-gash",
                                          "--json").stdout.splitlines()]  # fmt: skip
    assert seen["state_changed_by"] == "tester"
    assert run("alerts", "close", alert["alert_id"]).stdout.startswith("closed 1 alerts")
    table = run("alerts", "list", "--watchlist", "cli-gash").stdout
    assert table.startswith("1 alerts shown; new 0, seen 0, closed 1") and alert["alert_id"] in table
    assert "closed" in table and "http://x/00004" in table

    shown = json.loads(run("watch", "show", "cli-gash", "--json").stdout)
    assert shown["alerts"] == {"new": 0, "seen": 0, "closed": 1} and shown["last_run_at"]
    assert run("watch", "pause", "cli-gash").returncode == 0
    assert run("watch", "run", "cli-gash").stdout.strip() == "cli-gash: paused, skipped"
    (line,) = [x for x in run("watch", "list").stdout.splitlines() if x.startswith("cli-gash ")]
    assert line.split()[1] == "paused" and "(0 matched, 0 new)" in line and "--entity handle:gash_bot" in line
    assert run("watch", "remove", "cli-gash").stdout.startswith("removed watchlist cli-gash")
    gone = run("watch", "show", "cli-gash", check=False)
    assert gone.returncode == 2 and "no watchlist named 'cli-gash'" in gone.stderr
