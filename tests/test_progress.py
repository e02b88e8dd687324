"""The progress helper: a redrawn line on a terminal, plain or JSON log lines otherwise."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest

from core.progress import Progress

ROOT = Path(__file__).resolve().parent.parent


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_tty_redraws_one_line_with_rate_and_eta():
    out, clock = io.StringIO(), Clock()
    with Progress("re-scored", total=1000, stream=out, tty=True, clock=clock) as bar:
        clock.now = 1.0
        bar.advance(100)
        clock.now = 2.0
        bar.advance(100)
    text = out.getvalue()
    assert text.count("\r") == 3 and text.endswith("\n") and text.count("\n") == 1
    assert "re-scored: 200/1,000 (20%), 100/s, ETA 0:08" in text


def test_rate_and_eta_follow_the_last_half_minute_not_a_slow_start():
    out, clock = io.StringIO(), Clock()
    bar = Progress("copied", total=2000, stream=out, tty=False, every=10, clock=clock)
    clock.now = 60.0
    bar.update(0)  # a minute of start-up (a JVM, a count query) with nothing done
    for _ in range(40):  # then 10 a second
        clock.now += 1
        bar.advance(10)
    assert bar.done == 400 and round(bar.rate(), 1) == 10.0  # the average since the start would be 4/s
    assert bar.line() == "copied: 400/2,000 (20%), 10/s, ETA 2:40"
    bar.close()
    assert out.getvalue().splitlines()[-1] == "  copied: 400/2,000 (20%), 10/s, ETA 2:40"


def test_pipe_gets_log_lines_and_json_when_asked(monkeypatch):
    out, clock = io.StringIO(), Clock()
    bar = Progress("exported", stream=out, tty=False, every=5, clock=clock)
    for _ in range(10):
        clock.now += 1
        bar.advance(10)
    bar.close()
    lines = out.getvalue().splitlines()
    assert "\r" not in out.getvalue() and len(lines) == 3  # at 5 s, 10 s and the close
    assert lines[-1] == "  exported: 100, 10/s"
    monkeypatch.setenv("IMT_LOG_FORMAT", "json")
    out = io.StringIO()
    bar = Progress("exported", total=10, stream=out, clock=clock)
    bar.advance(10)
    bar.close()
    rec = json.loads(out.getvalue().splitlines()[-1])
    assert rec["done"] == 10 and rec["total"] == 10 and rec["message"].startswith("exported: 10/10")


def test_tty_note_keeps_the_bar_and_slow_counts_keep_a_rate():
    out, clock = io.StringIO(), Clock()
    bar = Progress("training steps", stream=out, tty=True, clock=clock)
    clock.now = 4.0
    bar.update(1, total=7)  # the total becomes known with the first step
    bar.note("cross-validation fold 1/5")
    clock.now = 8.0
    bar.update(2, total=7)
    bar.close()
    text = out.getvalue()
    assert "\rtraining steps: 1/7 (14%), 0.25/s, ETA 0:24" in text  # not "0/s" and no ETA
    # the message is on a line of its own, the bar drawn again below it
    assert "\r\x1b[Kcross-validation fold 1/5\ntraining steps: 1/7 (14%)" in text
    assert "training steps: 2/7 (29%), 0.25/s, ETA 0:20" in text and text.endswith("\n")


def test_bytes_and_elapsed(monkeypatch):
    out, clock = io.StringIO(), Clock()
    bar = Progress("fetched by mvn", stream=out, tty=False, clock=clock, unit="B", elapsed=True)
    clock.now = 5.0
    bar.update(0)  # nothing measurable yet: the elapsed time still moves
    clock.now = 10.0
    bar.update(25_000_000, total=100_000_000)
    lines = out.getvalue().splitlines()
    assert lines == [
        "  fetched by mvn: 0 B, 0 B/s, 0:05 elapsed",
        "  fetched by mvn: 25.0 MB/100.0 MB (25%), 2.5 MB/s, ETA 0:30, 0:10 elapsed",
    ]
    monkeypatch.setenv("IMT_LOG_FORMAT", "json")
    out = io.StringIO()
    bar = Progress("fetched by mvn", total=2000, stream=out, clock=clock, unit="B")
    bar.note("Unpacking")
    bar.update(2000)
    bar.close()
    recs = [json.loads(line) for line in out.getvalue().splitlines()]
    assert recs[0]["message"] == "Unpacking" and "done" not in recs[0]
    assert recs[-1]["done"] == 2000 and recs[-1]["total"] == 2000 and "2.0 kB/2.0 kB" in recs[-1]["message"]


def test_training_reports_its_steps(tmp_path):
    from classifier.train import SEED, fit_records, read_records

    records = read_records(SEED)[:300]
    steps, messages = [], []
    fit_records(records, progress=messages.append, on_step=lambda d, t: steps.append((d, t)), cv_folds=3,
                compare=False)  # fmt: skip
    assert steps == [(0, 5), (1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]  # features, three folds, the final fit
    assert "cross-validation fold 3/3" in messages


def _stderr_lines(proc) -> list[str]:
    assert "Traceback" not in proc.stderr
    return [line for line in proc.stderr.splitlines() if line.strip()]


def test_imt_train_shows_steps_as_log_lines_or_json(imt, tmp_path):
    from classifier.train import SEED

    data = tmp_path / "small.jsonl"
    data.write_text("".join(SEED.read_text(encoding="utf-8").splitlines(keepends=True)[:400]), encoding="utf-8")
    home = str(tmp_path / "home")
    plain = imt("train", "--data", str(data), "--no-labels", IMT_HOME=home)
    lines = _stderr_lines(plain)
    assert "  training steps: 7/7 (100%)" in [ln.split(",")[0] for ln in lines]
    assert len(lines) < 20 and "\r" not in plain.stderr
    as_json = imt("train", "--data", str(data), "--no-labels", IMT_HOME=home, IMT_LOG_FORMAT="json")
    recs = [json.loads(ln) for ln in _stderr_lines(as_json) if ln.startswith("{")]
    counted = [r for r in recs if "done" in r]
    assert counted and counted[-1]["done"] == counted[-1]["total"] == 7
    assert any(r["message"] == "cross-validation fold 5/5" for r in recs)


# -- re-score on the real node ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def rescore_home(tmp_path_factory):
    """A home with one small registered model (trained in-process: fast)."""
    from classifier.registry import Registry
    from classifier.train import SEED, fit_records, read_records

    home = tmp_path_factory.mktemp("progress-home")
    model = fit_records(read_records(SEED)[:300], cv_folds=3, compare=False)
    version = Registry(home / "models").save(model, {"data": "seed[:300]"}, promote=True)
    return home, version


def _index_docs(es, name: str, n: int) -> None:
    from elasticsearch import helpers

    from search.mapping import ensure_docs_index

    ensure_docs_index(es, name)
    helpers.bulk(es, ({"_index": name, "_id": f"p{i:05d}", "_source": {
        "url": f"http://p.test/{i:05d}", "source": "p", "title": f"Post {i}", "text": f"mephedrone post {i}",
        "score": 0.5, "label": 0, "model_version": "m-old"}} for i in range(n)), refresh=True)  # fmt: skip


@pytest.mark.integration
def test_imt_rescore_counts_documents_of_the_total(imt, es_url, rescore_home):
    from elasticsearch import Elasticsearch

    home, version = rescore_home
    es = Elasticsearch(es_url, request_timeout=60)
    names = [f"imt-prog-{uuid.uuid4().hex[:8]}" for _ in range(2)]
    try:
        for name in names:
            _index_docs(es, name, 1200)
        plain = imt("index", "rescore", "--batch", "100", IMT_HOME=str(home), IMT_INDEX=names[0])
        assert "Re-scored 1200 documents" in plain.stdout
        lines = _stderr_lines(plain)
        assert f"  re-scoring with {version}: 1200 documents to do" in lines
        assert lines[-1].startswith("  re-scored: 1,200/1,200 (100%), ")  # the count of the total, at the end
        assert len(lines) < 10 and "\r" not in plain.stderr  # twelve batches: not a line per batch
        as_json = imt("index", "rescore", "--batch", "100", IMT_HOME=str(home), IMT_INDEX=names[1],
                      IMT_LOG_FORMAT="json")  # fmt: skip
        recs = [json.loads(ln) for ln in _stderr_lines(as_json)]  # every line a JSON object
        assert recs[-1]["done"] == recs[-1]["total"] == 1200 and recs[-1]["message"].startswith("re-scored: 1,200/")
    finally:
        for name in names:
            for index in es.options(ignore_status=404).indices.get_alias(name=name) or []:
                es.options(ignore_status=404).indices.delete(index=index)


# -- install with a stand-in mvn -------------------------------------------------------------------
FAKE_MVN = """#!{python}
import os, pathlib, shutil, sys, time
args = sys.argv[1:]
out = pathlib.Path(next(a.split("=", 1)[1] for a in args if a.startswith("-DoutputDirectory=")))
version = next(a.split("=", 1)[1] for a in args if a.startswith("-Dartifact=")).split(":")[2]
repo = pathlib.Path.home() / ".m2/repository/org/elasticsearch/distribution/integ-test-zip/elasticsearch" / version
repo.mkdir(parents=True, exist_ok=True)
target = repo / f"elasticsearch-{{version}}.zip"
print("[INFO] stand-in mvn", " ".join(args))
if not target.exists():  # "download" in ten pieces into a .part file, as Maven's resolver does
    data = pathlib.Path(os.environ["FAKE_ZIP"]).read_bytes()
    piece = len(data) // 10 + 1
    with open(str(target) + ".part", "wb") as fh:
        for i in range(0, len(data), piece):
            fh.write(data[i:i + piece])
            fh.flush()
            time.sleep(0.15)
    os.rename(str(target) + ".part", target)
    (repo / "_remote.repositories").write_text("")
