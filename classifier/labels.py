"""Label files written by analysts: parsing, label values, validation and deduplication.

A label file is CSV (with a header row) or JSON lines, chosen by the file extension (.csv / .jsonl, .json,
.ndjson). Each row has a text and a label; `doc_id`, `lang`, `kind` and `group` (its channel or site, so that
cross-validation on the labels keeps a family on one side) are optional. Validation runs over the
whole file before anything is stored, and every problem is reported with its line number.

Knows text and labels only: storing them is search.labels' job.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

# label values a file may hold (case-insensitive; spaces and hyphens count as underscores)
POSITIVE = ("1", "true", "yes", "y", "trafficking", "drug", "drugs", "positive", "pos", "flag", "flagged", "illicit")
NEGATIVE = (
    "0",
    "false",
    "no",
    "n",
    "not",
    "not_trafficking",
    "non_trafficking",
    "negative",
    "neg",
    "clean",
    "benign",
    "ok",
)
# an analyst who could not decide: the row is skipped and counted, never stored
UNSURE = ("", "unsure", "?", "skip", "unknown", "maybe", "null", "none")
OPTIONAL_COLUMNS = ("doc_id", "lang", "kind", "group")
MAX_LISTED = 10  # problems named in an error; the rest are counted

_JSON_SUFFIXES = (".jsonl", ".json", ".ndjson")


class LabelFileError(Exception):
    """The label file cannot be used; the message lists the offending lines (nothing was imported)."""


@dataclass
class LabelRow:
    line: int
    text: str
    label: int
    doc_id: str | None = None
    lang: str | None = None
    kind: str | None = None
    group: str | None = None  # the family it belongs to (a channel, a site): kept together by cross-validation

    @property
    def key(self) -> str:
        return text_hash(self.text)


@dataclass
class LabelFile:
    path: Path
    rows: list[LabelRow] = field(default_factory=list)  # every usable row, in file order (duplicates included)
    unsure: int = 0  # rows skipped because the label says the analyst was unsure (or is empty)

    def unique(self) -> tuple[list[LabelRow], int]:
        """One row per text (the first); and how many rows repeated a text with the same label."""
        seen: dict[str, LabelRow] = {}
        for row in self.rows:
            seen.setdefault(row.key, row)
        return list(seen.values()), len(self.rows) - len(seen)


def normalize_key(text: str) -> str:
    """What makes two label texts 'the same': Unicode NFKC, case folded, whitespace collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()


def text_hash(text: str) -> str:
    """The dedup key of a label (and its document id in the labels index)."""
    return hashlib.sha256(normalize_key(text).encode("utf-8")).hexdigest()


