"""Text features for the classifier, vectorised with numpy: hashed character and word n-gram TF-IDF plus lexicon
group counts.

What a text becomes (`TextFeatures.transform`):

- the first MAX_CHARS characters of the raw text, normalised by `classifier.normalize.normalize` (look-alikes,
  leetspeak, spaced letters, apostrophes, entity placeholders);
- character n-grams of 2 to 5 characters inside space-padded words (the same n-grams as scikit-learn's
  ``char_wb`` analyzer), counted on the text's Latin spelling (`classifier.normalize.to_latin`: "клад" and "klad",
  "бошки" and "boshki" share their n-grams, so what is learnt in one script carries to the other), sublinear
  TF-IDF, L2-normalised;
- word unigrams and bigrams (a word is a run of letters, digits and underscores, an apostrophe between two of
  them included, so Uzbek o'g'ri stays one word; every emoji or other symbol character is a word of its own),
  sublinear TF-IDF, L2-normalised;
- log(1 + count) of each lexicon group (classifier.lexicon.group_counts) and of the distinct substances found
  (classifier.lexicon.find_substances), times GROUP_SCALE.

Why not scikit-learn's TfidfVectorizer: its char_wb analyzer builds every n-gram as a Python string and looks it
up in a dict, about 3,300 of each for a 1 KB text, which made feature extraction most of the scoring time. Here
every n-gram of a whole batch is hashed at once with a polynomial rolling hash over the code points (uint64
arithmetic, kept to KEY_BITS bits), and the vocabulary is the set of n-gram keys seen in at least `min_df`
training documents (at most `max_features`, most frequent first), looked up in an open-addressing hash table
built with numpy. The keys are exact for practical purposes (a clash of two n-grams among millions has a chance
of about one in a thousand per corpus), so no string vocabulary is needed: explanations recover the n-gram strings
from the text itself.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import normalize as l2_normalize

from classifier import lexicon
from classifier.normalize import normalize, normalize_many, to_latin

MAX_CHARS = 20_000  # characters of raw text featurised (the head): a 1 MB page scores in milliseconds
KEY_BITS = 53  # n-gram keys: the top bits of the 64-bit hash (training packs a document number below them)
WORD_BITS = 20  # buckets of the lexicon bitmap
GROUP_NAMES = [*lexicon.GROUPS, "substances"]
GROUP_SCALE = 0.35

_M64 = (1 << 64) - 1
_P = 0x100000001B3  # FNV-64 prime: odd, so it has an inverse mod 2**64
_P_INV = pow(_P, -1, 1 << 64)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_KEY_MIX = np.uint64(0xD6E8FEB86659FD93)
_CHAR_SALT = [np.uint64((0xC2B2AE3D27D4EB4F * n) & _M64) for n in range(8)]
_UNI_SALT = np.uint64(0x165667B19E3779F9)
_BI_MUL = np.uint64(0x27D4EB2F165667C5)
_BI_SALT = np.uint64(0x85EBCA77C2B2AE63)

_pow_cache: dict[str, np.ndarray] = {}


def _sorted_counts(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of `keys` (sorted in place) and how often each occurs, as float32."""
    keys.sort()
    if len(keys) == 0:
        return keys, np.zeros(0, dtype=np.float32)
    first = np.empty(len(keys), dtype=bool)
    first[0] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    idx = np.flatnonzero(first)
    return keys[idx], np.diff(np.append(idx, len(keys))).astype(np.float32)


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """P**i and P**-(i) mod 2**64 for i in 0..n (grown on demand, kept for the process)."""
    have = _pow_cache.get("p")
    if have is None or len(have) <= n:
        size = max(n + 1, 1 << 16, 0 if have is None else 2 * len(have))
        with np.errstate(over="ignore"):
            p = np.empty(size, dtype=np.uint64)
            p[0] = 1
            p[1:] = np.uint64(_P)
            np.cumprod(p, out=p)
            q = np.empty(size, dtype=np.uint64)
            q[0] = 1
            q[1:] = np.uint64(_P_INV)
            np.cumprod(q, out=q)
        _pow_cache["p"], _pow_cache["q"] = p, q
    return _pow_cache["p"], _pow_cache["q"]


_PH_HASHES: list = []


