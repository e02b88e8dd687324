"""Focused crawling against breadth-first on the demo big market (`/bigmarket/`, ~3 % drug listings).

The same source (same seed, same follow/items rules, same politeness) is crawled twice with a page budget
(`max_pages`, a share of all the big market's pages): once with `focus: true` (the frontier ordered by
crawler/focus.py: parent page score + anchor/URL lexicon relevance) and once with `focus: false` (breadth-first).
Each crawl is the real pipeline (`cli.py crawl SOURCE --json`: fetch, extract, classify, index into the local
Elasticsearch node) with its own private IMT_HOME and index. The fetch order is read from the crawl's evidence
manifest (`IMT_HOME/evidence/manifest.jsonl`, one line per capture, in fetch order), and compared with the big
market's ground truth (`demo.bigmarket.bigmarket_ground_truth`): the share of all drug listings reached as a
function of pages fetched.

Writes bench/results/focus.json, focus.png and focus.md, and prints the table.

    python bench/focus_bench.py                      # full size: 20,000 listings (21,008 pages), budget 30 %
    python bench/focus_bench.py --bigmarket 5000     # quick run (what `make bench` uses)

Options: --bigmarket N (listings, default 20000), --budget-share S (page budget as a share of all the big
market's pages, default 0.3), --concurrency C (requests per domain, default 8), --max-depth D (default 1000),
--goal-share G (the goal: 90 % of drug listings within the first G of the budget, default 0.3), --keep (keep
the temporary crawl homes). On the 2-core development machine the full size takes about 6 minutes (two crawls
of ~6,300 pages at ~43 pages/s); --bigmarket 5000 about 2.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))

from bench.common import crawl_env, drop_index, free_port, private_home, wait_http  # noqa: E402

from demo.bigmarket import bigmarket_ground_truth, get_bigmarket  # noqa: E402

MODES = ("focus", "bfs")
CHECKPOINTS = (0.1, 0.2, 0.3)  # shares of the budget at which "reached" is reported
TARGET = 0.9  # share of drug listings


# ----------------------------------------------------------------------------------------- helpers
def flagged_vs_truth(es_url: str, alias: str, drugs: set[str]) -> dict:
    """What the crawl indexed, against the ground truth: the classifier's precision and recall on the listings
    this crawl fetched (context for the focus figures: the focus model uses the same scores)."""
    from elasticsearch import Elasticsearch, helpers

    es = Elasticsearch(es_url, request_timeout=60)
    try:
        es.indices.refresh(index=alias)
        tp = fp = fn = n = 0
        for hit in helpers.scan(es, index=alias, query={"query": {"match_all": {}}}, _source=["url", "label"]):
            src = hit["_source"]
            truth = urlparse(src["url"]).path in drugs
            flagged = src.get("label") == 1
            n += 1
            tp += truth and flagged
            fp += flagged and not truth
            fn += truth and not flagged
    finally:
        es.close()
    return {
        "documents_indexed": n,
        "flagged": tp + fp,
        "true_positives": tp,
        "false_positives": fp,
        "false_negatives": fn,
        "precision": round(tp / max(tp + fp, 1), 4),
        "recall": round(tp / max(tp + fn, 1), 4),
    }


def run_crawl(names: list[str], env: dict, log: Path, label: str) -> dict:
    """`cli.py crawl NAMES --json`; progress lines go to `log`, and every ~15 s the newest one to stderr."""
    cmd = [sys.executable, str(ROOT / "cli.py"), "crawl", *names, "--json"]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    last_echo = [time.monotonic()]

    def pump():
        with open(log, "w") as fh:
            for line in proc.stderr:
                fh.write(line)
                if time.monotonic() - last_echo[0] >= 15 and "crawled" in line:
                    last_echo[0] = time.monotonic()
                    print(f"  [{label}] {line.strip()}", file=sys.stderr)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    out = proc.stdout.read()
    proc.wait()
    reader.join(timeout=10)
    if proc.returncode not in (0,):
        tail = log.read_text()[-800:] if log.exists() else ""
        raise SystemExit(f"error: crawl {label} failed ({proc.returncode}): {tail}")
    return json.loads(out.strip().splitlines()[-1])


def fetch_order(manifest: Path) -> list[str]:
    """Paths of the big-market pages in the order they were fetched (first capture of each)."""
    seen, order = set(), []
    with open(manifest, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            parts = urlparse(rec.get("final_url") or rec["url"])
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path not in seen:
                seen.add(path)
                order.append(path)
    return order


def reached_curve(order: list[str], drugs: set[str]) -> list[int]:
    """curve[k] = drug listings reached within the first k pages fetched (curve[0] = 0)."""
    curve, hit = [0], 0
    for path in order:
        hit += path in drugs
        curve.append(hit)
    return curve


def pages_to_reach(curve: list[int], wanted: int) -> int | None:
    for k, v in enumerate(curve):
        if v >= wanted:
            return k
    return None


def summarise(curve: list[int], budget: int, drug_total: int, goal_share: float) -> dict:
    def at(pages: int) -> dict:
        v = curve[min(pages, len(curve) - 1)]
        return {"pages": pages, "reached": v, "share": round(v / drug_total, 4)}

    wanted = -(-int(TARGET * drug_total * 1000) // 1000)  # ceil(0.9 * total) without float noise
    k90 = pages_to_reach(curve[: budget + 1], wanted)
    out = {f"at_{round(s * 100)}pct_budget": at(round(s * budget)) for s in CHECKPOINTS}
    out["at_end"] = at(min(budget, len(curve) - 1))
    out["pages_to_90pct"] = k90
    out["budget_share_to_90pct"] = None if k90 is None else round(k90 / budget, 4)
    out["goal_met"] = k90 is not None and k90 <= goal_share * budget
    # the curve every 1 % of the budget, for re-plotting without re-crawling
    out["curve_every_1pct"] = [curve[min(round(p * budget / 100), len(curve) - 1)] for p in range(101)]
    return out


def source_yaml(mode: str, budget: int, concurrency: int, max_depth: int) -> str:
    return f"""# written by bench/focus_bench.py
