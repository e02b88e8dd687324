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
from dataclasses import dataclass

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
MIN_LABELS = 20  # stored labels needed before they are weighed by their own cross-validation
LABELS_FOR_THRESHOLD = 100  # held-out labels that choose the threshold (else the authors held out do)
MIN_PER_CLASS = 20
LABEL_WEIGHTS = (1, 3, 10, 30, 100)
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

    def fit(self, X, y, calibration: tuple[float, float] | None = None, sample_weight=None):
        y = np.asarray(y, dtype=int)
        self.classes_ = np.array([0, 1])
        if calibration is None:
            dec = np.zeros(len(y))
            for train, test in StratifiedKFold(3, shuffle=True, random_state=0).split(np.zeros(len(y)), y):
                dec[test] = self._svc().fit(X[train], y[train]).decision_function(X[test])
            calibration = platt(dec, y)
        self.a_, self.b_ = calibration
        self.svc_ = self._svc().fit(X, y, sample_weight=sample_weight)
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


def _fit(name: str, C: float, X, y, calibration=None, sample_weight=None):
    clf = make_estimator(name, C)
    if isinstance(clf, SigmoidSVC):
        return clf.fit(X, y, calibration=calibration or (1.0, 0.0), sample_weight=sample_weight)
    return clf.fit(X, y, sample_weight=sample_weight)


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


def f1_at(y, proba, threshold: float) -> float:
    pred = np.asarray(proba) >= threshold
    y = np.asarray(y, dtype=bool)
    tp = float((pred & y).sum())
    return 2 * tp / max(float(pred.sum() + y.sum()), 1e-12)


def label_groups(groups: np.ndarray) -> np.ndarray:
    """The groups cross-validation on the labels keeps together: the labels' own families (a channel, a site) when
    there are at least five and none holds more than a quarter of the labels; otherwise each label alone (labels
    from two or three big sources are then predicted as the model will meet the next documents of those sources,
    not as if each source were unknown)."""
    values, counts = np.unique(groups.astype(str), return_counts=True)
    if len(values) >= 5 and counts.max() <= 0.25 * len(groups):
        return groups
    return np.array([f"row{i}" for i in range(len(groups))], dtype=object)


def threshold_sweep(y, proba, points=(0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)) -> dict:
    """F1, precision and recall at a few thresholds (what the threshold choice looked at)."""
    y = np.asarray(y, dtype=int)
    return {str(t): binary_metrics(y, np.asarray(proba), t) for t in points}


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


@dataclass
class _TrainingSet:
    """TraffickingClassifier.fit's documents, cleaned, with the masks its cross-validation uses."""

    texts: list[str]
    y: np.ndarray
    n: int
    kinds: list[str] | None
    langs: list
    origins: np.ndarray  # "seed", "real", "label" or an author id per document
    is_label: np.ndarray  # the analysts' stored labels
    ok: np.ndarray  # what the text model learns from (all but context-only posts left out on request)
    shift: np.ndarray  # texts from independent authors (each author is one cross-validation group)
    cv_groups: list | None


def _calibrate_svm(names, oof, y, ok, labels_report) -> dict:
    """Platt scaling of the SVM's out-of-fold decisions of held-out families: `oof["svm"]` (and the labels'
    held-out decisions in `labels_report`) become probabilities in place. Returns the calibration per estimator."""
    calibration = {}
    if "svm" in names:
        calibration["svm"] = platt(oof["svm"][ok], y[ok])
        a, b = calibration["svm"]
        oof["svm"] = 1.0 / (1.0 + np.exp(-(a * oof["svm"] + b)))
    if labels_report and "svm" in calibration:  # the labels' held-out decisions on the same scale
        a, b = calibration["svm"]
        for key in ("oof_before", "oof_after"):
            labels_report[key] = 1.0 / (1.0 + np.exp(-(a * labels_report[key] + b)))
    return calibration


def _best_f1(y, proba) -> dict:
    """The threshold with the best F1 on out-of-fold scores (for reference: not the one used)."""
    precision, recall, thresholds = precision_recall_curve(y, proba)
    f1s = 2 * precision[:-1] * recall[:-1] / np.maximum(precision[:-1] + recall[:-1], 1e-12)
    b = int(np.argmax(f1s))
    return {"threshold": _r(thresholds[b]), "f1": _r(f1s[b]), "precision": _r(precision[b])}