def _placeholder_hashes() -> np.ndarray:
    if not _PH_HASHES:
        from classifier.normalize import PLACEHOLDERS

        names = [f"ent{k.lower()}" for k in PLACEHOLDERS]
        with np.errstate(over="ignore"):
            hashes = []
            for name in names:
                h = 0
                for ch in name:
                    h = (h * _P + ord(ch)) & _M64
                hashes.append(h)
        _PH_HASHES.append(np.array(hashes, dtype=np.uint64))
    return _PH_HASHES[0]


_CLASS: np.ndarray | None = None  # per BMP code point: 0 other, 1 word character, 2 symbol (a word of its own)


def _classes() -> np.ndarray:
    global _CLASS
    if _CLASS is None:
        chars = [chr(i) for i in range(0x10000)]
        word = np.fromiter((c.isalnum() or c == "_" for c in chars), dtype=bool, count=0x10000)
        sym = np.fromiter((unicodedata.category(c) in ("So", "Sc") for c in chars), dtype=bool, count=0x10000)
        cls = np.zeros(0x10000, dtype=np.uint8)
        cls[sym] = 2
        cls[word] = 1
        _CLASS = cls
    return _CLASS


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _bucket(keys: np.ndarray, bits: int) -> np.ndarray:
    with np.errstate(over="ignore"):
        keys = keys ^ (keys >> np.uint64(29))
        return ((keys * _MIX) >> np.uint64(64 - bits)).astype(np.int64)


