"""`imt export` against the real node: CSV and JSON lines of every matching document, case bundles with the raw
captures from a real evidence store (folder and zip, verified and tamper-evident), nothing half-written when
Elasticsearch goes away or the user presses Ctrl-C, and one clear line for every bad input."""

from __future__ import annotations

import csv
import hashlib
import json
import uuid
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from elasticsearch import ConnectionError as EsConnectionError
from elasticsearch import Elasticsearch

import search.export as ex
import search.query as q
from classifier.normalize import normalize_for_index
from core.evidence import EvidenceStore, verify_bundle
from search.indexer import Indexer
from search.mapping import ensure_docs_index
from search.query import Filters, QueryError
from search.spool import Spool

pytestmark = pytest.mark.integration

PHONE = "+998901234567"
FILLERS = 200
MISSING_SHA = hashlib.sha256(b"a page that was never stored").hexdigest()


def body(n: int) -> bytes:
    return (
        f"<html><head><meta charset='utf-8'><title>Магазин {n}</title></head><body>"
        f"<p>Мефедрон {n} г, клад Чиланзар — {n * 650} 000 сум</p></body></html>"
    ).encode()


def doc(i, text, *, score=0.9, source="shop", kind="sale_ad", lang="ru", capture=None, **entities):
    d = {
        "id": f"e{i:05d}",
        "url": f"http://shop.example/{i:05d}",
        "source": source,
        "source_type": "site",
        "site": "shop.example",
        "title": f"Item {i}",
        "text": text,
        "text_norm": normalize_for_index(text),
        "score": score,
        "label": int(score >= 0.5),
        "kind": kind,
        "lang": lang,
        "model_version": "m-test-1" if score >= 0.5 else "m-test-0",
        "fetched_at": "2026-11-01T10:00:00Z",
        "first_seen": "2026-10-30T10:00:00Z",
        "last_seen": "2026-11-01T10:00:00Z",
        "entities": entities,
    }
    if capture:
        d["evidence_sha256"], d["capture_id"] = capture["sha256"], capture["capture_id"]
    return d


@pytest.fixture(scope="module")
def es(es_url):
    return Elasticsearch(es_url, request_timeout=60)


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """An IMT_HOME whose evidence store holds the shop's captures."""
    return tmp_path_factory.mktemp("export-home")


@pytest.fixture(scope="module")
def captures(home) -> dict[int, dict]:
    with EvidenceStore(home / "evidence") as store:
        return {
            n: store.store(
                body(n),
                url=f"http://shop.example/{n:05d}",
                final_url=f"http://shop.example/{n:05d}",
                status=200,
                headers={"Content-Type": "text/html; charset=utf-8"},
                fetched_at="2026-11-01T10:00:00Z",
                route="direct",
                crawler_version="imt-monitor/test",
                source="shop",
                doc_ids=[f"e{n:05d}"],
            )
            for n in (1, 2, 3)
        }


@pytest.fixture(scope="module")
def index(es, captures, tmp_path_factory):
    alias = f"imt-x-{uuid.uuid4().hex[:8]}"
    ensure_docs_index(es, alias)
    idx = Indexer(es, alias, Spool(tmp_path_factory.mktemp("spool")))
    idx.add(doc(1, "Мефедрон 1 г, клад Чиланзар", capture=captures[1], phone=[PHONE], handle=["mef_uz"],
                place=["Chilanzar", "Mirzo Ulugbek"], substance=["mephedrone"]))  # fmt: skip
    idx.add(doc(2, "Мефедрон 2 г, закладки", capture=captures[2], phone=[PHONE], substance=["mephedrone"]))
    # the same capture behind two documents (a page and its print view): one file in the bundle
    idx.add(doc(4, "Мефедрон 2 г, закладки (версия для печати)", capture=captures[2]))
    # a document whose capture is not in the store (e.g. crawled on another machine)
    idx.add(doc(5, "Мефедрон оптом, бот", capture={"sha256": MISSING_SHA, "capture_id": "f" * 32}))
    idx.add(doc(3, "Задержан курьер с мефедроном", score=0.05, kind="news", source="news", capture=captures[3]))
    for i in range(100, 100 + FILLERS):
        idx.add(doc(i, f"filler flour sugar lot {i}", score=round((i % 89) / 100, 2), kind="other", lang="en",
                    source="classifieds"))  # fmt: skip
    assert idx.close().indexed == 5 + FILLERS
    yield alias
    es.indices.delete(index=f"{alias}-v1")


