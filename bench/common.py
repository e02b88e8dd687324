"""What the benchmark scripts share: ports, waiting for servers, a private IMT_HOME, dropping a bench index."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float = 60) -> None:
    """Wait until an HTTP server answers at url (any status counts)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"error: nothing answered at {url}")


def private_home(parent: Path, name: str) -> Path:
    """A fresh IMT_HOME holding a copy of the current model (trained first if there is none)."""
    models = ROOT / "var" / "models"
    if not (models / "CURRENT").is_file():
        print("training the baseline model first ...", file=sys.stderr)
        env = dict(os.environ, PYTHONPATH=str(ROOT), IMT_HOME=str(models.parent))
        subprocess.run([sys.executable, str(ROOT / "cli.py"), "train"], env=env, cwd=ROOT, check=True)
    home = parent / name
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(models, home / "models")
    return home


def drop_index(es_url: str, alias: str) -> None:
    """Delete the indices behind a bench alias (and the alias with them)."""
    from elasticsearch import Elasticsearch

    es = Elasticsearch(es_url, request_timeout=30)
    try:
        if es.indices.exists_alias(name=alias):
            for name in es.indices.get_alias(name=alias):
                es.indices.delete(index=name, ignore_unavailable=True)
        if es.indices.exists(index=alias):
            es.indices.delete(index=alias, ignore_unavailable=True)
    except Exception as exc:  # the figures are written already; say what is left behind
        print(f"warning: could not delete the bench index {alias}: {exc}", file=sys.stderr)
    finally:
        es.close()


def crawl_env(home: Path, index: str, es_url: str, demo_url: str, sources_dir: Path, **extra: str) -> dict:
    """The environment of an `imt` run inside a benchmark: private home and index, the bench's demo web and
    sources, the given Elasticsearch."""
    return dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        IMT_HOME=str(home),
        IMT_INDEX=index,
        IMT_ES_URL=es_url,
        IMT_DEMO_URL=demo_url,
        IMT_SOURCES_DIR=str(sources_dir),
        **extra,
    )
