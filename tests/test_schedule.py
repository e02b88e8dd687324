"""Schedules, the scheduler daemon, source health and metrics.

Unit tests of the due computation, the schedule file and the locks with injected times; then the real daemon
(`python cli.py scheduler run`) as a subprocess against the demo server and the real node, with its own
sources, home and index, its clock shifted by IMT_SCHEDULER_NOW."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from crawler.schedule import (
    ScheduleError,
    ScheduleStore,
    SourceLock,
    check_cron,
    effective,
    is_due,
    next_after,
)
from crawler.sources import Source, SourceError, load_sources

ROOT = Path(__file__).resolve().parent.parent
T = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.timezone.utc)


# -- unit -----------------------------------------------------------------------------------------------
def test_missed_crawl_runs_once_then_next_from_now():
    cron = "*/30 * * * *"
    # never run: the first cron time after the schedule was first seen
    assert not is_due(cron, None, T + dt.timedelta(minutes=1), T + dt.timedelta(minutes=29))
    assert is_due(cron, None, T + dt.timedelta(minutes=1), T + dt.timedelta(minutes=30))
    # last start 10:00, daemon down until 12:05: due once ...
    last = T - dt.timedelta(hours=2)
    now = T + dt.timedelta(minutes=5)
    assert is_due(cron, last, T, now)
    # ... and after starting at 12:05 the next is 12:30, not the four missed ones
    assert not is_due(cron, now, T, now + dt.timedelta(seconds=1))
    assert next_after(cron, now) == T + dt.timedelta(minutes=30)


def test_schedule_store_is_atomic_and_cli_wins(tmp_path):
    store = ScheduleStore(tmp_path)
    with pytest.raises(ScheduleError, match="not a cron expression"):
        store.add("a", "every minute")
    with pytest.raises(ScheduleError):
        check_cron("61 * * * *")
    store.add("a", "*/5  *  * * *")
    store.set_paused("b", True)
    assert json.loads(store.path.read_text()) == {"a": {"cron": "*/5 * * * *", "paused": False},
                                                  "b": {"paused": True}}  # fmt: skip
    assert not list(tmp_path.glob(".schedules.json.*"))  # no temporary file left behind
    sources = {n: Source(name=n, type="site", seeds=["http://x.test/"], schedule=c)
               for n, c in (("a", "0 * * * *"), ("b", "0 6 * * *"), ("c", ""))}  # fmt: skip
    eff = effective(sources, store.load())
    assert (eff["a"].cron, eff["a"].origin) == ("*/5 * * * *", "cli")
    assert (eff["b"].cron, eff["b"].origin, eff["b"].paused) == ("0 6 * * *", "yaml", True)
    assert "c" not in eff
    assert store.remove("a") and not store.remove("a")
    assert effective(sources, store.load())["a"].origin == "yaml"
    store.path.write_text('{"a": {"cron": "nope"}}')
    with pytest.raises(ScheduleError, match="source 'a'"):
        store.load()


HOLD = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
fcntl.flock(fd, fcntl.LOCK_EX)
os.ftruncate(fd, 0)
os.write(fd, b"%d\\n" % os.getpid())
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


def hold(path, seconds: float = 120) -> subprocess.Popen:
    """Another process holding a source lock the way a crawl does (flock), for `seconds`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_lock_is_exclusive_and_a_dead_holder_is_taken_over(tmp_path):
    lock = SourceLock(tmp_path, "s")
    assert lock.acquire(os.getpid()) == (True, None)
    assert SourceLock(tmp_path, "s").acquire(os.getpid())[0] is False  # held
    assert SourceLock(tmp_path, "s").holder() == os.getpid()
    lock.release()
    assert not lock.path.exists() and lock.holder() is None
    other = hold(lock.path)
    try:
        assert lock.acquire(os.getpid()) == (False, None) and lock.holder() == other.pid
        lock.release()  # not ours: left alone
        assert lock.path.exists() and lock.holder() == other.pid
    finally:
        other.kill()
        other.wait()
    # the holder died without letting go (killed): the kernel freed the lock, its pid is still in the file
    assert lock.holder() is None
    assert lock.acquire(os.getpid()) == (True, other.pid)
    lock.release()
    assert not lock.path.exists()
    # a file left from before a reboot whose pid now belongs to an unrelated live process: nobody holds the lock
    # (the pid-file lock this replaced took that process for the crawl and refused forever)
    unrelated = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock.set_pid(unrelated.pid)
        assert lock.holder() is None
        assert lock.acquire(os.getpid()) == (True, unrelated.pid)
        lock.release()
    finally:
        unrelated.kill()
        unrelated.wait()


