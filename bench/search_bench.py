"""Index and search benchmark on the real node, every figure measured in the same run:

  - bulk ingest: documents/s of the project's Indexer (upsert with history lookups) against raw
    `elasticsearch.helpers.streaming_bulk` of the same documents into a fresh index of the same mapping, in turns;
    goal >= 0.9x;
  - spool replay: documents/s of `Indexer.replay()` over spooled segments;
  - search latency p50 / p95 of typical investigator queries (text, text + two filters, facets, highlighting,
    entity pivot) on an index of --docs generated documents (default 1,000,000; built once and reused while the
    generator version and count match), and that index's size on disk. Goal p95 <= 100 ms.

    .venv/bin/python bench/search_bench.py [--docs 1000000] [--ingest 20000] [--rounds 3] [--queries 40]

Results: bench/results/search.json and search.md.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from elasticsearch import Elasticsearch, helpers  # noqa: E402

import config  # noqa: E402
from classifier.normalize import normalize_for_index  # noqa: E402
from search.indexer import Indexer  # noqa: E402
from search.mapping import ensure_docs_index  # noqa: E402
from search.query import Filters, entity_show, facets, search  # noqa: E402
from search.spool import Spool  # noqa: E402

RESULTS = ROOT / "bench" / "results"
SEED = ROOT / "classifier" / "data" / "seed.jsonl"
GENERATOR = 1  # bump when the generated documents change: the big index is then rebuilt
SOURCES = [f"src-{i:02d}" for i in range(30)]
PLACES = ["Tashkent", "Yunusabad", "Chilanzar", "Samarkand", "Bukhara", "Namangan", "Andijan", "Fergana", "Nukus"]
SUBSTANCES = ["mephedrone", "hashish", "cannabis", "alpha-pvp", "heroin", "cocaine", "mdma", "tramadol", "lsd"]


class Generator:
    """Documents built from the seed corpus's texts (two joined, with a numbered tail so that every text is
    distinct), random entities from small pools (so pivots hit many documents), dates over a year."""

    def __init__(self, seed: int = 7):
        self.rows = [json.loads(line) for line in SEED.read_text(encoding="utf-8").splitlines()]
        self.rng = random.Random(seed)
        self.phones = [f"+99890{self.rng.randrange(10**7):07d}" for _ in range(5000)]
        self.handles = [f"shop_{i}_{self.rng.randrange(10**4)}" for i in range(5000)]
        self.norms: dict[int, str] = {}

    def _norm(self, key: int, text: str) -> str:
        """normalize_for_index of a seed text (or of its first 300 characters), computed once per text."""
        if key not in self.norms:
            self.norms[key] = normalize_for_index(text)
        return self.norms[key]

    def doc(self, i: int) -> dict:
        rng = self.rng
        ia, ib = rng.randrange(len(self.rows)), rng.randrange(len(self.rows))
        a, b = self.rows[ia], self.rows[ib]
        text = f"{a['text']}\n{b['text'][:300]}\n#{i}"
        text_norm = f"{self._norm(ia, a['text'])}\n{self._norm(-1 - ib, b['text'][:300])}\n#{i}"
        day = 1 + (i * 7919) % 365
        when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(1735689600 + day * 86400 + i % 86400))
        score = round(rng.uniform(0.6, 1.0) if a["label"] else rng.uniform(0.0, 0.4), 4)
        ents = {}
        if a["label"]:
            ents = {
                "phone": [rng.choice(self.phones)],
                "handle": [rng.choice(self.handles)],
                "substance": rng.sample(SUBSTANCES, 2),
                "place": [rng.choice(PLACES)],
            }
        return {
            "id": f"g{i:08d}",
            "url": f"http://bench.local/{i:08d}",
            "source": rng.choice(SOURCES),
            "source_type": rng.choice(("site", "telegram", "onion")),
            "site": "bench.local",
            "title": a["text"][:60],
            "text": text,
            "text_norm": text_norm,
            "lang": a["lang"],
            "kind": a["kind"],
            "score": score,
            "label": int(score >= 0.5),
            "fetched_at": when,
            "first_seen": when,
            "last_seen": when,
            "content_hash": f"{i:064x}",
            "entities": ents,
        }


def fresh_alias(es, name: str) -> str:
    for index in es.indices.get(index=f"{name}-v*", ignore_unavailable=True):
        es.indices.delete(index=index)
    ensure_docs_index(es, name)
    return name


def bench_ingest(es, docs: list[dict], rounds: int) -> dict:
    """The project's Indexer vs raw streaming_bulk, in turns, each into a fresh index."""
    indexer_s, raw_s = [], []
    for r in range(rounds):
        for kind in ("indexer", "raw") if r % 2 == 0 else ("raw", "indexer"):
            alias = fresh_alias(es, f"imt-bench-ingest-{kind}")
            started = time.perf_counter()
            if kind == "indexer":
                with tempfile.TemporaryDirectory() as tmp:
                    idx = Indexer(es, alias, Spool(Path(tmp)))
                    for d in docs:
                        idx.add(d)
                    stats = idx.close()
                assert stats.indexed == len(docs) and not stats.spooled, stats
                indexer_s.append(time.perf_counter() - started)
            else:
                actions = ({"_op_type": "index", "_index": alias, "_id": d["id"],
                            "_source": {k: v for k, v in d.items() if k != "id"}} for d in docs)  # fmt: skip
                ok = sum(1 for good, _ in helpers.streaming_bulk(es, actions, chunk_size=500, max_retries=3) if good)
                es.indices.refresh(index=alias)
                assert ok == len(docs)
                raw_s.append(time.perf_counter() - started)
            assert es.count(index=alias)["count"] == len(docs)
    for kind in ("indexer", "raw"):
        for index in es.indices.get(index=f"imt-bench-ingest-{kind}-v*"):
            es.indices.delete(index=index)
    n = len(docs)
    ind, raw = statistics.median(indexer_s), statistics.median(raw_s)
    return {
        "documents": n,
        "rounds": rounds,
        "indexer_docs_per_s": round(n / ind),
        "raw_streaming_bulk_docs_per_s": round(n / raw),
        "ratio": round(raw / ind, 3),
        "goal_ratio": 0.9,
        "indexer_seconds": [round(s, 2) for s in indexer_s],
        "raw_seconds": [round(s, 2) for s in raw_s],
    }


