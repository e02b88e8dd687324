"""`imt`: the command line face of IMT Monitor. Thin: every command calls the packages' functions."""

from __future__ import annotations

import contextlib
import csv
import errno
import importlib
import io
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile
from contextlib import contextmanager
from pathlib import Path

import click

import config as configuration
from core.actor import acting_user
from core.clock import now_iso
from core.progress import log_line, note
from ops import crawl as ops_crawl
from ops import demo_web as ops_demo
from ops import training as ops_training

log = logging.getLogger("imt")


class UserError(Exception):
    """Something the user can fix; shown as one line."""


# (module, exception class): the errors a user can cause, shown as one line
USER_ERRORS = (
    ("ops", "OpsError"),
    ("search.runs", "RunNotFound"),
    ("crawler.schedule", "ScheduleError"),
    ("search.retention", "RetentionError"),
    ("search.mapping", "MappingConflict"),
    ("search.migrate", "MigrationError"),
    ("search.node", "NodeError"),
    ("search.client", "SearchUnavailable"),
    ("search.export", "ExportError"),
    ("search.query", "QueryError"),
    ("crawler.sources", "SourceError"),
    ("classifier.registry", "ModelMissing"),
    ("classifier.train", "CorpusError"),
    ("classifier.labels", "LabelFileError"),
    ("classifier.evaluate", "EvaluationError"),
    ("classifier.registry", "PromotionRefused"),
    ("classifier.registry", "RegistryError"),
    ("search.rescore", "RescoreInterrupted"),
    ("search.watch", "WatchError"),
    ("search.users", "UserAccountError"),
    ("web.server", "ServeError"),
    ("web.settings", "WebConfigError"),
)


def _user_errors() -> tuple[type[Exception], ...]:
    """The exception classes shown as one line. A module that cannot be imported (an optional dependency
    missing, say) cannot have raised its error, so it is skipped rather than breaking every error message."""
    found: list[type[Exception]] = [UserError, configuration.ConfigError]
    for module, name in USER_ERRORS:
        try:
            found.append(getattr(importlib.import_module(module), name))
        except Exception:  # noqa: BLE001, S112 - any import failure: that module raised nothing
            continue
    return tuple(found)


class ImtGroup(click.Group):
    """Turns the errors a user can cause into one clear line and a non-zero exit; never a stack trace."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # a wrong option or argument: click's message, on one line
            where = exc.ctx.command_path if exc.ctx else ctx.command_path
            click.echo(f"error: {_one_line(exc.format_message())} (see `{where} --help`)", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:  # the reader went away (`imt search --json | head`): nobody left to tell
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
            sys.exit(141)
        except Exception as exc:  # noqa: BLE001 - the boundary where errors become messages
            if isinstance(exc, _user_errors()):
                click.echo(f"error: {exc}", err=True)
                sys.exit(2)
            logfile = _log_path()
            try:
                logfile.parent.mkdir(parents=True, exist_ok=True)
                with logfile.open("a", encoding="utf-8") as fh:
                    fh.write(f"--- {now_iso()} {sys.argv}\n")
                    fh.write(traceback.format_exc())
                where = f" (details in {logfile})"
            except OSError:
                where = ""
            click.echo(f"error: unexpected {type(exc).__name__}: {_one_line(str(exc))}{where}", err=True)
            sys.exit(1)


def _one_line(message: str) -> str:
    """A message as one line (click's and a library's messages may hold line breaks)."""
    return " ".join(message.split()) if "\n" in message or "\r" in message else message


def _log_path() -> Path:
    """var/logs/imt.log (under IMT_HOME): unexpected errors with their traceback, and the libraries' warnings
    that the console leaves out. Created when first written."""
    try:
        home = configuration.load().home
    except configuration.ConfigError:
        home = configuration.PROJECT_DIR / "var"
    return home / "logs" / "imt.log"


# the Elasticsearch client's own log lines ("node ... has failed, putting on timeout", retries): a command that
# cannot reach the cluster says so in one line; these go to the log file, and to the console only when
# IMT_LOG_LEVEL asks for INFO or DEBUG
CLIENT_LOGGERS = ("elastic_transport", "elasticsearch", "urllib3")


def _from_client(record: logging.LogRecord) -> bool:
    return record.name.split(".", 1)[0] in CLIENT_LOGGERS


def _not_from_client(record: logging.LogRecord) -> bool:
    return not _from_client(record)


class _LogFile(logging.Handler):
    """Appends records to the log file, opened per record (they are rare); a log that cannot be written is
    skipped without a word, so logging never turns into an error of its own."""

    def __init__(self, path: Path, level: int):
        super().__init__(level)
        self.path = path
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")
        except Exception:  # noqa: BLE001, S110 - see the class docstring
            pass


def _log_level(name: str) -> int:
    level = logging.getLevelName(str(name).strip().upper())
    if not isinstance(level, int):
        raise configuration.ConfigError(
            f"log level {name!r} (IMT_LOG_LEVEL or log_level in imt.toml) is not one of DEBUG, INFO, WARNING, "
            "ERROR, CRITICAL"
        )
    return level


def _cfg(ctx: click.Context) -> configuration.Config:
    return ctx.obj["cfg"]


# a line on stderr for the operator as it is (_note) or indented as a progress line (_progress); a JSON object
# each when log_format is json
_note, _progress = note, log_line


# -- files a user names: read as UTF-8 lines, written whole or not at all ----------------------------------------
def _utf8_lines(fh, name):
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


def _check_utf8_file(path: Path) -> None:
    """Refuse a text file that cannot be read or is not UTF-8, naming the first bad line."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror}") from None
    with fh:
        for _ in _utf8_lines(fh, path):
            pass


def _special(path: Path) -> bool:
    """A device or pipe (/dev/null, /dev/stdout, a FIFO): written in place, never replaced."""
    return path.exists() and not path.is_file() and not path.is_dir()


def _same_file(output: Path, source: Path | str) -> bool:
    """Whether `output` is `source` under another spelling (./x and x, a symlink, a hard link); "-" is stdin."""
    try:
        if str(source) == "-":
            return os.path.samestat(os.fstat(sys.stdin.fileno()), os.stat(output))
        return os.path.samefile(source, output)
    except (OSError, ValueError):  # either does not exist (or stdin is closed): not the same file
        return False


def _check_output(output: Path, option: str = "--output", inputs: tuple = ()) -> None:
    """Refuse, before any work, an output file that cannot be written or that is one of the command's inputs."""
    if not str(output).strip():
        raise UserError(f"{option} is empty: give a file name")
    if _special(output):
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
        if _same_file(output, source):
            shown = "the standard input" if str(source) == "-" else f"the input {source}"
            raise UserError(f"{option} {output} is {shown}: write to another file (the input is left as it is)")


_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS}


@contextmanager
def _atomic_output(output: Path, newline: str | None = None):
    """A UTF-8 text stream for `output`: a temporary file beside it, flushed to disk and renamed over it when the
    block ends without an error, removed when it does not (Ctrl-C included), so a reader never sees half a file.
    A device or pipe is written in place. Failures to write (disk full ...) become one line."""
    special = _special(output)
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
            if exc.errno not in _WRITE_ERRNOS:
                raise
            raise failed(exc) from None
        try:
            fh.flush()  # a full disk may only show here
            if tmp:
                os.fsync(fh.fileno())
            fh.close()
            if tmp:
                os.chmod(tmp, _file_mode(target))
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


def _file_mode(target: Path) -> int:
    """The mode a written file gets: the replaced file's, or the usual one for a new file (0666 less the umask;
    mkstemp's temporary file is 0600)."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _json_line(record: dict) -> str:
    """One JSON line; text that is not valid Unicode (a lone surrogate from a \\ud800 escape) is written escaped,
    as it came, instead of failing the UTF-8 file."""
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record)
    return line + "\n"


@click.group(cls=ImtGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def main(ctx):
    """IMT Monitor: crawl, classify and search online drug-distribution content.

    Configuration comes from imt.toml and IMT_* environment variables (see README).
    """
    ctx.ensure_object(dict)
    ctx.obj["cfg"] = configuration.load()
    os.environ["IMT_LOG_FORMAT"] = ctx.obj["cfg"].log_format  # for core.progress here and the processes started
    level = _log_level(ctx.obj["cfg"].log_level)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _LogFile)]:  # an earlier run in this process
        root.removeHandler(handler)
    for handler in root.handlers:  # libraries that set their own loggers' levels (Scrapy sets DEBUG
        handler.setLevel(level)  # as a crawl starts) are held to IMT_LOG_LEVEL here
        if level > logging.INFO:
            handler.addFilter(_not_from_client)  # (once: a filter already there is not added again)
        else:
            handler.removeFilter(_not_from_client)
    from core.progress import JsonFormatter, json_logs

    if json_logs():
        for handler in root.handlers:
            handler.setFormatter(JsonFormatter())
    logfile = _LogFile(ctx.obj["cfg"].home / "logs" / "imt.log", max(level, logging.WARNING))
    logfile.addFilter(_from_client)
    root.addHandler(logfile)


# -- Elasticsearch node --------------------------------------------------------------------------------
@main.group()
def es():
    """Manage the local single-node Elasticsearch under var/ (skipped when IMT_ES_URL is set)."""


def _node(ctx):
    """The local node, or None (with a note) when IMT_ES_URL points at an existing cluster."""
    from search.node import Node

    cfg = _cfg(ctx)
    if not cfg.local_es:
        click.echo("IMT_ES_URL is set: using the cluster there, not a local node", err=True)
        return None
    return Node(cfg, echo=lambda m: click.echo(m, err=True))


class _PhaseBars:
    """`on_progress(phase, done, total)` as one Progress bar per phase; a message (`echo`) ends the current bar."""

    LABELS = {"download": ("fetched by mvn", "B"), "unpack": ("unpacked files", "")}

    def __init__(self):
        self.phase, self.bar = None, None

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        from core.progress import Progress

        if phase != self.phase or self.bar is None:
            self.close()
            what, unit = self.LABELS.get(phase, (phase, ""))
            # the download is mvn's: bytes are measured from the files it writes, elapsed time shown as well
            self.phase, self.bar = phase, Progress(what, total, unit=unit, elapsed=phase == "download")
        self.bar.update(done, total)

    def echo(self, message: str) -> None:
        self.close()
        _note(message)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


@es.command("install")
@click.pass_context
def es_install(ctx):
    """Fetch Elasticsearch's integration-test distribution from Maven Central and unpack it."""
    node = _node(ctx)
    if node:
        bars = _PhaseBars()
        node.echo = bars.echo
        try:
            node.install(on_progress=bars)
        finally:
            bars.close()


@es.command("start")
@click.pass_context
def es_start(ctx):
    """Start the local node as an unprivileged user and wait until it is healthy."""
    node = _node(ctx)
    if node:
        node.start()


@es.command("stop")
@click.pass_context
def es_stop(ctx):
    """Stop the local node."""
    node = _node(ctx)
    if node:
        node.stop()


@es.command("remove")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def es_remove(ctx, yes):
    """Stop the local node and delete its install, data and logs, wherever they live (var/elasticsearch/, or the
    folder under IMT_ES_SYSTEM_DIR that var/elasticsearch/LOCATION names). Every indexed document is lost; the
    download stays in Maven's local repository, so `imt es install` is quick again."""
    node = _node(ctx)
    if not node:
        return
    if not yes:
        click.confirm(f"Delete the local node's install and data in {node.root}?", abort=True, err=True)
    removed = node.remove()
    click.echo(f"Removed {node.root}" if removed else f"Nothing to remove in {node.root}", err=True)


