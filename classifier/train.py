"""Train the classifier from the training corpus (or any labelled JSON lines with text, label, group; kind, lang,
container and origin are used when present).

The default corpus is several files (`default_corpus`): the team's seed corpus, the texts of independent authors
(`data/authors/`, each author held out whole by the cross-validation and used to choose the threshold) and real
public text that is not trafficking (`data/real/`, negatives with provenance in its SOURCES.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from classifier.model import TraffickingClassifier

DATA = Path(__file__).resolve().parent / "data"
SEED = DATA / "seed.jsonl"


class CorpusError(Exception):
    """The training file is unreadable or malformed; the message names the line."""


def default_corpus() -> list[Path]:
    """The files `imt train` learns from by default: the seed corpus, the authors' files, the real negatives."""
    return [SEED, *sorted((DATA / "authors").glob("*.jsonl")), *sorted((DATA / "real").glob("*.jsonl"))]


def origin_of(path: Path, row: dict) -> str:
    """Whose hand a row is from: its own `origin`, else "seed" for the seed corpus, "real" for data/real/, the
    author id (the id prefix, "au1") for data/authors/, "seed" for any other file."""
    if isinstance(row.get("origin"), str) and row["origin"]:
        return row["origin"]
    path = Path(path)
    if path.parent.name == "real":
        return "real"
    if path.parent.name == "authors":
        return str(row.get("id") or "author").split("-")[0]
    return "seed"


def read_records(path: Path | list[Path]) -> list[dict]:
    """The corpus as dicts with text, label, group, kind ("" when absent), lang (None when absent), origin and
    container (None when absent). Several paths are read one after another."""
    paths = list(path) if isinstance(path, (list, tuple)) else [path]
    records = []
    for one in paths:
        records.extend(_read_one(Path(one)))
    if len({r["label"] for r in records}) < 2:
        raise CorpusError(f"{paths[0] if len(paths) == 1 else 'the corpus'}: needs both labels 0 and 1 to train")
    return records


def _read_one(path: Path) -> list[dict]:
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
            container = row.get("container")
            records.append(
                {
                    "text": text,
                    "label": label,
                    "group": str(row.get("group") or row.get("id") or n),
                    "kind": str(row.get("kind") or ""),
                    "lang": row.get("lang") or None,
                    "origin": origin_of(path, row),
                    "container": container if isinstance(container, (dict, str)) and container else None,
                    "needs_context": bool(row.get("needs_context")),
                }
            )
    return records


def read_corpus(path: Path | list[Path]) -> tuple[list[str], list[int], list[str]]:
    records = read_records(path)
    return [r["text"] for r in records], [r["label"] for r in records], [r["group"] for r in records]


def fit_records(records: list[dict], progress=None, on_step=None,
                identifiers: Callable[[str], list[str]] | None = None, **params) -> TraffickingClassifier:  # fmt: skip
    """`progress` gets message lines, `on_step(done, total)` the training steps done (see TraffickingClassifier.fit).
    With `identifiers` (text -> ["bot:x", ...]) a context model is trained too, on the records' containers."""
    from classifier.context import container_key
    from classifier.lang import detect

    langs = [r["lang"] or detect(r["text"]) for r in records]
    containers = idents = None
    if identifiers is not None:
        containers = [container_key({"container": r.get("container")}) for r in records]
        idents = [identifiers(r["text"]) for r in records]
    return TraffickingClassifier(**params).fit(
        [r["text"] for r in records],
        [r["label"] for r in records],
        groups=[r["group"] for r in records],
        progress=progress,
        on_step=on_step,
        kinds=[r["kind"] for r in records],
        langs=langs,
        origins=[r.get("origin") or "seed" for r in records],
        containers=containers,
        identifiers=idents,
        needs_context=[bool(r.get("needs_context")) for r in records],
    )


def train(path: Path | list[Path] | None = None, progress=None, on_step=None, identifiers=None,
          **params) -> TraffickingClassifier:  # fmt: skip
    return fit_records(read_records(path or default_corpus()), progress=progress, on_step=on_step,
                       identifiers=identifiers, **params)  # fmt: skip
