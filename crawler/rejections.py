"""Nothing fetched is dropped silently: every page the crawl could not turn into a document is recorded here
with its reason (one JSON line each), and counted by reason for the run summary."""

from __future__ import annotations

import json
import threading
from collections import Counter
from pathlib import Path
from core.clock import now_iso


class RejectionLog:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.counts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._fh = None

    def record(self, source: str, url: str, reason: str, detail: str = "", chain: list[str] | None = None) -> None:
        """One line: `url` is the URL the crawl asked for; `chain`, when the request was redirected, every URL from
        that one to the one that failed or was refused (so each redirect hop fetched is accounted for too)."""
        line = {
            "at": now_iso(),
            "source": source,
            "url": url,
            "reason": reason,
            "detail": detail[:500],
        }
        if chain and len(chain) > 1:
            line["chain"] = list(chain)
        with self._lock:
            self.counts[reason] += 1
            if self._fh is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._fh = self.path.open("a", encoding="utf-8")
            self._fh.write(json.dumps(line, ensure_ascii=False) + "\n")
            self._fh.flush()

    def close(self) -> None:
        with self._lock:
            if self._fh is not None:
                self._fh.close()
                self._fh = None
