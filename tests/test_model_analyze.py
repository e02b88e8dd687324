"""The classifier's analyze(): score, label, kind, substances and explanations with spans in the original text."""

from __future__ import annotations

import json
import pickle
import random
import sys

import numpy as np
import pytest

from classifier import lexicon
from classifier.kinds import KINDS, NEGATIVE_KINDS, POSITIVE_KINDS
from classifier.model import TraffickingClassifier
from classifier.normalize import normalize, to_latin
from classifier.train import SEED

FIELDS = {"score", "label", "kind", "substances", "explanation", "score_text"}


@pytest.fixture(scope="module")
def seed_rows():
    with open(SEED, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="module")
def subset(seed_rows):
    return random.Random(7).sample(seed_rows, 800)


@pytest.fixture(scope="module")
def model(subset):
    rows = subset
    return TraffickingClassifier(cv_folds=3, compare=False).fit(
        [r["text"] for r in rows],
        [r["label"] for r in rows],
        groups=[r["group"] for r in rows],
        kinds=[r["kind"] for r in rows],
        langs=[r["lang"] for r in rows],
    )


def find(explanation, feature):
    return [item for item in explanation if item["feature"] == feature]


def test_analyze_fields_agree_with_score_texts(model, seed_rows):
    texts = [r["text"] for r in seed_rows[:40]] + ["Меф кристалл 2г, закладки по Ташкенту, жми старт в боте"]
    results = model.analyze(texts)
    assert len(results) == len(texts)
    scored = model.score_texts(texts)
    for res, (score, label) in zip(results, scored, strict=True):
        assert set(res) == FIELDS
        # the text model's score and label (a model without a context model: the combined score is the same)
        assert res["score_text"] == score and res["label"] == label and res["score"] == score
        assert 0.0 <= res["score"] <= 1.0 and res["label"] == int(res["score"] >= model.threshold_)
        assert res["kind"] in KINDS
        assert isinstance(res["substances"], list) and isinstance(res["explanation"], list)
        assert len(res["explanation"]) <= 10
        weights = [abs(item["weight"]) for item in res["explanation"]]
        assert weights == sorted(weights, reverse=True)  # strongest first
    assert results[-1]["label"] == 1


def test_kind_is_on_the_side_of_the_label(model, seed_rows):
    texts = [r["text"] for r in seed_rows[1000:1300]]
    results = model.analyze(texts, top=1)
    assert {r["label"] for r in results} == {0, 1}
    for res in results:
        assert res["kind"] in (POSITIVE_KINDS if res["label"] == 1 else NEGATIVE_KINDS), res


def test_kind_model_learns_the_kinds(model, seed_rows):
    held_out = [r for r in seed_rows[2000:2400]]
    results = model.analyze([r["text"] for r in held_out], top=1)
    right = sum(res["kind"] == r["kind"] for res, r in zip(results, held_out, strict=True))
    assert right / len(held_out) > 0.6  # 12 kinds: chance is about 0.1


def test_substances_are_canonical_names(model):
    text = "Продаю мефедрон VHQ и гашиш, закладки магнит. Also cocaine 1g"
    (res,) = model.analyze([text])
    assert res["substances"] == lexicon.find_substances(text)
    assert {"mephedrone", "hashish", "cocaine"} <= set(res["substances"])
    (plain,) = model.analyze(["Toshkentda ob-havo issiq bo'ladi"])
    assert plain["substances"] == []


def test_explanation_spans_point_at_the_terms_in_the_original_text(model, seed_rows):
    texts = [r["text"] for r in seed_rows[3000:3060]]
    checked = 0
    for text, explanation in zip(texts, model.explain(texts, top=60), strict=True):
        for item in explanation:
            assert item["spans"], item
            for start, end in item["spans"]:
                assert 0 <= start < end <= len(text)
            start, end = item["spans"][0]
            assert item["text"] == text[start:end]
            if item["type"] == "word":  # a whole word or word pair: normalising the span gives the feature back
                assert normalize(text[start:end]) == item["feature"], (item, text[start:end])
                checked += 1
            elif item["type"] == "char":  # an n-gram: inside its normalised word (leetspeak depends on the word),
                # spelt in Latin as the model counts character n-grams ("пти" is the n-gram "pti")
                while start > 0 and not text[start - 1].isspace():
                    start -= 1
                while end < len(text) and not text[end].isspace():
                    end += 1
                assert item["feature"].strip() in to_latin(normalize(text[start:end])), (item, text[start:end])
                checked += 1
    assert checked > 500


def test_explanation_of_obfuscated_text_maps_back(model):
    text = "Кристаллы VHQ: m e f 2г, мeфедрон (Latin e), l$d, ko‘knor bor. Пиши @kladmen_bot"
    (expl,) = model.explain([text], top=400)
    spans = {item["feature"]: [text[s:e] for s, e in item["spans"]] for item in expl}
    assert spans["mef "] == ["m e f"]  # spaced letters joined, highlighted across the spaces
    assert spans["мефедрон"] == ["мeфедрон"]  # a Latin look-alike letter folded
    assert spans["lsd"] == ["l$d"]  # leetspeak
    assert spans["ko'knor"] == ["ko‘knor"]  # an Uzbek apostrophe
    assert spans["entbot"] == ["@kladmen_bot"]  # a placeholder points at the whole entity
    assert spans["entqty"] == ["2г"]
    # character n-grams of a folded word point inside it; they are counted on the Latin spelling, so the n-gram
    # " mef" is both the joined "m e f" and the Cyrillic "мeф" (with its Latin look-alike e) of the original text
    assert [text[s:e] for s, e in find(expl, " mef")[0]["spans"]] == ["m e f", "мeф"]
    # a Cyrillic letter spelt with two Latin ones ("ш" -> "sh") maps back whole
    assert [text[s:e] for s, e in find(expl, "shi")[0]["spans"]] == ["ши"]