def bench_replay(es, docs: list[dict]) -> dict:
    alias = fresh_alias(es, "imt-bench-replay")
    with tempfile.TemporaryDirectory() as tmp:
        spool = Spool(Path(tmp))
        for start in range(0, len(docs), 500):
            spool.append(docs[start : start + 500])
        started = time.perf_counter()
        replayed = Indexer(es, alias, spool).replay()
        seconds = time.perf_counter() - started
        left = len(spool)
    assert replayed == len(docs) and left == 0
    assert es.count(index=alias)["count"] == len(docs)
    for index in es.indices.get(index="imt-bench-replay-v*"):
        es.indices.delete(index=index)
    return {"documents": len(docs), "seconds": round(seconds, 2), "docs_per_s": round(len(docs) / seconds)}


def build_big(es, n: int, alias: str = "imt-bench-big") -> dict:
    """The --docs index, built once (bulk, refresh off while loading) and reused while count and generator match."""
    if es.indices.exists_alias(name=alias):
        index = next(iter(es.indices.get_alias(name=alias)))
        meta = es.indices.get_mapping(index=index)[index]["mappings"].get("_meta", {})
        es.indices.refresh(index=alias)
        if meta.get("generator") == GENERATOR and es.count(index=alias)["count"] == n:
            return {"built": False, "seconds": 0}
    fresh_alias(es, alias)
    index = next(iter(es.indices.get_alias(name=alias)))
    es.indices.put_settings(index=index, settings={"index": {"refresh_interval": "-1"}})
    gen = Generator()
    started = time.perf_counter()

    def actions():
        for i in range(n):
            d = gen.doc(i)
            yield {"_op_type": "index", "_index": index, "_id": d.pop("id"), "_source": d}
            if (i + 1) % 100_000 == 0:
                rate = (i + 1) / (time.perf_counter() - started)
                print(f"  indexed {i + 1:,}/{n:,} ({rate:,.0f} docs/s)", file=sys.stderr, flush=True)

    for ok, item in helpers.streaming_bulk(es, actions(), chunk_size=2000, max_retries=5, request_timeout=120):
        if not ok:
            raise SystemExit(f"bulk refused a generated document: {item}")
    es.indices.put_settings(index=index, settings={"index": {"refresh_interval": "1s"}})
    es.indices.refresh(index=alias, request_timeout=600)
    es.indices.put_mapping(index=index, meta={"generator": GENERATOR})
    seconds = time.perf_counter() - started
    return {"built": True, "seconds": round(seconds, 1), "docs_per_s": round(n / seconds)}


QUERY_WORDS = ["мефедрон", "закладка", "gashish", "kladmen", "mephedrone", "магнит", "курьер", "tramadol",
               "Chilonzor", "наличии", "dead drop", "ish", "bot", "shop", "крис*", "sotiladi"]  # fmt: skip


