"""Crawler memory over a long crawl: proportional set size (PSS) of the crawling processes against pages crawled.

Serves the large demo web (`python -m demo.server --pages N`), then crawls it twice in the same run, sampling
the crawling process and its children (the page workers) with psutil every second:

1. the baseline: the bare Scrapy spider of bench/bare_spider.py (same sources, same Scrapy settings, no
   parsing, classification or indexing), run by this script as `--bare-worker` so that it crawls the same
   temporary sources folder;
2. the real pipeline: `cli.py crawl demo --json` (fetch, evidence, extract, classify, index into the local
   Elasticsearch node), with a private IMT_HOME and index (deleted afterwards).

What is measured: PSS and RSS from /proc/PID/smaps_rollup, summed over the crawling process and its children.
PSS counts a memory page shared by n processes as 1/n in each, so the model and the libraries the forked page
worker shares with the crawler count once in the sum; summed RSS counts them once per process, which overstates
a forked pool. The goal (--goal-mb, 400 MB) is judged on the pipeline's maximum PSS; RSS is reported beside it.
For PSS and for RSS: the maximum (and the crawler's and its workers' own), the value at 10, 50 and 90 % of the
run's time, the slope over the second half of the pages (MB per 10k pages: a leak shows as a slope) and the
linear projection at 100k pages; the ratio of the pipeline's maximum to the bare spider's.

The sources are sources/demo.yaml copied to a temporary folder; the onion source is dropped unless --onion is
given (then the demo's local onion proxy is started and IMT_ONION_PROXY points at it). Pages crawled over time
come from the progress lines on the crawler's stderr ("crawled: 12,345, 64/s; ..."). The CPU use of the crawler,
the demo server and Elasticsearch is sampled as well (100 % = one core).

Writes bench/results/memory.json, memory.png and memory.md, and prints the table.

    python bench/memory_bench.py                     # full size: --pages 170000 (~105k pages crawled), 40+ minutes
    python bench/memory_bench.py --pages 30000       # ~18,600 pages crawled: ~10 minutes on 2 cores
    python bench/memory_bench.py --pages 20000 --max-seconds 300    # what `make bench` uses (at most ~11 min)

--pages is the scale of the demo web, not the pages crawled: the demo sources reach about 62 % of its pages
(--pages 100000 gives ~60k pages crawled, --pages 170000 ~105k).

The copy sets max_depth 1000 on every source (--max-depth; --keep-depth keeps the sources' own 10): the demo
web's category, board, news and channel pages form prev/next chains far deeper than 10 pages at this scale, so
with the sources' own depth a crawl of --pages 30000 ends after ~7,500 pages (25 % of the site).

Options: --pages N (demo web scale, default 170000), --max-seconds S (stop each crawl after S seconds with SIGINT,
which Scrapy takes as a graceful stop; 0 = run to the end), --interval I (sampling period, default 1 s),
--onion (include the onion source through the local proxy), --no-bare (skip the baseline), --goal-mb (default 400).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))

from bench.common import crawl_env, drop_index, free_port, private_home, wait_http  # noqa: E402

# progress lines: the crawl's "crawled: 12,345, 64/s; ..." (core/progress.py) and the bare worker's
# "crawled 12345 pages (...)"
PROGRESS = re.compile(r"crawled:? (\d+(?:,\d{3})*)")
# what memory.json keeps of each sample (thinned to ~600 per crawl)
SERIES_KEYS = ("t", "pages", "pss_mb", "pss_main_mb", "pss_workers_mb", "rss_mb", "rss_main_mb", "rss_workers_mb",
               "procs", "cpu_crawler", "cpu_demo", "cpu_es")  # fmt: skip
MB = 1024 * 1024


# ----------------------------------------------------------------------------------------- helpers
def es_pid() -> int | None:
    """The local Elasticsearch node's pid (from `imt es status --json`), None for a remote cluster."""
    if os.environ.get("IMT_ES_URL"):
        return None
    env = {k: v for k, v in os.environ.items() if k not in ("IMT_HOME", "IMT_INDEX")}
    try:
        out = subprocess.run(
            [sys.executable, str(ROOT / "cli.py"), "es", "status", "--json"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
        return json.loads(out.strip().splitlines()[-1]).get("pid")
    except Exception:
        return None


def demo_sources(dest: Path, onion: bool, max_depth: int | None) -> None:
    """sources/demo.yaml, without the onion source unless asked, with max_depth set on every source if given."""
    import yaml

    data = yaml.safe_load((ROOT / "sources" / "demo.yaml").read_text(encoding="utf-8"))
    if not onion:
        data["sources"] = [s for s in data["sources"] if s.get("type") != "onion"]
    if max_depth is not None:
        for source in data["sources"]:
            source["max_depth"] = max_depth
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "demo.yaml").write_text(
        "# written by bench/memory_bench.py from sources/demo.yaml\n"
        + yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )


# ----------------------------------------------------------------------------------------- the bare worker
def bare_worker(demo_url: str, sources_dir: str, onion_proxy: str) -> None:
    """bench/bare_spider.py's spider on the given sources folder, with progress lines like the real crawl's."""
    sys.path.insert(0, str(ROOT / "bench"))
    import scrapy
    from bare_spider import BareSpider
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from crawler import settings as crawl_settings
    from crawler.sources import load_sources, resolve
    from crawler.spiders import spider_for

    variables = {"demo": demo_url.rstrip("/"), "onion_proxy": onion_proxy}
    sources = resolve(load_sources(Path(sources_dir), variables), ["demo"])
    settings = Settings()
    settings.setmodule(crawl_settings, priority="project")
    settings.set("ITEM_PIPELINES", {}, priority="cmdline")
    pages = [0]
    started = time.monotonic()
    last = [started]

    def count(response, request, spider):
        pages[0] += 1
        now = time.monotonic()
        if now - last[0] >= 2.0:
            last[0] = now
            print(f"  crawled {pages[0]} pages ({pages[0] / (now - started):.0f} pages/s)", file=sys.stderr, flush=True)

    process = CrawlerProcess(settings)
    for source in sources:
        custom = spider_for(source).custom_settings
        cls = type(
            f"Bare_{source.name.replace('-', '_')}", (BareSpider,), {"name": source.name, "custom_settings": custom}
        )
        crawler = process.create_crawler(cls)
        crawler.signals.connect(count, signal=scrapy.signals.response_received)
        process.crawl(crawler, source=source)
    process.start()
    print(json.dumps({"pages": pages[0], "seconds": round(time.monotonic() - started, 3)}))


# ----------------------------------------------------------------------------------------- sampling
class Sampler:
    """Samples RSS (process + children) and CPU of the crawler, and CPU of the demo server and Elasticsearch."""

    def __init__(self, pid: int, others: dict[str, int | None], interval: float):
        import psutil

        self.psutil = psutil
        self.proc = psutil.Process(pid)
        self.others = {}
        for name, opid in others.items():
            try:
                self.others[name] = psutil.Process(opid) if opid else None
            except psutil.Error:
                self.others[name] = None
        self.interval = interval
        self.samples: list[dict] = []
        self._stop = threading.Event()
        self._cpu_seen: dict[int, object] = {}
        self.t0 = time.monotonic()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _cpu(self, p) -> float | None:
        if p is None:
            return None
        try:
            if p.pid not in self._cpu_seen:
                self._cpu_seen[p.pid] = p
                p.cpu_percent(None)
                return None
            return self._cpu_seen[p.pid].cpu_percent(None)
        except self.psutil.Error:
            return None

    def _tree(self):
        try:
            return [self.proc] + self.proc.children(recursive=True)
        except self.psutil.Error:
            return []

    def _run(self):
        while not self._stop.is_set():
            tree = self._tree()
            if not tree:
                break
            mem = {"rss": [0, 0], "pss": [0, 0]}  # [the crawling process, its children (page workers)]
            cpu = 0.0
            for i, p in enumerate(tree):
                which = 0 if i == 0 else 1
                try:
                    # one read of /proc/PID/smaps_rollup gives both: RSS counts every page the process maps;
                    # PSS divides each shared page among the processes sharing it (the model and libraries
                    # the forked page worker shares with the crawler count once in the sum, not twice)
                    info = p.memory_full_info()
                    mem["rss"][which] += info.rss
                    mem["pss"][which] += info.pss
                except (self.psutil.Error, AttributeError):
                    pass
                c = self._cpu(p)
                cpu += c or 0.0
            sample = {"t": round(time.monotonic() - self.t0, 2), "procs": len(tree), "cpu_crawler": round(cpu, 1)}
            for key, (main, children) in mem.items():
                sample[f"{key}_mb"] = round((main + children) / MB, 1)
                sample[f"{key}_main_mb"] = round(main / MB, 1)
                sample[f"{key}_workers_mb"] = round(children / MB, 1)
            for name, p in self.others.items():
                c = self._cpu(p)
                sample[f"cpu_{name}"] = None if c is None else round(c, 1)
            self.samples.append(sample)
            self._stop.wait(self.interval)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self._stop.set()
        self.thread.join(timeout=5)


def run_sampled(
    cmd: list[str], env: dict, label: str, others: dict, interval: float, max_seconds: float, log: Path
) -> dict:
    """Run a crawl command, sampling it; stop it with SIGINT after max_seconds (0 = never)."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = Sampler(proc.pid, others, interval).start()
    progress: list[tuple[float, int]] = []
    last_echo = [t0]

    def pump():
        with open(log, "w") as fh:
            for line in proc.stderr:
                fh.write(line)
                m = PROGRESS.search(line)
                if m:
                    progress.append((round(time.monotonic() - sampler.t0, 2), int(m.group(1).replace(",", ""))))
                    if time.monotonic() - last_echo[0] >= 30:
                        last_echo[0] = time.monotonic()
                        print(f"  [{label}] {line.strip()}", file=sys.stderr)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    out_chunks: list[str] = []
    out_reader = threading.Thread(target=lambda: out_chunks.append(proc.stdout.read()), daemon=True)
    out_reader.start()
    stopped_early = False
    interrupts = 0
    while proc.poll() is None:
        elapsed = time.monotonic() - t0
        if max_seconds and elapsed >= max_seconds + 90 * interrupts and interrupts < 3:
            # first SIGINT: graceful stop; later ones (if it hangs) force it
            print(f"  [{label}] stopping after {elapsed:.0f} s (SIGINT)", file=sys.stderr)
            proc.send_signal(signal.SIGINT)
            stopped_early = True
            interrupts += 1
        elif interrupts >= 3 and elapsed >= max_seconds + 300:
            proc.kill()
        time.sleep(0.5)
    out_reader.join(timeout=30)
    reader.join(timeout=10)
    sampler.stop()
    wall = time.monotonic() - t0
    out = "".join(out_chunks)
    summary = None
    for line in reversed(out.strip().splitlines()):
        try:
            summary = json.loads(line)
            break
        except ValueError:
            continue
    if summary is None:
        tail = log.read_text()[-800:] if log.exists() else ""
        raise SystemExit(f"error: {label} crawl gave no summary (exit {proc.returncode}): {tail}")
    return {
        "summary": summary,
        "samples": sampler.samples,
        "progress": progress,
        "wall_seconds": round(wall, 1),
        "stopped_early": stopped_early,
        "returncode": proc.returncode,
    }


# ----------------------------------------------------------------------------------------- analysis
def pages_at(t: float, progress: list[tuple[float, int]], final_pages: int, t_end: float) -> float:
    """Pages crawled at time t, interpolated between progress lines (0 at start, final_pages at the last line
    or at the end of the run)."""
    import numpy as np

    ts = [0.0] + [p[0] for p in progress] + [t_end]
    ps = [0] + [p[1] for p in progress] + [max(final_pages, progress[-1][1] if progress else 0)]
    return float(np.interp(t, ts, ps))


def analyse(run: dict, pages_key: str) -> dict:
    """The figures of one crawl: for PSS and for RSS, the maximum, the value at 10/50/90 % of the run's time,
    the slope over the second half of the pages (a leak shows as a slope) and the linear projection at 100k
    pages; the maximum of the crawling process and of its page workers apart; pages/s; mean CPU."""
    import numpy as np

    samples = [s for s in run["samples"] if s["rss_mb"] > 0]
    final_pages = run["summary"][pages_key]
    progress = run["progress"]
    # the crawl phase ends when the progress lines reach their final count (or at the end): after it, only the
    # shutdown (the workers stop, evidence synced), the index flush and the summary
    t_end = samples[-1]["t"] if samples else 0.0
    top = max((p for _, p in progress), default=0)
    t_crawl_end = min((t for t, p in progress if p == top), default=t_end)
    most, seen_most = max((s["procs"] for s in samples), default=1), False
    for s in samples:  # the page workers stop when the crawl does (before the last progress line is printed)
        seen_most = seen_most or s["procs"] == most
        if seen_most and s["procs"] < most:
            t_crawl_end = min(t_crawl_end, s["t"])
            break
    for s in run["samples"]:
        s["pages"] = round(pages_at(s["t"], progress, final_pages, t_end))
    crawl = [s for s in samples if s["t"] < t_crawl_end]
    half = [s for s in crawl if s["pages"] >= final_pages / 2]

    def figures(key: str) -> dict | None:
        if not samples:
            return None

        def at_share(share: float) -> dict:
            t = share * t_end
            s = min(samples, key=lambda x: abs(x["t"] - t))
            return {"t": s["t"], "pages": s["pages"], "mb": s[f"{key}_mb"]}

        slope = projected = None
        if len(half) >= 3 and half[-1]["pages"] > half[0]["pages"]:
            k, c = np.polyfit([s["pages"] for s in half], [s[f"{key}_mb"] for s in half], 1)
            slope = round(float(k) * 10_000, 2)
            projected = round(float(k * 100_000 + c), 1)
        return {
            "max_mb": max(s[f"{key}_mb"] for s in samples),
            # while crawling (after it, a crawler whose workers are gone holds alone what they shared)
            "max_crawler_process_mb": max((s.get(f"{key}_main_mb", 0) for s in crawl), default=None),
            "max_page_workers_mb": max((s.get(f"{key}_workers_mb", 0) for s in crawl), default=None),
            "at_10pct_of_run": at_share(0.1),
            "at_50pct_of_run": at_share(0.5),
            "at_90pct_of_run": at_share(0.9),
            "slope_second_half_mb_per_10k_pages": slope,
            "projected_at_100k_pages_mb": projected,
        }

    def mean(key, rows):
        vals = [r[key] for r in rows if r.get(key) is not None]
        return round(sum(vals) / len(vals), 1) if vals else None

    seconds = run["summary"]["seconds"]
    pss, rss = figures("pss"), figures("rss")
    return {
        "pages_crawled": final_pages,
        "seconds": seconds,
        "wall_seconds": run["wall_seconds"],
        "pages_per_s": round(final_pages / max(seconds, 1e-9), 1),
        "stopped_early": run["stopped_early"],
        "max_pss_mb": pss["max_mb"] if pss else None,
        "max_rss_mb": rss["max_mb"] if rss else None,
        "pss": pss,
        "rss": rss,
        "processes_max": max((s["procs"] for s in samples), default=0),
        "mean_cpu_pct": {
            "crawler": mean("cpu_crawler", crawl),
            "demo_server": mean("cpu_demo", crawl),
            "elasticsearch": mean("cpu_es", crawl),
        },
        "samples": len(samples),
    }


def plot(path: Path, runs: dict, goal_mb: float, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(8, 7.5), dpi=110, gridspec_kw={"height_ratios": [3, 2]})
    styles = {"pipeline": ("tab:red", "pipeline (imt crawl demo)"), "bare": ("tab:blue", "bare Scrapy spider")}
    top = goal_mb
    for name, run in runs.items():
        color, label = styles[name]
        s = [x for x in run["samples"] if x["rss_mb"] > 0]
        pages = [x["pages"] for x in s]
        ax.plot(pages, [x["pss_mb"] for x in s], color=color, label=f"{label}: PSS", lw=1.4)
        ax.plot(pages, [x["rss_mb"] for x in s], color=color, label=f"{label}: RSS", lw=0.8, ls=":")
        top = max([top] + [x["rss_mb"] for x in s])
    ax.axhline(goal_mb, color="0.4", ls="--", lw=0.8)
    note = f"goal: PSS ≤ {goal_mb:.0f} MB"
    ax.annotate(note, (0, goal_mb), xytext=(4, -12), textcoords="offset points", fontsize=8, color="0.3")
    ax.set_xlabel("pages crawled")
    ax.set_ylabel("memory of the crawl's processes (MB)")
    ax.set_ylim(0, top * 1.1)
    ax.set_title(title, fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    run = runs.get("pipeline")
    if run:
        s = run["samples"]
        for key, color, label in (
            ("cpu_crawler", "tab:red", "crawler"),
            ("cpu_demo", "tab:green", "demo server"),
            ("cpu_es", "tab:purple", "Elasticsearch"),
        ):
            pts = [(x["t"], x[key]) for x in s if x.get(key) is not None]
            if pts:
                ax2.plot([p[0] for p in pts], [p[1] for p in pts], color=color, label=label, lw=0.8)
        ax2.set_xlabel("seconds into the pipeline crawl")
        ax2.set_ylabel("CPU % (100 = one core)")
        ax2.grid(alpha=0.3)
        ax2.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


# ----------------------------------------------------------------------------------------- main
def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--bare-worker":
        bare_worker(*sys.argv[2:5])
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=170000, help="demo web scale (default 170000: a crawl of ~105k pages)")
    ap.add_argument(
        "--max-seconds",
        type=float,
        default=0,
        help="stop each crawl after this many seconds (SIGINT, graceful); 0 = run to the end",
    )
    ap.add_argument(
        "--max-depth",
        type=int,
        default=1000,
        help="max_depth of every source in the copy (default 1000: the demo web's prev/next pagination "
        "chains are deeper than the sources' default of 10, which ends the crawl early)",
    )
    ap.add_argument("--keep-depth", action="store_true", help="keep the sources' own max_depth")
    ap.add_argument("--interval", type=float, default=1.0, help="sampling period in seconds (default 1)")
    ap.add_argument("--onion", action="store_true", help="include the onion source through the local proxy")
    ap.add_argument("--no-bare", action="store_true", help="skip the bare-spider baseline")
    ap.add_argument("--goal-mb", type=float, default=400, help="goal for the pipeline's max PSS in MB (default 400)")
    ap.add_argument("--results", type=Path, default=RESULTS, help="where to write memory.json/.png/.md")
    ap.add_argument("--keep", action="store_true", help="keep the temporary crawl home (evidence, logs)")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="imt-memory-bench-"))
    sources_dir = work / "sources"
    demo_sources(sources_dir, args.onion, None if args.keep_depth else args.max_depth)
    es_url = os.environ.get("IMT_ES_URL", "http://127.0.0.1:9200")
    alias = f"imt-bench-memory-{os.getpid()}"
    port = free_port()
    demo_url = f"http://127.0.0.1:{port}"
    helpers = []
    runs = {}
    try:
        helpers.append(
            subprocess.Popen(
                [sys.executable, "-m", "demo.server", "--port", str(port), "--pages", str(args.pages)],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
            )
        )
        wait_http(demo_url + "/robots.txt")
        onion_proxy = ""
        if args.onion:
            pport = free_port()
            onion_proxy = f"http://127.0.0.1:{pport}"
            helpers.append(
                subprocess.Popen(
                    [sys.executable, "-m", "demo.proxy", "--upstream", demo_url, "--port", str(pport)],
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                )
            )
            wait_http(onion_proxy + "/")
        others = {"demo": helpers[0].pid, "es": es_pid()}
        home = private_home(work, "home")
        env = crawl_env(home, alias, es_url, demo_url, sources_dir, IMT_DEMO_PAGES=str(args.pages))
        if onion_proxy:
            env["IMT_ONION_PROXY"] = onion_proxy
        if not args.no_bare:
            print(f"bare spider on the demo web (--pages {args.pages}) ...", file=sys.stderr)
            runs["bare"] = run_sampled(
                [
                    sys.executable,
                    str(Path(__file__).resolve()),
                    "--bare-worker",
                    demo_url,
                    str(sources_dir),
                    onion_proxy,
                ],
                env,
                "bare",
                others,
                args.interval,
                args.max_seconds,
                work / "bare.log",
            )
            print(
                f"  bare: {runs['bare']['summary']['pages']} pages in {runs['bare']['summary']['seconds']} s",
                file=sys.stderr,
            )
        print(f"pipeline crawl of the demo web (--pages {args.pages}) ...", file=sys.stderr)
        runs["pipeline"] = run_sampled(
            [sys.executable, str(ROOT / "cli.py"), "crawl", "demo", "--json"],
            env,
            "pipeline",
            others,
            args.interval,
            args.max_seconds,
            work / "pipeline.log",
        )
        print(
            f"  pipeline: {runs['pipeline']['summary']['pages_crawled']} pages in "
            f"{runs['pipeline']['summary']['seconds']} s",
            file=sys.stderr,
        )
    finally:
        for proc in reversed(helpers):
            proc.terminate()
            proc.wait()
        drop_index(es_url, alias)
        drop_index(es_url, f"{alias}-runs")  # the crawl-run history the pipeline records beside it
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    pipe = analyse(runs["pipeline"], "pages_crawled")
    s = runs["pipeline"]["summary"]
    pipe.update(
        documents=s["documents"],
        flagged=s["flagged"],
        indexed=s.get("indexed"),
        rejected=s["rejected"],
        finished=s["finished"],
    )
    bare = analyse(runs["bare"], "pages") if "bare" in runs else None

    def ratio(key: str, digits: int = 2):
        if bare is None or not bare.get(key) or pipe.get(key) is None:
            return None
        return round(pipe[key] / bare[key], digits)

    result = {
        "benchmark": "crawler_memory_long_crawl",
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "demo_pages_param": args.pages,
        "onion": args.onion,
        "max_depth": "as in sources/demo.yaml" if args.keep_depth else args.max_depth,
        "max_seconds": args.max_seconds,
        "interval_s": args.interval,
        "measure": "PSS (proportional set size) summed over the crawling process and its page workers: a page "
        "shared by n processes counts 1/n in each, so the model and libraries a forked worker shares with the "
        "crawler count once; RSS (summed the same way) counts them once per process",
        "goal": f"max PSS at most {args.goal_mb:.0f} MB and flat (no growth with pages)",
        "goal_mb": args.goal_mb,
        "goal_met": pipe["max_pss_mb"] is not None and pipe["max_pss_mb"] <= args.goal_mb,
        "goal_met_max_rss": pipe["max_rss_mb"] is not None and pipe["max_rss_mb"] <= args.goal_mb,
        "pipeline": pipe,
        "bare": bare,
        "ratio_max_pss_pipeline_to_bare": ratio("max_pss_mb"),
        "ratio_max_rss_pipeline_to_bare": ratio("max_rss_mb"),
        "ratio_pages_per_s_pipeline_to_bare": ratio("pages_per_s", 3),
        "series": {
            name: [{k: x.get(k) for k in SERIES_KEYS} for x in run["samples"][:: max(1, len(run["samples"]) // 600)]]
            for name, run in runs.items()
        },
    }
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "memory.json").write_text(json.dumps(result, indent=2) + "\n")
    plot(
        args.results / "memory.png",
        runs,
        args.goal_mb,
        f"Crawler PSS and RSS, demo web --pages {args.pages:,}"
        + (f" (stopped after {args.max_seconds:.0f} s)" if args.max_seconds else ""),
    )
    (args.results / "memory.md").write_text("\n".join(report(result, args)) + "\n")
    print("\n".join(report(result, args)))


def report(result: dict, args) -> list[str]:
    """memory.md: PSS first (what the goal is judged on), then RSS, for the bare spider and the pipeline."""
    pipe, bare = result["pipeline"], result["bare"]

    def get(run, *keys):
        for key in keys:
            if run is None:
                return None
            run = run.get(key)
        return run

    def val(run, *keys, fmt="{}"):
        v = get(run, *keys)
        return "-" if v is None else fmt.format(v)

    def at(run, key, share):
        v = get(run, key, f"at_{share}pct_of_run")
        return "-" if v is None else f"{v['mb']:.0f} MB ({v['pages']:,} pages)"

    cpu = pipe["mean_cpu_pct"]
    lines = [
        f"Demo web --pages {args.pages:,}"
        + (f", each crawl stopped after {args.max_seconds:.0f} s" if args.max_seconds else "")
        + f"; memory of the crawling process and its page workers (summed), sampled every {args.interval} s. "
        "PSS counts a page shared by n processes 1/n in each (the model and libraries the forked page worker "
        "shares with the crawler count once; library files mapped by other programs on the machine count for "
        "their share only, so PSS moves a little with what else runs); RSS counts it in every process that maps "
        "it. The crawler's and its workers' own maxima are while crawling.",
        "",
        "| measure | bare Scrapy | pipeline | ratio |",
        "| --- | --- | --- | --- |",
        f"| pages crawled | {val(bare, 'pages_crawled', fmt='{:,}')} | {pipe['pages_crawled']:,} | |",
        f"| pages/s | {val(bare, 'pages_per_s')} | {pipe['pages_per_s']} | "
        f"{val(result, 'ratio_pages_per_s_pipeline_to_bare')} |",
        f"| **max PSS (MB)** | {val(bare, 'max_pss_mb')} | **{pipe['max_pss_mb']}** | "
        f"{val(result, 'ratio_max_pss_pipeline_to_bare')} |",
    ]
    for key, name in (("pss", "PSS"), ("rss", "RSS")):
        if key == "rss":
            lines.append(f"| max RSS (MB) | {val(bare, 'max_rss_mb')} | {pipe['max_rss_mb']} | "
                         f"{val(result, 'ratio_max_rss_pipeline_to_bare')} |")  # fmt: skip
        lines.append(
            f"| max {name} of the crawler process / of the page workers (MB) | "
            f"{val(bare, key, 'max_crawler_process_mb')} / - | {val(pipe, key, 'max_crawler_process_mb')} / "
            f"{val(pipe, key, 'max_page_workers_mb')} | |"
        )
        lines += [f"| {name} at {share} % of the run | {at(bare, key, share)} | {at(pipe, key, share)} | |"
                  for share in (10, 50, 90)]  # fmt: skip
        lines += [
            f"| {name} slope, second half (MB per 10k pages) | {val(bare, key, 'slope_second_half_mb_per_10k_pages')}"
            f" | {val(pipe, key, 'slope_second_half_mb_per_10k_pages')} | |",
            f"| {name} projected at 100k pages (linear, MB) | {val(bare, key, 'projected_at_100k_pages_mb')} | "
            f"{val(pipe, key, 'projected_at_100k_pages_mb')} | |",
        ]
        if key == "pss":
            lines.append(f"| **goal: max PSS ≤ {args.goal_mb:.0f} MB** | | "
                         f"**{'met' if result['goal_met'] else 'not met'}** | |")  # fmt: skip
    lines += [
        f"| mean CPU % while crawling: crawler / demo server / Elasticsearch | | {cpu['crawler']} / "
        f"{cpu['demo_server']} / {cpu['elasticsearch']} | |",
    ]
    return lines


if __name__ == "__main__":
    main()