class _Batch:
    """The code points of a batch of normalised texts, each padded with a space on both sides, and their prefix
    hashes: the hash of any substring [a, b) is P**b * (S[b] - S[a]) mod 2**64."""

    def __init__(self, texts: list[str]):
        lengths = np.fromiter((len(t) + 2 if t else 0 for t in texts), dtype=np.int64, count=len(texts))
        joined = "".join(" " + t + " " if t else "" for t in texts)
        self.has_placeholder = " ent" in joined
        self.cp = _codepoints(joined)
        self.n = len(texts)
        self.starts = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(lengths, out=self.starts[1:])
        self.doc = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        p, q = _powers(len(self.cp) + 1)
        self.p = p
        with np.errstate(over="ignore"):
            s = np.empty(len(self.cp) + 1, dtype=np.uint64)
            s[0] = 0
            np.cumsum(self.cp.astype(np.uint64) * q[1 : len(self.cp) + 1], out=s[1:])
        self.s = s

    def hash(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            return self.p[b] * (self.s[b] - self.s[a])

    def char_ngrams(self, lo: int = 2, hi: int = 5, positions: bool = False):
        """(doc, key) of every word-bounded character n-gram -- windows inside one padded text whose inner
        characters are not spaces (a word shorter than n gives no n-gram of that length) -- and with
        positions=True also their start and length."""
        cp, doc, s, p = self.cp, self.doc, self.s, self.p
        space = cp == 32
        cs = np.zeros(len(cp) + 1, dtype=np.int32)
        np.cumsum(space, out=cs[1:])
        skip = self._placeholder_mask(space) if self.has_placeholder else None
        out_doc, out_key, out_start, out_n = [], [], [], []
        for n in range(lo, hi + 1):
            m = len(cp) - n + 1
            if m <= 0:
                continue
            ok = doc[:m] == doc[n - 1 :]
            if n > 2:
                ok &= cs[n - 1 : m + n - 1] == cs[1 : m + 1]  # no space among characters i+1 .. i+n-2
            else:
                ok &= ~(space[:m] & space[1:])
            if skip is not None:
                ok &= ~skip[:m]
            with np.errstate(over="ignore"):
                key = p[n : m + n] * (s[n : m + n] - s[:m])  # the hash of [i, i + n) for every i at once
                key ^= _CHAR_SALT[n]
            out_doc.append(doc[:m][ok])
            out_key.append(key[ok])
            if positions:
                idx = np.flatnonzero(ok)
                out_start.append(idx)
                out_n.append(np.full(len(idx), n, dtype=np.int64))
        if not out_doc:
            e = np.zeros(0, dtype=np.int64)
            return (e, np.zeros(0, dtype=np.uint64)) + ((e, e) if positions else ())
        res = (np.concatenate(out_doc), np.concatenate(out_key))
        if positions:
            res += (np.concatenate(out_start), np.concatenate(out_n))
        return res

    def _placeholder_mask(self, space: np.ndarray) -> np.ndarray | None:
        """Start positions of the character n-grams of entity placeholders (entphone ...): these words are features
        of their own (word unigrams), and their n-grams would only blur real words that start with "ent"."""
        prev_space = np.concatenate(([True], space[:-1]))
        next_space = np.concatenate((space[1:], [True]))
        ws_start = np.flatnonzero(~space & prev_space)
        ws_end = np.flatnonzero(~space & next_space) + 1
        ph = np.isin(self.hash(ws_start, ws_end), _placeholder_hashes())
        if not ph.any():
            return None
        delta = np.zeros(len(space) + 1, dtype=np.int32)
        np.add.at(delta, ws_start[ph] - 1, 1)  # from the boundary space before the placeholder ...
        np.add.at(delta, ws_end[ph], -1)  # ... to its last character
        return np.cumsum(delta[:-1]) > 0

    def words(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(start, end, key) of every word token, in text order."""
        cp = self.cp
        table = _classes()
        cls = np.where(cp < 0x10000, table[np.minimum(cp, 0xFFFF)], 2).astype(np.uint8)
        word = cls == 1
        if len(cp) > 2:  # an apostrophe between two word characters belongs to the word (o'g'ri)
            inner = (cp[1:-1] == 39) & word[:-2] & word[2:]
            word[1:-1] |= inner
        edge = np.diff(np.concatenate(([False], word, [False])).astype(np.int8))
        w_start = np.flatnonzero(edge == 1)
        w_end = np.flatnonzero(edge == -1)
        sym = np.flatnonzero(cls == 2)
        if len(sym):
            start = np.concatenate((w_start, sym))
            end = np.concatenate((w_end, sym + 1))
            order = np.argsort(start, kind="stable")
            start, end = start[order], end[order]
        else:
            start, end = w_start, w_end
        return start, end, self.hash(start, end)

    def word_ngrams(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(doc, start, end, key) of every word unigram and bigram (two consecutive words of one text)."""
        start, end, key = self.words()
        doc = self.doc[start] if len(start) else np.zeros(0, dtype=np.int64)
        with np.errstate(over="ignore"):
            uni = key ^ _UNI_SALT
            pair = doc[:-1] == doc[1:]
            bi = (key[:-1][pair] * _BI_MUL + key[1:][pair]) ^ _BI_SALT
        return (
            np.concatenate((doc, doc[:-1][pair])),
            np.concatenate((start, start[:-1][pair])),
            np.concatenate((end, end[1:][pair])),
            np.concatenate((uni, bi)),
        )


def _count(doc: np.ndarray, col: np.ndarray, n_docs: int, bits: int):
    """Distinct (doc, col) pairs with their occurrence counts, sorted by doc then col: one sort of packed keys
    (much faster than scipy's COO -> CSR conversion, which sorts every row separately)."""
    if (n_docs << bits) < (1 << 32):
        key = (doc.astype(np.uint32) << np.uint32(bits)) | col.astype(np.uint32)
    else:
        key = (doc.astype(np.uint64) << np.uint64(bits)) | col.astype(np.uint64)
    key, counts = _sorted_counts(key)
    rows = (key >> key.dtype.type(bits)).astype(np.int64)
    cols = (key & key.dtype.type((1 << bits) - 1)).astype(np.int32)
    return rows, cols, counts


def _counts(doc: np.ndarray, col: np.ndarray, n_docs: int, bits: int) -> sp.csr_matrix:
    """The same as a CSR matrix with 2**bits columns."""
    rows, cols, counts = _count(doc, col, n_docs, bits)
    indptr = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_docs), out=indptr[1:])
    return sp.csr_matrix((counts, cols, indptr), shape=(n_docs, 1 << bits))


def _keys(h: np.ndarray) -> np.ndarray:
    """KEY_BITS-bit n-gram keys from the polynomial hashes: the top bits after multiplying by an odd constant (the
    top bits of the raw hash of a short n-gram hardly depend on its last characters)."""
    with np.errstate(over="ignore"):
        return (h * _KEY_MIX) >> np.uint64(64 - KEY_BITS)


