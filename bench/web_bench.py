"""Web app under load: `imt serve --workers N` on the 1,000,000-document index, signed-in users back to back,
against a bare baseline measured in the same run.

    .venv/bin/python bench/web_bench.py [--docs 1000000] [--workers N] [--users 50] [--seconds 60] [--think 0]
                                        [--rounds 20] [--warmup 10] [--static-seconds 20] [--sweep 10,20]

The index is the one bench/search_bench.py builds (`imt-bench-big`, generated from the seed corpus; built once,
about six minutes, and reused while its generator version and count match). The app reads it through a private
alias added to that index for the run (its users, sessions and audit log go to private stores named after that
alias), all removed at the end; the big index itself is kept.

1. Overhead, one user: each investigator request (search page, search API, document page, entity page,
   dashboard) over HTTP to the app in this process against the bare search/ (and classifier/) calls the route
   makes, called directly: p50 / p95 of both and the ratio of the medians.
2. Load, the headline: `imt serve --workers N` in its own processes (default: what `imt serve` defaults to), and
   --users signed-in users (threads of this process, each its own session and connection) opening a search page
   (a query word of bench/search_bench.py) and a document page (a random one of the index) in turn for --seconds,
   back to back (--think 0; otherwise each waits about --think seconds between pages), after --warmup seconds
   that are not counted. In the same run and with the same users:
   - bare: the Elasticsearch requests each page is built from, sent by the same users directly through
     elasticsearch-py (search page: the search/query.py calls of the route; document page: the document by id
     and its near-duplicates), without the app: no session, audit, rendering, model explanation;
   - static: GET /static/app.css from the same app (the floor of HTTP, uvicorn and this load generator).
   Reported per page: p50 / p95 / max, errors, requests/s, the ratios app / bare, the load average, and where the
   CPU went during each phase (Elasticsearch, the app's workers, this process, everything else on the machine).
   Goal: p95 <= 300 ms for search and document pages with no errors.
3. The app phase again with fewer users (--sweep, default 10 and 20; --sweep-seconds each).

Results: bench/results/web.json and web.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import psutil  # noqa: E402
import uvicorn  # noqa: E402
from elasticsearch import Elasticsearch  # noqa: E402

import config  # noqa: E402
from bench.common import RESULTS, free_port, private_home  # noqa: E402
from bench.search_bench import QUERY_WORDS, Generator, build_big  # noqa: E402
from search import users  # noqa: E402
from search.documents import get_document, near_duplicates  # noqa: E402
from search.node import Node  # noqa: E402
from search.query import Filters, entity_show, facets, search, search_with_facets  # noqa: E402
from web.app import create_app  # noqa: E402
from web.settings import WebSettings, default_workers  # noqa: E402

BIG = "imt-bench-big"
PASSWORD = "bench password 123"
PAGES = ("search page", "document page")
GOAL_MS = 300


def doc_id(i: int) -> str:
    return f"g{i:08d}"  # the ids of bench/search_bench.py's generator


def summary(ms: list[float]) -> dict:
    ms = sorted(ms)
    return {"p50": round(statistics.median(ms), 1), "p95": round(ms[int(0.95 * (len(ms) - 1))], 1)}


def pcts(ms: list[float]) -> dict:
    if not ms:
        return {"n": 0, "p50": None, "p95": None, "max": None}
    q = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else [ms[0]] * 99
    return {"n": len(ms), "p50": round(q[49], 1), "p95": round(q[94], 1), "max": round(max(ms), 1)}


def timed(fn, rounds: int) -> list[float]:
    fn()  # warm
    out = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def sign_in(client: httpx.Client) -> None:
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    r = client.post("/login", data={"username": "bench", "password": PASSWORD, "csrf": token})
    if r.status_code != 303:
        raise SystemExit(f"bench user could not sign in: HTTP {r.status_code}")


# ---------------------------------------------------------------------------------------------------- overhead


def overhead(cfg: config.Config, es: Elasticsearch, alias: str, rounds: int) -> dict:
    """One user, app in this process (uvicorn in a thread): each route against the bare calls it makes."""
    app = create_app(cfg, WebSettings(secret=b"bench-secret-" * 3, workers=1))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
    sign_in(client)
    loaded = app.state.imt.model()
    model = loaded[0] if loaded else None
    gen = Generator(seed=11)
    phone = gen.phones[3]
    q = "мефедрон"
    did = doc_id(42)
    week = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 7 * 86400))  # as the dashboard asks

    def bare_doc():
        doc = get_document(es, alias, did)
        near_duplicates(es, alias, doc.get("cluster_id"), exclude=doc["id"])
        if model is not None:
            model.analyze([f"{doc['title']}\n{doc['text']}"], top=15)

    cases = {
        "search page": (lambda: search_with_facets(es, alias, q, size=20, facet_size=8, histogram=False),
                        lambda: client.get("/search", params={"q": q})),
        "search API": (lambda: search(es, alias, q, size=20), lambda: client.get("/api/search", params={"q": q})),
        "document page": (bare_doc, lambda: client.get(f"/doc/{did}")),
        "entity page": (lambda: (entity_show(es, alias, f"phone:{phone}", size=50, top=8),
                                 facets(es, alias, "", filters=Filters(entities=(f"phone:{phone}",)), size=5)),
                        lambda: client.get("/entity", params={"spec": f"phone:{phone}"})),
        "dashboard": (lambda: (facets(es, alias, "", size=5), facets(es, alias, "", filters=Filters(label=1), size=10),
                               facets(es, alias, "", filters=Filters(label=1, since=week), size=8)),
                      lambda: client.get("/dashboard")),
    }  # fmt: skip
    results = {}
    try:
        for name, (bare, web) in cases.items():
            status = web().status_code
            if status != 200:
                raise SystemExit(f"{name}: HTTP {status}")
            b, w = timed(bare, rounds), timed(web, rounds)
            results[name] = {"bare_ms": summary(b), "app_ms": summary(w),
                             "ratio_p50": round(statistics.median(w) / statistics.median(b), 2)}  # fmt: skip
            r = results[name]
            print(f"{name:14} bare p50 {r['bare_ms']['p50']:7.1f} ms   app p50 {r['app_ms']['p50']:7.1f} ms   "
                  f"x{r['ratio_p50']}", file=sys.stderr)  # fmt: skip
    finally:
        client.close()
        server.should_exit = True
        thread.join(10)
    return results


# ---------------------------------------------------------------------------------------------------- load


class CpuMeter:
    """CPU seconds used during a phase by Elasticsearch, the app's processes, this process and the whole machine."""

    def __init__(self, es_pid: int | None, app_pid: int):
        self.es = psutil.Process(es_pid) if es_pid else None
        self.app = psutil.Process(app_pid)
        self.me = psutil.Process()

    @staticmethod
    def _cpu(proc) -> float:
        try:
            t = proc.cpu_times()
            return t.user + t.system
        except (psutil.Error, AttributeError):
            return 0.0

    def _app(self) -> float:
        try:
            procs = [self.app, *self.app.children(recursive=True)]
        except psutil.Error:
            return 0.0
        return sum(self._cpu(p) for p in procs)

    def sample(self) -> dict:
        t = psutil.cpu_times()
        busy = t.user + t.system + sum(getattr(t, f, 0.0) for f in ("nice", "irq", "softirq", "steal"))
        return {"wall": time.monotonic(), "es": self._cpu(self.es), "app": self._app(), "loadgen": self._cpu(self.me),
                "busy": busy}  # fmt: skip

    @staticmethod
    def share(before: dict, after: dict) -> dict:
        """Cores used on average during the phase, by whom ("other": everything else, other people's work too)."""
        wall = after["wall"] - before["wall"]
        used = {k: (after[k] - before[k]) / wall for k in ("es", "app", "loadgen", "busy")}
        used["other"] = max(0.0, used["busy"] - used["es"] - used["app"] - used["loadgen"])
        return {k: round(v, 2) for k, v in used.items()}


