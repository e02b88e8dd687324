"""Training and the active model: `train` (corpus plus stored labels, registered, promoted or not), the report
`imt train` prints, and `ensure_model` (the active model as the crawler's scorer; a baseline is trained when there
is none, or when this version cannot read the active one)."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from core.progress import log_line, note
from ops import OpsError


class Scorer:
    """The classifier behind the crawler's small scorer interface."""

    def __init__(self, model, version: str):
        self.model, self.version = model, version

    def __call__(self, texts):
        """(score, label, kind) per text."""
        return self.model.score_texts(texts, kinds=True)


def load_scorer(cfg) -> Scorer:
    from classifier.registry import Registry

    model, meta = Registry(cfg.models_dir).load()
    return Scorer(model, meta["version"])


def ensure_model(cfg) -> Scorer:
    """The active model as a scorer; trains (and activates) a baseline when there is none, or when this version
    cannot load the active one."""
    from classifier.registry import ModelUnreadable, Registry

    if Registry(cfg.models_dir).current_version() is None:
        note("No trained model yet: training the baseline from the seed corpus ...")
        train(cfg, None, promote=True, labels="auto")
    try:
        return load_scorer(cfg)
    except ModelUnreadable as exc:
        note(f"warning: {exc}; training a new baseline and making it active ...")
        train(cfg, None, promote=True, labels="auto")
        return load_scorer(cfg)


def train(cfg, data: Path | None, promote: bool | None, labels: str = "auto", target_precision: float | None = None
           ) -> str:  # fmt: skip
    """Train on the base corpus (seed or `data`) plus the stored labels and register the model. `promote`:
    True / False, or None = only when no model is active yet (training never replaces the active model).
    `labels`: "require" (Elasticsearch must answer), "auto" (use them when it does), "off"."""
    from classifier.labels import write_training_corpus
    from classifier.registry import Registry
    from classifier.train import default_corpus, train
    from core.progress import Progress
    from crawler.entities import identifiers_of

    base = data or default_corpus()
    stored = labels_for_training(cfg, labels)
    registry = Registry(cfg.models_dir)
    started = time.monotonic()
    cfg.home.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=cfg.home, prefix=".train-", suffix=".jsonl")
    os.close(fd)
    try:
        corpus = write_training_corpus(base, stored or [], Path(tmp))
        if stored:
            log_line(
                f"{corpus.labels} stored labels: {corpus.labels_overriding} override corpus texts, "
                f"{corpus.labels_added} added ({corpus.n_docs} documents)"
            )
        params = {} if target_precision is None else {"target_precision": target_precision}
        # steps: features, one per cross-validation fold, the final fit; a bar with an ETA on a terminal
        with Progress("training steps") as bar:
            model = train(Path(tmp), progress=bar.note, on_step=bar.update, identifiers=identifiers_of,
                          **params)  # fmt: skip
    finally:
        os.unlink(tmp)
    active = registry.current_version()
    promote = active is None if promote is None else promote
    meta = {
        "data": str(data) if data else "default corpus: " + ", ".join(p.name for p in base),
        "data_sha256": corpus.sha256,
        "counts": corpus.counts(),
        "labels_index": None if stored is None else labels_alias(cfg),
    }
    version = registry.save(model, meta, promote=promote)
    m = model.cv_metrics_
    if promote:
        state = " (active)"
    elif active:
        state = f" (not active: {active} is; `imt model promote {version}` makes it active)"
    else:
        state = " (not promoted)"
    note(
        f"Trained {version} on {m['n_docs']} documents in {time.monotonic() - started:.0f}s; "
        f"{'grouped ' if m['grouped'] else ''}{m['folds']}-fold CV: PR-AUC {m['pr_auc']}, F1 {m['f1']}, "
        f"precision {m['precision']}, recall {m['recall']} at threshold {m['threshold']}" + state
    )
    for line in training_report(m):
        note(line)
    from ops.audit import record

    record(cfg, "model_change", target=version, details={"action": "train", "promoted": bool(promote),
           "documents": m["n_docs"], "pr_auc": m["pr_auc"], "data": meta["data"]})  # fmt: skip
    return version


def training_report(m: dict) -> list[str]:
    """What `imt train` says after the headline: where the threshold came from, what the labels changed, what
    context adds."""
    out = []
    sel = m.get("threshold_selection") or {}
    if sel:
        out.append(f"  threshold {m['threshold']}: {sel.get('rule')} on {sel.get('on')} "
                   f"({sel.get('n_docs')} documents)")  # fmt: skip
    if m.get("authors_held_out"):
        a = m["authors_held_out"]
        out.append(f"  authors held out (text only): F1 {a['f1']}, precision {a['precision']}, recall {a['recall']}")
    lab = m.get("labels")
    if lab:
        cands = ", ".join(f"{w}: F1 {v['f1']}" for w, v in lab["candidates"].items())
        out.append(f"  {lab['n_labels']} labels weighed by {lab['folds']}-fold grouped CV on the labels ({cands});"
                   f" weight {lab['weight']:g} chosen")  # fmt: skip
        for when in ("before", "after"):
            r = lab.get(when) or {}
            what = "corpus alone" if when == "before" else f"with labels at weight {lab['weight']:g}"
            out.append(f"  held-out labels {when:6} ({what}): F1 {r.get('f1')}, precision {r.get('precision')}, "
                       f"recall {r.get('recall')}")  # fmt: skip
    ctx = m.get("context")
    if ctx:
        inside = ctx.get("in_containers") or {}
        if inside:
            t, c = inside["text_only"], inside["with_context"]
            out.append(f"  context model ({ctx['n_with_container']} documents in {ctx['n_containers']} containers, "
                       f"held out by group): F1 {t['f1']} text only -> {c['f1']} with context "
                       f"(threshold {ctx['threshold']})")  # fmt: skip
    return out


def labels_alias(cfg) -> str:
    from search.labels import labels_alias

    return labels_alias(cfg.index)


def labels_for_training(cfg, mode: str) -> list[dict] | None:
    """The stored labels (text, label, source), or None when not used."""
    if mode == "off":
        return None
    from search.client import SearchUnavailable, connect
    from search.labels import iter_labels

    try:
        es = connect(cfg)
    except SearchUnavailable as exc:
        if mode == "require":
            raise OpsError(f"{exc}; labels are part of training (train without them with --no-labels)") from None
        note(f"warning: {exc}; training without the stored labels")
        return None
    return list(iter_labels(es, labels_alias(cfg), fields=["text", "label", "source", "lang", "kind", "group"]))
