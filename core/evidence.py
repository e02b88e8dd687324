"""Content-addressed evidence store with an append-only, hash-chained manifest, and its verifier.

Every raw HTTP body the crawler fetches is kept exactly as received, so that each capture shown to a court
can be traced back to the bytes that were downloaded, when, from where and through which route.

Layout of a store (``root``)::

    root/
      manifest.jsonl                       one JSON object per line, append-only, hash-chained
      objects/ab/cd/abcd...<64 hex>.gz     raw body, gzip-compressed, named by SHA-256 of the RAW body

Objects are written once (temp file in the same directory, fsync, ``os.replace``) and made read-only; storing
the same body again only appends a manifest line. A manifest line (all ASCII, keys in this order)::

    {"v":1,"seq":7,"capture_id":"<uuid4 hex>","sha256":"<hex of raw body>","size":1234,
     "compressed_size":456,"url":"...","final_url":"...","status":200,
     "headers":{"Content-Type":["text/html"]},"fetched_at":"2025-01-31T12:00:00Z",
     "stored_at":"2025-01-31T12:00:01.123456Z","route":"direct","crawler_version":"0.1.0",
     "source":"demo-market","doc_ids":["..."],"prev":"<64 hex>"}

* ``seq`` is the line's own 1-based line number when it was written (a gap shows removed lines).
* ``prev`` is the SHA-256 of the previous line's bytes *including its terminating newline*, so
  ``sed -n 6p manifest.jsonl | sha256sum`` prints line 7's ``prev``. The first line's ``prev`` is 64 zeros.
  Editing, removing or inserting a line breaks the chain at that point; `verify` finds it.
* Retention (search/retention.py) deletes objects nothing needs any more without removing or editing lines: for
  each it first appends a purge line through the same chained writer, then unlinks the object::

    {"v":1,"seq":9,"kind":"purge","sha256":"<hex>","compressed_size":456,"reason":"retention",
     "older_than_days":365,"cutoff":"2025-01-31T12:00:00Z","purged_at":"2026-01-31T12:00:00.123456Z",
     "prev":"<64 hex>"}

  Capture lines have no ``kind`` (or ``"kind":"capture"``). `manifest()` yields capture lines only unless asked
  for every kind; `records_from` yields every kind (`is_capture` tells them apart); `ManifestIndex` keeps the
  capture records and notes the purges. `verify` counts an object that is gone but purged after its last
  capture line as ``purged`` (not an error); gone without a purge, or captured again after its purge and gone,
  it is ``missing``. A purge line whose object still exists (a crash between the two steps) is harmless; a purge
  of a SHA-256 no earlier line captured is an error.
* What the chain cannot show on its own: lines cut off the END of the file, or an edit of the very last line
  (nothing after them records their hash). Write down `EvidenceStore.head()` (line count and hash of the last
  line) in the case notes, a ticket or a timestamping service, and pass it to ``verify(..., anchor=...)``
  later: everything up to that line is then covered. The chain is unkeyed: someone who can rewrite the whole
  file can rebuild it, which is also what an external anchor protects against.

Several writers may share a store (crawls of different sources run side by side, retention purges while they
run): every append takes an exclusive ``flock`` on the manifest for that one line, first reads what other writers
appended since its last look (only those bytes) to continue the chain from the true end, and releases it.
`purge_many()` holds the lock for all its lines and unlinks; `acquire()` holds it until `release()` for
maintenance. A writer waits up to `lock_wait` seconds for the lock, then gets `StoreLocked`. Within a process
`store()` and `purge()` are thread-safe. Reading (`read`, `manifest`, `verify`) needs no lock and may run while
writers write.

If the process dies in the middle of a manifest write, the file may end in a line without a newline; the next
writer terminates that line (its bytes are kept, never removed) and continues the chain from it, and `verify`
reports it as an unparseable line. An object written without its manifest line (crash in between) shows up
as an orphan, which is not an error. Purge lines are always fsynced before their object is unlinked.

Case-export bundle (written by the export step, checked by `verify_bundle`)::

    bundle/
      manifest.json
      <any files, any sub-folders>

    manifest.json = {
      "format": "imt-evidence-bundle/1",
      "created_at": "2025-01-31T12:00:00Z",          # optional metadata, free-form keys allowed
      "files": [{"path": "captures/abcd....html", "sha256": "<hex of the file's bytes>", "size": 1234,
                 ...optional per-file keys such as "capture_id", "url"}, ...]
    }

``path`` is relative, with forward slashes, inside the bundle folder; ``sha256`` and ``size`` are those of the
file exactly as it lies in the bundle; ``manifest.json`` itself is not listed. Its own SHA-256 (returned by
`write_bundle_manifest` and in `BundleReport.manifest_sha256`) is the value to record with the case.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import re
import threading
import time
import uuid
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from core.clock import now_iso_us
from core.files import atomic_write, fsync_dir, write_all

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: the one-writer rule is then only documented
    fcntl = None

log = logging.getLogger(__name__)

GENESIS = "0" * 64
MANIFEST = "manifest.jsonl"
OBJECTS = "objects"
BUNDLE_MANIFEST = "manifest.json"
BUNDLE_FORMAT = "imt-evidence-bundle/1"
RECORD_VERSION = 1
PURGE = "purge"  # the kind of a line recording that retention deleted a capture's object

_CHUNK = 1 << 20
_SHA_RE = re.compile(r"[0-9a-f]{64}")
_OBJECT_NAME = re.compile(r"([0-9a-f]{64})\.gz")
_UTC_Z = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z")
_TMP_PREFIX = ".tmp-"


class EvidenceError(Exception):
    pass


class StoreLocked(EvidenceError):
    """Another writer (process or EvidenceStore instance) holds the manifest."""


class CorruptObject(EvidenceError):
    pass


class ManifestError(EvidenceError):
    pass


# --------------------------------------------------------------------------- helpers


def _check_sha(sha: str) -> str:
    if not isinstance(sha, str) or not _SHA_RE.fullmatch(sha):
        raise ValueError(f"not a lowercase SHA-256 hex digest: {sha!r}")
    return sha


def _check_utc(ts: str, name: str) -> str:
    if not isinstance(ts, str) or not _UTC_Z.fullmatch(ts):
        raise ValueError(f"{name} must be UTC ISO 8601 ending in 'Z' (2025-01-31T12:00:00Z), got {ts!r}")
    datetime.fromisoformat(ts[:-1])  # rejects month 13 and the like
    return ts


def _text(value) -> str:
    # header names and values arrive as bytes from Scrapy; HTTP header bytes are latin-1 by definition
    return value.decode("latin-1") if isinstance(value, (bytes, bytearray)) else str(value)


def _headers(headers) -> dict[str, list[str]]:
    """dict[str, str] or dict[str, list[str]] or Scrapy Headers -> {name: [values]} (order kept)."""
    out: dict[str, list[str]] = {}
    if not headers:
        return out
    if hasattr(headers, "getlist"):
        items = ((k, headers.getlist(k)) for k in headers.keys())
    else:
        items = headers.items()
    for name, values in items:
        if not isinstance(values, (list, tuple)):
            values = [values]
        out.setdefault(_text(name), []).extend(_text(v) for v in values)
    return out


def _sha256_file(path: Path) -> tuple[str, int]:
    h, size = hashlib.sha256(), 0
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def _manifest_tail(path: Path) -> tuple[int, bytes | None]:
    """(number of lines, bytes of the last line or None). The last line may lack its newline (torn)."""
    lines, last_nl_end, size = 0, 0, 0
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            n = chunk.count(b"\n")
            if n:
                lines += n
                last_nl_end = size + chunk.rindex(b"\n") + 1
            size += len(chunk)
        if size == 0:
            return 0, None
        if last_nl_end < size:  # a final line without its newline
            f.seek(last_nl_end)
            return lines + 1, f.read()
        # the last complete line: search backwards for the newline before it
        pos, buf = size, b""
        while pos > 0:
            step = min(_CHUNK, pos)
            pos -= step
            f.seek(pos)
            buf = f.read(step) + buf
            i = buf.rfind(b"\n", 0, len(buf) - 1)
            if i >= 0:
                return lines, buf[i + 1 :]
        return lines, buf


def is_capture(rec: Mapping) -> bool:
    """A capture line (the lines written before purge lines existed have no "kind")."""
    return rec.get("kind", "capture") == "capture"


# --------------------------------------------------------------------------- the store


class EvidenceStore:
    """Raw bodies by SHA-256 under ``root/objects`` plus one hash-chained manifest line per capture.

    ``fsync=False`` skips the per-capture fsyncs (the crawler may batch): call `sync()` now and then and at
    the end (`close()` does). After a power loss the last unsynced lines may then be missing, or reference
    objects that were not flushed: `verify` reports both.
    """

    def __init__(self, root: str | os.PathLike, *, fsync: bool = True, compresslevel: int = 6,
                 lock_wait: float = 30.0):  # fmt: skip
        self.root = Path(root)
        self.objects_dir = self.root / OBJECTS
        self.manifest_path = self.root / MANIFEST
        self.fsync = fsync
        self.compresslevel = compresslevel
        self._lock = threading.Lock()
        self._fd: int | None = None
        self._prev = GENESIS
        self._seq = 0
        self._end: int | None = None  # size of the manifest as of this writer's last look (None: read it again)
        self._held = False  # this store holds the file lock (`acquire`)
        self._purged = False  # this store has purged objects (`purge_many`)
        self.lock_wait = lock_wait
        # memory per stored object stays small over a long crawl (a Path costs ~460 bytes): the object folders
        # (objects/ab/cd, 65,536 of them) known to exist are bits of a bitmap, and the objects written since the
        # last `sync()` are their 32-byte digests end to end
        self._known_dirs: set[Path] = set()  # other folders (the root)
        self._object_dirs = bytearray(1 << 13)
        self._unsynced = bytearray()

    # ---- paths and reading

    def path_for(self, sha: str) -> Path:
        _check_sha(sha)
        return self.objects_dir / sha[:2] / sha[2:4] / f"{sha}.gz"

    def has(self, sha: str) -> bool:
        return self.path_for(sha).exists()

    def read(self, sha: str) -> bytes:
        """The raw body, decompressed and checked against its SHA-256 (CorruptObject if it does not match)."""
        path = self.path_for(sha)
        try:
            with gzip.open(path, "rb") as f:
                body = f.read()
        except FileNotFoundError:
            raise
        except (OSError, EOFError, zlib.error) as exc:
            raise CorruptObject(f"{path}: cannot decompress ({exc})") from exc
        if hashlib.sha256(body).hexdigest() != sha:
            raise CorruptObject(f"{path}: content does not hash to {sha}")
        return body

    def manifest(self, *, all_kinds: bool = False) -> Iterator[dict]:
        """The capture records in order (with `all_kinds`, purge lines too). An unparseable line raises
        ManifestError; a last line still being written (no newline yet) is not yielded. Use `verify` to check
        the chain."""
        if not self.manifest_path.exists():
            return
        with open(self.manifest_path, "rb") as f:
            for n, raw in enumerate(f, 1):
                if not raw.endswith(b"\n"):
                    return
                try:
                    rec = json.loads(raw)
                except ValueError as exc:
                    raise ManifestError(f"{self.manifest_path}:{n}: not JSON ({exc})") from None
                if not isinstance(rec, dict):
                    raise ManifestError(f"{self.manifest_path}:{n}: not a JSON object")
                if all_kinds or is_capture(rec):
                    yield rec

    def records_from(self, offset: int = 0) -> Iterator[tuple[int, dict]]:
        """(end offset, record) of the complete manifest lines after byte `offset`, of every kind (check
        `is_capture`): an index of the manifest (ManifestIndex) reads only what was appended since it last
        looked."""
        if not self.manifest_path.exists():
            return
        with open(self.manifest_path, "rb") as f:
            f.seek(offset)
            for raw in f:
                if not raw.endswith(b"\n"):
                    return
                offset += len(raw)
                try:
                    rec = json.loads(raw)
                except ValueError:
                    continue  # `verify` reports it; a lookup skips it
                if isinstance(rec, dict):
                    yield offset, rec

    def captures_for(self, url: str) -> list[dict]:
        """Every capture whose url or final_url is `url`, oldest first (a linear scan of the manifest)."""
        return [r for r in self.manifest() if url in (r.get("url"), r.get("final_url"))]

    def head(self) -> dict:
        """{"lines": N, "sha256": hash of line N}: the anchor to record outside the store (see verify)."""
        if not self.manifest_path.exists():
            return {"lines": 0, "sha256": GENESIS}
        lines, last = _manifest_tail(self.manifest_path)
        return {"lines": lines, "sha256": hashlib.sha256(last).hexdigest() if last is not None else GENESIS}

    # ---- writing

    def _ensure_dir(self, path: Path) -> None:
        if path in self._known_dirs:
            return
        self._make_dir(path)
        self._known_dirs.add(path)

    def _ensure_object_dir(self, sha: str, path: Path) -> None:
        """`path` is objects/<sha[:2]>/<sha[2:4]>: made once, then remembered as one bit."""
        n = int(sha[:4], 16)
        if self._object_dirs[n >> 3] & (1 << (n & 7)):
            return
        self._make_dir(path)
        self._object_dirs[n >> 3] |= 1 << (n & 7)

    def _make_dir(self, path: Path) -> None:
        missing = []
        p = path
        while not p.exists():
            missing.append(p)
            p = p.parent
        path.mkdir(parents=True, exist_ok=True)
        if self.fsync:
            for d in reversed(missing):
                fsync_dir(d.parent)

    def _write_object(self, sha: str, body: bytes) -> tuple[int, bool]:
        """(compressed size, whether it was written now)."""
        path = self.path_for(sha)
        try:
            return path.stat().st_size, False  # already stored: dedup
        except FileNotFoundError:
            pass
        self._ensure_object_dir(sha, path.parent)
        data = gzip.compress(body, compresslevel=self.compresslevel, mtime=0)
        atomic_write(path, data, fsync=self.fsync, mode=0o444, prefix=_TMP_PREFIX, mkdir=False)
        return len(data), True

    def _open_manifest(self) -> None:
        """Open the manifest for appending (called under self._lock). The chain state (line count, hash of the last
        line) is read under the file lock at each append (`_catch_up`): several writers may share a store."""
        self._ensure_dir(self.root)
        created = not self.manifest_path.exists()
        # read-write: what other writers appended is read with pread on this same descriptor (no open per append)
        self._fd = os.open(self.manifest_path, os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0),
                           0o644)  # fmt: skip
        self._end = None
        if created and self.fsync:
            fsync_dir(self.root)

    def _file_lock(self) -> bool:
        """Take the manifest's exclusive flock (called under self._lock with the file open), waiting up to
        `lock_wait` seconds for another writer's append or purge; StoreLocked after that. Returns False when this
        store holds it already (`acquire`), True when the caller must release it."""
        if self._held or fcntl is None:
            return False
        deadline, pause = time.monotonic() + self.lock_wait, 0.0002
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreLocked(f"{self.manifest_path} is held by another writer (waited {self.lock_wait:g} s)"
                                      ) from None  # fmt: skip
                time.sleep(pause)  # another writer's append takes a fraction of a millisecond: retry soon
                pause = min(pause * 2, 0.02)

    def _file_unlock(self) -> None:
        if fcntl is not None and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def _catch_up(self) -> bool:
        """Bring seq and prev up to the end of the file (under the file lock): what other writers appended since
        this one last wrote is read, and only that. A last line without its newline (a writer died mid-write) is
        terminated (its bytes kept) and the chain continues from it. Returns whether another writer may have
        purged objects since this one last looked (a purge line among what it read, or a file read afresh)."""
        size = os.fstat(self._fd).st_size
        if self._end == size:
            return False
        if self._end is None or size < self._end:
            lines, last = _manifest_tail(self.manifest_path)
            self._seq, tail, purges = lines, last, True
        else:
            added = os.pread(self._fd, size - self._end, self._end)
            purges = b'"kind":"purge"' in added
            self._seq += added.count(b"\n") + (0 if added.endswith(b"\n") else 1)
            tail = added[added.rfind(b"\n", 0, len(added) - 1) + 1 :]  # the last line, complete or not
        if tail is not None and not tail.endswith(b"\n"):
            log.warning("%s: line %d was cut off (interrupted write); terminating it and continuing the chain",
                        self.manifest_path, self._seq)  # fmt: skip
            write_all(self._fd, b"\n")
            tail += b"\n"
            size += 1
        self._prev = hashlib.sha256(tail).hexdigest() if tail is not None else GENESIS
        self._end = size
        return purges

    def store(
        self,
        body: bytes,
        *,
        url: str,
        final_url: str,
        status: int,
        headers: Mapping,
        fetched_at: str,
        route: str,
        crawler_version: str,
        source: str,
        doc_ids=(),
        warc: Mapping | None = None,
    ) -> dict:
        """Keep `body` (once per distinct content) and append one manifest line; returns that record. `warc` is where
        the fetch's WARC record is (core/warc.py: file, offset, length, record id, payload digest of the bytes as
        received), kept in the line so that the chain covers it."""
        if not isinstance(body, bytes):
            body = bytes(body)
        _check_utc(fetched_at, "fetched_at")
        sha = hashlib.sha256(body).hexdigest()
        compressed_size, written = self._write_object(sha, body)
        record = {
            "v": RECORD_VERSION,
            "seq": 0,
            "capture_id": uuid.uuid4().hex,
            "sha256": sha,
            "size": len(body),
            "compressed_size": compressed_size,
            "url": str(url),
            "final_url": str(final_url),
            "status": int(status),
            "headers": _headers(headers),
            "fetched_at": fetched_at,
            "stored_at": "",
            "route": str(route),
            "crawler_version": str(crawler_version),
            "source": str(source),
            "doc_ids": [str(d) for d in doc_ids],
            "prev": "",
        }
        if warc:
            record["warc"] = {k: warc[k] for k in ("file", "offset", "length", "record_id", "payload_digest", "revisit")
                              if k in warc}  # fmt: skip
        with self._lock:
            if written and not self.fsync:
                self._unsynced += bytes.fromhex(sha)
            record["stored_at"] = now_iso_us()
            # a purge by another writer between the object write above and this append may have removed an
            # object that was there already: written again under the file lock, after the line that needs it
            self._append(record, body=body)
        return record

    def _append(self, record: dict, *, fsync: bool | None = None, body: bytes | None = None) -> None:
        """Fill in seq and prev and append `record` as one chained line (called under self._lock; the file lock is
        taken for the append, unless this store holds it). With `body`, the record's object is written again if
        it is gone (see `store`)."""
        if self._fd is None:
            self._open_manifest()
        took = self._file_lock()
        try:
            purged = self._catch_up() or self._purged
            record["seq"] = self._seq + 1
            record["prev"] = self._prev
            line = (json.dumps(record, ensure_ascii=True, separators=(",", ":")) + "\n").encode("ascii")
            try:
                write_all(self._fd, line)
                if self.fsync if fsync is None else fsync:
                    os.fsync(self._fd)
            except BaseException:
                # the file may now end in a partial line: the next append reads it again (and repairs it)
                self._end = None
                raise
            self._seq += 1
            self._prev = hashlib.sha256(line).hexdigest()
            self._end += len(line)
            if body is not None and purged and not self.path_for(record["sha256"]).exists():
                self._write_object(record["sha256"], body)
        finally:
            if took:
                self._file_unlock()

    def acquire(self) -> None:
        """Hold the manifest's file lock until `release()` or `close()`: no other writer appends or purges
        meanwhile (they wait up to their `lock_wait`, then get StoreLocked). Appends take the lock only for
        their own line, so holding it is for maintenance, not for writing."""
        with self._lock:
            if self._fd is None:
                self._open_manifest()
            if not self._held:
                self._held = self._file_lock() or fcntl is None

    def release(self) -> None:
        with self._lock:
            if self._held:
                self._held = False
                self._file_unlock()

    def purge(self, sha: str, *, reason: str, **fields) -> dict:
        """Delete one capture's object (see `purge_many`). Returns its purge record."""
        return self.purge_many([sha], reason=reason, **fields)[0]

    def purge_many(self, shas, *, reason: str, since: int | None = None, **fields) -> list[dict]:
        """Delete capture objects, recording each first: a chained ``"kind":"purge"`` line is appended and the
        manifest fsynced BEFORE the objects are unlinked, so a crash in between leaves a recorded purge whose
        object still exists (harmless), never an object missing without explanation. All of it happens under the
        manifest's file lock, so no writer appends meanwhile. With `since` (a manifest size the caller decided
        from), an object captured again after that offset is left alone: a page fetched again during retention
        keeps its capture. `fields` (JSON values, e.g. older_than_days, cutoff) are kept in the lines. Returns
        the purge records; ``compressed_size`` is the bytes freed (0 when the object was already gone)."""
        wanted = list(dict.fromkeys(shas))
        for sha in wanted:
            _check_sha(sha)
        records = []
        with self._lock:
            if self._fd is None:
                self._open_manifest()
            took = self._file_lock()
            held, self._held = self._held, True
            try:
                if since is not None:
                    again = {rec.get("sha256") for _end, rec in self.records_from(since) if is_capture(rec)}
                    wanted = [sha for sha in wanted if sha not in again]
                for n, sha in enumerate(wanted):
                    path = self.path_for(sha)
                    try:
                        freed = path.stat().st_size
                    except FileNotFoundError:
                        freed = 0
                    record = {"v": RECORD_VERSION, "seq": 0, "kind": PURGE, "sha256": sha, "compressed_size": freed,
                              "reason": str(reason), **fields, "purged_at": now_iso_us(), "prev": ""}  # fmt: skip
                    self._append(record, fsync=n == len(wanted) - 1)  # one fsync, after the last line
                    records.append(record)
                    self._purged = True
                for rec in records:
                    self.path_for(rec["sha256"]).unlink(missing_ok=True)
            finally:
                self._held = held
                if took:
                    self._file_unlock()
        return records

    def sync(self) -> None:
        """Flush what `fsync=False` left in the page cache: pending objects, their folders, the manifest."""
        with self._lock:
            pending, self._unsynced = self._unsynced, bytearray()
            folders = set()
            for i in range(0, len(pending), 32):  # one path at a time: no list of 100,000 paths at the end
                sha = pending[i : i + 32].hex()
                try:
                    fd = os.open(self.path_for(sha), os.O_RDONLY)
                except FileNotFoundError:  # purged since it was written (its purge line says so): nothing to sync
                    continue
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
                folders.add(sha[:4])
            for prefix in sorted(folders):
                fsync_dir(self.objects_dir / prefix[:2] / prefix[2:])
            if self._fd is not None:
                os.fsync(self._fd)

    def _close_fd(self) -> None:
        if self._fd is not None:
            try:
                os.close(self._fd)  # also releases the flock
            finally:
                self._fd = None
                self._held = False
                self._end = None

    def close(self) -> None:
        self.sync()
        with self._lock:
            self._close_fd()

    def __enter__(self) -> EvidenceStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --------------------------------------------------------------------------- verification


