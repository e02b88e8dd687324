"""Exports of what a query matches: CSV, JSON lines, or a verifiable case bundle with the raw captures.

    from search.export import export
    result = export(es, "imt-docs", "mef phone:+998901234567", filters=Filters(label=1), fmt="case",
                    output="case-2025-117", evidence_dir=cfg.evidence_dir)

Every matching document is written (search_after over a point in time: no 10,000-hit window). Nothing is ever
half-written: files are written under a temporary name in the output's own folder and renamed at the end, and
the temporary file or folder is removed on any error (Elasticsearch stops answering, Ctrl-C, a full disk).

Formats
-------
- ``jsonl``: one document a line with `FIELDS` and ``entities`` as an object {type: [values]}.
- ``csv``: a header row, `FIELDS` then one column per entity type (``entities.phone`` ...), values joined by a
  space.
- ``case``: a folder (or with ``zip_=True`` one .zip holding the same files at its root)::

      manifest.json              core.evidence bundle manifest: every file's SHA-256 and size, plus the
                                 export's metadata (query, normalised query, filters, who, when, tool and
                                 model versions, counts, each capture's manifest record, missing captures,
                                 the exported document ids, the case hold)
      documents.jsonl            the documents, as in the jsonl format
      captures/<sha256>.<ext>    each document's raw capture from the evidence store, decompressed, i.e. the
                                 bytes as they were downloaded (so the name is also the file's SHA-256)

  A capture the evidence store does not have (or that fails its own hash check) is listed in
  ``missing_captures`` and the export goes on; one that retention purged says so in its ``reason`` and carries
  the manifest's purge line (``purge_record``). ``doc_ids`` lists every exported document. With ``hold_case``
  the documents are held for that case (search.retention.hold, with their captures) before manifest.json is
  written, which records it under ``hold`` (``null`` when not held); if Elasticsearch refuses, the bundle is
  still written, with the error there and in `ExportResult.hold_error`. The bundle is checked with
  `core.evidence.verify_bundle` before it is put in place; `verify_zip_bundle` checks a zipped one.

`meter=True` shows a `core.progress.Progress` on stderr (count, rate, ETA against the hit count).
"""

from __future__ import annotations

import csv
import io
import json
import mimetypes
import os
import shutil
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath

from elasticsearch import ApiError, TransportError

from core.actor import acting_user
from core.evidence import (
    BUNDLE_MANIFEST,
    BundleReport,
    CorruptObject,
    EvidenceStore,
    ManifestIndex,
    Problem,
    verify_bundle,
    write_bundle_manifest,
)
from core.files import atomic_open, fsync_dir
from core.progress import Progress
from search.mapping import DOCS_MAPPING
from search.query import Filters, QueryError, build_query, iter_hits
from search.syntax import QuerySyntaxError, describe, parse
from core.clock import now_iso

FORMATS = ("csv", "jsonl", "case")
FIELDS = (
    "id", "url", "title", "text", "source", "source_type", "lang", "kind", "score", "label", "model_version",
    "fetched_at", "first_seen", "last_seen", "evidence_sha256", "capture_id", "score_text", "container",
    "context_reasons",
)  # fmt: skip
ENTITY_TYPES = tuple(DOCS_MAPPING["properties"]["entities"]["properties"])
CSV_COLUMNS = FIELDS + tuple(f"entities.{name}" for name in ENTITY_TYPES)
DOCUMENTS = "documents.jsonl"
CAPTURES = "captures"
PROGRESS_EVERY = 1000
_SOURCE_EXCLUDES = ["text_norm", "links", "history", "prices"]
_EXTENSIONS = {
    "text/html": "html",
    "application/xhtml+xml": "xhtml",
    "application/json": "json",
    "text/plain": "txt",
    "text/xml": "xml",
    "application/xml": "xml",
    "application/rss+xml": "xml",
    "application/atom+xml": "xml",
    "text/csv": "csv",
    "application/pdf": "pdf",
}
_CHUNK = 1 << 20

