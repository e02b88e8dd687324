"""Near-duplicate detection for reposted ads: SimHash fingerprints and a banded index over them.

The same ad is reposted across channels and sites with another price, phone, handle, emoji or a word or two
changed. `simhash` maps a text to a 64-bit fingerprint whose Hamming distance to another text's fingerprint
grows with how different the two texts are; `NearDupIndex` finds, among millions of stored fingerprints, one
within `max_distance` bits and hands back its cluster id.

Fingerprint (version `FINGERPRINT_VERSION`; a change here changes every fingerprint, so saved indexes record
the version and refuse to load under another one):

1. normalise: NFKC; drop invisible format characters (zero-width spaces and joiners, soft hyphens); casefold,
   ё -> е; drop apostrophes (Uzbek o' oʻ o‘ ... all become o); with ``mask=True`` links, e-mails and
   @handles become the word ``lnk``, and every number (prices, phones, quantities, including ``1 500 000``
   and ``+998 (90) 123-45-67``) becomes ``0``; punctuation and emoji become spaces; a word mixing Latin and
   Cyrillic look-alike letters is folded into its majority script (``мeф`` with a Latin e -> ``меф``);
   runs of ``0`` words collapse into one.
2. features: the words of the normalised text, each weighted by its frequency, capped at `WEIGHT_CAP` (so a
   price list with twenty masked prices is not dominated by the word ``0``).
3. each word is hashed with BLAKE2b (8 bytes, fixed personalisation; never Python's ``hash()``, which
   changes between runs), and bit k of the fingerprint is set when the words with bit k set carry more than
   half of the total weight (Charikar's SimHash).

Why words and not character or word n-gram shingles: on the labelled seed corpus, one randomly substituted
word moved the fingerprint of an ad of 25+ words by <= 3 bits in 52% of cases (69% for ads of 50+ words);
in the same experiment 5-character shingles managed 23% and word 3-grams 11%. Different ads of the same
template family stay ~25 bits apart, random pairs ~29; the few same-family pairs within 3 bits were real
near-duplicates (the same dead-drop text with another city, word overlap >= 93%). The price of a bag of
words: the same words in another order give the same fingerprint, which for reposts (menu lines shuffled)
is what we want.

SimHash sees a word change as "near" only when the text is long enough: changing a fraction f of the words
moves about 64 * arccos(1 - f) / pi bits, i.e. ~3.4 bits for 1 word in 70 and ~5 bits for 2 words in 70,
with a wide spread either way. So with max_distance 3, reposts with another price, phone, handle, link,
emoji, layout, case or look-alike letters are reliably caught (masked: distance 0); a one-word edit of a
70-word ad is caught about three times in four; two or more changed words mostly are not.

Texts shorter than `MIN_CHARS` characters after normalisation carry too little signal: `simhash` returns
None for them and `NearDupIndex` does not cluster them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import unicodedata
from array import array
from collections import Counter
from pathlib import Path

from classifier.normalize import lookalike_table
from core.files import atomic_open

FINGERPRINT_VERSION = 1
MIN_CHARS = 30
WEIGHT_CAP = 3

_PERSON = b"imt-simhash-1"

# --------------------------------------------------------------------------- normalisation

_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_APOSTROPHES = re.compile("['`´‘’ʻʼʹ′]")
# a link, or a whitespace-delimited word containing a known top-level domain (t.me/x, shop.uz, abc.onion)
_URL = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|(?<!\S)\S*?\.(?:onion|me|com|net|org|ru|uz|io|cc|to|biz|info|xyz|top|shop|su|kz|tj|kg)\b\S*"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE = re.compile(r"@\w+")
_NUMBER = re.compile(r"\d+(?:[\s.,:/-]\d+)*")
_NON_WORD = re.compile(r"[\W_]+")
_ZEROS = re.compile(r"\b0(?: 0)+\b")
_LATIN = re.compile(r"[a-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_SCRIPT_CHANGE = re.compile(r"[a-z][\u0400-\u04ff]|[\u0400-\u04ff][a-z]")
_MIXED_WORD = re.compile(r"\w*(?:[a-z][\u0400-\u04ff]|[\u0400-\u04ff][a-z])\w*")
# lower-case look-alikes only (the text is casefolded first)
_TO_CYR = lookalike_table("cyr", leave="mt")
_TO_LAT = lookalike_table("lat", extra=True, leave="mt")


def _fold(match: re.Match) -> str:
    word = match.group(0)
    lat = len(_LATIN.findall(word))
    cyr = len(_CYRILLIC.findall(word))
    return word.translate(_TO_CYR if cyr >= lat else _TO_LAT)


def normalize(text: str, *, mask: bool = True) -> str:
    """The text the fingerprint is computed from (see the module docstring)."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text or ""))
    text = _APOSTROPHES.sub("", text.casefold().replace("ё", "е"))
    if mask:
        # contacts all become one word: a repost that swaps the bot's @handle for a t.me link stays the same
        if "@" in text:
            text = _EMAIL.sub(" lnk ", text)
        text = _URL.sub(" lnk ", text)
        if "@" in text:
            text = _HANDLE.sub(" lnk ", text)
        text = _NUMBER.sub("0", text)
    text = " ".join(_NON_WORD.sub(" ", text).split())
    if _SCRIPT_CHANGE.search(text):
        text = _MIXED_WORD.sub(_fold, text)
    if mask:
        text = _ZEROS.sub("0", text)
    return text


