"""Input a user can get wrong, through the real `imt` (against the real Elasticsearch node): a file
that is not UTF-8, an output that is a folder, in a missing folder or the input itself, Elasticsearch down. Each
ends in exactly one line on stderr, `error: ...`, and exit 2; nothing is half-written, the input is untouched."""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# a Python exception's name, the way an unexpected error shows it ("unexpected UnboundLocalError: ...")
EXCEPTION_NAME = re.compile(r"\b[A-Z][A-Za-z]*(Error|Exception)\b|Traceback|Warning\b")


def one_error_line(proc, code: int = 2) -> str:
    """The single stderr line of a refused command (asserting there is nothing else on stderr or stdout)."""
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    (line,) = lines
    assert line.startswith("error: "), line
    assert not EXCEPTION_NAME.search(line), line
    assert proc.stdout == ""
    return line


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden temporary files included) with the SHA-256 of its content."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(folder.rglob("*"))
    }


def jsonl(rows) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- files that are not UTF-8 ----------------------------------------------------------------------------------
def test_classify_names_the_line_that_is_not_utf8(imt, trained, tmp_path):
    # early in the file (the first block read: this was "unexpected UnboundLocalError"), and far into it (the
    # line named was the one after the last good line of the block before)
    for bad_line, total in ((2, 3), (700, 900)):
        folder = tmp_path / f"at{bad_line}"
        folder.mkdir()
        lines = [json.dumps({"id": i, "text": f"text number {i}, kuniga 200$ yoz"}).encode() for i in range(1, total)]
        lines.insert(bad_line - 1, b'{"id": "x", "text": "caf\xe9 latin-1"}')
        src = folder / "in.jsonl"
        src.write_bytes(b"\n".join(lines) + b"\n")
        before = snapshot(folder)
        proc = imt("classify", str(src), "--output", str(folder / "out.jsonl"), check=False)
        line = one_error_line(proc)
        assert f"{src} line {bad_line}: not UTF-8 text" in line
        assert snapshot(folder) == before  # no output, no temporary file, the input as it was


def test_classify_from_standard_input_names_the_line(imt, trained, tmp_path):
    out = tmp_path / "out.jsonl"
    proc = imt("classify", "-", "--output", str(out), check=False, input='{"id": 1, "text": "ok"}\n{"id": 2,\n')
    assert "standard input line 2: not valid JSON" in one_error_line(proc)
    assert not out.exists()


def test_train_data_that_is_not_utf8(imt, tmp_path):
    data = tmp_path / "corpus.jsonl"
    data.write_bytes(b'{"text": "mef 1g", "label": 1}\n{"text": "news", "label": 0}\n{"text": "\xff", "label": 0}\n')
    proc = imt("train", "--data", str(data), "--no-labels", check=False)
    assert f"{data} line 3: not UTF-8 text" in one_error_line(proc)


# -- where the output goes ---------------------------------------------------------------------------------------
def classify_src(folder: Path) -> Path:
    src = folder / "in.jsonl"
    src.write_text(jsonl([{"id": 1, "text": "Mefedron 1g, zakladki Yunusobod"}, {"id": 2, "text": "Police news"}]))
    return src


def test_output_that_is_a_folder_or_in_a_missing_folder(imt, trained, tmp_path):
    src = classify_src(tmp_path)
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "a-file").write_text("keep me\n")
    cases = {
        "a-folder": "is a folder",
        "missing/out.jsonl": "does not exist",
        "missing/deeper/out.jsonl": "does not exist",
        "a-file/out.jsonl": "is not a folder",
    }
    before = snapshot(tmp_path)
    for output, expected in cases.items():
        target = tmp_path / output
        for command in (["classify", str(src)], ["labels", "export"], ["export", "mef", "--format", "jsonl"]):
            proc = imt(*command, "--output", str(target), check=False)
            line = one_error_line(proc)
            assert expected in line and str(target) in line, line
    assert snapshot(tmp_path) == before  # no folder created, nothing written anywhere


