"""Shared fixtures: the real Elasticsearch node, the real demo web server, a trained model, and a helper
that runs the real `imt` command with an isolated home and index (in-process where a command needs no process of
its own, else in a subprocess)."""

from __future__ import annotations

import copy
import logging
import os
import subprocess
import sys
import traceback
import uuid
import warnings
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

import config

ROOT = Path(__file__).resolve().parent.parent


# fixtures that stand for a running service: a test that uses one (directly or through another fixture) is an
# integration test, so `pytest -m "not integration"` runs with nothing started (no Elasticsearch, Redis, Chromium)
SERVICE_FIXTURES = {"es_url", "browser", "redis_url"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SERVICE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.integration)


def real_clock(env: dict[str, str] | None = None) -> dict[str, str]:
    """`env` (default: this process's) without libfaketime. `make test-future` moves the clock of the tests and of
    everything they start a year ahead; services that stand for infrastructure (Redis, an Elasticsearch node)
    keep the real clock, as the project's main node does, and some of them do not run under libfaketime at all."""
    env = dict(os.environ if env is None else env)
    if "libfaketime" in env.get("LD_PRELOAD", ""):
        env["LD_PRELOAD"] = " ".join(p for p in env["LD_PRELOAD"].split() if "libfaketime" not in p)
        if not env["LD_PRELOAD"]:
            del env["LD_PRELOAD"]
    for key in [k for k in env if k.startswith("FAKETIME")]:
        del env[key]
    return env


@pytest.fixture(scope="session")
def es_url() -> str:
    """The project's local node (started by `make test`, or here if it is installed but stopped)."""
    from search.node import Node

    cfg = config.load()
    if cfg.es_url:
        return cfg.es_url
    node = Node(cfg, echo=lambda m: None)
    if not node.health():
        if not node.installed:
            pytest.fail("Elasticsearch is not installed: run `make test` (it installs and starts the node)")
        node.start()
    return node.url


@pytest.fixture(scope="session")
def demo_server():
    from demo.server import DemoServer

    with DemoServer() as srv:
        yield srv


@pytest.fixture(scope="session")
def imt_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("imt-home")


# commands verified to behave the same in-process (click's CliRunner against cli.main) as in a process of their own;
# the others (crawl: Scrapy's Twisted reactor cannot start twice in one process; demo, serve, scheduler: servers and
# daemons; es: the node's JVM; and any command not checked yet) always get a process. A test that needs a process
# for a command of this list (a real stdin or stdout file descriptor, a signal, a concurrent run) passes process=True.
IN_PROCESS = frozenset({
    "search", "facets", "entity", "watch", "alerts", "export", "hold", "evidence",
    "train", "classify", "context", "labels", "label", "model", "evaluate",
    "runs", "schedule", "health", "retention", "index", "users",
})  # fmt: skip

# TEST_IMT_PROCESS=1: every command in a process of its own, as before IN_PROCESS (to tell whether a failure or a
# timing comes from running in-process)
ALWAYS_A_PROCESS = os.environ.get("TEST_IMT_PROCESS", "") not in ("", "0")

# module-level state a command leaves in the process that ran it: (module, attribute), a dict or a set put back as it
# was after an in-process run (the indices' settings of the run's configuration; the indices a client has ensured,
# keyed by id() of a client that is gone once the command ends and whose id a later client may get)
COMMAND_STATE = (
    ("search.mapping", "_INDEX_SETTINGS"),
    ("search.audit", "_ensured"),
    ("search.sessions", "_ensured"),
)


