"""How a process of ours starts and ends, the same for `imt` and for `python -m ops`: logging set up from the
configuration (console at IMT_LOG_LEVEL, JSON when log_format says so, warnings and the Elasticsearch client's
chatter to var/logs/imt.log), and the errors a user can cause turned into one line and an exit code, everything
else into one line plus a traceback in the log file."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import config as configuration
from core.clock import now_iso

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


def user_errors() -> tuple[type[BaseException], ...]:
    """The classes of USER_ERRORS among the modules loaded (an exception can only come from a module that has
    been imported, and a search does not pay for importing the classifier's modules to sort its errors)."""
    found: list[type[BaseException]] = [configuration.ConfigError]
    for module, name in USER_ERRORS:
        cls = getattr(sys.modules.get(module), name, None)
        if cls is not None:
            found.append(cls)
    return tuple(found)


def one_line(message: str) -> str:
    """A message as one line (click's and a library's messages may hold line breaks)."""
    return " ".join(message.split()) if "\n" in message or "\r" in message else message


def log_path() -> Path:
    """var/logs/imt.log (under IMT_HOME): unexpected errors with their traceback, and the libraries' warnings
    that the console leaves out. Created when first written."""
    try:
        home = configuration.load().home
    except configuration.ConfigError:
        home = configuration.PROJECT_DIR / "var"
    return home / "logs" / "imt.log"


def unexpected(exc: BaseException) -> str:
    """The one line for an error nobody foresaw; its traceback goes to the log file (named in the line)."""
    logfile = log_path()
    try:
        logfile.parent.mkdir(parents=True, exist_ok=True)
        with logfile.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {now_iso()} {sys.argv}\n")
            fh.write(traceback.format_exc())
        where = f" (details in {logfile})"
    except OSError:
        where = ""
    return f"error: unexpected {type(exc).__name__}: {one_line(str(exc))}{where}"


def guarded(work: Callable[[], int | None], echo: Callable[[str], None], passthrough: tuple = ()) -> int:
    """Runs `work` and returns the process's exit code: 0 (or what `work` returns), 2 for an error a user can
    fix, 130 for Ctrl-C, 141 for a reader that went away, 1 for anything else. `echo` writes a line on stderr;
    exceptions of the `passthrough` classes (click's own exits) are raised as they are."""
    try:
        return work() or 0
    except passthrough:
        raise
    except KeyboardInterrupt:
        echo("interrupted")
        return 130
    except BrokenPipeError:  # the reader went away (`imt search --json | head`): nobody left to tell
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 141
    except Exception as exc:  # noqa: BLE001 - the boundary where errors become messages
        if isinstance(exc, user_errors()):
            echo(f"error: {exc}")
            return 2
        echo(unexpected(exc))
        return 1


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


def log_level(name: str) -> int:
    level = logging.getLevelName(str(name).strip().upper())
    if not isinstance(level, int):
        raise configuration.ConfigError(
            f"log level {name!r} (IMT_LOG_LEVEL or log_level in imt.toml) is not one of DEBUG, INFO, WARNING, "
            "ERROR, CRITICAL"
        )
    return level


def setup_logging(cfg: configuration.Config) -> None:
    """Console handlers at the configured level (JSON lines when log_format is json), the log file for warnings
    and the client's lines. Safe to call again in one process (tests run commands in-process): nothing doubles."""
    from core.progress import JsonFormatter, json_logs

    os.environ["IMT_LOG_FORMAT"] = cfg.log_format  # for core.progress here and the processes started
    level = log_level(cfg.log_level)
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
    if json_logs():
        for handler in root.handlers:
            handler.setFormatter(JsonFormatter())
    logfile = _LogFile(cfg.home / "logs" / "imt.log", max(level, logging.WARNING))
    logfile.addFilter(_from_client)
    root.addHandler(logfile)
