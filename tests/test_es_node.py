"""The project-managed Elasticsearch node: status of the running node, and a failed start that explains itself."""

import os
import shutil
import uuid

import pytest

import config
from search.node import Node, NodeError

pytestmark = pytest.mark.integration


def test_running_node_status(es_url):
    cfg = config.load()
    if not cfg.local_es:
        pytest.skip("IMT_ES_URL points at an external cluster")
    info = Node(cfg, echo=lambda m: None).status()
    assert info["running"] and info["installed"] and info["status"] in ("green", "yellow")
    assert info["pid"] and info["url"] == es_url


@pytest.fixture
def home_for_es_user():
    """A folder the unprivileged node user can reach (pytest's own tmp root is private to root)."""
    path = config.PROJECT_DIR / "var" / "test-tmp" / uuid.uuid4().hex[:8]
    path.mkdir(parents=True)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_failed_start_names_the_cause(es_url, home_for_es_user):
    cfg = config.load()
    if not cfg.local_es:
        pytest.skip("needs the local install")
    home = home_for_es_user
    local = Node(cfg, echo=lambda m: None)
    # reuse the installed distribution rather than fetching it again
    shutil.copytree(local.home, home / "elasticsearch" / local.home.name, symlinks=True)
    broken = config.load({**os.environ, "IMT_HOME": str(home), "IMT_ES_PORT": "9291", "IMT_ES_HEAP": "12q"})
    with pytest.raises(NodeError) as err:
        Node(broken, echo=lambda m: None).start()
    first = str(err.value).splitlines()[0]
    assert "Cause: Invalid initial heap size: -Xms12q" in first
    assert "log tail" in str(err.value)


def test_start_without_install_says_what_to_run(tmp_path):
    cfg = config.load({"IMT_HOME": str(tmp_path), "IMT_ES_PORT": "9292"})
    with pytest.raises(NodeError, match="imt es install"):
        Node(cfg, echo=lambda m: None).start()