try:
    TOOL_VERSION = f"imt-monitor/{version('imt-monitor')}"
except PackageNotFoundError:  # a source tree that is not installed
    TOOL_VERSION = "imt-monitor/dev"


class ExportError(Exception):
    """The export cannot be done as asked (output path, format, options); the message says why in one line."""


@dataclass
class ExportResult:
    path: str  # where it was written ("-" for stdout)
    format: str
    documents: int = 0
    captures: int = 0  # capture files in a case bundle
    missing_captures: list[dict] = field(default_factory=list)
    model_versions: list[str] = field(default_factory=list)
    manifest_sha256: str | None = None  # case bundles: the value to record with the case
    hold_case: str | None = None  # case bundles: the case holding the exported documents (None: --no-hold)
    held: int = 0  # documents held for it
    hold_error: str | None = None  # why Elasticsearch did not take the hold (the bundle is written anyway)
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"Exported {self.documents} documents ({self.captures} captures) to {self.path} "
            f"in {self.seconds:.1f} s"
        )


# ---------------------------------------------------------------------------------------------------- records


def document(hit: dict) -> dict:
    """The exported record of one raw hit: `FIELDS` (None when absent) and its non-empty entities."""
    src = hit.get("_source") or {}
    out = {name: src.get(name) for name in FIELDS}
    out["context_reasons"] = "; ".join((src.get("context") or {}).get("reasons") or []) or None
    out["id"] = hit.get("_id", src.get("id"))
    out["entities"] = {k: v for k, v in (src.get("entities") or {}).items() if v not in (None, [], "")}
    return out


# a spreadsheet reads a cell that starts with one of these as a formula (CSV injection: `=HYPERLINK(...)` in a
# scraped post would run in the analyst's spreadsheet); such text cells get a leading apostrophe, which
# spreadsheets show as text. JSON lines keep every value exactly.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A CSV cell that no spreadsheet evaluates: text starting with FORMULA_STARTS gets a leading '."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def csv_row(doc: dict) -> dict:
    row = {name: "" if doc.get(name) is None else neutralise(doc[name]) for name in FIELDS}
    entities = doc.get("entities") or {}
    for name in ENTITY_TYPES:
        values = entities.get(name) or []
        row[f"entities.{name}"] = neutralise(" ".join(map(str, values if isinstance(values, list) else [values])))
    return row


def jsonl_line(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False) + "\n"


def normalised_query(query: str) -> str:
    """The parsed query rendered back (search.syntax.describe); QueryError when it does not parse."""
    try:
        return describe(parse(query or ""))
    except QuerySyntaxError as exc:
        raise QueryError(str(exc)) from None


def filters_as_given(filters: Filters) -> dict:
    """The filters that were set, JSON-ready."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(filters).items() if v not in (None, ())}


def extension(content_type: str | None, body: bytes = b"") -> str:
    """A file extension for a capture from its Content-Type (then a look at the bytes); "bin" if unknown."""
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime in _EXTENSIONS:
        return _EXTENSIONS[mime]
    if mime:
        guessed = mimetypes.guess_extension(mime)
        if guessed:
            return guessed.lstrip(".")
    head = body[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if head.startswith((b"{", b"[")):
        return "json"
    return "bin"


def _content_type(record: dict | None) -> str | None:
    for name, values in ((record or {}).get("headers") or {}).items():
        if name.lower() == "content-type" and values:
            return values[-1] if isinstance(values, list) else str(values)
    return None


# ---------------------------------------------------------------------------------------------------- checks


def check_output(output: str | os.PathLike, fmt: str, zip_: bool = False, force: bool = False) -> Path | None:
    """Refuse what cannot work before anything is fetched; the output as a Path (None for stdout)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    if zip_ and fmt != "case":
        raise ExportError("--zip packs a case bundle: use it with --format case")
    if str(output) == "-":
        if fmt == "case":
            raise ExportError("a case bundle is a folder or a .zip, not stdout: give --output a path")
        return None
    path = Path(output).expanduser()
    if not str(output).strip():
        raise ExportError("--output is empty")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError(f"cannot write {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write {path}: folder {parent} is not writable")
    if fmt == "case" and not zip_:
        if path.exists() and not path.is_dir():
            raise ExportError(f"{path} exists and is not a folder")
        if path.is_dir() and any(path.iterdir()) and not force:
            raise ExportError(f"{path} is a folder that is not empty; choose a new folder or add --force to replace it")
    else:
        if path.is_dir():
            raise ExportError(f"{path} is a folder; give a file name")
        if fmt == "case" and path.exists() and not force:
            raise ExportError(f"{path} exists; choose a new name or add --force to replace it")
    return path