def test_output_equal_to_the_input_is_refused(imt, trained, tmp_path):
    src = classify_src(tmp_path)
    (tmp_path / "sub").mkdir()
    os.symlink(src, tmp_path / "link.jsonl")
    os.link(src, tmp_path / "hard.jsonl")
    content, mtime = src.read_bytes(), src.stat().st_mtime_ns
    spellings = [
        str(src),
        f"{tmp_path}/./in.jsonl",
        str(tmp_path / "sub" / ".." / "in.jsonl"),
        str(tmp_path / "link.jsonl"),
        str(tmp_path / "hard.jsonl"),
    ]
    before = snapshot(tmp_path)
    for output in spellings:
        proc = imt("classify", str(src), "--output", output, check=False)
        line = one_error_line(proc)
        assert "is the input" in line and str(Path(output)) in line
    # the same file as standard input (`imt classify - -o in.jsonl < in.jsonl`): a process of its own, whose stdin
    # is the file's descriptor (in-process, click's runner gives a stream without one)
    with src.open("rb") as stdin:
        proc = subprocess.run(
            [sys.executable, str(ROOT / "cli.py"), "classify", "-", "-o", str(src)],
            stdin=stdin, env=imt.env, cwd=ROOT, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
    assert "is the standard input" in one_error_line(proc)
    assert src.read_bytes() == content and src.stat().st_mtime_ns == mtime
    assert snapshot(tmp_path) == before


def test_a_failed_run_leaves_an_existing_output_as_it_was(imt, trained, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "from an earlier run"}\n')
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl({"id": i, "text": f"text {i}"} for i in range(50)) + '{"id": 50, "text": 7}\n')
    before = snapshot(tmp_path)
    proc = imt("classify", str(src), "-o", str(out), check=False)
    assert "line 51: expected an object with 'id' and a string 'text'" in one_error_line(proc)
    assert snapshot(tmp_path) == before