@pytest.fixture
def run(imt, index, home):
    """The real `imt` with the test's index and home (in-process: conftest.IN_PROCESS)."""
    return lambda *a, **kw: imt(*a, IMT_INDEX=index, IMT_HOME=str(home), **kw)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# ---------------------------------------------------------------------------------------------------- in-process


class CountingEs:
    """The real client, counting searches; `fail_after` makes the n+1th search fail as if the node died."""

    def __init__(self, es, fail_after: int | None = None):
        self.es, self.fail_after, self.searches, self.closed = es, fail_after, 0, 0

    def open_point_in_time(self, **kw):
        return self.es.open_point_in_time(**kw)

    def close_point_in_time(self, **kw):
        self.closed += 1
        return self.es.close_point_in_time(**kw)

    def search(self, **kw):
        if self.fail_after is not None and self.searches >= self.fail_after:
            raise EsConnectionError("connection refused")
        self.searches += 1
        return self.es.search(**kw)


def test_jsonl_pages_through_every_document(es, index, tmp_path, monkeypatch):
    monkeypatch.setattr(q, "PAGE", 50)
    monkeypatch.setattr(ex, "PROGRESS_EVERY", 100)
    counting, said = CountingEs(es), []
    out = tmp_path / "all.jsonl"
    res = ex.export(counting, index, "", fmt="jsonl", output=out, sort="date", progress=said.append)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert res.documents == len(rows) == len({r["id"] for r in rows}) == 5 + FILLERS
    assert counting.searches == (5 + FILLERS) // 50 + 1 and counting.closed == 1  # pages, then the PIT closed
    assert said == ["exported 100 documents", "exported 200 documents"]
    assert res.model_versions == ["m-test-0", "m-test-1"] and res.captures == 0
    one = next(r for r in rows if r["id"] == "e00001")
    assert list(one) == [*ex.FIELDS, "entities"]
    assert one["entities"]["place"] == ["Chilanzar", "Mirzo Ulugbek"] and one["score"] == 0.9
    assert one["evidence_sha256"] and one["first_seen"].startswith("2026-10-30")
    assert leftovers(tmp_path) == []
    limited = ex.export(es, index, "filler", fmt="jsonl", output=out, limit=120, sort="score")
    assert limited.documents == 120 == len(out.read_text().splitlines())


@pytest.mark.parametrize("fmt,zip_", [("csv", False), ("jsonl", False), ("case", False), ("case", True)])
def test_nothing_half_written_when_elasticsearch_dies(es, index, home, tmp_path, monkeypatch, fmt, zip_):
    monkeypatch.setattr(q, "PAGE", 50)
    out = tmp_path / ("out.zip" if zip_ else f"out.{fmt}")
    dying = CountingEs(es, fail_after=2)
    with pytest.raises(QueryError, match="stopped answering after 100 documents"):
        ex.export(dying, index, "", fmt=fmt, output=out, zip_=zip_, evidence_dir=home / "evidence")
    assert list(tmp_path.iterdir()) == []  # no output, no temporary file or folder


