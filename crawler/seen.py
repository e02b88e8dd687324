"""Compact sets of request fingerprints, for crawls of hundreds of thousands of pages.

A crawl remembers every URL it has requested twice over: the spider's own set of canonical document ids (a
40-character hex string each) and Scrapy's duplicate filter (a 20-byte fingerprint each). In Python sets these
cost ~130 and ~90 bytes per URL, ~23 MB for a crawl of 100,000 pages. `FingerprintSet` keeps the first 64 bits of
each digest in one open-addressing table of unsigned 64-bit integers (linear probing, at most half full): 16 to 32
bytes per URL. Two different URLs agree on those 64 bits with a probability of about n**2 / 2**65 in a crawl of
n URLs (one in 37 million for a million URLs).

`CompactDupeFilter` is Scrapy's RFPDupeFilter (same request fingerprints, same requests.seen file in a job
folder, so a resumed crawl skips what it fetched) holding its fingerprints in a FingerprintSet.
"""

from __future__ import annotations

from array import array

from scrapy.dupefilters import RFPDupeFilter


class FingerprintSet:
    """A set of digests (hex strings of at least 16 digits, or bytes of at least 8), each kept as its first 64 bits.

    Supports `in`, `add`, `update` and `len`; it cannot list what it holds."""

    _MIN_SLOTS = 1 << 10

    def __init__(self, digests=()):
        self._slots = array("Q", bytes(8 * self._MIN_SLOTS))
        self._mask = self._MIN_SLOTS - 1
        self._len = 0
        self.update(digests)

    @staticmethod
    def _key(digest: str | bytes) -> int:
        if isinstance(digest, str):
            key = int(digest[:16], 16)
            digits = len(digest)
        else:
            key = int.from_bytes(digest[:8], "big")
            digits = 2 * len(digest)
        if digits < 16:
            raise ValueError(f"a digest of at least 64 bits is needed: {digest!r}")
        return key or 1  # 0 marks an empty slot

    def _slot(self, key: int) -> int:
        """The slot holding `key`, or the empty slot where it goes (the digests are uniform: their low bits are the
        starting slot)."""
        slots, mask = self._slots, self._mask
        i = key & mask
        while True:
            held = slots[i]
            if held == key or held == 0:
                return i
            i = (i + 1) & mask

    def __contains__(self, digest) -> bool:
        key = self._key(digest)
        return self._slots[self._slot(key)] == key

    def add(self, digest) -> None:
        key = self._key(digest)
        i = self._slot(key)
        if self._slots[i] == key:
            return
        self._slots[i] = key
        self._len += 1
        if 2 * self._len > len(self._slots):
            self._grow()

    def update(self, digests) -> None:
        for digest in digests:
            self.add(digest)

    def _grow(self) -> None:
        old = self._slots
        self._slots = array("Q", bytes(16 * len(old)))
        self._mask = len(self._slots) - 1
        for key in old:
            if key:
                self._slots[self._slot(key)] = key

    def __len__(self) -> int:
        return self._len

    def memory_bytes(self) -> int:
        return self._slots.itemsize * len(self._slots)


class CompactDupeFilter(RFPDupeFilter):
    """Scrapy's RFPDupeFilter with its fingerprints in a FingerprintSet (what a job folder's requests.seen held is
    loaded into it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the set is `_fingerprints` (bytes) in the Scrapy versions that have it, `fingerprints` (hex) before
        name = "_fingerprints" if isinstance(getattr(self, "_fingerprints", None), set) else "fingerprints"
        setattr(self, name, FingerprintSet(getattr(self, name)))
