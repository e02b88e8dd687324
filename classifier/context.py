"""Context: a document is scored on its own text and on the company it keeps.

Two kinds of company count:

- its **container**: the Telegram channel, market vendor, forum thread or site it was published in. A container's
  statistics come from the text scores of its documents: how many there are, how many the text model flags, their
  mean score and the mean of the highest ones;
- its **identifiers**: the bots, handles, phones, wallets and onion services it names. An identifier seen in
  flagged documents of other containers lends weight to every document that carries it (inside one container the
  container's statistics already count).

A document never counts itself: its features use its container's statistics without it (leave one out), and an
identifier's flagged count without it. The combined score is a logistic regression on the text score's log-odds
and these features (`FEATURES`), fitted on out-of-fold text scores of whole held-out containers (see
`fit_context`), so it learns how far to trust the company of a post whose text the model has never seen.

Knows numbers and keys only: where the statistics come from (a JSON lines file, the Elasticsearch index) is the
caller's business.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

TOP = 5  # highest text scores kept per container
IDENTIFIER_TYPES = ("bot", "handle", "phone", "wallet", "onion")
FEATURES = ("text_logit", "has_container", "share", "mean_score", "top_mean", "log_flagged", "log_docs", "ident")
FREE = ("has_container", "log_docs")  # coefficients that may be negative (size alone is no evidence either way)
_EPS = 1e-4
CONTAINER_WORDS = {"channel": "channel", "vendor": "vendor", "thread": "thread", "site": "site"}


def container_key(doc: dict) -> str | None:
    """The most specific container of a document: its Telegram channel, its market vendor, its forum thread, its
    site; or, in training files, the `container` object ({"type", "name"}). None when it has none."""
    for field_name in ("channel", "vendor", "thread"):
        value = doc.get(field_name)
        if isinstance(value, str) and value.strip():
            return f"{field_name}:{value.strip()}"
    box = doc.get("container")
    if isinstance(box, dict) and box.get("name"):
        kind = {"telegram": "channel", "market": "vendor", "forum": "thread"}.get(str(box.get("type")), "site")
        return f"{kind}:{box['name']}"
    if isinstance(box, str) and box.strip():
        return box.strip()
    for field_name in ("site", "source"):
        value = doc.get(field_name)
        if isinstance(value, str) and value.strip():
            return f"site:{value.strip()}"
    return None


def identifier_keys(entities: dict | None) -> list[str]:
    """`type:value` of the identifiers among a document's entities (the index's flat lists)."""
    if not entities:
        return []
    keys = []
    for kind in IDENTIFIER_TYPES:
        values = entities.get(kind) or []
        if isinstance(values, str):
            values = [values]
        keys.extend(f"{kind}:{v}" for v in values if v)  # as indexed (wallets are case-sensitive)
    return sorted(set(keys))


def describe_key(key: str) -> tuple[str, str]:
    kind, _, name = key.partition(":")
    return kind, name


@dataclass
class ContainerStats:
    """What a container's documents say, from their text scores."""

    n_docs: int = 0
    n_flagged: int = 0
    sum_score: float = 0.0
    top: list[float] = field(default_factory=list)  # the TOP highest text scores, highest first

    def add(self, score: float, flagged: bool) -> None:
        self.n_docs += 1
        self.n_flagged += int(flagged)
        self.sum_score += score
        self.top = sorted([*self.top, score], reverse=True)[:TOP]

    @property
    def share(self) -> float:
        return self.n_flagged / self.n_docs if self.n_docs else 0.0

    def as_dict(self) -> dict:
        return {
            "n_docs": self.n_docs,
            "n_flagged": self.n_flagged,
            "share": round(self.share, 4),
            "mean_score": round(self.sum_score / self.n_docs, 4) if self.n_docs else 0.0,
            "top_scores": [round(s, 4) for s in self.top],
        }

    @classmethod
    def from_dict(cls, d: dict) -> ContainerStats:
        n = int(d.get("n_docs") or 0)
        return cls(n, int(d.get("n_flagged") or 0), float(d.get("mean_score") or 0.0) * n,
                   [float(s) for s in d.get("top_scores") or []])  # fmt: skip