def timed(fn, arg) -> float:
    started = time.perf_counter()
    fn(arg)
    return (time.perf_counter() - started) * 1000


def bench_latency(es, alias: str, per_type: int, rng: random.Random) -> dict:
    gen = Generator(seed=11)
    cases = {
        "text": lambda w: search(es, alias, w, size=20),
        "text_two_filters": lambda w: search(es, alias, w, size=20,
                                             filters=Filters(langs=("ru", "uz-cyrl"), min_score=0.5)),  # fmt: skip
        "phrase_or_not": lambda w: search(es, alias, f'"{w}" OR закладка NOT kind:news', size=20),
        "facets": lambda w: facets(es, alias, w, filters=Filters(label=1)),
        "entity_pivot": lambda _w: entity_show(es, alias, f"phone:{rng.choice(gen.phones)}"),
        "sort_date_deep_page": lambda w: search(es, alias, w, size=50, sort="date"),
    }
    for w in QUERY_WORDS[:3]:  # warm-up: first queries load structures from disk
        for fn in cases.values():
            fn(w)
    out = {}
    allt = []
    for name, fn in cases.items():
        times = []
        for _ in range(per_type):
            times.append(timed(fn, rng.choice(QUERY_WORDS)))
        allt += times
        out[name] = _pcts(times)
    out["all"] = _pcts(allt)
    return out


def _pcts(times: list[float]) -> dict:
    q = statistics.quantiles(times, n=100, method="inclusive")
    return {"n": len(times), "p50_ms": round(q[49], 1), "p95_ms": round(q[94], 1), "max_ms": round(max(times), 1)}


def markdown(res: dict) -> str:
    ing, rep, lat = res["ingest"], res["replay"], res["latency"]
    lines = [
        "# Index and search benchmark",
        "",
        f"Real Elasticsearch {res['es_version']} (heap {res['es_heap']}), this machine, same run.",
        "",
        "## Bulk ingest",
        "",
        f"{ing['documents']:,} documents, median of {ing['rounds']} rounds in turns: Indexer "
        f"{ing['indexer_docs_per_s']:,} docs/s, raw streaming_bulk {ing['raw_streaming_bulk_docs_per_s']:,} docs/s: "
        f"**{ing['ratio']}x** (goal >= {ing['goal_ratio']}x).",
        "",
        f"## Spool replay\n\n{rep['documents']:,} spooled documents replayed at **{rep['docs_per_s']:,} docs/s**.",
        "",
        f"## Search latency on {res['big']['documents']:,} documents",
        "",
        f"Index size on disk: {res['big']['size_mb']:,} MB (primaries). Client-side latency, {lat['all']['n']} "
        "queries.",
        "",
        "| query type | n | p50 ms | p95 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, v in lat.items():
        lines.append(f"| {name} | {v['n']} | {v['p50_ms']} | {v['p95_ms']} | {v['max_ms']} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1_000_000, help="size of the search-latency index")
    ap.add_argument("--ingest", type=int, default=20_000, help="documents for the ingest and replay benchmarks")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--queries", type=int, default=40, help="queries per query type")
    args = ap.parse_args()
    cfg = config.load()
    es = Elasticsearch(cfg.effective_es_url, request_timeout=120)
    version = cfg.es_version if not cfg.es_url else "external"
    gen = Generator(seed=3)
    docs = [gen.doc(i) for i in range(args.ingest)]
    print("bulk ingest ...", file=sys.stderr)
    ingest = bench_ingest(es, docs, args.rounds)
    print("spool replay ...", file=sys.stderr)
    replay = bench_replay(es, docs)
    print(f"search index of {args.docs:,} documents ...", file=sys.stderr)
    big = build_big(es, args.docs)
    stats = es.indices.stats(index="imt-bench-big", metric="store")
    big["documents"] = args.docs
    big["size_mb"] = round(stats["_all"]["primaries"]["store"]["size_in_bytes"] / 1e6)
    print("search latency ...", file=sys.stderr)
    latency = bench_latency(es, "imt-bench-big", args.queries, random.Random(5))
    res = {"es_version": version, "es_heap": cfg.es_heap, "ingest": ingest, "replay": replay, "big": big,
           "latency": latency, "goal_p95_ms": 100}  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "search.json").write_text(json.dumps(res, indent=2) + "\n")
    (RESULTS / "search.md").write_text(markdown(res))
    print(markdown(res))


if __name__ == "__main__":
    main()
