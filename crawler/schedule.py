"""Crawl schedules and the scheduler daemon (`imt schedule ...`, `imt scheduler run`).

A source's schedule is a cron expression: the `schedule:` key of its YAML file, or one set with
`imt schedule add SOURCE --cron ...` (kept in IMT_HOME/state/schedules.json, written atomically; it overrides
the YAML one; `pause` / `resume` work on either). The daemon, at each tick:

- re-reads the source files and the schedule file (an invalid edit is logged once, the previous schedules kept);
- reaps the crawls it started (exit code, summary) and records them in state/scheduler.json (last start and
  finish per source; kept across restarts);
- starts every due crawl as its own process (`python -m ops crawl SOURCE --json`, in its own session: a crashed
  crawl never takes the daemon down, and a stopped daemon leaves running crawls to finish);
- never runs two crawls of one source at once: state/locks/<source>.lock holds the crawl's pid; a lock whose
  process is gone is taken over.

Due: the next cron time after the source's last start (or after the daemon first saw the schedule) has passed.
After downtime, a missed crawl therefore runs once, and the next one is computed from that start, not a burst.
`IMT_SCHEDULER_NOW` (an ISO time; tests only) shifts the daemon's clock: it starts there and runs at real speed.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from croniter import croniter

from core.actor import acting_user
from core.clock import now_iso
from core.files import atomic_write, file_lock
from core.progress import json_logs, json_record

from search.runs import pid_alive

ROOT = Path(__file__).resolve().parent.parent
_T0 = time.monotonic()


class ScheduleError(Exception):
    """A schedule the user asked for (or the schedule file) is wrong; the message says why in one line."""


# -- time and logging -----------------------------------------------------------------------------------
def utcnow() -> dt.datetime:
    """Now (UTC, aware); shifted by IMT_SCHEDULER_NOW for tests."""
    fake = os.environ.get("IMT_SCHEDULER_NOW")
    if fake:
        return parse_time(fake) + dt.timedelta(seconds=time.monotonic() - _T0)
    return dt.datetime.now(dt.timezone.utc)


def parse_time(value: str) -> dt.datetime:
    when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def iso(when: dt.datetime) -> str:
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def log_event(event: str, stream=None, **fields) -> None:
    """One line per event on stderr: `TIME event key=value ...`, or a JSON object when IMT_LOG_FORMAT=json."""
    stream = stream or sys.stderr
    stamp = now_iso()
    if json_logs():
        details = dict(fields)
        text = str(details.pop("message", event))  # an event with a message of its own (a health alert) keeps it
        line = json_record(text, logger="imt.scheduler", ts=stamp, event=event, **details)
    else:
        parts = [f"{k}={json.dumps(v, ensure_ascii=False) if isinstance(v, str) and (' ' in v or not v) else v}"
                 for k, v in fields.items()]  # fmt: skip
        line = " ".join([stamp, event, *parts])
    print(line, file=stream, flush=True)


# -- cron -----------------------------------------------------------------------------------------------
def check_cron(expr: str) -> str:
    expr = " ".join(str(expr).split())
    if not expr or not croniter.is_valid(expr):
        raise ScheduleError(f"{expr!r} is not a cron expression (five fields, e.g. '*/30 * * * *')")
    return expr


def next_after(expr: str, when: dt.datetime) -> dt.datetime:
    return croniter(expr, when).get_next(dt.datetime)


def is_due(expr: str, last_start: dt.datetime | None, since: dt.datetime, now: dt.datetime) -> bool:
    """The first cron time after the last start (or after `since` when it never ran) has passed."""
    return next_after(expr, last_start or since) <= now


# -- the schedule file ----------------------------------------------------------------------------------
def write_json_atomic(path: Path, data) -> None:
    atomic_write(path, json.dumps(data, indent=2, sort_keys=True))


class ScheduleStore:
    """state/schedules.json: {source: {"cron": EXPR (optional), "paused": bool}}."""

    def __init__(self, state_dir: Path):
        self.path = Path(state_dir) / "schedules.json"

    def load(self) -> dict[str, dict]:
        if not self.path.is_file():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ScheduleError(f"{self.path}: not valid JSON ({exc})") from None
        if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
            raise ScheduleError(f"{self.path}: expected an object of source -> {{cron, paused}}")
        for name, entry in data.items():
            if "cron" in entry:
                try:
                    check_cron(entry["cron"])
                except ScheduleError as exc:
                    raise ScheduleError(f"{self.path}: source {name!r}: {exc}") from None
        return data

    def _change(self, name: str, update: Callable[[dict], dict | None]) -> bool:
        """Apply `update` to the entry of `name` (None removes it) under the file lock; False when there was
        nothing to remove."""
        with file_lock(self.path):  # the CLI and the web app both change it: no change is lost
            data = self.load()
            entry = update(dict(data.get(name, {})))
            if entry:
                data[name] = entry
            elif name in data:
                del data[name]
            else:
                return False  # nothing to remove: the file is left as it is
            write_json_atomic(self.path, data)
        return True

    def add(self, name: str, cron: str) -> None:
        cron = check_cron(cron)
        self._change(name, lambda e: {**e, "cron": cron, "paused": bool(e.get("paused"))})

    def set_paused(self, name: str, paused: bool) -> None:
        self._change(name, lambda e: {**e, "paused": paused})

    def remove(self, name: str) -> bool:
        return self._change(name, lambda e: None)


@dataclass
class Schedule:
    source: str
    cron: str
    paused: bool
    origin: str  # "yaml" | "cli"


def effective(sources: dict, stored: dict[str, dict]) -> dict[str, Schedule]:
    """The schedule of every source that has one: the CLI's entry wins over the YAML key."""
    out: dict[str, Schedule] = {}
    for name, src in sorted(sources.items()):
        entry = stored.get(name, {})
        if entry.get("cron"):
            out[name] = Schedule(name, entry["cron"], bool(entry.get("paused")), "cli")
        elif getattr(src, "schedule", ""):
            out[name] = Schedule(name, " ".join(src.schedule.split()), bool(entry.get("paused")), "yaml")
    return out