class _Table:
    """An open-addressing hash table (linear probing) from KEY_BITS-bit keys to column numbers, built and probed
    with whole-array numpy operations. One uint64 per slot -- a 32-bit fingerprint of the key (its low bits, never
    0: 0 marks an empty slot) above the column number -- so a lookup is a single memory access; the slot is the top
    bits of key x an odd constant, so slot and fingerprint use different bits of the key (a false match needs
    both to agree: about one in 2**32 per probe of an unknown n-gram)."""

    def __init__(self, keys: np.ndarray):
        n = len(keys)
        bits = max(10, int(np.ceil(np.log2(max(n, 1) * 3))))
        size = 1 << bits
        self.shift = np.uint64(64 - bits)
        self.entries = np.zeros(size, dtype=np.uint64)
        stored = (self._fingerprint(keys) << np.uint64(32)) | np.arange(n, dtype=np.uint64)
        slot = self._slot(keys)
        pending = np.arange(n)
        probes = 0
        while len(pending):
            s = slot[pending]
            free = self.entries[s] == 0
            cand, cs = pending[free], s[free]
            used, first = np.unique(cs, return_index=True)
            winners = cand[first]
            self.entries[used] = stored[winners]
            placed = np.zeros(n, dtype=bool)
            placed[winners] = True
            pending = pending[~placed[pending]]
            slot[pending] = (slot[pending] + 1) & (size - 1)
            probes += 1
        self.max_probes = probes + 1

    @staticmethod
    def _fingerprint(keys: np.ndarray) -> np.ndarray:
        fp = keys & np.uint64(0xFFFFFFFF)
        fp[fp == 0] = 1
        return fp

    def _slot(self, keys: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            return ((keys * _MIX) >> self.shift).astype(np.intp)

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        """Column of each key, -1 for keys not in the table."""
        size = len(self.entries)
        slot = self._slot(keys)
        fp = self._fingerprint(keys)
        found = self.entries[slot]
        hit = (found >> np.uint64(32)) == fp
        out = np.where(hit, (found & np.uint64(0xFFFFFFFF)).astype(np.int64), -1)
        # a slot holding another key: probe on (rare at a load of a third); an empty slot: not in the vocabulary
        again = np.flatnonzero(~hit & (found != 0))
        for _ in range(self.max_probes):
            if not len(again):
                break
            slot[again] += 1
            slot[again] &= size - 1
            f = self.entries[slot[again]]
            ok = (f >> np.uint64(32)) == fp[again]
            out[again[ok]] = (f[ok] & np.uint64(0xFFFFFFFF)).astype(np.int64)
            again = again[~ok & (f != 0)]
        return out


def _doc_key_counts(doc: np.ndarray, keys: np.ndarray, n_docs: int):
    """Distinct (key, doc) pairs of a chunk and their counts, sorted by key: one sort of keys packed with the
    document number in their low bits. Returns (distinct keys, doc, key index, count)."""
    doc_bits = max(1, int(n_docs - 1).bit_length())
    assert doc_bits <= 64 - KEY_BITS, "chunk too large"
    packed = (keys << np.uint64(64 - KEY_BITS)) | doc.astype(np.uint64)
    packed, counts = _sorted_counts(packed)
    if len(packed) == 0:
        e = np.zeros(0, dtype=np.int64)
        return np.zeros(0, dtype=np.uint64), e, e, counts
    key = packed >> np.uint64(64 - KEY_BITS)
    docs = (packed & np.uint64((1 << (64 - KEY_BITS)) - 1)).astype(np.int64)
    new_key = np.empty(len(key), dtype=bool)
    new_key[0] = True
    np.not_equal(key[1:], key[:-1], out=new_key[1:])
    distinct = key[new_key]
    key_index = np.cumsum(new_key) - 1
    return distinct, docs, key_index, counts


def _key_matrix(chunks: list, n_docs: int) -> tuple[sp.csr_matrix, np.ndarray]:
    """Per-chunk (distinct keys, doc, key index, count, chunk rows) -> one CSR matrix of counts whose columns are the
    corpus's distinct keys (returned sorted)."""
    distinct = np.unique(np.concatenate([c[0] for c in chunks])) if chunks else np.zeros(0, dtype=np.uint64)
    rows, cols, vals = [], [], []
    offset = 0
    for keys, docs, key_index, counts, chunk_rows in chunks:
        gid = np.searchsorted(distinct, keys).astype(np.int32)  # sorted queries: fast
        order = np.argsort(docs.astype(np.int16 if chunk_rows < 1 << 15 else np.int64), kind="stable")  # radix
        rows.append(docs[order] + offset)
        cols.append(gid[key_index[order]])
        vals.append(counts[order])
        offset += chunk_rows
    if not rows:
        return sp.csr_matrix((n_docs, len(distinct)), dtype=np.float32), distinct
    rows = np.concatenate(rows)
    indptr = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_docs), out=indptr[1:])
    tf = 1 + np.log(np.concatenate(vals))  # sublinear term frequency, once for all folds
    m = sp.csr_matrix((tf.astype(np.float32), np.concatenate(cols), indptr), shape=(n_docs, len(distinct)))
    return m, distinct