def run_users(n_users: int, seconds: float, think: float, request) -> tuple[dict, dict, float]:
    """n_users threads, each calling request(user, page, rng) for PAGES in turn until `seconds` are up.
    Returns (times per page in ms, errors per page, elapsed seconds)."""
    times: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def user(u: int) -> None:
        rng = random.Random(u * 7919 + int(seconds))
        turn = u  # half the users start with a document page
        while time.monotonic() < stop_at:
            page = request.pages[turn % len(request.pages)]
            turn += 1
            t0 = time.perf_counter()
            try:
                ok = request(u, page, rng)
            except Exception:  # noqa: BLE001 - any failure is an error of this request
                ok = False
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                times.setdefault(page, []).append(ms)
                errors[page] = errors.get(page, 0) + int(not ok)
            if think:
                time.sleep(rng.uniform(0.5, 1.5) * think)

    started = time.monotonic()
    threads = [threading.Thread(target=user, args=(u,)) for u in range(n_users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, errors, time.monotonic() - started


class AppPages:
    """A search page or a document page of the app, as a signed-in user."""

    pages = PAGES

    def __init__(self, clients: list[httpx.Client], n_docs: int):
        self.clients, self.n_docs = clients, n_docs

    def __call__(self, u: int, page: str, rng: random.Random) -> bool:
        c = self.clients[u]
        if page == "search page":
            r = c.get("/search", params={"q": rng.choice(QUERY_WORDS)})
        else:
            r = c.get(f"/doc/{doc_id(rng.randrange(self.n_docs))}")
        return r.status_code == 200 and b"<html" in r.content[:200]


class BarePages:
    """The Elasticsearch requests of the same pages, sent directly with elasticsearch-py: no app in between."""

    pages = PAGES

    def __init__(self, es: Elasticsearch, alias: str, n_docs: int):
        self.es, self.alias, self.n_docs = es, alias, n_docs

    def __call__(self, u: int, page: str, rng: random.Random) -> bool:
        if page == "search page":
            page, _facets = search_with_facets(
                self.es, self.alias, rng.choice(QUERY_WORDS), size=20, facet_size=8, histogram=False
            )
            return page.total >= 0
        doc = get_document(self.es, self.alias, doc_id(rng.randrange(self.n_docs)))
        near_duplicates(self.es, self.alias, doc.get("cluster_id"), exclude=doc["id"])
        return True


class StaticPage:
    pages = ("static file",)

    def __init__(self, clients: list[httpx.Client]):
        self.clients = clients

    def __call__(self, u: int, page: str, rng: random.Random) -> bool:
        return self.clients[u].get("/static/app.css").status_code == 200


class Phase:
    """What one load phase measured; several turns of the same phase add up."""

    def __init__(self, pages: tuple[str, ...]):
        self.pages = pages
        self.times: dict[str, list[float]] = {page: [] for page in pages}
        self.errors = dict.fromkeys(pages, 0)
        self.elapsed = 0.0
        self.cores: dict[str, float] = {}
        self.loads: list[float] = []

    def add(self, times: dict, errors: dict, elapsed: float, cores: dict, loads: tuple[float, float]) -> None:
        for page in self.pages:
            self.times[page] += times.get(page, [])
            self.errors[page] += errors.get(page, 0)
        for key, value in cores.items():  # cores used, weighted by the length of each turn
            self.cores[key] = (self.cores.get(key, 0.0) * self.elapsed + value * elapsed) / (self.elapsed + elapsed)
        self.elapsed += elapsed
        self.loads += loads

    def result(self) -> dict:
        total = sum(len(v) for v in self.times.values())
        return {
            "pages": {page: dict(pcts(self.times[page]), errors=self.errors[page]) for page in self.pages},
            "requests_per_s": round(total / self.elapsed, 1),
            "seconds": round(self.elapsed, 1),
            "load_average_1m": [round(self.loads[0], 2), round(max(self.loads), 2), round(self.loads[-1], 2)],
            "cores_used": {k: round(v, 2) for k, v in self.cores.items()},
        }


def turn(name: str, meter: CpuMeter, args, request, seconds: float, users: int, into: Phase) -> None:
    """One turn of a phase: `users` users for `seconds`, added to `into`."""
    print(f"load: {name}, {users} users, {seconds:.0f} s ...", file=sys.stderr, flush=True)
    load_before = os.getloadavg()[0]
    before = meter.sample()
    times, errors, elapsed = run_users(users, seconds, args.think, request)
    after = meter.sample()
    cores = CpuMeter.share(before, after)
    into.add(times, errors, elapsed, cores, (load_before, os.getloadavg()[0]))
    for page in request.pages:
        r = dict(pcts(times.get(page, [])), errors=errors.get(page, 0))
        print(f"  {page:14} n {r['n']:6}  p50 {r['p50']} ms  p95 {r['p95']} ms  errors {r['errors']}", file=sys.stderr)
    total = sum(len(v) for v in times.values())
    print(f"  {total / elapsed:.1f} requests/s, cores used {cores}", file=sys.stderr, flush=True)


def phase(name: str, meter: CpuMeter, args, request, seconds: float, users: int | None = None) -> dict:
    into = Phase(request.pages)
    turn(name, meter, args, request, seconds, users or args.users, into)
    return into.result()


def start_server(home: Path, alias: str, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "IMT_HOME": str(home), "IMT_INDEX": alias, "IMT_WEB_SECRET": "bench-secret-load-0123456789",
           "PYTHONPATH": str(ROOT)}  # fmt: skip
    cmd = [sys.executable, str(ROOT / "cli.py"), "serve", "--port", str(port), "--workers", str(workers)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            httpx.get(f"{base_url}/login", timeout=2)
            return proc, base_url
        except httpx.HTTPError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                said = proc.stderr.read() if proc.poll() is not None else ""
                raise SystemExit(f"imt serve did not start: {said}") from None
            time.sleep(0.2)


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def load_test(cfg: config.Config, es: Elasticsearch, home: Path, alias: str, args) -> dict:
    proc, base_url = start_server(home, alias, args.workers)
    clients: list[httpx.Client] = []
    try:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        for _ in range(args.users):  # sign in before the clock starts
            c = httpx.Client(base_url=base_url, timeout=60, limits=limits)
            sign_in(c)
            clients.append(c)
        meter = CpuMeter(args.es_pid, proc.pid)
        app_pages = AppPages(clients, args.docs)
        bare_es = Elasticsearch(cfg.effective_es_url, request_timeout=60, connections_per_node=args.users + 5)
        bare_pages = BarePages(bare_es, alias, args.docs)
        phase("warm-up (not counted)", meter, args, app_pages, seconds=args.warmup)
        bare, app = Phase(PAGES), Phase(PAGES)
        for i in range(args.turns):  # in turns, so that a change in the machine's other load hits both alike
            part = args.seconds / args.turns
            turn(f"bare Elasticsearch ({i + 1}/{args.turns})", meter, args, bare_pages, part, args.users, bare)
            turn(f"app ({i + 1}/{args.turns})", meter, args, app_pages, part, args.users, app)
        bare, app = bare.result(), app.result()
        static = phase("static file", meter, args, StaticPage(clients), seconds=args.static_seconds)
        bare_es.close()
        fewer = {}  # the same pages from fewer users: where the goal holds on this machine
        for n in args.sweep:
            fewer[str(n)] = phase(f"app, {n} users", meter, args, app_pages, seconds=args.sweep_seconds, users=n)
    finally:
        for c in clients:
            c.close()
        stop_server(proc)
    cpu_ms = {}  # CPU milliseconds per page served, by whom (from the cores each used and the pages per second)
    for name, ph in (("app", app), ("bare", bare)):
        rate = ph["requests_per_s"]
        cpu_ms[name] = {k: round(ph["cores_used"][k] / rate * 1000, 1) for k in ("es", "app", "loadgen")}
    ratios = {}
    for page in PAGES:
        a, b = app["pages"][page], bare["pages"][page]
        if a["n"] and b["n"]:
            ratios[page] = {"p50": round(a["p50"] / b["p50"], 2), "p95": round(a["p95"] / b["p95"], 2)}
    return {"workers": args.workers, "users": args.users, "seconds": args.seconds, "turns": args.turns,
            "think_s": args.think,
            "app": app, "bare": bare, "static": static, "ratio_app_to_bare": ratios,
            "throughput_ratio_app_to_bare": round(app["requests_per_s"] / bare["requests_per_s"], 2),
            "cpu_ms_per_page": cpu_ms, "fewer_users": fewer,
            "goal_p95_ms": GOAL_MS,
            "goal_met": all(app["pages"][p]["p95"] is not None and app["pages"][p]["p95"] <= GOAL_MS
                            and not app["pages"][p]["errors"] for p in PAGES)}  # fmt: skip


# ---------------------------------------------------------------------------------------------------- report


def markdown(out: dict) -> str:
    load = out["load"]
    app, bare, static = load["app"], load["bare"], load["static"]
    lines = [
        "# Web app under load (bench/web_bench.py)",
        "",
        f"{out['docs']:,} documents (`{BIG}`, bench/search_bench.py's index), Elasticsearch {out['es_version']} "
        f"(heap {out['es_heap']}), {out['cores']} cores shared by Elasticsearch, the app's workers and the load "
        "generator (and whatever else runs on the machine: load average "
        f"{' / '.join(map(str, out['load_average_before']))} over 1 / 5 / 15 minutes before the run).",
        "",
        f"## {load['users']} users back to back, `imt serve --workers {load['workers']}`"
        + (f" ({load['think_s']} s between pages)" if load["think_s"] else ""),
        "",
        f"Each user is signed in with its own session and alternates a search page (a query word of "
        f"bench/search_bench.py) and a document page (a random one of the {out['docs']:,}), {load['seconds']:.0f} s "
        f"per phase after a warm-up, the bare and app phases alternating in {load['turns']} turns. Bare: the "
        "Elasticsearch requests the same pages are built from (the hits and facets of the query in one msearch; the "
        "document by id and its near-duplicates), sent by the same users directly with elasticsearch-py, in the same "
        "run: no session, audit, model explanation or rendering.",
        "",
        "| page | requests | p50 | p95 | max | errors | bare p50 | bare p95 | app / bare p50 | app / bare p95 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page in PAGES:
        a, b, r = app["pages"][page], bare["pages"][page], load["ratio_app_to_bare"].get(page, {})
        lines.append(f"| {page} | {a['n']} | {a['p50']} ms | **{a['p95']} ms** | {a['max']} ms | {a['errors']} | "
                     f"{b['p50']} ms | {b['p95']} ms | {r.get('p50')} | {r.get('p95')} |")  # fmt: skip
    s = static["pages"]["static file"]
    lines += [
        "",
        f"Throughput: app {app['requests_per_s']} pages/s, bare {bare['requests_per_s']} page equivalents/s "
        f"(app / bare **{load['throughput_ratio_app_to_bare']}**); a static file from the same app "
        f"{static['requests_per_s']} requests/s (p50 {s['p50']} ms, p95 {s['p95']} ms).",
        f"Goal p95 <= {load['goal_p95_ms']} ms for both pages with no errors: "
        f"**{'met' if load['goal_met'] else 'not met'}**.",
        "",
        f"Cores used on average during each phase (the machine has {out['cores']}; `other` is everything else running "
        "on it), and the 1-minute load average at its start, its highest and its end:",
        "",
        "| phase | Elasticsearch | app workers | load generator | other | total | load average |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, ph in (("bare", bare), ("app", app), ("static", static)):
        c = ph["cores_used"]
        lines.append(f"| {name} | {c['es']} | {c['app']} | {c['loadgen']} | {c['other']} | {c['busy']} | "
                     f"{' / '.join(str(x) for x in ph['load_average_1m'])} |")  # fmt: skip
    per, users = load["cpu_ms_per_page"], load["users"]
    need = users / (GOAL_MS / 1000)  # Little's law: users = pages/s x seconds per page
    ceiling = out["cores"] * 1000 / sum(per["app"].values())
    lines += [
        "",
        f"(The load average counts this run's own threads: {users} users, the workers' and Elasticsearch's. `other` "
        "also holds the kernel's work for the loopback traffic.)",
        "",
        f"Reading: {users} users back to back keep {users} requests in the system at every moment, so a page takes "
        f"on average {users} / (pages per second) seconds (Little's law). Pages of at most {GOAL_MS} ms on average "
        f"need at least {need:.0f} pages/s; the app served {app['requests_per_s']}, and Elasticsearch alone, "
        f"without the app, {bare['requests_per_s']}. Per page, the app phase cost {per['app']['es']} ms of "
        f"Elasticsearch CPU, {per['app']['app']} ms of the app's and {per['app']['loadgen']} ms of the load "
        f"generator's (bare: {per['bare']['es']} ms of Elasticsearch's): with all {out['cores']} cores to "
        f"themselves they could serve about {ceiling:.0f} pages/s. Back to back, the cycle of each user (a search "
        "page and a document page) is fixed by that throughput: making one page type faster makes the users reach "
        "the other sooner, which then waits longer.",
    ]
    if load["fewer_users"]:
        lines += ["", "The same app pages from fewer users, back to back (shorter phases, after the ones above):", "",
                  "| users | pages/s | search p50 | search p95 | document p50 | document p95 | errors | load average |",
                  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]  # fmt: skip
        for n, ph in load["fewer_users"].items():
            sp, dp = ph["pages"]["search page"], ph["pages"]["document page"]
            lines.append(f"| {n} | {ph['requests_per_s']} | {sp['p50']} ms | {sp['p95']} ms | {dp['p50']} ms | "
                         f"{dp['p95']} ms | {sp['errors'] + dp['errors']} | "
                         f"{' / '.join(str(x) for x in ph['load_average_1m'])} |")  # fmt: skip
    lines += [
        "",
        f"## One user: app against the bare calls of each route ({out['rounds']} rounds each)",
        "",
        "Bare = the search/ calls the route makes (the document page's with the model explanation), in this process; "
        "app = the same request over HTTP to the app (session, role check, audit write, rendering).",
        "",
        "| request | bare p50 | bare p95 | app p50 | app p95 | app / bare (p50) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in out["overhead"].items():
        lines.append(f"| {name} | {r['bare_ms']['p50']} ms | {r['bare_ms']['p95']} ms | {r['app_ms']['p50']} ms | "
                     f"{r['app_ms']['p95']} ms | {r['ratio_p50']} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1_000_000, help="size of the index (bench/search_bench.py's)")
    ap.add_argument("--workers", type=int, default=default_workers(),
                    help=f"processes of `imt serve` (default: its own default, here {default_workers()})")  # fmt: skip
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60, help="length of the app and bare phases (all turns)")
    ap.add_argument("--turns", type=int, default=2, help="the bare and app phases alternate in this many turns")
    ap.add_argument("--warmup", type=float, default=10)
    ap.add_argument("--static-seconds", type=float, default=20)
    ap.add_argument("--think", type=float, default=0.0, help="seconds each user waits between pages (0: none)")
    ap.add_argument("--rounds", type=int, default=20, help="rounds of the one-user overhead measurement")
    ap.add_argument(
        "--sweep",
        type=lambda v: [int(n) for n in v.split(",") if n.strip()],
        default=[10, 20],
        help="also run the app phase with these numbers of users (comma-separated; empty: none)",
    )
    ap.add_argument("--sweep-seconds", type=float, default=30)
    ap.add_argument("--skip-overhead", action="store_true", help="only the load test, printed and not recorded")
    args = ap.parse_args()
    load_before = [round(x, 2) for x in os.getloadavg()]  # the machine's other work, before this run adds its own
    cfg = config.load()
    es = Elasticsearch(cfg.effective_es_url, request_timeout=120)
    print(f"index of {args.docs:,} documents ...", file=sys.stderr, flush=True)
    built = build_big(es, args.docs, BIG)
    big_index = next(iter(es.indices.get_alias(name=BIG)))
    tmp = Path(tempfile.mkdtemp(prefix="imt-web-bench-"))
    home = private_home(tmp, "home")
    base = f"imt-webbench-{uuid.uuid4().hex[:6]}"
    alias = f"{base}-docs"  # a second alias on the big index: the app's own stores are named after it
    es.indices.put_alias(index=big_index, name=alias)
    args.es_pid = Node(cfg).pid() if cfg.local_es else None  # before IMT_HOME moves to the private home
    cfg.home, cfg.index = home, alias
    try:
        users.add(es, alias, "bench", PASSWORD, "investigator", who="bench")
        results = {} if args.skip_overhead else overhead(cfg, es, alias, args.rounds)
        load = load_test(cfg, es, home, alias, args)
    finally:
        es.indices.delete_alias(index=big_index, name=alias)
        for index in es.indices.get(index=f"{base}-*", ignore_unavailable=True):
            if index.startswith(base):  # only the stores made for this run, never the big index
                es.indices.delete(index=index)
    out = {"docs": args.docs, "index_built_now": built["built"], "es_version": cfg.es_version if not cfg.es_url else
           "external", "es_heap": cfg.es_heap, "cores": os.cpu_count(), "load_average_before": load_before,
           "rounds": args.rounds, "overhead": results, "load": load}  # fmt: skip
    if args.skip_overhead:  # a partial run (profiling, trying a change): printed, not recorded
        print(json.dumps(load, indent=2))
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "web.json").write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    (RESULTS / "web.md").write_text(markdown(out))
    print(markdown(out))


if __name__ == "__main__":
    main()