class TraffickingClassifier(ClassifierMixin, BaseEstimator):
    def __init__(
        self,
        C: float = 4.0,
        target_precision: float | None = None,
        cv_folds: int = 5,
        estimator: str = "svm",
        compare: bool | str = "auto",
        kinds: bool = True,
        label_weights: tuple = LABEL_WEIGHTS,
        context_posts_in_text: bool = True,
    ):
        self.C = C
        self.target_precision = target_precision
        self.cv_folds = cv_folds
        self.estimator = estimator
        self.compare = compare
        self.kinds = kinds
        self.label_weights = label_weights
        self.context_posts_in_text = context_posts_in_text

    def _splits(self, n, y, groups):
        if groups is not None and len(set(groups)) >= self.cv_folds:
            return list(GroupKFold(n_splits=self.cv_folds).split(np.zeros(n), y, groups))
        return list(StratifiedKFold(n_splits=self.cv_folds, shuffle=True, random_state=0).split(np.zeros(n), y))

    def fit(self, texts, y, groups=None, progress=None, kinds=None, langs=None, on_step=None, origins=None,
            containers=None, identifiers=None, needs_context=None):  # fmt: skip
        """Grouped cross-validation (threshold, metrics, estimator choice when compare=True), then the final fit on
        all documents. `kinds` (one of classifier.kinds.KINDS per text, or "" when unknown) trains the kind model
        and the hard-negative metrics; `langs` (en, ru, uz-latn, uz-cyrl) the per-language metrics (detected from
        the text when not given). `progress` gets message lines; `on_step(done, total)` the steps done (features,
        one per cross-validation fold, the final fit) so a caller can show a bar with an ETA.

        `origins` says whose hand each text is from: "seed" (the team's corpus), an author id ("au1", ...: texts
        written independently; each author is held out whole by the cross-validation), "real" (public text) or
        "label" (the analysts' stored labels). Labels are weighed against the rest by grouped cross-validation on
        the labels (`label_weights`); the threshold is chosen on held-out labels when there are enough of them,
        else on the authors' texts predicted by models that never saw that author (see `choose_threshold`).
        `containers` (container key or None per text) and `identifiers` (lists of `type:value`) train the context
        model (classifier.context) on the out-of-fold text scores. `needs_context` marks trafficking posts that say
        nothing of drugs (a shop's stock update, promo code, rules). With `context_posts_in_text=False` the text
        model never learns from them (they are still scored out of fold and teach the context model); by default
        it does: measured both ways (docs/classifier.md), leaving them out cost more recall on standalone posts than
        it bought in precision."""
        say = progress or (lambda _msg: None)
        step = on_step or (lambda _done, _total: None)
        started = time.monotonic()
        d = self._training_set(texts, y, groups, kinds, langs, origins, needs_context)
        splits = self._splits(d.n, d.y, d.cv_groups)
        steps = len(splits) + 2
        step(0, steps)
        say(f"features of {d.n} documents")
        counts = corpus_counts(d.texts, norm_texts=prepare(d.texts))
        step(1, steps)
        names = self._estimator_names(d.n)
        weights, labels_report = self._document_weights(counts, d, say)
        use_kinds = self.kinds and d.kinds is not None and sum(k in KINDS for k in d.kinds) >= 2
        oof, fit_seconds, kind_scores = self._cross_validate(counts, d, splits, names, weights, use_kinds, say,
                                                             step, steps)  # fmt: skip
        calibration = _calibrate_svm(names, oof, d.y, d.ok, labels_report)
        candidates = self._candidates(names, oof, fit_seconds, d.y, d.ok)
        best = max(names, key=lambda nm: (candidates[nm]["pr_auc"] or 0, -names.index(nm)))
        self.estimator_ = best
        proba = oof[best]
        if best != "svm" and labels_report:
            labels_report = None  # measured with the SVM only; another estimator won: not comparable
        selection = self._choose_threshold(d.y[d.ok], proba[d.ok], d.shift[d.ok], labels_report)
        self.threshold_ = selection["threshold"]
        m, kinds_ok = self._cv_report(d, groups is not None, len(splits), proba, selection, best, candidates,
                                      labels_report, use_kinds, kind_scores)  # fmt: skip
        self.oof_proba_ = proba
        self.context_model_ = None
        if containers is not None:
            say("context model on the out-of-fold text scores")
            self.context_model_, m["context"] = self._fit_context(
                proba, d.y, containers, identifiers, d.cv_groups or [str(i) for i in range(d.n)], d.shift, weights,
                d.is_label, labels_report)  # fmt: skip
        say("fitting the final model on all documents")
        n_features = self._fit_final(counts, d, best, calibration.get(best), weights, kinds_ok, use_kinds)
        self.classes_ = np.array([0, 1])
        m["n_features"] = n_features
        m["train_seconds"] = round(time.monotonic() - started, 1)
        self.cv_metrics_ = m
        step(steps, steps)
        return self

    def _training_set(self, texts, y, groups, kinds, langs, origins, needs_context) -> _TrainingSet:
        """fit's arguments cleaned up, with the masks the cross-validation needs (see `_TrainingSet`)."""
        texts = [clean_text(t) for t in texts]
        y = np.asarray(y, dtype=int)
        n = len(texts)
        if kinds is not None:
            kinds = ["" if k is None else str(k) for k in kinds]
        if langs is None:
            from classifier.lang import detect

            langs = [detect(t) for t in texts]
        origins = np.asarray(["seed"] * n if origins is None else [str(o or "seed") for o in origins], dtype=object)
        is_label = origins == "label"
        ok = np.ones(n, dtype=bool)
        if needs_context is not None and not self.context_posts_in_text:
            ok = ~(np.asarray(needs_context, dtype=bool) & (y == 1))
        shift = ~np.isin(origins, ("seed", "label", "real"))  # texts from independent authors
        cv_groups = None if groups is None else [
            o if s else g for o, s, g in zip(origins, shift, groups, strict=True)  # an author is one group
        ]
        return _TrainingSet(texts, y, n, kinds, langs, origins, is_label, ok, shift, cv_groups)

    def _estimator_names(self, n: int) -> list[str]:
        """The estimators the cross-validation compares (all of them, or only `estimator`; see `compare`)."""
        compare = n <= COMPARE_MAX_DOCS if self.compare == "auto" else bool(self.compare)
        names = list(ESTIMATORS) if compare else [self.estimator]
        for name in names:
            make_estimator(name, self.C)  # fail early on a bad name
        return names

    def _document_weights(self, counts, d: _TrainingSet, say) -> tuple[np.ndarray, dict | None]:
        """The sample weight per document (1; the stored labels' weight chosen by `_weigh_labels` when there are
        enough labels of both classes) and the labels' report (None without it)."""
        labels_report = None
        weights = np.ones(d.n)
        if d.is_label.sum() >= MIN_LABELS and len(set(d.y[d.is_label])) == 2:
            labels_report = self._weigh_labels(counts, d.y, d.cv_groups or [str(i) for i in range(d.n)],
                                               d.is_label & d.ok, say, base_mask=~d.is_label & d.ok)  # fmt: skip
            if labels_report:
                weights[d.is_label] = labels_report["weight"]
        return weights, labels_report

    def _cross_validate(self, counts, d: _TrainingSet, splits, names, weights, use_kinds, say, step, steps):
        """Out-of-fold scores per estimator (probabilities; SVM decision values, calibrated later), the seconds
        each estimator took to fit, and the kind model's out-of-fold decisions (None without kinds)."""
        y, n = d.y, d.n
        oof = {name: np.zeros(n) for name in names}
        fit_seconds = dict.fromkeys(names, 0.0)
        kind_scores = None
        for i, (train, test) in enumerate(splits, 1):
            say(f"cross-validation fold {i}/{len(splits)}")
            train = train[d.ok[train]]  # context-only posts are predicted, never learned from
            ctrain, ctest = counts.rows(train), counts.rows(test)
            feats = TextFeatures().fit_counts(ctrain)
            Xtr, Xte = feats.transform_counts(ctrain), feats.transform_counts(ctest)
            for name in names:
                t0 = time.monotonic()
                clf = _fit(name, self.C, Xtr, y[train], sample_weight=weights[train])
                oof[name][test] = _fold_scores(clf, Xte)
                fit_seconds[name] += time.monotonic() - t0
            if use_kinds:
                if kind_scores is None:
                    kind_scores = np.full((n, len(KINDS)), -np.inf)
                kind_scores[test] = KindModel().fit(Xtr, [d.kinds[j] for j in train]).decision(Xte)
            step(1 + i, steps)
        return oof, fit_seconds, kind_scores

    def _candidates(self, names, oof, fit_seconds, y, ok) -> dict:
        """Metrics of each estimator's out-of-fold scores, at its own threshold for the target precision."""
        candidates = {}
        for name in names:
            thr = pick_threshold(y[ok], oof[name][ok], self.target_precision or 0.95)
            candidates[name] = dict(binary_metrics(y[ok], oof[name][ok], thr), threshold=_r(thr))
            candidates[name]["fit_seconds"] = round(fit_seconds[name], 1)
        return candidates

    def _cv_report(self, d: _TrainingSet, grouped, folds, proba, selection, best, candidates, labels_report,
                   use_kinds, kind_scores) -> tuple[dict, list]:  # fmt: skip
        """The cross-validation metrics (cv_metrics_ but for the context model, the feature count and the time),
        and the kinds of the documents the text model learns from."""
        y, ok, shift, n = d.y, d.ok, d.shift, d.n
        m = {
            "folds": folds,
            "grouped": grouped,
            **binary_metrics(y[ok], proba[ok], self.threshold_),
            "threshold": _r(self.threshold_),
            "needs_context_left_out": int((~ok).sum()),
            "target_precision": self.target_precision,
            "threshold_selection": {k: v for k, v in selection.items() if k != "threshold"},
            "n_docs": n,
            "n_positive": int(y.sum()),
            "estimator": best,
            "candidates": candidates,
            "origins": {str(o): int((d.origins == o).sum()) for o in sorted(set(d.origins))},
        }
        if (shift & ok).any():
            m["authors_held_out"] = binary_metrics(y[shift & ok], proba[shift & ok], self.threshold_)
        if labels_report:
            m["labels"] = {k: v for k, v in labels_report.items() if not k.startswith("oof") and k != "y"}
        m["best_f1"] = _best_f1(y[ok], proba[ok])
        kinds_ok = [k for k, keep in zip(d.kinds if d.kinds is not None else [""] * n, ok, strict=True) if keep]
        langs_ok = [lg for lg, keep in zip(d.langs, ok, strict=True) if keep]
        m.update(quality_breakdown(y[ok], proba[ok], self.threshold_, kinds_ok, langs_ok))
        if use_kinds:
            m.update(self._kind_metrics(kinds_ok, y[ok], proba[ok] >= self.threshold_, kind_scores[ok]))
        return m, kinds_ok

    def _fit_final(self, counts, d: _TrainingSet, best, calibration, weights, kinds_ok, use_kinds) -> int:
        """The shipped pipeline and kind model, fitted on all documents the text model learns from; returns the
        number of features."""
        keep = np.flatnonzero(d.ok)
        final = counts if d.ok.all() else counts.rows(keep)
        feats = TextFeatures().fit_counts(final)
        X = feats.transform_counts(final)
        clf = _fit(best, self.C, X, d.y[keep], calibration, sample_weight=weights[keep])
        self.pipeline_ = Pipeline([("features", feats), ("clf", clf)])
        self.kind_model_ = KindModel().fit(X, kinds_ok if use_kinds else [""] * len(keep))
        return feats.n_features

    def _weigh_labels(self, counts, y, groups, is_label, say, base_mask=None) -> dict | None:
        """How much an analyst's label weighs against a corpus text, chosen by grouped cross-validation on the
        labels: for each weight in `label_weights`, every fold of the labels is predicted by an SVM trained on the
        corpus and the other folds of the labels at that weight; the weight with the best held-out F1 (then PR-AUC)
        wins. Weight 0 (the corpus alone) is the 'before'. Decision values are kept for the threshold."""
        from sklearn.model_selection import GroupKFold

        base = np.flatnonzero(~is_label if base_mask is None else base_mask)
        lab = np.flatnonzero(is_label)
        lab_groups = label_groups(np.asarray(groups, dtype=object)[lab])
        k = min(5, len(set(lab_groups)))
        if k < 2:
            return None
        splits = list(GroupKFold(n_splits=k).split(lab, y[lab], lab_groups))

        def fold_decisions(w: float) -> np.ndarray:
            out = np.zeros(len(lab))
            parts = [(np.arange(len(lab)), None)] if w == 0 else [(te, tr) for tr, te in splits]
            for test, train in parts:
                rows = base if train is None else np.concatenate([base, lab[train]])
                sw = np.where(np.isin(rows, lab), w, 1.0)
                c = counts.rows(rows)
                feats = TextFeatures().fit_counts(c)
                clf = _fit("svm", self.C, feats.transform_counts(c), y[rows], sample_weight=sw)
                out[test] = clf.decision_function(feats.transform_counts(counts.rows(lab[test])))
            return out

        from classifier.context import best_f1_threshold

        say(f"weighing {len(lab)} stored labels against the corpus ({k} folds)")
        yl = y[lab]
        before = fold_decisions(0)
        tried = {}
        decisions = {}
        for w in self.label_weights:
            say(f"labels at weight {w}")
            decisions[w] = fold_decisions(float(w))
            tried[w] = {"f1": _r(best_f1_threshold(yl, decisions[w])[1]),
                        "pr_auc": _r(average_precision_score(yl, decisions[w]))}  # fmt: skip
        best = max(self.label_weights, key=lambda w: (tried[w]["f1"], tried[w]["pr_auc"], -w))
        return {
            "n_labels": int(len(lab)),
            "folds": k,
            "weight": float(best),
            "candidates": {str(w): v for w, v in tried.items()},
            "oof_before": before,
            "oof_after": decisions[best],
            "y": yl,
        }

    def _choose_threshold(self, y, proba, shift, labels_report) -> dict:
        """Where the shipped threshold comes from, in this order: held-out labels (when there are at least
        LABELS_FOR_THRESHOLD of them, MIN_PER_CLASS of each label), together with the authors' texts held out when
        there are both (the best mean of the two F1s); else the authors' texts predicted by models that never saw
        their author (leave-one-author-out); else the corpus' grouped out-of-fold scores. On the chosen scores: the
        best F1, or with `target_precision` the lowest threshold that reaches it."""
        from classifier.context import choose_threshold

        target = self.target_precision
        authors = shift.sum() >= 50 and len(set(y[shift])) == 2
        enough = labels_report and len(labels_report["y"]) >= LABELS_FOR_THRESHOLD and min(
            labels_report["y"].sum(), (1 - labels_report["y"]).sum()
        ) >= MIN_PER_CLASS
        if enough:
            yy, pp, on = labels_report["y"], labels_report["oof_after"], "held-out labels"
        elif authors:
            yy, pp, on = y[shift], proba[shift], "authors held out (leave-one-author-out)"
        else:
            yy, pp, on = y, proba, "corpus (grouped out-of-fold)"
            target = target or 0.95
        if enough and authors and target is None:
            # a few hundred labels alone give a noisy optimum: the labels and the authors held out have an equal
            # say (the threshold with the best mean of the two F1s)
            grid = np.round(np.arange(0.01, 0.995, 0.005), 4)
            both = [(f1_at(yy, pp, t) + f1_at(y[shift], proba[shift], t)) / 2 for t in grid]
            thr = float(grid[int(np.argmax(both))])
            on = "held-out labels and authors held out (equal say)"
        else:
            thr = choose_threshold(yy, pp, target)
        out = {"threshold": thr, "on": on, "n_docs": int(len(yy)),
               "rule": f"lowest reaching precision {target}" if target else "best F1",
               "sweep": threshold_sweep(yy, pp)}  # fmt: skip
        if labels_report:
            yl = labels_report["y"]
            before_thr = thr
            if on.startswith("held-out labels"):  # what the corpus alone would have shipped: its own threshold rule
                if shift.sum() >= 50 and len(set(y[shift])) == 2:
                    before_thr = choose_threshold(y[shift], proba[shift], self.target_precision)
                else:
                    before_thr = pick_threshold(y, proba, self.target_precision or 0.95)
            labels_report["before"] = binary_metrics(yl, labels_report["oof_before"], before_thr)
            labels_report["after"] = binary_metrics(yl, labels_report["oof_after"], thr)
        return out

    def _fit_context(self, proba, y, containers, identifiers, groups, shift, weights, is_label, labels_report):
        from classifier.context import fit_context

        containers = [c or None for c in containers]
        identifiers = identifiers or [[] for _ in containers]
        pick = shift if shift.any() else None
        model, X, oof = fit_context(proba, y, containers, identifiers, groups, self.threshold_, shift=pick,
                                    sample_weight=weights, target_precision=self.target_precision)  # fmt: skip
        has = X[:, 1] > 0
        report = {
            "weights": model.weights(),
            "threshold": _r(model.threshold_),
            "n_with_container": int(has.sum()),
            "n_containers": len({c for c in containers if c}),
            "text_only": binary_metrics(y, proba, self.threshold_),
            "with_context": binary_metrics(y, oof, model.threshold_),
        }
        if has.any():
            report["in_containers"] = {
                "text_only": binary_metrics(y[has], proba[has], self.threshold_),
                "with_context": binary_metrics(y[has], oof[has], model.threshold_),
            }
        if shift.any():
            report["authors_held_out"] = {
                "text_only": binary_metrics(y[shift], proba[shift], self.threshold_),
                "with_context": binary_metrics(y[shift], oof[shift], model.threshold_),
            }
        return model, report

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

    @property
    def context(self):
        """The context model (classifier.context.ContextModel), or None for a model trained without one."""
        return getattr(self, "context_model_", None)

    def combine_alone(self, proba: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Combined scores and labels of documents seen without their company (no container, no identifier):
        the text score mapped by the context model, or the text score itself when there is none."""
        ctx = self.context
        if ctx is None:
            return proba, (proba >= self.threshold_).astype(int)
        combined = ctx.alone(proba)
        return combined, (combined >= ctx.threshold_).astype(int)

    def score_texts(self, texts, kinds: bool = False) -> list[tuple]:
        """(score, label) per text, or (score, label, kind) with `kinds`; a model with a context model adds the
        text-only score: (score, label, kind, score_text). `score` is then the combined score of the text seen
        alone (its channel and identifiers update it when the document is indexed). The crawler's hot path (no
        substances or explanations here; the kind costs one small product with the features already built)."""
        texts = [clean_text(t) for t in texts]
        if not texts:
            return []
        X = self.pipeline_.named_steps["features"].transform(texts)
        proba = self.pipeline_.named_steps["clf"].predict_proba(X)[:, 1]
        if not kinds:
            labels = (proba >= self.threshold_).astype(int)
            return [(round(float(p), 6), int(lab)) for p, lab in zip(proba, labels, strict=True)]
        text_labels = (proba >= self.threshold_).astype(int)
        predicted = self.kind_model_.predict(X, text_labels)
        if self.context is None:
            return [(round(float(p), 6), int(lab), k) for p, lab, k in zip(proba, text_labels, predicted, strict=True)]
        combined, labels = self.combine_alone(proba)
        return [
            (round(float(c), 6), int(lab), k, round(float(p), 6))
            for c, lab, k, p in zip(combined, labels, predicted, proba, strict=True)
        ]

    def analyze(self, texts, top: int = 10) -> list[dict]:
        """score, label, kind, substances and explanation per text (for `imt classify` and the web app)."""
        from classifier.explain import explain_one

        texts = [clean_text(t) for t in texts]
        if not texts:
            return []
        feats = self.pipeline_.named_steps["features"]
        X = feats.transform(texts)
        proba = self.pipeline_.named_steps["clf"].predict_proba(X)[:, 1]
        kinds = self.kind_model_.predict(X, (proba >= self.threshold_).astype(int))
        combined, labels = self.combine_alone(proba)
        coef, intercept = linear_weights(self.pipeline_.named_steps["clf"])
        out = []
        for i, text in enumerate(texts):
            out.append(
                {
                    "score": round(float(combined[i]), 6),
                    "score_text": round(float(proba[i]), 6),
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
