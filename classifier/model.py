"""The trafficking classifier: raw text -> features (classifier.features) -> a linear model, plus document kinds,
substances and explanations.

Behaves like a scikit-learn estimator (fit / predict_proba / predict). The decision threshold is chosen on
out-of-fold probabilities from grouped cross-validation, so it is never tuned on documents it was fit on.

Features are counted once per corpus; each cross-validation fold only refits the vocabulary, the IDF and the
models on its training rows, which keeps training on 100,000 documents within a couple of minutes.

Linear models to choose from: "logreg" (logistic regression), "svm" (LinearSVC with sigmoid calibration), "sgd"
(SGDClassifier with log loss). With compare=True all three run on the same folds and the one with the best
grouped out-of-fold PR-AUC is kept; cv_metrics_["candidates"] records all of them. The default, compare="auto",
compares on corpora of up to COMPARE_MAX_DOCS documents (on the seed corpus that adds a few seconds to a training
of about ten) and above that fits only `estimator` (default "svm": the best PR-AUC on the seed corpus and the
quickest to fit of the two calibrated ones, which keeps 100,000 documents under two minutes).
"""

from __future__ import annotations

import re
import time

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    f1_score,
    precision_recall_curve,
    precision_score,
    recall_score,
)
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from classifier import lexicon
from classifier.features import MAX_CHARS, TextFeatures, corpus_counts, clean_text, prepare
from classifier.kinds import HARD_NEGATIVE_KINDS, KINDS, KindModel

ESTIMATORS = ("logreg", "svm", "sgd")
_SURROGATE = re.compile("[\ud800-\udfff]")  # lone surrogates (undecodable bytes): the lexicon cannot encode them
COMPARE_MAX_DOCS = 20_000
LANGS = ("en", "ru", "uz-latn", "uz-cyrl")


class SigmoidSVC(ClassifierMixin, BaseEstimator):
    """LinearSVC with sigmoid (Platt) calibration: p = 1 / (1 + exp(-(a * decision + b))).

    TraffickingClassifier calibrates it on the grouped out-of-fold decisions of its cross-validation (calibration
    fitted on documents of held-out families, at no extra fit); used on its own, `fit` calibrates on an internal
    3-fold split like scikit-learn's CalibratedClassifierCV(method="sigmoid", ensemble=False)."""

    def __init__(self, C: float = 0.5):
        self.C = C

    def _svc(self):
        return LinearSVC(C=self.C, class_weight="balanced", dual=True, max_iter=5000, random_state=0)

    def fit(self, X, y, calibration: tuple[float, float] | None = None):
        y = np.asarray(y, dtype=int)
        self.classes_ = np.array([0, 1])
        if calibration is None:
            dec = np.zeros(len(y))
            for train, test in StratifiedKFold(3, shuffle=True, random_state=0).split(np.zeros(len(y)), y):
                dec[test] = self._svc().fit(X[train], y[train]).decision_function(X[test])
            calibration = platt(dec, y)
        self.a_, self.b_ = calibration
        self.svc_ = self._svc().fit(X, y)
        self.coef_ = self.svc_.coef_
        self.intercept_ = self.svc_.intercept_
        return self

    def decision_function(self, X):
        return self.svc_.decision_function(X)

    def predict_proba(self, X):
        p = 1.0 / (1.0 + np.exp(-(self.a_ * self.decision_function(X) + self.b_)))
        return np.column_stack([1 - p, p])

    def predict(self, X):
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)


