"""Bad input gets one clear line and a non-zero exit, never a stack trace; nothing is lost."""

import json
import shutil

import click
import pytest
from click.testing import CliRunner

import cli


def one_line_error(proc):
    err = proc.stderr.strip().splitlines()
    assert "Traceback" not in proc.stderr
    return [ln for ln in err if ln.startswith("error:")]


def test_every_command_has_help():
    runner = CliRunner()

    def walk(cmd, path):
        yield path
        if isinstance(cmd, click.Group):
            ctx = click.Context(cmd)
            for name in cmd.list_commands(ctx):  # the table loads each command's module when asked
                yield from walk(cmd.get_command(ctx, name), path + [name])

    paths = list(walk(cli.main, []))
    assert len(paths) >= 85
    for path in paths:
        result = runner.invoke(cli.main, path + ["--help"])
        assert result.exit_code == 0, path
        assert "Usage:" in result.output


def test_search_with_elasticsearch_unreachable(imt):
    proc = imt("search", "mephedrone", check=False, IMT_ES_URL="http://127.0.0.1:1")
    assert proc.returncode == 2
    (line,) = one_line_error(proc)
    assert "http://127.0.0.1:1" in line and "not reachable" in line


def test_unknown_source_lists_known_ones(imt):
    proc = imt("crawl", "nosuchsource", check=False)
    assert proc.returncode == 2
    (line,) = one_line_error(proc)
    assert "unknown source 'nosuchsource'" in line and "demo-market" in line and "groups: demo" in line


def test_classify_names_the_bad_line(imt, trained, tmp_path):
    bad = tmp_path / "in.jsonl"
    bad.write_text('{"id": 1, "text": "ok"}\n{"id": 2, "text": "fine"}\n{"id": 3, "text": \n')
    out = tmp_path / "out.jsonl"
    proc = imt("classify", str(bad), "--output", str(out), check=False)
    assert proc.returncode == 2
    (line,) = one_line_error(proc)
    assert "line 3" in line and "not valid JSON" in line
    assert not out.exists()  # nothing half-written
    missing = imt("classify", str(tmp_path / "none.jsonl"), "--output", str(out), check=False)
    assert missing.returncode == 2 and "cannot read" in one_line_error(missing)[0]
    no_text = tmp_path / "notext.jsonl"
    no_text.write_text('{"id": 1, "body": "x"}\n')
    proc = imt("classify", str(no_text), "--output", str(out), check=False)
    assert "line 1" in one_line_error(proc)[0]


def test_classify_keeps_order_and_interface(imt, trained, tmp_path):
    rows = [
        {
            "id": "a",
            "text": "Мефедрон 1г 350 000 сум, закладки Юнусабад и Чиланзар, магнит/прикоп. Жми старт @uz_mef_bot",
            "extra": 1,
        },
        {
            "id": 7,
            "text": "Toshkent shahrida IIV xodimlari 2 kg giyohvand modda bilan bir shaxsni qo'lga oldi, "
            "jinoyat ishi qo'zg'atildi.",
        },
        {
            "id": "c",
            "text": "Stealth shipping worldwide, 5g MDMA crystals 84% for $90, escrow accepted, PGP in profile",
        },
        {
            "id": "d",
            "text": "Our pharmacy dispenses pregabalin only with a doctor's prescription. Opening hours 9-18.",
        },
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    out = tmp_path / "out.jsonl"
    imt("classify", str(src), "--output", str(out))
    got = [json.loads(line) for line in out.read_text().splitlines()]
    assert [g["id"] for g in got] == ["a", 7, "c", "d"]
    keys = {"id", "score", "score_text", "label", "kind", "substances", "explanation"}
    assert all(set(g) == keys and 0 <= g["score"] <= 1 and g["label"] in (0, 1) for g in got)
    assert got[0]["label"] == 1 and got[2]["label"] == 1
    assert got[1]["label"] == 0 and got[3]["label"] == 0
    assert got[0]["kind"] in ("sale_ad", "shop_menu", "market_listing", "dead_drop", "recruitment", "forum_offer")
    assert got[1]["kind"] in ("news", "harm_reduction", "pharmacy", "job", "other_illicit", "other")
    assert "mephedrone" in got[0]["substances"] and "mdma" in got[2]["substances"]
    # every explained term points into the text it came from
    text = rows[0]["text"]
    spans = [span for term in got[0]["explanation"] for span in term["spans"]]
    assert spans and all(0 <= a < b <= len(text) for a, b in spans)
    assert any("закладк" in text[a:b].lower() or "мефедрон" in text[a:b].lower() for a, b in spans)
    # --scores-only keeps the spine's interface exactly
    fast = tmp_path / "fast.jsonl"
    imt("classify", str(src), "--output", str(fast), "--scores-only")
    assert [json.loads(line) for line in fast.read_text().splitlines()] == [
        {"id": g["id"], "score": g["score"], "label": g["label"]} for g in got
    ]


def test_crawl_with_elasticsearch_down_spools_everything_then_replays(imt, trained, imt_home, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(imt_home / "models", home / "models")
    env = {"IMT_HOME": str(home), "IMT_INDEX": "imt-test-spool"}
    proc = imt("crawl", "demo-news", "--json", check=False, IMT_ES_URL="http://127.0.0.1:1", **env)
    assert proc.returncode == 3
    summary = json.loads(proc.stdout)
    assert summary["documents"] > 0 and summary["spooled"] == summary["documents"] and summary["indexed"] == 0
    (line,) = one_line_error(proc)
    assert "http://127.0.0.1:1" in line and "spooled" in line
    replay = imt("index", "replay", **env)
    assert f"Replayed {summary['documents']} documents; 0 still spooled" in replay.stdout
    status = imt("index", "status", **env).stdout
    assert f"indexed    {summary['documents']}" in status and "spooled    0" in status


@pytest.fixture(autouse=True, scope="module")
def _cleanup_spool_index(es_url):
    yield
    from elasticsearch import Elasticsearch

    Elasticsearch(es_url).options(ignore_status=404).indices.delete(index="imt-test-spool-v1")
