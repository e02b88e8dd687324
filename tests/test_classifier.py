"""The baseline classifier as a scikit-learn estimator, its threshold, metrics and registry."""

import json
import random

import numpy as np
import pytest
from sklearn.base import clone

from classifier.model import TraffickingClassifier, pick_threshold
from classifier.registry import ModelMissing, Registry
from classifier.train import SEED, CorpusError, read_corpus


@pytest.fixture(scope="module")
def subset():
    texts, labels, groups = read_corpus(SEED)
    idx = random.Random(1).sample(range(len(texts)), 700)
    return [texts[i] for i in idx], [labels[i] for i in idx], [groups[i] for i in idx]


@pytest.fixture(scope="module")
def model(subset):
    texts, labels, groups = subset
    return TraffickingClassifier(cv_folds=3).fit(texts, labels, groups=groups)


def test_grouped_cv_metrics_and_threshold(model):
    m = model.cv_metrics_
    assert m["grouped"] and m["folds"] == 3 and m["n_docs"] == 700
    assert 0 < m["threshold"] < 1
    assert m["pr_auc"] > 0.7  # learns something real on held-out template families


def test_scores_are_probabilities_and_labels_follow_threshold(model):
    texts = ["Меф кристалл 2г, закладки по Ташкенту, жми старт в боте", "Weather in Samarkand is sunny today"]
    scored = model.score_texts(texts)
    assert all(0.0 <= s <= 1.0 for s, _ in scored)
    assert [label for _, label in scored] == [int(s >= model.threshold_) for s, _ in scored]
    assert scored[0][0] > scored[1][0]


def test_is_a_scikit_learn_estimator(model):
    cloned = clone(model)
    assert cloned.get_params() == model.get_params() and not hasattr(cloned, "pipeline_")


def test_pick_threshold_reaches_target_precision():
    y = np.array([0, 0, 0, 1, 0, 1, 1, 1])
    p = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
    t = pick_threshold(y, p, 0.9)
    assert t == 0.6  # lowest cut whose precision is >= 0.9


def test_registry_roundtrip(model, tmp_path):
    reg = Registry(tmp_path)
    with pytest.raises(ModelMissing, match="imt train"):
        reg.load()
    version = reg.save(model, {"data": "subset"})
    loaded, meta = reg.load()
    assert reg.current_version() == version == meta["version"]
    assert meta["threshold"] == model.threshold_ and meta["cv"]["folds"] == 3 and meta["sklearn"]
    texts = ["закладка мефа, магнит", "news"]
    assert loaded.score_texts(texts) == model.score_texts(texts)
    unpromoted = reg.save(model, {}, promote=False)
    assert reg.current_version() == version != unpromoted


def test_bad_corpus_names_the_line(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"text": "a", "label": 1}) + "\n{broken\n")
    with pytest.raises(CorpusError, match="line 2"):
        read_corpus(path)
    path.write_text(json.dumps({"text": "a", "label": 3}) + "\n")
    with pytest.raises(CorpusError, match="label must be 0 or 1"):
        read_corpus(path)


def test_registry_refuses_a_model_file_that_is_not_the_registered_one(model, tmp_path):
    """The model file's SHA-256 is recorded at training and checked before unpickling: a swapped or edited file
    is refused with one line (a pickle runs code as it loads), and so is a model from another scikit-learn."""
    import hashlib

    import sklearn

    from classifier.registry import ModelTampered, ModelUnreadable

    reg = Registry(tmp_path)
    version = reg.save(model, {"data": "subset"})
    path = tmp_path / version / "model.pkl"
    meta = reg.meta(version)
    assert meta["model_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one byte changed
    path.write_bytes(bytes(data))
    with pytest.raises(ModelTampered, match=f"model {version}: model.pkl has SHA-256 .* not loaded"):
        reg.load(version)
    other = reg.save(model, {}, promote=False)
    meta_path = tmp_path / other / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta["sklearn"] = "0.0.1"
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(ModelUnreadable, match=f"scikit-learn 0.0.1 and this installation has {sklearn.__version__}"):
        reg.load(other)
    legacy = reg.save(model, {}, promote=False)  # registered before hashes were recorded: loads as before
    meta_path = tmp_path / legacy / "meta.json"
    meta = json.loads(meta_path.read_text())
    del meta["model_sha256"]
    meta_path.write_text(json.dumps(meta))
    assert reg.load(legacy)[0].score_texts(["news"]) == model.score_texts(["news"])