@es.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def es_status(ctx, as_json):
    """Show whether the node is installed and running. Exits 1 when it is not running."""
    cfg = _cfg(ctx)
    if cfg.local_es:
        info = _node(ctx).status()
    else:
        from search.client import SearchUnavailable, connect

        try:
            health = connect(cfg).cluster.health()
            info = {"url": cfg.es_url, "running": True, "status": health["status"]}
        except SearchUnavailable:
            info = {"url": cfg.es_url, "running": False}
    if as_json:
        click.echo(json.dumps(info))
    else:
        for key, value in info.items():
            click.echo(f"{key:10} {value}")
    sys.exit(0 if info["running"] else 1)


# -- demo web -------------------------------------------------------------------------------------------
@main.group()
def demo():
    """The local demo web: a synthetic marketplace, forum, Telegram previews, news and classifieds."""


@demo.command("serve")
@click.option("--port", type=int, default=None, help="Port on 127.0.0.1 (default from IMT_DEMO_URL).")
@click.option("--pages", type=int, default=None, help="Scale the site, e.g. 100000 for the benchmark site.")
@click.pass_context
def demo_serve(ctx, port, pages):
    """Serve the demo web on 127.0.0.1 until Ctrl-C."""
    from demo.server import DemoServer

    cfg = _cfg(ctx)
    port = port or int(cfg.demo_url.rsplit(":", 1)[1].split("/")[0])
    server = DemoServer(port=port, pages=pages or cfg.demo_pages or None)
    click.echo(f"Serving the demo web on http://127.0.0.1:{port}/ (Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


# -- crawl ----------------------------------------------------------------------------------------------
def _size(n: int | None) -> str:
    from core.progress import human_bytes

    return human_bytes(n or 0)


def _print_summary(cfg, summary: dict) -> None:
    rate = summary["pages_crawled"] / max(summary["seconds"], 1e-9)
    click.echo(f"Pages crawled: {summary['pages_crawled']}  ({rate:.0f} pages/s, {summary['seconds']} s)")
    click.echo(f"Documents:     {summary['documents']}  flagged: {summary['flagged']}")
    click.echo(
        f"Indexed:       {summary['indexed']}  (new {summary['new']}, changed {summary['changed']}, "
        f"unchanged {summary['unchanged']}, gone {summary['gone']})  spooled: {summary['spooled']}  "
        f"dead-letter: {summary['dead_letter']}"
    )
    click.echo(
        f"Downloaded:    {_size(summary.get('bytes', 0))} in {summary.get('requests', 0)} requests"
        + (f"  proxy failures: {summary['proxy_failures']}" if summary.get("proxy_failures") else "")
    )
    if summary["rejected"]:
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(summary["rejected"].items()))
        click.echo(
            f"Rejected:      {sum(summary['rejected'].values())}  ({reasons}; see {cfg.home / 'state'}/rejected.jsonl)"
        )
    ctx = summary.get("context")
    if ctx and not ctx.get("skipped"):
        click.echo(
            f"Context:       {ctx['containers']} containers, {ctx['identifiers']} identifiers updated; "
            f"{ctx['changed']} documents re-scored ({ctx['newly_flagged']} newly flagged, "
            f"{ctx['unflagged']} no longer) in {ctx['seconds']} s"
        )
    for name, count in sorted(summary["by_source"].items()):
        click.echo(f"  {name:18} {count} documents  ({summary['finished'].get(name, '?')})")


