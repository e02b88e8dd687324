"""Train the baseline model from the seed corpus (or any labelled JSON lines with text, label, group)."""

from __future__ import annotations

import json
from pathlib import Path

from classifier.model import TraffickingClassifier

SEED = Path(__file__).resolve().parent / "data" / "seed.jsonl"


class CorpusError(Exception):
    """The training file is unreadable or malformed; the message names the line."""


def read_corpus(path: Path) -> tuple[list[str], list[int], list[str]]:
    texts, labels, groups = [], [], []
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
            texts.append(text)
            labels.append(label)
            groups.append(str(row.get("group") or row.get("id") or n))
    if len(set(labels)) < 2:
        raise CorpusError(f"{path}: needs both labels 0 and 1 to train")
    return texts, labels, groups


def train(path: Path = SEED, progress=None, **params) -> TraffickingClassifier:
    texts, labels, groups = read_corpus(path)
    return TraffickingClassifier(**params).fit(texts, labels, groups=groups, progress=progress)
