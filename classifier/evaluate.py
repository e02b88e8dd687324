"""Evaluate a model on labelled text: precision, recall, F1, PR-AUC, confusion matrix, breakdown by language and
kind, and a report folder (report.json, report.md, pr_curve.png).

Uses only the model's stable interface (`score_texts`, `threshold_`), so any registered version can be evaluated.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from sklearn.metrics import average_precision_score, precision_recall_curve

from classifier.labels import LabelRow

BATCH = 512


class EvaluationError(Exception):
    """The data cannot give a meaningful evaluation; the message says why."""


def metrics(y, proba, pred) -> dict:
    """The figures for one slice. A figure that is undefined on the slice (e.g. recall with no positives) is
    None rather than a made-up 0."""
    y, proba, pred = np.asarray(y, dtype=int), np.asarray(proba, dtype=float), np.asarray(pred, dtype=int)
    tp = int(((pred == 1) & (y == 1)).sum())
    fp = int(((pred == 1) & (y == 0)).sum())
    fn = int(((pred == 0) & (y == 1)).sum())
    tn = int(((pred == 0) & (y == 0)).sum())
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    if precision is not None and recall is not None:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    else:
        f1 = None
    both = 0 < y.sum() < len(y)
    return {
        "n": int(len(y)),
        "positives": int(y.sum()),
        "flagged": int(pred.sum()),
        "precision": _r(precision),
        "recall": _r(recall),
        "f1": _r(f1),
        "pr_auc": _r(float(average_precision_score(y, proba))) if both else None,
        "accuracy": _r((tp + tn) / len(y)) if len(y) else None,
        "fp_rate": _r(fp / (fp + tn)) if fp + tn else None,
        "confusion": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
    }


def score_rows(model, rows: list[LabelRow], progress=None) -> tuple[np.ndarray, np.ndarray]:
    proba, pred = [], []
    for start in range(0, len(rows), BATCH):
        for score, label in model.score_texts([r.text for r in rows[start : start + BATCH]]):
            proba.append(score)
            pred.append(label)
        if progress and len(rows) > BATCH:
            progress(f"scored {min(start + BATCH, len(rows))}/{len(rows)}")
    return np.asarray(proba, dtype=float), np.asarray(pred, dtype=int)


def evaluate(model, rows: list[LabelRow], version: str = "", data: str = "", progress=None) -> tuple[dict, dict]:
    """(report, curve): the report is JSON-ready; the curve holds the scores for the PR plot."""
    y = np.asarray([r.label for r in rows], dtype=int)
    if len(y) == 0 or y.min() == y.max():
        have = "no rows" if len(y) == 0 else f"only label {int(y[0])} ({len(y)} rows)"
        raise EvaluationError(f"{data or 'the data'} needs texts labelled both 1 and 0 to evaluate; it has {have}")
    proba, pred = score_rows(model, rows, progress)
    report = {
        "model": version,
        "data": data,
        "threshold": _r(float(model.threshold_)),
        **metrics(y, proba, pred),
    }
    for column in ("lang", "kind"):
        values = [getattr(r, column) for r in rows]
        if any(values):
            report[f"by_{column}"] = {
                key: metrics(y[idx], proba[idx], pred[idx])
                for key, idx in sorted(_groups(values).items(), key=lambda kv: kv[0])
            }
    return report, {"y": y, "proba": proba, "langs": [r.lang for r in rows]}


def write_report(report: dict, curve: dict, directory: Path) -> dict[str, Path]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = {"json": directory / "report.json", "md": directory / "report.md", "png": directory / "pr_curve.png"}
    paths["json"].write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    try:
        _plot(report, curve, paths["png"])
    except ImportError:  # matplotlib is an optional dependency: the figures are still in the report
        paths.pop("png")
    paths["md"].write_text(markdown(report, has_plot="png" in paths), encoding="utf-8")
    return paths


def summary_lines(report: dict) -> list[str]:
    """A readable table: one row overall, one per language and kind."""
    head = f"{'slice':24} {'n':>6} {'pos':>6} {'flag':>6} {'prec':>6} {'recall':>6} {'F1':>6} {'PR-AUC':>6} {'FPR':>6}"
    lines = [head, "-" * len(head)]
    for name, m in _slices(report):
        cells = [_f(m[k]) for k in ("precision", "recall", "f1", "pr_auc", "fp_rate")]
        lines.append(f"{name[:24]:24} {m['n']:>6} {m['positives']:>6} {m['flagged']:>6} " + " ".join(cells))
    c = report["confusion"]
    lines.append(
        f"confusion at threshold {report['threshold']}: TP {c['tp']}  FP {c['fp']}  FN {c['fn']}  TN {c['tn']}"
    )
    return lines


def markdown(report: dict, has_plot: bool = True) -> str:
    c = report["confusion"]
    out = [
        f"# Evaluation of model {report['model'] or '?'}",
        "",
        f"Data: `{report['data']}`, {report['n']} texts ({report['positives']} labelled trafficking). "
        f"Threshold {report['threshold']} (stored with the model).",
        "",
        "| slice | n | positives | flagged | precision | recall | F1 | PR-AUC | false-positive rate |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, m in _slices(report):
        cells = " | ".join(_f(m[k]) for k in ("precision", "recall", "f1", "pr_auc", "fp_rate"))
        out.append(f"| {name} | {m['n']} | {m['positives']} | {m['flagged']} | {cells} |")
    out += [
        "",
        "## Confusion matrix",
        "",
        "| | predicted 1 | predicted 0 |",
        "| --- | ---: | ---: |",
        f"| labelled 1 | {c['tp']} (TP) | {c['fn']} (FN) |",
        f"| labelled 0 | {c['fp']} (FP) | {c['tn']} (TN) |",
        "",
        "A dash means the figure is undefined on that slice (e.g. recall where nothing is labelled 1).",
    ]
    if has_plot:
        out += ["", "## Precision-recall curve", "", "![precision-recall curve](pr_curve.png)"]
    return "\n".join(out) + "\n"


def _plot(report: dict, curve: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    y, proba = curve["y"], curve["proba"]
    fig, ax = plt.subplots(figsize=(6, 5), dpi=100)
    precision, recall, _ = precision_recall_curve(y, proba)
    ax.step(recall, precision, where="post", lw=2, label=f"all (PR-AUC {report['pr_auc']})")
    langs = np.asarray([lang or "" for lang in curve["langs"]])
    for lang in sorted(set(langs) - {""}):
        idx = langs == lang
        if 0 < y[idx].sum() < idx.sum():
            p, r, _ = precision_recall_curve(y[idx], proba[idx])
            ax.step(r, p, where="post", lw=1, alpha=0.7, label=lang)
    if report["precision"] is not None and report["recall"] is not None:
        ax.plot([report["recall"]], [report["precision"]], "o", color="black", label=f"threshold {report['threshold']}")
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_xlim(0, 1.01)
    ax.set_ylim(0, 1.01)
    ax.set_title(f"model {report['model'] or '?'}: {report['n']} texts")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _slices(report: dict):
    yield "all", report
    for column in ("lang", "kind"):
        for key, m in report.get(f"by_{column}", {}).items():
            yield f"{column}={key}", m


def _groups(values) -> dict[str, np.ndarray]:
    out: dict[str, list[int]] = {}
    for i, v in enumerate(values):
        out.setdefault(v or "(none)", []).append(i)
    return {k: np.asarray(v) for k, v in out.items()}


def _r(value):
    return None if value is None else round(float(value), 4)


def _f(value) -> str:
    return f"{'-':>6}" if value is None else f"{value:6.3f}"
