"""How long an investigator waits for the command line, against the bare minimum, measured side by side in one run:

  - `imt search QUERY --limit 10` (a new process each time, as typed at a shell) against a bare Python script that
    imports elasticsearch-py and sends the same search request to the same index (also a new process each time);
    goal: imt's median wall time <= 1.3x the bare script's;
  - `imt --help`: goal median <= 0.3 s.

The two are run in turns (imt, bare, imt, bare, ...), median of --runs each, on an index of --docs generated
documents (bench/search_bench.py's generator) built fresh in this run and deleted afterwards.

    .venv/bin/python bench/cli_bench.py [--docs 2000] [--runs 10] [--query mephedrone]

Results: bench/results/cli.json and cli.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from elasticsearch import Elasticsearch  # noqa: E402

from bench.common import drop_index  # noqa: E402
from bench.search_bench import Generator  # noqa: E402
from search.indexer import Indexer  # noqa: E402
from search.mapping import ensure_docs_index  # noqa: E402
from search.query import _kwargs, _search_body  # noqa: E402
from search.spool import Spool  # noqa: E402

RESULTS = ROOT / "bench" / "results"
ALIAS = "imt-bench-cli"
GOAL_RATIO = 1.3
GOAL_HELP_S = 0.3

BARE = """\
import json, sys
from elasticsearch import Elasticsearch
url, index, body_file = sys.argv[1:4]
es = Elasticsearch(url, request_timeout=30)
resp = es.search(index=index, **json.load(open(body_file, encoding="utf-8")))
print(resp["hits"]["total"]["value"], "hits")
"""


def timed(cmd: list[str], env: dict) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"error: {' '.join(cmd[:3])} ... failed: {(done.stderr or done.stdout).strip()[-300:]}")
    return took


def build_index(es: Elasticsearch, es_url: str, n: int) -> None:
    drop_index(es_url, ALIAS)
    ensure_docs_index(es, ALIAS)
    gen = Generator()
    with tempfile.TemporaryDirectory() as tmp:
        idx = Indexer(es, ALIAS, Spool(Path(tmp)))
        for i in range(n):
            idx.add(gen.doc(i))
        stats = idx.close()
    if stats.indexed != n:
        raise SystemExit(f"error: indexed {stats.indexed} of {n} documents")
    es.indices.refresh(index=ALIAS)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=2000, help="generated documents in the bench index")
    ap.add_argument("--runs", type=int, default=10, help="runs of each command (the median is reported)")
    ap.add_argument("--query", default="mephedrone")
    args = ap.parse_args()
    es_url = os.environ.get("IMT_ES_URL") or "http://127.0.0.1:9200"
    es = Elasticsearch(es_url, request_timeout=60)
    try:
        es.cluster.health()
    except Exception as exc:
        print(f"error: Elasticsearch is not reachable at {es_url} ({type(exc).__name__}); run `make es`",
              file=sys.stderr)  # fmt: skip
        return 1
    print(f"building {ALIAS} ({args.docs} documents) ...", file=sys.stderr)
    build_index(es, es_url, args.docs)
    imt = [sys.executable, str(ROOT / "cli.py")]
    times: dict[str, list[float]] = {"imt_search": [], "bare_search": [], "imt_help": []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            body_file = Path(tmp) / "body.json"
            # the request imt search sends for a first page of 10 (relevance order, highlighted snippets)
            body_file.write_text(json.dumps(_kwargs(_search_body(args.query, 10, None, "relevance", None, True))))
            bare = Path(tmp) / "bare_search.py"
            bare.write_text(BARE)
            env = dict(os.environ, PYTHONPATH=str(ROOT), IMT_HOME=str(Path(tmp) / "home"), IMT_INDEX=ALIAS,
                       IMT_ES_URL=es_url)  # fmt: skip
            commands = {
                "imt_search": [*imt, "search", args.query, "--limit", "10"],
                "bare_search": [sys.executable, str(bare), es_url, ALIAS, str(body_file)],
                "imt_help": [*imt, "--help"],
            }
            for name in commands:  # one untimed run each: the file cache is warm for both sides
                timed(commands[name], env)
            for r in range(args.runs):
                print(f"run {r + 1}/{args.runs}", file=sys.stderr)
                order = list(commands) if r % 2 == 0 else ["bare_search", "imt_search", "imt_help"]
                for name in order:
                    times[name].append(timed(commands[name], env))
    finally:
        drop_index(es_url, ALIAS)
        es.close()
    med = {k: round(statistics.median(v), 3) for k, v in times.items()}
    ratio = round(med["imt_search"] / med["bare_search"], 2)
    out = {
        "bench": "cli",
        "docs": args.docs,
        "runs": args.runs,
        "query": args.query,
        "median_seconds": med,
        "all_seconds": {k: [round(x, 3) for x in v] for k, v in times.items()},
        "search_ratio": ratio,
        "goals": {
            "search_ratio_at_most": GOAL_RATIO,
            "search_met": ratio <= GOAL_RATIO,
            "help_seconds_at_most": GOAL_HELP_S,
            "help_met": med["imt_help"] <= GOAL_HELP_S,
        },
        "python": sys.version.split()[0],
        "commit": subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip(),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "cli.json").write_text(json.dumps(out, indent=2) + "\n")
    met = lambda ok: "met" if ok else "NOT met"  # noqa: E731
    md = [
        "# Command-line wait (bench/cli_bench.py)",
        "",
        f"{args.runs} runs each, in turns, new process per run, index of {args.docs} generated documents; query "
        f"`{args.query}`; commit {out['commit'][:10]}.",
        "",
        "| command | median wall time (s) |",
        "| --- | ---: |",
        f"| `imt search {args.query} --limit 10` | {med['imt_search']:.3f} |",
        f"| bare elasticsearch-py script, same request | {med['bare_search']:.3f} |",
        f"| `imt --help` | {med['imt_help']:.3f} |",
        "",
        f"- search: {ratio}x the bare script (goal <= {GOAL_RATIO}x): {met(out['goals']['search_met'])}",
        f"- help: {med['imt_help']:.3f} s (goal <= {GOAL_HELP_S} s): {met(out['goals']['help_met'])}",
        "",
    ]
    (RESULTS / "cli.md").write_text("\n".join(md))
    print("\n".join(md))
    return 0


if __name__ == "__main__":
    sys.exit(main())
