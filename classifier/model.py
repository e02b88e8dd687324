"""The baseline trafficking classifier: normalised text -> char and word TF-IDF -> logistic regression.

Behaves like a scikit-learn estimator (fit / predict_proba / predict). The decision threshold is chosen on
out-of-fold probabilities from grouped cross-validation, so it is never tuned on documents it was fit on.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    f1_score,
    precision_recall_curve,
    precision_score,
    recall_score,
)
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from classifier.normalize import normalize


def _normalize_all(texts):
    return [normalize(t) for t in texts]


def build_pipeline(C: float = 4.0) -> Pipeline:
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
            ("normalize", FunctionTransformer(_normalize_all)),
            ("features", features),
            ("clf", LogisticRegression(C=C, class_weight="balanced", max_iter=3000, solver="liblinear")),
        ]
    )


def pick_threshold(y_true, proba, target_precision: float) -> float:
    """Lowest threshold whose precision reaches the target (most recall at that precision); 0.5 if none."""
    precision, _recall, thresholds = precision_recall_curve(y_true, proba)
    ok = np.where(precision[:-1] >= target_precision)[0]
    return float(thresholds[ok[0]]) if len(ok) else 0.5


class TraffickingClassifier(ClassifierMixin, BaseEstimator):
    def __init__(self, C: float = 4.0, target_precision: float = 0.9, cv_folds: int = 5):
        self.C = C
        self.target_precision = target_precision
        self.cv_folds = cv_folds

    def _splits(self, texts, y, groups):
        if groups is not None and len(set(groups)) >= self.cv_folds:
            return list(GroupKFold(n_splits=self.cv_folds).split(texts, y, groups))
        return list(StratifiedKFold(n_splits=self.cv_folds, shuffle=True, random_state=0).split(texts, y))

    def fit(self, texts, y, groups=None, progress=None):
        texts, y = list(texts), np.asarray(y, dtype=int)
        oof = np.zeros(len(texts), dtype=float)
        splits = self._splits(texts, y, groups)
        for i, (train, test) in enumerate(splits, 1):
            if progress:
                progress(f"cross-validation fold {i}/{len(splits)}")
            pipe = build_pipeline(self.C).fit([texts[j] for j in train], y[train])
            oof[test] = pipe.predict_proba([texts[j] for j in test])[:, 1]
        self.threshold_ = pick_threshold(y, oof, self.target_precision)
        pred = (oof >= self.threshold_).astype(int)
        self.cv_metrics_ = {
            "folds": len(splits),
            "grouped": groups is not None,
            "pr_auc": round(float(average_precision_score(y, oof)), 4),
            "f1": round(float(f1_score(y, pred)), 4),
            "precision": round(float(precision_score(y, pred, zero_division=0)), 4),
            "recall": round(float(recall_score(y, pred)), 4),
            "threshold": round(self.threshold_, 4),
            "n_docs": len(texts),
            "n_positive": int(y.sum()),
        }
        if progress:
            progress("fitting the final model on all documents")
        self.pipeline_ = build_pipeline(self.C).fit(texts, y)
        self.classes_ = np.array([0, 1])
        return self

    def predict_proba(self, texts):
        return self.pipeline_.predict_proba(list(texts))

    def predict(self, texts):
        return (self.predict_proba(texts)[:, 1] >= self.threshold_).astype(int)

    def score_texts(self, texts) -> list[tuple[float, int]]:
        proba = self.predict_proba(texts)[:, 1]
        return [(round(float(p), 6), int(p >= self.threshold_)) for p in proba]
