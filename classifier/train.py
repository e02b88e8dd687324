"""Train the classifier from the seed corpus (or any labelled JSON lines with text, label, group; kind and lang
are used when present)."""

from __future__ import annotations

import json
from pathlib import Path

from classifier.model import TraffickingClassifier

SEED = Path(__file__).resolve().parent / "data" / "seed.jsonl"


class CorpusError(Exception):
    """The training file is unreadable or malformed; the message names the line."""


def read_records(path: Path) -> list[dict]:
    """The corpus as dicts with text, label, group, kind ("" when absent) and lang (None when absent)."""
    records = []
    try:
        fh = Path(path).open(encoding="utf-8")
    except OSError as exc:
        raise CorpusError(f"cannot read {path}: {exc.strerror}") from None
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text, label = str(row["text"]), int(row["label"])
            except (ValueError, KeyError, TypeError) as exc:
                raise CorpusError(f"{path} line {n}: expected JSON with 'text' and 'label' ({exc})") from None
            if label not in (0, 1):
                raise CorpusError(f"{path} line {n}: label must be 0 or 1, got {label}")
            records.append(
                {
                    "text": text,
                    "label": label,
                    "group": str(row.get("group") or row.get("id") or n),
                    "kind": str(row.get("kind") or ""),
                    "lang": row.get("lang") or None,
                }
            )
    if len({r["label"] for r in records}) < 2:
        raise CorpusError(f"{path}: needs both labels 0 and 1 to train")
    return records


def read_corpus(path: Path) -> tuple[list[str], list[int], list[str]]:
    records = read_records(path)
    return [r["text"] for r in records], [r["label"] for r in records], [r["group"] for r in records]


def fit_records(records: list[dict], progress=None, on_step=None, **params) -> TraffickingClassifier:
    """`progress` gets message lines, `on_step(done, total)` the training steps done (see TraffickingClassifier.fit)."""
    from classifier.lang import detect

    langs = [r["lang"] or detect(r["text"]) for r in records]
    return TraffickingClassifier(**params).fit(
        [r["text"] for r in records],
        [r["label"] for r in records],
        groups=[r["group"] for r in records],
        progress=progress,
        on_step=on_step,
        kinds=[r["kind"] for r in records],
        langs=langs,
    )


def train(path: Path = SEED, progress=None, on_step=None, **params) -> TraffickingClassifier:
    return fit_records(read_records(path), progress=progress, on_step=on_step, **params)