def clean_text(text) -> str:
    """Anything a caller may pass as a text (None, bytes, numbers) as a str."""
    if isinstance(text, str):
        return text
    if text is None:
        return ""
    if isinstance(text, bytes | bytearray):
        return bytes(text).decode("utf-8", "replace")
    return str(text)


def prepare(texts) -> list[str]:
    """Raw texts -> the capped, normalised strings the features are built from (normalize(), batched)."""
    return normalize_many([clean_text(t)[:MAX_CHARS] for t in texts])


# ------------------------------------------------------------------------------------------------ lexicon groups

_UZ_FOLD = str.maketrans("ўқғҳ", "укгх")


def _form_variants(form: str) -> set[str]:
    """A lexicon surface form as the normaliser writes it, with and without apostrophes and Uzbek letters."""
    base = normalize(form, placeholders=False)
    return {base, base.replace("'", ""), base.translate(_UZ_FOLD), base.replace("'", "").translate(_UZ_FOLD)}


def build_lexicon_keys() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Word-unigram and -bigram keys of every lexicon group form (classifier.lexicon.GROUPS) and unambiguous
    substance name, with their inflected forms as lexicon.py spells out its rules (forms of five or more letters
    take a Russian / Uzbek / English ending; a form ending in а/я swaps that vowel). Returns sorted keys, a bit
    mask of groups per key, a substance number per key (-1: none) and a bitmap of their word buckets."""
    suffixes = sorted(getattr(lexicon, "_INFLECT_SET", ())) or ["s", "а", "у", "е", "и", "ы", "da", "ga", "ni"]
    n_groups = len(lexicon.GROUPS)
    entries: dict[str, list] = {}  # normalised phrase -> [mask, substance]

    def add(phrase: str, bit: int | None, subst: int | None) -> None:
        e = entries.setdefault(phrase, [0, -1])
        if bit is not None:
            e[0] |= 1 << bit
        if subst is not None:
            e[1] = subst

    def add_form(form: str, bit: int | None, subst: int | None) -> None:
        for v in _form_variants(form):
            if not v:
                continue
            add(v, bit, subst)
            if " " not in v and sum(ch.isalpha() for ch in v) >= 5:
                stems = [v, v[:-1]] if v[-1] in "ая" else [v]
                for stem in stems:
                    for suf in suffixes:
                        add(stem + suf, bit, subst)

    for g, (_name, forms) in enumerate(lexicon.GROUPS.items()):
        for form in forms:
            add_form(form, g, None)
    # @handles and t.me links count as contact in lexicon.group_counts: here they are placeholders
    contact = list(lexicon.GROUPS).index("contact") if "contact" in lexicon.GROUPS else None
    for ph in ("enttg_handle", "entbot"):
        add(ph, contact, None)
    ambiguous = {normalize(a, placeholders=False) for a in getattr(lexicon, "AMBIGUOUS", ())}
    for s, (_name, forms) in enumerate(lexicon.SUBSTANCES.items()):
        for form in forms:
            if normalize(form, placeholders=False) not in ambiguous:
                add_form(form, None, s)

    phrases = list(entries)
    batch = _Batch(phrases)
    start, _end, key = batch.words()
    doc = batch.doc[start]
    count = np.bincount(doc, minlength=len(phrases))
    first = np.searchsorted(doc, np.arange(len(phrases)))
    keys, masks, subst = [], [], []
    with np.errstate(over="ignore"):
        for i, phrase in enumerate(phrases):
            if count[i] == 0:
                continue
            k = key[first[i]]
            if count[i] == 1:
                k = k ^ _UNI_SALT
            else:  # a phrase is matched by its first two words (most are two words long)
                k = (k * _BI_MUL + key[first[i] + 1]) ^ _BI_SALT
            keys.append(k)
            masks.append(entries[phrase][0])
            subst.append(entries[phrase][1])
    keys = np.array(keys, dtype=np.uint64)
    order = np.argsort(keys, kind="stable")
    keys, masks, subst = keys[order], np.array(masks, dtype=np.int64)[order], np.array(subst, dtype=np.int64)[order]
    # one row per key: merge duplicates (the same phrase reached from two forms)
    uniq, first_idx, inv = np.unique(keys, return_index=True, return_inverse=True)
    merged_mask = np.zeros(len(uniq), dtype=np.int64)
    np.bitwise_or.at(merged_mask, inv, masks)
    merged_subst = np.full(len(uniq), -1, dtype=np.int64)
    np.maximum.at(merged_subst, inv, subst)
    assert n_groups < 63
    bitmap = np.zeros(1 << WORD_BITS, dtype=bool)
    bitmap[_bucket(uniq, WORD_BITS)] = True
    return uniq, merged_mask, merged_subst, bitmap


def _lexicon_features(lex: tuple, doc: np.ndarray, key: np.ndarray, buckets: np.ndarray, n_docs: int) -> np.ndarray:
    """log(1 + count) of each lexicon group and of the distinct substances, from a batch's word n-gram keys (and
    their WORD_BITS buckets: a bitmap of the lexicon's buckets rules most n-grams out before the exact lookup)."""
    keys, masks, subst, bitmap = lex
    out = np.zeros((n_docs, len(GROUP_NAMES)), dtype=np.float32)
    maybe = bitmap[buckets]
    doc, key = doc[maybe], key[maybe]
    if len(key) and len(keys):
        idx = np.searchsorted(keys, key)
        idx[idx >= len(keys)] = 0
        hit = keys[idx] == key
        d, m, s = doc[hit], masks[idx[hit]], subst[idx[hit]]
        for g in range(len(GROUP_NAMES) - 1):
            sel = (m >> g) & 1 == 1
            if sel.any():
                out[:, g] = np.bincount(d[sel], minlength=n_docs)
        sel = s >= 0
        if sel.any():
            pairs = np.unique(d[sel] * 64 + s[sel])
            out[:, -1] = np.bincount(pairs // 64, minlength=n_docs)
    return np.log1p(out)


_LEX_CACHE: list = []


def lexicon_keys() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    if not _LEX_CACHE:
        _LEX_CACHE.append(build_lexicon_keys())
    return _LEX_CACHE[0]


# ------------------------------------------------------------------------------------------------ counting


class CorpusCounts:
    """Per-document sublinear term frequencies (1 + log count) over the corpus's distinct n-gram keys, before
    vocabulary pruning and IDF, plus the lexicon features: computed once per corpus, so cross-validation folds only
    re-select and re-weight them."""

    def __init__(self, char, char_keys, word, word_keys, groups, char_latin: bool = False):
        self.char, self.char_keys, self.word, self.word_keys, self.groups = char, char_keys, word, word_keys, groups
        self.char_latin = char_latin  # character n-grams counted on the Latin spelling (normalize.to_latin)

    def __len__(self) -> int:
        return self.char.shape[0]

    def rows(self, idx) -> CorpusCounts:
        return CorpusCounts(self.char[idx], self.char_keys, self.word[idx], self.word_keys, self.groups[idx],
                            self.char_latin)  # fmt: skip


def _char_batch(batch: _Batch, texts: list[str]) -> _Batch:
    """The batch the character n-grams are counted on: the texts in Latin spelling (the same batch when that
    changes nothing, as for English)."""
    latin = [to_latin(t) for t in texts]
    return batch if latin == texts else _Batch(latin)


def corpus_counts(raw_texts, lex=None, chunk: int = 2000, norm_texts: list[str] | None = None,
                  char_latin: bool = True) -> CorpusCounts:  # fmt: skip
    """The counts of a corpus. With `char_latin` (the default since issue 13) the character n-grams are counted on
    the texts' Latin spelling (classifier.normalize.to_latin), so Cyrillic and Latin writing share them; the word
    n-grams and the lexicon keep the original script."""
    norm = norm_texts if norm_texts is not None else prepare(raw_texts)
    lex = lex if lex is not None else lexicon_keys()
    chars, words, groups = [], [], []
    for lo in range(0, len(norm), chunk):
        part = norm[lo : lo + chunk]
        batch = _Batch(part)
        d, k = (_char_batch(batch, part) if char_latin else batch).char_ngrams()
        chars.append((*_doc_key_counts(d, _keys(k), batch.n), batch.n))
        d, _s, _e, k = batch.word_ngrams()
        words.append((*_doc_key_counts(d, _keys(k), batch.n), batch.n))
        groups.append(_lexicon_features(lex, d, k, _bucket(k, WORD_BITS), batch.n))
    n = len(norm)
    char, char_keys = _key_matrix(chars, n)
    word, word_keys = _key_matrix(words, n)
    g = np.vstack(groups) if groups else np.zeros((0, len(GROUP_NAMES)), dtype=np.float32)
    return CorpusCounts(char, char_keys, word, word_keys, g, char_latin)


class _Block:
    """Vocabulary (n-gram keys -> columns) and IDF of one n-gram block."""

    def __init__(self, min_df: int, max_features: int | None):
        self.min_df, self.max_features = min_df, max_features

    def fit(self, counts: sp.csr_matrix, distinct: np.ndarray) -> _Block:
        n_docs = counts.shape[0]
        df = np.bincount(counts.indices, minlength=len(distinct))
        keep = np.flatnonzero(df >= self.min_df)
        if self.max_features and len(keep) > self.max_features:
            keep = keep[np.argsort(-df[keep], kind="stable")[: self.max_features]]
            keep.sort()
        self.keys_ = distinct[keep]
        self.idf_ = (np.log((1 + n_docs) / (1 + df[keep])) + 1).astype(np.float32)
        # for transform_counts (training): corpus key index -> column; not kept in the pickle
        self._kept = keep
        self._corpus_keys = distinct
        self._table = None
        return self

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_kept"] = state["_corpus_keys"] = state["_table"] = None  # the table is rebuilt on first use
        return state

    @property
    def table(self) -> _Table:
        if self._table is None:
            self._table = _Table(self.keys_)
        return self._table

    @property
    def n_features(self) -> int:
        return len(self.keys_)

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        return self.table.lookup(keys)

    def matrix(self, counts: sp.csr_matrix, distinct: np.ndarray) -> sp.csr_matrix:
        """The L2-normalised sublinear TF-IDF of rows of the corpus this block was fitted on (scipy's compiled
        column selection and row normalisation: the training path)."""
        if distinct is not self._corpus_keys:
            raise ValueError("transform_counts needs rows of the counts the features were fitted on")
        x = counts[:, self._kept]
        if x.shape[1] == 0:
            return x
        x.data *= self.idf_[x.indices]
        return l2_normalize(x, copy=False)


def _assemble(n: int, blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray]], widths: list[int]) -> sp.csr_matrix:
    """One CSR matrix from column blocks given as row-ordered (row, col, value) triplets, without sorting."""
    per_row = [np.bincount(r, minlength=n) for r, _c, _v in blocks]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.sum(per_row, axis=0), out=indptr[1:])
    nnz = int(indptr[-1])
    indices = np.empty(nnz, dtype=np.int32)
    data = np.empty(nnz, dtype=np.float32)
    before = np.zeros(n, dtype=np.int64)  # entries of earlier blocks in each row
    offset = 0
    for (r, c, v), count, width in zip(blocks, per_row, widths, strict=True):
        if len(r):
            block_start = np.zeros(n + 1, dtype=np.int64)
            np.cumsum(count, out=block_start[1:])
            pos = indptr[r] + before[r] + (np.arange(len(r)) - block_start[r])
            indices[pos] = c + offset
            data[pos] = v
        before += count
        offset += width
    return sp.csr_matrix((data, indices, indptr), shape=(n, offset))