# ---------------------------------------------------------------------------------------------------- writing


def _tmp_name(path: Path) -> str:
    return f".{path.name}.tmp-"


def _write_records(docs: Iterable[dict], fmt: str, fh) -> None:
    """Write documents as CSV or JSON lines to a text stream."""
    if fmt == "csv":
        writer = csv.DictWriter(fh, fieldnames=list(CSV_COLUMNS), lineterminator="\r\n")
        writer.writeheader()
        for doc in docs:
            writer.writerow(csv_row(doc))
    else:
        for doc in docs:
            fh.write(jsonl_line(doc))


def _atomic_text(path: Path, write: Callable[[io.TextIOBase], None], *, csv_newlines: bool = False) -> None:
    """Run write(fh) on a temp file next to `path`, fsync, rename over `path`; remove the temp file on error."""
    with atomic_open(path, prefix=_tmp_name(path), newline="" if csv_newlines else None, mkdir=False) as fh:
        write(fh)


class _Counter:
    """Passes documents through, counting them, noting model versions and reporting progress."""

    def __init__(self, docs: Iterable[dict], progress: Callable[[str], None] | None, meter: Progress | None = None):
        self.docs, self.progress, self.meter = docs, progress, meter
        self.n = 0
        self.models: set[str] = set()

    def __iter__(self) -> Iterator[dict]:
        for doc in self.docs:
            if doc.get("model_version"):
                self.models.add(str(doc["model_version"]))
            yield doc
            self.n += 1
            if self.meter:
                self.meter.advance()
            if self.progress and self.n % PROGRESS_EVERY == 0:
                self.progress(f"exported {self.n} documents")


class _CaseWriter:
    """Writes documents.jsonl and the captures into a staging folder."""

    def __init__(self, folder: Path, store: EvidenceStore | None):
        self.folder = folder
        self.store = store
        self.captures_dir = folder / CAPTURES
        self.captures_dir.mkdir()
        self.index = ManifestIndex(store) if store else None  # capture records and purges, read once
        self.doc_ids: list[str] = []
        self.written: dict[str, dict] = {}  # sha -> capture entry for the manifest
        self.missing: dict[str, dict] = {}  # sha -> {"sha256", "reason", "doc_ids"}
        self.without_capture = 0

    def add(self, doc: dict) -> None:
        self.doc_ids.append(doc["id"])
        sha = doc.get("evidence_sha256")
        if not sha:
            self.without_capture += 1
            return
        sha = str(sha)
        if sha in self.written:
            self.written[sha]["doc_ids"].append(doc["id"])
            return
        if sha in self.missing:
            self.missing[sha]["doc_ids"].append(doc["id"])
            return
        reason = None
        try:
            if self.store is None:
                raise FileNotFoundError
            body = self.store.read(sha)
        except FileNotFoundError:
            reason = "not in the evidence store"
            purge = self.index.purged(sha) if self.index else None
            if purge is not None:
                reason = (f"purged from the evidence store by {purge.get('reason') or 'retention'} at "
                          f"{purge.get('purged_at')} (manifest line {purge.get('seq')})")  # fmt: skip
        except ValueError:
            reason = "not a SHA-256"
        except CorruptObject as exc:
            reason = f"corrupt in the evidence store: {exc}"
        if reason:
            self.missing[sha] = {"sha256": sha, "reason": reason, "doc_ids": [doc["id"]]}
            if reason.startswith("purged"):
                self.missing[sha]["purge_record"] = purge
            return
        record = self.index.lookup(str(doc.get("capture_id") or ""), sha)
        if record is not None and record.get("sha256") != sha:
            record = self.index.by_sha.get(sha)
        rel = f"{CAPTURES}/{sha}.{extension(_content_type(record), body)}"
        with open(self.folder / rel, "wb") as fh:
            fh.write(body)
            fh.flush()
            os.fsync(fh.fileno())
        entry = {"path": rel, "sha256": sha, "size": len(body), "doc_ids": [doc["id"]]}
        if record:
            for key in ("capture_id", "url", "final_url", "status", "fetched_at", "stored_at", "route", "source",
                        "crawler_version", "headers", "seq"):  # fmt: skip
                if key in record:
                    entry[key] = record[key]
        self.written[sha] = entry


