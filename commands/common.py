"""What the command modules share: the configuration of the running command, the one-line user error, the
acting user, and files a user names (read as UTF-8 lines, written whole or not at all)."""

from __future__ import annotations

import errno
import functools
import json
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import click

import config as configuration
from ops import OpsError


class UserError(OpsError):
    """Something the user can fix; shown as one line (an OpsError, so `imt` and `python -m ops` show it alike)."""


def cfg_of(ctx: click.Context) -> configuration.Config:
    return ctx.obj["cfg"]


def utf8_lines(fh, name):
    """(line number, text) for each line of a binary stream, decoded as UTF-8 (a byte-order mark on line 1 is
    dropped). Lines end at \\n only. A line that is not UTF-8 stops everything with its number."""
    for n, raw in enumerate(fh, 1):
        try:
            yield n, raw.decode("utf-8-sig" if n == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise UserError(
                f"{name} line {n}: not UTF-8 text (byte {exc.start + 1} of the line is 0x{raw[exc.start]:02x}); "
                "save the file as UTF-8"
            ) from None


def check_utf8_file(path: Path) -> None:
    """Refuse a text file that cannot be read or is not UTF-8, naming the first bad line."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror}") from None
    with fh:
        for _ in utf8_lines(fh, path):
            pass


def is_special(path: Path) -> bool:
    """A device or pipe (/dev/null, /dev/stdout, a FIFO): written in place, never replaced."""
    return path.exists() and not path.is_file() and not path.is_dir()


def same_file(output: Path, source: Path | str) -> bool:
    """Whether `output` is `source` under another spelling (./x and x, a symlink, a hard link); "-" is stdin."""
    try:
        if str(source) == "-":
            return os.path.samestat(os.fstat(sys.stdin.fileno()), os.stat(output))
        return os.path.samefile(source, output)
    except (OSError, ValueError):  # either does not exist (or stdin is closed): not the same file
        return False


def check_output_file(output: Path, option: str = "--output", inputs: tuple = ()) -> None:
    """Refuse, before any work, an output file that cannot be written or that is one of the command's inputs."""
    if not str(output).strip():
        raise UserError(f"{option} is empty: give a file name")
    if is_special(output):
        return
    if output.is_dir():
        raise UserError(f"{option} {output} is a folder: give a file name")
    target = Path(os.path.realpath(output))  # a symlink's target is written, the link kept
    folder = output.parent if target.parent == Path(os.path.realpath(output.parent)) else target.parent
    if not target.parent.is_dir():
        state = f"{folder} is not a folder" if target.parent.exists() else f"folder {folder} does not exist"
        raise UserError(f"cannot write {output}: {state}")
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise UserError(f"cannot write {output}: folder {folder} is not writable")
    for source in inputs:
        if same_file(output, source):
            shown = "the standard input" if str(source) == "-" else f"the input {source}"
            raise UserError(f"{option} {output} is {shown}: write to another file (the input is left as it is)")


WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS}


@contextmanager
def atomic_output(output: Path, newline: str | None = None):
    """A UTF-8 text stream for `output`: a temporary file beside it, flushed to disk and renamed over it when the
    block ends without an error, removed when it does not (Ctrl-C included), so a reader never sees half a file.
    A device or pipe is written in place. Failures to write (disk full ...) become one line."""
    special = is_special(output)
    target = output if special else Path(os.path.realpath(output))
    tmp = None

    def failed(exc: OSError) -> UserError:
        return UserError(f"cannot write {output}: {exc.strerror or exc}")

    try:
        if special:
            fh = output.open("w", encoding="utf-8", newline=newline)
        else:
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            fh = os.fdopen(fd, "w", encoding="utf-8", newline=newline)
    except OSError as exc:
        raise failed(exc) from None
    try:
        try:
            yield fh
        except OSError as exc:  # the block's writes fail so; its other errors are its own
            if exc.errno not in WRITE_ERRNOS:
                raise
            raise failed(exc) from None
        try:
            fh.flush()  # a full disk may only show here
            if tmp:
                os.fsync(fh.fileno())
            fh.close()
            if tmp:
                os.chmod(tmp, file_mode(target))
                os.replace(tmp, target)
        except OSError as exc:
            raise failed(exc) from None
    finally:
        if not fh.closed:
            try:
                fh.close()
            except OSError:  # what is left in its buffer cannot be written either: the file is dropped anyway
                pass
        if tmp and os.path.lexists(tmp):
            os.unlink(tmp)


