"""Web app overhead: the latency of the app's pages and API against the bare search/ calls they make, measured in
the same run on the real node.

For each investigator request (search page, search API, document page, entity page, dashboard) the bare baseline
is the search/ (and classifier/) functions the route calls, called directly in this process; the app figure is
the same request over HTTP to the real app under uvicorn, signed in, with sessions, the role check, the audit
write and the template rendering. Reported: p50 / p95 of both and the ratio of the medians.

    .venv/bin/python bench/web_bench.py [--docs 3000] [--rounds 30] [--users 20] [--seconds 30] [--think 1.0]

Then the load test of the issue: `imt serve` in its own process, and --users concurrent signed-in users (threads
of this process, each its own session) opening search pages and document pages in turn for --seconds, each
waiting --think seconds between pages as a person reading does (0: back to back, a stress test): p50 / p95 per
page and the error count (goal p95 <= 300 ms with no errors).

Index: --docs generated documents in a private alias, dropped at the end. Results: bench/results/web.json and
web.md.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import uvicorn  # noqa: E402

import config  # noqa: E402
from bench.common import RESULTS, free_port, private_home  # noqa: E402
from classifier.normalize import normalize_for_index  # noqa: E402
from search import users  # noqa: E402
from search.client import connect  # noqa: E402
from search.documents import get_document, near_duplicates  # noqa: E402
from search.indexer import Indexer  # noqa: E402
from search.mapping import ensure_docs_index  # noqa: E402
from search.query import Filters, entity_show, facets, search  # noqa: E402
from search.spool import Spool  # noqa: E402
from web.app import create_app  # noqa: E402
from web.settings import WebSettings  # noqa: E402

Q = "мефедрон клад"
WORDS = "мефедрон клад закладка гашиш mephedrone stash tashkent chilanzar yunusabad курьер работа оплата".split()
PHONES = [f"+99890{n:07d}" for n in range(50)]


def documents(n: int, rng: random.Random):
    for i in range(n):
        text = " ".join(rng.choice(WORDS) for _ in range(40)) + f" #{i}"
        score = round(rng.random(), 3)
        day = f"2026-11-{1 + i % 28:02d}"
        yield {
            "id": f"b{i:07d}", "url": f"http://bench.example/{i:07d}", "source": rng.choice(["a", "b", "c"]),
            "source_type": "site", "site": "bench.example", "title": f"Listing {i}", "text": text,
            "text_norm": normalize_for_index(text), "score": score, "label": int(score >= 0.5),
            "kind": "sale_ad", "lang": "ru", "fetched_at": f"{day}T10:00:00Z", "first_seen": f"{day}T10:00:00Z",
            "last_seen": f"{day}T10:00:00Z", "cluster_id": f"c{i % 500}",
            "entities": {"phone": [rng.choice(PHONES)], "substance": ["mephedrone"], "place": ["Tashkent"]},
        }  # fmt: skip


def timed(fn, rounds: int) -> list[float]:
    fn()  # warm
    out = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def summary(ms: list[float]) -> dict:
    ms = sorted(ms)
    return {"p50": round(statistics.median(ms), 1), "p95": round(ms[int(0.95 * (len(ms) - 1))], 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--think", type=float, default=1.0, help="seconds each user waits between pages")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="imt-web-bench-"))
    home = private_home(tmp, "home")
    base = f"imt-webbench-{uuid.uuid4().hex[:6]}"
    alias = f"{base}-docs"
    cfg = config.load()
    cfg.home, cfg.index = home, alias
    es = connect(cfg)
    ensure_docs_index(es, alias)
    indexer = Indexer(es, alias, Spool(home / "spool"), batch_size=1000)
    for doc in documents(args.docs, random.Random(1)):
        indexer.add(doc)
    indexer.close()
    users.add(es, alias, "bench", "bench password 123", "investigator", who="bench")
    app = create_app(cfg, WebSettings(secret=b"bench-secret-" * 3))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"username": "bench", "password": "bench password 123", "csrf": token})
    loaded = app.state.imt.model()
    model = loaded[0] if loaded else None

    def bare_doc():
        doc = get_document(es, alias, "b0000042")
        near_duplicates(es, alias, doc["cluster_id"], exclude=doc["id"])
        if model is not None:
            model.analyze([f"{doc['title']}\n{doc['text']}"], top=15)

    cases = {
        "search page": (lambda: (search(es, alias, Q, size=20), facets(es, alias, Q, size=8)),
                        lambda: client.get("/search", params={"q": "мефедрон клад"})),
        "search API": (lambda: search(es, alias, "мефедрон клад", size=20),
                       lambda: client.get("/api/search", params={"q": "мефедрон клад"})),
        "document page": (bare_doc, lambda: client.get("/doc/b0000042")),
        "entity page": (lambda: (entity_show(es, alias, f"phone:{PHONES[3]}", size=50, top=8),
                                 facets(es, alias, "", filters=Filters(entities=(f"phone:{PHONES[3]}",)), size=5)),
                        lambda: client.get("/entity", params={"spec": f"phone:{PHONES[3]}"})),
        "dashboard": (lambda: (facets(es, alias, "", size=5), facets(es, alias, "", filters=Filters(label=1), size=10)),
                      lambda: client.get("/dashboard")),
    }  # fmt: skip
    results = {}
    for name, (bare, web) in cases.items():
        assert web().status_code == 200, name
        b, w = timed(bare, args.rounds), timed(web, args.rounds)
        results[name] = {"bare_ms": summary(b), "app_ms": summary(w),
                         "ratio_p50": round(statistics.median(w) / statistics.median(b), 2)}  # fmt: skip
        print(f"{name:14} bare p50 {results[name]['bare_ms']['p50']:7.1f} ms   app p50 "
              f"{results[name]['app_ms']['p50']:7.1f} ms   x{results[name]['ratio_p50']}")  # fmt: skip
    server.should_exit = True
    thread.join(10)
    load = load_test(home, alias, args.users, args.seconds, args.docs, args.think)
    for index in es.indices.get(index=f"{base}-*"):
        es.indices.delete(index=index)
    out = {"docs": args.docs, "rounds": args.rounds, "results": results, "load": load}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "web.json").write_text(json.dumps(out, indent=2) + "\n")
    lines = ["# Web app overhead (bench/web_bench.py)", "",
             f"{args.docs} generated documents, {args.rounds} rounds each; bare = the search/ calls the route makes, "
             "app = the same request over HTTP to the app (session, role check, audit write, rendering).", "",
             "| request | bare p50 | bare p95 | app p50 | app p95 | app / bare (p50) |",
             "| --- | --- | --- | --- | --- | --- |"]  # fmt: skip
    for name, r in results.items():
        lines.append(f"| {name} | {r['bare_ms']['p50']} ms | {r['bare_ms']['p95']} ms | {r['app_ms']['p50']} ms | "
                     f"{r['app_ms']['p95']} ms | {r['ratio_p50']} |")  # fmt: skip
    lines += ["", f"## {load['users']} concurrent users, {load['seconds']} s, {load['think_s']} s between pages "
              "(`imt serve` in its own process)", "",
              "| page | requests | p50 | p95 | max | errors |", "| --- | --- | --- | --- | --- | --- |"]  # fmt: skip
    for name, r in load["pages"].items():
        lines.append(f"| {name} | {r['n']} | {r['p50']} ms | {r['p95']} ms | {r['max']} ms | {r['errors']} |")
    lines += ["", f"Throughput {load['requests_per_s']} requests/s; goal p95 <= 300 ms with no errors."]
    (RESULTS / "web.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines[-len(load["pages"]) - 4:]))


def load_test(home: Path, alias: str, n_users: int, seconds: float, n_docs: int, think: float) -> dict:
    """`imt serve` as a subprocess; n_users threads here, each signed in with its own session, alternate a search
    page (a random query word) and a document page (a random document) as fast as the app answers."""
    import os
    import subprocess

    port = free_port()
    env = {**os.environ, "IMT_HOME": str(home), "IMT_INDEX": alias, "IMT_WEB_SECRET": "bench-secret-load-0123456789"}
    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base_url}/login", timeout=2)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise SystemExit(f"imt serve did not start: {proc.stderr.read() if proc.poll() else ''}") from None
                time.sleep(0.2)
        clients = []
        for _ in range(n_users):  # sign in before the clock starts (the login rate limit counts failures only)
            c = httpx.Client(base_url=base_url, timeout=30)
            token = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text).group(1)
            c.post("/login", data={"username": "bench", "password": "bench password 123", "csrf": token})
            clients.append(c)
        for c in clients[:2]:  # warm-up outside the clock: the first document page loads the model into the app
            c.get("/search", params={"q": WORDS[0]})
            c.get("/doc/b0000001")
        times: dict[str, list[float]] = {"search page": [], "document page": []}
        errors = {"search page": 0, "document page": 0}
        lock = threading.Lock()
        stop_at = time.monotonic() + seconds

        def user(c: httpx.Client, seed: int) -> None:
            rng = random.Random(seed)
            turn = 0
            while time.monotonic() < stop_at:
                name = ("search page", "document page")[turn % 2]
                turn += 1
                if name == "search page":
                    url, params = "/search", {"q": rng.choice(WORDS)}
                else:
                    url, params = f"/doc/b{rng.randrange(n_docs):07d}", None
                t0 = time.perf_counter()
                try:
                    ok = c.get(url, params=params).status_code == 200
                except httpx.HTTPError:
                    ok = False
                ms = (time.perf_counter() - t0) * 1000
                with lock:
                    times[name].append(ms)
                    errors[name] += int(not ok)
                if think:
                    time.sleep(rng.uniform(0.5, 1.5) * think)

        started = time.monotonic()
        threads = [threading.Thread(target=user, args=(c, i)) for i, c in enumerate(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    finally:
        proc.terminate()
        proc.wait(10)
    pages = {}
    for name, ms in times.items():
        q = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else [ms[0]] * 99
        pages[name] = {"n": len(ms), "p50": round(q[49], 1), "p95": round(q[94], 1), "max": round(max(ms), 1),
                       "errors": errors[name]}  # fmt: skip
    total = sum(len(v) for v in times.values())
    return {"users": n_users, "seconds": seconds, "think_s": think, "pages": pages,
            "requests_per_s": round(total / elapsed, 1)}  # fmt: skip


if __name__ == "__main__":
    main()