def test_two_processes_never_take_one_lock(tmp_path):
    """The pid-file lock this replaced could be taken by two processes that both found a dead holder's file and
    both removed it; with flock exactly one of many racing processes gets it."""
    path = tmp_path / "locks" / "s.lock"
    path.parent.mkdir()
    path.write_text("4194313\n")  # a dead holder's file, as the race needs
    race = (
        "import sys, time\n"
        "sys.path.insert(0, sys.argv[2])\n"
        "from crawler.schedule import SourceLock\n"
        "while time.time() < float(sys.argv[3]): pass\n"
        "ok, dead = SourceLock(sys.argv[1], 's').acquire(__import__('os').getpid())\n"
        "print(int(ok), flush=True)\n"
        "time.sleep(1.5)\n"
    )

    start = time.time() + 1.0
    root = str(Path(__file__).resolve().parent.parent)
    procs = [subprocess.Popen([sys.executable, "-c", race, str(tmp_path), root, str(start)], stdout=subprocess.PIPE,
                              text=True) for _ in range(6)]  # fmt: skip
    got = [int(p.communicate(timeout=60)[0].strip()) for p in procs]
    assert sum(got) == 1, got


def test_daemon_state_lost_crawls_and_busy_sources(tmp_path):
    from crawler.schedule import Scheduler

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    state = tmp_path / "state"
    state.mkdir()
    (state / "scheduler.json").write_text(json.dumps({
        "gone": {"last_start": "2026-11-30T10:00:00Z", "pid": dead.pid},
        "busy": {"last_start": "2026-11-30T10:00:00Z", "since": "2026-11-30T09:00:00Z"},
    }))  # fmt: skip
    (state / "locks").mkdir()
    SourceLock(state, "gone").set_pid(dead.pid)  # the crawl a previous daemon started, gone since
    busy = SourceLock(state, "busy")
    assert busy.acquire(os.getpid())[0]  # a crawl some other process runs (here: this one, on its own descriptor)
    events = []
    sources = {n: Source(name=n, type="site", seeds=["http://x.test/"], schedule="* * * * *") for n in ("busy",)}
    sched = Scheduler(tmp_path, lambda: sources, log=lambda event, **kw: events.append((event, kw)))
    sched.reload(strict=True)
    sched.adopt()
    assert sched.state["gone"]["last_status"] == "lost" and not (state / "locks" / "gone.lock").exists()
    assert sched.tick() == [] and sched.tick() == []  # due, but its lock is held: skipped, logged once
    assert [e for e, _ in events].count("crawl_skipped") == 1
    assert json.loads((state / "scheduler.json").read_text())["gone"]["pid"] is None


def test_invalid_cron_in_a_source_file_names_file_and_source(tmp_path):
    (tmp_path / "x.yaml").write_text('sources:\n  - {name: s1, type: site, seeds: ["http://a.test/"], '
                                     'schedule: "every day"}\n')  # fmt: skip
    with pytest.raises(SourceError, match=r"x\.yaml: sources\[0\] \(s1\): field 'schedule'"):
        load_sources(tmp_path, {})


def metric_samples(text: str) -> dict[tuple, float]:
    """{(sample name, sorted labels): value} of a Prometheus exposition, read with prometheus_client's parser."""
    from prometheus_client.parser import text_string_to_metric_families

    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}  # fmt: skip


def test_metrics_without_elasticsearch(tmp_path):
    import config
    from crawler.metrics import render_metrics
    from search.spool import Spool

    cfg = config.load({"IMT_HOME": str(tmp_path)})
    Spool(cfg.spool_dir).append([{"id": "a"}, {"id": "b"}])
    text = render_metrics(cfg, None)
    samples = metric_samples(text)
    assert samples[("imt_up", ())] == 0 and samples[("imt_spool_documents", ())] == 2
    assert "# TYPE imt_up gauge" in text and "imt_pages_crawled_total" not in text