def parse_label(value) -> int | None:
    """1, 0, or None for 'unsure'; raises ValueError for a value that is none of them."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        if value in (0, 1):
            return int(value)
        raise ValueError(value)
    word = re.sub(r"[\s\-]+", "_", str(value).strip().lower())
    if word in POSITIVE:
        return 1
    if word in NEGATIVE:
        return 0
    if word in UNSURE:
        return None
    raise ValueError(value)


def accepted_values() -> str:
    return f"1: {'/'.join(POSITIVE)}; 0: {'/'.join(NEGATIVE)}; skipped: unsure/?/skip/empty"


def read_label_file(
    path: Path, text_col: str = "text", label_col: str = "label", outcome: str = "nothing imported"
) -> LabelFile:
    """Parse and validate the whole file; raise LabelFileError listing every problem (up to MAX_LISTED).
    `outcome` ends each error message: what did not happen because of it."""
    path = Path(path)
    records = _read_records(path, outcome)
    if not records:
        raise LabelFileError(f"{path}: no rows")
    columns = set().union(*(r.keys() for _, r in records))
    missing = [c for c in (text_col, label_col) if c not in columns]
    if missing:
        names = " and ".join(repr(c) for c in missing)
        have = ", ".join(sorted(columns)) or "none"
        raise LabelFileError(
            f"{path}: no column{'s' if len(missing) > 1 else ''} {names} (columns: {have}); "
            f"name them with --text-col / --label-col; {outcome}"
        )
    out = LabelFile(path)
    problems: list[tuple[int, str]] = []
    for line, rec in records:
        text = rec.get(text_col)
        if text_col not in rec:
            problems.append((line, f"no {text_col!r}"))
            continue
        if label_col not in rec:
            problems.append((line, f"no {label_col!r}"))
            continue
        if not isinstance(text, str):
            problems.append((line, "empty text" if text is None else f"text is not a string ({type(text).__name__})"))
            continue
        if not text.strip():
            problems.append((line, "empty text"))
            continue
        try:
            label = parse_label(rec[label_col])
        except ValueError:
            problems.append((line, f"unknown label {rec[label_col]!r}"))
            continue
        if label is None:
            out.unsure += 1
            continue
        extra = {c: _optional(rec.get(c)) for c in OPTIONAL_COLUMNS}
        out.rows.append(LabelRow(line=line, text=text, label=label, **extra))
    problems += conflicts_within(out.rows)
    if problems:
        raise LabelFileError(describe_problems(path, problems, outcome, accepted="unknown label" in str(problems)))
    return out


def conflicts_within(rows: list[LabelRow]) -> list[tuple[int, str]]:
    """One problem per text that the file labels both 1 and 0, naming every line it is on."""
    by_key: dict[str, list[LabelRow]] = {}
    for row in rows:
        by_key.setdefault(row.key, []).append(row)
    problems = []
    for group in by_key.values():
        if len({r.label for r in group}) > 1:
            lines = [r.line for r in group]
            problems.append((lines[0], f"lines {', '.join(map(str, lines))}: the same text labelled both 1 and 0"))
    return problems


def conflicts_with_stored(rows: list[LabelRow], stored: dict[str, int]) -> list[tuple[int, str]]:
    """Rows whose text is already stored with the other label."""
    return [
        (r.line, f"labelled {r.label} but stored as {stored[r.key]}")
        for r in rows
        if r.key in stored and stored[r.key] != r.label
    ]


def describe_problems(
    path: Path, problems: list[tuple[int, str]], outcome: str = "nothing imported", accepted: bool = False
) -> str:
    problems = sorted(problems)
    shown = [msg if msg.startswith("lines ") else f"line {line}: {msg}" for line, msg in problems[:MAX_LISTED]]
    more = len(problems) - len(shown)
    plural = "s" if len(problems) != 1 else ""
    text = f"{path}: {len(problems)} problem{plural}, {outcome}: " + "; ".join(shown)
    if more:
        text += f"; and {more} more"
    if accepted:
        text += f" (labels accepted: {accepted_values()})"
    return text


def _optional(value) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _read_records(path: Path, outcome: str) -> list[tuple[int, dict]]:
    """(line number, record) for every non-empty row; line numbers are the file's (CSV header = line 1)."""
    if path.suffix.lower() not in (".csv", *_JSON_SUFFIXES):
        raise LabelFileError(f"{path}: unknown file type {path.suffix or '(none)'!r}; use .csv or .jsonl")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LabelFileError(f"cannot read {path}: {exc.strerror}") from None
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LabelFileError(f"{path} line {line}: not UTF-8 text; {outcome}") from None
    if "\x00" in content:
        line = content[: content.index("\x00")].count("\n") + 1
        raise LabelFileError(f"{path} line {line}: binary data (NUL byte); {outcome}")
    if path.suffix.lower() == ".csv":
        return _csv_records(path, content, outcome)
    return _json_records(path, content, outcome)