def _weights(norm: str) -> Counter:
    counts = Counter(norm.split())
    for word, n in counts.items():
        if n > WEIGHT_CAP:
            counts[word] = WEIGHT_CAP
    return counts


def features(text: str, *, mask: bool = True) -> Counter:
    """Word -> weight (frequency capped at WEIGHT_CAP) of the normalised text."""
    return _weights(normalize(text, mask=mask))


# --------------------------------------------------------------------------- fingerprints


def _fingerprint(weights: Counter, bits: int) -> int:
    """Bit k is set when the words whose hash has bit k set carry more than half of the total weight.

    The per-bit sums are computed column-wise: the word hashes (each repeated `weight` times) are laid end to
    end in one big integer, and for each bit k a mask picking bit k of every hash is applied and counted."""
    nbytes = bits // 8
    blake2b = hashlib.blake2b
    parts, total = [], 0
    for word, w in weights.items():
        digest = blake2b(word.encode("utf-8"), digest_size=nbytes, person=_PERSON).digest()
        parts.append(digest * w)
        total += w
    hashes = int.from_bytes(b"".join(parts), "little")  # bit k of hash j is bit j * bits + k
    column = int.from_bytes((b"\x01" + bytes(nbytes - 1)) * total, "little")  # bit 0 of every hash
    fp = 0
    for k in range(bits):
        if 2 * ((hashes >> k) & column).bit_count() > total:
            fp |= 1 << k
    return fp


def simhash(text: str, bits: int = 64, *, mask: bool = True, min_chars: int = MIN_CHARS) -> int | None:
    """The SimHash of `text` as an int of `bits` bits, or None when the normalised text is shorter than
    `min_chars` characters (too little signal to call two texts near-duplicates)."""
    if not 8 <= bits <= 512 or bits % 8:
        raise ValueError("bits must be a multiple of 8 between 8 and 512")
    norm = normalize(text, mask=mask)
    if len(norm) < min_chars:
        return None
    return _fingerprint(_weights(norm), bits)


def hamming(a: int, b: int) -> int:
    """Number of differing bits."""
    return (a ^ b).bit_count()


# --------------------------------------------------------------------------- the index

_MAGIC = b"IMT-NEARDUP\n"


class _Heads(dict):
    """Band value -> newest entry with it, for bands too wide for a flat array; -1 when there is none."""

    def __missing__(self, key: int) -> int:
        return -1


