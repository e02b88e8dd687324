"""The project-managed Elasticsearch node: status of the running node, and a failed start that explains itself."""

import os
import shutil

import pytest

import config
from search.node import Node, NodeError, reachable_by_others

pytestmark = pytest.mark.integration


def test_running_node_status(es_url):
    cfg = config.load()
    if not cfg.local_es:
        pytest.skip("IMT_ES_URL points at an external cluster")
    info = Node(cfg, echo=lambda m: None).status()
    assert info["running"] and info["installed"] and info["status"] in ("green", "yellow")
    assert info["pid"] and info["url"] == es_url


@pytest.fixture
def private_home(tmp_path):
    """A home inside a folder of mode 700, as a clone in /root is: the node's user cannot traverse it."""
    tmp_path.chmod(0o700)
    home = tmp_path / "clone" / "var"
    home.mkdir(parents=True)
    nodes = []
    yield home, nodes
    for node in nodes:
        node.remove()


def test_a_private_home_puts_the_node_where_its_user_can_reach_it(private_home):
    home, nodes = private_home
    cfg = config.load({**os.environ, "IMT_HOME": str(home), "IMT_ES_PORT": "9293"})
    node = Node(cfg, echo=lambda m: None)
    nodes.append(node)
    if os.geteuid() != 0:
        assert node.root == home / "elasticsearch"  # not root: the node runs as the calling user, in var/
        return
    assert node.relocated and node.root.parent == cfg.es_system_dir
    assert node.root == Node(config.load({**os.environ, "IMT_HOME": str(home)}), echo=None).root  # stable
    other = config.load({**os.environ, "IMT_HOME": str(home.parent / "var2")})
    assert Node(other, echo=None).root != node.root  # keyed by the path: two clones never share a node
    node._record_location()
    assert (home / "elasticsearch" / "LOCATION").read_text().splitlines()[0] == str(node.root)
    assert cfg.es_system_dir.stat().st_mode & 0o777 == 0o755
    blocked = reachable_by_others(home)  # the first folder on the way that other users cannot traverse
    assert blocked in home.parents and not blocked.stat().st_mode & 0o001


def test_failed_start_names_the_cause(es_url, private_home, monkeypatch):
    cfg = config.load()
    if not cfg.local_es:
        pytest.skip("needs the local install")
    home, nodes = private_home
    local = Node(cfg, echo=lambda m: None)
    broken = config.load({**os.environ, "IMT_HOME": str(home), "IMT_ES_PORT": "9291", "IMT_ES_HEAP": "12q"})
    node = Node(broken, echo=lambda m: None)
    nodes.append(node)
    # reuse the installed distribution rather than fetching it again
    shutil.copytree(local.home, node.home, symlinks=True, ignore=shutil.ignore_patterns("data", "logs"))
    monkeypatch.delenv("LD_PRELOAD", raising=False)  # the JVM keeps the real clock under `make test-future`
    with pytest.raises(NodeError) as err:
        node.start()
    first = str(err.value).splitlines()[0]
    assert "Cause: Invalid initial heap size: -Xms12q" in first
    assert "log tail" in str(err.value)


def test_remove_deletes_the_install_and_the_note(private_home):
    home, _nodes = private_home
    node = Node(config.load({**os.environ, "IMT_HOME": str(home), "IMT_ES_PORT": "9294"}), echo=lambda m: None)
    node.home.mkdir(parents=True)
    (node.home / "marker").write_text("x")
    node._record_location()
    assert node.remove() and not node.root.exists()
    assert not (home / "elasticsearch" / "LOCATION").exists()
    assert not node.remove()  # nothing left


def test_start_without_install_says_what_to_run(tmp_path):
    cfg = config.load({"IMT_HOME": str(tmp_path), "IMT_ES_PORT": "9292"})
    with pytest.raises(NodeError, match="imt es install"):
        Node(cfg, echo=lambda m: None).start()