@dataclass
class Problem:
    kind: str  # parse, chain, seq, anchor, manifest, missing, corrupt, size, orphan, purge (+ bundle kinds)
    line: int | None
    sha: str | None
    message: str
    path: str | None = None

    @property
    def error(self) -> bool:
        return self.kind != "orphan"


@dataclass
class VerifyReport:
    lines: int = 0
    objects_checked: int = 0
    objects_ok: int = 0
    missing: int = 0
    corrupt: int = 0
    size_mismatches: int = 0
    chain_breaks: int = 0
    parse_errors: int = 0
    orphans: int = 0
    purged: int = 0  # objects gone that a purge line records as deleted by retention (not errors)
    first_chain_break: int | None = None
    problems: list[Problem] = field(default_factory=list)
    signed_lines: int = 0  # the manifest lines covered by the last signed head that verified
    notes: list[str] = field(default_factory=list)  # what is worth knowing but is no error (signature coverage)

    @property
    def ok(self) -> bool:
        """True when nothing is wrong (orphans are reported but are not errors)."""
        return not any(p.error for p in self.problems)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "lines": self.lines,
            "objects_checked": self.objects_checked,
            "ok": self.objects_ok,
            "missing": self.missing,
            "corrupt": self.corrupt,
            "size_mismatches": self.size_mismatches,
            "chain_breaks": self.chain_breaks,
            "parse_errors": self.parse_errors,
            "orphans": self.orphans,
            "purged": self.purged,
        }

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.error]

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            **self.counts,
            "first_chain_break": self.first_chain_break,
            "signed_lines": self.signed_lines,
            "problems": [p.__dict__ for p in self.problems],
            "notes": self.notes,
        }

    def summary(self) -> str:
        c = self.counts
        head = "OK" if self.ok else "FAILED"
        return f"{head}: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in c.items())