def device(path: Path, minor: int) -> Path:
    """A character device of our own (1, 3 = null; 1, 7 = full) in the test's folder, never /dev's: a command
    that renamed a file over its output would replace /dev/null itself when run as root."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return path


def is_device(path: Path) -> bool:
    return stat.S_ISCHR(path.lstat().st_mode)


def test_a_device_is_written_through_and_a_full_disk_is_one_line(imt, trained, tmp_path):
    src = classify_src(tmp_path)
    null, full = device(tmp_path / "null", 3), device(tmp_path / "full", 7)
    assert "Classified 2 documents" in imt("classify", str(src), "-o", str(null)).stderr
    assert is_device(null)  # written through, not replaced by a file
    proc = imt("classify", str(src), "-o", str(full), check=False)
    assert f"cannot write {full}: No space left on device" in one_error_line(proc)
    assert is_device(full)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full", "in.jsonl", "null"]


@pytest.fixture
def empty_index(imt, tmp_path, es_url):
    """An empty documents index of its own (and a home without a spool to replay)."""
    env = {"IMT_INDEX": f"imt-test-inputs-{uuid.uuid4().hex[:8]}", "IMT_HOME": str(tmp_path / "home")}
    imt("index", "replay", **env)  # creates the index behind the alias
    yield env
    from elasticsearch import Elasticsearch

    Elasticsearch(es_url).options(ignore_status=404).indices.delete(index=f"{env['IMT_INDEX']}-v1")


def test_export_to_a_device(imt, empty_index, tmp_path):
    null, full = device(tmp_path / "null", 3), device(tmp_path / "full", 7)
    proc = imt("export", "", "--format", "csv", "-o", str(null), **empty_index)
    assert f"Exported 0 documents (0 captures) to {null}" in proc.stderr
    assert is_device(null)
    proc = imt("export", "", "--format", "csv", "-o", str(full), check=False, **empty_index)
    assert f"cannot write {full}: No space left on device" in one_error_line(proc)
    proc = imt("export", "", "--format", "case", "--zip", "--force", "-o", str(null), check=False, **empty_index)
    assert "is a device or pipe" in one_error_line(proc)
    assert is_device(null) and is_device(full)
    assert {p.name for p in tmp_path.iterdir()} - {"home"} == {"full", "null"}  # no temporary file beside them


def test_written_output_is_whole_and_readable(imt, trained, tmp_path):
    """The temporary file is renamed into place with an ordinary file's mode, and odd text survives the trip."""
    src = tmp_path / "in.jsonl"
    src.write_text(
        '{"id": "\\ud800", "text": "lone surrogate \\udc00 mef 1g"}\n{"id": 2, "text": "line\u2028separator"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    imt("classify", str(src), "-o", str(out), "--scores-only")
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").split("\n") if line]
    assert [g["id"] for g in got] == ["\ud800", 2]
    assert out.stat().st_mode & 0o777 == 0o666 & ~current_umask()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_evaluate_report_that_is_a_file(imt, trained, tmp_path):
    data = tmp_path / "l.csv"
    data.write_text("text,label\nmef 1g zakladka,1\npolice news,0\n")
    (tmp_path / "report").write_text("not a folder\n")
    before = snapshot(tmp_path)
    for report in ("report", "report/inside"):
        proc = imt("evaluate", "--data", str(data), "--report", str(tmp_path / report), check=False)
        assert "not a folder" in one_error_line(proc)
    assert snapshot(tmp_path) == before
    proc = imt("evaluate", "--data", str(data), "--report", str(tmp_path / "new" / "r"))
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == ["r"]  # no staging folder left
    assert {"report.json", "report.md"} <= {p.name for p in (tmp_path / "new" / "r").iterdir()}


def test_wrong_options_are_one_line(imt, trained, tmp_path):
    src = classify_src(tmp_path)
    for args in (["--batch", "0"], ["--batch", "-1"], ["--top", "-5"]):
        proc = imt("classify", str(src), "-o", str(tmp_path / "out.jsonl"), *args, check=False)
        assert "Invalid value for" in one_error_line(proc)
    assert not (tmp_path / "out.jsonl").exists()
    assert "No such option" in one_error_line(imt("search", "--nosuch", check=False))


def test_a_bundle_that_is_not_a_zip(imt, tmp_path):
    junk = tmp_path / "case.zip"
    junk.write_text("not a zip\n")
    proc = imt("hold", "add", "--case", "c1", "--bundle", str(junk), check=False)
    assert "not a case bundle" in one_error_line(proc)


def test_a_log_level_that_is_not_one(imt):
    proc = imt("schedule", "list", check=False, IMT_LOG_LEVEL="chatty")
    assert "log level 'chatty'" in one_error_line(proc)


# -- Elasticsearch down ---------------------------------------------------------------------------------------------
def test_elasticsearch_down_prints_only_the_one_line(imt, tmp_path):
    url = f"http://127.0.0.1:{closed_port()}"
    home = tmp_path / "home"
    commands = [
        ["search", "mephedrone"],
        ["facets", "mephedrone"],
        ["entity", "show", "phone:+998901234567"],
        ["labels", "stats"],
        ["export", "mef", "--format", "jsonl", "-o", str(tmp_path / "e.jsonl")],
    ]
    for command in commands:
        proc = imt(*command, check=False, IMT_ES_URL=url, IMT_HOME=str(home))
        line = one_error_line(proc)
        assert line == f"error: Elasticsearch is not reachable at {url}: check IMT_ES_URL and the cluster"
    assert not (tmp_path / "e.jsonl").exists()
    # the client's own account of the failure is kept in the log file, not lost
    log = (home / "logs" / "imt.log").read_text()
    assert "elastic_transport" in log and url in log
    # asked for detail, the console shows the client's lines again
    verbose = imt("search", "mephedrone", check=False, IMT_ES_URL=url, IMT_HOME=str(home), IMT_LOG_LEVEL="INFO")
    assert verbose.returncode == 2 and "elastic_transport" in verbose.stderr