def _csv_records(path: Path, content: str, outcome: str) -> list[tuple[int, dict]]:
    """Strict CSV (RFC 4180): a quoted cell left open, or text after a closing quote, stops the import with the
    line, instead of swallowing the rows after it into one cell."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # a label text may be long (a whole page)
    # rows end at \n, \r\n or \r only (as csv expects); str.splitlines would also end them at U+2028, U+0085,
    # form feeds ... inside a cell, cutting a text in two and shifting every line number after it
    lines = list(io.StringIO(content, newline=""))
    reader = csv.DictReader(lines, strict=True)
    records = []
    end = 0  # the line the previous record (or the header) ended on
    try:
        if reader.fieldnames is None:
            return []
        named_twice = sorted({c for c in reader.fieldnames if c and reader.fieldnames.count(c) > 1})
        if named_twice:
            names = ", ".join(repr(c) for c in named_twice)
            plural = "s" if len(named_twice) > 1 else ""
            raise LabelFileError(
                f"{path} line {reader.line_num}: column{plural} {names} named twice in the header row; {outcome}"
            )
        end = reader.line_num  # the header row
        for rec in reader:
            # the line the record starts on (a quoted cell may span lines; blank lines are skipped by csv)
            start, end = _first_filled(lines, end + 1, reader.line_num), reader.line_num
            rec.pop(None, None)  # cells beyond the header
            if not any((v or "").strip() for v in rec.values() if isinstance(v, str)):
                continue
            records.append((start, rec))
    except csv.Error as exc:
        at = reader.reader.line_num  # the line being read (DictReader's own count is from the last good row)
        start = _first_filled(lines, end + 1, at)
        if "unexpected end of data" in str(exc):
            what = 'a quoted cell in the row that starts here is never closed (a missing ")'
        else:
            what = str(exc)
            if "expected after" in what:
                what = 'text after the closing quote of a cell (a " inside a quoted cell is written "")'
            if at > start:
                what += f", on line {at}"
        raise LabelFileError(f"{path} line {start}: not valid CSV: {what}; {outcome}") from None
    return records


def _first_filled(lines: list[str], start: int, end: int) -> int:
    """The first line from `start` to `end` (1-based) that is not blank: where a CSV record begins."""
    while start < end and not lines[start - 1].strip():
        start += 1
    return start


def _json_records(path: Path, content: str, outcome: str) -> list[tuple[int, dict]]:
    records, problems = [], []
    # lines end at \n only: a JSON string may hold U+2028, U+0085 or a form feed, which str.splitlines would
    # take as line ends
    for n, line in enumerate(content.split("\n"), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as exc:
            problems.append((n, f"not valid JSON ({exc.msg})"))
            continue
        if not isinstance(rec, dict):
            problems.append((n, "not a JSON object"))
            continue
        records.append((n, rec))
    if problems:
        raise LabelFileError(describe_problems(path, problems, outcome))
    return records


KEPT_FIELDS = ("lang", "kind")  # carried into the training corpus, for per-language and per-kind figures


@dataclass
class TrainingCorpus:
    path: Path
    sha256: str
    n_docs: int
    base_docs: int
    labels: int  # stored labels used
    labels_overriding: int  # of them, texts that were in the base corpus (their label wins)
    labels_added: int  # of them, new texts

    def counts(self) -> dict:
        return {
            "docs": self.n_docs,
            "base_docs": self.base_docs,
            "labels": self.labels,
            "labels_overriding_base": self.labels_overriding,
            "labels_added": self.labels_added,
        }


def write_training_corpus(base, labels, out: Path) -> TrainingCorpus:
    """Merge the base corpus (the default corpus' files, or --data: JSON lines with text, label, group) with stored
    labels (dicts with text, label, source; `group` when the label file gave one) into `out`: a label replaces a
    base document with the same text (after normalize_key); the other labels are added, grouped by their own
    `group`, else by where they came from (`label:<source>`), so that cross-validation holds out a whole family at
    a time; their origin is "label" (weighed by `imt train`). Returns what went in, with the sha256 of the file
    written."""
    from classifier.train import read_records

    rows = []
    for rec in read_records(base):
        row = {"text": rec["text"], "label": rec["label"], "group": rec["group"], "origin": rec["origin"]}
        row.update({k: rec[k] for k in KEPT_FIELDS if rec.get(k)})
        if rec.get("container"):
            row["container"] = rec["container"]
        if rec.get("needs_context"):
            row["needs_context"] = True
        rows.append(row)
    n_base = len(rows)
    where = {}
    for i, row in enumerate(rows):
        where.setdefault(text_hash(row["text"]), []).append(i)
    used = overriding = added = 0
    for lab in labels:
        used += 1
        group = f"label:{lab.get('group') or lab.get('source') or 'unknown'}"
        row = {"text": lab["text"], "label": int(lab["label"]), "group": group, "origin": "label"}
        row.update({k: lab[k] for k in KEPT_FIELDS if lab.get(k)})
        hits = where.get(text_hash(lab["text"]))
        if hits:
            overriding += 1
            for i in hits:
                # the base text's family and container (keeps CV grouped), its language and kind unless
                # the label has them
                keep = {k: rows[i][k] for k in (*KEPT_FIELDS, "container", "needs_context") if k in rows[i]}
                rows[i] = {**keep, **row, "group": rows[i]["group"]}
        else:
            added += 1
            rows.append(row)
    digest = hashlib.sha256()
    out = Path(out)
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            line = json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n"
            digest.update(line.encode("utf-8"))
            fh.write(line)
    return TrainingCorpus(out, digest.hexdigest(), len(rows), n_base, used, overriding, added)