def test_explanation_uzbek_cyrillic_and_weights(model):
    text = "Тошкентда кўкнор сотилади, закладка, нархи 200 минг сўм, оператор @uzshop_bot"
    (res,) = model.analyze([text], top=10)
    assert res["explanation"]
    # the contributions explain the score: they have the sign of their push and the largest ones come first
    assert any(item["weight"] > 0 for item in res["explanation"])
    for item in res["explanation"]:
        for start, end in item["spans"]:
            assert text[start:end].strip() == text[start:end] and text[start:end]


@pytest.mark.parametrize(
    "text",
    [
        "",
        " \n\t ",
        None,
        b"\xd0\x9c\xd0\xb5\xd1\x84 bytes \xff\xfe",
        "\x00\x01\x02\x89PNG\r\n\x1a\n" + "".join(map(chr, range(32, 600))),
        "broken \ud800 surrogate \udfff",
        "這是一個測試文本，沒有任何可疑內容。ภาษาไทย ٱلْعَرَبِيَّة",
        "🍁🍁 💎❄🔌 " * 50,
        "x" * 1_000_000,
    ],
)
def test_bad_input_gets_a_score_and_an_explanation(model, text):
    (score, label), *_ = model.score_texts([text])
    assert 0.0 <= score <= 1.0 and label in (0, 1)
    (res,) = model.analyze([text])
    assert res["score"] == score and res["kind"] in KINDS
    length = len(text) if isinstance(text, str) else 10**9
    for item in res["explanation"]:
        for start, end in item["spans"]:
            assert 0 <= start < end <= length


def test_huge_text_is_scored_from_its_head(model):
    head = "Меф кристалл 2г, закладки по Ташкенту, жми старт в боте @kladmen_bot. "
    huge = head + "обычный текст без смысла " * 45_000  # about 1.1 MB
    (res,) = model.analyze([huge])
    assert res["label"] == 1 and "mephedrone" in res["substances"]
    assert all(e <= len(huge) for item in res["explanation"] for _s, e in item["spans"])


def test_metrics_and_threshold(model):
    m = model.cv_metrics_
    for key in ("folds", "grouped", "pr_auc", "f1", "precision", "recall", "threshold", "n_docs", "n_positive"):
        assert key in m, key
    assert m["grouped"] and m["folds"] == 3 and m["n_docs"] == 800
    assert m["threshold"] == round(model.threshold_, 4) and 0 < model.threshold_ < 1
    assert set(m["candidates"]) == {"svm"} and m["estimator"] == "svm"
    assert set(m["per_language"]) == {"en", "ru", "uz-latn", "uz-cyrl"}
    assert all(0 <= v["f1"] <= 1 for v in m["per_language"].values())
    assert 0 <= m["hard_negative_fpr"] <= 1 and set(m["hard_negative_fpr_per_language"]) <= set(m["per_language"])
    assert 0.5 < m["kind_accuracy"] <= 1 and 0 < m["kind_macro_f1"] <= 1
    assert m["pr_auc"] > 0.8


def test_pickle_round_trip(model):
    texts = ["закладка мефа, магнит", "news about the weather", "m e f 1g stealth"]
    clone = pickle.loads(pickle.dumps(model, protocol=5))
    assert clone.score_texts(texts) == model.score_texts(texts)
    assert clone.analyze(texts) == model.analyze(texts)
    assert clone.get_params() == model.get_params()


def test_scoring_never_builds_explanations(model, monkeypatch):
    def boom(*_a, **_k):
        raise AssertionError("explanations computed while scoring")

    monkeypatch.setattr("classifier.explain.explain_one", boom)
    monkeypatch.setattr(sys.modules["classifier.normalize"], "normalize_with_offsets", boom)
    monkeypatch.setattr("classifier.explain.normalize_with_offsets", boom)
    assert len(model.score_texts(["Меф 1г", "hello"] * 8)) == 16
    assert model.predict(["Меф 1г"]).shape == (1,)
    with pytest.raises(AssertionError, match="while scoring"):
        model.analyze(["Меф 1г закладка"])


def test_compare_records_all_three_candidates(seed_rows):
    rows = random.Random(3).sample(seed_rows, 300)
    m = TraffickingClassifier(cv_folds=2, compare=True).fit(
        [r["text"] for r in rows], [r["label"] for r in rows], groups=[r["group"] for r in rows]
    )
    cands = m.cv_metrics_["candidates"]
    assert set(cands) == {"logreg", "svm", "sgd"}
    best = max(cands, key=lambda k: cands[k]["pr_auc"])
    assert m.cv_metrics_["estimator"] == best and m.cv_metrics_["pr_auc"] == cands[best]["pr_auc"]
    assert m.kind_model_.classes_ == ()  # no kinds given: every text gets its side's default kind
    res = m.analyze(["Меф 1г закладка магнит", "Weather is fine"])
    assert [r["kind"] for r in res] == [("sale_ad" if r["label"] else "other") for r in res]
    assert np.isfinite([r["score"] for r in res]).all()
