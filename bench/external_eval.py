"""The classifier on text nobody on the team wrote: a model trained on the seed corpus alone, scored on the held-out
evaluation sets in classifier/eval/ (never used for training):

  - public.jsonl       real public texts: darknet market listings (Dream Market, Agora), seizure news, rehab,
                       pharmacy and job pages in English, Russian, Uzbek Latin and Uzbek Cyrillic (SOURCES.md);
  - independent.jsonl  realistic texts in the four language forms written blind to the seed corpus by an author
                       who never saw it (README in classifier/eval/).

    .venv/bin/python bench/external_eval.py [--target 0.9 0.95]

For each target precision (the threshold rule stored with the model) it reports precision, recall, F1, PR-AUC
and the false-positive rate overall, per language form and per kind, and the hard-negative false-positive rate.
Results: bench/results/external_eval.json and external_eval.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from classifier.evaluate import evaluate  # noqa: E402
from classifier.kinds import HARD_NEGATIVE_KINDS  # noqa: E402
from classifier.labels import read_label_file  # noqa: E402
from classifier.train import SEED, read_records, fit_records  # noqa: E402

EVAL = ROOT / "classifier" / "eval"
RESULTS = ROOT / "bench" / "results"
SETS = {"public": EVAL / "public.jsonl", "independent": EVAL / "independent.jsonl"}
LANGS = ("en", "ru", "uz-latn", "uz-cyrl")


def hard_negative_fpr(rows, proba, threshold) -> dict:
    kinds = np.array([r.kind or "" for r in rows], dtype=object)
    langs = np.array([r.lang or "" for r in rows], dtype=object)
    y = np.array([r.label for r in rows])
    hard = (y == 0) & np.isin(kinds, HARD_NEGATIVE_KINDS)
    pred = proba >= threshold
    out = {"all": _rate(pred[hard])}
    for lang in LANGS:
        out[lang] = _rate(pred[hard & (langs == lang)])
    return out


def _rate(values) -> dict:
    return {"n": int(len(values)), "fpr": round(float(values.mean()), 4) if len(values) else None}


def run(targets: list[float]) -> dict:
    records = read_records(SEED)
    seed_texts = {r["text"].strip() for r in records}
    sets = {}
    for name, path in SETS.items():
        if not path.exists():
            print(f"{path} missing: skipped", file=sys.stderr)
            continue
        rows = read_label_file(path).rows
        overlap = sum(r.text.strip() in seed_texts for r in rows)
        if overlap:
            raise SystemExit(f"{path}: {overlap} texts are also in the seed corpus; the evaluation is not held out")
        sets[name] = rows
    out = {"seed_documents": len(records), "sets": {n: len(r) for n, r in sets.items()}, "by_target": {}}
    for target in targets:
        started = time.monotonic()
        model = fit_records(records, target_precision=target)
        fit_s = round(time.monotonic() - started, 1)
        cv = model.cv_metrics_
        keys = ("pr_auc", "f1", "precision", "recall", "hard_negative_fpr")
        res = {"threshold": round(float(model.threshold_), 4), "train_seconds": fit_s,
               "seed_cv": {k: cv.get(k) for k in keys}}  # fmt: skip
        for name, rows in sets.items():
            report, curve = evaluate(model, rows, data=str(SETS[name].relative_to(ROOT)))
            proba = curve["proba"]
            res[name] = {
                "overall": {k: report[k] for k in ("n", "positives", "flagged", "precision", "recall", "f1", "pr_auc",
                                                   "fp_rate")},  # fmt: skip
                "by_lang": {k: _short(v) for k, v in report.get("by_lang", {}).items()},
                "by_kind": {k: _short(v) for k, v in report.get("by_kind", {}).items()},
                "hard_negative_fpr": hard_negative_fpr(rows, proba, model.threshold_),
            }
        out["by_target"][str(target)] = res
        print(f"target {target}: done in {fit_s}s", file=sys.stderr)
    return out


def _short(m: dict) -> dict:
    return {k: m[k] for k in ("n", "positives", "flagged", "precision", "recall", "f1", "pr_auc", "fp_rate")}


def _f(v) -> str:
    return "-" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


def markdown(res: dict) -> str:
    lines = [
        "# Classifier on held-out text nobody on the team wrote",
        "",
        f"Model trained on the seed corpus only ({res['seed_documents']} documents); evaluation sets: "
        + ", ".join(f"{n} ({c} texts)" for n, c in res["sets"].items())
        + ". Produced by `bench/external_eval.py`.",
    ]
    cols = ("n", "positives", "flagged", "precision", "recall", "f1", "pr_auc", "fp_rate")
    for target, r in res["by_target"].items():
        cv = r["seed_cv"]
        lines += ["", f"## Target precision {target} (threshold {r['threshold']})", "",
                  f"Seed grouped CV: PR-AUC {_f(cv['pr_auc'])}, F1 {_f(cv['f1'])}, precision {_f(cv['precision'])}, "
                  f"recall {_f(cv['recall'])}, hard-negative FPR {_f(cv['hard_negative_fpr'])}."]  # fmt: skip
        for name in res["sets"]:
            s = r[name]
            lines += ["", f"### {name}", "", "| slice | " + " | ".join(cols) + " |",
                      "| --- |" + " ---: |" * len(cols)]  # fmt: skip
            slices = [("all", s["overall"])]
            slices += [(f"lang={k}", v) for k, v in s["by_lang"].items()]
            slices += [(f"kind={k}", v) for k, v in s["by_kind"].items()]
            for label, m in slices:
                lines.append(f"| {label} | " + " | ".join(_f(m[c]) for c in cols) + " |")
            h = s["hard_negative_fpr"]
            lines += ["", "Hard-negative false-positive rate: " + ", ".join(
                f"{k} {_f(v['fpr'])} (n={v['n']})" for k, v in h.items() if v["n"])]  # fmt: skip
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--target", type=float, nargs="+", default=[0.9, 0.95], help="target precisions to compare")
    args = ap.parse_args()
    res = run(args.target)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "external_eval.json").write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n")
    (RESULTS / "external_eval.md").write_text(markdown(res))
    print(markdown(res))


if __name__ == "__main__":
    main()
