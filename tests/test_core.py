"""core/: the clock, atomic writes and the acting user (the helpers every package shares)."""

from __future__ import annotations

import calendar
import time

import pytest

from core.actor import acting_user
from core.clock import now_iso, now_iso_us
from core.files import atomic_open, atomic_write


def test_now_is_utc_in_the_stored_format():
    before = int(time.time())
    stamp = now_iso()
    after = int(time.time())
    parsed = calendar.timegm(time.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ"))  # UTC, whatever the local zone
    assert before <= parsed <= after
    assert now_iso_us().endswith("Z") and len(now_iso_us()) == len("2026-12-07T21:42:05.123456Z")


def test_atomic_write_replaces_and_leaves_nothing_behind(tmp_path):
    target = tmp_path / "sub" / "state.json"
    atomic_write(target, '{"a": 1}')  # the folder is made
    atomic_write(target, b'{"a": 2}', mode=0o600)
    assert target.read_text() == '{"a": 2}'
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert sorted(p.name for p in target.parent.iterdir()) == ["state.json"]


def test_a_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "model.pkl"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_open(target, binary=True) as fh:
        fh.write(b"half of the new")
        raise RuntimeError("disk gone")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["model.pkl"]  # no temporary file left


def test_the_acting_user(monkeypatch):
    monkeypatch.setenv("IMT_USER", "  web:analyst ")
    assert acting_user() == "web:analyst"
    monkeypatch.delenv("IMT_USER")
    assert acting_user()  # the OS user (or $USER, or uid:N): never empty


def test_a_model_activated_from_the_web_app_is_recorded_as_its_user(tmp_path, monkeypatch):
    """The registry used to record the OS user (root) for work the web app started as `web:<account>`."""
    from classifier.registry import Registry

    monkeypatch.setenv("IMT_USER", "web:analyst")
    registry = Registry(tmp_path / "models")
    registry._activate("m1", "train")
    assert registry.history()[-1]["who"] == "web:analyst"
    assert (tmp_path / "models" / "CURRENT").read_text() == "m1\n"
    assert not [p for p in (tmp_path / "models").iterdir() if p.name.endswith(".tmp")]


def test_one_json_log_shape(monkeypatch, capsys):
    """Progress lines, scheduler events and logging records share one JSON shape: ts, level, logger, message."""
    import json
    import logging

    from core.progress import JsonFormatter, log_line
    from crawler.schedule import log_event

    monkeypatch.setenv("IMT_LOG_FORMAT", "json")
    log_line("crawled: 3/10", done=3, total=10)
    log_event("health_alert", source="news", message="no documents in the last run")
    log_event("crawl_started", source="news", pid=42)
    record = logging.LogRecord("imt.web", logging.WARNING, __file__, 1, "slow %s", ("query",), None)
    lines = [json.loads(x) for x in capsys.readouterr().err.splitlines()]
    lines.append(json.loads(JsonFormatter().format(record)))
    for line in lines:
        assert list(line)[:4] == ["ts", "level", "logger", "message"] and line["ts"].endswith("Z")
    assert lines[0]["done"] == 3 and lines[0]["logger"] == "imt.progress"
    assert lines[1]["event"] == "health_alert" and lines[1]["message"] == "no documents in the last run"
    assert lines[2]["event"] == lines[2]["message"] == "crawl_started" and lines[2]["pid"] == 42
    assert lines[3]["level"] == "WARNING" and lines[3]["message"] == "slow query" and lines[3]["logger"] == "imt.web"
