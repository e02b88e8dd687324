"""Distributed crawling: two `imt crawl --redis-url` workers against one single-process crawl of the same demo site,
in the same run, with a per-domain politeness delay (so one process is bound by the delay, not by the CPU).

    python bench/distributed_bench.py [--pages 3000] [--delay 0.1] [--concurrency 2]

Both sides crawl, classify and index (the workers into one shared index). Throughput is pages fetched over the
wall-clock time of the crawl (for the workers: from their common start to the last one's end, the idle wait
before they stop included). The CPU used meanwhile by Elasticsearch, the demo server, redis-server and the
crawler processes (with their page workers) is sampled with psutil. Writes bench/results/distributed.json and .md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import RESULTS, crawl_env, drop_index, free_port, private_home, wait_http  # noqa: E402

SOURCES = """
sources:
  - {{name: big, type: site, seeds: ["${{demo}}/market/"], follow: ["^/market/"], items: ["^/market/item/\\\\d+$"],
     politeness: {{concurrency: {concurrency}, delay: {delay}}}}}
"""
IDLE = 3  # seconds the shared queue stays empty before a worker stops


def es_process() -> psutil.Process | None:
    for proc in psutil.process_iter(["cmdline"]):
        if any("org.elasticsearch.bootstrap" in part for part in proc.info["cmdline"] or ()):
            return proc
    return None


def cpu_seconds(proc: psutil.Process | None, children: bool = False) -> float:
    if proc is None:
        return 0.0
    try:
        t = proc.cpu_times()
        total = t.user + t.system
        if children:
            for child in proc.children(recursive=True):
                try:
                    c = child.cpu_times()
                    total += c.user + c.system
                except psutil.Error:
                    pass
        return total
    except psutil.Error:
        return 0.0


class CpuMeter:
    """CPU seconds of some long-lived processes over a phase, and of crawler processes sampled until they end
    (a finished process's time is lost to psutil, so their last sample counts)."""

    def __init__(self, named: dict[str, psutil.Process | None]):
        self.named = named
        self.start = {k: cpu_seconds(p) for k, p in named.items()}

    def run(self, procs: list[subprocess.Popen]) -> tuple[dict, list[str]]:
        handles = [psutil.Process(p.pid) for p in procs]
        last = [0.0] * len(procs)
        while any(p.poll() is None for p in procs):
            for i, h in enumerate(handles):
                if procs[i].poll() is None:
                    last[i] = max(last[i], cpu_seconds(h, children=True))
            time.sleep(0.5)
        outs = [p.communicate()[0] for p in procs]
        used = {k: round(cpu_seconds(p) - self.start[k], 1) for k, p in self.named.items()}
        used["crawlers"] = round(sum(last), 1)
        return used, outs


def crawl(envs: list[dict], named: dict, args: list[str]) -> dict:
    started = time.monotonic()
    meter = CpuMeter(named)
    procs = [
        subprocess.Popen([sys.executable, "cli.py", "crawl", "big", "--json", *args], env=env, cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for env in envs
    ]  # fmt: skip
    cpu, outs = meter.run(procs)
    wall = time.monotonic() - started
    for proc, out in zip(procs, outs, strict=True):
        if proc.returncode != 0 or not out.strip():
            raise SystemExit(f"error: a crawl failed ({proc.returncode})")
    summaries = [json.loads(out.strip().splitlines()[-1]) for out in outs]
    pages = sum(s["pages_crawled"] for s in summaries)
    crawl_seconds = max(s["seconds"] for s in summaries)
    return {
        "workers": len(envs),
        "pages": [s["pages_crawled"] for s in summaries],
        "documents": [s["documents"] for s in summaries],
        "crawl_seconds": [s["seconds"] for s in summaries],
        "wall_seconds_with_startup": round(wall, 1),
        "pages_per_s": round(pages / crawl_seconds, 2),
        "cpu_seconds": cpu,
        "cpu_percent_of_one_core": {k: round(100 * v / crawl_seconds, 1) for k, v in cpu.items()},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=3000, help="demo web scale")
    ap.add_argument("--delay", type=float, default=0.1, help="per-domain politeness delay (s) of each worker")
    ap.add_argument("--concurrency", type=int, default=2, help="per-domain concurrency of each worker")
    args = ap.parse_args()

    work = ROOT / "var" / "bench-distributed"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    sources = work / "sources"
    sources.mkdir()
    (sources / "bench.yaml").write_text(SOURCES.format(delay=args.delay, concurrency=args.concurrency))
    es_url = os.environ.get("IMT_ES_URL", "http://127.0.0.1:9200")

    port, redis_port = free_port(), free_port()
    demo_url, redis_url = f"http://127.0.0.1:{port}", f"redis://127.0.0.1:{redis_port}/0"
    server = subprocess.Popen([sys.executable, "-m", "demo.server", "--port", str(port), "--pages", str(args.pages)],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    redis = subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no"], stdout=subprocess.DEVNULL)  # fmt: skip
    named = {"elasticsearch": es_process(), "demo_server": psutil.Process(server.pid),
             "redis": psutil.Process(redis.pid)}  # fmt: skip
    indices = ["imt-bench-single", "imt-bench-shared"]
    try:
        wait_http(demo_url + "/robots.txt")
        for index in indices:
            drop_index(es_url, index)

        def env(name: str, index: str) -> dict:
            home = private_home(work, name)
            return crawl_env(home, index, es_url, demo_url, sources, IMT_REDIS_IDLE=str(IDLE))

        print("one process ...", file=sys.stderr)
        one = crawl([env("single", indices[0])], named, [])
        print("two workers sharing the crawl through Redis ...", file=sys.stderr)
        two = crawl([env("w1", indices[1]), env("w2", indices[1])], named, ["--redis-url", redis_url])
    finally:
        for proc in (server, redis):
            proc.terminate()
            proc.wait()
        for index in indices:
            drop_index(es_url, index)
            drop_index(es_url, f"{index}-runs")  # the crawl-run records beside it

    ratio = two["pages_per_s"] / one["pages_per_s"]
    result = {
        "benchmark": "distributed_two_workers_vs_one",
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "demo_pages_param": args.pages,
        "politeness": {"delay": args.delay, "concurrency_per_domain": args.concurrency, "per": "worker"},
        "idle_before_stop_s": IDLE,
        "one": one,
        "two": two,
        "throughput_ratio": round(ratio, 3),
        "goal": 1.5,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "distributed.json").write_text(json.dumps(result, indent=2) + "\n")
    c1, c2 = one["cpu_percent_of_one_core"], two["cpu_percent_of_one_core"]
    table = [
        f"Demo site `--pages {args.pages}`, politeness delay {args.delay} s and concurrency {args.concurrency} per "
        f"domain per worker, {os.cpu_count()} cores; CPU in % of one core over the crawl.",
        "",
        "| measure | one process | two workers (Redis) |",
        "| --- | --- | --- |",
        f"| pages fetched | {sum(one['pages'])} | {sum(two['pages'])} ({' + '.join(map(str, two['pages']))}) |",
        f"| documents | {sum(one['documents'])} | {sum(two['documents'])} |",
        f"| crawl seconds | {max(one['crawl_seconds'])} | {max(two['crawl_seconds'])} (incl. {IDLE} s idle wait) |",
        f"| pages/s | {one['pages_per_s']} | {two['pages_per_s']} |",
        f"| throughput ratio | | {ratio:.2f} (goal 1.5) |",
        f"| CPU Elasticsearch | {c1['elasticsearch']} % | {c2['elasticsearch']} % |",
        f"| CPU demo server | {c1['demo_server']} % | {c2['demo_server']} % |",
        f"| CPU redis-server | {c1['redis']} % | {c2['redis']} % |",
        f"| CPU crawlers (with page workers) | {c1['crawlers']} % | {c2['crawlers']} % |",
    ]
    (RESULTS / "distributed.md").write_text("\n".join(table) + "\n")
    print("\n".join(table))


if __name__ == "__main__":
    main()
