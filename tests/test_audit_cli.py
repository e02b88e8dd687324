"""Every state change from the CLI leaves an audit entry (who, what, when, the parameters), readable with
`imt audit list`; an entry written while Elasticsearch is away waits in a file and is not lost."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

import cli
from core.clock import now_iso
from core.evidence import EvidenceStore


@pytest.fixture
def env(es_url, tmp_path):
    from elasticsearch import Elasticsearch

    from search.mapping import ensure_docs_index

    index = f"imt-audit-{uuid.uuid4().hex[:8]}"
    es = Elasticsearch(es_url)
    ensure_docs_index(es, index)
    now = now_iso()  # seen today: retention keeps it whatever the date
    es.index(index=index, id="a1", refresh=True, document={  # one document to hold and export
        "url": "https://x.example/1", "title": "Магазин", "text": "мефедрон закладки", "source": "demo-market",
        "label": 1, "score": 0.9, "fetched_at": now, "last_seen": now})
    return {"IMT_HOME": str(tmp_path / "home"), "IMT_ES_URL": es_url, "IMT_INDEX": index, "IMT_USER": "auditor",
            "IMT_EVIDENCE_KEY": str(tmp_path / "key.pem")}


def _run(env, *args, code=0):
    result = CliRunner().invoke(cli.main, list(args), env=env)
    assert result.exit_code == code, (args, result.stdout, result.stderr)
    return result


def _entries(env, *args) -> list[dict]:
    out = _run(env, "audit", "list", "--json", "-n", "1000", *args).stdout
    return [json.loads(line) for line in out.splitlines()]


def test_every_cli_change_is_audited(env, tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text("text,label\nмеф закладки по городу,1\nпогода в Самарканде,0\n", encoding="utf-8")
    with EvidenceStore(tmp_path / "home" / "evidence") as st:
        st.store(b"<html>x</html>", url="https://x.example/", final_url="https://x.example/", status=200,
                 headers={}, fetched_at="2025-03-14T09:26:53Z", route="direct", crawler_version="0", source="s",
                 doc_ids=["d"])  # fmt: skip
    steps = [
        (("labels", "import", str(labels)), "label", str(labels)),
        (("schedule", "add", "demo-market", "--cron", "*/30 * * * *"), "schedule_change", "demo-market"),
        (("schedule", "pause", "demo-market"), "schedule_change", "demo-market"),
        (("schedule", "resume", "demo-market"), "schedule_change", "demo-market"),
        (("schedule", "remove", "demo-market"), "schedule_change", "demo-market"),
        (("watch", "add", "w1", "--query", "мефедрон"), "watch_change", "w1"),
        (("watch", "pause", "w1"), "watch_change", "w1"),
        (("watch", "resume", "w1"), "watch_change", "w1"),
        (("watch", "remove", "w1"), "watch_change", "w1"),
        (("hold", "add", "--case", "case-7", "мефедрон"), "hold_change", "case-7"),
        (("hold", "remove", "--case", "case-7"), "hold_change", "case-7"),
        (("export", "", "--format", "jsonl", "-o", str(tmp_path / "out.jsonl")), "export", str(tmp_path / "out.jsonl")),
        (("evidence", "sign"), "evidence_change", "evidence sign"),
        (("retention", "run", "--older-than", "3650d"), "retention", "retention run"),
        (("index", "replay"), "index_change", "index replay"),
    ]
    for args, _action, _target in steps:
        _run(env, *args)
    _run(env, "retention", "run", "--older-than", "3650d", "--dry-run")  # changes nothing: not recorded
    got = list(reversed(_entries(env)))  # oldest first
    assert [(e["action"], e["target"]) for e in got] == [(a, t) for _args, a, t in steps], got
    assert all(e["who"] == "cli:auditor" and e["ok"] and e["ip"] == "cli" for e in got)
    assert got[1]["details"] == {"command": "schedule add", "params": {"source": "demo-market", "cron": "*/30 * * * *"}}
    assert [e["target"] for e in _entries(env, "--action", "watch_change")] == ["w1"] * 4
    assert _entries(env, "--user", "cli:nobody") == []
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%d")
    assert _entries(env, "--since", tomorrow) == []
    _run(env, "audit", "list", "--action", "nope", code=2)


def test_an_entry_waits_for_elasticsearch_and_keeps_its_time(env):
    import config
    from ops.audit import PENDING, record

    away = config.load({**env, "IMT_ES_URL": "http://127.0.0.1:9"})
    assert record(away, "schedule_change", target="offline-change") is False
    pending = away.home / "state" / PENDING
    waiting = json.loads(pending.read_text())
    assert waiting["target"] == "offline-change"
    assert record(config.load(env), "crawl", target="next") is True  # the waiting entry goes first
    assert not pending.exists()
    got = {e["target"]: e for e in _entries(env)}
    assert got["offline-change"]["at"] == waiting["at"] and "next" in got
