"""Document kinds: what a flagged text is (sale ad, shop menu ...) and what an unflagged one is (news, pharmacy ...).

One linear model over the classifier's features scores all twelve kinds; a text gets the best-scoring kind on its
side (the side is the binary label), so a flagged text is never called "news".
"""

from __future__ import annotations

import numpy as np
from sklearn.svm import LinearSVC

POSITIVE_KINDS = ("sale_ad", "shop_menu", "market_listing", "dead_drop", "recruitment", "forum_offer")
NEGATIVE_KINDS = ("news", "harm_reduction", "pharmacy", "job", "other_illicit", "other")
KINDS = POSITIVE_KINDS + NEGATIVE_KINDS
# label-0 kinds that share the vocabulary of the offers: the false positives that matter
HARD_NEGATIVE_KINDS = ("news", "harm_reduction", "pharmacy", "job", "other_illicit")
DEFAULT_KIND = {1: "sale_ad", 0: "other"}  # when the training data named no kind for a side


def side(kind: str) -> int:
    return 1 if kind in POSITIVE_KINDS else 0


class KindModel:
    """One-vs-rest linear scores of the kinds of each side, fitted on that side's documents (at most max_docs of
    them, a stratified sample beyond that: kinds are learnt well from far fewer documents than the label) and
    stored as float32 weights (small to pickle)."""

    def __init__(self, C: float = 0.5, max_docs: int = 12_000):
        self.C = C
        self.max_docs = max_docs

    def fit(self, X, kinds) -> KindModel:
        kinds = np.asarray([k if k in KINDS else "" for k in kinds], dtype=object)
        self.classes_ = tuple(k for k in KINDS if (kinds == k).any())
        self.coef_ = np.zeros((X.shape[1], len(KINDS)), dtype=np.float32)
        self.intercept_ = np.full(len(KINDS), -np.inf, dtype=np.float32)
        rng = np.random.default_rng(0)
        for group in (POSITIVE_KINDS, NEGATIVE_KINDS):
            rows = np.flatnonzero(np.isin(kinds, group))
            present = [k for k in group if (kinds[rows] == k).any()]
            if not present:
                continue
            cols = [KINDS.index(k) for k in present]
            if len(present) == 1:
                self.intercept_[cols[0]] = 0.0
                continue
            if len(rows) > self.max_docs:  # the same share of every kind
                keep = []
                for k in present:
                    r = rows[kinds[rows] == k]
                    keep.append(rng.choice(r, max(1, round(len(r) * self.max_docs / len(rows))), replace=False))
                rows = np.sort(np.concatenate(keep))
            svc = LinearSVC(C=self.C, class_weight="balanced", dual=True, tol=1e-3, max_iter=2000, random_state=0)
            svc.fit(X[rows], kinds[rows].astype(str))
            coef, icpt = svc.coef_, svc.intercept_
            if coef.shape[0] == 1:  # two kinds: one hyperplane
                coef, icpt = np.vstack([-coef, coef]), np.array([-icpt[0], icpt[0]])
            for j, k in enumerate(svc.classes_):
                self.coef_[:, KINDS.index(k)] = coef[j]
                self.intercept_[KINDS.index(k)] = icpt[j]
        return self

    def decision(self, X) -> np.ndarray:
        """Scores for all twelve KINDS (-inf for kinds not seen in training)."""
        return np.asarray(X @ self.coef_) + self.intercept_

    def predict(self, X, labels, decision: np.ndarray | None = None) -> list[str]:
        """The best kind on each text's side (label 1: an offer kind, label 0: the others)."""
        scores = np.asarray(self.decision(X) if decision is None else decision)
        side = np.asarray(labels, dtype=int).reshape(-1) == 1
        if len(side) != len(scores):
            raise ValueError(f"{len(scores)} texts but {len(side)} labels")
        # the best kind of each side for every text at once, then the side its label says
        best = np.where(side, np.argmax(scores[:, :6], axis=1), 6 + np.argmax(scores[:, 6:12], axis=1))
        known = np.where(side, np.isfinite(scores[:, :6]).any(axis=1), np.isfinite(scores[:, 6:12]).any(axis=1))
        return [KINDS[b] if k else DEFAULT_KIND[int(s)] for b, k, s in zip(best.tolist(), known.tolist(), side.tolist(),
                                                                         strict=True)]  # fmt: skip