class Imt:
    """Runs `imt ARGS` as a user would, with the test's environment: in-process through click's CliRunner when the
    command is in IN_PROCESS (and the call adds no variables but IMT_* ones), else as `python cli.py ARGS`;
    `process=True` or `process=False` forces either. Returns a subprocess.CompletedProcess either way."""

    def __init__(self, env: dict[str, str]):
        self.env = env

    def __call__(self, *args: str, check: bool = True, input: str | None = None, process: bool | None = None,
                 **extra_env: str):  # fmt: skip
        env = dict(self.env, **extra_env)
        if process is None:  # other variables (LD_PRELOAD, TZ, PATH ...) are read as a process starts
            process = ALWAYS_A_PROCESS or not (
                args and args[0] in IN_PROCESS and all(k.startswith("IMT_") for k in extra_env)
            )
        proc = (self._process if process else self._in_process)(list(args), env, input)
        if check and proc.returncode != 0:
            where = "" if process else " (in-process)"
            raise AssertionError(f"imt {' '.join(args)}{where} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
        return proc

    def _process(self, args: list[str], env: dict[str, str], input: str | None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, str(ROOT / "cli.py"), *args],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            input=input,
            timeout=900,
        )

    def _in_process(self, args: list[str], env: dict[str, str], input: str | None) -> subprocess.CompletedProcess:
        import cli

        # the test's IMT_* settings, every other IMT_* variable unset, and IMT_LOG_FORMAT (which the command sets
        # for the processes it starts) put back afterwards as the runner puts back all it is given
        overrides: dict[str, str | None] = {k: None for k in os.environ if k.startswith("IMT_")}
        overrides["IMT_LOG_FORMAT"] = None
        overrides.update((k, v) for k, v in env.items() if k.startswith("IMT_"))
        argv = [str(ROOT / "cli.py"), *args]
        with _as_a_process(argv):
            result = CliRunner().invoke(cli.main, args, input=input, env=overrides, prog_name="cli.py")
        stderr = result.stderr
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            # escaped the command's own error boundary: a Python process would print the traceback and exit 1
            stderr += "".join(traceback.format_exception(*result.exc_info))
        return subprocess.CompletedProcess([sys.executable, *argv], result.exit_code, result.stdout, stderr)


@contextmanager
def _as_a_process(argv: list[str]):
    """What a fresh `python cli.py` would have and a run in this process must not leave behind: the project root as
    the working directory, sys.argv, a root logger without handlers (logging.basicConfig binds its handler to the
    first run's captured stderr and, with pytest's handlers there, adds none at all), Python's default warning
    filters with warnings written to the (captured) stderr, and the product's module-level state of COMMAND_STATE."""
    cwd, saved_argv = os.getcwd(), sys.argv
    root = logging.getLogger()
    handlers, level, disabled = root.handlers[:], root.level, logging.root.manager.disable
    state = {}
    for module, attr in COMMAND_STATE:
        if module in sys.modules:
            state[module, attr] = copy.copy(getattr(sys.modules[module], attr))
    os.chdir(ROOT)
    sys.argv = argv
    root.handlers = []
    logging.disable(logging.NOTSET)
    try:
        with warnings.catch_warnings():
            warnings.resetwarnings()  # as a process without -W or PYTHONWARNINGS starts
            for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
                warnings.simplefilter("ignore", category)
            warnings.filterwarnings("default", category=DeprecationWarning, module="__main__")
            warnings.showwarning = _warning_to_stderr
            yield
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers = handlers
        root.setLevel(level)
        logging.disable(disabled)
        sys.argv = saved_argv
        os.chdir(cwd)
        for module, attr in COMMAND_STATE:
            if module in sys.modules:
                live = getattr(sys.modules[module], attr)
                live.clear()
                live.update(state.get((module, attr), ()))


def _warning_to_stderr(message, category, filename, lineno, file=None, line=None):
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


@pytest.fixture(scope="session")
def imt(es_url, demo_server, imt_home) -> Imt:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMT_")}
    env.update(
        IMT_HOME=str(imt_home),
        IMT_ES_URL=es_url,
        IMT_INDEX=f"imt-test-{uuid.uuid4().hex[:8]}",
        IMT_DEMO_URL=demo_server.base_url,
        PYTHONPATH=str(ROOT),
    )
    return Imt(env)


@pytest.fixture(scope="session")
def trained(imt):
    """A model trained by the real `imt train` on the seed corpus, registered in the test home."""
    return imt("train")
