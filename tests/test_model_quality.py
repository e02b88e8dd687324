"""Quality metrics of the classifier: per language form, hard negatives, leave-one-language-out, registry."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from classifier.model import TraffickingClassifier, leave_one_language_out, quality_breakdown
from classifier.registry import Registry
from classifier.train import SEED, CorpusError, read_records, train


@pytest.fixture(scope="module")
def records():
    return random.Random(11).sample(read_records(SEED), 500)


def test_quality_breakdown_counts_hard_negatives_per_language():
    y = np.array([1, 1, 0, 0, 0, 0, 0, 0])
    proba = np.array([0.9, 0.8, 0.7, 0.1, 0.6, 0.2, 0.9, 0.1])
    kinds = ["sale_ad", "dead_drop", "news", "news", "pharmacy", "other", "other", "job"]
    langs = ["ru", "en", "ru", "ru", "en", "en", "ru", "en"]
    q = quality_breakdown(y, proba, 0.5, kinds, langs)
    # hard negatives: news x2 (ru), pharmacy (en), job (en); "other" is not one
    assert q["hard_negatives"] == 4 and q["hard_negative_fpr"] == 0.5
    assert q["hard_negative_fpr_per_language"] == {"ru": 0.5, "en": 0.5}
    assert q["hard_negative_fpr_per_kind"] == {"news": 0.5, "pharmacy": 1.0, "job": 0.0}
    # ru: one offer found, two ru negatives flagged: precision 1/3, recall 1
    assert q["per_language"]["ru"]["f1"] == 0.5 and q["per_language"]["ru"]["n_docs"] == 4


def test_leave_one_language_out(records):
    res = leave_one_language_out(
        [r["text"] for r in records],
        [r["label"] for r in records],
        [r["lang"] for r in records],
        groups=[r["group"] for r in records],
        kinds=[r["kind"] for r in records],
        cv_folds=2,
        compare=False,
    )
    assert set(res) == {"en", "ru", "uz-latn", "uz-cyrl"}
    for lang, m in res.items():
        assert m["n_docs"] == sum(r["lang"] == lang for r in records)
        assert 0 <= m["f1"] <= 1 and 0 < m["threshold"] < 1 and m["pr_auc"] > 0.5


def test_train_reads_kinds_and_languages_and_registers(tmp_path, records):
    path = tmp_path / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        fh.write(json.dumps({"text": "закладка меф магнит", "label": 1}, ensure_ascii=False) + "\n")  # no kind
    model = train(path, cv_folds=3, compare=False)
    m = model.cv_metrics_
    assert m["n_docs"] == len(records) + 1 and "kind_accuracy" in m and m["per_language"]
    json.dumps(m)  # the registry writes it to meta.json
    reg = Registry(tmp_path / "models")
    reg.save(model, {"data": str(path)})
    loaded, meta = reg.load()
    assert meta["cv"]["estimator"] == "svm" and meta["params"]["compare"] is False
    texts = ["Меф 1г магнит Юнусабад", "Prices of bread went up"]
    assert loaded.analyze(texts) == model.analyze(texts)


def test_empty_batches():
    model = TraffickingClassifier(cv_folds=2, compare=False).fit(
        ["меф закладка", "гашиш магнит", "buy weed stash", "новости погоды", "weather news", "ob-havo"],
        [1, 1, 1, 0, 0, 0],
    )
    assert model.score_texts([]) == [] and model.analyze([]) == [] and model.explain([]) == []
    assert model.predict_proba([]).shape == (0, 2)


def test_bad_corpus_still_names_the_line(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"text": "a", "label": 1, "kind": "news"}) + "\n{broken\n")
    with pytest.raises(CorpusError, match="line 2"):
        read_records(path)