def _describe_lines(lines: list[int]) -> str:
    shown = ", ".join(map(str, lines[:10]))
    return f"line {shown}" if len(lines) == 1 else f"lines {shown}" + (" ..." if len(lines) > 10 else "")


def verify(
    target: EvidenceStore | str | os.PathLike,
    progress: Callable[[int, int], None] | None = None,
    *,
    anchor: Mapping | None = None,
    public_key=None,
) -> VerifyReport:
    """Recheck a store: every manifest line parses, the hash chain and line numbers are intact, every object a
    line references exists, decompresses and has the recorded SHA-256 and size; objects no line references
    are reported as orphans (not errors). An object that is gone but whose capture lines are all followed by a
    purge line is counted as purged (not an error); one captured again after its purge must exist. `anchor`
    is a `head()` recorded earlier: the manifest must still have that line with that hash. Every signed head in
    signatures.jsonl (core.signing) must verify with `public_key` and be found in the manifest likewise.
    `progress(done, total)` is called while objects are checked."""
    store = target if isinstance(target, EvidenceStore) else EvidenceStore(target)
    root = store.root
    if not root.is_dir():
        raise FileNotFoundError(f"no evidence store at {root}")
    from core.signing import check_signatures

    heads, sign_problems = check_signatures(root, public_key)
    check = _Verification(store, anchor, heads)
    for kind, _line, message in sign_problems:
        if kind == "unverified":
            check.rep.notes.append(message)
        else:
            check.problem(kind, None, None, message)
    check.read_manifest()
    if anchor:
        check.check_anchor()
    check.check_signed_heads()
    check.check_objects(progress)
    check.check_warc()
    check.find_orphans()
    return check.rep


