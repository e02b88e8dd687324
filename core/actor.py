"""Who is acting: recorded on every model trained, label stored, watchlist changed, export written and audit line."""

from __future__ import annotations

import getpass
import os


def acting_user() -> str:
    """IMT_USER when set (the web app sets it to `web:<account>` for the work it starts), else the OS login name,
    else $USER, else `uid:<n>` (a container without a passwd entry)."""
    who = os.environ.get("IMT_USER", "").strip()
    if who:
        return who
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER") or f"uid:{os.getuid()}"


def audit_who() -> str:
    """Who the audit log names for work done outside the web app: IMT_USER as it is when it says where the work
    comes from (`web:alice`, `scheduler:root`), else `cli:<user>`."""
    who = acting_user()
    return who if ":" in who else f"cli:{who}"