shutil.copy(target, out / target.name)
"""


@pytest.fixture
def fake_mvn(tmp_path, monkeypatch):
    version = "0.0.1-fake"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    mvn = bin_dir / "mvn"
    mvn.write_text(FAKE_MVN.format(python=sys.executable))
    mvn.chmod(0o755)
    zip_path = tmp_path / "dist.zip"
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(f"elasticsearch-{version}/bin/elasticsearch", "#!/bin/sh\n")
        for i in range(40):
            zf.writestr(f"elasticsearch-{version}/lib/part{i}.jar", os.urandom(50_000))
    env = {"HOME": str(tmp_path / "user"), "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "FAKE_ZIP": str(zip_path)}  # fmt: skip
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return version, zip_path, env


@pytest.fixture
def installed_nodes():
    """Nodes a test installs; removed afterwards (a home under pytest's private tmp folder puts the install in a
    folder of its own under IMT_ES_SYSTEM_DIR, search/node.py node_root)."""
    nodes = []
    yield nodes
    for node in nodes:
        node.remove()


def test_install_measures_the_download_and_the_unpacking(tmp_path, fake_mvn, monkeypatch, installed_nodes):
    import config
    from search.node import Node

    version, zip_path, _env = fake_mvn
    cfg = config.load({"IMT_HOME": str(tmp_path / "home"), "IMT_ES_VERSION": version})
    node = Node(cfg, echo=lambda m: None)
    installed_nodes.append(node)
    monkeypatch.setattr(Node, "_artifact_size", lambda self: zip_path.stat().st_size)  # no network in tests
    calls = []
    node.install(on_progress=lambda *a: calls.append(a))
    assert node.installed
    size = zip_path.stat().st_size
    download = [c for c in calls if c[0] == "download"]
    assert any(0 < done < size for _p, done, _t in download)  # measured part-way, not only at the end
    assert download[-1] == ("download", size, size)
    assert [d for _p, d, _t in download] == sorted(d for _p, d, _t in download)
    assert calls[-1] == ("unpack", 41, 41)
    assert "stand-in mvn" in (node.root / "dist" / "mvn.log").read_text()


def test_imt_es_install_prints_a_few_lines_with_totals(tmp_path, fake_mvn, installed_nodes):
    import config
    from search.node import Node

    version, zip_path, env = fake_mvn
    # mvn has it in its local repository already: it copies it (no network in tests)
    repo = Path(env["HOME"]) / ".m2/repository/org/elasticsearch/distribution/integ-test-zip/elasticsearch" / version
    repo.mkdir(parents=True)
    (repo / f"elasticsearch-{version}.zip").write_bytes(zip_path.read_bytes())
    (repo / "_remote.repositories").write_text("")
    run_env = {k: v for k, v in os.environ.items() if not k.startswith("IMT_")}
    run_env.update(env, IMT_HOME=str(tmp_path / "home"), IMT_ES_VERSION=version, PYTHONPATH=str(ROOT))
    installed_nodes.append(Node(config.load(run_env), echo=lambda m: None))
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "es", "install"], env=run_env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lines = _stderr_lines(proc)
    size = f"{zip_path.stat().st_size / 1e6:.1f} MB"
    assert any(ln.startswith(f"  fetched by mvn: {size}/{size} (100%), ") and "elapsed" in ln for ln in lines)
    assert any(ln.startswith("  unpacked files: 41/41 (100%), ") for ln in lines)
    assert lines[-1].startswith(f"Installed Elasticsearch {version}") and len(lines) < 12
