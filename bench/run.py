"""`make bench`: end-to-end pages/s of the demo pipeline against a bare Scrapy spider fetching the same pages,
both measured in the same run on the same demo server. Writes bench/results/pipeline.json and prints a table.

    python bench/run.py [--pages N] [--repeat R]

--pages scales the demo web (0 = the default small site). Each side runs R times, alternating, and the median
is reported, so that a noisy neighbour hits both sides alike.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import drop_index, free_port, private_home, wait_http  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def run_json(cmd: list[str], env: dict) -> dict:
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"error: {' '.join(cmd[:3])} failed ({proc.returncode}): {proc.stderr.strip()[-400:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=3000, help="demo web scale (0 = default small site)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    home = ROOT / "var" / "bench-home"
    private_home(home.parent, home.name)
    shutil.rmtree(home / "models", ignore_errors=True)  # the crawl trains the current version's model first
    env = dict(os.environ, PYTHONPATH=str(ROOT), IMT_HOME=str(home), IMT_INDEX="imt-bench")
    if "IMT_ES_URL" not in os.environ:
        env["IMT_ES_URL"] = "http://127.0.0.1:9200"

    port = free_port()
    demo_url = f"http://127.0.0.1:{port}"
    env["IMT_DEMO_URL"] = demo_url
    cmd = [sys.executable, "-m", "demo.server", "--port", str(port)] + (
        ["--pages", str(args.pages)] if args.pages else []
    )
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    proxy_port = free_port()
    env["IMT_ONION_PROXY"] = f"http://127.0.0.1:{proxy_port}"
    proxy = subprocess.Popen(
        [sys.executable, "-m", "demo.proxy", "--upstream", demo_url, "--port", str(proxy_port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_http(demo_url + "/robots.txt")
        # the model first, outside the timed runs (a crawl with no model trains one)
        print("training the model the crawl uses ...", file=sys.stderr)
        trained = subprocess.run([sys.executable, "cli.py", "train", "--no-labels"], env=env, cwd=ROOT,
                                 capture_output=True, text=True)  # fmt: skip
        if trained.returncode != 0:
            raise SystemExit(f"error: imt train failed ({trained.returncode}): {trained.stderr.strip()[-400:]}")
        bare_runs, pipe_runs = [], []
        for i in range(args.repeat):
            print(f"run {i + 1}/{args.repeat}: bare spider ...", file=sys.stderr)
            bare_runs.append(run_json([sys.executable, "bench/bare_spider.py", demo_url], env))
            print(f"run {i + 1}/{args.repeat}: pipeline (crawl, classify, index) ...", file=sys.stderr)
            # every run starts as a first crawl: no Telegram high-water marks, no evidence, no job folders
            for state in ("state", "evidence"):
                shutil.rmtree(home / state, ignore_errors=True)
            for alias in ("imt-bench", "imt-bench-context"):  # a kept index would find every document unchanged
                drop_index(env["IMT_ES_URL"], alias)
            t0 = time.monotonic()
            pipe_runs.append(run_json([sys.executable, "cli.py", "crawl", "demo", "--json"], env))
            pipe_runs[-1]["wall_seconds"] = round(time.monotonic() - t0, 2)
    finally:
        for proc in (server, proxy):
            proc.terminate()
            proc.wait()

    bare_pps = statistics.median(r["pages"] / r["seconds"] for r in bare_runs)
    pipe_pps = statistics.median(r["pages_crawled"] / r["seconds"] for r in pipe_runs)
    result = {
        "benchmark": "pipeline_vs_bare_scrapy",
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "demo_pages_param": args.pages,
        "repeat": args.repeat,
        "bare": {
            "pages": [r["pages"] for r in bare_runs],
            "seconds": [r["seconds"] for r in bare_runs],
            "pages_per_s": round(bare_pps, 1),
        },
        "pipeline": {
            "pages": [r["pages_crawled"] for r in pipe_runs],
            "seconds": [r["seconds"] for r in pipe_runs],
            "documents": [r["documents"] for r in pipe_runs],
            "flagged": [r["flagged"] for r in pipe_runs],
            "indexed": [r["indexed"] for r in pipe_runs],
            "pages_per_s": round(pipe_pps, 1),
        },
        "ratio_pipeline_to_bare": round(pipe_pps / bare_pps, 3),
    }
    # context (search.context.update after the crawl): its seconds against the rest of the command's wall time
    ctx_s = [float((r.get("context") or {}).get("seconds") or 0) for r in pipe_runs]
    rest = [r["wall_seconds"] - c for r, c in zip(pipe_runs, ctx_s, strict=True)]
    ctx_ratio = statistics.median(c / max(w, 1e-9) for c, w in zip(ctx_s, rest, strict=True))
    result["context"] = {
        "seconds": ctx_s,
        "wall_seconds": [r["wall_seconds"] for r in pipe_runs],
        "documents_rescored": [(r.get("context") or {}).get("changed") for r in pipe_runs],
        "ratio_to_rest_of_crawl": round(ctx_ratio, 4),
        "goal": "<= 0.10",
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "pipeline.json").write_text(json.dumps(result, indent=2) + "\n")
    table = [
        "| measure | bare Scrapy | pipeline |",
        "| --- | --- | --- |",
        f"| pages fetched (per run) | {bare_runs[-1]['pages']} | {pipe_runs[-1]['pages_crawled']} |",
        f"| pages/s (median of {args.repeat}) | {bare_pps:.1f} | {pipe_pps:.1f} |",
        f"| documents / flagged / indexed | - | {pipe_runs[-1]['documents']} / {pipe_runs[-1]['flagged']} / "
        f"{pipe_runs[-1]['indexed']} |",
        f"| ratio pipeline / bare | | {pipe_pps / bare_pps:.2f} |",
        f"| context update after the crawl (s, median) | | {statistics.median(ctx_s):.2f} of "
        f"{statistics.median(r['wall_seconds'] for r in pipe_runs):.1f} s wall: {ctx_ratio:.1%} of the rest "
        "(goal <= 10 %) |",
    ]
    (RESULTS / "pipeline.md").write_text("\n".join(table) + "\n")
    print("\n".join(table))


if __name__ == "__main__":
    main()
