"""The evaluation report on a model with known scores: every figure checked by hand."""

import json

import pytest

from classifier.evaluate import EvaluationError, evaluate, summary_lines, write_report
from classifier.labels import LabelRow


class FixedModel:
    """Scores each text as written in the table below; threshold 0.5."""

    threshold_ = 0.5

    def __init__(self, scores):
        self.scores = scores

    def score_texts(self, texts):
        return [(self.scores[t], int(self.scores[t] >= self.threshold_)) for t in texts]


# text: (score, true label, lang, kind)
DATA = {
    "a": (0.9, 1, "en", "sale_ad"),  # TP
    "b": (0.8, 1, "ru", "sale_ad"),  # TP
    "c": (0.7, 0, "ru", "news"),  # FP
    "d": (0.4, 1, "en", "dead_drop"),  # FN
    "e": (0.3, 0, "en", "news"),  # TN
    "f": (0.2, 0, "ru", "pharmacy"),  # TN
    "g": (0.1, 0, "en", "news"),  # TN
    "h": (0.6, 1, "ru", "dead_drop"),  # TP
}


@pytest.fixture
def rows():
    return [LabelRow(i, t, lab, lang=lang, kind=kind) for i, (t, (_, lab, lang, kind)) in enumerate(DATA.items(), 1)]


@pytest.fixture
def model():
    return FixedModel({t: v[0] for t, v in DATA.items()})


def test_overall_figures(model, rows):
    report, _curve = evaluate(model, rows, version="mX", data="hand.jsonl")
    assert report["confusion"] == {"tp": 3, "fp": 1, "fn": 1, "tn": 3}
    assert report["n"] == 8 and report["positives"] == 4 and report["flagged"] == 4
    assert report["precision"] == 0.75 and report["recall"] == 0.75 and report["f1"] == 0.75
    assert report["accuracy"] == 0.75 and report["fp_rate"] == 0.25
    # ranked by score: a(1) b(1) c(0) h(1) d(1) e f g -> AP = (1 + 1 + 3/4 + 4/5) / 4
    assert report["pr_auc"] == round((1 + 1 + 0.75 + 0.8) / 4, 4)
    assert report["threshold"] == 0.5 and report["model"] == "mX"


def test_breakdowns_by_language_and_kind(model, rows):
    report, _ = evaluate(model, rows)
    en, ru = report["by_lang"]["en"], report["by_lang"]["ru"]
    assert en["confusion"] == {"tp": 1, "fp": 0, "fn": 1, "tn": 2} and en["recall"] == 0.5 and en["precision"] == 1
    assert ru["confusion"] == {"tp": 2, "fp": 1, "fn": 0, "tn": 1} and ru["fp_rate"] == 0.5
    news = report["by_kind"]["news"]
    assert news["n"] == 3 and news["positives"] == 0 and news["recall"] is None and news["pr_auc"] is None
    assert news["fp_rate"] == round(1 / 3, 4)
    assert report["by_kind"]["dead_drop"]["recall"] == 0.5 and report["by_kind"]["dead_drop"]["fp_rate"] is None


def test_no_breakdown_without_the_columns(model):
    plain = [LabelRow(i, t, v[1]) for i, (t, v) in enumerate(DATA.items(), 1)]
    report, _ = evaluate(model, plain)
    assert "by_lang" not in report and "by_kind" not in report


def test_one_class_is_refused(model, rows):
    with pytest.raises(EvaluationError, match="both 1 and 0"):
        evaluate(model, [r for r in rows if r.label == 1], data="pos.jsonl")


def test_report_files(model, rows, tmp_path):
    report, curve = evaluate(model, rows, version="mX", data="hand.jsonl")
    paths = write_report(report, curve, tmp_path / "rep")
    assert json.loads(paths["json"].read_text()) == report
    assert paths["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and paths["png"].stat().st_size > 5000
    md = paths["md"].read_text()
    assert "| all | 8 | 4 | 4 |  0.750 |  0.750 |  0.750 |" in md
    assert "| labelled 1 | 3 (TP) | 1 (FN) |" in md and "| labelled 0 | 1 (FP) | 3 (TN) |" in md
    assert "![precision-recall curve](pr_curve.png)" in md
    table = "\n".join(summary_lines(report))
    assert "lang=ru" in table and "kind=news" in table and "TP 3  FP 1  FN 1  TN 3" in table