def _parse_line(raw: bytes) -> tuple[dict | None, str | None]:
    """A manifest line as a record, or None and why it is not one."""
    rec = None
    why = None
    try:
        rec = json.loads(raw)
    except ValueError as exc:
        why = f"not JSON ({exc})"
    if rec is not None:
        if not isinstance(rec, dict):
            why, rec = "not a JSON object", None
        elif rec.get("kind", "capture") not in ("capture", PURGE):
            why, rec = f"unknown kind {rec.get('kind')!r}", None
        elif not (
            isinstance(rec.get("sha256"), str)
            and _SHA_RE.fullmatch(rec["sha256"])
            and (isinstance(rec.get("size"), int) or rec.get("kind") == PURGE)
            and isinstance(rec.get("prev"), str)
            and isinstance(rec.get("seq"), int)
        ):
            why, rec = "missing or malformed sha256/size/seq/prev", None
    return rec, why


class _Verification:
    """One run of `verify`: the manifest is read line by line (chain, line numbers, which lines use which object),
    then the objects are checked against what the lines recorded; everything found goes into `rep`."""

    def __init__(self, store: EvidenceStore, anchor: Mapping | None, heads: list | None = None):
        self.store = store
        self.heads = heads or []  # signed heads whose signatures verified (core.signing.SignedHead)
        self.warc_refs: list[tuple[int, dict]] = []  # (line, where its WARC record is)
        self.hash_at: dict[int, str] = {h.lines: "" for h in self.heads}  # line -> its hash, for those lines
        self.rep = VerifyReport()
        # sha -> [first line, {claimed size: first line claiming it}, [capture lines after the last purge],
        #         [purge lines]]
        self.refs: dict[str, list] = {}
        self.expected_prev = GENESIS
        self.prev_seq: int | None = None  # seq of the previous line when it parsed
        self.seq_offset = 0  # seq - line number seen so far (a change means lines were removed or inserted)
        self.prev_line_hash_at_anchor = None
        self.anchor_record = anchor
        self.anchor_lines = int(anchor["lines"]) if anchor else 0

    def problem(self, kind, line, sha, message):
        self.rep.problems.append(Problem(kind, line, sha, message))

    # ------------------------------------------------------------------ the manifest

    def read_manifest(self) -> None:
        if self.store.manifest_path.exists():
            with open(self.store.manifest_path, "rb") as f:
                for n, raw in enumerate(f, 1):
                    self.check_line(n, raw)

    def check_line(self, n: int, raw: bytes) -> None:
        rep = self.rep
        rep.lines = n
        complete = raw.endswith(b"\n")
        rec, why = _parse_line(raw)
        if rec is None:
            rep.parse_errors += 1
            tail = "" if complete else " (last line is incomplete: an interrupted write?)"
            self.problem("parse", n, None, f"line {n}: {why}{tail}")
            self.prev_seq = None
        else:
            seq = rec["seq"]
            if rec["prev"] != self.expected_prev:
                self.chain_break(n, seq)
            if seq - n != self.seq_offset:
                gap = seq - n - self.seq_offset
                what = f"{gap} line(s) removed" if gap > 0 else f"{-gap} line(s) inserted"
                self.problem("seq", n, None, f"line {n} was written as line {seq}: {what} before it")
                self.seq_offset = seq - n
            self.prev_seq = seq
            self.reference(n, rec)
        line_hash = hashlib.sha256(raw).hexdigest()
        if n == self.anchor_lines:
            self.prev_line_hash_at_anchor = line_hash
        if n in self.hash_at:
            self.hash_at[n] = line_hash
        self.expected_prev = line_hash

    def chain_break(self, n: int, seq: int) -> None:
        """Line `n` (written as line `seq`) does not record the hash of the line before it: say where it broke."""
        rep, prev_seq = self.rep, self.prev_seq
        rep.chain_breaks += 1
        if n == 1:
            where, msg = 1, "line 1 does not start the chain: lines were removed from the start"
        elif prev_seq is None:
            where = n - 1
            msg = (
                f"line {n - 1} (unreadable) does not match the prev recorded in line {n}:"
                " it was altered, damaged or inserted"
            )
        elif prev_seq is not None and seq == prev_seq + 1:
            where = n - 1
            msg = (
                f"line {n - 1} was altered after it was written: its hash no longer matches the"
                f" prev recorded in line {n} (or line {n}'s prev was altered)"
            )
        else:
            where = n
            msg = f"chain broken before line {n}: lines were removed or inserted before it"
        if rep.first_chain_break is None:
            rep.first_chain_break = where
        self.problem("chain", where, None, msg)

    def reference(self, n: int, rec: dict) -> None:
        """Note which object line `n` captures or purges (and which WARC record it points at)."""
        if isinstance(rec.get("warc"), dict):
            self.warc_refs.append((n, rec["warc"]))
        sha = rec["sha256"]
        ref = self.refs.get(sha)
        if rec.get("kind") == PURGE:
            if ref is None:
                self.problem("purge", n, sha, f"line {n} purges {sha}, which no earlier line captured")
            else:
                ref[2] = []  # the captures so far are covered by this purge
                ref[3].append(n)
        elif ref is None:
            self.refs[sha] = [n, {rec["size"]: n}, [n], []]
        else:
            ref[1].setdefault(rec["size"], n)
            ref[2].append(n)

    def check_anchor(self) -> None:
        """The manifest still has the anchor's line, with the anchor's hash."""
        anchor, anchor_lines, rep = self.anchor_record, self.anchor_lines, self.rep
        if rep.lines < anchor_lines:
            self.problem(
                "anchor",
                anchor_lines,
                None,
                f"the anchor recorded {anchor_lines} lines but the manifest has {rep.lines}: lines were removed",
            )
        elif anchor_lines and self.prev_line_hash_at_anchor != anchor.get("sha256"):
            self.problem("anchor", anchor_lines, None, f"line {anchor_lines} does not match the anchor: it was altered")

    def check_signed_heads(self) -> None:
        """The manifest still has each signed line with its signed hash; lines after the last one are reported."""
        for head in self.heads:
            when = f"signed at {head.signed_at} by {head.signed_by}"
            if self.rep.lines < head.lines:
                self.problem("signed", head.lines, None,
                             f"the manifest has {self.rep.lines} lines, but a head of {head.lines} lines was {when}: "
                             f"lines {self.rep.lines + 1}-{head.lines} were cut")  # fmt: skip
            elif head.lines and self.hash_at.get(head.lines) != head.sha256:
                self.problem("signed", head.lines, None,
                             f"line {head.lines} is not the line {when}: it, or the chain up to it, was altered")
        if not self.heads:
            if self.rep.lines:
                self.rep.notes.append("no signed head: a cut of the last lines would go unseen (`imt evidence sign`)")
            return
        last = max(h.lines for h in self.heads)
        self.rep.signed_lines = min(last, self.rep.lines)
        if self.rep.lines > last:
            self.rep.notes.append(f"lines {last + 1}-{self.rep.lines} come after the last signed head (covered by "
                                  "the chain only until the next signature)")  # fmt: skip

    def check_warc(self) -> None:
        """Each WARC record a line points at is there, readable, of the recorded id, and its payload has the recorded
        digest (recomputed for a response; a revisit carries its original's)."""
        from core.warc import WARC_DIR, read_record, sha256_label

        folder = self.store.root / WARC_DIR
        for n, ptr in self.warc_refs:
            where = f"{ptr.get('file')} at offset {ptr.get('offset')}"
            try:
                rec_type, record_id, digest, payload = read_record(folder, ptr)
            except Exception as exc:  # noqa: BLE001 - missing file, bad gzip, a cut file: all mean the same here
                self.problem("warc", n, None, f"line {n}: the WARC record in {where} cannot be read "
                                              f"({type(exc).__name__}: {exc})")  # fmt: skip
                continue
            expected = "revisit" if ptr.get("revisit") else "response"
            if rec_type != expected or record_id != ptr.get("record_id"):
                self.problem("warc", n, None, f"line {n}: {where} holds {rec_type} {record_id}, not the {expected} "
                                              f"{ptr.get('record_id')} it recorded")  # fmt: skip
            elif digest != ptr.get("payload_digest") or (expected == "response" and sha256_label(payload) != digest):
                self.problem("warc", n, None, f"line {n}: the WARC record in {where} does not have the recorded "
                                              "payload digest: it was altered")  # fmt: skip

    # ------------------------------------------------------------------ the objects

    def check_objects(self, progress: Callable[[int, int], None] | None) -> None:
        """Objects referenced by the manifest."""
        total = len(self.refs)
        step = max(1, total // 100)
        for done, (sha, (first, sizes, lines, purges)) in enumerate(self.refs.items(), 1):
            self.check_object(sha, first, sizes, lines, purges)
            if progress and (done % step == 0 or done == total):
                progress(done, total)

    def check_object(self, sha: str, first: int, sizes: dict, lines: list, purges: list) -> None:
        rep = self.rep
        rep.objects_checked += 1
        path = self.store.path_for(sha)
        used_by = _describe_lines(lines or purges)
        h, size = hashlib.sha256(), 0
        try:
            with gzip.open(path, "rb") as g:
                while chunk := g.read(_CHUNK):
                    h.update(chunk)
                    size += len(chunk)
        except FileNotFoundError:
            if purges and not lines:  # deleted by retention, and the deletion is on record
                rep.purged += 1
            else:
                rep.missing += 1
                after = f" after its purge on line {purges[-1]}" if purges else ""
                self.problem("missing", lines[0], sha, f"object {sha} is missing (used by {used_by}{after})")
            return
        except (OSError, EOFError, zlib.error) as exc:
            rep.corrupt += 1
            self.problem("corrupt", first, sha, f"object {sha} does not decompress: {exc} (used by {used_by})")
            return
        if h.hexdigest() != sha:
            rep.corrupt += 1
            self.problem("corrupt", first, sha, f"object {sha} content hashes to {h.hexdigest()} (used by {used_by})")
            return
        bad = [(claimed, ln) for claimed, ln in sizes.items() if claimed != size]
        for claimed, ln in bad:
            rep.size_mismatches += 1
            self.problem("size", ln, sha, f"line {ln} records size {claimed} for {sha}, the object has {size}")
        if not bad:
            rep.objects_ok += 1

    def find_orphans(self) -> None:
        """Objects no line references (not errors), and a store whose manifest is gone while objects remain."""
        store, rep = self.store, self.rep
        if not store.objects_dir.is_dir():
            return
        for dirpath, _dirs, files in os.walk(store.objects_dir):
            for name in files:
                path = Path(dirpath, name)
                m = _OBJECT_NAME.fullmatch(name)
                if m and m.group(1) in self.refs and path == store.path_for(m.group(1)):
                    continue
                rep.orphans += 1
                sha = m.group(1) if m else None
                what = "leftover temporary file" if name.startswith(_TMP_PREFIX) else "not referenced by the manifest"
                self.problem("orphan", None, sha, f"{path.relative_to(store.root)}: {what}")
        if not store.manifest_path.exists() and rep.orphans:
            self.problem("manifest", None, None, f"{store.manifest_path} is missing but the store holds objects")


# --------------------------------------------------------------------------- case-export bundles


@dataclass
class BundleReport:
    files_listed: int = 0
    files_ok: int = 0
    missing: int = 0
    mismatched: int = 0
    extra: int = 0
    manifest_sha256: str | None = None
    problems: list[Problem] = field(default_factory=list)
    allow_extra: bool = False

    @property
    def ok(self) -> bool:
        return not any(p.error and not (p.kind == "extra" and self.allow_extra) for p in self.problems)

    def summary(self) -> str:
        return (
            f"{'OK' if self.ok else 'FAILED'}: files listed {self.files_listed}, ok {self.files_ok}, missing "
            f"{self.missing}, mismatched {self.mismatched}, extra {self.extra}; manifest.json sha256 "
            f"{self.manifest_sha256}"
        )


def _bundle_files(folder: Path) -> set[str]:
    found = set()
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            rel = Path(dirpath, name).relative_to(folder).as_posix()
            if rel != BUNDLE_MANIFEST:
                found.add(rel)
    return found


def write_bundle_manifest(folder: str | os.PathLike, meta: Mapping | None = None) -> str:
    """Hash every file in `folder` (except manifest.json) and write manifest.json atomically; returns the
    SHA-256 of manifest.json, the value to record with the case."""
    folder = Path(folder)
    files = []
    for rel in sorted(_bundle_files(folder)):
        sha, size = _sha256_file(folder / rel)
        files.append({"path": rel, "sha256": sha, "size": size})
    doc = {"format": BUNDLE_FORMAT, "created_at": now_iso_us(), **(meta or {}), "files": files}
    data = (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    atomic_write(folder / BUNDLE_MANIFEST, data, prefix=_TMP_PREFIX, mkdir=False)
    return hashlib.sha256(data).hexdigest()


def verify_bundle(folder: str | os.PathLike, *, allow_extra: bool = False) -> BundleReport:
    """Recheck a case-export bundle against its manifest.json: each listed file's SHA-256 and size; missing
    files, mismatched files and files not listed (extra; errors unless `allow_extra`)."""
    folder = Path(folder)
    rep = BundleReport(allow_extra=allow_extra)

    def problem(kind, path, sha, message):
        rep.problems.append(Problem(kind, None, sha, message, path=path))

    mpath = folder / BUNDLE_MANIFEST
    try:
        raw = mpath.read_bytes()
        rep.manifest_sha256 = hashlib.sha256(raw).hexdigest()
        doc = json.loads(raw)
        entries = doc["files"]
        if not isinstance(entries, list):
            raise TypeError("'files' is not a list")
    except FileNotFoundError:
        problem("manifest", BUNDLE_MANIFEST, None, f"{mpath} is missing")
        return rep
    except (ValueError, KeyError, TypeError) as exc:
        problem("manifest", BUNDLE_MANIFEST, None, f"{mpath} is not a bundle manifest: {exc}")
        return rep

    base = folder.resolve()
    listed: set[str] = set()
    for i, entry in enumerate(entries, 1):
        rep.files_listed += 1
        try:
            rel, sha, size = entry["path"], entry["sha256"], entry["size"]
            _check_sha(sha)
            if not isinstance(rel, str) or not isinstance(size, int):
                raise TypeError
        except (KeyError, TypeError, ValueError):
            problem("manifest", None, None, f"files[{i}] needs a path, a sha256 and a size: {entry!r}")
            continue
        pure = PurePosixPath(rel)
        if pure.is_absolute() or ".." in pure.parts or "\\" in rel or not pure.parts or rel == BUNDLE_MANIFEST:
            problem("bad_path", rel, sha, f"files[{i}]: {rel!r} is not a relative path inside the bundle")
            continue
        if pure.as_posix() in listed:
            problem("duplicate", rel, sha, f"files[{i}]: {rel} is listed twice")
            continue
        listed.add(pure.as_posix())
        path = folder / pure
        if not path.resolve().is_relative_to(base):
            problem("bad_path", rel, sha, f"{rel} points outside the bundle")
            continue
        try:
            actual, actual_size = _sha256_file(path)
        except FileNotFoundError:
            rep.missing += 1
            problem("missing", rel, sha, f"{rel} is missing")
            continue
        except IsADirectoryError:
            rep.missing += 1
            problem("missing", rel, sha, f"{rel} is a folder, not a file")
            continue
        if actual != sha or actual_size != size:
            rep.mismatched += 1
            problem(
                "mismatch",
                rel,
                sha,
                f"{rel}: recorded sha256 {sha} size {size}, found sha256 {actual} size {actual_size}",
            )
        else:
            rep.files_ok += 1

    for rel in sorted(_bundle_files(folder) - listed):
        rep.extra += 1
        problem("extra", rel, None, f"{rel} is in the bundle but not in its manifest")
    return rep


class ManifestIndex:
    """Capture records by capture id and by SHA-256 (the latest), kept up to date by reading only the lines
    appended to the manifest since the last lookup: a document page does not rescan the whole manifest."""

    def __init__(self, store: EvidenceStore):
        self.store = store
        self.offset = 0
        self.by_capture: dict[str, dict] = {}
        self.by_sha: dict[str, dict] = {}
        self.purges: dict[str, dict] = {}  # sha -> the latest purge line, while no capture came after it
        self._lock = threading.Lock()

    def _update(self) -> None:
        with self._lock:
            for end, rec in self.store.records_from(self.offset):
                self.offset = end
                sha = rec.get("sha256")
                if not is_capture(rec):
                    if rec.get("kind") == PURGE and sha:
                        self.purges[sha] = rec
                    continue
                if rec.get("capture_id"):
                    self.by_capture[rec["capture_id"]] = rec
                if sha:
                    self.by_sha[sha] = rec
                    self.purges.pop(sha, None)

    def lookup(self, capture_id: str | None, sha: str | None) -> dict | None:
        """The capture record (a purged capture's record too: its object is gone, its record stays)."""
        self._update()
        return (capture_id and self.by_capture.get(capture_id)) or (sha and self.by_sha.get(sha)) or None

    def purged(self, sha: str) -> dict | None:
        """The purge line that deleted this capture's object, if it was purged (and not captured again)."""
        self._update()
        return self.purges.get(sha)
