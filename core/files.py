"""Atomic file writes: one helper for every file the product rewrites (models, schedules, checkpoints, exports,
spool segments, evidence objects). The new content goes to a temporary file in the same folder, is flushed and
fsynced, and replaces the old file in one rename; a reader sees the old file or the new one, never half of one,
and a failed write leaves no temporary file behind."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


def write_all(fd: int, data: bytes) -> None:
    """os.write until every byte is written (a write may be short)."""
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def fsync_dir(folder: Path) -> None:
    """fsync a folder so that a rename in it survives a crash (where the file system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.EBADF):
            raise
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_open(path: Path | str, *, binary: bool = False, mode: int = 0o644, fsync: bool = True,
                prefix: str | None = None, newline: str | None = None, mkdir: bool = True) -> Iterator[IO]:  # fmt: skip
    """A file handle whose content replaces `path` when the block ends without an error (file mode `mode`);
    on an error the temporary file is removed and `path` is left as it was."""
    path = Path(path)
    if mkdir:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix or f".{path.name}.", suffix=".tmp")
    try:
        with open(fd, "wb" if binary else "w", encoding=None if binary else "utf-8",
                  newline=None if binary else newline) as fh:  # fmt: skip
            yield fh
            fh.flush()
            if fsync:
                os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if fsync:
        fsync_dir(path.parent)


def atomic_write(path: Path | str, data: bytes | str, **kwargs) -> None:
    """Replace `path` with `data` (bytes, or text written as UTF-8) atomically; options as atomic_open."""
    with atomic_open(path, binary=isinstance(data, bytes), **kwargs) as fh:
        fh.write(data)


@contextlib.contextmanager
def file_lock(path: Path | str) -> Iterator[None]:
    """An exclusive flock(2) on `.<stem>.lock` beside `path` for the length of the block: for a read-modify-write
    of a file that several processes change (the schedule, which the CLI and the web app both edit). Readers need
    no lock: every write is atomic. The kernel lets go when the holder ends, however it ends."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.parent / f".{path.stem}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
