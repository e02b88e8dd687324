"""Seeded randomness for every generator of the demo web: one ``random.Random`` per document identity, and a
weighted choice.  Kept apart from :mod:`demo.gen` so that :mod:`demo.vocab`, which :mod:`demo.gen` draws its
slots from, can use them without importing :mod:`demo.gen`.
"""

from __future__ import annotations

import random


def rng_for(*parts) -> random.Random:
    """A Random seeded by a readable string built from ``parts``."""
    return random.Random(":".join(str(p) for p in parts))


def weighted(rng: random.Random, table):
    """Pick a key from ``{key: weight}`` or a list of ``(key, weight)``."""
    items = list(table.items()) if isinstance(table, dict) else list(table)
    total = sum(w for _, w in items)
    x = rng.random() * total
    for key, w in items:
        x -= w
        if x < 0:
            return key
    return items[-1][0]
