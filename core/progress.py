"""Progress and log lines for long commands.

`Progress(what, total)`: on a terminal, one line redrawn in place with `\\r` (count, rate, ETA when the total is
known); otherwise (a pipe, a log file, systemd) a plain log line at most every `every` seconds, and a JSON object
per line when IMT_LOG_FORMAT=json. The rate and the ETA are measured over the last 30 seconds. `log_line(message)`
writes one such log line.

    with Progress("re-scored", total=n) as bar:
        for batch in batches:
            ...
            bar.advance(len(batch))
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections import deque
from collections.abc import Callable

from core.clock import now_iso


def json_logs() -> bool:
    """Whether lines go out as JSON: `log_format` of imt.toml, which the CLI puts in IMT_LOG_FORMAT for itself
    and for every process it starts (set the variable directly to override the file)."""
    return os.environ.get("IMT_LOG_FORMAT", "").strip().lower() == "json"


def json_record(message: str, *, level: str = "INFO", logger: str = "imt", ts: str | None = None, **fields) -> str:
    """The one JSON log line of the product (progress lines, scheduler events, `logging` records): ts, level,
    logger and message first, then the record's own fields (a scheduler event adds `event` and its details)."""
    out = {"ts": ts or now_iso(), "level": level, "logger": logger, "message": message, **fields}
    return json.dumps(out, ensure_ascii=False, default=str)


def log_line(message: str, stream=None, **fields) -> None:
    stream = stream or sys.stderr
    if json_logs():
        print(json_record(message, logger="imt.progress", **fields), file=stream, flush=True)
    else:
        print(f"  {message}", file=stream, flush=True)


class JsonFormatter(logging.Formatter):
    """`logging` records as JSON lines (IMT_LOG_FORMAT=json), in the shape of json_record."""

    def format(self, record: logging.LogRecord) -> str:
        extra = {"exc": self.formatException(record.exc_info)} if record.exc_info else {}
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(record.created))
        return json_record(record.getMessage(), level=record.levelname, logger=record.name, ts=stamp, **extra)


def _clock(seconds: float) -> str:
    seconds = int(max(0, seconds))
    h, rest = divmod(seconds, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60}:{rest % 60:02d}"


def human_bytes(n: float) -> str:
    """912 B, 14.2 kB, 3.1 MB, 1.2 GB."""
    for unit in ("B", "kB", "MB", "GB"):
        if abs(n) < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"


class Progress:
    WINDOW = 30.0  # seconds the rate (and the ETA) is measured over
    def __init__(self, what: str, total: int | None = None, stream=None, every: float = 5.0,
                 tty: bool | None = None, clock=time.monotonic, unit: str = "", elapsed: bool = False):  # fmt: skip
        """`unit` "B" shows counts and rate as bytes (kB, MB, GB); `elapsed` adds the time since the start (for
        work whose amount cannot be measured, e.g. a subprocess)."""
        self.what, self.total, self.done = what, total, 0
        self.unit, self.show_elapsed = unit, elapsed
        self.stream = stream or sys.stderr
        self.tty = (self.stream.isatty() and not json_logs()) if tty is None else tty
        self.every = 0.2 if self.tty else every
        self.clock = clock
        self.start = self._last = clock()
        self._samples = deque([(self.start, 0)])  # (time, done), for the rate of the last WINDOW seconds
        self._drawn = False
        # more counts after the bar's own (a crawl: documents, flagged, rejected): a string, or a function called
        # when a line is drawn
        self.detail: str | Callable[[], str] = ""

    def rate(self) -> float:
        """Per second over the last WINDOW seconds (since the start while the command is younger than that): a slow
        start-up (a JVM, a count query) stops weighing on the rate and the ETA once the work runs."""
        then, done_then = self._samples[0]
        return (self.done - done_then) / max(self.clock() - then, 1e-9)

    def line(self) -> str:
        elapsed = max(self.clock() - self.start, 1e-9)
        rate = self.rate()
        count = human_bytes if self.unit == "B" else "{:,}".format
        text = f"{self.what}: {count(self.done)}"
        if self.total:
            text += f"/{count(self.total)} ({100 * self.done / self.total:.0f}%)"
        if self.unit == "B":
            text += f", {human_bytes(rate)}/s"
        else:  # a slow count (training steps) keeps a meaningful rate: 0.25/s, not 0/s
            text += f", {rate:,.0f}/s" if rate >= 10 or rate == 0 else f", {rate:.2g}/s"
        if self.total and rate > 0 and self.done < self.total:
            text += f", ETA {_clock((self.total - self.done) / rate)}"
        if self.show_elapsed:
            text += f", {_clock(elapsed)} elapsed"
        detail = self.detail() if callable(self.detail) else self.detail
        if detail:
            text += f"; {detail}"
        return text

    def update(self, done: int, total: int | None = None) -> None:
        """Set the count (and the total, when it becomes known) instead of adding to it."""
        if total is not None:
            self.total = total
        self.advance(done - self.done)

    def note(self, message: str) -> None:
        """A message line that does not garble the bar: on a terminal the bar line is cleared, the message printed
        and the bar redrawn below it; otherwise one log line (JSON when IMT_LOG_FORMAT=json)."""
        if self.tty:
            print("\r\x1b[K" + message, file=self.stream, flush=True)
            if self._drawn:
                print(self.line() + "\x1b[K", end="", file=self.stream, flush=True)
        else:
            log_line(message, self.stream)

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = self.clock()
        if now - self._samples[-1][0] >= 1.0:  # one sample a second at most, the last WINDOW seconds kept
            self._samples.append((now, self.done))
            while len(self._samples) > 2 and now - self._samples[1][0] >= self.WINDOW:
                self._samples.popleft()
        if now - self._last >= self.every:
            self._last = now
            self._emit()

    def _emit(self) -> None:
        if self.tty:
            print("\r" + self.line() + "\x1b[K", end="", file=self.stream, flush=True)
            self._drawn = True
        else:
            log_line(self.line(), self.stream, done=self.done, total=self.total)

    def close(self) -> None:
        self._emit()
        if self.tty and self._drawn:
            print(file=self.stream, flush=True)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is None:
            self.close()
        elif self.tty and self._drawn:  # an error: end the drawn line, no final count
            print(file=self.stream, flush=True)


def note(message: str, stream=None) -> None:
    """A line for the operator on stderr as it is, or a JSON object when log_format is json (as log_line)."""
    if json_logs():
        log_line(message, stream=stream)
    else:
        print(message, file=stream or sys.stderr, flush=True)
