"""The audit log for work done outside the web app's requests: every state change from the CLI (commands marked
`@audited`), the crawl pipeline (the scheduler's crawls included) and training, with who (core.actor.audit_who),
what and when. The web app records its own requests with the client's address (web/common.py).

Nothing is lost when Elasticsearch cannot be reached: the entry is appended to IMT_HOME/state/audit-pending.jsonl
with its time, and written to the index, in order, by the next entry that can be."""

from __future__ import annotations

import json

from core.actor import audit_who
from core.progress import note

PENDING = "audit-pending.jsonl"


def _safe(value):
    """Parameters as JSON values (paths as text, tuples as lists); secrets are never parameters of ours."""
    if isinstance(value, (list, tuple)):
        return [_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _safe(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def record(cfg, action: str, target: str = "", details: dict | None = None, ok: bool = True,
           who: str | None = None) -> bool:  # fmt: skip
    """Append an audit entry; True when it reached the index, False when it waits in the pending file."""
    from search import audit

    entry = {"at": audit.stamp(), "who": who or audit_who(), "action": action, "target": str(target or ""),
             "details": _safe(details or {}), "ip": "cli", "ok": bool(ok)}  # fmt: skip
    pending = cfg.home / "state" / PENDING
    try:
        from search.client import connect

        es = connect(cfg)
        if pending.exists():
            _flush(es, cfg, pending)
        audit.record(es, cfg.index, **entry)
        return True
    except Exception as exc:  # noqa: BLE001 - any failure to write: keep the entry for later, never lose it
        if isinstance(exc, ValueError) and "unknown audit action" in str(exc):
            raise
        pending.parent.mkdir(parents=True, exist_ok=True)
        with open(pending, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        note(f"warning: audit entry kept in {pending} until Elasticsearch answers ({type(exc).__name__})")
        return False


def flush_pending(cfg, es) -> None:
    """Write the entries that waited for Elasticsearch (before listing the log, say)."""
    pending = cfg.home / "state" / PENDING
    if pending.exists():
        _flush(es, cfg, pending)


def _flush(es, cfg, pending) -> None:
    """Write the waiting entries, oldest first, then drop the file (taken aside first, so a concurrent writer's
    entries are not lost: they go to a new pending file)."""
    from search import audit

    taking = pending.with_suffix(".flushing")
    pending.replace(taking)
    lines = taking.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        try:
            audit.record(es, cfg.index, **json.loads(line))
        except Exception:
            with open(pending, "a", encoding="utf-8") as fh:  # put back what is not written yet
                fh.write("".join(f"{rest}\n" for rest in lines[i:]))
            taking.unlink()
            raise
    taking.unlink()