def _stage_case(
    folder: Path,
    docs: _Counter,
    store: EvidenceStore | None,
    meta: dict,
    hold: Callable[[list[str], dict[str, list[str]]], dict] | None = None,
) -> tuple[str, _CaseWriter]:
    """Fill the staging folder, hold the documents (`hold(doc ids, {doc id: capture sha256})` returns what the
    manifest records of it), write manifest.json and check it; returns (manifest sha256, writer)."""
    writer = _CaseWriter(folder, store)
    with open(folder / DOCUMENTS, "w", encoding="utf-8") as fh:
        for doc in docs:
            fh.write(jsonl_line(doc))
            writer.add(doc)
        fh.flush()
        os.fsync(fh.fileno())
    fsync_dir(writer.captures_dir)
    meta = dict(meta)
    if hold is not None:
        shas: dict[str, list[str]] = {}
        for entry in writer.written.values():
            for doc_id in entry["doc_ids"]:
                shas.setdefault(doc_id, []).append(entry["sha256"])
        meta["hold"] = hold(writer.doc_ids, shas)
    meta.update(
        documents=docs.n,
        captures=len(writer.written),
        documents_without_capture=writer.without_capture,
        model_versions=sorted(docs.models),
        missing_captures=list(writer.missing.values()),
        capture_records=sorted(writer.written.values(), key=lambda e: e["path"]),
        doc_ids=writer.doc_ids,
    )
    digest = write_bundle_manifest(folder, meta)
    report = verify_bundle(folder)
    if not report.ok:  # pragma: no cover - only if the disk changes what was just written
        problems = "; ".join(p.message for p in report.problems[:3])
        raise ExportError(f"the bundle did not verify after writing ({problems}); nothing was exported")
    return digest, writer


def _zip_folder(folder: Path, target: Path) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for dirpath, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = Path(dirpath, name)
                zf.write(path, path.relative_to(folder).as_posix())


def export(
    es,
    alias: str,
    query: str = "",
    *,
    fmt: str,
    output: str | os.PathLike,
    filters: Filters | None = None,
    sort: str = "relevance",
    limit: int | None = None,
    zip_: bool = False,
    force: bool = False,
    evidence_dir: str | os.PathLike | None = None,
    progress: Callable[[str], None] | None = None,
    stdout=None,
    hold_case: str | None = None,
    who: str | None = None,
    meter: bool = False,
) -> ExportResult:
    """Export every document `query` and `filters` match (at most `limit`) as csv, jsonl or a case bundle.

    A case bundle with `hold_case` holds every exported document (and its captures) for that case
    (search.retention), before manifest.json is written, which records it under "hold"; if Elasticsearch
    refuses, the bundle is written anyway, with the error in "hold" and in `ExportResult.hold_error`.
    `who`: recorded as who exported (and who holds); default IMT_USER, else the OS user.
    `meter`: show a `core.progress.Progress` (count, rate, ETA against the hit count) on stderr.

    Raises QueryError (bad query or filter, Elasticsearch refusing or going away) and ExportError (output or
    options); in either case, and on KeyboardInterrupt, nothing is left at `output`."""
    started = time.monotonic()
    fmt = (fmt or "").strip().lower()
    filters = filters or Filters()
    normalised = normalised_query(query)
    filters.clauses()  # a bad date or entity fails here, before anything is written
    path = check_output(output, fmt, zip_=zip_, force=force)
    if hold_case is not None and fmt == "case":
        from search.retention import RetentionError, check_case

        try:
            check_case(hold_case)
        except RetentionError as exc:
            raise ExportError(str(exc)) from None
    bar = Progress("exported", total=_total(es, alias, query, filters, limit)) if meter else None
    hits = iter_hits(es, alias, query, filters=filters, sort=sort, limit=limit, highlight=False,
                     source_excludes=_SOURCE_EXCLUDES)  # fmt: skip
    docs = _Counter((document(h) for h in hits), progress, bar)
    result = ExportResult(path="-" if path is None else str(path), format=fmt)
    with bar or nullcontext():
        _write(es, alias, query, fmt, path, filters, sort, limit, zip_, force, evidence_dir, stdout, normalised,
               hits, docs, result, hold_case, who or acting_user())  # fmt: skip
    result.documents = docs.n
    result.model_versions = sorted(docs.models)
    result.seconds = time.monotonic() - started
    return result


