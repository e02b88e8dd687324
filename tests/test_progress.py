"""The progress helper: a redrawn line on a terminal, plain or JSON log lines otherwise."""

from __future__ import annotations

import io
import json

from crawler.progress import Progress


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_tty_redraws_one_line_with_rate_and_eta():
    out, clock = io.StringIO(), Clock()
    with Progress("re-scored", total=1000, stream=out, tty=True, clock=clock) as bar:
        clock.now = 1.0
        bar.advance(100)
        clock.now = 2.0
        bar.advance(100)
    text = out.getvalue()
    assert text.count("\r") == 3 and text.endswith("\n") and text.count("\n") == 1
    assert "re-scored: 200/1,000 (20%), 100/s, ETA 0:08" in text


def test_pipe_gets_log_lines_and_json_when_asked(monkeypatch):
    out, clock = io.StringIO(), Clock()
    bar = Progress("exported", stream=out, tty=False, every=5, clock=clock)
    for _ in range(10):
        clock.now += 1
        bar.advance(10)
    bar.close()
    lines = out.getvalue().splitlines()
    assert "\r" not in out.getvalue() and len(lines) == 3  # at 5 s, 10 s and the close
    assert lines[-1] == "  exported: 100, 10/s"
    monkeypatch.setenv("IMT_LOG_FORMAT", "json")
    out = io.StringIO()
    bar = Progress("exported", total=10, stream=out, clock=clock)
    bar.advance(10)
    bar.close()
    rec = json.loads(out.getvalue().splitlines()[-1])
    assert rec["done"] == 10 and rec["total"] == 10 and rec["message"].startswith("exported: 10/10")