def known_source(sources: dict, name: str) -> None:
    if name not in sources:
        raise ScheduleError(f"unknown source {name!r}; known sources: {', '.join(sorted(sources)) or 'none'}")


# -- locks ----------------------------------------------------------------------------------------------
class SourceLock:
    """state/locks/<source>.lock: held with flock(2) by the crawl of that source (the kernel lets it go when the
    process ends, however it ends), the file holding the pid of that crawl. Two processes can never both take it:
    taking it is one flock call, and the file is only removed by its holder. The scheduler takes the lock, starts
    the crawl with the locked file descriptor (`fileno()`), writes the crawl's pid and lets go of its own copy
    (`hand_over()`): the lock then lasts as long as the crawl."""

    def __init__(self, state_dir: Path, source: str):
        self.path = Path(state_dir) / "locks" / f"{source}.lock"
        self._fd: int | None = None

    def fileno(self) -> int:
        if self._fd is None:
            raise ValueError("the lock is not held")
        return self._fd

    def holder(self) -> int | None:
        """The pid of the process holding the lock; None when nobody holds it."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError:
            return None
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return _pid_in(os.pread(fd, 32, 0)) or None
            fcntl.flock(fd, fcntl.LOCK_UN)  # we could take it: free
            return None
        finally:
            os.close(fd)

    def acquire(self, pid: int) -> tuple[bool, int | None]:
        """(acquired, pid of a holder that ended without letting go, whose lock is taken over)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return False, None
            try:  # the holder before us may have removed the file between our open and our flock: then again
                same = os.stat(self.path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        old = _pid_in(os.pread(fd, 32, 0))
        self._fd = fd
        self.set_pid(pid)
        return True, (old if old and old != pid else None)

    def set_pid(self, pid: int) -> None:
        """Write the pid of the process the lock is for (in place while held; the whole file otherwise)."""
        if self._fd is None:
            atomic_write(self.path, f"{pid}\n")
            return
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, f"{pid}\n".encode("ascii"), 0)

    def hand_over(self) -> None:
        """Close this process's copy of the locked descriptor without letting go: a child started with it
        (`pass_fds`) holds the lock from now on."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def release(self) -> None:
        """Let go (and remove the file) when held here; otherwise remove a file nobody holds any more."""
        if self._fd is not None:
            self.path.unlink(missing_ok=True)
            os.close(self._fd)
            self._fd = None
            return
        fd = None
        try:
            fd = os.open(self.path, os.O_RDONLY)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.stat(self.path).st_ino == os.fstat(fd).st_ino:
                self.path.unlink()
        except (BlockingIOError, FileNotFoundError):
            pass  # held by its crawl, or gone already
        finally:
            if fd is not None:
                os.close(fd)


def _pid_in(raw: bytes) -> int | None:
    try:
        return int(raw.decode("ascii").strip() or 0) or None
    except (UnicodeDecodeError, ValueError):
        return None


# -- the daemon -----------------------------------------------------------------------------------------
class Scheduler:
    """Runs due crawls. `load_sources()` returns {name: Source}; `after_run(source, record)` is called after
    each crawl the daemon reaps (source health); `on_start()` once at start (marking stale runs)."""

    def __init__(self, home: Path, load_sources: Callable[[], dict], env: dict | None = None,
                 after_run: Callable[[str, dict], None] | None = None, log=log_event):  # fmt: skip
        self.state_dir = Path(home) / "state"
        self.logs_dir = Path(home) / "logs"
        self.load_sources = load_sources
        self.store = ScheduleStore(self.state_dir)
        self.state_path = self.state_dir / "scheduler.json"
        self.env = env
        self.after_run = after_run
        self.log = log
        self.schedules: dict[str, Schedule] = {}
        self.running: dict[str, subprocess.Popen] = {}
        self.state: dict[str, dict] = self._load_state()
        self._config_error: str | None = None
        self._unknown: list[str] = []
        self._skipped: dict[str, int | None] = {}
        self.periodic: Callable[[list[str]], None] | None = None  # every `periodic_every` s, with the schedules
        self.periodic_every = 600.0
        self._periodic_at = 0.0
        self._stop = False

    def _load_state(self) -> dict:
        try:
            data = json.loads(self.state_path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def _save_state(self) -> None:
        write_json_atomic(self.state_path, self.state)

    def reload(self, strict: bool = False) -> None:
        """Re-read sources and schedules; on an error keep the previous schedules (strict: raise it)."""
        from crawler.sources import SourceError

        try:
            sources, stored = self.load_sources(), self.store.load()
            schedules = effective(sources, stored)
        except (SourceError, ScheduleError) as exc:
            if strict:
                raise
            if str(exc) != self._config_error:
                self.log("config_invalid", error=str(exc), kept=len(self.schedules))
                self._config_error = str(exc)
            return
        if self._config_error is not None:
            self.log("config_valid")
            self._config_error = None
        unknown = sorted(set(stored) - set(sources))
        if unknown != self._unknown:
            if unknown:
                self.log("schedule_unknown_source", sources=",".join(unknown), known=",".join(sorted(sources)))
            self._unknown = unknown
        for name in sorted(set(schedules) | set(self.schedules)):
            old, new = self.schedules.get(name), schedules.get(name)
            if old != new:
                if new is None:
                    self.log("schedule_removed", source=name)
                else:
                    self.log("schedule", source=name, cron=new.cron, paused=new.paused, origin=new.origin)
        self.schedules = schedules

    def reap(self) -> None:
        for name, proc in list(self.running.items()):
            if proc.poll() is None:
                continue
            del self.running[name]
            record = self._finish_record(name, proc.returncode)
            SourceLock(self.state_dir, name).release()
            self.state.setdefault(name, {}).update(record)
            self._save_state()
            self.log("crawl_finished", source=name, status=record["last_status"], exit_code=proc.returncode,
                     run_id=record.get("last_run_id"), documents=record.get("last_documents"))  # fmt: skip
            if self.after_run:
                try:
                    self.after_run(name, record)
                except Exception as exc:  # noqa: BLE001 - a health check never stops the daemon
                    self.log("health_check_failed", source=name, error=f"{type(exc).__name__}: {exc}")

    def _finish_record(self, name: str, code: int) -> dict:
        record = {"last_finish": iso(utcnow()), "last_exit_code": code, "pid": None}
        summary = None
        try:
            lines = (self.state_dir / "scheduler" / f"{name}.json").read_text(encoding="utf-8").splitlines()
            summary = json.loads(lines[-1]) if lines else None
        except (OSError, ValueError):
            pass
        status = {0: "finished", 3: "spooled"}.get(code, "failed")
        if summary and code in (0, 3):
            record.update(last_run_id=summary.get("run_id"), last_documents=summary.get("documents"),
                          last_pages=summary.get("pages_crawled"), last_errors=summary.get("errors"))  # fmt: skip
            if "shutdown" in (summary.get("finished") or {}).values():
                status = "interrupted"
        record["last_status"] = status
        return record

    def start_crawl(self, name: str, now: dt.datetime) -> bool:
        lock = SourceLock(self.state_dir, name)
        ok, dead = lock.acquire(os.getpid())
        if not ok:
            holder = lock.holder()
            if self._skipped.get(name) != holder:  # once per running crawl, not at every tick
                self.log("crawl_skipped", source=name, reason="already running", pid=holder)
                self._skipped[name] = holder
            return False
        self._skipped.pop(name, None)
        if dead:
            self.log("lock_taken_over", source=name, dead_pid=dead)
        out_dir = self.state_dir / "scheduler"
        out_dir.mkdir(parents=True, exist_ok=True)
        self.logs_dir.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ if self.env is None else self.env)
        env.pop("IMT_SCHEDULER_NOW", None)
        if not env.get("IMT_USER"):  # the audit log names the scheduler as who started the crawl
            env["IMT_USER"] = f"scheduler:{acting_user()}"
        try:
            with open(out_dir / f"{name}.json", "w", encoding="utf-8") as out, \
                    open(self.logs_dir / f"crawl-{name}.log", "a", encoding="utf-8") as err:  # fmt: skip
                proc = subprocess.Popen([sys.executable, "-m", "ops", "crawl", name, "--json"], cwd=ROOT,
                                        env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                        start_new_session=True, pass_fds=(lock.fileno(),))  # fmt: skip
        except OSError as exc:
            lock.release()
            self.log("crawl_start_failed", source=name, error=str(exc))
            return False
        lock.set_pid(proc.pid)
        lock.hand_over()  # the crawl holds the lock now, until it ends
        self.running[name] = proc
        self.state.setdefault(name, {}).update(last_start=iso(now), pid=proc.pid)
        self._save_state()
        self.log("crawl_started", source=name, pid=proc.pid, cron=self.schedules[name].cron)
        return True

    def tick(self) -> list[str]:
        """One pass: reap, re-read, start what is due. Returns the sources started."""
        self.reap()
        self.reload()
        now = utcnow()
        started, dirty = [], False
        for name, sch in self.schedules.items():
            st = self.state.setdefault(name, {})
            if "since" not in st:
                st["since"], dirty = iso(now), True
            if sch.paused or name in self.running:
                continue
            last = parse_time(st["last_start"]) if st.get("last_start") else None
            try:
                due = is_due(sch.cron, last, parse_time(st["since"]), now)
            except (ValueError, KeyError) as exc:
                self.log("schedule_error", source=name, error=str(exc))
                continue
            if due and self.start_crawl(name, now):
                started.append(name)
        if dirty:
            self._save_state()
        if self.periodic and time.monotonic() - self._periodic_at >= self.periodic_every:
            self._periodic_at = time.monotonic()
            try:
                self.periodic(sorted(self.schedules))
            except Exception as exc:  # noqa: BLE001 - a health check never stops the daemon
                self.log("health_check_failed", error=f"{type(exc).__name__}: {exc}")
        return started

    def stop(self, *_args) -> None:
        self._stop = True

    def adopt(self) -> None:
        """At start: crawls a previous daemon started. Still running: their lock keeps them single; gone without
        a recorded finish: recorded as `lost` (the run history says how they ended)."""
        for name, st in self.state.items():
            pid = st.get("pid")
            if not pid:
                continue
            if pid_alive(pid) and SourceLock(self.state_dir, name).holder() == pid:
                self.log("crawl_still_running", source=name, pid=pid)
                continue
            st.update(pid=None, last_status="lost", last_finish=None)
            SourceLock(self.state_dir, name).release()  # removed unless some live process holds it
            self.log("crawl_lost", source=name, pid=pid)
        self._save_state()

    def run(self, tick: float = 30.0, once: bool = False) -> None:
        self.reload(strict=True)
        self.adopt()
        self.log("scheduler_started", pid=os.getpid(), schedules=len(self.schedules), tick=tick, once=once)
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        try:
            self.tick()
            if once:
                while self.running and not self._stop:
                    time.sleep(0.2)
                    self.reap()
                return
            while not self._stop:
                deadline = time.monotonic() + tick
                while not self._stop and time.monotonic() < deadline:
                    time.sleep(min(0.2, tick))
                    if self.running:
                        self.reap()
                if not self._stop:
                    self.tick()
        finally:
            self.log("scheduler_stopped", running=sorted(self.running))

    def status(self) -> list[dict]:
        """Every schedule with its state, for `imt schedule list`."""
        now = utcnow()
        rows = []
        for name, sch in sorted(self.schedules.items()):
            st = self.state.get(name, {})
            base = parse_time(st.get("last_start") or st.get("since") or iso(now))
            holder = SourceLock(self.state_dir, name).holder()
            rows.append({
                "source": name, "cron": sch.cron, "origin": sch.origin, "paused": sch.paused,
                "next": None if sch.paused else iso(max(next_after(sch.cron, base), now.replace(microsecond=0))),
                "last_start": st.get("last_start"), "last_finish": st.get("last_finish"),
                "last_status": st.get("last_status"),
                "running_pid": holder if holder and pid_alive(holder) else None,
            })  # fmt: skip
        return rows
