"""Classifier benchmark: scoring speed on one core, training on 100,000 documents, model size and load time,
and quality on the training corpus (grouped CV, per language form, hard negatives, leave-one-language-out, kinds).

    .venv/bin/python bench/classifier_bench.py [--repeat 5] [--docs 2000] [--big 100000] [--skip-big] [--skip-quality]

Every figure is measured in the same run. Scoring compares, on the same ~1 KB texts and in the same process:
  - `model.score_texts(kinds=True)` (the crawler's call: raw text in, (score, label, kind, score_text) out, the
    score being the context model's for a text seen alone),
  - the bare scikit-learn `predict_proba` of the same fitted pipeline (`model.pipeline_`: raw text in, the same
    normalisation and features, no wrapper), and
  - the previous baseline, a plain scikit-learn pipeline (normalize -> TfidfVectorizer char_wb 2-5 + word 1-2 ->
    LogisticRegression) trained on the same seed corpus.
Each is timed --repeat times (score_texts and the bare pipeline in turns, back to back); the tables give medians
(min-max in the JSON). The process is pinned to one CPU.
Results: bench/results/classifier.json and classifier.md.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import pickle  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import sklearn  # noqa: E402

from classifier import lexicon  # noqa: E402
from classifier.features import GROUP_NAMES, corpus_counts, prepare  # noqa: E402
from classifier.model import (  # noqa: E402
    binary_metrics,
    leave_one_language_out,
    pick_threshold,
    quality_breakdown,
)
from classifier.train import default_corpus, fit_records, read_records  # noqa: E402
from crawler.entities import identifiers_of  # noqa: E402

RESULTS = ROOT / "bench" / "results"


# ------------------------------------------------------------------------------------------------ inputs


def kb_texts(records: list[dict], n: int, seed: int = 0) -> list[str]:
    """n texts of 1,000 to 1,100 UTF-8 bytes (about 1 KB; Cyrillic letters take two bytes), each the concatenation
    of random seed texts, cut at a space."""
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        parts, size = [], 0
        while size < 1100:
            t = rnd.choice(records)["text"]
            parts.append(t)
            size += len(t.encode("utf-8")) + 1
        text = " ".join(parts)
        nbytes = np.cumsum([len(ch.encode("utf-8", "surrogatepass")) for ch in text])
        lo, hi = int(np.searchsorted(nbytes, 1000)), int(np.searchsorted(nbytes, 1100, side="right"))
        cut = text.rfind(" ", lo, hi)
        out.append(text[: cut if cut > 0 else hi])
    return out


_LOOK = str.maketrans("aeopcxyаеорсху", "аеорсхуaeopcxy")
_LEET = {"e": "3", "a": "4", "o": "0", "i": "1", "s": "$", "е": "3", "о": "0", "а": "@"}


def perturb(text: str, rnd: random.Random) -> str:
    """A plausible variant of a seed text: words dropped or repeated, sentences reordered, numbers changed, now
    and then a look-alike letter, leetspeak or spaced letters (what obfuscating sellers do)."""
    sentences = [s for s in text.replace("\n", " \n ").split(". ") if s]
    if len(sentences) > 1 and rnd.random() < 0.5:
        rnd.shuffle(sentences)
    words = " . ".join(sentences).split(" ")
    out = []
    for w in words:
        r = rnd.random()
        if r < 0.08:
            continue  # dropped
        if w.isdigit():
            w = str(rnd.randint(1, 999))
        elif len(w) > 3 and r < 0.12:
            w = w.translate(_LOOK) if rnd.random() < 0.5 else "".join(_LEET.get(c, c) for c in w)
        elif 2 < len(w) < 6 and r < 0.13:
            w = " ".join(w)
        out.append(w)
        if r > 0.97:
            out.append(w)
    return " ".join(out).replace(" . ", ". ")


def synthetic_corpus(records: list[dict], n: int, seed: int = 1) -> list[dict]:
    """n records sampled with replacement from the seed corpus and perturbed; label, kind, language and group
    (the template family, so grouped cross-validation still holds families out) come from the source record."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        src = records[rnd.randrange(len(records))]
        text = src["text"] if i < len(records) else perturb(src["text"], rnd)
        if rnd.random() < 0.15:  # glue a second text of the same family (longer posts)
            other = [r for r in records[rnd.randrange(len(records)) :][:200] if r["group"] == src["group"]]
            if other:
                text = text + "\n" + perturb(other[0]["text"], rnd)
        out.append(dict(src, text=text))
    return out