def file_mode(target: Path) -> int:
    """The mode a written file gets: the replaced file's, or the usual one for a new file (0666 less the umask;
    mkstemp's temporary file is 0600)."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        return 0o666 & ~current_umask()


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def json_line(record: dict) -> str:
    """One JSON line; text that is not valid Unicode (a lone surrogate from a \\ud800 escape) is written escaped,
    as it came, instead of failing the UTF-8 file."""
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record)
    return line + "\n"


def size_text(n: int | None) -> str:
    from core.progress import human_bytes

    return human_bytes(n or 0)


def filter_options(f):
    """The filters shared by `imt search`, `imt facets` and `imt export`."""
    options = [
        click.option("--min-score", type=click.FloatRange(0, 1), default=None, help="Lowest classifier score."),
        click.option("--label", type=click.Choice(["0", "1"]), default=None, help="1 = flagged, 0 = not flagged."),
        click.option("--source", "sources", multiple=True, help="Only these sources (repeatable)."),
        click.option("--type", "types", multiple=True, help="Source type: site, telegram, onion (repeatable)."),
        click.option("--lang", "langs", multiple=True, help="Language: en, ru, uz-latn, uz-cyrl (repeatable)."),
        click.option("--kind", "kinds", multiple=True, help="Classifier kind, e.g. sale_ad, dead_drop, news."),
        click.option("--since", default=None, help="Fetched on or after (YYYY-MM-DD or ISO date-time)."),
        click.option("--until", default=None, help="Fetched on or before (YYYY-MM-DD: the whole day)."),
        click.option(
            "--entity",
            "entities",
            multiple=True,
            help="TYPE:VALUE, e.g. phone:+998901234567, handle:@shop, wallet:, onion:, substance:, place:.",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def filters_of(kw: dict):
    from search.query import Filters

    label = kw.pop("label")
    return Filters(
        min_score=kw.pop("min_score"),
        label=None if label is None else int(label),
        sources=kw.pop("sources"),
        types=kw.pop("types"),
        langs=kw.pop("langs"),
        kinds=kw.pop("kinds"),
        since=kw.pop("since"),
        until=kw.pop("until"),
        entities=kw.pop("entities"),
    )


def num_text(value) -> str:
    return "-" if value is None else f"{float(value):.4f}"


def iso_date(value: str | None) -> str | None:
    if not value:
        return None
    from datetime import UTC, datetime

    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        raise UserError(f"--since {value!r} is not a date; use ISO form, e.g. 2026-11-01T08:00Z") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_folder_output(folder: Path, option: str) -> None:
    """Refuse, before any work, a folder to write into that is a file or cannot be created."""
    if not str(folder).strip():
        raise UserError(f"{option} is empty: give a folder")
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{option} {folder} is a file, not a folder")
    existing = Path(os.path.abspath(folder))
    while not existing.exists():  # the nearest folder that exists: the rest is created
        existing = existing.parent
    if not existing.is_dir():
        raise UserError(f"cannot create {folder}: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UserError(f"cannot write {folder}: folder {existing} is not writable")


def write_into_folder(folder: Path, write) -> dict[str, Path]:
    """Run `write(staging)` (files into a new folder, returning {key: path}) in a temporary folder beside `folder`,
    then move the files into `folder` (renaming the whole folder when it is new): an error leaves no half-written
    files. Returns the moved paths."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.tmp-"))
    except OSError as exc:
        raise UserError(f"cannot write {folder}: {exc.strerror}") from None
    try:
        written = write(staging)
        if not folder.exists():
            os.chmod(staging, 0o777 & ~current_umask())  # mkdtemp's folder is 0700
            os.rename(staging, folder)
        else:
            for path in written.values():
                os.replace(path, folder / path.name)
        return {key: folder / path.name for key, path in written.items()}
    except OSError as exc:
        raise UserError(f"cannot write {folder}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def report_rescore(version: str, result, as_json: bool = False) -> None:
    """The line (or JSON object) for a re-score; exit 1 when Elasticsearch refused some updates."""
    if result is None:
        return
    if as_json:
        click.echo(json.dumps(result.as_dict()))
    else:
        state = "complete" if result.complete else "stopped early: run `imt index rescore` again to continue"
        click.echo(
            f"Re-scored {result.updated} documents with {version} in {result.seconds}s"
            + (f" (after {result.resumed_after} done by an earlier run)" if result.resumed_after else "")
            + (f"; {result.failed} refused" if result.failed else "")
            + f"; {state}"
        )
    if result.failed:
        click.echo(f"error: Elasticsearch refused {result.failed} updates (see the log); run again to retry", err=True)
        sys.exit(1)


def echo_json_lines(rows) -> None:
    """JSON lines on stdout, one object a line, text as it is (not \\u-escaped)."""
    for row in rows:
        click.echo(json.dumps(row, ensure_ascii=False))


def audited(action: str, target: str | None = None, changes=None):
    """Record the command in the audit log (ops.audit) when it has run: who, the command, its parameters, and
    whether it ended well (an exit code other than 0 is recorded as not ok). `target` names the parameter that
    says what was changed; `changes(params)` says whether this run changes anything (a dry run does not). A command
    stopped by an error a user can fix changed nothing and is not recorded.
    Put it below the click decorators, right above the function."""

    def wrap(fn):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            from ops.audit import record

            ctx = click.get_current_context()
            command = ctx.command_path.split(" ", 1)[-1]
            params = {k: v for k, v in ctx.params.items() if v not in (None, False, (), [])}
            ok = True
            try:
                return fn(*args, **kwargs)
            except SystemExit as exc:
                ok = exc.code in (0, None)
                raise
            except Exception:
                ok = None  # nothing recorded: the boundary reports it
                raise
            finally:
                if ok is not None and (changes is None or changes(ctx.params)):
                    value = params.get(target) if target else ""
                    shown = " ".join(map(str, value)) if isinstance(value, (list, tuple)) else value
                    record(cfg_of(ctx), action, target=str(shown or command), ok=ok,
                           details={"command": command, "params": params})  # fmt: skip

        return run

    return wrap