def _total(es, alias: str, query: str, filters: Filters, limit: int | None) -> int | None:
    """How many documents the export will write, for the progress display (None if the count fails: the
    export itself then reports the error)."""
    try:
        n = int(es.count(index=alias, query=build_query(query, filters))["count"])
    except (ApiError, TransportError, AttributeError, KeyError, TypeError, ValueError):
        return None
    return min(n, limit) if limit else n


def _holder(es, alias: str, case: str, who: str, result: ExportResult) -> Callable[[list[str], dict], dict]:
    def hold(ids: list[str], shas: dict[str, list[str]]) -> dict:
        from search.retention import RetentionError
        from search.retention import hold as hold_docs

        info = {"case": case, "documents": len(set(ids)), "held_by": who, "held_at": now_iso()}
        result.hold_case = case
        try:
            result.held = hold_docs(es, alias, case, ids, who, captures=shas)
        except (ApiError, TransportError, RetentionError) as exc:
            msg = str(exc)
            if isinstance(exc, ApiError):
                err = exc.body.get("error") if isinstance(exc.body, dict) else None
                reason = err.get("reason") if isinstance(err, dict) else None
                msg = f"{exc.message}: {reason}" if reason else str(exc.message)
            msg = " ".join(msg.split())[:300]
            result.hold_error = info["error"] = f"Elasticsearch did not take the hold for case {case}: {msg}"
            info["documents"] = 0
        return info

    return hold