# ------------------------------------------------------------------------------------------------ timing


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def timed_interleaved(fns: list, repeat: int) -> list[list[float]]:
    """Time several functions in turns (A B C, B C A, ...), so that a slow spell of a shared machine hits them
    alike; returns the times of each."""
    times: list[list[float]] = [[] for _ in fns]
    for r in range(repeat):
        for k in range(len(fns)):
            i = (k + r) % len(fns)
            t0 = time.perf_counter()
            fns[i]()
            times[i].append(time.perf_counter() - t0)
    return times


def rate(times: list[float], n: int) -> dict:
    per = [n / t for t in times]
    return {"docs_per_s": round(statistics.median(per), 1), "min": round(min(per), 1), "max": round(max(per), 1)}


def batched(fn, texts: list[str], batch: int):
    def run():
        for i in range(0, len(texts), batch):
            fn(texts[i : i + batch])

    return run


def plain_sklearn_pipeline():
    """The previous baseline, built from scikit-learn parts only (as classifier/model.py had it before)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer

    features = FeatureUnion(
        [
            (
                "char",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    sublinear_tf=True,
                    min_df=2,
                    max_features=300_000,
                    dtype=np.float32,
                ),
            ),
            (
                "word",
                TfidfVectorizer(
                    analyzer="word",
                    ngram_range=(1, 2),
                    sublinear_tf=True,
                    min_df=2,
                    token_pattern=r"(?u)\b\w+\b",
                    dtype=np.float32,
                ),
            ),
        ]
    )
    return Pipeline(
        [
            ("normalize", FunctionTransformer(prepare)),
            ("features", features),
            ("clf", LogisticRegression(C=4.0, class_weight="balanced", max_iter=3000, solver="liblinear")),
        ]
    )


def plain_grouped_cv(records, folds: int = 5) -> dict:
    from sklearn.model_selection import GroupKFold

    texts = [r["text"] for r in records]
    y = np.array([r["label"] for r in records])
    groups = [r["group"] for r in records]
    oof = np.zeros(len(texts))
    t0 = time.perf_counter()
    for train, test in GroupKFold(n_splits=folds).split(texts, y, groups):
        pipe = plain_sklearn_pipeline().fit([texts[i] for i in train], y[train])
        oof[test] = pipe.predict_proba([texts[i] for i in test])[:, 1]
    thr = pick_threshold(y, oof, 0.9)
    out = binary_metrics(y, oof, thr)
    out.update(threshold=round(thr, 4), cv_seconds=round(time.perf_counter() - t0, 1))
    q = quality_breakdown(y, oof, thr, [r["kind"] for r in records], [r["lang"] for r in records])
    out["hard_negative_fpr"] = q["hard_negative_fpr"]
    out["f1_per_language"] = {k: v["f1"] for k, v in q["per_language"].items()}
    return out


# ------------------------------------------------------------------------------------------------ parts


def bench_scoring(model, records, args) -> dict:
    texts = kb_texts(records, args.docs)
    chars = statistics.mean(len(t) for t in texts)
    utf8 = statistics.mean(len(t.encode("utf-8")) for t in texts)
    plain = plain_sklearn_pipeline().fit([r["text"] for r in records], [r["label"] for r in records])
    # warm up (first use builds the lookup tables, caches)
    model.score_texts(texts[:32])
    model.pipeline_.predict_proba(texts[:32])
    plain.predict_proba(texts[:32])
    out = {"texts": len(texts), "mean_chars": round(chars), "mean_utf8_bytes": round(utf8), "batches": {}}

    def crawler_call(batch_texts):  # what the crawler calls: score, label, kind and the text-only score
        return model.score_texts(batch_texts, kinds=True)

    for batch in (16, 512):
        ours, bare, crawler = timed_interleaved(
            [batched(model.score_texts, texts, batch), batched(model.pipeline_.predict_proba, texts, batch),
             batched(crawler_call, texts, batch)],
            args.repeat,
        )  # fmt: skip
        old = timed(batched(plain.predict_proba, texts, batch), max(1, args.repeat // 2))
        r_ours, r_bare, r_old = rate(ours, len(texts)), rate(bare, len(texts)), rate(old, len(texts))
        out["batches"][batch] = {
            "score_texts": r_ours,
            "crawler_call": rate(crawler, len(texts)),
            "crawler_ratio_to_bare": round(statistics.median(b / c for c, b in zip(crawler, bare, strict=True)), 3),
            "bare_pipeline_predict_proba": r_bare,
            "plain_sklearn_baseline": r_old,
            # the median over the repetitions of (bare time / score_texts time), each pair run back to back
            "ratio_to_bare": round(statistics.median(b / o for o, b in zip(ours, bare, strict=True)), 3),
            "speedup_over_plain_baseline": round(r_ours["docs_per_s"] / r_old["docs_per_s"], 2),
        }
    # where the time goes (batch 16): normalisation, features, linear model
    feats, clf = model.pipeline_.named_steps["features"], model.pipeline_.named_steps["clf"]
    norm = prepare(texts)
    x = feats.transform_normalized(norm)
    stages = {
        "normalize": timed(batched(prepare, texts, 16), args.repeat),
        "features": timed(batched(feats.transform_normalized, norm, 16), args.repeat),
        "linear_model": timed(
            lambda: [clf.predict_proba(x[i : i + 16]) for i in range(0, len(texts), 16)], args.repeat
        ),
    }
    out["stage_us_per_doc_batch16"] = {k: round(statistics.median(v) / len(texts) * 1e6, 1) for k, v in stages.items()}
    # the same scores either way, and analyze() for scale
    a = np.array([s for s, _ in model.score_texts(texts[:200])])
    b = model.pipeline_.predict_proba(texts[:200])[:, 1]
    out["max_abs_diff_score_texts_vs_bare"] = float(np.max(np.abs(a - b.round(6))))
    t0 = time.perf_counter()
    model.analyze(texts[:200])
    out["analyze_docs_per_s"] = round(200 / (time.perf_counter() - t0), 1)
    return out


def bench_size_and_load(model, repeat: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.pkl"
        with path.open("wb") as fh:
            pickle.dump(model, fh, protocol=5)  # as classifier/registry.py writes it
        size = path.stat().st_size
        loads = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            with path.open("rb") as fh:
                m = pickle.load(fh)
            m.score_texts(["warm up"])  # first use builds the n-gram lookup tables
            loads.append(time.perf_counter() - t0)
        code = (
            "import pickle, time, sys; t = time.perf_counter(); sys.path.insert(0, sys.argv[2]); "
            "m = pickle.load(open(sys.argv[1], 'rb')); m.score_texts(['x']); print(time.perf_counter() - t)"
        )
        fresh = []
        for _ in range(max(1, repeat // 2)):
            res = subprocess.run(
                [sys.executable, "-c", code, str(path), str(ROOT)], capture_output=True, text=True, check=True
            )
            fresh.append(float(res.stdout.strip()))
    return {
        "model_bytes": size,
        "model_mb": round(size / 1e6, 2),
        "load_s_in_process": round(statistics.median(loads), 3),
        "load_s_fresh_process_with_imports": round(statistics.median(fresh), 3),
    }


def bench_big(records, args) -> dict:
    big = synthetic_corpus(records, args.big)
    path = Path(tempfile.mkdtemp()) / "big.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for r in big:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    phases = []
    t0 = time.perf_counter()
    recs = read_records(path)
    model = fit_records(recs, progress=lambda msg: phases.append((round(time.perf_counter() - t0, 1), msg)))
    seconds = time.perf_counter() - t0
    path.unlink()
    out = {
        "docs": len(big),
        "mean_chars": round(statistics.mean(len(r["text"]) for r in big)),
        "train_seconds": round(seconds, 1),
        "phases": phases,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "cv": {k: model.cv_metrics_[k] for k in ("pr_auc", "f1", "estimator", "folds", "n_features")},
    }
    out.update(bench_size_and_load(model, args.repeat))
    texts = kb_texts(records, min(args.docs, 1000), seed=5)
    model.score_texts(texts[:16])
    out["scoring_docs_per_s_batch16"] = rate(timed(batched(model.score_texts, texts, 16), args.repeat), len(texts))
    return out


def bench_quality(records, model) -> dict:
    y = np.array([r["label"] for r in records])
    kinds = [r["kind"] for r in records]
    langs = [r["lang"] for r in records]
    proba = model.oof_proba_
    sweep = {}
    for target in (0.9, 0.95, 0.97):
        thr = pick_threshold(y, proba, target)
        q = quality_breakdown(y, proba, thr, kinds, langs)
        sweep[str(target)] = dict(
            binary_metrics(y, proba, thr),
            threshold=round(thr, 4),
            f1_per_language={k: v["f1"] for k, v in q["per_language"].items()},
            hard_negative_fpr=q["hard_negative_fpr"],
            hard_negative_fpr_per_language=q["hard_negative_fpr_per_language"],
        )
    t0 = time.perf_counter()
    lolo = leave_one_language_out(
        [r["text"] for r in records], y, langs, groups=[r["group"] for r in records], kinds=kinds, compare=False
    )
    lolo_s = time.perf_counter() - t0
    # agreement of the model's vectorised lexicon features with classifier.lexicon.group_counts
    texts = [r["text"] for r in records]
    mine = np.expm1(corpus_counts(texts).groups)
    ref = np.array(
        [[lexicon.group_counts(t)[g] for g in lexicon.GROUPS] + [len(lexicon.find_substances(t))] for t in texts]
    )
    agree = {
        g: {
            "pearson": round(float(np.corrcoef(mine[:, j], ref[:, j])[0, 1]), 3),
            "same_count": round(float(np.mean(mine[:, j] == ref[:, j])), 3),
        }
        for j, g in enumerate(GROUP_NAMES)
    }
    return {
        "target_precision_sweep": sweep,
        "leave_one_language_out": lolo,
        "leave_one_language_out_seconds": round(lolo_s, 1),
        "lexicon_feature_agreement": agree,
    }


# ------------------------------------------------------------------------------------------------ report


def markdown(res: dict) -> str:
    s = res["scoring"]
    lines = [
        "# Classifier benchmark",
        "",
        f"{res['machine']}; {res['when']}; medians of {res['repeat']} runs, process pinned to one CPU. "
        f"Scoring texts: {s['texts']} texts of about 1 KB ({s['mean_chars']} characters, {s['mean_utf8_bytes']} "
        "UTF-8 bytes on average), concatenated from seed texts; raw text in for all three.",
        "",
        "| scoring (docs/s, one core) | batch 16 | batch 512 |",
        "| --- | --- | --- |",
    ]
    b16, b512 = s["batches"][16], s["batches"][512]
    for key, name in (
        ("score_texts", "`model.score_texts` (score, label)"),
        ("crawler_call", "`model.score_texts(kinds=True)`: the crawler's call (+ kind, text score, context map)"),
        ("bare_pipeline_predict_proba", "bare `model.pipeline_.predict_proba`"),
        ("plain_sklearn_baseline", "previous plain scikit-learn pipeline"),
    ):
        lines.append(f"| {name} | {b16[key]['docs_per_s']} | {b512[key]['docs_per_s']} |")
    lines.append(
        f"| ratio score_texts / bare (median of back-to-back pairs) | {b16['ratio_to_bare']} | "
        f"{b512['ratio_to_bare']} |"
    )
    lines.append(
        f"| ratio crawler's call / bare | {b16['crawler_ratio_to_bare']} | {b512['crawler_ratio_to_bare']} |"
    )
    lines.append(
        f"| speed-up over the previous pipeline | {b16['speedup_over_plain_baseline']} | "
        f"{b512['speedup_over_plain_baseline']} |"
    )
    st = s["stage_us_per_doc_batch16"]
    lines += [
        "",
        f"Time per text at batch 16: normalisation {st['normalize']} µs, features {st['features']} µs, linear model "
        f"{st['linear_model']} µs. analyze() (kind, substances, explanation): {s['analyze_docs_per_s']} docs/s.",
    ]
    seed = res["seed_model"]
    lines += [
        "",
        "| model | figure |",
        "| --- | --- |",
        f"| model file (pickle protocol 5) | {seed['model_mb']} MB |",
        f"| model load (in process / fresh process incl. imports) | {seed['load_s_in_process']} s / "
        f"{seed['load_s_fresh_process_with_imports']} s |",
        f"| training (`train()`, {seed.get('documents', '?'):,} docs, three estimators compared) | "
        f"{seed['train_seconds']} s |",
    ]
    if "big" in res:
        big = res["big"]
        lines += [
            f"| training on {big['docs']:,} synthetic docs (svm only) | {big['train_seconds']} s "
            f"(peak RSS {big['peak_rss_mb']} MB) |",
            f"| that model's file / load (in process / fresh) | {big['model_mb']} MB / {big['load_s_in_process']} s / "
            f"{big['load_s_fresh_process_with_imports']} s |",
            f"| that model's scoring, batch 16 | {big['scoring_docs_per_s_batch16']['docs_per_s']} docs/s |",
        ]
    cv = res["seed_cv"]
    lines += [
        "",
        "## Quality (grouped 5-fold cross-validation on the training corpus: seed, independent authors, real "
        "negatives; each author one group)",
        "",
        "| candidate | PR-AUC | F1 | precision | recall | fit seconds (5 folds) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, c in cv["candidates"].items():
        lines.append(
            f"| {name}{' (kept)' if name == cv['estimator'] else ''} | {c['pr_auc']} | {c['f1']} | "
            f"{c['precision']} | {c['recall']} | {c['fit_seconds']} |"
        )
    if "plain_baseline_cv" in res:
        p = res["plain_baseline_cv"]
        lines.append(
            f"| previous plain pipeline (logreg) | {p['pr_auc']} | {p['f1']} | {p['precision']} | {p['recall']} | |"
        )
    lines += ["", "| language form | F1 | PR-AUC | hard-negative FPR | leave-one-language-out F1 (PR-AUC) |"]
    lines.append("| --- | --- | --- | --- | --- |")
    lolo = res.get("quality", {}).get("leave_one_language_out", {})
    for lang, m in cv["per_language"].items():
        lo = lolo.get(lang)
        lines.append(
            f"| {lang} | {m['f1']} | {m['pr_auc']} | {cv['hard_negative_fpr_per_language'].get(lang)} | "
            + (f"{lo['f1']} ({lo['pr_auc']})" if lo else "")
            + " |"
        )
    lines += [
        "",
        f"All: PR-AUC {cv['pr_auc']}, F1 {cv['f1']} (precision {cv['precision']}, recall {cv['recall']}) at threshold "
        f"{cv['threshold']} (target precision {cv['target_precision']}); hard-negative FPR {cv['hard_negative_fpr']} "
        f"(per kind {cv.get('hard_negative_fpr_per_kind')}). Kinds: accuracy {cv.get('kind_accuracy')}, macro-F1 "
        f"{cv.get('kind_macro_f1')} with the true side; {cv.get('kind_accuracy_end_to_end')} / "
        f"{cv.get('kind_macro_f1_end_to_end')} with the predicted label.",
    ]
    if "quality" in res:
        lines += [
            "",
            "| target precision | threshold | F1 | precision | recall | hard-negative FPR | per language F1 |",
        ]
        lines.append("| --- | --- | --- | --- | --- | --- | --- |")
        for t, m in res["quality"]["target_precision_sweep"].items():
            lines.append(
                f"| {t} | {m['threshold']} | {m['f1']} | {m['precision']} | {m['recall']} | {m['hard_negative_fpr']} "
                f"({', '.join(f'{k} {v}' for k, v in m['hard_negative_fpr_per_language'].items())}) | "
                f"{', '.join(f'{k} {v}' for k, v in m['f1_per_language'].items())} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--docs", type=int, default=2000, help="~1 KB texts for the scoring benchmark")
    ap.add_argument("--big", type=int, default=100_000, help="synthetic corpus size for the training benchmark")
    ap.add_argument("--skip-big", action="store_true")
    ap.add_argument("--skip-quality", action="store_true", help="no leave-one-language-out, sweep or old-model CV")
    ap.add_argument("--cpu", type=int, default=None, help="CPU to pin to (default: the last one)")
    args = ap.parse_args()
    cpu = args.cpu if args.cpu is not None else max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    records = read_records(default_corpus())
    res: dict = {
        "benchmark": "classifier",
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"scikit-learn {sklearn.__version__}, numpy {np.__version__}",
        "when": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
        "repeat": args.repeat,
        "pinned_cpu": cpu,
        "load_average_at_start": os.getloadavg(),
    }
    print("training the shipped model (default corpus, three estimators compared, context) ...", file=sys.stderr)
    t0 = time.perf_counter()
    model = fit_records(records, compare=True, identifiers=identifiers_of)
    res["seed_cv"] = model.cv_metrics_
    res["seed_model"] = {"train_seconds": round(time.perf_counter() - t0, 1), "documents": len(records)}
    res["seed_model"].update(bench_size_and_load(model, args.repeat))
    print("scoring ...", file=sys.stderr)
    res["scoring"] = bench_scoring(model, records, args)
    if not args.skip_quality:
        print("quality: previous pipeline's CV, leave-one-language-out, threshold sweep ...", file=sys.stderr)
        res["plain_baseline_cv"] = plain_grouped_cv(records)
        res["quality"] = bench_quality(records, model)
    if not args.skip_big:
        print(f"training on {args.big:,} synthetic documents ...", file=sys.stderr)
        res["big"] = bench_big(records, args)
    res["load_average_at_end"] = os.getloadavg()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "classifier.json").write_text(json.dumps(res, indent=2, ensure_ascii=False, default=str) + "\n")
    md = markdown(res)
    (RESULTS / "classifier.md").write_text(md)
    print(md)


if __name__ == "__main__":
    main()
