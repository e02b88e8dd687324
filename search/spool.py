"""A durable on-disk spool: documents that Elasticsearch could not take wait here, in order, until replayed.

Each batch is one segment file of JSON lines, written to a temporary name, fsynced, then renamed, so a crash
never leaves a half-written segment behind. Segments replay oldest first and are deleted only once indexed.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from core.files import atomic_open


class Spool:
    def __init__(self, directory: Path):
        self.dir = Path(directory)
        self._seq = 0

    def segments(self) -> list[Path]:
        if not self.dir.is_dir():
            return []
        return sorted(self.dir.glob("seg-*.jsonl"))

    def __len__(self) -> int:
        total = 0
        for seg in self.segments():
            with seg.open("rb") as fh:
                total += sum(1 for _ in fh)
        return total

    def append(self, docs: list[dict]) -> Path | None:
        if not docs:
            return None
        self._seq += 1
        final = self.dir / f"seg-{time.time_ns():020d}-{os.getpid()}-{self._seq:06d}.jsonl"
        with atomic_open(final) as fh:
            for doc in docs:
                fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
        return final

    @staticmethod
    def read(segment: Path) -> list[dict]:
        with segment.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
