"""Signing the evidence manifest's head (core/signing.py) with the key at the `evidence_key` setting: after every
crawl (a failure is a warning: the crawl's captures are kept either way) and on demand (`imt evidence sign`)."""

from __future__ import annotations

from core.actor import acting_user
from core.progress import note
from ops import OpsError


def sign(cfg, who: str | None = None) -> dict:
    """Sign the current head of the store's manifest; the key is made at first use. Returns the signature line."""
    from core.evidence import EvidenceStore
    from core.signing import SigningError, load_key, sign_head

    if not (cfg.evidence_dir / "manifest.jsonl").exists():
        raise OpsError(f"no evidence manifest in {cfg.evidence_dir} yet: nothing to sign (crawl something first)")
    try:
        created = not cfg.evidence_key.expanduser().exists()
        key = load_key(cfg.evidence_key, create=True)
        if created:
            note(f"Made the evidence signing key {cfg.evidence_key} (keep it safe; `imt evidence key` prints the "
                 "public half for whoever verifies)")  # fmt: skip
        return sign_head(cfg.evidence_dir, EvidenceStore(cfg.evidence_dir).head(), key, who or acting_user())
    except (SigningError, OSError) as exc:
        raise OpsError(str(exc) if isinstance(exc, SigningError) else f"cannot sign: {exc}") from None


def sign_after_crawl(cfg) -> dict | None:
    """`sign`, with a failure turned into a warning line."""
    try:
        return sign(cfg)
    except OpsError as exc:
        note(f"warning: evidence head not signed ({exc}); `imt evidence sign` does it later")
        return None


def trusted_key(cfg, given: str | None):
    """The public key to verify with: the one given (file, PEM or hex), else the signing key's own public half
    when the key is on this machine, else None (signatures then cannot be checked, which verify says)."""
    from core.signing import SigningError, load_key, load_public

    try:
        if given:
            return load_public(given)
        if cfg.evidence_key.expanduser().exists():
            return load_key(cfg.evidence_key).public_key()
    except SigningError as exc:
        raise OpsError(str(exc)) from None
    return None
