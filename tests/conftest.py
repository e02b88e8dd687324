"""Shared fixtures: the real Elasticsearch node, the real demo web server, a trained model, and a helper
that runs the real `imt` command in a subprocess with an isolated home and index."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

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


class Imt:
    """Runs `python cli.py ...` as a user would, with the test's environment."""

    def __init__(self, env: dict[str, str]):
        self.env = env

    def __call__(self, *args: str, check: bool = True, input: str | None = None, **extra_env: str):
        env = dict(self.env, **extra_env)
        proc = subprocess.run(
            [sys.executable, str(ROOT / "cli.py"), *args],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            input=input,
            timeout=900,
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"imt {' '.join(args)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
        return proc


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
