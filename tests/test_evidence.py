"""The evidence store on real files: layout, dedup, manifest fields and hash chain, verification of a clean
store and of every kind of tampering, concurrent writers, and case-export bundles."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from core.evidence import (
    GENESIS,
    CorruptObject,
    EvidenceStore,
    ManifestIndex,
    StoreLocked,
    verify,
    verify_bundle,
    write_bundle_manifest,
)

FETCHED = "2025-03-14T09:26:53Z"


def page(n: int) -> bytes:
    """A realistic, distinct HTML body (a few KB, so a flipped byte lands inside the deflate stream)."""
    rows = "".join(
        f"<li>Мефедрон {i} г — {i * 650 + n} 000 сум, клад Чиланзар-{i} / Mef {i} gramm — {n + i}00 ming so'm</li>\n"
        for i in range(1, 30)
    )
    return f"<html><head><title>Магазин #{n}</title></head><body><ul>\n{rows}</ul></body></html>".encode()


def capture(store: EvidenceStore, body: bytes, n: int = 0, **over) -> dict:
    kw = dict(
        url=f"https://market.example/item/{n}",
        final_url=f"https://market.example/item/{n}?ref=1",
        status=200,
        headers={"Content-Type": "text/html; charset=utf-8", "Server": "nginx"},
        fetched_at=FETCHED,
        route="proxy:http://127.0.0.1:8118",
        crawler_version="0.1.0",
        source="demo-market",
        doc_ids=[f"doc-{n}"],
    )
    kw.update(over)
    return store.store(body, **kw)


def manifest_lines(root: Path) -> list[bytes]:
    return (root / "manifest.jsonl").read_bytes().splitlines(keepends=True)


def write_manifest(root: Path, lines: list[bytes]) -> None:
    (root / "manifest.jsonl").write_bytes(b"".join(lines))


def writable(path: Path) -> Path:
    path.chmod(0o644)
    return path


@pytest.fixture
def root(tmp_path) -> Path:
    return tmp_path / "evidence"


@pytest.fixture
def five(root) -> list[dict]:
    """A closed store with five captures of five distinct bodies (capture k is on manifest line k)."""
    with EvidenceStore(root) as st:
        return [capture(st, page(n), n) for n in range(1, 6)]


def kinds(report) -> list[tuple[str, int | None]]:
    return [(p.kind, p.line) for p in report.problems]


# --------------------------------------------------------------------------- storing and reading


def test_store_read_roundtrip_layout_and_fields(root):
    body = page(1)
    with EvidenceStore(root) as st:
        rec = capture(st, body, 1)
        sha = hashlib.sha256(body).hexdigest()
        path = root / "objects" / sha[:2] / sha[2:4] / f"{sha}.gz"
        assert st.path_for(sha) == path and path.is_file()
        assert gzip.decompress(path.read_bytes()) == body
        assert st.read(sha) == body
        assert not os.access(path, os.W_OK) or os.geteuid() == 0  # objects are made read-only
        assert oct(path.stat().st_mode & 0o777) == oct(0o444)
        assert [p.name for p in root.iterdir() if p.name.startswith(".tmp")] == []

    assert rec["sha256"] == sha and rec["size"] == len(body)
    assert rec["compressed_size"] == path.stat().st_size < len(body)
    assert rec["url"] == "https://market.example/item/1" and rec["final_url"].endswith("?ref=1")
    assert rec["status"] == 200 and rec["fetched_at"] == FETCHED
    assert rec["route"] == "proxy:http://127.0.0.1:8118" and rec["crawler_version"] == "0.1.0"
    assert rec["source"] == "demo-market" and rec["doc_ids"] == ["doc-1"]
    assert rec["headers"] == {"Content-Type": ["text/html; charset=utf-8"], "Server": ["nginx"]}
    assert len(rec["capture_id"]) == 32 and int(rec["capture_id"], 16) >= 0
    assert rec["seq"] == 1 and rec["prev"] == GENESIS and rec["stored_at"].endswith("Z")
    # the returned record is exactly the line written
    (line,) = manifest_lines(root)
    assert json.loads(line) == rec
    assert line.endswith(b"\n") and line.isascii()


def test_identical_bodies_are_stored_once(root):
    body = page(7)
    with EvidenceStore(root) as st:
        a = capture(st, body, 1)
        obj = st.path_for(a["sha256"])
        inode, mtime = obj.stat().st_ino, obj.stat().st_mtime_ns
        b = capture(st, body, 2, url="https://t.me/s/other_channel/55", source="tg-other")
        c = capture(st, page(8), 3)
    assert a["sha256"] == b["sha256"] != c["sha256"]
    assert a["capture_id"] != b["capture_id"]
    assert obj.stat().st_ino == inode and obj.stat().st_mtime_ns == mtime  # not rewritten
    assert b["compressed_size"] == a["compressed_size"]
    objects = [p for p in (root / "objects").rglob("*") if p.is_file()]
    assert len(objects) == 2
    assert len(manifest_lines(root)) == 3
    rep = verify(root)
    assert rep.ok and rep.lines == 3 and rep.objects_checked == 2 and rep.objects_ok == 2


def test_header_shapes_are_normalised(root):
    class ScrapyLikeHeaders(dict):  # bytes keys, list values, getlist() like scrapy.http.Headers
        def getlist(self, key):
            return self[key]

    with EvidenceStore(root) as st:
        a = capture(st, b"a" * 40, 1, headers={b"Set-Cookie": [b"a=1", b"b=2"], b"Content-Type": [b"text/html"]})
        b = capture(st, b"b" * 40, 2, headers=ScrapyLikeHeaders({b"Location": [b"/x\xe9"]}))
        c = capture(st, b"c" * 40, 3, headers={})
    assert a["headers"] == {"Set-Cookie": ["a=1", "b=2"], "Content-Type": ["text/html"]}
    assert b["headers"] == {"Location": ["/xé"]}
    assert c["headers"] == {}


@pytest.mark.parametrize("bad", ["2025-03-14T09:26:53", "2025-03-14 09:26:53Z", "2025-13-14T09:26:53Z", 1710408413])
def test_fetched_at_must_be_utc_iso_z(root, bad):
    with EvidenceStore(root) as st:
        with pytest.raises(ValueError):
            capture(st, b"body", fetched_at=bad)
    assert not (root / "manifest.jsonl").exists()
    assert not (root / "objects").exists()


def test_bad_sha_is_rejected(root):
    st = EvidenceStore(root)
    for bad in ["../../etc/passwd", "ABC", "g" * 64, "A" * 64]:
        with pytest.raises(ValueError):
            st.path_for(bad)


def test_manifest_and_captures_for(root, five):
    with EvidenceStore(root) as st:
        capture(st, page(9), 3, final_url="https://mirror.example/item/3")
        records = list(st.manifest())
        assert [r["seq"] for r in records] == [1, 2, 3, 4, 5, 6]
        hits = st.captures_for("https://market.example/item/3")
        assert [h["sha256"] for h in hits] == [five[2]["sha256"], hashlib.sha256(page(9)).hexdigest()]
        assert [h["seq"] for h in st.captures_for("https://mirror.example/item/3")] == [6]
        assert st.captures_for("https://nowhere.example/") == []


# --------------------------------------------------------------------------- the hash chain


def test_hash_chain_links_every_line(root, five):
    lines = manifest_lines(root)
    assert len(lines) == 5
    prev = GENESIS
    for n, line in enumerate(lines, 1):
        rec = json.loads(line)
        assert rec["seq"] == n
        assert rec["prev"] == prev
        prev = hashlib.sha256(line).hexdigest()  # the line's bytes including its newline
    assert EvidenceStore(root).head() == {"lines": 5, "sha256": prev}


def test_chain_continues_after_reopening(root, five):
    with EvidenceStore(root) as st:
        rec = capture(st, page(6), 6)
    assert rec["seq"] == 6
    assert rec["prev"] == hashlib.sha256(manifest_lines(root)[4]).hexdigest()
    rep = verify(root)
    assert rep.ok and rep.lines == 6 and rep.chain_breaks == 0


def test_empty_store_head_and_verify(root):
    root.mkdir()
    assert EvidenceStore(root).head() == {"lines": 0, "sha256": GENESIS}
    rep = verify(root)
    assert rep.ok and rep.lines == 0 and rep.problems == []
    with pytest.raises(FileNotFoundError):
        verify(root / "missing")


# --------------------------------------------------------------------------- verify: clean and tampered


def test_verify_clean_store_and_progress(root, five):
    calls = []
    rep = verify(EvidenceStore(root), progress=lambda done, total: calls.append((done, total)))
    assert rep.ok, rep.problems
    assert rep.counts == {
        "lines": 5,
        "objects_checked": 5,
        "ok": 5,
        "missing": 0,
        "corrupt": 0,
        "size_mismatches": 0,
        "chain_breaks": 0,
        "parse_errors": 0,
        "orphans": 0,
        "purged": 0,
    }
    assert rep.first_chain_break is None and rep.problems == []
    assert calls and calls[-1] == (5, 5)
    assert "OK" in rep.summary()
    json.dumps(rep.to_dict())


def test_flipped_byte_in_object_is_corrupt(root, five):
    st = EvidenceStore(root)
    sha = five[2]["sha256"]
    path = writable(st.path_for(sha))
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    rep = verify(root)
    assert not rep.ok
    assert kinds(rep) == [("corrupt", 3)]
    assert rep.problems[0].sha == sha
    assert rep.corrupt == 1 and rep.objects_ok == 4 and rep.chain_breaks == 0
    with pytest.raises(CorruptObject):
        st.read(sha)


def test_replaced_object_content_is_corrupt(root, five):
    # a valid gzip file with other content under the right name: decompresses fine, wrong hash
    st = EvidenceStore(root)
    path = writable(st.path_for(five[3]["sha256"]))
    path.write_bytes(gzip.compress(page(4).replace("Магазин".encode(), "Аптека".encode())))
    rep = verify(root)
    assert kinds(rep) == [("corrupt", 4)] and "hashes to" in rep.problems[0].message


def test_deleted_object_is_missing_on_every_referencing_line(root, five):
    with EvidenceStore(root) as st:
        capture(st, page(2), 6)  # line 6 references the same body as line 2
        st.path_for(five[1]["sha256"]).unlink()
    rep = verify(root)
    assert kinds(rep) == [("missing", 2)]
    assert rep.missing == 1 and rep.objects_ok == 4
    assert "lines 2, 6" in rep.problems[0].message


def test_edited_manifest_line_breaks_the_chain_at_that_line(root, five):
    lines = manifest_lines(root)
    lines[2] = lines[2].replace(b"https://market.example/item/3", b"https://market.example/item/9")
    write_manifest(root, lines)
    rep = verify(root)
    assert not rep.ok
    assert kinds(rep) == [("chain", 3)]
    assert rep.first_chain_break == 3 and rep.chain_breaks == 1
    assert "line 3 was altered" in rep.problems[0].message


def test_edited_size_field_is_a_chain_break_and_a_size_mismatch(root, five):
    lines = manifest_lines(root)
    rec = json.loads(lines[1])
    lines[1] = lines[1].replace(f'"size":{rec["size"]}'.encode(), f'"size":{rec["size"] + 1}'.encode())
    write_manifest(root, lines)
    rep = verify(root)
    assert kinds(rep) == [("chain", 2), ("size", 2)]


def test_deleted_manifest_line_is_reported_where_it_was(root, five):
    lines = manifest_lines(root)
    del lines[2]
    write_manifest(root, lines)
    rep = verify(root)
    assert rep.first_chain_break == 3
    assert ("chain", 3) in kinds(rep) and ("seq", 3) in kinds(rep)
    assert "1 line(s) removed" in next(p.message for p in rep.problems if p.kind == "seq")
    # the body of the removed capture is still on disk, now unreferenced
    assert rep.orphans == 1 and [p.sha for p in rep.problems if p.kind == "orphan"] == [five[2]["sha256"]]


def test_removed_first_line_is_detected(root, five):
    write_manifest(root, manifest_lines(root)[1:])
    rep = verify(root)
    assert rep.first_chain_break == 1 and ("chain", 1) in kinds(rep)


def test_garbled_line_is_a_parse_error(root, five):
    lines = manifest_lines(root)
    lines[3] = lines[3][:40] + b"\n"
    write_manifest(root, lines)
    rep = verify(root)
    assert kinds(rep)[:2] == [("parse", 4), ("chain", 4)]
    assert rep.parse_errors == 1 and rep.first_chain_break == 4


def test_unreferenced_object_is_an_orphan_not_an_error(root, five):
    sha = hashlib.sha256(b"stray").hexdigest()
    stray = root / "objects" / sha[:2] / sha[2:4] / f"{sha}.gz"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(gzip.compress(b"stray"))
    (root / "objects" / "README.txt").write_text("not an object")
    rep = verify(root)
    assert rep.ok
    assert rep.orphans == 2 and sorted(p.kind for p in rep.problems) == ["orphan", "orphan"]
    assert sha in [p.sha for p in rep.problems]


def test_missing_manifest_with_objects_is_an_error(root, five):
    (root / "manifest.jsonl").unlink()
    rep = verify(root)
    assert not rep.ok and rep.orphans == 5 and ("manifest", None) in kinds(rep)


def test_anchor_catches_what_the_chain_cannot(root, five):
    anchor = EvidenceStore(root).head()
    lines = manifest_lines(root)

    # the last line edited: nothing after it records its hash, the chain alone cannot see it
    edited = lines[:4] + [lines[4].replace(b"item/5", b"item/6")]
    write_manifest(root, edited)
    assert verify(root).ok
    assert kinds(verify(root, anchor=anchor)) == [("anchor", 5)]

    # lines cut off the end
    write_manifest(root, lines[:3])
    rep = verify(root, anchor=anchor)
    assert [(p.kind, p.line) for p in rep.errors()] == [("anchor", 5)] and "removed" in rep.problems[0].message
    assert not rep.ok and rep.orphans == 2  # the bodies of the two removed captures

    # appending after the anchor is fine
    write_manifest(root, lines)
    with EvidenceStore(root) as st:
        capture(st, page(6), 6)
    assert verify(root, anchor=anchor).ok


def test_torn_last_line_is_terminated_and_the_chain_continues(root, five, caplog):
    lines = manifest_lines(root)
    write_manifest(root, lines[:4] + [lines[4][:-30]])  # the crawler died in the middle of a write
    rep = verify(root)
    assert kinds(rep)[0] == ("parse", 5) and "incomplete" in rep.problems[0].message
    assert len(list(EvidenceStore(root).manifest())) == 4  # readers skip the unfinished line

    with EvidenceStore(root) as st:
        rec = capture(st, page(6), 6)
    assert "cut off" in caplog.text
    assert rec["seq"] == 6
    repaired = manifest_lines(root)
    assert repaired[4] == lines[4][:-30] + b"\n"  # kept, not removed
    rep = verify(root)
    # the damaged line stays reported; its capture's object is now unreferenced; the chain is intact
    assert [k for k in kinds(rep) if k[0] != "orphan"] == [("parse", 5)]
    assert rep.chain_breaks == 0 and rep.lines == 6


# --------------------------------------------------------------------------- writers


def test_concurrent_stores_from_8_threads_keep_a_valid_chain(root):
    shared = [page(1000 + i) for i in range(5)]  # every thread also stores these: dedup under contention
    errors = []
    with EvidenceStore(root, fsync=False) as st:
        barrier = threading.Barrier(8)

        def work(t):
            try:
                barrier.wait()
                for i in range(25):
                    body = shared[i % 5] if i % 3 == 0 else page(t * 100 + i)
                    capture(st, body, t * 100 + i, doc_ids=[f"t{t}-{i}"])
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    assert errors == []
    rep = verify(root)
    assert rep.ok, rep.problems
    assert rep.lines == 200 and rep.chain_breaks == 0
    records = list(EvidenceStore(root).manifest())
    assert [r["seq"] for r in records] == list(range(1, 201))
    assert len({r["capture_id"] for r in records}) == 200
    distinct = {r["sha256"] for r in records}
    assert len(distinct) == 5 + 8 * 16 and rep.objects_checked == len(distinct)
    assert len([p for p in (root / "objects").rglob("*") if p.is_file()]) == len(distinct)


def test_writers_share_a_store_and_the_chain_stays_whole(root):
    """Crawls of different sources run side by side and write one store: two writers in this process and two
    other processes append interleaved; every line continues the chain from the true end of the file."""
    code = (
        "import sys; from core.evidence import EvidenceStore\n"
        "st = EvidenceStore(sys.argv[1], fsync=False)\n"
        "for n in range(150):\n"
        "    st.store(f'{sys.argv[2]} body {n}'.encode() * 40, url=f'u{n}', final_url=f'u{n}', status=200,"
        " headers={}, fetched_at='2025-01-01T00:00:00Z', route='direct', crawler_version='t', source=sys.argv[2])\n"
        "st.close()\n"
    )
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    EvidenceStore(root).close()  # the folder exists
    procs = [subprocess.Popen([sys.executable, "-c", code, str(root), name], env=env) for name in ("p1", "p2")]
    with EvidenceStore(root) as first, EvidenceStore(root) as second:
        for n in range(100):
            capture(first if n % 2 else second, page(n), n)
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    rep = verify(root)
    assert rep.ok, rep.problems[:3]
    assert rep.lines == 400 and rep.chain_breaks == 0
    records = list(EvidenceStore(root).manifest())
    assert [r["seq"] for r in records] == list(range(1, 401))
    by_source = {}
    for r in records:
        by_source[r["source"]] = by_source.get(r["source"], 0) + 1
    assert by_source == {"p1": 150, "p2": 150, "demo-market": 100}


def test_a_held_lock_makes_other_writers_wait_then_give_up(root):
    with EvidenceStore(root) as first:
        capture(first, b"first body", 1)
        first.acquire()  # maintenance: nobody else appends until release()
        waiting = EvidenceStore(root, lock_wait=0.3)
        with pytest.raises(StoreLocked):
            capture(waiting, b"second body", 2)
        waiting.close()
        capture(first, b"third body", 3)  # the holder itself still appends
        first.release()
        capture(EvidenceStore(root), b"fourth body", 4)  # released: others append again
    rep = verify(root)
    assert rep.ok and rep.lines == 3 and rep.orphans == 1  # the refused writer's object, without a line


def test_purge_leaves_an_object_captured_again_since_the_decision(root, five):
    st = EvidenceStore(root)
    since = (root / "manifest.jsonl").stat().st_size  # retention decides from the manifest as it is here
    capture(st, page(2), 22)  # a crawl fetches page 2 again meanwhile: same bytes, same object
    purged = st.purge_many([five[0]["sha256"], five[1]["sha256"]], since=since, reason="retention")
    st.close()
    assert [r["sha256"] for r in purged] == [five[0]["sha256"]]
    assert not st.has(five[0]["sha256"]) and st.has(five[1]["sha256"])
    rep = verify(root)
    assert rep.ok and rep.purged == 1 and rep.lines == 7


def test_batched_fsync_mode(root):
    st = EvidenceStore(root, fsync=False)
    for n in range(10):
        capture(st, page(n), n)
    st.sync()
    capture(st, page(10), 10)
    st.close()
    rep = verify(root)
    assert rep.ok and rep.lines == 11


# --------------------------------------------------------------------------- case-export bundles


def make_bundle(folder: Path) -> str:
    (folder / "captures").mkdir(parents=True)
    (folder / "captures" / "item-3.html").write_bytes(page(3))
    (folder / "captures" / "item-4.html").write_bytes(page(4))
    (folder / "captures.jsonl").write_text('{"capture_id": "abc"}\n')
    (folder / "notes.txt").write_text("Case 2025/117: screenshots and raw pages.\n")
    return write_bundle_manifest(folder, {"case": "2025/117"})


def test_bundle_good(tmp_path):
    folder = tmp_path / "bundle"
    digest = make_bundle(folder)
    doc = json.loads((folder / "manifest.json").read_text())
    assert doc["format"] == "imt-evidence-bundle/1" and doc["case"] == "2025/117"
    assert [f["path"] for f in doc["files"]] == [
        "captures.jsonl",
        "captures/item-3.html",
        "captures/item-4.html",
        "notes.txt",
    ]
    rep = verify_bundle(folder)
    assert rep.ok, rep.problems
    assert rep.files_listed == rep.files_ok == 4 and rep.manifest_sha256 == digest
    assert digest == hashlib.sha256((folder / "manifest.json").read_bytes()).hexdigest()


def test_bundle_tampered(tmp_path):
    folder = tmp_path / "bundle"
    make_bundle(folder)
    (folder / "captures" / "item-3.html").write_bytes(page(3).replace(b"650", b"651", 1))  # same size
    (folder / "notes.txt").unlink()
    (folder / "captures" / "planted.html").write_bytes(b"<html>planted</html>")
    rep = verify_bundle(folder)
    assert not rep.ok
    assert (rep.files_ok, rep.mismatched, rep.missing, rep.extra) == (2, 1, 1, 1)
    assert sorted((p.kind, p.path) for p in rep.problems) == [
        ("extra", "captures/planted.html"),
        ("mismatch", "captures/item-3.html"),
        ("missing", "notes.txt"),
    ]
    assert verify_bundle(folder, allow_extra=True).ok is False  # the mismatch and missing file remain


def test_bundle_extra_files_can_be_allowed(tmp_path):
    folder = tmp_path / "bundle"
    make_bundle(folder)
    (folder / ".DS_Store").write_bytes(b"\0")
    assert not verify_bundle(folder).ok
    assert verify_bundle(folder, allow_extra=True).ok


def test_bundle_bad_paths_and_manifest(tmp_path):
    folder = tmp_path / "bundle"
    make_bundle(folder)
    (tmp_path / "outside.txt").write_text("x")
    doc = json.loads((folder / "manifest.json").read_text())
    sha = hashlib.sha256(b"x").hexdigest()
    doc["files"] += [
        {"path": "../outside.txt", "sha256": sha, "size": 1},
        {"path": "/etc/hostname", "sha256": sha, "size": 1},
        {"path": "notes.txt", "sha256": doc["files"][3]["sha256"], "size": doc["files"][3]["size"]},
        {"path": "no-hash.txt"},
    ]
    (folder / "manifest.json").write_text(json.dumps(doc))
    rep = verify_bundle(folder)
    assert sorted(p.kind for p in rep.problems) == ["bad_path", "bad_path", "duplicate", "manifest"]
    assert rep.files_ok == 4

    (folder / "manifest.json").write_text("{not json")
    rep = verify_bundle(folder)
    assert not rep.ok and [p.kind for p in rep.problems] == ["manifest"]
    (folder / "manifest.json").unlink()
    assert [p.kind for p in verify_bundle(folder).problems] == ["manifest"]


def test_manifest_index_reads_only_what_was_appended(tmp_path):
    from core.evidence import EvidenceStore, ManifestIndex

    store = EvidenceStore(tmp_path / "ev", fsync=False)
    meta = {"status": 200, "headers": {}, "fetched_at": "2026-11-30T00:00:00Z", "route": "direct",
            "crawler_version": "t", "source": "s"}  # fmt: skip
    first = store.store(b"one", url="http://a/1", final_url="http://a/1", **meta)
    index = ManifestIndex(store)
    assert index.lookup(first["capture_id"], None)["url"] == "http://a/1"
    after_first = index.offset
    second = store.store(b"two", url="http://a/2", final_url="http://a/2", **meta)
    assert index.lookup(None, second["sha256"])["url"] == "http://a/2"
    assert index.offset > after_first  # it went on from where it stopped
    assert index.lookup("no-such-capture", None) is None


# --------------------------------------------------------------------------- purges (retention)


def test_purge_is_recorded_in_the_chain_then_the_object_goes(root, five):
    sha = five[1]["sha256"]
    with EvidenceStore(root) as st:
        size = st.path_for(sha).stat().st_size
        rec = st.purge(sha, reason="retention", older_than_days=30, cutoff="2025-03-01T00:00:00Z")
        assert not st.has(sha)
    lines = manifest_lines(root)
    assert len(lines) == 6 and json.loads(lines[5]) == rec
    assert list(rec)[:4] == ["v", "seq", "kind", "sha256"] and rec["seq"] == 6 and rec["kind"] == "purge"
    assert rec["prev"] == hashlib.sha256(lines[4]).hexdigest() and rec["compressed_size"] == size
    assert rec["older_than_days"] == 30 and rec["purged_at"].endswith("Z")
    rep = verify(root)
    assert rep.ok, rep.problems
    assert (rep.purged, rep.missing, rep.objects_ok, rep.chain_breaks, rep.lines) == (1, 0, 4, 0, 6)
    assert "purged 1" in rep.summary() and rep.to_dict()["purged"] == 1
    # readers: captures only by default, the purge line on request; lookups keep the capture's record
    st = EvidenceStore(root)
    assert [r["seq"] for r in st.manifest()] == [1, 2, 3, 4, 5]
    assert [r.get("kind") for r in st.manifest(all_kinds=True)][-1] == "purge"
    assert [r["seq"] for r in st.captures_for("https://market.example/item/2")] == [2]
    index = ManifestIndex(st)
    assert index.lookup(None, sha)["url"] == "https://market.example/item/2" and index.purged(sha)["seq"] == 6
    assert index.purged(five[0]["sha256"]) is None


def test_object_deleted_by_hand_is_missing_even_next_to_purges(root, five):
    with EvidenceStore(root) as st:
        st.purge(five[0]["sha256"], reason="retention")
        st.path_for(five[3]["sha256"]).unlink()
    rep = verify(root)
    assert not rep.ok and (rep.purged, rep.missing) == (1, 1)
    assert kinds(rep) == [("missing", 4)]


def test_purge_line_whose_object_survived_a_crash_is_fine(root, five, monkeypatch):
    sha = five[2]["sha256"]

    def crash(self, *a, **kw):
        raise KeyboardInterrupt  # the process dies after the purge line, before the unlink

    with EvidenceStore(root) as st:
        monkeypatch.setattr(Path, "unlink", crash)
        with pytest.raises(KeyboardInterrupt):
            st.purge(sha, reason="retention")
        monkeypatch.undo()
        assert st.has(sha)
    rep = verify(root)
    assert rep.ok and (rep.purged, rep.objects_ok, rep.lines) == (0, 5, 6)


def test_captured_again_after_a_purge_must_exist(root, five):
    sha = five[4]["sha256"]
    with EvidenceStore(root) as st:
        st.purge(sha, reason="retention")
        capture(st, page(5), 5)  # the same body fetched again: the object is back
    assert verify(root).ok and verify(root).purged == 0
    EvidenceStore(root).path_for(sha).unlink()
    rep = verify(root)
    assert not rep.ok and rep.missing == 1 and "after its purge on line 6" in rep.problems[0].message


def test_purge_of_what_was_never_captured_and_unknown_kinds_are_errors(root, five):
    stranger = hashlib.sha256(b"never stored").hexdigest()
    with EvidenceStore(root) as st:
        st.purge(stranger, reason="retention")
    assert kinds(verify(root)) == [("purge", 6)]
    lines = manifest_lines(root)
    rec = json.loads(lines[5])
    rec["kind"] = "shred"
    write_manifest(root, lines[:5] + [(json.dumps(rec) + "\n").encode()])
    assert ("parse", 6) in kinds(verify(root))


def test_purge_needs_the_writer_lock(root, five):
    sha = five[0]["sha256"]
    with EvidenceStore(root) as crawl:
        crawl.acquire()
        with pytest.raises(StoreLocked):
            EvidenceStore(root, lock_wait=0.2).purge(sha, reason="retention")
    assert EvidenceStore(root).has(sha) and len(manifest_lines(root)) == 5


def test_an_object_purged_while_a_writer_stores_it_again_is_written_back(root, five):
    """A crawl fetches page 1 again (same bytes: its object exists, nothing to write); before its capture line
    is appended, retention purges that object. The line then needs the object: the crawl writes it back."""
    sha = five[0]["sha256"]
    crawl, retention = EvidenceStore(root), EvidenceStore(root)
    real, calls = crawl._write_object, []

    def write_then_purge(s, body):
        out = real(s, body)
        if not calls:
            calls.append(s)
            retention.purge(s, reason="retention")
        return out

    crawl._write_object = write_then_purge
    capture(crawl, page(1), 11)
    crawl.close()
    retention.close()
    assert calls == [sha] and crawl.has(sha)
    rep = verify(root)
    assert rep.ok and rep.purged == 0 and rep.lines == 7


def test_an_object_purged_before_the_deferred_sync_is_skipped(root):
    """With fsync=False, objects are synced at close; one purged in between (retention running beside a crawl)
    is gone on purpose: closing the store syncs the rest and does not fail on it."""
    st = EvidenceStore(root, fsync=False)
    first, second = capture(st, page(1), 1), capture(st, page(2), 2)
    st.purge(first["sha256"], reason="retention")
    st.close()
    assert not st.path_for(first["sha256"]).exists() and st.path_for(second["sha256"]).is_file()
    assert verify(root).ok