@pytest.mark.parametrize("fmt,zip_", [("csv", False), ("case", False), ("case", True)])
def test_nothing_half_written_on_ctrl_c(es, index, home, tmp_path, monkeypatch, fmt, zip_):
    monkeypatch.setattr(q, "PAGE", 50)
    monkeypatch.setattr(ex, "PROGRESS_EVERY", 60)

    def interrupt(_msg):
        raise KeyboardInterrupt

    out = tmp_path / ("out.zip" if zip_ else f"out.{fmt}")
    with pytest.raises(KeyboardInterrupt):
        ex.export(es, index, "", fmt=fmt, output=out, zip_=zip_, evidence_dir=home / "evidence", progress=interrupt)
    assert list(tmp_path.iterdir()) == []


def test_an_earlier_export_survives_a_failed_one(es, index, tmp_path):
    out = tmp_path / "keep.csv"
    ex.export(es, index, "мефедрон", fmt="csv", output=out)
    before = out.read_bytes()
    with pytest.raises(QueryError):
        ex.export(CountingEs(es, fail_after=0), index, "", fmt="csv", output=out)
    assert out.read_bytes() == before and leftovers(tmp_path) == []


def test_bad_requests_fail_before_anything_is_written(es, index, tmp_path):
    for kwargs, err, needle in (
        (dict(query='mef "unclosed', fmt="csv"), QueryError, "column 5"),
        (dict(fmt="csv", filters=Filters(entities=("fax:1",))), QueryError, "entity type"),
        (dict(fmt="xml"), ex.ExportError, "unknown format"),
        (dict(fmt="csv", zip_=True), ex.ExportError, "--zip"),
    ):
        with pytest.raises(err, match=needle):
            ex.export(es, index, output=tmp_path / "x", **kwargs)
    with pytest.raises(ex.ExportError, match="stdout"):
        ex.export(es, index, "", fmt="case", output="-")
    with pytest.raises(QueryError, match="does not exist"):
        ex.export(es, f"imt-none-{uuid.uuid4().hex[:6]}", "", fmt="jsonl", output=tmp_path / "y.jsonl")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------------------------------- CLI


def test_cli_csv_and_jsonl(run, tmp_path):
    out = tmp_path / "flagged.csv"
    proc = run("export", "мефедрон", "--label", "1", "--entity", f"phone:{PHONE}", "--format", "csv", "-o", str(out))
    assert f"Exported 2 documents (0 captures) to {out} in " in proc.stderr
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(ex.CSV_COLUMNS)
    assert {r["id"] for r in rows} == {"e00001", "e00002"}
    one = next(r for r in rows if r["id"] == "e00001")
    assert one["entities.phone"] == "'" + PHONE and one["entities.place"] == "Chilanzar Mirzo Ulugbek"
    assert one["entities.wallet"] == "" and one["label"] == "1" and one["text"].startswith("Мефедрон")

    stdout = run("export", "filler", "--format", "jsonl", "--output", "-", "--sort", "score").stdout
    lines = [json.loads(x) for x in stdout.splitlines()]
    assert len(lines) == FILLERS and lines[0]["score"] == max(r["score"] for r in lines)
    empty = run("export", "nothingmatchesthis", "--format", "csv", "-o", "-").stdout
    assert empty.strip() == ",".join(ex.CSV_COLUMNS)