@main.command()
@click.argument("names", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--redis-url", default=None, help="Be one worker of a crawl shared through this Redis (IMT_REDIS_URL).")
@click.option("--crawl-id", default=None, help="Name of the shared crawl in Redis (IMT_CRAWL_ID, default 'default').")
@click.pass_context
def crawl(ctx, names, as_json, redis_url, crawl_id):
    """Crawl sources (names or groups, e.g. `demo`), classify and index what they hold."""
    from search.client import unreachable_message

    cfg = _cfg(ctx)
    cfg.redis_url = redis_url or cfg.redis_url
    cfg.crawl_id = crawl_id or cfg.crawl_id
    if cfg.redis_url:
        from crawler.distributed import RedisUnavailable, check_redis

        try:
            check_redis(cfg.redis_url)
        except RedisUnavailable as exc:
            raise UserError(str(exc)) from None
    summary = ops_crawl.run_pipeline(cfg, list(names))
    if as_json:
        click.echo(json.dumps(summary))
    else:
        _print_summary(cfg, summary)
    if summary["es_down"]:
        click.echo(
            f"error: {unreachable_message(cfg)}; {summary['spooled']} documents were spooled to "
            f"{cfg.spool_dir} and will be indexed by `imt index replay` or the next crawl",
            err=True,
        )
        sys.exit(3)


@main.group()
def runs():
    """Crawl run history: every `imt crawl`, with its status and counts."""


@runs.command("list")
@click.option("--source", default=None, help="Only runs that crawled this source.")
@click.option("--status", type=click.Choice(["running", "finished", "interrupted", "failed"]), default=None)
@click.option("--limit", "-n", type=click.IntRange(1, 10_000), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one run a line.")
@click.pass_context
def runs_list(ctx, source, status, limit, as_json):
    """The latest crawl runs, newest first."""
    from search import runs as run_store
    from search.client import connect

    cfg = _cfg(ctx)
    found = list(run_store.list_runs(connect(cfg), cfg.index, source=source, status=status, size=limit))
    if as_json:
        for run in found:
            click.echo(json.dumps(run, ensure_ascii=False))
        return
    if not found:
        click.echo("No crawl runs recorded yet")
        return
    click.echo(f"{'run':<25} {'status':<11} {'started':<20} {'secs':>6} {'pages':>6} {'docs':>6} {'new':>5} "
               f"{'flag':>5} {'err':>4} {'proxy':>5} {'bytes':>9}  sources")  # fmt: skip
    for r in found:
        click.echo(
            f"{r['run_id']:<25} {r['status']:<11} {r['started_at']:<20} {r.get('seconds') or 0:>6.0f} "
            f"{r.get('pages_crawled', 0):>6} {r.get('documents', 0):>6} {r.get('new', 0):>5} "
            f"{r.get('flagged', 0):>5} {r.get('errors', 0):>4} {r.get('proxy_failures', 0):>5} "
            f"{_size(r.get('bytes')):>9}  {', '.join(r['sources'])}"
        )


@runs.command("show")
@click.argument("run_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def runs_show(ctx, run_id, as_json):
    """One crawl run: status, times, counts, errors by type and documents per source."""
    from search import runs as run_store
    from search.client import connect

    cfg = _cfg(ctx)
    run = run_store.show(connect(cfg), cfg.index, run_id)
    if as_json:
        click.echo(json.dumps(run, ensure_ascii=False, indent=2))
        return
    for key, value in run.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
        elif isinstance(value, list):
            value = ", ".join(map(str, value))
        elif key == "bytes":
            value = f"{value} ({_size(value)})"
        click.echo(f"{key:<14} {value}")


# -- search ---------------------------------------------------------------------------------------------
def _filter_options(f):
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


def _filters(kw: dict):
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


def _bold_brackets(snippet: str) -> str:
    """Highlighted terms come as [term]; on a terminal they are shown bold instead."""
    if not sys.stdout.isatty():
        return snippet
    return re.sub(r"\[([^\[\]]+)\]", lambda m: click.style(m.group(1), bold=True, fg="yellow"), snippet)


@main.command()
@click.argument("query", default="")
@_filter_options
@click.option("--limit", "--size", "-n", "size", type=click.IntRange(1), default=10, show_default=True,
              help="Hits to print (JSON and CSV stream any number, past 10,000).")  # fmt: skip
@click.option("--all", "everything", is_flag=True, help="Every matching document (with --json or --csv).")
@click.option("--sort", type=click.Choice(["relevance", "score", "date"]), default="relevance", show_default=True)
@click.option("--after", default=None, help="Continue after the cursor printed at the end of a page.")
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one hit a line.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row.")
@click.pass_context
def search(ctx, query, size, everything, sort, after, as_json, as_csv, **kw):
    """Search indexed documents; flagged offers rank first.

    \b
    QUERY syntax (see docs/search.md):
      mef tashkent             all words (look-alike letters and leetspeak are folded: mеф, m3f)
      "dead drop"              a phrase;  mef*  a prefix
      a OR b, a AND b, NOT a   also -a, && and ||; parentheses group
      phone:+998901234567      also handle: bot: wallet: onion: email: substance: place:
      source: kind: lang: site: vendor: channel: label: title: text:
      score:>0.8  date:2026-11-01..2026-11-30
    """
    from search.client import connect
    from search.query import hits as stream_hits
    from search.query import search as run_search

    cfg = _cfg(ctx)
    filters = _filters(kw)
    if everything and not (as_json or as_csv):
        raise UserError("--all streams every hit: use it with --json or --csv")
    if size > 1000 and not (as_json or as_csv):
        raise UserError("the table shows at most 1,000 hits; use --json or --csv for more, or --after to page")
    es = connect(cfg)
    if as_json or as_csv:
        if after:
            raise UserError("--after pages the table; --json and --csv stream past 10,000 hits without it")
        results = stream_hits(es, cfg.index, query, filters=filters, sort=sort, limit=None if everything else size)
        if as_json:
            for hit in results:
                click.echo(json.dumps(hit.as_dict(), ensure_ascii=False))
            return
        writer = None
        for hit in results:
            row = hit.row()
            if writer is None:
                writer = csv.DictWriter(sys.stdout, fieldnames=list(row))
                writer.writeheader()
            writer.writerow(row)
        if writer is None:
            click.echo("id,relevance,score,label,kind,source,title,url,snippet,fetched_at")
        return
    page = run_search(es, cfg.index, query, size=size, filters=filters, sort=sort, after=after)
    shown = f", showing {len(page.hits)}" if page.total > len(page.hits) else ""
    click.echo(f"{page.total} hits{shown}" + (" (continued)" if after else ""))
    for i, hit in enumerate(page.hits, 1):
        flag = "FLAG" if hit.label else "    "
        kind = f" {hit.kind}" if hit.kind else ""
        click.echo(f"{i:3}. {flag} {hit.score:.2f}{kind}  [{hit.source}] {hit.title[:90]}")
        click.echo(f"     {hit.url}")
        click.echo(f"     {_bold_brackets(hit.snippet[:200])}")
        if hit.context:
            text = f" (text alone {hit.score_text:.2f})" if hit.score_text is not None else ""
            click.echo(f"     context{text}: " + "; ".join(hit.context))
    if page.cursor:
        click.echo(f"more: add --after {page.cursor}")


@main.command()
@click.argument("query", default="")
@_filter_options
@click.option("--size", type=click.IntRange(1, 100), default=10, show_default=True, help="Values per facet.")
@click.option("--interval", type=click.Choice(["day", "week", "month"]), default="day", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def facets(ctx, query, size, interval, as_json, **kw):
    """Counts of the documents QUERY matches: by source, kind, substance, place, language and label, per day
    (or week, month), and the top phones, handles, bots, wallets and onions."""
    from search.client import connect
    from search.query import facets as run_facets

    cfg = _cfg(ctx)
    out = run_facets(connect(cfg), cfg.index, query, filters=_filters(kw), size=size, interval=interval)
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(f"{out.pop('total')} documents")
    for name, buckets in out.items():
        if not buckets:
            continue
        click.echo(f"\n{name}")
        for b in buckets:
            key = b.get("value", b.get("date"))
            click.echo(f"  {b['count']:>7}  {key}")


@main.group()
def entity():
    """Pivot on one phone, handle, bot, wallet, onion, email, substance or place."""


@entity.command("show")
@click.argument("spec")
@click.option("--size", type=click.IntRange(1, 1000), default=20, show_default=True, help="Documents to list.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def entity_show(ctx, spec, size, as_json):
    """Every document that mentions SPEC (TYPE:VALUE, e.g. phone:+998901234567 or handle:@shop), first and last
    seen, the sources and channels it appears in, and the entities found with it."""
    from search.client import connect
    from search.query import entity_show as run_entity

    cfg = _cfg(ctx)
    report = run_entity(connect(cfg), cfg.index, spec, size=size)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"{report.type} {report.value}: {report.documents} documents")
    if not report.documents:
        return
    click.echo(f"first seen {report.first_seen}   last seen {report.last_seen}")
    ctx = report.context
    if ctx and ctx.get("kind") == "container":
        click.echo(f"context: {ctx['n_flagged']} of {ctx['n_docs']} documents flagged by their text "
                   f"({ctx['share']:.0%}; mean text score {ctx['mean_score']:.2f}; updated {ctx['updated_at']})")
    elif ctx:
        click.echo(f"context: in {ctx['n_flagged']} documents flagged by their text (updated {ctx['updated_at']})")
    for title, buckets in (("sources", report.sources), ("channels", report.channels), ("sites", report.sites)):
        if buckets:
            click.echo(f"{title}: " + ", ".join(f"{b['value']} ({b['documents']})" for b in buckets))
    if report.co_occurring:
        click.echo("seen with:")
        for kind, buckets in report.co_occurring.items():
            click.echo(f"  {kind:<9} " + ", ".join(f"{b['value']} ({b['documents']})" for b in buckets))
    click.echo("documents (latest first):")
    for i, hit in enumerate(report.hits, 1):
        flag = "FLAG" if hit.label else "    "
        click.echo(f"{i:3}. {flag} {hit.score:.2f}  {hit.fetched_at[:10]}  [{hit.source}] {hit.title[:80]}")
        click.echo(f"     {hit.url}")


# -- export ---------------------------------------------------------------------------------------------
@main.command()
@click.argument("query", default="")
@_filter_options
@click.option("--format", "fmt", metavar="csv|jsonl|case", required=True,
              help="csv or jsonl: the documents; case: a verifiable bundle with the raw captures.")  # fmt: skip
@click.option("--output", "-o", required=True, help="File, or folder for case ('-' = stdout for csv and jsonl).")
@click.option("--limit", "-n", type=click.IntRange(1), default=None, help="At most N documents (default: all).")
@click.option("--sort", type=click.Choice(["relevance", "score", "date"]), default="relevance", show_default=True)
@click.option("--zip", "as_zip", is_flag=True, help="Write the case bundle as one .zip file.")
@click.option("--force", is_flag=True, help="Replace an existing case bundle (folder or .zip).")
@click.option("--case", "case", default=None,
              help="case: hold the exported documents for this case (default: the bundle's name).")  # fmt: skip
@click.option("--no-hold", is_flag=True, help="case: do not hold the exported documents.")
@click.pass_context
def export(ctx, query, fmt, output, limit, sort, as_zip, force, case, no_hold, **kw):
    """Export every document QUERY matches (same syntax and filters as `imt search`, no 10,000 limit).

    \b
    --format csv     one row a document; one column per entity type (values joined by a space)
    --format jsonl   one JSON object a line; entities as {type: [values]}
    --format case    a folder (or .zip with --zip) for a case file:
                       documents.jsonl, captures/<sha256>.<ext> (each raw capture as downloaded),
                       manifest.json (query, filters, who, when, versions, SHA-256 of every file)
                     captures missing from the evidence store are listed in the manifest
                     every exported document is held for the case (--case NAME, default the
                     bundle's name; `imt hold list`), so retention keeps it and its capture;
                     --no-hold does not hold them
    Written under a temporary name and renamed at the end: an error or Ctrl-C leaves nothing behind.
    Check a bundle later with `imt evidence verify --bundle PATH`.
    """
    from search.client import connect
    from search.export import ExportError, check_output, normalised_query
    from search.export import export as run_export

    cfg = _cfg(ctx)
    filters = _filters(kw)
    fmt = fmt.strip().lower()
    normalised_query(query)  # user mistakes first, before connecting
    filters.clauses()
    # a device or pipe (/dev/null, a FIFO) is written in place, never renamed over: as root that would put a
    # file where /dev/null was
    device = output != "-" and _special(Path(output).expanduser())
    if device and fmt == "case":
        raise UserError(f"--output {output} is a device or pipe: a case bundle is a folder or a .zip file")
    if output != "-" and not device and (fmt in ("csv", "jsonl") or as_zip):
        _check_output(Path(output).expanduser())  # a file: the same words as classify's and labels export's
    check_output("-" if device else output, fmt, zip_=as_zip, force=force)
    hold_case = None
    if fmt == "case" and not no_hold:
        from search.retention import RetentionError, check_case

        default = re.sub(r"[^A-Za-z0-9_.:-]", "_", Path(output).name.removesuffix(".zip"))[:128] or "case"
        try:
            hold_case = check_case(case) if case else default
        except RetentionError as exc:
            raise UserError(str(exc)) from None
    es = connect(cfg)
    sink = None
    if device:
        try:
            sink = Path(output).expanduser().open("w", encoding="utf-8", newline="")
        except OSError as exc:
            raise UserError(f"cannot write {output}: {exc.strerror}") from None
    try:
        result = run_export(
            es,
            cfg.index,
            query,
            fmt=fmt,
            output="-" if device else output,
            filters=filters,
            sort=sort,
            limit=limit,
            zip_=as_zip,
            force=force,
            evidence_dir=cfg.evidence_dir,
            hold_case=hold_case,
            who=_who(),
            meter=True,
            stdout=sink,
        )
    except ExportError as exc:  # written as to stdout: name the device
        if not device:
            raise
        raise UserError(str(exc).replace("cannot write -:", f"cannot write {output}:", 1)) from None
    finally:
        if sink is not None:
            try:
                sink.close()
            except OSError:  # the export has said what went wrong, or flushed it all already
                pass
    if device:
        result.path = output
    click.echo(result.summary(), err=True)
    if result.missing_captures:
        click.echo(
            f"warning: {len(result.missing_captures)} captures are not in the evidence store "
            f"({cfg.evidence_dir}); listed under missing_captures in manifest.json",
            err=True,
        )
    if result.manifest_sha256:
        click.echo(f"Bundle verified; manifest.json sha256 {result.manifest_sha256} (record it with the case)",
                   err=True)  # fmt: skip
    if result.hold_error:
        click.echo(f"warning: {result.hold_error}; hold them later with `imt hold add --case {result.hold_case} "
                   f"--bundle {result.path}`", err=True)  # fmt: skip
    elif result.hold_case:
        click.echo(f"Held {result.held} documents for case {result.hold_case} (`imt hold list`)", err=True)


# -- watchlists and alerts --------------------------------------------------------------------------------
@main.group("watch")
def watch_group():
    """Watchlists: saved queries that `imt watch run` checks against the documents new since its last run,
    raising an alert per new match (`imt alerts list`). Stored in Elasticsearch (the imt-watchlists index)."""


def _who() -> str:
    return acting_user()  # IMT_USER, else the OS user


def _watch_row(wl) -> str:
    state = "paused" if wl.paused else "active"
    last = "never run"
    if wl.last_run_at:
        last = f"{wl.last_run_at[:16]} ({wl.last_run_matched} matched, {wl.last_run_alerts} new)"
    what = " ".join(p for p in (wl.query and repr(wl.query), wl.describe_filters()) if p)
    return f"{wl.name:<20} {state:<6}  {last:<40}  {what}"


@watch_group.command("add")
@click.argument("name")
@click.option("--query", "-q", default="", help="What to watch for, in the `imt search` syntax.")
@_filter_options
@click.option("--replace", is_flag=True, help="Redefine a watchlist that exists (its next run starts over).")
@click.pass_context
def watch_add(ctx, name, query, replace, **kw):
    """Save watchlist NAME (letters, digits, '_', '.', '-'; up to 64): a query and filters, as for `imt search`
    (--since/--until do not apply: each run looks at the documents first seen since the one before).

    The query and filters are checked first; a mistake stores nothing. With --replace an existing watchlist is
    redefined; its alerts are kept, with their state, and are not raised twice."""
    from search.client import connect
    from search.watch import add, compile_watch, validate_name

    cfg = _cfg(ctx)
    filters = _filters(kw)
    validate_name(name)
    compile_watch(query, filters)  # user mistakes first, before connecting
    wl = add(connect(cfg), cfg.index, name, query, filters, who=_who(), replace=replace)
    what = " ".join(p for p in (wl.query and repr(wl.query), wl.describe_filters()) if p)
    click.echo(f"{'replaced' if replace else 'added'} watchlist {wl.name}: {what}")


@watch_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one watchlist a line.")
@click.pass_context
def watch_list(ctx, as_json):
    """The watchlists: query, filters, paused or not, and their last run."""
    from search.client import connect
    from search.watch import list_watchlists

    cfg = _cfg(ctx)
    found = list_watchlists(connect(cfg), cfg.index)
    if as_json:
        for wl in found:
            click.echo(json.dumps(wl.as_dict(), ensure_ascii=False))
        return
    if not found:
        click.echo("no watchlists; add one with `imt watch add NAME --query ...`")
    for wl in found:
        click.echo(_watch_row(wl))


@watch_group.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def watch_show(ctx, name, as_json):
    """One watchlist in full, with the number of its alerts in each state."""
    from search.client import connect
    from search.watch import counts_by_state, show

    cfg = _cfg(ctx)
    es = connect(cfg)
    wl = show(es, cfg.index, name)
    out = dict(wl.as_dict(), alerts=counts_by_state(es, cfg.index, watchlist=name))
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for key, value in out.items():
        if key == "alerts":
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        elif isinstance(value, list):
            value = " ".join(value)
        click.echo(f"{key:<17} {'' if value is None else value}")


@watch_group.command("remove")
@click.argument("name")
@click.pass_context
def watch_remove(ctx, name):
    """Delete watchlist NAME. Its alerts are kept."""
    from search.client import connect
    from search.watch import remove

    cfg = _cfg(ctx)
    remove(connect(cfg), cfg.index, name)
    click.echo(f"removed watchlist {name} (its alerts are kept)")


@watch_group.command("pause")
@click.argument("name")
@click.pass_context
def watch_pause(ctx, name):
    """Pause watchlist NAME: runs skip it until `imt watch resume NAME`."""
    from search.client import connect
    from search.watch import set_paused

    cfg = _cfg(ctx)
    set_paused(connect(cfg), cfg.index, name, True)
    click.echo(f"paused watchlist {name}")


@watch_group.command("resume")
@click.argument("name")
@click.pass_context
def watch_resume(ctx, name):
    """Resume watchlist NAME; its next run catches up from its last one."""
    from search.client import connect
    from search.watch import set_paused

    cfg = _cfg(ctx)
    set_paused(connect(cfg), cfg.index, name, False)
    click.echo(f"resumed watchlist {name}")


@watch_group.command("run")
@click.argument("names", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one watchlist a line.")
@click.pass_context
def watch_run(ctx, names, as_json):
    """Run the watchlists (all, or those NAMEd) over the documents first seen since their last run and raise an
    alert per new match. Running again raises nothing twice; an alert keeps its state (new, seen, closed)."""
    from search.client import connect
    from search.watch import run

    cfg = _cfg(ctx)
    results = run(connect(cfg), cfg.index, names=names or None)
    if as_json:
        for r in results:
            click.echo(json.dumps(r.as_dict()))
        return
    if not results:
        click.echo("no watchlists; add one with `imt watch add NAME --query ...`")
    for r in results:
        if r.paused:
            click.echo(f"{r.name}: paused, skipped")
        else:
            click.echo(f"{r.name}: {r.matched} matched, {r.new} new alerts")


@main.group("alerts")
def alerts_group():
    """Alerts raised by `imt watch run`: list them, acknowledge (seen) or close them."""


@alerts_group.command("list")
@click.option("--state", type=click.Choice(["new", "seen", "closed"]), default=None, help="Only alerts in this state.")
@click.option("--watchlist", default=None, help="Only the alerts of this watchlist.")
@click.option("--limit", "-n", type=click.IntRange(1), default=50, show_default=True, help="Alerts to print.")
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one alert a line.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row.")
@click.pass_context
def alerts_list(ctx, state, watchlist, limit, as_json, as_csv):
    """Alerts, newest first. The ID in the first column is what `imt alerts ack` and `imt alerts close` take."""
    from search.client import connect
    from search.watch import ALERT_FIELDS, alerts, counts_by_state

    cfg = _cfg(ctx)
    if as_json and as_csv:
        raise UserError("choose one of --json and --csv")
    es = connect(cfg)
    found = alerts(es, cfg.index, state=state, watchlist=watchlist, size=limit)
    if as_json:
        for a in found:
            click.echo(json.dumps(a, ensure_ascii=False))
        return
    if as_csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(ALERT_FIELDS), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(found)
        return
    counts = counts_by_state(es, cfg.index, watchlist=watchlist)
    click.echo(f"{len(found)} alerts shown; " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    for a in found:
        score = a.get("score")
        score = f"{score:.2f}" if isinstance(score, (int, float)) else "  - "
        click.echo(f"{a['alert_id']}  {a['state']:<6} {score}  {a['matched_at'][:16]}  {a['watchlist']}  "
                   f"[{a.get('source', '')}] {(a.get('title') or '')[:70]}")  # fmt: skip
        click.echo(f"{'':18}{a.get('url', '')}")


@alerts_group.command("ack")
@click.argument("ids", nargs=-1, required=True)
@click.pass_context
def alerts_ack(ctx, ids):
    """Acknowledge alerts (state seen), recording who and when. Every ID is checked first: an unknown one
    changes nothing."""
    from search.client import connect
    from search.watch import set_state

    cfg = _cfg(ctx)
    done = set_state(connect(cfg), cfg.index, ids, "seen", who=_who())
    click.echo(f"acknowledged {done['changed']} alerts ({done['unchanged']} were seen already)")


@alerts_group.command("close")
@click.argument("ids", nargs=-1, required=True)
@click.pass_context
def alerts_close(ctx, ids):
    """Close alerts (state closed), recording who and when. Every ID is checked first: an unknown one changes
    nothing."""
    from search.client import connect
    from search.watch import set_state

    cfg = _cfg(ctx)
    done = set_state(connect(cfg), cfg.index, ids, "closed", who=_who())
    click.echo(f"closed {done['changed']} alerts ({done['unchanged']} were closed already)")


# -- web app and its accounts -------------------------------------------------------------------------------
@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port (default IMT_WEB_PORT, else 8000).")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Processes serving the app (default IMT_WEB_WORKERS, else the number of cores, up to 4).")
@click.pass_context
def serve(ctx, host, port, workers):
    """Serve the investigator web app (search, documents, entities, alerts, dashboard, analyst, operator and
    admin pages, and the JSON API under /api/) until Ctrl-C. Create accounts first with `imt users add`."""
    from web.server import serve as run_server
    from web.settings import load as web_settings

    cfg = _cfg(ctx)
    settings = web_settings(cfg)
    port, workers = port or settings.port, workers or settings.workers
    click.echo(f"IMT Monitor web app on http://{host}:{port}/ ({workers} worker{'s' if workers > 1 else ''}; "
               "Ctrl-C to stop)", err=True)  # fmt: skip
    run_server(cfg, host=host, port=port, workers=workers)


@main.group()
def users():
    """Web app accounts, stored in Elasticsearch (the imt-users index). Roles: investigator < analyst <
    operator < admin; each has everything the ones before it have."""


def _new_password(password_stdin: bool) -> str:
    if password_stdin:
        line = sys.stdin.readline()
        if not line:
            raise UserError("--password-stdin: nothing on standard input")
        return line.rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _user_change(cfg, es, name: str, details: dict) -> None:
    from search.audit import record

    record(es, cfg.index, f"cli:{_who()}", "user_change", target=name, details=details, ip="cli")


@users.command("add")
@click.argument("name")
@click.option("--role", required=True, help="investigator, analyst, operator or admin.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@click.pass_context
def users_add(ctx, name, role, password_stdin):
    """Create account NAME with ROLE; the password (10 characters or more) is asked twice, or read from stdin."""
    from search import users as accounts
    from search.client import connect

    cfg = _cfg(ctx)
    name = accounts.check_name(name)
    accounts.role_rank(role)
    password = _new_password(password_stdin)
    accounts.check_password(password)
    es = connect(cfg)
    accounts.add(es, cfg.index, name, password, role, who=f"cli:{_who()}")
    _user_change(cfg, es, name, {"do": "add", "role": role})
    click.echo(f"added user {name} ({role})")


@users.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one user a line (no password hashes).")
@click.pass_context
def users_list(ctx, as_json):
    """The accounts: name, role, disabled or not, when and by whom created."""
    from search import users as accounts
    from search.client import connect

    cfg = _cfg(ctx)
    found = accounts.list_users(connect(cfg), cfg.index)
    for user in found:
        if as_json:
            click.echo(json.dumps(user.public(), ensure_ascii=False))
        else:
            state = "disabled" if user.disabled else "enabled"
            click.echo(f"{user.username:24} {user.role:13} {state:9} {user.created_at} {user.created_by}")
    if not found and not as_json:
        click.echo("no users; add one with `imt users add NAME --role admin`")


@users.command("disable")
@click.argument("name")
@click.pass_context
def users_disable(ctx, name):
    """Disable account NAME: it cannot sign in, and its open sessions end at their next request."""
    _set_disabled(ctx, name, True)


@users.command("enable")
@click.argument("name")
@click.pass_context
def users_enable(ctx, name):
    """Enable account NAME again."""
    _set_disabled(ctx, name, False)


def _set_disabled(ctx, name: str, disabled: bool) -> None:
    from search import users as accounts
    from search.client import connect

    cfg = _cfg(ctx)
    es = connect(cfg)
    accounts.set_disabled(es, cfg.index, name, disabled, who=f"cli:{_who()}")
    do = "disable" if disabled else "enable"
    _user_change(cfg, es, name, {"do": do})
    click.echo(f"{do}d user {name}")


@users.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the new password from the first line of standard input.")
@click.pass_context
def users_passwd(ctx, name, password_stdin):
    """Set a new password for NAME (ends the user's open sessions)."""
    from search import users as accounts
    from search.client import connect

    cfg = _cfg(ctx)
    es = connect(cfg)
    accounts.require(es, cfg.index, name)
    password = _new_password(password_stdin)
    accounts.set_password(es, cfg.index, name, password, who=f"cli:{_who()}")
    _user_change(cfg, es, name, {"do": "password"})
    click.echo(f"password of {name} changed")


DEMO_WEB_USER = ("demo", "demo-password-2026")  # `make demo` only: docs/web.md says to change it


def _start_web(cfg) -> subprocess.Popen | None:
    """For `imt demo run --serve`: the demo login (admin) when there are no accounts yet, and the web app in a
    child process, unless something answers on its port already."""
    from search import users as accounts
    from search.client import connect
    from web.settings import load as web_settings

    es = connect(cfg)
    if not accounts.list_users(es, cfg.index):
        accounts.add(es, cfg.index, DEMO_WEB_USER[0], DEMO_WEB_USER[1], "admin", who="demo")
    url = f"http://127.0.0.1:{web_settings(cfg).port}"
    if ops_demo.demo_up(url):
        click.echo(f"\nSomething answers at {url} already: not starting the web app there (IMT_WEB_PORT moves it)")
        return None
    cmd = [sys.executable, str(configuration.PROJECT_DIR / "cli.py"), "serve"]
    proc = subprocess.Popen(cmd, cwd=configuration.PROJECT_DIR, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60  # it imports the classifier stack first: seconds on a busy machine
    while not ops_demo.demo_up(url):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.terminate()
            raise UserError(f"the web app could not start on {url} (see `imt serve`)")
        time.sleep(0.2)
    click.echo(f"\nWeb app at {url}/ (log in as {DEMO_WEB_USER[0]} / {DEMO_WEB_USER[1]} unless you made accounts)")
    return proc


# -- schedules, scheduler daemon, source health, retention (operations) ---------------------------------
@main.group("schedule")
def schedule_group():
    """Crawl schedules: cron per source, from the source files or set here (these win)."""


def _schedule_store(cfg):
    from crawler.schedule import ScheduleStore

    return ScheduleStore(cfg.home / "state")


def _scheduled_source(cfg, name: str) -> None:
    from crawler.schedule import known_source

    known_source(ops_crawl.load_sources(cfg), name)


@schedule_group.command("add")
@click.argument("source")
@click.option("--cron", required=True, help="A cron expression, e.g. '*/30 * * * *'.")
@click.pass_context
def schedule_add(ctx, source, cron):
    """Crawl SOURCE on a cron schedule (overrides the `schedule:` of its source file)."""
    cfg = _cfg(ctx)
    _scheduled_source(cfg, source)
    _schedule_store(cfg).add(source, cron)
    click.echo(f"Scheduled {source}: {' '.join(cron.split())}")


@schedule_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one schedule a line.")
@click.pass_context
def schedule_list(ctx, as_json):
    """Every schedule: cron, where it comes from, paused, next and last run."""
    from crawler.schedule import Scheduler

    cfg = _cfg(ctx)
    sched = Scheduler(cfg.home, lambda: ops_crawl.load_sources(cfg))
    sched.reload(strict=True)
    rows = sched.status()
    if as_json:
        for row in rows:
            click.echo(json.dumps(row))
        return
    if not rows:
        click.echo("No schedules (add `schedule:` to a source or run `imt schedule add SOURCE --cron ...`)")
        return
    click.echo(f"{'source':<18} {'cron':<16} {'from':<5} {'state':<8} {'next':<21} {'last start':<21} last status")
    for r in rows:
        state = "paused" if r["paused"] else ("running" if r["running_pid"] else "active")
        click.echo(f"{r['source']:<18} {r['cron']:<16} {r['origin']:<5} {state:<8} {r['next'] or '-':<21} "
                   f"{r['last_start'] or '-':<21} {r['last_status'] or '-'}")  # fmt: skip


@schedule_group.command("pause")
@click.argument("source")
@click.pass_context
def schedule_pause(ctx, source):
    """Stop scheduling SOURCE (its cron is kept)."""
    cfg = _cfg(ctx)
    _scheduled_source(cfg, source)
    _schedule_store(cfg).set_paused(source, True)
    click.echo(f"Paused {source}")


@schedule_group.command("resume")
@click.argument("source")
@click.pass_context
def schedule_resume(ctx, source):
    """Schedule SOURCE again."""
    cfg = _cfg(ctx)
    _scheduled_source(cfg, source)
    _schedule_store(cfg).set_paused(source, False)
    click.echo(f"Resumed {source}")


@schedule_group.command("remove")
@click.argument("source")
@click.pass_context
def schedule_remove(ctx, source):
    """Remove the schedule set with `imt schedule add` (a `schedule:` in the source file stays)."""
    cfg = _cfg(ctx)
    if not _schedule_store(cfg).remove(source):
        raise UserError(f"no schedule set for {source!r} with `imt schedule add` (`imt schedule list` shows them)")
    click.echo(f"Removed the schedule of {source}")


@main.group("scheduler")
def scheduler_group():
    """The scheduler daemon."""


@scheduler_group.command("run")
@click.option("--once", is_flag=True, help="One pass: start what is due, wait for those crawls, exit.")
@click.option("--tick", type=click.FloatRange(0.2, 3600), default=30.0, show_default=True,
              help="Seconds between passes.")  # fmt: skip
@click.option("--metrics-port", type=click.IntRange(0, 65535), default=None,
              help="Serve GET /metrics (Prometheus) on 127.0.0.1:PORT.")  # fmt: skip
@click.pass_context
def scheduler_run(ctx, once, tick, metrics_port):
    """Run due crawls at each tick, each in its own process, one at a time per source."""
    from crawler.schedule import Scheduler, log_event

    cfg = _cfg(ctx)
    es = _ops_es(cfg)
    if es is None:
        log_event("es_unavailable", error="Elasticsearch is not reachable; crawls will spool their documents")
    else:
        from search import runs as run_store

        try:
            stale = run_store.mark_stale(es, cfg.index)
            if stale:
                log_event("runs_marked_interrupted", runs=",".join(stale))
        except Exception as exc:  # noqa: BLE001 - Elasticsearch down: the crawls spool, the daemon still runs
            log_event("es_unavailable", error=f"{type(exc).__name__}: {exc}")
    server = None
    if metrics_port is not None:
        from crawler.metrics import serve_metrics

        try:
            server = serve_metrics(cfg, lambda: _ops_es(cfg), metrics_port)
        except OSError as exc:
            raise UserError(f"cannot serve metrics on 127.0.0.1:{metrics_port}: {exc.strerror or exc}") from None
        log_event("metrics_serving", url=f"http://127.0.0.1:{server.server_address[1]}/metrics")
    scheduler = Scheduler(cfg.home, lambda: ops_crawl.load_sources(cfg), after_run=_health_after_run(cfg))
    health_check = _health_after_run(cfg)
    scheduler.periodic = lambda names: [health_check(name, {}) for name in names if name not in scheduler.running]
    try:
        scheduler.run(tick=tick, once=once)
    finally:
        if server is not None:
            server.shutdown()


def _ops_es(cfg):
    """A client for the operations commands, or None when Elasticsearch cannot be reached."""
    from search.client import connect

    try:
        return connect(cfg)
    except Exception:  # noqa: BLE001 - reported by the caller as Elasticsearch unavailable
        return None


def _health_after_run(cfg):
    def check(source: str, record: dict) -> None:
        from crawler import health
        from crawler.schedule import log_event

        es = _ops_es(cfg)
        if es is None:
            return
        report = health.check_source(es, cfg, source, ops_crawl.load_sources(cfg).get(source))
        for alert in report["alerts_raised"]:
            log_event("health_alert", source=source, reason=alert["reason"], message=alert["message"])

    return check


@main.group("health")
def health_group():
    """Source health: empty runs, error rates, missed scheduled runs; operator alerts."""


@health_group.command("check")
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one source a line.")
@click.pass_context
def health_check(ctx, as_json):
    """Check every source's last runs; raise operator alerts (each once) and print each source's health."""
    from crawler import health
    from search.client import connect

    cfg = _cfg(ctx)
    reports = health.check_all(connect(cfg), cfg, ops_crawl.load_sources(cfg))
    if as_json:
        for rep in reports:
            click.echo(json.dumps(rep, ensure_ascii=False))
        return
    click.echo(f"{'source':<18} {'last run':<25} {'status':<11} {'docs':>5} {'err rate':>8} {'open':>4}  problems")
    for r in reports:
        rate = "-" if r["error_rate"] is None else f"{r['error_rate']:.2f}"
        docs = "-" if r["documents"] is None else r["documents"]
        click.echo(f"{r['source']:<18} {r['last_run'] or '-':<25} {r['status'] or 'never run':<11} {docs:>5} "
                   f"{rate:>8} {r['open_alerts']:>4}  {', '.join(r['problems']) or 'ok'}")  # fmt: skip
    for r in reports:
        for alert in r["alerts_raised"]:
            click.echo(f"alert {alert['alert_id']}: {alert['message']}")


@health_group.command("alerts")
@click.option("--state", type=click.Choice(["new", "seen", "closed"]), default=None)
@click.option("--source", default=None)
@click.option("--json", "as_json", is_flag=True, help="JSON lines.")
@click.pass_context
def health_alerts(ctx, state, source, as_json):
    """Operator alerts, newest first."""
    from search import ops_alerts
    from search.client import connect

    cfg = _cfg(ctx)
    found = ops_alerts.list_alerts(connect(cfg), cfg.index, state=state, source=source)
    for a in found:
        click.echo(json.dumps(a, ensure_ascii=False) if as_json else
                   f"{a['alert_id']}  {a['state']:<6} {a['raised_at']}  {a['source']:<16} {a['message']}")  # fmt: skip
    if not found and not as_json:
        click.echo("No operator alerts")


@health_group.command("ack")
@click.argument("ids", nargs=-1, required=True)
@click.pass_context
def health_ack(ctx, ids):
    """Mark operator alerts seen."""
    from search import ops_alerts
    from search.client import connect

    cfg = _cfg(ctx)
    click.echo(f"{ops_alerts.set_state(connect(cfg), cfg.index, ids, 'seen', _who())} alerts marked seen")


@health_group.command("close")
@click.argument("ids", nargs=-1, required=True)
@click.pass_context
def health_close(ctx, ids):
    """Close operator alerts."""
    from search import ops_alerts
    from search.client import connect

    cfg = _cfg(ctx)
    click.echo(f"{ops_alerts.set_state(connect(cfg), cfg.index, ids, 'closed', _who())} alerts closed")


@main.group("retention")
def retention_group():
    """Delete documents not seen for longer than the retention age, and the raw captures only they used
    (held documents and their captures stay)."""


@retention_group.command("run")
@click.option("--older-than", default=None, help="Age such as 365d, 12w, 1y (default: IMT_RETENTION_DAYS).")
@click.option("--dry-run", is_flag=True, help="Count what would be deleted and purged; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def retention_run(ctx, older_than, dry_run, as_json):
    """Delete documents whose last_seen is older than the age, then purge the raw captures fetched before it
    that no remaining or held document uses (each purge is recorded in the evidence manifest; see
    docs/deploy.md). While a crawl writes the evidence store, captures are not purged (a warning says so)."""
    from core.progress import Progress
    from search import retention
    from search.client import connect

    cfg = _cfg(ctx)
    days = retention.parse_age(older_than, cfg.retention_days)
    with Progress("deleted") as bar:
        result = retention.run(connect(cfg), cfg.index, days, dry_run=dry_run, progress=bar.advance,
                               evidence_dir=cfg.evidence_dir)  # fmt: skip
    if result.purge_skipped:
        click.echo(f"warning: {result.purge_skipped}", err=True)
    if as_json:
        click.echo(json.dumps(result.as_dict()))
    elif days <= 0:
        click.echo("Retention is off (IMT_RETENTION_DAYS=0 and no --older-than): nothing deleted")
    else:
        verb = "would delete" if dry_run else "deleted"
        click.echo(f"Documents last seen before {result.cutoff}: {result.matched}; held {result.held}; "
                   f"{verb} {result.matched - result.held if dry_run else result.deleted}"
                   + (f"; {result.failed} failed" if result.failed else ""))  # fmt: skip
        if not result.purge_skipped:
            click.echo(f"Raw captures: {'would purge' if dry_run else 'purged'} {result.captures_purged} "
                       f"({result.bytes_freed:,} bytes); kept {result.captures_kept} still in use")  # fmt: skip
    if result.failed:
        sys.exit(1)


@main.group("hold")
def hold_group():
    """Legal holds: documents held for a case are never deleted by retention."""


@hold_group.command("add")
@click.option("--case", "case", required=True, help="The case holding the documents.")
@click.option("--bundle", type=click.Path(exists=True, path_type=Path), default=None,
              help="Hold the documents of an exported case bundle (folder or zip).")  # fmt: skip
@click.argument("query", required=False)
@click.pass_context
def hold_add(ctx, case, bundle, query):
    """Hold every document QUERY matches (search syntax), or those of a case bundle, for CASE."""
    from search import query as q
    from search import retention
    from search.client import connect

    cfg = _cfg(ctx)
    if bool(query) == bool(bundle):
        raise UserError("give either a QUERY or --bundle PATH")
    captures = None
    if bundle:  # read before connecting: a wrong file is the user's to fix first
        try:
            ids, captures = retention.bundle_doc_ids(bundle), retention.bundle_captures(bundle)
        except zipfile.BadZipFile as exc:
            raise UserError(f"{bundle}: not a case bundle (a folder, or a .zip from `imt export`): {exc}") from None
    es = connect(cfg)
    if not bundle:
        ids = [h["_id"] for h in q.iter_hits(es, cfg.index, query, highlight=False, source_excludes=["*"])]
    n = retention.hold(es, cfg.index, case, ids, _who(), captures=captures)
    click.echo(f"Held {n} documents for case {case}")


@hold_group.command("remove")
@click.option("--case", "case", required=True)
@click.pass_context
def hold_remove(ctx, case):
    """Release every hold of CASE."""
    from search import retention
    from search.client import connect

    cfg = _cfg(ctx)
    click.echo(f"Released {retention.release(connect(cfg), cfg.index, case)} documents of case {case}")


@hold_group.command("list")
@click.pass_context
def hold_list(ctx):
    """Cases with held documents."""
    from search import retention
    from search.client import connect

    cfg = _cfg(ctx)
    found = retention.cases(connect(cfg), cfg.index)
    for name, count in sorted(found.items()):
        click.echo(f"{name:<32} {count} documents")
    if not found:
        click.echo("No holds")


# -- classifier ---------------------------------------------------------------------------------------
@main.command()
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    default=None,
    help="Labelled JSON lines (text, label, group) to use instead of the seed corpus.",
)
@click.option(
    "--no-promote",
    is_flag=True,
    help="Never make the new model active (by default it becomes active only when no model is active yet).",
)
@click.option("--no-labels", is_flag=True, help="Leave out the labels stored in Elasticsearch.")
@click.option(
    "--target-precision",
    type=click.FloatRange(0.5, 0.999),
    default=None,
    help="Precision the stored threshold aims at on the grouped held-out scores (default 0.95; lower flags more).",
)
@click.pass_context
def train(ctx, data, no_promote, no_labels, target_precision):
    """Train a new model version on the seed corpus (or --data) plus the stored labels, with grouped
    cross-validation, and register it under var/models/. It never replaces the active model (only the first
    model of an empty registry becomes active): compare with `imt model list`, then `imt model promote VERSION`."""
    if data is not None:
        _check_utf8_file(data)  # before connecting or training: a bad line is named, not a UnicodeDecodeError
    ops_training.train(_cfg(ctx), data, promote=False if no_promote else None, labels="off" if no_labels else "require",
           target_precision=target_precision)  # fmt: skip


@main.command()
@click.argument("infile", type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True,
              help="Where to write JSON lines (written whole at the end; not the input).")  # fmt: skip
@click.option("--batch", type=click.IntRange(1), default=512, show_default=True)
@click.option(
    "--scores-only",
    is_flag=True,
    help="Only id, score and label (faster: no kind, substances or explanation).",
)
@click.option("--top", type=click.IntRange(0), default=10, show_default=True, help="Explanation terms per document.")
@click.pass_context
def classify(ctx, infile, output, batch, scores_only, top):
    """Score JSON lines with `id` and `text` (UTF-8; INFILE - reads standard input); write one line per input, in
    input order: {"id", "score", "score_text", "label", "kind", "substances", "explanation"} (explanation: the terms and
    character n-grams that moved the score most, with weights and their [start, end) spans in the text).
    Lines that name their container (`channel`, `vendor`, `thread`, `site` or `source`) are scored with the
    company they keep in the file: `score` is then the combined score, `score_text` the text's alone and
    `context` says what the channel and the identifiers added.
    The output is written under a temporary name and renamed at the end: an error leaves nothing behind."""
    from classifier.context import score_rows
    from crawler.entities import identifiers_of

    cfg = _cfg(ctx)
    _check_output(output, inputs=(infile,))
    rows = _read_classify_input(infile)
    scorer = ops_training.ensure_model(cfg)
    analyze = None if scores_only else getattr(scorer.model, "analyze", None)
    results = []
    text_scores = []
    for start in range(0, len(rows), batch):
        texts = [row["text"] for row in rows[start : start + batch]]
        if analyze is not None:
            got = analyze(texts, top=top)
            results.extend(got)
            text_scores.extend(r.get("score_text", r["score"]) for r in got)
        else:  # --scores-only: id, score, label (and score_text, context when the file gives containers)
            for scored in scorer(texts):
                results.append({"score": scored[0], "label": scored[1]})
                text_scores.append(scored[3] if len(scored) > 3 else scored[0])
        if len(rows) > batch:
            _progress(f"classified {min(start + batch, len(rows))}/{len(rows)}")
    combined = score_rows(scorer.model, rows, text_scores, [identifiers_of(row["text"]) for row in rows]) \
        if any(k in row for row in rows for k in _CONTAINER_FIELDS) else None  # fmt: skip
    with _atomic_output(output) as out:
        for i, (row, result) in enumerate(zip(rows, results, strict=True)):
            if combined is not None:
                c = combined[i]
                result.update(score=c.score, label=c.label, score_text=c.score_text, context=c.reasons)
            out.write(_json_line({"id": row["id"], **result}))
    click.echo(f"Classified {len(rows)} documents with model {scorer.version}"
               + (" (with the context of their containers)" if combined is not None else "") + f" -> {output}",
               err=True)  # fmt: skip


_CONTAINER_FIELDS = ("channel", "vendor", "thread", "container", "site", "source")


def _read_classify_input(infile: Path) -> list[dict]:
    stdin = str(infile) == "-"
    name = "standard input" if stdin else infile
    try:
        fh = sys.stdin.buffer if stdin else infile.open("rb")
    except OSError as exc:
        raise UserError(f"cannot read {infile}: {exc.strerror}") from None
    rows = []
    with fh:
        try:
            for n, line in _utf8_lines(fh, name):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except ValueError as exc:
                    raise UserError(f"{name} line {n}: not valid JSON ({exc.msg})") from None
                if not isinstance(row, dict) or "id" not in row or not isinstance(row.get("text"), str):
                    raise UserError(f"{name} line {n}: expected an object with 'id' and a string 'text'")
                keep = {k: row[k] for k in _CONTAINER_FIELDS if isinstance(row.get(k), (str, dict)) and row[k]}
                rows.append({"id": row["id"], "text": row["text"], **keep})
        except OSError as exc:  # a folder, or a read error part way
            raise UserError(f"cannot read {infile}: {exc.strerror}") from None
    return rows


# -- context --------------------------------------------------------------------------------------------
@main.group("context")
def context_group():
    """Channel, vendor and site scores and identifier counts: the company a document keeps. A crawl updates
    what it touched; a re-score (`imt model promote`) updates everything."""


@context_group.command("update")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def context_update(ctx, as_json):
    """Recompute the context of the whole index with the active model and re-score what changed (a crawl does
    this for what it touched; use this after an interrupted crawl or a manual change)."""
    from classifier.registry import Registry
    from search.client import connect

    cfg = _cfg(ctx)
    es = connect(cfg)
    if not es.indices.exists_alias(name=cfg.index):
        raise UserError(f"no documents indexed in {cfg.index} yet")
    model, meta = Registry(cfg.models_dir).load()
    result = ops_crawl.context_update(cfg, es, model, meta["version"], everything=True, as_json=as_json)
    if as_json:
        click.echo(json.dumps(result))
    elif result.get("skipped"):
        click.echo(f"Nothing to do: {result['skipped']}; `imt train` then `imt model promote` gives one")
    else:
        click.echo(f"{result['containers']} containers and {result['identifiers']} identifiers updated; "
                   f"{result['changed']} of {result['documents']} documents re-scored "
                   f"({result['newly_flagged']} newly flagged, {result['unflagged']} no longer) "
                   f"in {result['seconds']} s")  # fmt: skip


_CONTAINER_TYPES = ("channel", "vendor", "thread", "site")
_IDENT_TYPES = ("bot", "handle", "phone", "wallet", "onion")


@context_group.command("list")
@click.option("--type", "type_", type=click.Choice([*_CONTAINER_TYPES, *_IDENT_TYPES]), default=None,
              help="Only this kind of container (channel, vendor, thread, site) or identifier (bot, handle, ...).")
@click.option("--min-docs", type=click.IntRange(1), default=3, show_default=True,
              help="Containers with at least this many documents.")  # fmt: skip
@click.option("--limit", "-n", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON lines.")
@click.pass_context
def context_list(ctx, type_, min_docs, limit, as_json):
    """Containers ranked by their share of flagged documents (or identifiers by flagged documents, with --type
    bot/handle/phone/wallet/onion)."""
    from search.client import connect
    from search.context import top

    cfg = _cfg(ctx)
    kind = "identifier" if type_ in _IDENT_TYPES else "container"
    rows = top(connect(cfg), cfg.index, kind=kind, type_=type_, size=limit, min_docs=min_docs)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    if not rows:
        click.echo("No context yet: a crawl (or `imt context update`) computes it")
        return
    for i, row in enumerate(rows, 1):
        if kind == "container":
            click.echo(f"{i:3}. {row['share']:5.0%}  {row['n_flagged']:>5} of {row['n_docs']:<6} flagged  "
                       f"{row['type']:<7} {row['name']}")  # fmt: skip
        else:
            click.echo(f"{i:3}. {row['n_flagged']:>5} flagged documents  {row['type']:<7} {row['name']}")


# -- index ----------------------------------------------------------------------------------------------
@main.group()
def index():
    """The document index: spool replay, status, settings, migration and re-scoring."""


@index.command("replay")
@click.pass_context
def index_replay(ctx):
    """Index the documents spooled while Elasticsearch was unreachable."""
    from search.client import connect
    from search.indexer import Indexer
    from search.mapping import ensure_docs_index
    from search.spool import Spool

    cfg = _cfg(ctx)
    es = connect(cfg)
    ensure_docs_index(es, cfg.index)
    indexer = Indexer(es, cfg.index, Spool(cfg.spool_dir))
    replayed = indexer.replay()
    left = len(indexer.spool)
    click.echo(f"Replayed {replayed} documents; {left} still spooled")
    sys.exit(0 if left == 0 else 3)


@index.command("status")
@click.pass_context
def index_status(ctx):
    """Documents in the index, and documents waiting in the spool."""
    from search.client import SearchUnavailable, connect
    from search.spool import Spool

    cfg = _cfg(ctx)
    click.echo(f"spooled    {len(Spool(cfg.spool_dir))}")
    try:
        es = connect(cfg)
        count = es.count(index=cfg.index)["count"] if es.indices.exists_alias(name=cfg.index) else 0
        click.echo(f"indexed    {count}")
    except SearchUnavailable as exc:
        click.echo(f"indexed    unknown ({exc})")


@index.command("settings")
@click.option("--apply", "apply_", is_flag=True, help="Change replicas and refresh interval of live indices to the "
              "configured ones.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one index a line.")
@click.pass_context
def index_settings(ctx, apply_, as_json):
    """Shards, replicas and refresh interval of every index the product keeps (documents, labels, runs, users,
    audit, watchlists, alerts, holds, ops-alerts), live and as configured ([indices.<name>] in imt.toml;
    IMT_ES_SHARDS / IMT_ES_REPLICAS / IMT_ES_REFRESH for the documents index)."""
    from search.client import connect
    from search.mapping import settings_report

    cfg = _cfg(ctx)
    rows = settings_report(connect(cfg), cfg.index, apply=apply_)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row))
        return
    if not rows:
        click.echo(f"No indices yet for {cfg.index} (they are created on first use, with the configured settings)")
        return
    click.echo(f"{'store':<11} {'index':<30} {'shards':>9} {'replicas':>9} {'refresh':>13}  ")
    pending = False

    def cell(r, key, width):
        live, want = r[key], r[f"want_{key}"]
        text = str(live) if live == want else f"{live}->{want}"
        return f"{text:>{width}}"

    for r in rows:
        note = f"changed: {', '.join(r['changed'])}" if r["changed"] else ""
        if r["shards"] != r["want_shards"]:
            note = (note + "; " if note else "") + ("shards: `imt index migrate`" if r["store"] == "docs"
                                                    else "shards: fixed at creation")  # fmt: skip
        pending = pending or (not apply_ and (r["replicas"] != r["want_replicas"] or r["refresh"] != r["want_refresh"]))
        click.echo(f"{r['store']:<11} {r['index']:<30} {cell(r, 'shards', 9)} {cell(r, 'replicas', 9)} "
                   f"{cell(r, 'refresh', 13)}  {note}")  # fmt: skip
    if pending:
        click.echo("live -> configured: `imt index settings --apply` changes replicas and refresh in place")


# -- sources ---------------------------------------------------------------------------------------------
@main.group()
def sources():
    """Source definitions under sources/."""


@sources.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one source a line.")
@click.pass_context
def sources_list(ctx, as_json):
    """List the defined sources."""
    for src in ops_crawl.load_sources(_cfg(ctx)).values():
        if as_json:
            click.echo(
                json.dumps(
                    {
                        "name": src.name,
                        "type": src.type,
                        "group": src.group,
                        "seeds": src.seeds,
                        "schedule": src.schedule,
                        "tags": src.tags,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            click.echo(
                f"{src.name:20} {src.type:9} {src.group:10} {src.schedule or '-':14} {', '.join(src.seeds)[:70]}"
            )


@sources.command("validate")
@click.pass_context
def sources_validate(ctx):
    """Check every source file against the schema; one line per error, exit 2 if any."""
    from crawler.sources import validate_all

    cfg = _cfg(ctx)
    count, errors = validate_all(cfg.sources_dir, cfg.source_variables)
    for error in errors:
        click.echo(f"error: {error}", err=True)
    click.echo(f"{count} valid sources in {cfg.sources_dir}" + (f"; {len(errors)} files with errors" if errors else ""))
    sys.exit(2 if errors else 0)


@sources.command("show")
@click.argument("name")
@click.pass_context
def sources_show(ctx, name):
    """Show one source with every setting, defaults filled in (JSON)."""
    from crawler.sources import resolve

    (src,) = resolve(ops_crawl.load_sources(_cfg(ctx)), [name])[:1]
    click.echo(json.dumps(src.describe(), indent=2, ensure_ascii=False))


# -- evidence ----------------------------------------------------------------------------------------------
@main.group()
def evidence():
    """The evidence store: raw captures by SHA-256 and their append-only manifest."""


@evidence.command("verify")
@click.option(
    "--bundle",
    type=click.Path(path_type=Path, exists=True),
    default=None,
    help="Check an exported case bundle (folder or .zip) instead of the store.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def evidence_verify(ctx, bundle, as_json):
    """Recheck every stored capture's hash and the manifest's hash chain; exit 1 on any mismatch."""
    from core.evidence import verify, verify_bundle

    cfg = _cfg(ctx)

    def progress(done, total):
        if total and done % 1000 == 0:
            _progress(f"checked {done}/{total}")

    if bundle and bundle.is_file():
        from search.export import verify_zip_bundle

        report = verify_zip_bundle(bundle)
    else:
        report = verify_bundle(bundle) if bundle else verify(cfg.evidence_dir, progress=progress)
    if as_json:
        data = report.to_dict() if hasattr(report, "to_dict") else dict(report.__dict__, ok=report.ok)
        click.echo(json.dumps(data, ensure_ascii=False, default=lambda o: getattr(o, "__dict__", str(o))))
    else:
        for p in report.problems:
            click.echo(f"  {p.kind}: {p.message}" + (f" (manifest line {p.line})" if p.line else ""))
        click.echo(report.summary())
    sys.exit(0 if report.ok else 1)


# -- labels (analysts) ------------------------------------------------------------------------------------
LABEL_FIELDS = ["text", "label", "doc_id", "lang", "kind", "source", "who", "labelled_at", "text_hash"]


@main.group()
def labels():
    """Analyst labels, stored in Elasticsearch (the imt-labels index) with who, when and where from."""


@labels.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--text-col", default="text", show_default=True, help="Column (CSV) or field (JSONL) with the text.")
@click.option("--label-col", default="label", show_default=True, help="Column or field with the label.")
@click.option("--who", default=None, help="Who gave these labels (default: the OS user).")
@click.option("--source", "origin", default=None, help="Where they come from (default: import:<file name>).")
@click.option("--relabel", is_flag=True, help="Replace stored labels that the file labels the other way.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def labels_import(ctx, file, text_col, label_col, who, origin, relabel, as_json):
    """Import labels from FILE (.csv with a header row, or .jsonl). Labels: 1/true/yes/trafficking or
    0/false/no/not; unsure/?/skip/empty rows are skipped. Optional columns: doc_id, lang, kind,
    group (the channel or site the text comes from: cross-validation on the labels keeps a group together).

    The whole file is checked first: missing columns, empty texts, unknown labels and a text labelled both
    ways (in the file, or against the stored labels) stop the import with the lines named; nothing is
    imported. Repeated texts are stored once; importing the same file again changes nothing."""
    from classifier.labels import conflicts_with_stored, describe_problems, read_label_file
    from search.client import connect
    from search.labels import stored_labels, write_labels

    cfg = _cfg(ctx)
    parsed = read_label_file(file, text_col=text_col, label_col=label_col)
    unique, duplicates = parsed.unique()
    es = connect(cfg)
    alias = ops_training.labels_alias(cfg)
    stored = stored_labels(es, alias, [row.key for row in unique])
    clashes = conflicts_with_stored(unique, stored)
    if clashes and not relabel:
        raise UserError(describe_problems(file, clashes) + " (--relabel replaces the stored labels)")
    who, at = who or acting_user(), now_iso()
    records = [
        {
            "text": row.text,
            "text_hash": row.key,
            "label": row.label,
            "doc_id": row.doc_id,
            "lang": row.lang,
            "kind": row.kind,
            "group": row.group,
            "source": origin or f"import:{Path(file).name}",
            "who": who,
            "labelled_at": at,
        }
        for row in unique
    ]
    new, replaced, same = write_labels(es, alias, records, replace=relabel)
    summary = {
        "file": str(file),
        "imported": new,
        "relabelled": replaced,
        "already_stored": same,
        "duplicates": duplicates,
        "skipped_unsure": parsed.unsure,
        "index": alias,
    }
    if as_json:
        click.echo(json.dumps(summary))
    else:
        click.echo(
            f"imported {new}, relabelled {replaced}, already stored {same}, duplicates {duplicates}, "
            f"skipped {parsed.unsure} (unsure or empty label)"
        )


@labels.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None, help="File to write (default stdout).")
@click.pass_context
def labels_export(ctx, fmt, output):
    """Write every stored label (text, label, doc_id, lang, kind, source, who, labelled_at, text_hash); the
    output imports back with `imt labels import`."""
    from search.client import connect
    from search.labels import iter_labels

    cfg = _cfg(ctx)
    if output is not None:
        _check_output(output)
    rows = iter_labels(connect(cfg), ops_training.labels_alias(cfg))
    if output is None:
        count = _write_labels(rows, sys.stdout, fmt)
    else:
        with _atomic_output(output, newline="") as out:
            count = _write_labels(rows, out, fmt)
    click.echo(f"Exported {count} labels" + (f" to {output}" if output else ""), err=True)


def _write_labels(rows, out, fmt: str) -> int:
    count = 0
    writer = csv.DictWriter(out, fieldnames=LABEL_FIELDS, extrasaction="ignore") if fmt == "csv" else None
    if writer:
        writer.writeheader()
    for row in rows:
        record = {k: row.get(k) for k in LABEL_FIELDS}
        if writer:
            writer.writerow(record)
        else:
            out.write(_json_line(record))
        count += 1
    return count


@labels.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def labels_stats(ctx, as_json):
    """How many labels are stored: by label, source, who and language."""
    from search.client import connect
    from search.labels import label_stats

    cfg = _cfg(ctx)
    stats = label_stats(connect(cfg), ops_training.labels_alias(cfg))
    if as_json:
        click.echo(json.dumps(stats, ensure_ascii=False))
        return
    click.echo(f"labels     {stats['total']}")
    for name in ("label", "source", "who", "lang"):
        if stats[name]:
            click.echo(f"by {name:7} " + ", ".join(f"{k}: {v}" for k, v in stats[name].items()))


@main.group(hidden=True)
def label():
    """The old name of `imt labels queue` (kept so that scripts keep working; not listed in --help)."""


@click.command("queue")
@click.option("--size", "-n", type=click.IntRange(1, 10_000), default=20, show_default=True)
@click.option("--source", "sources", multiple=True, help="Only documents from these sources (repeatable).")
@click.option("--lang", "langs", multiple=True, help="Only documents in these languages (repeatable), e.g. ru.")
@click.option("--json", "as_json", is_flag=True, help="JSON lines (doc_id, url, score, text ... and an empty label).")
@click.pass_context
def label_queue(ctx, size, sources, langs, as_json):
    """Indexed documents worth labelling next: not yet labelled, the most uncertain first (score closest to the
    active model's threshold), one per near-duplicate cluster. Fill in `label` in the --json output and import
    it with `imt labels import`."""
    from classifier.registry import Registry
    from search.client import connect
    from search.labels import uncertain_documents

    cfg = _cfg(ctx)
    registry = Registry(cfg.models_dir)
    version = registry.current_version()
    if version is None:
        raise UserError(f"no active model in {cfg.models_dir}: the queue ranks by its threshold; run `imt train`")
    meta = registry.meta(version)
    threshold = float(meta.get("score_threshold", meta["threshold"]))  # the indexed score's threshold
    es = connect(cfg)
    if not es.indices.exists_alias(name=cfg.index):
        raise UserError(f"index {cfg.index!r} does not exist yet; crawl something first (`imt crawl demo`)")
    labels_index = ops_training.labels_alias(cfg)
    queue = uncertain_documents(es, cfg.index, labels_index, threshold, size, tuple(sources), tuple(langs))
    if as_json:
        for item in queue:
            click.echo(json.dumps(item, ensure_ascii=False))
        return
    click.echo(f"{len(queue)} documents to label (model {version}, threshold {threshold:.3f}; most uncertain first)")
    for i, item in enumerate(queue, 1):
        click.echo(f"{i:3}. {item['score']:.3f}  [{item['source']}] {item['lang'] or '-':8} {item['url']}")
        click.echo(f"     {item['doc_id']}  {item['snippet'][:160]}")


label.add_command(label_queue)
labels.add_command(label_queue)


# -- models (analysts) ------------------------------------------------------------------------------------
@main.group()
def model():
    """The model registry under var/models/: list, show, evaluate, promote, roll back."""


@model.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one model a line.")
@click.pass_context
def model_list(ctx, as_json):
    """Registered models, oldest first; * marks the active one. PR-AUC and F1 are from grouped
    cross-validation at training time."""
    from classifier.registry import Registry

    rows = Registry(_cfg(ctx).models_dir).summaries()
    if as_json:
        for row in rows:
            click.echo(json.dumps(row))
        return
    if not rows:
        click.echo("no models yet; run `imt train`")
        return
    click.echo(f"  {'version':22} {'trained_at':21} {'docs':>6} {'labels':>6} {'PR-AUC':>7} {'F1':>7} {'thresh':>7}")
    for r in rows:
        click.echo(
            f"{'*' if r['active'] else ' '} {r['version']:22} {r['trained_at'] or '-':21} {r['docs'] or 0:>6} "
            f"{r['labels']:>6} {_num(r['pr_auc']):>7} {_num(r['f1']):>7} {_num(r['threshold']):>7}"
        )


def _num(value) -> str:
    return "-" if value is None else f"{float(value):.4f}"


@model.command("show")
@click.argument("version")
@click.option("--json", "as_json", is_flag=True, help="Print meta.json as it is.")
@click.pass_context
def model_show(ctx, version, as_json):
    """Everything recorded about one model: metrics, threshold, training data and its hash, library versions,
    and when it was active."""
    from classifier.registry import Registry

    registry = Registry(_cfg(ctx).models_dir)
    meta = registry.meta(version)
    if as_json:
        click.echo(json.dumps(meta, ensure_ascii=False))
        return
    active = registry.current_version()
    cv = meta.get("cv") or {}
    click.echo(f"version      {meta['version']}" + ("  (active)" if version == active else ""))
    click.echo(f"trained_at   {meta.get('trained_at')}  by {meta.get('trained_by', '-')}")
    click.echo(f"data         {meta.get('data')}  sha256 {meta.get('data_sha256', '-')}")
    if meta.get("counts"):
        click.echo("counts       " + ", ".join(f"{k} {v}" for k, v in meta["counts"].items()))
    click.echo(f"threshold    {meta.get('threshold')}")
    click.echo(
        f"cv           {'grouped ' if cv.get('grouped') else ''}{cv.get('folds')}-fold: PR-AUC {cv.get('pr_auc')}, "
        f"F1 {cv.get('f1')}, precision {cv.get('precision')}, recall {cv.get('recall')}"
    )
    libs = ", ".join(f"{k} {meta[k]}" for k in ("python", "sklearn", "numpy", "scipy") if meta.get(k))
    click.echo(f"libraries    {libs}")
    click.echo(f"params       {json.dumps(meta.get('params', {}))}")
    for entry in registry.history():
        if version in (entry.get("version"), entry.get("previous")):
            verb = "made active" if entry.get("version") == version else "replaced"
            click.echo(f"history      {entry.get('at')} {verb} by {entry.get('action')} ({entry.get('who')})")


@model.command("evaluate")
@click.argument("version")
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    default=None,
    help="Labelled CSV or JSONL (text, label; optional lang, kind). Default: the stored labels.",
)
@click.option("--text-col", default="text", show_default=True)
@click.option("--label-col", default="label", show_default=True)
@click.option("--report", "report_dir", type=click.Path(path_type=Path), default=None, help="Report folder.")
@click.option("--against", default=None, metavar="VERSION2",
              help="Also evaluate VERSION2 on the same texts and print the two side by side.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def model_evaluate(ctx, version, data, text_col, label_col, report_dir, against, as_json):
    """Evaluate one model version on labelled data and write a report (report.md, report.json,
    pr_curve.png). With --against VERSION2, both versions on the same texts, side by side (e.g. the model before
    and after the analysts' labels: `imt model evaluate NEW --against OLD`)."""
    cfg = _cfg(ctx)
    if against is None:
        _evaluate(cfg, version, data, text_col, label_col, report_dir, as_json)
        return
    if report_dir is not None:
        raise UserError("--report writes one model's report; leave it out with --against")
    reports = {}
    for v in (version, against):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            _evaluate(cfg, v, data, text_col, label_col, None, True)
        reports[v] = json.loads(buf.getvalue().strip().splitlines()[-1])
    if as_json:
        click.echo(json.dumps({"versions": reports}, ensure_ascii=False))
        return
    a, b = reports[version], reports[against]
    click.echo(f"{reports[version]['n']} texts ({a['positives']} labelled 1) from {a.get('data')}")
    click.echo(f"{'':12} {version:>18} {against:>18} {'difference':>11}")
    for key in ("f1", "precision", "recall", "pr_auc", "fp_rate"):
        x, y = a.get(key), b.get(key)
        diff = f"{x - y:+.4f}" if isinstance(x, (int, float)) and isinstance(y, (int, float)) else "-"
        click.echo(f"{key:12} {_num(x):>18} {_num(y):>18} {diff:>11}")


@model.command("promote")
@click.argument("version")
@click.option("--force", is_flag=True, help="Promote even if its held-out PR-AUC is below the active model's.")
@click.option("--no-rescore", is_flag=True, help="Do not re-score the indexed documents.")
@click.pass_context
def model_promote(ctx, version, force, no_rescore):
    """Make VERSION the active model, then re-score the indexed documents with it. Refuses a model whose
    held-out PR-AUC is below the active one's unless --force; `imt model rollback` undoes it."""
    from classifier.registry import Registry

    cfg = _cfg(ctx)
    registry = Registry(cfg.models_dir)
    registry.meta(version)  # unknown versions fail before anything else
    es = None if no_rescore else _connect_for_rescore(cfg)
    previous = registry.promote(version, force=force)
    if previous == version:
        click.echo(f"{version} is already the active model")
        return
    click.echo(f"Promoted {version}" + (f" (was {previous})" if previous else ""))
    if es is not None:
        _rescore(cfg, es, version)


@model.command("rollback")
@click.option("--no-rescore", is_flag=True, help="Do not re-score the indexed documents.")
@click.pass_context
def model_rollback(ctx, no_rescore):
    """Return to the model that was active before the current one, then re-score the indexed documents."""
    from classifier.registry import Registry

    cfg = _cfg(ctx)
    registry = Registry(cfg.models_dir)
    es = None if no_rescore else _connect_for_rescore(cfg)
    current, target = registry.rollback()
    click.echo(f"Rolled back from {current} to {target}")
    if es is not None:
        _rescore(cfg, es, target)


def _connect_for_rescore(cfg):
    from search.client import SearchUnavailable, connect

    try:
        return connect(cfg)
    except SearchUnavailable as exc:
        raise UserError(f"{exc}; nothing changed (--no-rescore changes the model without re-scoring)") from None


def _rescore(cfg, es, version: str, since: str | None = None, limit: int | None = None, restart: bool = False,
             batch: int = 500, as_json: bool = False) -> None:  # fmt: skip
    from classifier.registry import Registry
    from search.mapping import ensure_docs_index
    from search.rescore import checkpoint_path, rescore

    if not es.indices.exists_alias(name=cfg.index):
        click.echo(f"No documents indexed in {cfg.index} yet: nothing to re-score", err=True)
        return
    ensure_docs_index(es, cfg.index)  # an index made by an older version gains the fields a re-score writes
    from core.progress import Progress

    model, _meta = Registry(cfg.models_dir).load(version)
    with Progress("re-scored") as bar:  # a bar on a terminal, a log line every few seconds otherwise
        result = rescore(
            es,
            cfg.index,
            ops_training.Scorer(model, version),
            version,
            checkpoint_path(cfg.home / "state", version),
            since=since,
            batch=batch,
            limit=limit,
            restart=restart,
            progress=bar.note,
            on_progress=bar.update,
        )
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
    if result.complete:
        ops_crawl.context_update(cfg, es, model, version, everything=True, as_json=as_json)


@index.command("migrate")
@click.option("--delete-old", is_flag=True, help="Delete the old index after the swap (default: keep it).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def index_migrate(ctx, delete_old, as_json):
    """Build the next version of the documents index with this version's mapping, copy every document into it
    (search_after + bulk, with progress), swap the alias atomically, write-block the old index, then copy what it
    took meanwhile (by sequence number, whatever timestamps the documents carry). Searches and crawls keep working
    throughout; the old index is kept (write-blocked) for rollback unless --delete-old."""
    from search.client import connect
    from search.mapping import DOCS_MAPPING
    from search.migrate import migrate

    from core.progress import Progress

    cfg = _cfg(ctx)
    es_client = connect(cfg)
    with Progress("copied") as bar:  # a bar on a terminal, a log line every few seconds otherwise
        result = migrate(es_client, cfg.index, DOCS_MAPPING, delete_old=delete_old, progress=bar.note,
                         on_progress=bar.update)  # fmt: skip
    if as_json:
        click.echo(json.dumps(result.as_dict()))
        return
    kept = "deleted" if result.deleted_old else "kept for rollback, write-blocked"
    extra = f", {result.removed} deleted during the copy" if result.removed else ""
    click.echo(
        f"Migrated {cfg.index}: {result.old_index} -> {result.new_index}, {result.copied} documents copied, "
        f"{result.caught_up} caught up{extra}, in {result.seconds}s ({result.old_index} {kept})"
    )


@index.command("rescore")
@click.option("--version", "version", default=None, help="Model version (default: the active one).")
@click.option("--since", default=None, help="Only documents fetched or seen since this date (ISO, e.g. 2026-11-01).")
@click.option("--limit", type=click.IntRange(1), default=None, help="Stop after this many (the next run continues).")
@click.option("--restart", is_flag=True, help="Ignore the checkpoint of an earlier, unfinished run.")
@click.option("--batch", type=click.IntRange(1, 10_000), default=500, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def index_rescore(ctx, version, since, limit, restart, batch, as_json):
    """Re-score indexed documents with a model version (score, label, model_version), batch-wise with
    progress. Resumable: a checkpoint under var/state/ lets an interrupted run continue where it stopped;
    documents already scored by that version are skipped."""
    from classifier.registry import Registry
    from search.client import connect

    cfg = _cfg(ctx)
    registry = Registry(cfg.models_dir)
    version = version or registry.current_version()
    if version is None:
        raise UserError(f"no active model in {cfg.models_dir}; run `imt train` or name one with --version")
    registry.meta(version)
    es = connect(cfg)
    if not es.indices.exists_alias(name=cfg.index):
        raise UserError(f"index {cfg.index!r} does not exist yet; crawl something first (`imt crawl demo`)")
    _rescore(cfg, es, version, since=_iso_date(since), limit=limit, restart=restart, batch=batch, as_json=as_json)


def _iso_date(value: str | None) -> str | None:
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


# -- evaluation ---------------------------------------------------------------------------------------------
@main.command()
@click.option("--data", type=click.Path(path_type=Path), required=True, help="Labelled CSV or JSONL.")
@click.option("--model", "version", default=None, help="Model version (default: the active one).")
@click.option("--text-col", default="text", show_default=True)
@click.option("--label-col", default="label", show_default=True)
@click.option(
    "--report",
    "report_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Report folder (default var/reports/<version>-<time>/).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def evaluate(ctx, data, version, text_col, label_col, report_dir, as_json):
    """Precision, recall, F1, PR-AUC and the confusion matrix of a model on labelled data (text, label;
    breakdowns by language and kind when `lang` / `kind` columns exist), written as report.md, report.json
    and pr_curve.png."""
    _evaluate(_cfg(ctx), version, data, text_col, label_col, report_dir, as_json)


def _evaluate(cfg, version, data, text_col, label_col, report_dir, as_json) -> None:
    from classifier.evaluate import evaluate as run_evaluation
    from classifier.evaluate import summary_lines, write_report
    from classifier.labels import LabelRow, read_label_file
    from classifier.registry import Registry

    registry = Registry(cfg.models_dir)
    version = version or registry.current_version()
    if version is None:
        raise UserError(f"no active model in {cfg.models_dir}; run `imt train` or name one with --model")
    registry.meta(version)
    if report_dir is not None:
        _check_folder_output(report_dir, "--report")
    if data is not None:
        rows = read_label_file(data, text_col=text_col, label_col=label_col, outcome="nothing evaluated").rows
        what = str(data)
    else:
        from search.client import connect
        from search.labels import iter_labels

        alias = ops_training.labels_alias(cfg)
        rows = [
            LabelRow(line=i, text=lab["text"], label=int(lab["label"]), lang=lab.get("lang"), kind=lab.get("kind"))
            for i, lab in enumerate(iter_labels(connect(cfg), alias), 1)
        ]
        if not rows:
            raise UserError(f"no stored labels in {alias} to evaluate on; pass --data FILE")
        what = f"stored labels ({alias})"
    model_obj, meta = registry.load(version)
    _progress(f"evaluating {version} on {len(rows)} texts from {what}")
    report, curve = run_evaluation(model_obj, rows, version=version, data=what, progress=_progress)
    if data is None and (meta.get("counts") or {}).get("labels"):
        report["note"] = "this model was trained with stored labels: these figures are optimistic"
    folder = report_dir or cfg.home / "reports" / f"{version}-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}"
    paths = _write_into_folder(folder, lambda staging: write_report(report, curve, staging))
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False))
    else:
        click.echo(f"Model {version} on {what}: {report['n']} texts, {report['positives']} labelled 1")
        for line in summary_lines(report):
            click.echo(line)
        if report.get("note"):
            click.echo(f"note: {report['note']}")
    click.echo(f"Report: {paths['md']}" + ("" if "png" in paths else " (no PR curve: matplotlib is missing)"), err=True)


def _check_folder_output(folder: Path, option: str) -> None:
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


def _write_into_folder(folder: Path, write) -> dict[str, Path]:
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
            os.chmod(staging, 0o777 & ~_umask())  # mkdtemp's folder is 0700
            os.rename(staging, folder)
        else:
            for path in written.values():
                os.replace(path, folder / path.name)
        return {key: folder / path.name for key, path in written.items()}
    except OSError as exc:
        raise UserError(f"cannot write {folder}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# -- the demo pipeline ------------------------------------------------------------------------------------
@demo.command("run")
@click.option("--serve/--no-serve", default=True, help="Keep serving the demo web after the pipeline.")
@click.pass_context
def demo_run(ctx, serve):
    """Serve the demo web, crawl it, classify, index, print a summary, then keep serving until Ctrl-C."""
    cfg = _cfg(ctx)
    procs = ops_demo.start_demo(cfg, onion=True)
    try:
        summary = ops_crawl.run_pipeline(cfg, ["demo"])
        click.echo("")
        _print_summary(cfg, summary)
        if summary["es_down"]:
            raise UserError("Elasticsearch went away during the crawl; documents are spooled (imt index replay)")
        click.echo(
            "\nTry a search:\n  .venv/bin/imt search mephedrone\n  .venv/bin/imt search 'закладка' "
            "--min-score 0.5\n  .venv/bin/imt search 'nasha' --json"
        )
        if serve:
            procs += [p for p in [_start_web(cfg)] if p]  # the investigator web app (docs/web.md)
        if serve and procs:
            click.echo(f"\nDemo web at {cfg.demo_url}/ (onion proxy at {cfg.onion_proxy}; Ctrl-C to stop)")
            procs[0].wait()
    except KeyboardInterrupt:
        pass
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
                proc.wait()


if __name__ == "__main__":
    main()
