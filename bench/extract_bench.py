"""Extraction throughput on one core: a bare lxml text dump against our extraction (lxml page extraction
followed by entity extraction), on the same pages of the demo web, fetched once before timing.

    python bench/extract_bench.py [--pages 500] [--repeat 3] [--site-pages 1500]

(a) bare:  lxml.html.fromstring(html).text_content()
(b) ours:  crawler.extract.extract_page(html, url) then crawler.entities.extract_entities(page.text)

Also reported, for the record: extract_entities alone and the lexicon trio (find_substances, find_places,
group_counts) alone, on the extracted texts. Each side runs --repeat times, alternating, and the median docs/s
is reported. Writes bench/results/extract.json and prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"


def pick_paths(n: int, site_pages: int | None) -> list[str]:
    """Up to n pages of the demo web: every non-Telegram document of demo.site.ground_truth(), the Telegram
    channel preview pages (/t.me/s/<channel>, with their older pages), then listing pages if more are needed;
    taken round-robin over the sites so that every kind of page is in the sample."""
    from demo.site import get_site, ground_truth

    by_site: dict[str, list[str]] = {}
    seen: set[str] = set()

    def add(site: str, path: str) -> None:
        if path not in seen:
            seen.add(path)
            by_site.setdefault(site, []).append(path)

    for d in ground_truth(site_pages):
        if d.get("site") != "telegram":
            add(d.get("site", "?"), d["path"])
    fetchable = list(get_site(site_pages).fetchable_paths())
    for path in fetchable:
        if path.startswith("/t.me/s/"):
            add("telegram", path)
    for path in fetchable:
        top = path.split("/")[1] if path.count("/") > 1 else ""
        if top in ("market", "forum", "news", "shop"):
            add(top + "-listing", path)
    out: list[str] = []
    queues = list(by_site.values())
    while len(out) < n and any(queues):
        for q in queues:
            if q and len(out) < n:
                out.append(q.pop(0))
    return out


def fetch_all(base_url: str, paths: list[str]) -> list[tuple[str, str]]:
    pages = []
    for path in paths:
        url = base_url + path
        with urllib.request.urlopen(url, timeout=30) as resp:
            if resp.status != 200:
                continue
            charset = resp.headers.get_content_charset() or "utf-8"
            pages.append((url, resp.read().decode(charset, "replace")))
    return pages


def time_it(fn, items) -> float:
    start = time.perf_counter()
    for item in items:
        fn(item)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=500, help="pages to fetch from the demo web")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--site-pages", type=int, default=1500, help="demo web scale (0 = the default small site)")
    args = ap.parse_args()

    import lxml.html

    from classifier import lexicon
    from crawler.entities import extract_entities
    from crawler.extract import extract_page
    from demo.server import DemoServer

    pinned = None
    if hasattr(os, "sched_setaffinity"):
        try:
            cpu = sorted(os.sched_getaffinity(0))[0]
            os.sched_setaffinity(0, {cpu})
            pinned = cpu
        except OSError:
            pass

    t0 = time.perf_counter()
    site_pages = args.site_pages or None
    with DemoServer(pages=site_pages) as srv:
        paths = pick_paths(args.pages, site_pages)
        pages = fetch_all(srv.base_url, paths)
    fetch_s = time.perf_counter() - t0
    if not pages:
        raise SystemExit("error: no page could be fetched from the demo web")
    html_bytes = sum(len(h.encode("utf-8")) for _u, h in pages)

    def bare(item):
        _url, html = item
        return lxml.html.fromstring(html).text_content()

    def ours(item):
        url, html = item
        page = extract_page(html, url)
        return extract_entities(page.text)

    texts = [extract_page(html, url).text for url, html in pages]
    text_bytes = sum(len(t.encode("utf-8")) for t in texts)

    def trio(text):
        lexicon._scan.cache_clear()
        return lexicon.find_substances(text), lexicon.find_places(text), lexicon.group_counts(text)

    # warm-up (imports, regex compilation, caches of phonenumbers metadata)
    for item in pages[:20]:
        bare(item)
        ours(item)

    runs: dict[str, list[float]] = {"bare": [], "ours": [], "entities_only": [], "lexicon_only": []}
    for i in range(args.repeat):
        print(f"run {i + 1}/{args.repeat} ...", file=sys.stderr)
        runs["bare"].append(len(pages) / time_it(bare, pages))
        runs["ours"].append(len(pages) / time_it(ours, pages))
        runs["entities_only"].append(len(texts) / time_it(extract_entities, texts))
        runs["lexicon_only"].append(len(texts) / time_it(trio, texts))
    med = {k: statistics.median(v) for k, v in runs.items()}

    found = [extract_entities(t) for t in texts]
    keys = "phones handles bots tme_links onions urls emails wallets prices quantities substances places".split()
    counts = {key: sum(len(e[key]) for e in found) for key in keys}
    result = {
        "benchmark": "extraction_bare_lxml_vs_ours",
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "pinned_cpu": pinned, "python": platform.python_version()},
        "pages": len(pages),
        "demo_site_pages_param": site_pages,
        "avg_html_kb": round(html_bytes / len(pages) / 1024, 2),
        "avg_text_kb": round(text_bytes / len(pages) / 1024, 2),
        "fetch_seconds": round(fetch_s, 2),
        "repeat": args.repeat,
        "docs_per_s": {k: [round(x, 1) for x in v] for k, v in runs.items()},
        "median_docs_per_s": {k: round(v, 1) for k, v in med.items()},
        "ratio_ours_to_bare": round(med["ours"] / med["bare"], 3),
        "entities_found": counts,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "extract.json").write_text(json.dumps(result, indent=2) + "\n")
    table = [
        f"| measure ({len(pages)} demo pages, HTML {result['avg_html_kb']} KB, text {result['avg_text_kb']} KB) "
        f"| docs/s (median of {args.repeat}) |",
        "| --- | --- |",
        f"| (a) bare: lxml text_content() | {med['bare']:.0f} |",
        f"| (b) ours: extract_page + extract_entities | {med['ours']:.0f} |",
        f"| ratio ours / bare | {med['ours'] / med['bare']:.3f} |",
        f"| extract_entities alone, on the texts | {med['entities_only']:.0f} |",
        f"| lexicon trio alone, on the texts | {med['lexicon_only']:.0f} |",
    ]
    print("\n".join(table))


if __name__ == "__main__":
    main()
