"""Signed heads of the evidence manifest: Ed25519 signatures (the `cryptography` package) over the manifest's line
count and the SHA-256 of its last line, kept in `signatures.jsonl` beside the manifest.

The hash chain alone shows an edit in the middle of the manifest, but not a cut of its last lines, nor an edit of
its last line, nor an edit in the middle whose chain was recomputed after it: whoever can write the store can redo
the hashes. A signature cannot be redone without the private key, which is kept outside `var/` (the setting
`evidence_key`), so a signed head pins the manifest up to that line. Heads are signed after every crawl and on
demand (`imt evidence sign`); verification checks every signature against a public key the verifier trusts (a
prosecutor gets it from `imt evidence key`), and checks that the manifest still holds each signed line with its
signed hash. What is appended after the last signed head is covered by the chain only, until the next signature.

A signature line: {"lines": N, "sha256": hash of line N, "signed_at": UTC time, "signed_by": who, "key": the
public key's fingerprint, "signature": base64 of the Ed25519 signature of `message(lines, sha256, signed_at)`}.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from core.clock import now_iso
from core.files import atomic_write, fsync_dir

SIGNATURES = "signatures.jsonl"
_CONTEXT = "imt-evidence-head/1"


class SigningError(Exception):
    """A key that cannot be read, made or used; the message is one line."""


def message(lines: int, sha256: str, signed_at: str) -> bytes:
    """The bytes a head's signature covers (with a context string, so it signs nothing else by accident)."""
    return f"{_CONTEXT}\n{int(lines)}\n{sha256}\n{signed_at}\n".encode()


def _ed25519():
    from cryptography.hazmat.primitives.asymmetric import ed25519

    return ed25519


def load_key(path: Path, *, create: bool = False):
    """The private key in `path` (PEM, PKCS#8, unencrypted, readable by its owner only); made there when it does
    not exist and `create` is set."""
    from cryptography.hazmat.primitives import serialization

    path = Path(path).expanduser()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if not create:
            raise SigningError(f"no evidence signing key at {path}; `imt evidence sign` makes one") from None
        return _create_key(path)
    except OSError as exc:
        raise SigningError(f"cannot read the evidence signing key {path}: {exc.strerror or exc}") from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise SigningError(f"{path} is not an unencrypted PEM private key ({exc})") from None
    if not isinstance(key, _ed25519().Ed25519PrivateKey):
        raise SigningError(f"{path} holds a {type(key).__name__}, not an Ed25519 key")
    return key


def _create_key(path: Path):
    from cryptography.hazmat.primitives import serialization

    key = _ed25519().Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())  # fmt: skip
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(path, pem, mode=0o600)
    except OSError as exc:
        raise SigningError(f"cannot write the evidence signing key {path}: {exc.strerror or exc}") from None
    return key


def public_raw(key) -> bytes:
    """The 32 bytes of a public key (of a private key's public half)."""
    from cryptography.hazmat.primitives import serialization

    pub = key.public_key() if hasattr(key, "public_key") else key
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_pem(key) -> str:
    from cryptography.hazmat.primitives import serialization

    pub = key.public_key() if hasattr(key, "public_key") else key
    return pub.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def fingerprint(key) -> str:
    """`sha256:` and the SHA-256 of the raw public key, in hex: what a signature line names its key by."""
    return "sha256:" + hashlib.sha256(public_raw(key)).hexdigest()


def load_public(value: str):
    """A public key the verifier trusts: a PEM file, PEM text, or the 64 hex digits of the raw key."""
    from cryptography.hazmat.primitives import serialization

    text = value.strip()
    if len(text) == 64 and all(c in "0123456789abcdefABCDEF" for c in text):
        return _ed25519().Ed25519PublicKey.from_public_bytes(bytes.fromhex(text))
    if "-----BEGIN" not in text:
        try:
            text = Path(value).expanduser().read_text(encoding="utf-8")
        except OSError as exc:
            raise SigningError(f"public key {value}: {exc.strerror or exc}") from None
    try:
        key = serialization.load_pem_public_key(text.encode())
    except ValueError as exc:
        raise SigningError(f"public key {value} is not a PEM public key ({exc})") from None
    if isinstance(key, _ed25519().Ed25519PrivateKey) or not isinstance(key, _ed25519().Ed25519PublicKey):
        raise SigningError(f"public key {value} is not an Ed25519 public key")
    return key


def sign_head(store_root: Path, head: dict, key, who: str) -> dict:
    """Sign `head` ({"lines", "sha256"}, from EvidenceStore.head()) and append the signature line."""
    signed_at = now_iso()
    record = {
        "lines": int(head["lines"]),
        "sha256": head["sha256"],
        "signed_at": signed_at,
        "signed_by": who,
        "key": fingerprint(key),
        "signature": base64.b64encode(key.sign(message(head["lines"], head["sha256"], signed_at))).decode(),
    }
    path = Path(store_root) / SIGNATURES
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (json.dumps(record, sort_keys=True) + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    fsync_dir(path.parent)
    return record


@dataclass
class SignedHead:
    line: int  # line of signatures.jsonl
    lines: int
    sha256: str
    signed_at: str
    signed_by: str
    key: str


def check_signatures(store_root: Path, public_key) -> tuple[list[SignedHead], list[tuple[str, int | None, str]]]:
    """The signed heads whose signature verifies with `public_key` (None: none can be checked), and the problems:
    (kind, line of signatures.jsonl, message). Kinds: "signature" (an error: unreadable, altered, or signed by
    another key) and "unverified" (a warning: no public key to check with)."""
    path = Path(store_root) / SIGNATURES
    heads: list[SignedHead] = []
    problems: list[tuple[str, int | None, str]] = []
    if not path.exists():
        return heads, problems
    trusted = fingerprint(public_key) if public_key is not None else None
    with open(path, "rb") as fh:
        for n, raw in enumerate(fh, 1):
            head, why = _signed_head(n, raw, public_key, trusted)
            if head is not None:
                heads.append(head)
            elif why is not None:
                problems.append(("signature", n, f"signature line {n}: {why}"))
    if public_key is None and path.stat().st_size:
        problems.append(("unverified", None, "the signed heads are not checked: no public key (give --public-key, "
                                            "or keep the signing key at the evidence_key setting's path)"))
    return heads, problems


def _signed_head(n: int, raw: bytes, public_key, trusted: str | None) -> tuple[SignedHead | None, str | None]:
    try:
        rec = json.loads(raw)
        head = SignedHead(n, int(rec["lines"]), str(rec["sha256"]), str(rec["signed_at"]), str(rec.get("signed_by")),
                          str(rec["key"]))  # fmt: skip
        signature = base64.b64decode(rec["signature"], validate=True)
    except (ValueError, KeyError, TypeError) as exc:
        return None, f"not a signature record ({type(exc).__name__}: {exc})"
    if public_key is None:
        return None, None
    if head.key != trusted:
        return None, f"signed by key {head.key}, not the trusted key {trusted}"
    from cryptography.exceptions import InvalidSignature

    try:
        public_key.verify(signature, message(head.lines, head.sha256, head.signed_at))
    except InvalidSignature:
        return None, (f"the signature of the head of {head.lines} lines (signed at {head.signed_at}) does not verify:"
                      " the line or the signature was altered")  # fmt: skip
    return head, None
