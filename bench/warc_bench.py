"""WARC capture: what `core.warc.WarcWriter` (request + response records, SHA-256 digests, revisits for payloads
seen before, the digest index) costs over a bare warcio `WARCWriter` writing the same responses.

    python bench/warc_bench.py [--captures 4000] [--rounds 3]

The same realistic pages (a few KB of HTML, gzip-encoded as a server sends them, one in four fetched again with
the same bytes), written in turns, the median of the rounds kept:

- bare: warcio's WARCWriter (gzip per record, its default SHA-1 digests) writing what warcio's own `capture_http`
  writes for a fetch: a `request` and a `response` record, with the HTTP headers; nothing else (no revisits, no
  index, no IP or link between the two);
- capture: WarcWriter.write per fetch, as the crawler's middleware calls it, closed (fsynced) at the end.

The goal: capture >= 0.8x bare, in captures per second. Writes bench/results/warc.json and .md.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.warc import Fetch, WarcWriter  # noqa: E402

HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"), ("Server", "nginx")]


def payload(n: int) -> bytes:
    k = n - n % 4 if n % 4 == 3 else n  # every fourth page repeats an earlier one
    rows = "".join(f"<li>Item {k}-{i}: {i * 37 + k} so'm, Chilonzor {i}</li>\n" for i in range(60))
    return gzip.compress(f"<html><head><title>Page {k}</title></head><body><ul>\n{rows}</ul></body></html>".encode(),
                         mtime=0)  # fmt: skip


def bare(folder: Path, bodies: list[bytes]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(folder / "bare.warc.gz", "wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="WARC/1.1")
        for n, data in enumerate(bodies):
            url = f"https://shop.example/item/{n}"
            request = StatusAndHeaders(f"GET /item/{n} HTTP/1.1", [("Host", "shop.example")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), length=0,
                                                          http_headers=request))  # fmt: skip
            headers = StatusAndHeaders("200 OK", HEADERS, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(data), length=len(data),
                                                          http_headers=headers))  # fmt: skip


def capture(folder: Path, bodies: list[bytes]) -> None:
    with WarcWriter(folder, source="bench", route="direct", operator="bench", software="bench") as writer:
        for n, data in enumerate(bodies):
            writer.write(Fetch(f"https://shop.example/item/{n}", "GET", [("Host", "shop.example")], 200, "OK",
                               HEADERS, data, ip="203.0.113.7"))  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--captures", type=int, default=4000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    bodies = [payload(n) for n in range(args.captures)]
    times: dict[str, list[float]] = {"bare": [], "capture": []}
    for r in range(args.rounds):
        for name, fn in (("bare", bare), ("capture", capture)):
            with tempfile.TemporaryDirectory() as tmp:
                start = time.perf_counter()
                fn(Path(tmp), bodies)
                times[name].append(time.perf_counter() - start)
        print(f"round {r + 1}/{args.rounds}: bare {times['bare'][-1]:.2f} s, capture {times['capture'][-1]:.2f} s",
              file=sys.stderr, flush=True)  # fmt: skip
    med = {k: statistics.median(v) for k, v in times.items()}
    rate = {k: args.captures / v for k, v in med.items()}
    ratio = rate["capture"] / rate["bare"]
    result = {"captures": args.captures, "rounds": args.rounds, "seconds": med, "per_second": rate,
              "ratio": round(ratio, 3), "goal": 0.8, "met": ratio >= 0.8, "python": platform.python_version()}
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "warc.json").write_text(json.dumps(result, indent=2) + "\n")
    md = (f"# WARC capture (bench/warc_bench.py)\n\n{args.captures} fetches (one in four a repeat), median of "
          f"{args.rounds} rounds.\n\n| writer | seconds | captures/s |\n| --- | ---: | ---: |\n"
          f"| bare warcio WARCWriter (request + response records) | {med['bare']:.2f} | {rate['bare']:.0f} |\n"
          f"| core.warc.WarcWriter (request + response or revisit, digest index) | {med['capture']:.2f} | "
          f"{rate['capture']:.0f} |\n\n- capture: {ratio:.2f}x bare (goal >= 0.8x): "
          f"{'met' if ratio >= 0.8 else 'NOT met'}\n")  # fmt: skip
    (out / "warc.md").write_text(md)
    print(md)


if __name__ == "__main__":
    main()