def _write(es, alias, query, fmt, path, filters, sort, limit, zip_, force, evidence_dir, stdout, normalised, hits,
           docs, result, hold_case, who) -> None:  # fmt: skip
    if fmt in ("csv", "jsonl"):
        try:
            if path is None:
                out = stdout or sys.stdout
                _write_records(docs, fmt, out)
                out.flush()
            else:
                _atomic_text(path, lambda fh: _write_records(docs, fmt, fh), csv_newlines=fmt == "csv")
        except OSError as exc:
            raise ExportError(f"cannot write {result.path}: {exc.strerror or exc}") from None
        finally:
            hits.close()  # releases the point in time when writing stopped early
    else:
        meta = {
            "exported_by": who,
            "exported_at": now_iso(),
            "tool_version": TOOL_VERSION,
            "index": alias,
            "query": query,
            "query_normalised": normalised,
            "filters": filters_as_given(filters),
            "sort": sort,
            "limit": limit,
            "hold": None,  # the case holding the documents (search.retention); None: not held by this export
        }
        store = None
        if evidence_dir is not None:
            store = EvidenceStore(evidence_dir)
            meta["evidence_store"] = str(Path(evidence_dir).resolve())
            if store.root.is_dir():
                meta["evidence_head"] = store.head()  # the store's manifest as it was at export time
        staging = Path(tempfile.mkdtemp(dir=path.parent, prefix=_tmp_name(path)))
        zip_tmp = None
        try:
            try:
                hold = _holder(es, alias, hold_case, who, result) if hold_case else None
                digest, writer = _stage_case(staging, docs, store, meta, hold)
            finally:
                hits.close()
            if zip_:
                fd, zip_tmp = tempfile.mkstemp(dir=path.parent, prefix=_tmp_name(path), suffix=".zip")
                os.close(fd)
                _zip_folder(staging, Path(zip_tmp))
                report = verify_zip_bundle(zip_tmp)
                if not report.ok:  # pragma: no cover - only if the disk changes what was just written
                    raise ExportError(f"the zipped bundle did not verify after writing: {report.summary()}")
                with open(zip_tmp, "rb") as fh:
                    os.fsync(fh.fileno())
                os.chmod(zip_tmp, 0o644)
                os.replace(zip_tmp, path)
                zip_tmp = None
            else:
                os.chmod(staging, 0o755)
                _put_folder(staging, path, force)
            staging = None
        except OSError as exc:
            raise ExportError(f"cannot write {result.path}: {exc.strerror or exc}") from None
        finally:
            if zip_tmp:
                try:
                    os.unlink(zip_tmp)
                except FileNotFoundError:
                    pass
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
        fsync_dir(path.parent)
        result.captures = len(writer.written)
        result.missing_captures = list(writer.missing.values())
        result.manifest_sha256 = digest


def _put_folder(staging: Path, path: Path, force: bool) -> None:
    """Rename the finished staging folder to `path`; an old folder there (allowed by --force) is removed after."""
    if path.is_dir() and any(path.iterdir()):
        if not force:  # it filled up while we exported
            raise ExportError(f"{path} is a folder that is not empty; choose a new folder or add --force")
        old = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.old-"))
        os.rename(path, old / "bundle")
        try:
            os.rename(staging, path)
        except BaseException:
            os.rename(old / "bundle", path)  # put the old one back
            shutil.rmtree(old, ignore_errors=True)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, path)  # onto nothing, or onto an empty folder


# ---------------------------------------------------------------------------------------------------- zip checks


def _safe_member(name: str) -> bool:
    pure = PurePosixPath(name)
    return bool(pure.parts) and not pure.is_absolute() and ".." not in pure.parts and "\\" not in name and (
        ":" not in pure.parts[0]
    )


def verify_zip_bundle(path: str | os.PathLike) -> BundleReport:
    """Check a zipped case bundle: extract it to a temporary folder and run verify_bundle there. Entries with
    unsafe names, duplicated names or a bad CRC are reported as problems of the bundle."""
    path = Path(path)
    extra: list[Problem] = []
    with tempfile.TemporaryDirectory(prefix="imt-bundle-") as tmp:
        root = Path(tmp)
        try:
            zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            rep = BundleReport()
            rep.problems.append(Problem("manifest", None, None, f"{path} is not a readable zip file: {exc}",
                                        path=BUNDLE_MANIFEST))  # fmt: skip
            return rep
        seen: set[str] = set()
        with zf:
            for info in zf.infolist():
                name = info.filename
                if info.is_dir():
                    continue
                if not _safe_member(name):
                    extra.append(Problem("bad_path", None, None, f"zip entry {name!r} is not a path inside the bundle",
                                         path=name))  # fmt: skip
                    continue
                if name in seen:
                    extra.append(Problem("duplicate", None, None, f"zip entry {name} appears twice", path=name))
                    continue
                seen.add(name)
                target = root / PurePosixPath(name)
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    with zf.open(info) as src, open(target, "wb") as dst:
                        shutil.copyfileobj(src, dst, _CHUNK)
                except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
                    target.unlink(missing_ok=True)
                    extra.append(Problem("corrupt", None, None, f"zip entry {name} cannot be read: {exc}", path=name))
        rep = verify_bundle(root)
    rep.problems.extend(extra)
    rep.mismatched += sum(1 for p in extra if p.kind == "corrupt")
    return rep

