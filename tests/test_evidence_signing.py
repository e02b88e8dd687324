"""Signed heads of the evidence manifest: each tampering the hash chain alone lets through (a cut of the last
lines, an edit of the last line, an edit in the middle with the chain recomputed after it) fails verification once
the head is signed, and so does an edited signature or one made with another key; an untouched store verifies.
The CLI's `imt evidence sign | key | verify --public-key` run in-process (no service needed)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from core.evidence import EvidenceStore, verify
from core.signing import SIGNATURES, SigningError, fingerprint, load_key, load_public, public_pem, sign_head


def _store(root: Path, n: int = 8) -> None:
    with EvidenceStore(root) as st:
        for i in range(n):
            st.store(f"<html><body>page {i} мефедрон {i * 7} г</body></html>".encode(), url=f"https://x.example/{i}",
                     final_url=f"https://x.example/{i}", status=200, headers={"Content-Type": "text/html"},
                     fetched_at="2025-03-14T09:26:53Z", route="direct", crawler_version="0.1.0", source="s",
                     doc_ids=[f"d{i}"])  # fmt: skip


@pytest.fixture
def signed(tmp_path):
    root = tmp_path / "evidence"
    _store(root)
    key = load_key(tmp_path / "keys" / "k.pem", create=True)
    sign_head(root, EvidenceStore(root).head(), key, "tester")
    return root, key


def _lines(root: Path) -> list[bytes]:
    return (root / "manifest.jsonl").read_bytes().splitlines(keepends=True)


def _write(root: Path, lines: list[bytes]) -> None:
    (root / "manifest.jsonl").write_bytes(b"".join(lines))


def _rechain(lines: list[bytes], start: int) -> list[bytes]:
    """What a forger who can write the store does: recompute every `prev` from line `start` (0-based) on."""
    out = list(lines)
    for i in range(max(start, 1), len(out)):
        rec = json.loads(out[i])
        rec["prev"] = hashlib.sha256(out[i - 1]).hexdigest()
        out[i] = (json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    return out


def _kinds(report) -> set[str]:
    return {p.kind for p in report.errors()}


def test_an_untouched_signed_store_verifies(signed):
    root, key = signed
    rep = verify(root, public_key=key.public_key())
    assert rep.ok and rep.signed_lines == 8 and rep.notes == [], rep.to_dict()


def test_key_file_is_private_and_made_once(tmp_path):
    path = tmp_path / "keys" / "k.pem"
    key = load_key(path, create=True)
    assert path.stat().st_mode & 0o077 == 0
    assert fingerprint(load_key(path)) == fingerprint(key)  # read back, not made again
    assert fingerprint(load_public(public_pem(key))) == fingerprint(key)
    with pytest.raises(SigningError, match="no evidence signing key"):
        load_key(tmp_path / "nothing.pem")
    (tmp_path / "bad.pem").write_text("not a key")
    with pytest.raises(SigningError, match="not an unencrypted PEM"):
        load_key(tmp_path / "bad.pem")


def test_cutting_the_last_lines_fails_and_says_which(signed):
    root, key = signed
    _write(root, _lines(root)[:-5])
    assert verify(root).ok  # the chain alone (no key to check the signed head with) sees nothing wrong
    rep = verify(root, public_key=key.public_key())
    assert not rep.ok and "signed" in _kinds(rep)
    assert any("lines 4-8 were cut" in p.message for p in rep.errors()), rep.to_dict()


def test_editing_the_last_line_fails(signed):
    root, key = signed
    lines = _lines(root)
    rec = json.loads(lines[-1])
    rec["status"] = 404
    lines[-1] = (json.dumps(rec, separators=(",", ":")) + "\n").encode()
    _write(root, lines)
    rep = verify(root, public_key=key.public_key())
    assert not rep.ok and "signed" in _kinds(rep)
    assert any("line 8 is not the line signed" in p.message for p in rep.errors())


def test_editing_a_middle_line_and_recomputing_the_chain_fails(signed):
    root, key = signed
    lines = _lines(root)
    rec = json.loads(lines[3])
    rec["url"] = "https://elsewhere.example/"
    lines[3] = (json.dumps(rec, separators=(",", ":")) + "\n").encode()
    _write(root, _rechain(lines, 4))
    rep = verify(root, public_key=key.public_key())
    assert _kinds(rep) == {"signed"}, rep.to_dict()  # the chain itself is consistent again: only the signature sees it


def test_editing_a_signature_or_signing_with_another_key_fails(signed, tmp_path):
    root, key = signed
    path = root / SIGNATURES
    rec = json.loads(path.read_text())
    rec["lines"] = 7  # a forger moving the signed head back
    path.write_text(json.dumps(rec) + "\n")
    rep = verify(root, public_key=key.public_key())
    assert not rep.ok and "signature" in _kinds(rep) and "does not verify" in rep.errors()[0].message
    other = load_key(tmp_path / "other.pem", create=True)
    path.write_text("")
    sign_head(root, EvidenceStore(root).head(), other, "forger")
    rep = verify(root, public_key=key.public_key())
    assert not rep.ok and "not the trusted key" in rep.errors()[0].message


def test_without_a_public_key_or_a_signature_verify_says_so(tmp_path, signed):
    root, _key = signed
    rep = verify(root)
    assert rep.ok and any("not checked: no public key" in n for n in rep.notes)
    bare = tmp_path / "bare"
    _store(bare, 3)
    rep = verify(bare)
    assert rep.ok and any("no signed head" in n for n in rep.notes)


def test_cli_sign_key_and_verify(tmp_path):
    import cli

    home, keyfile = tmp_path / "home", tmp_path / "keys" / "evidence.pem"
    env = {"IMT_HOME": str(home), "IMT_EVIDENCE_KEY": str(keyfile), "IMT_ES_URL": "http://127.0.0.1:9"}
    runner = CliRunner()
    r = runner.invoke(cli.main, ["evidence", "sign"], env=env)
    assert r.exit_code == 2 and "nothing to sign" in r.stderr
    _store(home / "evidence", 6)
    r = runner.invoke(cli.main, ["evidence", "sign"], env=env)
    assert r.exit_code == 0 and "Signed the head of 6 lines" in r.stdout and keyfile.exists(), r.stderr
    r = runner.invoke(cli.main, ["evidence", "key"], env=env)
    assert r.exit_code == 0 and r.stdout.startswith("-----BEGIN PUBLIC KEY-----")
    pub = tmp_path / "pub.pem"
    pub.write_text(r.stdout)
    away = dict(env, IMT_EVIDENCE_KEY=str(tmp_path / "elsewhere.pem"))  # a verifier without the private key
    r = runner.invoke(cli.main, ["evidence", "verify", "--public-key", str(pub), "--json"], env=away)
    assert r.exit_code == 0 and json.loads(r.stdout)["signed_lines"] == 6
    lines = _lines(home / "evidence")
    _write(home / "evidence", lines[:-2])
    r = runner.invoke(cli.main, ["evidence", "verify", "--public-key", str(pub)], env=away)
    assert r.exit_code == 1 and "lines 5-6 were cut" in r.stdout
    r = runner.invoke(cli.main, ["evidence", "verify", "--public-key", str(tmp_path / "missing.pem")], env=away)
    assert r.exit_code == 2 and r.stderr.startswith("error: public key")