def test_cli_case_bundle(run, captures, tmp_path):
    out = tmp_path / "case-117"
    proc = run("export", "мефедрон", "--kind", "sale_ad", "--format", "case", "-o", str(out), IMT_USER="inv.alice")
    assert f"Exported 4 documents (2 captures) to {out} in " in proc.stderr
    assert "1 captures are not in the evidence store" in proc.stderr and "Bundle verified" in proc.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == sorted(
        ["manifest.json", "documents.jsonl"] + [f"captures/{captures[n]['sha256']}.html" for n in (1, 2)]
    )
    for n in (1, 2):  # the bytes as captured, named by their own hash
        data = (out / "captures" / f"{captures[n]['sha256']}.html").read_bytes()
        assert data == body(n) and hashlib.sha256(data).hexdigest() == captures[n]["sha256"]
    docs = [json.loads(x) for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {d["id"] for d in docs} == {"e00001", "e00002", "e00004", "e00005"}
    man = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert man["format"] == "imt-evidence-bundle/1"
    assert man["query"] == "мефедрон" and man["query_normalised"] == "мефедрон"
    assert man["filters"] == {"kinds": ["sale_ad"]} and man["exported_by"] == "inv.alice"
    assert man["exported_at"].endswith("Z") and man["tool_version"].startswith("imt-monitor/")
    assert man["documents"] == 4 and man["captures"] == 2 and man["model_versions"] == ["m-test-1"]
    assert man["missing_captures"] == [
        {"sha256": MISSING_SHA, "reason": "not in the evidence store", "doc_ids": ["e00005"]}
    ]
    by_sha = {c["sha256"]: c for c in man["capture_records"]}
    assert sorted(by_sha[captures[2]["sha256"]]["doc_ids"]) == ["e00002", "e00004"]
    assert by_sha[captures[1]["sha256"]]["capture_id"] == captures[1]["capture_id"]
    assert man["evidence_head"]["lines"] == 3
    assert {f["path"] for f in man["files"]} == {"documents.jsonl", *(f"captures/{s}.html" for s in by_sha)}

    ok = run("evidence", "verify", "--bundle", str(out))
    assert ok.stdout.strip().splitlines()[-1].startswith("OK")
    # tamper with one byte of one capture: the bundle no longer verifies
    target = out / "captures" / f"{captures[1]['sha256']}.html"
    raw = bytearray(target.read_bytes())
    raw[20] ^= 0x01
    target.write_bytes(bytes(raw))
    bad = run("evidence", "verify", "--bundle", str(out), check=False)
    assert bad.returncode == 1 and "mismatch" in bad.stdout and bad.stdout.strip().splitlines()[-1].startswith("FAIL")

    # an existing, non-empty folder is refused, unless --force
    again = run("export", "мефедрон", "--format", "case", "-o", str(out), check=False)
    assert again.returncode == 2 and "not empty" in again.stderr and "--force" in again.stderr
    assert not verify_bundle(out).ok  # untouched
    run("export", "", "--source", "news", "--format", "case", "-o", str(out), "--force")
    assert verify_bundle(out).ok and len(list((out / "captures").iterdir())) == 1
    assert leftovers(tmp_path) == []


def test_cli_zip_bundle(run, captures, tmp_path):
    out = tmp_path / "case.zip"
    proc = run("export", "", "--min-score", "0.5", "--source", "shop", "--format", "case", "--zip", "-o", str(out))
    assert f"Exported 4 documents (2 captures) to {out}" in proc.stderr
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        man = json.loads(zf.read("manifest.json"))
    assert {"manifest.json", "documents.jsonl", f"captures/{captures[1]['sha256']}.html"} <= names
    assert man["query_normalised"] == "(all documents)" and man["filters"] == {"min_score": 0.5, "sources": ["shop"]}
    assert run("evidence", "verify", "--bundle", str(out)).stdout.strip().splitlines()[-1].startswith("OK")

    exists = run("export", "", "--format", "case", "--zip", "-o", str(out), check=False)
    assert exists.returncode == 2 and "exists" in exists.stderr

    # a well-formed zip with one capture changed by one byte
    forged = tmp_path / "forged.zip"
    victim = f"captures/{captures[1]['sha256']}.html"
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(forged, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == victim:
                data = data[:30] + bytes([data[30] ^ 1]) + data[31:]
            dst.writestr(info.filename, data)
    bad = run("evidence", "verify", "--bundle", str(forged), check=False)
    assert bad.returncode == 1 and "mismatch" in bad.stdout

    # a byte flipped in the zip file itself: the entry fails its CRC or no longer matches
    raw = bytearray(out.read_bytes())
    with zipfile.ZipFile(out) as zf:
        info = zf.getinfo(f"captures/{captures[1]['sha256']}.html")
    raw[info.header_offset + 30 + len(info.filename) + 10] ^= 0xFF  # inside the entry's compressed data
    out.write_bytes(bytes(raw))
    broken = run("evidence", "verify", "--bundle", str(out), check=False)
    assert broken.returncode == 1 and "Traceback" not in broken.stderr


def test_cli_bad_inputs(run, tmp_path):
    (tmp_path / "afile").write_text("x")
    for args, needle in (
        (("export", 'mef "unclosed', "--format", "csv", "-o", str(tmp_path / "a.csv")), "column 5"),
        (("export", "x", "--entity", "fax:1", "--format", "csv", "-o", str(tmp_path / "a.csv")), "entity type"),
        (("export", "x", "--since", "2026-13-45", "--format", "csv", "-o", str(tmp_path / "a.csv")), "not a date"),
        (("export", "x", "--format", "xml", "-o", str(tmp_path / "a.xml")), "unknown format 'xml'"),
        (("export", "x", "--format", "csv", "--zip", "-o", str(tmp_path / "a.csv")), "--zip"),
        (("export", "x", "--format", "case", "-o", "-"), "stdout"),
        (("export", "x", "--format", "csv", "-o", str(tmp_path / "no" / "such" / "a.csv")), "does not exist"),
        (("export", "x", "--format", "case", "-o", str(tmp_path / "afile")), "not a folder"),
        (("export", "x", "--format", "csv", "-o", str(tmp_path)), "is a folder"),
        (("export", "x", "--format", "csv", "-o", "/proc/imt-export.csv"), "cannot write /proc/imt-export.csv"),
    ):
        proc = run(*args, check=False)
        errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
        assert proc.returncode == 2 and len(errors) == 1 and needle in errors[0], (args, proc.stderr)
        assert "Traceback" not in proc.stderr
    down = run("export", "x", "--format", "jsonl", "-o", str(tmp_path / "b.jsonl"), check=False,
               IMT_ES_URL="http://127.0.0.1:1")  # fmt: skip
    assert down.returncode == 2 and "not reachable" in down.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


# ---------------------------------------------------------------------------------------------------- holds


OLD = "2024-01-01T00:00:00Z"


@pytest.fixture
def aged(es, tmp_path):
    """Its own index and evidence store: four documents last seen long ago (two about zebras, two about donkeys),
    each with its own capture fetched then."""
    alias = f"imt-xh-{uuid.uuid4().hex[:8]}"
    home = tmp_path / "home"
    ensure_docs_index(es, alias)
    caps = {}
    with EvidenceStore(home / "evidence") as store:
        for doc_id, animal in (("z1", "zebra"), ("z2", "zebra"), ("d3", "donkey"), ("d4", "donkey")):
            caps[doc_id] = store.store(f"<html>{animal} {doc_id}</html>".encode(), url=f"http://a.test/{doc_id}",
                                       final_url=f"http://a.test/{doc_id}", status=200, headers={}, fetched_at=OLD,
                                       route="direct", crawler_version="t", source="s")  # fmt: skip
            text = f"{animal} for sale {doc_id}"
            es.index(index=alias, id=doc_id, document={
                "url": f"http://a.test/{doc_id}", "source": "s", "title": animal, "text": text,
                "text_norm": normalize_for_index(text), "last_seen": OLD, "fetched_at": OLD,
                "evidence_sha256": caps[doc_id]["sha256"], "capture_id": caps[doc_id]["capture_id"]})  # fmt: skip
    es.indices.refresh(index=alias)
    yield SimpleNamespace(alias=alias, home=home, root=home / "evidence", caps=caps,
                          env={"IMT_INDEX": alias, "IMT_HOME": str(home)})  # fmt: skip
    for name in (f"{alias}-v1", f"{alias}-holds-v1", f"{alias}-holds-bad"):
        es.options(ignore_status=404).indices.delete(index=name)


def test_case_export_holds_its_documents_and_retention_keeps_them(imt, es, aged, tmp_path):
    from core.evidence import verify
    from search import retention

    out = tmp_path / "case-9"
    proc = imt("export", "zebra", "--format", "case", "-o", str(out), **aged.env)
    assert "Held 2 documents for case case-9" in proc.stderr
    assert "exported: 2/2 (100%)" in proc.stderr  # the progress line, against the hit count
    man = json.loads((out / "manifest.json").read_text())
    assert man["hold"]["case"] == "case-9" and man["hold"]["documents"] == 2 and "error" not in man["hold"]
    assert sorted(man["doc_ids"]) == ["z1", "z2"] and verify_bundle(out).ok
    listed = imt("hold", "list", **aged.env).stdout
    assert "case-9" in listed and "2 documents" in listed

    def run(*args, **kw):
        return imt(*args, **aged.env, **kw)

    nohold = tmp_path / "nohold"
    res = run("export", "donkey", "--format", "case", "--no-hold", "-o", str(nohold))
    assert "Held" not in res.stderr and json.loads((nohold / "manifest.json").read_text())["hold"] is None
    assert set(retention.cases(es, aged.alias)) == {"case-9"}
    bad = run("export", "donkey", "--format", "case", "--case", "no spaces", "-o", str(tmp_path / "b"), check=False)
    assert bad.returncode == 2 and "case name" in bad.stderr and not (tmp_path / "b").exists()

    result = retention.run(es, aged.alias, 365, evidence_dir=aged.root)
    assert (result.matched, result.held, result.deleted) == (4, 2, 2)
    assert (result.captures_purged, result.captures_kept) == (2, 2)
    store = EvidenceStore(aged.root)
    assert all(store.has(aged.caps[d]["sha256"]) for d in ("z1", "z2"))
    assert not any(store.has(aged.caps[d]["sha256"]) for d in ("d3", "d4"))
    assert verify(aged.root).ok and verify(aged.root).purged == 2

    # a document that still points at a purged capture (e.g. replayed from a spool): the bundle says so
    es.index(index=aged.alias, id="late", refresh=True, document={
        "url": "http://a.test/late", "source": "s", "title": "late", "text": "late donkey",
        "text_norm": "late donkey", "last_seen": "2099-01-01T00:00:00Z",
        "evidence_sha256": aged.caps["d3"]["sha256"]})  # fmt: skip
    late = tmp_path / "late"
    res = run("export", "late", "--format", "case", "--no-hold", "-o", str(late))
    assert "1 captures are not in the evidence store" in res.stderr
    (missing,) = json.loads((late / "manifest.json").read_text())["missing_captures"]
    assert missing["reason"].startswith("purged from the evidence store by retention at ")
    assert missing["purge_record"]["kind"] == "purge" and missing["doc_ids"] == ["late"]
    assert verify_bundle(late).ok


def test_a_refused_hold_still_writes_the_bundle_with_a_warning(imt, es, aged, tmp_path):
    # the holds alias points at an index whose mapping cannot take holds: Elasticsearch refuses them
    es.indices.create(index=f"{aged.alias}-holds-bad", mappings={"properties": {"cases": {"type": "integer"}}},
                      aliases={f"{aged.alias}-holds": {"is_write_index": True}})  # fmt: skip
    out = tmp_path / "refused"
    res = ex.export(es, aged.alias, "zebra", fmt="case", output=out, evidence_dir=aged.root, hold_case="c-7")
    assert res.documents == 2 and res.held == 0 and "did not take the hold for case c-7" in res.hold_error
    man = json.loads((out / "manifest.json").read_text())
    assert man["hold"]["error"] == res.hold_error and verify_bundle(out).ok
    proc = imt("export", "zebra", "--format", "case", "--zip", "-o", str(tmp_path / "r.zip"), **aged.env)
    warnings = [ln for ln in proc.stderr.splitlines() if ln.startswith("warning:")]
    assert len(warnings) == 1 and "did not take the hold for case r" in warnings[0] and (tmp_path / "r.zip").is_file()