def _logit(p: float) -> float:
    p = min(max(p, _EPS), 1 - _EPS)
    return math.log(p / (1 - p))


def feature_row(score_text: float, flagged_self: bool, stats: ContainerStats | None, ident_flagged: int,
                includes_self: bool = True) -> list[float]:  # fmt: skip
    """The features of one document (see FEATURES). `stats` are its container's, counting the document itself
    when `includes_self` (it is taken out here); `ident_flagged` is the flagged count of its most-flagged
    identifier, other documents only."""
    row = [_logit(score_text), 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, math.log1p(max(ident_flagged, 0))]
    if stats is None:
        return row
    n, f, total, top = stats.n_docs, stats.n_flagged, stats.sum_score, list(stats.top)
    if includes_self:
        n, f, total = n - 1, f - int(flagged_self), total - score_text
        for i, s in enumerate(top):
            if abs(s - score_text) < 1e-6:
                del top[i]
                break
        else:
            top = top[: TOP - 1]
    if n <= 0:
        return row
    best = top[:3] or [total / n]
    row[1:7] = [1.0, (f + 0.5) / (n + 1.0), max(total, 0.0) / n, sum(best) / len(best), math.log1p(max(f, 0)),
                math.log1p(n)]  # fmt: skip
    return row


class ContextModel:
    """What the company adds to a document's text score, in log-odds: combined log-odds = (text log-odds - text
    threshold's log-odds) + w . context features, so the combined threshold is 0.5 and a document seen alone (no
    container, no identifier in flagged documents) keeps exactly the text model's decision. The weights are a
    logistic regression with the text term as a fixed offset; `text_threshold` is the text model's threshold."""

    def __init__(self, C: float = 1.0, text_threshold: float = 0.5):
        self.C = C
        self.text_threshold = text_threshold

    def fit(self, X, y, sample_weight=None) -> ContextModel:
        """L2-penalised, and company can only add weight: the weights of the flagged share, mean, top scores,
        flagged count and identifier are kept >= 0 (L-BFGS-B with bounds), so a flagged neighbour never counts
        against a post; only being in a container at all (`has_container`, `log_docs`) may weigh either way."""
        from scipy.optimize import minimize

        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        w = w / w.mean()
        intercept = -_logit(self.text_threshold)
        offset = X[:, 0] + intercept
        C = X[:, 1:]
        penalty = 1.0 / (self.C * len(y))

        def loss(theta):
            z = offset + C @ theta
            nll = np.logaddexp(0.0, z) - y * z  # log(1 + exp(-z)) for y=1, log(1 + exp(z)) for y=0, stably
            p = 1.0 / (1.0 + np.exp(-z))
            grad = C.T @ (w * (p - y)) / len(y) + penalty * theta
            return float(np.sum(w * nll) / len(y) + 0.5 * penalty * theta @ theta), grad

        bounds = [(None, None) if name in FREE else (0.0, None) for name in FEATURES[1:]]
        theta = minimize(loss, np.zeros(len(FEATURES) - 1), jac=True, method="L-BFGS-B", bounds=bounds).x
        self.coef_ = np.concatenate([[1.0], theta])
        self.intercept_ = float(intercept)
        self.threshold_ = 0.5
        return self

    def logits(self, X) -> np.ndarray:
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_

    def proba(self, X) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.logits(X)))

    def alone(self, score_text: np.ndarray) -> np.ndarray:
        """The combined score of documents with no container and no identifier (the crawler's first score)."""
        z = np.log(np.clip(score_text, _EPS, 1 - _EPS) / (1 - np.clip(score_text, _EPS, 1 - _EPS)))
        z = z * self.coef_[0] + self.intercept_
        return 1.0 / (1.0 + np.exp(-z))

    @property
    def uses_identifiers(self) -> bool:
        """Whether identifiers carry weight in this model (explanations name them only then)."""
        return float(self.coef_[FEATURES.index("ident")]) > 0

    def weights(self) -> dict:
        return {name: round(float(w), 4) for name, w in zip(FEATURES, self.coef_, strict=True)} | {
            "intercept": round(self.intercept_, 4)
        }


