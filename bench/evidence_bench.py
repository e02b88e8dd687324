"""Evidence store writes: what the hash-chained, shared manifest costs over a bare content-addressed store.

    python bench/evidence_bench.py [--captures 4000] [--rounds 3]

Every capture a crawl fetches goes through `EvidenceStore.store` (crawler mode: fsync=False, synced at the end).
Three ways of writing the same realistic pages (a few KB of HTML each, one in four fetched again with the same
bytes), timed in turns, the median of the rounds kept:

- bare: the same objects, gzip-compressed and written once under their SHA-256 (temporary file, rename), one plain
  JSON line per capture appended to a file, and the same fsyncs at the end as the crawler's store: no lock, no
  chain;
- store: one `EvidenceStore` (each append takes the manifest's file lock, reads what other writers added since its
  last look, continues the chain and releases the lock);
- two writers: two processes, each with its own `EvidenceStore`, write half of the captures each into one store at
  the same time (as two crawls of different sources do), wall-clock from their common start.

The goal: store >= 0.8x bare. The two-writer figure shows what sharing costs: the machine has 2 cores, so two
writers may go faster than one. Every store is checked with `verify` afterwards. Writes bench/results/evidence.json
and .md.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import RESULTS  # noqa: E402
from core.evidence import EvidenceStore, verify  # noqa: E402

FETCHED = "2026-11-30T10:00:00Z"


def body(n: int) -> bytes:
    """A page of a few KB; every fourth one repeats an earlier page (a page fetched again, unchanged)."""
    k = n - n % 4 if n % 4 == 3 else n
    rows = "".join(f"<li>Item {k}-{i}: {i * 37 + k} so'm, Chilonzor {i}</li>\n" for i in range(60))
    return f"<html><head><title>Page {k}</title></head><body><ul>\n{rows}</ul></body></html>".encode()


def bare(root: Path, bodies: list[bytes]) -> None:
    """The same objects and the same durability as the crawler's store (each new object and folder fsynced once,
    at the end), with plain lines: what is left over in the store's time is the chain, the lock and the records."""
    objects = root / "objects"
    written, folders = [], set()
    with open(root / "plain.jsonl", "ab") as log:
        for n, data in enumerate(bodies):
            sha = hashlib.sha256(data).hexdigest()
            path = objects / sha[:2] / sha[2:4] / f"{sha}.gz"
            if not path.exists():
                if not path.parent.is_dir():
                    path.parent.mkdir(parents=True, exist_ok=True)
                    folders.update({path.parent, path.parent.parent})
                fd, tmp = tempfile.mkstemp(dir=path.parent)
                with os.fdopen(fd, "wb") as out:
                    out.write(gzip.compress(data, 6))
                os.replace(tmp, path)
                written.append(path)
            line = {"sha256": sha, "size": len(data), "url": f"http://demo/{n}", "fetched_at": FETCHED}
            log.write((json.dumps(line, separators=(",", ":")) + "\n").encode())
        log.flush()
        os.fsync(log.fileno())
    for path in [*written, *folders]:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def store(root: Path, bodies: list[bytes], offset: int = 0, source: str = "bench") -> None:
    with EvidenceStore(root, fsync=False) as st:
        for n, data in enumerate(bodies, offset):
            st.store(data, url=f"http://demo/{n}", final_url=f"http://demo/{n}", status=200,
                     headers={"Content-Type": ["text/html"]}, fetched_at=FETCHED, route="direct",
                     crawler_version="bench", source=source)  # fmt: skip


CHILD = """
import sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from bench.evidence_bench import body, store
start, count, root = int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
bodies = [body(n) for n in range(start, start + count)]
sys.stdout.write("ready\\n"); sys.stdout.flush()
sys.stdin.readline()
store(root, bodies, start, f"writer{start}")
"""


def two_writers(root: Path, n: int) -> float:
    """Seconds for two processes to write n/2 captures each into one store, from a common start."""
    half = n // 2
    procs = [subprocess.Popen([sys.executable, "-c", CHILD, str(ROOT), str(start), str(half), str(root)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for start in (0, half)]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    t0 = time.perf_counter()
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        p.stdin.close()
        if p.wait() != 0:
            raise SystemExit("error: a writer process failed")
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--captures", type=int, default=4000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    bodies = [body(n) for n in range(args.captures)]
    times: dict[str, list[float]] = {"bare": [], "store": [], "two writers": []}
    work = Path(tempfile.mkdtemp(prefix="imt-evidence-bench-"))
    try:
        for r in range(args.rounds):
            for what in times:
                root = work / f"{what.replace(' ', '-')}-{r}"
                root.mkdir()
                t0 = time.perf_counter()
                if what == "bare":
                    bare(root, bodies)
                elif what == "store":
                    store(root, bodies)
                else:
                    t0 = time.perf_counter() - two_writers(root, args.captures)
                times[what].append(time.perf_counter() - t0)
                if what != "bare":
                    rep = verify(root)
                    if not rep.ok or rep.lines != args.captures:
                        raise SystemExit(f"error: the {what} store does not verify: {rep.summary()}")
                shutil.rmtree(root)
                print(f"round {r + 1}/{args.rounds} {what}: {args.captures / times[what][-1]:,.0f} captures/s",
                      file=sys.stderr)  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rate = {k: args.captures / statistics.median(v) for k, v in times.items()}
    result = {
        "captures": args.captures,
        "rounds": args.rounds,
        "captures_per_s": {k: round(v) for k, v in rate.items()},
        "store_vs_bare": round(rate["store"] / rate["bare"], 2),
        "two_writers_vs_one": round(rate["two writers"] / rate["store"], 2),
        "goal_store_vs_bare": 0.8,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "evidence.json").write_text(json.dumps(result, indent=2) + "\n")
    md = [
        "# Evidence store writes",
        "",
        f"{args.captures} captures of a few KB (one in four repeats an earlier page), median of {args.rounds} rounds "
        f"in turns; {result['machine']}; {result['when']}.",
        "",
        "| writer | captures/s | ratio |",
        "| --- | ---: | ---: |",
        f"| bare (objects + plain lines, no lock, no chain) | {result['captures_per_s']['bare']:,} | 1.00 |",
        f"| EvidenceStore, one writer | {result['captures_per_s']['store']:,} | {result['store_vs_bare']} |",
        f"| EvidenceStore, two writer processes sharing it | {result['captures_per_s']['two writers']:,} | "
        f"{round(rate['two writers'] / rate['bare'], 2)} |",
        "",
        f"Goal: one writer >= {result['goal_store_vs_bare']}x bare. Two writers against one: "
        f"{result['two_writers_vs_one']}x. Every EvidenceStore run passed `verify`.",
        "",
    ]
    (RESULTS / "evidence.md").write_text("\n".join(md))
    print("\n".join(md))


if __name__ == "__main__":
    main()