class TextFeatures(TransformerMixin, BaseEstimator):
    """Raw texts -> [char n-gram TF-IDF | word n-gram TF-IDF | lexicon groups] (a scikit-learn transformer)."""

    def __init__(
        self,
        min_df: int = 2,
        char_max_features: int | None = 300_000,
        word_max_features: int | None = 150_000,
        group_scale: float = GROUP_SCALE,
    ):
        self.min_df = min_df
        self.char_max_features = char_max_features
        self.word_max_features = word_max_features
        self.group_scale = group_scale

    def fit(self, texts, y=None):
        return self.fit_counts(corpus_counts(texts))

    def fit_counts(self, counts: CorpusCounts) -> TextFeatures:
        self.char_ = _Block(self.min_df, self.char_max_features).fit(counts.char, counts.char_keys)
        self.word_ = _Block(self.min_df, self.word_max_features).fit(counts.word, counts.word_keys)
        self.lexicon_ = lexicon_keys()  # stored with the model: its features do not move if the lexicon does
        self.char_latin_ = bool(counts.char_latin)
        self.__dict__.pop("_table", None)
        return self

    @property
    def latin_chars(self) -> bool:
        """Whether the character n-grams are counted on the Latin spelling (models saved before issue 13 have no
        `char_latin_` and count the original script)."""
        return self.__dict__.get("char_latin_", False)

    def transform(self, texts) -> sp.csr_matrix:
        return self.transform_normalized(prepare(texts))

    def transform_normalized(self, norm: list[str], chunk: int = 2000) -> sp.csr_matrix:
        """Features of already prepared texts (`prepare`); equal to transform_counts(corpus_counts(...)) up to
        float rounding. Character and word n-grams go through one lookup table and one count."""
        n_char, n_ngram = self.char_.n_features, self.char_.n_features + self.word_.n_features
        table, idf = self._ngram_table()
        bits = max(1, int(n_ngram).bit_length())
        parts = []
        latin = self.latin_chars
        for lo in range(0, max(len(norm), 1), chunk):
            part = norm[lo : lo + chunk]
            batch = _Batch(part)
            n = batch.n
            dc, kc = (_char_batch(batch, part) if latin else batch).char_ngrams()
            dw, _s, _e, kw = batch.word_ngrams()
            cols = table.lookup(_keys(np.concatenate((kc, kw))))
            ok = cols >= 0
            rows, cols, counts = _count(np.concatenate((dc, dw))[ok], cols[ok], n, bits)
            data = (1 + np.log(counts)) * idf[cols]
            block = rows * 2 + (cols >= n_char)  # each block is L2-normalised on its own
            norms = np.sqrt(np.bincount(block, weights=data * data, minlength=2 * n))
            norms[norms == 0] = 1
            ngrams = (rows, cols, (data / norms[block]).astype(np.float32))
            g = _lexicon_features(self.lexicon_, dw, kw, _bucket(kw, WORD_BITS), n) * np.float32(self.group_scale)
            gr, gc = np.nonzero(g)
            groups = (gr.astype(np.int64), gc.astype(np.int32), g[gr, gc])
            parts.append(_assemble(n, [ngrams, groups], [n_ngram, len(GROUP_NAMES)]))
        return parts[0] if len(parts) == 1 else sp.vstack(parts, format="csr")

    def _ngram_table(self) -> tuple[_Table, np.ndarray]:
        """One lookup table over both vocabularies (character n-gram columns first) and their IDF, built on first
        use and not pickled."""
        cached = self.__dict__.get("_table")
        if cached is None:
            keys = np.concatenate((self.char_.keys_, self.word_.keys_))
            cached = (_Table(keys), np.concatenate((self.char_.idf_, self.word_.idf_)).astype(np.float64))
            self.__dict__["_table"] = cached
        return cached

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_table", None)
        return state

    def transform_counts(self, counts: CorpusCounts) -> sp.csr_matrix:
        """Features of rows of the counts this was fitted on (cross-validation folds); the same as transform()."""
        char = self.char_.matrix(counts.char, counts.char_keys)
        word = self.word_.matrix(counts.word, counts.word_keys)
        groups = sp.csr_matrix(counts.groups * np.float32(self.group_scale))
        return sp.hstack([char, word, groups], format="csr", dtype=np.float32)

    @property
    def n_features(self) -> int:
        return self.char_.n_features + self.word_.n_features + len(GROUP_NAMES)

    def feature_slices(self) -> dict[str, slice]:
        c, w = self.char_.n_features, self.word_.n_features
        return {"char": slice(0, c), "word": slice(c, c + w), "lexicon": slice(c + w, c + w + len(GROUP_NAMES))}