def outside(by_container: dict[str, int] | None, container: str | None, flagged_self: bool) -> int:
    """Flagged documents carrying an identifier outside this document's container (the container's own are its
    container's business); for a document without a container, the others."""
    if not by_container:
        return 0
    total = sum(by_container.values())
    return total - (by_container.get(container, 0) if container else int(flagged_self))


def best_identifier(identifiers: list[str], counts: dict, container: str | None,
                    flagged_self: bool) -> tuple[str, int] | None:  # fmt: skip
    """The identifier of a document found in the most flagged documents outside its container, with that count."""
    best = None
    for key in identifiers:
        n = outside(counts.get(key), container, flagged_self)
        if n > 0 and (best is None or n > best[1]):
            best = (key, n)
    return best


def reasons(key: str | None, stats: ContainerStats | None, ident: tuple[str, int] | None,
            boost: float) -> list[str]:  # fmt: skip
    """What the explanation says about context, e.g. "channel @x: 24 of 30 posts flagged"."""
    out = []
    if key and stats and stats.n_docs > 1:
        kind, name = describe_key(key)
        what = "posts" if kind == "channel" else "documents"
        out.append(f"{CONTAINER_WORDS.get(kind, kind)} {name}: {stats.n_flagged} of {stats.n_docs} {what} flagged")
    if ident and ident[1] > 0:
        kind, name = describe_key(ident[0])
        shown = f"@{name}" if kind in ("bot", "handle") and not name.startswith("@") else name
        out.append(f"{kind} {shown} appears in {ident[1]} flagged document{'s' if ident[1] != 1 else ''} elsewhere")
    if out:
        out.append(f"context {'raised' if boost >= 0 else 'lowered'} the score by {abs(boost):.2f} log-odds")
    return out


@dataclass
class Scored:
    score: float
    score_text: float
    label: int
    container: str | None
    reasons: list[str]
    context: dict


class Context:
    """Container and identifier statistics of a set of documents (a file, a training corpus) and the combined
    scores they give. `threshold` is the text model's: what counts as a flagged document."""

    def __init__(self, threshold: float):
        self.threshold = threshold
        self.containers: dict[str, ContainerStats] = defaultdict(ContainerStats)
        # flagged documents per identifier, per container ("" for documents without one)
        self.identifiers: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add(self, score_text: float, container: str | None, identifiers: list[str]) -> None:
        flagged = score_text >= self.threshold
        if container:
            self.containers[container].add(score_text, flagged)
        if flagged:
            for key in identifiers:
                self.identifiers[key][container or ""] += 1

    def best_identifier(self, score_text: float, identifiers: list[str],
                        container: str | None = None) -> tuple[str, int] | None:  # fmt: skip
        return best_identifier(identifiers, self.identifiers, container, score_text >= self.threshold)

    def row(self, score_text: float, container: str | None, identifiers: list[str]) -> list[float]:
        ident = self.best_identifier(score_text, identifiers, container)
        stats = self.containers.get(container) if container else None
        return feature_row(score_text, score_text >= self.threshold, stats, ident[1] if ident else 0)

    def matrix(self, scores, containers, identifiers) -> np.ndarray:
        return np.array([self.row(s, c, i) for s, c, i in zip(scores, containers, identifiers, strict=True)],
                        dtype=float).reshape(-1, len(FEATURES))  # fmt: skip

    def score(self, model: ContextModel, scores, containers, identifiers) -> list[Scored]:
        X = self.matrix(scores, containers, identifiers)
        if not len(X):
            return []
        z = model.logits(X)
        proba = 1.0 / (1.0 + np.exp(-z))
        out = []
        for i, (s, c, ids) in enumerate(zip(scores, containers, identifiers, strict=True)):
            stats = self.containers.get(c) if c else None
            ident = self.best_identifier(s, ids, c)
            info = context_info(model, c, stats, ident, float(z[i]), X[i, 0])
            why = info.pop("reasons")
            out.append(Scored(round(float(proba[i]), 6), round(float(s), 6), int(proba[i] >= model.threshold_), c,
                              why, {"container": c, **info}))  # fmt: skip
        return out