class NearDupIndex:
    """Clusters fingerprints: `add` puts a fingerprint in the cluster of its nearest stored fingerprint within
    `max_distance` bits (ties: the oldest), or starts a cluster named ``c-<hex of its fingerprint>``.

    Lookups use the pigeonhole principle: the fingerprint is split into max_distance + 1 bands, and two
    fingerprints within max_distance bits agree exactly on at least one band, so only fingerprints sharing a
    band value are compared. With 64 bits and max_distance 3 the bands are 16 bits wide: among 1,000,000
    uniformly random fingerprints a lookup compares ~60 candidates, among 1,000,000 fingerprints of
    template-heavy ad texts ~370 (similar texts share band values). A larger max_distance means narrower bands
    and many more candidates: 6 bits gives 9-bit bands, several thousand candidates per lookup at this size.

    Layout (compact, for crawls of millions of pages): entries are numbered in insertion order; `_fps` and
    `_clusters` hold each entry's fingerprint and its cluster's founder (uint64 arrays). Each band links the
    entries sharing a band value into a chain, newest first: a head per band value (a flat int32 array of
    2**width slots for bands up to 16 bits wide, else a dict) and, per entry, the previous entry with the same
    value (int32, -1 ends the chain). Memory: 32 bytes per distinct fingerprint (8 + 8 + 4 per band) plus 256 KiB
    per 16-bit band, i.e. ~31 MiB for 1,000,000 fingerprints, whatever their values (a dict of buckets per band
    cost ~300 bytes per fingerprint). On disk 16 bytes per fingerprint; the chains are rebuilt on load.

    Doc ids are not stored (the caller keeps doc -> cluster in the search index). Clustering is single-link:
    a cluster can drift as near-duplicates of near-duplicates join it, and clusters are never merged (a
    fingerprint near two clusters joins the nearer). Not thread-safe.
    """

    FLAT_BITS = 16  # bands up to this wide keep their chain heads in a flat array

    def __init__(self, bits: int = 64, max_distance: int = 3):
        if not 8 <= bits <= 64:
            raise ValueError("NearDupIndex supports fingerprints of 8 to 64 bits")
        if not 0 <= max_distance < bits:
            raise ValueError("max_distance must be between 0 and bits - 1")
        self.bits = bits
        self.max_distance = max_distance
        nbands = max_distance + 1
        base, extra = divmod(bits, nbands)
        self._bands: list[tuple[int, int]] = []
        shift = 0
        for i in range(nbands):
            width = base + (1 if i < extra else 0)
            self._bands.append((shift, (1 << width) - 1))
            shift += width
        self._fps = array("Q")
        self._clusters = array("Q")
        self._heads: list = [self._new_heads(mask) for _, mask in self._bands]
        self._next: list[array] = [array("i") for _ in self._bands]
        self._n_clusters = 0
        self._hex = (bits + 3) // 4

    @classmethod
    def _new_heads(cls, mask: int):
        if mask < 1 << cls.FLAT_BITS:
            return array("i", [-1]) * (mask + 1)
        return _Heads()

    def __len__(self) -> int:
        """Distinct fingerprints stored."""
        return len(self._fps)

    @property
    def n_clusters(self) -> int:
        return self._n_clusters

    def memory_bytes(self) -> int:
        """Approximate memory held by the index (its arrays, and the band dicts of wide bands with their keys)."""
        total = sys.getsizeof(self._fps) + sys.getsizeof(self._clusters) + sum(map(sys.getsizeof, self._next))
        for heads in self._heads:
            total += sys.getsizeof(heads)
            if isinstance(heads, dict):
                total += sum(sys.getsizeof(k) + sys.getsizeof(v) for k, v in heads.items())
        return total

    def cluster_name(self, founder: int) -> str:
        return f"c-{founder:0{self._hex}x}"

    def _check(self, fp) -> int:
        if not isinstance(fp, int) or fp < 0 or fp >> self.bits:
            raise ValueError(f"not a {self.bits}-bit fingerprint: {fp!r}")
        return fp

    def _nearest(self, fp: int, keys: list[int]) -> tuple[int, int] | None:
        """(distance, entry) of the nearest stored fingerprint within max_distance (the oldest on ties)."""
        bit_count = int.bit_count
        fps = self._fps
        best_d, best = self.max_distance + 1, -1
        for heads, nxt, key in zip(self._heads, self._next, keys, strict=True):
            i = heads[key]
            while i >= 0:
                d = bit_count(fps[i] ^ fp)
                if d < best_d or (d == best_d and i < best):
                    best_d, best = d, i
                i = nxt[i]
            if best_d == 0:  # a fingerprint is stored once: nothing nearer or older
                break
        return None if best < 0 else (best_d, best)

    def nearest(self, fingerprint: int | None) -> tuple[str, int] | None:
        """(cluster id, distance) of the nearest stored fingerprint within max_distance, or None."""
        if fingerprint is None:
            return None
        fp = self._check(fingerprint)
        hit = self._nearest(fp, [(fp >> s) & m for s, m in self._bands])
        return (self.cluster_name(self._clusters[hit[1]]), hit[0]) if hit else None

    def lookup(self, fingerprint: int | None) -> str | None:
        """The cluster a fingerprint would join, or None (also for None, i.e. a text too short to cluster)."""
        hit = self.nearest(fingerprint)
        return hit[0] if hit else None

    def add(self, doc_id: str, fingerprint: int | None) -> str | None:
        """Adds a document's fingerprint and returns its cluster id; None when `fingerprint` is None (the text
        was too short: the document is not clustered). `doc_id` is not stored (see the class docstring)."""
        if fingerprint is None:
            return None
        fp = self._check(fingerprint)
        keys = [(fp >> s) & m for s, m in self._bands]
        hit = self._nearest(fp, keys)
        if hit is not None:
            founder = self._clusters[hit[1]]
            if hit[0] == 0:  # already stored
                return self.cluster_name(founder)
        else:
            founder = fp
            self._n_clusters += 1
        self._insert(fp, founder, keys)
        return self.cluster_name(founder)

    def _insert(self, fp: int, founder: int, keys: list[int]) -> None:
        idx = len(self._fps)
        if idx >= 2**31 - 1:
            raise OverflowError("NearDupIndex holds at most 2**31 - 1 fingerprints")
        self._fps.append(fp)
        self._clusters.append(founder)
        for heads, nxt, key in zip(self._heads, self._next, keys, strict=True):
            nxt.append(heads[key])
            heads[key] = idx

    # ---- persistence: magic line, JSON header line, fingerprints and founders as little-endian uint64,
    # then the SHA-256 of everything before it

    def save(self, path: str | os.PathLike) -> None:
        """Write the index atomically (temp file in the same folder, fsync, rename)."""
        path = Path(path)
        header = {
            "format": 1,
            "fingerprint": FINGERPRINT_VERSION,
            "bits": self.bits,
            "max_distance": self.max_distance,
            "count": len(self._fps),
        }
        fps, clusters = array("Q", self._fps), array("Q", self._clusters)
        if sys.byteorder == "big":  # pragma: no cover
            fps.byteswap()
            clusters.byteswap()
        parts = [_MAGIC, json.dumps(header).encode() + b"\n", fps.tobytes(), clusters.tobytes()]
        digest = hashlib.sha256()
        for p in parts:
            digest.update(p)
        with atomic_open(path, binary=True, prefix=".tmp-") as f:
            for p in [*parts, digest.digest()]:
                f.write(p)

    @classmethod
    def load(cls, path: str | os.PathLike) -> NearDupIndex:
        data = Path(path).read_bytes()
        if not data.startswith(_MAGIC) or len(data) < len(_MAGIC) + 32:
            raise ValueError(f"{path}: not a near-duplicate index")
        body, digest = data[:-32], data[-32:]
        if hashlib.sha256(body).digest() != digest:
            raise ValueError(f"{path}: checksum mismatch (damaged or truncated)")
        try:
            end = body.index(b"\n", len(_MAGIC))
            header = json.loads(body[len(_MAGIC) : end])
            n, bits, max_distance = int(header["count"]), int(header["bits"]), int(header["max_distance"])
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}: unreadable header ({exc})") from None
        if header.get("format") != 1:
            raise ValueError(f"{path}: unknown index format {header.get('format')!r}")
        if header.get("fingerprint") != FINGERPRINT_VERSION:
            raise ValueError(
                f"{path}: built with fingerprint version {header.get('fingerprint')}, this code computes"
                f" version {FINGERPRINT_VERSION}: rebuild the index"
            )
        raw = memoryview(body)[end + 1 :]
        if len(raw) != 16 * n:
            raise ValueError(f"{path}: expected {n} entries")
        index = cls(bits=bits, max_distance=max_distance)
        fps, clusters = array("Q"), array("Q")
        fps.frombytes(raw[: 8 * n])
        clusters.frombytes(raw[8 * n :])
        if sys.byteorder == "big":  # pragma: no cover
            fps.byteswap()
            clusters.byteswap()
        if n >= 2**31:
            raise ValueError(f"{path}: too many entries ({n})")
        index._fps, index._clusters = fps, clusters
        for heads, nxt, (shift, mask) in zip(index._heads, index._next, index._bands, strict=True):
            nxt.extend(array("i", [-1]) * n)
            for idx, fp in enumerate(fps):  # the chains as `_insert` builds them, newest first
                key = (fp >> shift) & mask
                nxt[idx] = heads[key]
                heads[key] = idx
        index._n_clusters = len(set(clusters))
        return index