# -- the real daemon ------------------------------------------------------------------------------------
SOURCES = """
sources:
  - name: news
    type: site
    seeds: ["${demo}/news/"]
    follow: ["^/news/"]
    items: ["^/news/a/\\\\d+$"]
    max_pages: 15
    schedule: "* * * * *"
  - name: broken
    type: site
    seeds: ["${demo}/no-such-place/"]
    politeness: {retries: 0}
  - name: idle
    type: site
    seeds: ["${demo}/shop/"]
"""


class Setup:
    def __init__(self, imt, imt_home, tmp_path, es_url):
        self.imt = imt
        self.home = tmp_path / "home"
        shutil.copytree(imt_home / "models", self.home / "models")
        (tmp_path / "sources").mkdir()
        self.sources = tmp_path / "sources" / "test.yaml"
        self.sources.write_text(SOURCES, encoding="utf-8")
        self.index = f"imt-sched-{uuid.uuid4().hex[:8]}"
        self.env = {"IMT_HOME": str(self.home), "IMT_INDEX": self.index, "IMT_SOURCES_DIR": str(tmp_path / "sources")}
        self.es = Elasticsearch(es_url)

    def run(self, *args, **kw):
        return self.imt(*args, **{**self.env, **kw})

    def state(self) -> dict:
        return json.loads((self.home / "state" / "scheduler.json").read_text())

    def cleanup(self):
        base = self.index
        for name in (f"{base}-v1", f"{base}-runs-v1", f"{base}-ops-alerts-v1"):
            self.es.options(ignore_status=404).indices.delete(index=name)


@pytest.fixture
def setup(imt, trained, imt_home, tmp_path, es_url):
    s = Setup(imt, imt_home, tmp_path, es_url)
    yield s
    s.cleanup()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_schedule_cli(setup):
    bad = setup.run("schedule", "add", "nope", "--cron", "* * * * *", check=False)
    assert bad.returncode == 2 and "unknown source 'nope'" in bad.stderr and "broken, idle, news" in bad.stderr
    bad = setup.run("schedule", "add", "idle", "--cron", "soon", check=False)
    assert bad.returncode == 2 and "not a cron expression" in bad.stderr and "Traceback" not in bad.stderr
    setup.run("schedule", "add", "idle", "--cron", "0 3 * * *")
    setup.run("schedule", "pause", "news")
    rows = {r["source"]: r for r in map(json.loads, setup.run("schedule", "list", "--json").stdout.splitlines())}
    assert rows["idle"]["cron"] == "0 3 * * *" and rows["idle"]["origin"] == "cli"
    assert rows["news"]["paused"] and rows["news"]["origin"] == "yaml" and rows["news"]["next"] is None
    setup.run("schedule", "resume", "news")
    setup.run("schedule", "remove", "idle")
    assert "idle" not in setup.run("schedule", "list").stdout
    assert setup.run("schedule", "remove", "idle", check=False).returncode == 2