def platt(decision, y) -> tuple[float, float]:
    """Sigmoid calibration of decision values: (a, b) with p = 1 / (1 + exp(-(a * decision + b)))."""
    lr = LogisticRegression(C=1e4, solver="lbfgs").fit(np.asarray(decision).reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def make_estimator(name: str, C: float = 4.0):
    if name == "logreg":
        return LogisticRegression(C=C, class_weight="balanced", max_iter=3000, solver="liblinear")
    if name == "svm":
        return SigmoidSVC(C=C / 8)
    if name == "sgd":
        return SGDClassifier(
            loss="log_loss", alpha=2e-6 / C, class_weight="balanced", max_iter=50, tol=1e-4, random_state=0
        )
    raise ValueError(f"unknown estimator {name!r}; expected one of {', '.join(ESTIMATORS)}")


def _fold_scores(clf, X) -> np.ndarray:
    """What cross-validation keeps per document: a probability, or an SVM decision value (calibrated later)."""
    return clf.decision_function(X) if isinstance(clf, SigmoidSVC) else clf.predict_proba(X)[:, 1]


def _fit(name: str, C: float, X, y, calibration=None):
    clf = make_estimator(name, C)
    if isinstance(clf, SigmoidSVC):
        return clf.fit(X, y, calibration=calibration or (1.0, 0.0))
    return clf.fit(X, y)


def linear_weights(clf) -> tuple[np.ndarray, float]:
    """The fitted classifier as log-odds = X @ coef + intercept (for explanations)."""
    if isinstance(clf, SigmoidSVC):
        return clf.a_ * clf.coef_[0].astype(np.float64), float(clf.a_ * clf.intercept_[0] + clf.b_)
    return clf.coef_[0].astype(np.float64), float(clf.intercept_[0])


def build_pipeline(C: float = 4.0, estimator: str = "logreg") -> Pipeline:
    return Pipeline([("features", TextFeatures()), ("clf", make_estimator(estimator, C))])


def pick_threshold(y_true, proba, target_precision: float) -> float:
    """Lowest threshold whose precision reaches the target (most recall at that precision); 0.5 if none."""
    precision, _recall, thresholds = precision_recall_curve(y_true, proba)
    ok = np.where(precision[:-1] >= target_precision)[0]
    return float(thresholds[ok[0]]) if len(ok) else 0.5


def _r(x) -> float:
    return round(float(x), 4)


def binary_metrics(y, proba, threshold) -> dict:
    pred = (proba >= threshold).astype(int)
    both = len(set(y.tolist())) == 2
    return {
        "pr_auc": _r(average_precision_score(y, proba)) if both else None,
        "f1": _r(f1_score(y, pred, zero_division=0)),
        "precision": _r(precision_score(y, pred, zero_division=0)),
        "recall": _r(recall_score(y, pred, zero_division=0)),
    }


def quality_breakdown(y, proba, threshold, kinds, langs) -> dict:
    """F1 per language form and false-positive rates on hard negatives (overall and per language form)."""
    y = np.asarray(y)
    pred = proba >= threshold
    kinds = np.asarray(kinds, dtype=object)
    langs = np.asarray(langs, dtype=object)
    hard = (y == 0) & np.isin(kinds, HARD_NEGATIVE_KINDS)
    out: dict = {"per_language": {}, "hard_negative_fpr": None, "hard_negative_fpr_per_language": {}}
    if hard.any():
        out["hard_negative_fpr"] = _r(pred[hard].mean())
        out["hard_negatives"] = int(hard.sum())
        out["hard_negative_fpr_per_kind"] = {
            k: _r(pred[hard & (kinds == k)].mean()) for k in HARD_NEGATIVE_KINDS if (hard & (kinds == k)).any()
        }
    for lang in [lg for lg in LANGS if lg in set(langs)] + sorted(set(langs) - set(LANGS)):
        sel = langs == lang
        m = binary_metrics(y[sel], proba[sel], threshold)
        m["n_docs"] = int(sel.sum())
        out["per_language"][lang] = m
        h = hard & sel
        if h.any():
            out["hard_negative_fpr_per_language"][lang] = _r(pred[h].mean())
    return out


class TraffickingClassifier(ClassifierMixin, BaseEstimator):
    def __init__(
        self,
        C: float = 4.0,
        target_precision: float = 0.95,
        cv_folds: int = 5,
        estimator: str = "svm",
        compare: bool | str = "auto",
        kinds: bool = True,
    ):
        self.C = C
        self.target_precision = target_precision
        self.cv_folds = cv_folds
        self.estimator = estimator
        self.compare = compare
        self.kinds = kinds

    def _splits(self, n, y, groups):
        if groups is not None and len(set(groups)) >= self.cv_folds:
            return list(GroupKFold(n_splits=self.cv_folds).split(np.zeros(n), y, groups))
        return list(StratifiedKFold(n_splits=self.cv_folds, shuffle=True, random_state=0).split(np.zeros(n), y))

    def fit(self, texts, y, groups=None, progress=None, kinds=None, langs=None, on_step=None):
        """Grouped cross-validation (threshold, metrics, estimator choice when compare=True), then the final fit on
        all documents. `kinds` (one of classifier.kinds.KINDS per text, or "" when unknown) trains the kind model
        and the hard-negative metrics; `langs` (en, ru, uz-latn, uz-cyrl) the per-language metrics (detected from
        the text when not given). `progress` gets message lines; `on_step(done, total)` the steps done (features,
        one per cross-validation fold, the final fit) so a caller can show a bar with an ETA."""
        say = progress or (lambda _msg: None)
        step = on_step or (lambda _done, _total: None)
        started = time.monotonic()
        texts = [clean_text(t) for t in texts]
        y = np.asarray(y, dtype=int)
        n = len(texts)
        if kinds is not None:
            kinds = ["" if k is None else str(k) for k in kinds]
        if langs is None:
            from classifier.lang import detect

            langs = [detect(t) for t in texts]
        splits = self._splits(n, y, groups)
        steps = len(splits) + 2
        step(0, steps)
        say(f"features of {n} documents")
        counts = corpus_counts(texts, norm_texts=prepare(texts))
        step(1, steps)
        compare = n <= COMPARE_MAX_DOCS if self.compare == "auto" else bool(self.compare)
        names = list(ESTIMATORS) if compare else [self.estimator]
        for name in names:
            make_estimator(name, self.C)  # fail early on a bad name
        oof = {name: np.zeros(n) for name in names}
        fit_seconds = dict.fromkeys(names, 0.0)
        use_kinds = self.kinds and kinds is not None and sum(k in KINDS for k in kinds) >= 2
        kind_scores = None
        for i, (train, test) in enumerate(splits, 1):
            say(f"cross-validation fold {i}/{len(splits)}")
            ctrain, ctest = counts.rows(train), counts.rows(test)
            feats = TextFeatures().fit_counts(ctrain)
            Xtr, Xte = feats.transform_counts(ctrain), feats.transform_counts(ctest)
            for name in names:
                t0 = time.monotonic()
                oof[name][test] = _fold_scores(_fit(name, self.C, Xtr, y[train]), Xte)
                fit_seconds[name] += time.monotonic() - t0
            if use_kinds:
                if kind_scores is None:
                    kind_scores = np.full((n, len(KINDS)), -np.inf)
                kind_scores[test] = KindModel().fit(Xtr, [kinds[j] for j in train]).decision(Xte)
            step(1 + i, steps)
        calibration = {}
        if "svm" in names:  # Platt scaling on the out-of-fold decisions of held-out families
            calibration["svm"] = platt(oof["svm"], y)
            a, b = calibration["svm"]
            oof["svm"] = 1.0 / (1.0 + np.exp(-(a * oof["svm"] + b)))
        candidates = {}
        for name in names:
            thr = pick_threshold(y, oof[name], self.target_precision)
            candidates[name] = dict(binary_metrics(y, oof[name], thr), threshold=_r(thr))
            candidates[name]["fit_seconds"] = round(fit_seconds[name], 1)
        best = max(names, key=lambda nm: (candidates[nm]["pr_auc"] or 0, -names.index(nm)))
        self.estimator_ = best
        proba = oof[best]
        self.threshold_ = pick_threshold(y, proba, self.target_precision)
        m = {
            "folds": len(splits),
            "grouped": groups is not None,
            **binary_metrics(y, proba, self.threshold_),
            "threshold": _r(self.threshold_),
            "target_precision": self.target_precision,
            "n_docs": n,
            "n_positive": int(y.sum()),
            "estimator": best,
            "candidates": candidates,
        }
        # the threshold with the best F1 on the same out-of-fold scores (for reference: not the one used)
        precision, recall, thresholds = precision_recall_curve(y, proba)
        f1s = 2 * precision[:-1] * recall[:-1] / np.maximum(precision[:-1] + recall[:-1], 1e-12)
        b = int(np.argmax(f1s))
        m["best_f1"] = {"threshold": _r(thresholds[b]), "f1": _r(f1s[b]), "precision": _r(precision[b])}
        m.update(quality_breakdown(y, proba, self.threshold_, kinds if kinds is not None else [""] * n, langs))
        if use_kinds:
            m.update(self._kind_metrics(kinds, y, proba >= self.threshold_, kind_scores))
        self.oof_proba_ = proba
        say("fitting the final model on all documents")
        feats = TextFeatures().fit_counts(counts)
        X = feats.transform_counts(counts)
        clf = _fit(best, self.C, X, y, calibration.get(best))
        self.pipeline_ = Pipeline([("features", feats), ("clf", clf)])
        self.kind_model_ = KindModel().fit(X, kinds if use_kinds else [""] * n)
        self.classes_ = np.array([0, 1])
        m["n_features"] = feats.n_features
        m["train_seconds"] = round(time.monotonic() - started, 1)
        self.cv_metrics_ = m
        step(steps, steps)
        return self

    @staticmethod
    def _kind_metrics(kinds, y, pred, scores) -> dict:
        """Kind accuracy and macro-F1 on out-of-fold scores: with the side given by the true label (the kind model
        alone) and by the predicted label (what analyze() returns)."""
        known = np.array([k in KINDS for k in kinds])
        truth = np.array(kinds, dtype=object)[known]
        km = KindModel()

        def pick(labels):
            return np.array(km.predict(None, labels, decision=scores[known]), dtype=object)

        given, predicted = pick(y[known]), pick(pred[known].astype(int))
        return {
            "kind_accuracy": _r(accuracy_score(truth, given)),
            "kind_macro_f1": _r(f1_score(truth, given, average="macro", zero_division=0)),
            "kind_accuracy_end_to_end": _r(accuracy_score(truth, predicted)),
            "kind_macro_f1_end_to_end": _r(f1_score(truth, predicted, average="macro", zero_division=0)),
            "kind_f1_per_kind": {
                k: _r(f1_score(truth == k, given == k, zero_division=0)) for k in KINDS if (truth == k).any()
            },
        }

    # ------------------------------------------------------------------------------------------ scoring

    def predict_proba(self, texts):
        texts = [clean_text(t) for t in texts]
        if not texts:
            return np.zeros((0, 2))
        return self.pipeline_.predict_proba(texts)

    def predict(self, texts):
        return (self.predict_proba(texts)[:, 1] >= self.threshold_).astype(int)

    def score_texts(self, texts, kinds: bool = False) -> list[tuple]:
        """(score, label) per text, or (score, label, kind) with `kinds`: the crawler's hot path (no substances
        or explanations here; the kind costs one small product with the features already built)."""
        texts = [clean_text(t) for t in texts]
        if not texts:
            return []
        X = self.pipeline_.named_steps["features"].transform(texts)
        proba = self.pipeline_.named_steps["clf"].predict_proba(X)[:, 1]
        thr = self.threshold_
        labels = (proba >= thr).astype(int)
        if not kinds:
            return [(round(float(p), 6), int(lab)) for p, lab in zip(proba, labels, strict=True)]
        predicted = self.kind_model_.predict(X, labels)
        return [(round(float(p), 6), int(lab), k) for p, lab, k in zip(proba, labels, predicted, strict=True)]

    def analyze(self, texts, top: int = 10) -> list[dict]:
        """score, label, kind, substances and explanation per text (for `imt classify` and the web app)."""
        from classifier.explain import explain_one

        texts = [clean_text(t) for t in texts]
        if not texts:
            return []
        feats = self.pipeline_.named_steps["features"]
        X = feats.transform(texts)
        proba = self.pipeline_.named_steps["clf"].predict_proba(X)[:, 1]
        labels = (proba >= self.threshold_).astype(int)
        kinds = self.kind_model_.predict(X, labels)
        coef, intercept = linear_weights(self.pipeline_.named_steps["clf"])
        out = []
        for i, text in enumerate(texts):
            out.append(
                {
                    "score": round(float(proba[i]), 6),
                    "label": int(labels[i]),
                    "kind": kinds[i],
                    "substances": lexicon.find_substances(_SURROGATE.sub("\ufffd", text[:MAX_CHARS])),
                    "explanation": explain_one(feats, coef, text, X[i], top=top),
                }
            )
        return out

    def explain(self, texts, top: int = 10) -> list[list[dict]]:
        """Only the explanations (see classifier.explain)."""
        from classifier.explain import explain_one

        texts = [clean_text(t) for t in texts]
        if not texts:
            return []
        feats = self.pipeline_.named_steps["features"]
        X = feats.transform(texts)
        coef, _ = linear_weights(self.pipeline_.named_steps["clf"])
        return [explain_one(feats, coef, t, X[i], top=top) for i, t in enumerate(texts)]


def leave_one_language_out(texts, y, langs, groups=None, kinds=None, **params) -> dict:
    """Train on three language forms, test on the fourth, for each form. The threshold is the one the model
    trained on the three forms picked on its own grouped out-of-fold scores (nothing of the fourth form is used).
    Returns F1, precision, recall, PR-AUC and the hard-negative false-positive rate per held-out form."""
    texts = list(texts)
    y = np.asarray(y, dtype=int)
    langs = np.asarray(langs, dtype=object)
    out = {}
    for lang in [lg for lg in LANGS if lg in set(langs)]:
        train, test = np.flatnonzero(langs != lang), np.flatnonzero(langs == lang)
        model = TraffickingClassifier(**params).fit(
            [texts[i] for i in train],
            y[train],
            groups=None if groups is None else [groups[i] for i in train],
            kinds=None if kinds is None else [kinds[i] for i in train],
            langs=list(langs[train]),
        )
        proba = model.predict_proba([texts[i] for i in test])[:, 1]
        m = binary_metrics(y[test], proba, model.threshold_)
        m["threshold"] = _r(model.threshold_)
        m["n_docs"] = len(test)
        if kinds is not None:
            k = np.asarray(kinds, dtype=object)[test]
            hard = (y[test] == 0) & np.isin(k, HARD_NEGATIVE_KINDS)
            m["hard_negative_fpr"] = _r((proba[hard] >= model.threshold_).mean()) if hard.any() else None
        out[lang] = m
    return out