group: bench-{mode}
sources:
  - name: bigmarket-{mode}
    type: site
    seeds: ["${{demo}}/bigmarket/"]
    follow: ["^/bigmarket/"]
    items: ["^/bigmarket/item/\\\\d+$"]
    focus: {"true" if mode == "focus" else "false"}
    max_depth: {max_depth}
    max_pages: {budget}
    politeness: {{concurrency: {concurrency}}}
"""


def plot(path: Path, curves: dict, budget: int, drug_total: int, goal_share: float, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 5), dpi=110)
    ideal = [min(k, drug_total) / drug_total for k in range(budget + 1)]
    ax.plot([k / budget for k in range(budget + 1)], ideal, color="0.7", ls=":", label="ideal (drug listings first)")
    styles = {"focus": ("tab:red", "focused (focus: true)"), "bfs": ("tab:blue", "breadth-first (focus: false)")}
    for mode, curve in curves.items():
        c = curve[: budget + 1]
        color, label = styles[mode]
        ax.plot([k / budget for k in range(len(c))], [v / drug_total for v in c], color=color, label=label)
    ax.axvline(goal_share, color="0.4", ls="--", lw=0.8)
    ax.axhline(TARGET, color="0.4", ls="--", lw=0.8)
    ax.annotate(
        f"goal: {TARGET:.0%} within {goal_share:.0%} of budget",
        (goal_share, TARGET),
        xytext=(6, -14),
        textcoords="offset points",
        fontsize=8,
        color="0.3",
    )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(f"share of the page budget fetched (budget = {budget:,} pages)")
    ax.set_ylabel(f"share of drug listings reached (of {drug_total:,})")
    fig.suptitle(title, fontsize=10)
    top = ax.secondary_xaxis("top", functions=(lambda x: x * budget, lambda p: p / budget))
    top.set_xlabel("pages fetched", fontsize=8)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def pct(x) -> str:
    return "-" if x is None else f"{100 * x:.1f} %"


# ----------------------------------------------------------------------------------------- main
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bigmarket", type=int, default=20000, help="listings of the big market (default 20000)")
    ap.add_argument(
        "--budget-share",
        type=float,
        default=0.3,
        help="page budget as a share of all the big market's pages (default 0.3)",
    )
    ap.add_argument("--concurrency", type=int, default=8, help="parallel requests per domain (default 8)")
    ap.add_argument(
        "--max-depth",
        type=int,
        default=1000,
        help="max_depth of the source (default 1000: category pages are a prev/next chain up to "
        "~120 deep, which the sources' default of 10 would cut)",
    )
    ap.add_argument(
        "--goal-share",
        type=float,
        default=0.3,
        help="goal: 90 %% of drug listings within this share of the budget (default 0.3)",
    )
    ap.add_argument("--results", type=Path, default=RESULTS, help="where to write focus.json/.png/.md")
    ap.add_argument("--keep", action="store_true", help="keep the temporary crawl homes (evidence, logs)")
    args = ap.parse_args()
    if not 0 < args.budget_share <= 1:
        ap.error("--budget-share must be in (0, 1]")

    market = get_bigmarket(args.bigmarket)
    total_pages = market.count_pages()
    budget = max(1, round(args.budget_share * total_pages))
    drugs = {d["path"] for d in bigmarket_ground_truth(args.bigmarket) if d["label"] == 1}
    drug_total = len(drugs)
    print(
        f"big market: {args.bigmarket:,} listings, {total_pages:,} pages, {drug_total} drug listings; "
        f"budget {budget:,} pages ({args.budget_share:.0%})",
        file=sys.stderr,
    )

    work = Path(tempfile.mkdtemp(prefix="imt-focus-bench-"))
    sources_dir = work / "sources"
    sources_dir.mkdir()
    for mode in MODES:
        (sources_dir / f"bench-{mode}.yaml").write_text(source_yaml(mode, budget, args.concurrency, args.max_depth))
    es_url = os.environ.get("IMT_ES_URL", "http://127.0.0.1:9200")
    tag = f"{os.getpid()}"
    port = free_port()
    demo_url = f"http://127.0.0.1:{port}"
    server_cmd = [sys.executable, "-m", "demo.server", "--port", str(port), "--bigmarket", str(args.bigmarket)]
    server = subprocess.Popen(server_cmd, cwd=ROOT, stdout=subprocess.DEVNULL)
    runs, curves, aliases = {}, {}, []
    try:
        wait_http(demo_url + "/robots.txt")
        for mode in MODES:
            home = private_home(work, f"home-{mode}")
            alias = f"imt-bench-focus-{tag}-{mode}"
            aliases.append(alias)
            env = crawl_env(home, alias, es_url, demo_url, sources_dir)
            print(f"crawling the big market, {mode} ...", file=sys.stderr)
            summary = run_crawl([f"bigmarket-{mode}"], env, work / f"crawl-{mode}.log", mode)
            order = fetch_order(home / "evidence" / "manifest.jsonl")
            curves[mode] = reached_curve(order, drugs)
            runs[mode] = {
                "pages_crawled": summary["pages_crawled"],
                "pages_in_manifest": len(order),
                "documents": summary["documents"],
                "flagged": summary["flagged"],
                "seconds": summary["seconds"],
                "pages_per_s": round(summary["pages_crawled"] / max(summary["seconds"], 1e-9), 1),
                "finished": summary["finished"],
                "first_pages": order[:12],
            }
            runs[mode].update(summarise(curves[mode], budget, drug_total, args.goal_share))
            runs[mode]["classifier_on_fetched_listings"] = flagged_vs_truth(es_url, alias, drugs)
            print(
                f"  {mode}: {len(order)} pages in {summary['seconds']} s, reached "
                f"{runs[mode]['at_end']['reached']}/{drug_total} drug listings",
                file=sys.stderr,
            )
    finally:
        server.terminate()
        server.wait()
        for alias in aliases:
            drop_index(es_url, alias)
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    f, b = runs["focus"], runs["bfs"]
    ratio_end = f["at_end"]["reached"] / max(b["at_end"]["reached"], 1)
    ratio_30 = f["at_30pct_budget"]["reached"] / max(b["at_30pct_budget"]["reached"], 1)
    result = {
        "benchmark": "focused_vs_breadth_first",
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "bigmarket_listings": args.bigmarket,
        "bigmarket_pages": total_pages,
        "budget_share": args.budget_share,
        "pages_budget": budget,
        "concurrency": args.concurrency,
        "max_depth": args.max_depth,
        "drug_listings_total": drug_total,
        "goal": f"{TARGET:.0%} of drug listings within the first {args.goal_share:.0%} of the budget "
        f"({round(args.goal_share * budget)} pages)",
        "focus": f,
        "bfs": b,
        "ratio_focus_to_bfs_reached_at_30pct_budget": round(ratio_30, 2),
        "ratio_focus_to_bfs_reached_at_end": round(ratio_end, 2),
    }
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "focus.json").write_text(json.dumps(result, indent=2) + "\n")
    plot(
        args.results / "focus.png",
        curves,
        budget,
        drug_total,
        args.goal_share,
        f"Big market: {args.bigmarket:,} listings, {drug_total} drug listings, budget {budget:,} pages "
        f"({args.budget_share:.0%} of {total_pages:,})",
    )

    def cell(run, key):
        r = run[key]
        return f"{r['reached']} ({pct(r['share'])})"

    table = [
        f"Big market {args.bigmarket:,} listings ({total_pages:,} pages, {drug_total} drug listings), "
        f"budget {budget:,} pages, concurrency {args.concurrency}.",
        "",
        "| drug listings reached | focused | breadth-first | ratio |",
        "| --- | --- | --- | --- |",
    ]
    for s in CHECKPOINTS:
        key = f"at_{round(s * 100)}pct_budget"
        ratio = f[key]["reached"] / max(b[key]["reached"], 1)
        table.append(
            f"| at {s:.0%} of budget ({f[key]['pages']} pages) | {cell(f, key)} | {cell(b, key)} | {ratio:.2f} |"
        )
    table += [
        f"| at the end of the budget | {cell(f, 'at_end')} | {cell(b, 'at_end')} | {ratio_end:.2f} |",
        f"| budget share to reach {TARGET:.0%} | {pct(f['budget_share_to_90pct'])} | "
        f"{pct(b['budget_share_to_90pct'])} | |",
        f"| goal ({TARGET:.0%} within {args.goal_share:.0%} of budget) met | {'yes' if f['goal_met'] else 'no'} | "
        f"{'yes' if b['goal_met'] else 'no'} | |",
        f"| pages/s (whole pipeline) | {f['pages_per_s']} | {b['pages_per_s']} | |",
    ]
    fc, bc = f["classifier_on_fetched_listings"], b["classifier_on_fetched_listings"]
    table.append(
        f"| classifier on fetched listings: flagged, precision / recall | {fc['flagged']}, "
        f"{fc['precision']:.2f} / {fc['recall']:.2f} | {bc['flagged']}, {bc['precision']:.2f} / "
        f"{bc['recall']:.2f} | |"
    )
    (args.results / "focus.md").write_text("\n".join(table) + "\n")
    print("\n".join(table))


if __name__ == "__main__":
    main()