def test_daemon_runs_due_crawls_once_keeps_state_and_serves_metrics(setup):
    es, port = setup.es, _free_port()
    # a crawl of `idle` that died earlier: its run is still `running`, its lock names a dead pid
    from search import runs

    dead = runs.start(es, setup.index, ["idle"])
    es.update(index=runs.runs_alias(setup.index), id=dead, doc={"pid": 2**22 + 7}, refresh=True)
    locks = setup.home / "state" / "locks"
    locks.mkdir(parents=True)
    (locks / "news.lock").write_text(f"{2**22 + 9}\n")
    # the clock two seconds before a minute: `news` (every minute, never run) is due two seconds after start
    env = {**os.environ, **setup.imt.env, **setup.env, "IMT_LOG_FORMAT": "json",
           "IMT_SCHEDULER_NOW": "2026-11-30T08:00:58Z"}  # fmt: skip
    daemon = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "scheduler", "run", "--tick", "1",
                               "--metrics-port", str(port)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        deadline = time.time() + 60
        state_file = setup.home / "state" / "scheduler.json"
        while time.time() < deadline and daemon.poll() is None:
            if state_file.exists() and setup.state().get("news", {}).get("last_status"):
                break
            time.sleep(0.5)
        st = setup.state()["news"]
        assert st["last_status"] == "finished", st
        assert st["last_start"].startswith("2026-11-30T08:01:0") and st["last_run_id"]
        # an invalid edit of the schedule file: logged once, the previous schedules kept
        (setup.home / "state" / "schedules.json").write_text("{not json")
        time.sleep(2.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as resp:
            assert resp.headers["Content-Type"].startswith("text/plain; version=0.0.4")
            metrics = resp.read().decode()
    finally:
        daemon.send_signal(signal.SIGTERM)
        out, err = daemon.communicate(timeout=60)
    assert daemon.returncode == 0, err
    logged = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    events = [e for e in logged if "event" in e]  # not the JSON `logging` lines (warnings), if any
    names = [e["event"] for e in events]
    assert names[0] == "runs_marked_interrupted" and dead in events[0]["runs"]
    assert names.count("crawl_started") == 1 and names.count("crawl_finished") == 1  # one crawl, not a burst
    assert names.count("config_invalid") == 1 and names[-1] == "scheduler_stopped"
    taken = next(e for e in events if e["event"] == "lock_taken_over")
    assert taken["source"] == "news" and taken["dead_pid"] == 2**22 + 9
    assert not (locks / "news.lock").exists()
    assert runs.show(es, setup.index, dead)["status"] == "interrupted"
    run = runs.show(es, setup.index, st["last_run_id"])
    assert run["status"] == "finished" and run["sources"] == ["news"]
    samples = metric_samples(metrics)
    assert "# TYPE imt_pages_crawled_total counter" in metrics and samples[("imt_up", ())] == 1
    assert samples[("imt_pages_crawled_total", (("source", "news"),))] == run["pages_crawled"]
    assert samples[("imt_run_failures_total", (("source", "idle"),))] == 1
    assert samples[("imt_spool_documents", ())] == 0 and ("imt_indexing_lag_seconds", ()) in samples
    assert ("imt_last_run_timestamp_seconds", (("source", "news"),)) in samples
    crawl_log = (setup.home / "logs" / "crawl-news.log").read_text().splitlines()
    assert crawl_log and all(json.loads(line)["ts"] for line in crawl_log)  # the crawl's lines are JSON too

    # restarted with --once a minute later: `news` missed one minute, runs once; `idle` has no schedule
    (setup.home / "state" / "schedules.json").write_text("{}")
    once = setup.run("scheduler", "run", "--once", IMT_SCHEDULER_NOW="2026-11-30T09:30:00Z")
    assert once.stderr.count("crawl_started") == 1 and "source=news" in once.stderr
    assert setup.state()["news"]["last_start"].startswith("2026-11-30T09:30")
    assert setup.state()["news"]["last_finish"]


def _health(setup, now: str) -> dict[str, dict]:
    out = setup.run("health", "check", "--json", IMT_SCHEDULER_NOW=now).stdout
    return {r["source"]: r for r in map(json.loads, out.splitlines())}


def test_health_check_raises_alerts_once(setup):
    setup.run("crawl", "broken", "--json", check=False)
    setup.run("crawl", "news", "--json")
    # an hour later: news (every minute) has been fine; broken has no schedule; missed runs need a schedule
    setup.run("schedule", "add", "broken", "--cron", "*/10 * * * *")
    later = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)).isoformat()
    first = _health(setup, later)
    assert set(first["broken"]["problems"]) == {"zero_documents", "error_rate", "missed_runs"}
    assert len(first["broken"]["alerts_raised"]) == 3 and first["broken"]["error_rate"] > 0.2
    assert first["news"]["status"] == "finished" and first["news"]["documents"] > 0
    assert "missed_runs" in first["news"]["problems"]  # every minute, last good run an hour ago
    assert first["idle"]["status"] is None and first["idle"]["problems"] == []
    again = _health(setup, later)
    assert again["broken"]["alerts_raised"] == [] and again["broken"]["open_alerts"] == 3
    listed = [json.loads(line) for line in setup.run("health", "alerts", "--json", "--source", "broken").stdout
              .splitlines()]  # fmt: skip
    assert {a["reason"] for a in listed} == {"zero_documents", "error_rate", "missed_runs"}
    setup.run("health", "close", listed[0]["alert_id"])
    table = setup.run("health", "check").stdout
    assert "broken" in table and "zero_documents" in table
    assert setup.run("health", "close", "nope", check=False).returncode == 2


