"""The clock: one way to say "now" in UTC."""

from __future__ import annotations

import time
from datetime import datetime, timezone


def now_iso() -> str:
    """Now in UTC as stored in documents, runs, users and audit lines: 2026-12-07T21:42:05Z."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def now_iso_us() -> str:
    """Now in UTC with microseconds (the evidence manifest, where order within a second matters)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

