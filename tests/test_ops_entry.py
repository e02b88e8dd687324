"""`python -m ops`: the entry point the scheduler and the web app use to run a workflow in a process of its own
(nothing runs cli.py by path). Its errors are the CLI's: one line, exit 2, no traceback."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ops", *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd or ROOT, env=env)  # fmt: skip


def test_help_names_each_workflow():
    out = _run("--help")
    assert out.returncode == 0
    assert "crawl" in out.stdout and "train" in out.stdout
    for workflow in ("crawl", "train"):
        assert _run(workflow, "--help").returncode == 0


def test_an_unknown_source_is_one_line_and_exit_2(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMT_")}
    env.update(IMT_HOME=str(tmp_path / "home"), IMT_ES_URL="http://127.0.0.1:9")  # nothing listens on port 9
    out = _run("crawl", "no-such-source", "--json", env=env, cwd=tmp_path)  # from any folder
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr
    errors = [line for line in out.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "no-such-source" in errors[0], out.stderr
    assert out.stdout == ""


def test_a_wrong_argument_is_a_usage_error():
    out = _run("crawl")  # no source named
    assert out.returncode == 2 and "usage:" in out.stderr.lower()


def _subprocess_commands(path: Path) -> list[str]:
    """Every list literal that starts with sys.executable (a command line of ours), as source text."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.List) and node.elts and ast.unparse(node.elts[0]) == "sys.executable":
            found.append(ast.unparse(node))
    return found


def test_nothing_in_the_product_runs_cli_py_by_path():
    product = [p for d in ("commands", "ops", "web", "crawler", "search", "classifier", "core", "demo")
               for p in (ROOT / d).rglob("*.py")]  # fmt: skip
    calls = {str(p.relative_to(ROOT)): _subprocess_commands(p) for p in product}
    by_path = [f"{p}: {c}" for p, cmds in calls.items() for c in cmds if "cli.py" in c]
    assert not by_path, by_path
    # the scheduler and the web app's training use the entry point
    assert any("'-m', 'ops', 'crawl'" in c for c in calls["crawler/schedule.py"])
    assert any("'-m', 'ops', 'train'" in c for c in calls["web/work.py"])