def test_manual_crawl_respects_the_scheduler_lock(setup):
    """A manual `imt crawl` takes the same per-source lock as the scheduler's crawls: refused while a live process
    holds it (one clear line, exit 2), goes ahead once the holder is gone, and leaves no lock behind."""
    lock = setup.home / "state" / "locks" / "news.lock"
    lock.parent.mkdir(parents=True)
    holder = hold(lock)
    try:
        busy = setup.run("crawl", "idle", "news", "--json", check=False)  # idle is locked first, then let go
        assert busy.returncode == 2 and "Traceback" not in busy.stderr
        assert f"source 'news' is being crawled by process {holder.pid}" in busy.stderr
        assert not (setup.home / "state" / "locks" / "idle.lock").exists()  # nothing half-taken is left
    finally:
        holder.kill()
        holder.wait()
    proc = setup.run("crawl", "news", "--json")  # the holder died: its lock is taken over
    done = json.loads(proc.stdout)
    assert done["documents"] > 0 and done["bytes"] > 0 and done["requests"] >= done["pages_crawled"]
    # the progress line (not a terminal: plain lines) ends with the final count of the page budget, and the rate
    last = [line for line in proc.stderr.splitlines() if line.strip().startswith("crawled:")][-1]
    assert f"crawled: {done['pages_crawled']}/{max(15, done['pages_crawled'])} (" in last and "/s;" in last
    assert f"{done['documents']} documents" in last
    assert not lock.exists()


def test_crawls_of_different_sources_run_side_by_side(setup):
    """The scheduler starts due crawls of different sources at once, in one IMT_HOME: both finish with their
    documents, and their captures share one evidence store whose chain stays whole."""
    with setup.sources.open("a", encoding="utf-8") as fh:
        fh.write('  - {name: shop, type: site, seeds: ["${demo}/shop/"], follow: ["^/shop/"], '
                 'items: ["^/shop/ad/\\\\d+$"]}\n')  # fmt: skip
    env = {**setup.imt.env, **setup.env}
    procs = [subprocess.Popen([sys.executable, "cli.py", "crawl", name, "--json"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name in ("news", "shop")]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err[-800:] for _out, err in results]
    news, shop = (json.loads(out) for out, _err in results)
    assert news["documents"] > 0 and shop["documents"] > 20
    assert not news["rejected"] and not shop["rejected"], (news["rejected"], shop["rejected"])
    verified = setup.run("evidence", "verify")
    assert verified.stdout.startswith("OK") and "chain breaks 0" in verified.stdout
    lines = (setup.home / "evidence" / "manifest.jsonl").read_text().splitlines()
    assert {json.loads(line)["source"] for line in lines} == {"news", "shop"}
    assert len(lines) == news["pages_crawled"] + shop["pages_crawled"] - 2  # every page but the two robots.txt


def test_schedule_changes_from_many_processes_are_all_kept(tmp_path):
    """The CLI and the web app both rewrite state/schedules.json: eight processes adding 15 schedules each at the
    same moment lose none of them (without the lock a read-modify-write overwrites the others' changes)."""
    code = (
        "import sys, time\n"
        "sys.path.insert(0, sys.argv[2])\n"
        "from crawler.schedule import ScheduleStore\n"
        "store = ScheduleStore(sys.argv[1])\n"
        "while time.time() < float(sys.argv[4]): pass\n"
        "for i in range(15): store.add(f'{sys.argv[3]}-{i}', '*/5 * * * *')\n"
    )
    root = str(Path(__file__).resolve().parent.parent)
    start = str(time.time() + 1.5)
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path), root, f"p{n}", start]) for n in range(8)]
    assert [p.wait(timeout=120) for p in procs] == [0] * 8
    data = ScheduleStore(tmp_path).load()
    assert len(data) == 120 and all(v == {"cron": "*/5 * * * *", "paused": False} for v in data.values())
    assert ScheduleStore(tmp_path).remove("p0-0") and not ScheduleStore(tmp_path).remove("p0-0")
    assert len(ScheduleStore(tmp_path).load()) == 119