def context_info(model: ContextModel, key: str | None, stats: ContainerStats | None, ident: tuple[str, int] | None,
                 z: float, text_logit: float) -> dict:  # fmt: skip
    """What a document's `context` records: what the company added (boost, log-odds), the container's and the
    strongest identifier's figures, and the reasons shown (identifiers named only when the model weighs them)."""
    boost = z - (text_logit * model.coef_[0] + model.intercept_)
    info = {"boost": round(boost, 4), "ident_flagged": ident[1] if ident else 0,
            "reasons": reasons(key, stats, ident if model.uses_identifiers else None, boost)}  # fmt: skip
    if ident:
        info["identifier"] = ident[0]
    if stats:
        info.update(container_docs=stats.n_docs, container_flagged=stats.n_flagged,
                    container_share=round(stats.share, 4))  # fmt: skip
    return info


def best_f1_threshold(y, proba) -> tuple[float, float]:
    """The threshold with the highest F1 on these scores, and that F1 (the lower one of equally good ones)."""
    from sklearn.metrics import precision_recall_curve

    y = np.asarray(y, dtype=int)
    if y.sum() == 0 or y.sum() == len(y):
        return 0.5, 0.0
    precision, recall, thresholds = precision_recall_curve(y, proba)
    f1 = 2 * precision[:-1] * recall[:-1] / np.maximum(precision[:-1] + recall[:-1], 1e-12)
    best = int(np.argmax(f1))
    return float(thresholds[best]), float(f1[best])


def fit_context(scores, y, containers, identifiers, groups, text_threshold: float, shift=None,
                sample_weight=None, folds: int = 5, target_precision: float | None = None):  # fmt: skip
    """Fit the context model on out-of-fold text `scores` (never the training fit's own scores). Returns the model,
    the feature matrix and grouped out-of-fold combined scores (each fold's statistics come from the whole corpus'
    text scores, which are themselves out of fold), for the report. The combined threshold is 0.5 by construction
    (see ContextModel); `shift` and `target_precision` are accepted for the report's callers."""
    from sklearn.model_selection import GroupKFold

    scores = np.asarray(scores, dtype=float)
    y = np.asarray(y, dtype=int)
    ctx = Context(text_threshold)
    for s, c, ids in zip(scores, containers, identifiers, strict=True):
        ctx.add(float(s), c, ids)
    X = ctx.matrix(scores, containers, identifiers)
    oof = np.zeros(len(y))
    n_groups = len(set(groups))
    k = min(folds, n_groups)
    if k >= 2:
        for train, test in GroupKFold(n_splits=k).split(X, y, groups):
            w = None if sample_weight is None else np.asarray(sample_weight)[train]
            oof[test] = ContextModel(text_threshold=text_threshold).fit(X[train], y[train], w).proba(X[test])
    model = ContextModel(text_threshold=text_threshold).fit(X, y, sample_weight)
    return model, X, oof


def choose_threshold(y, proba, target_precision: float | None = None) -> float:
    """The shipped threshold: the best F1 on held-out scores, or the lowest one reaching `target_precision`."""
    from sklearn.metrics import precision_recall_curve

    y = np.asarray(y, dtype=int)
    if target_precision is None:
        return best_f1_threshold(y, proba)[0]
    precision, _recall, thresholds = precision_recall_curve(y, proba)
    ok = np.where(precision[:-1] >= target_precision)[0]
    return float(thresholds[ok[0]]) if len(ok) else 0.5


def score_rows(model, rows: list[dict], text_scores, identifiers: list[list[str]]) -> list[Scored] | None:
    """Context from a file itself (`imt classify`): rows with a `channel`, `vendor`, `thread`, `container`, `site`
    or `source` field are each other's company. None when the model has no context model or no row names a
    container."""
    ctx_model = getattr(model, "context_model_", None)
    keys = [container_key(r) for r in rows]
    if ctx_model is None or not any(keys):
        return None
    ctx = Context(float(model.threshold_))
    for s, c, ids in zip(text_scores, keys, identifiers, strict=True):
        ctx.add(float(s), c, ids)
    return ctx.score(ctx_model, [float(s) for s in text_scores], keys, identifiers)
