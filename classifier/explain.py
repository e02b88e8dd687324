"""Explanations: which character n-grams, words and lexicon groups moved a text's score, and where they are in the
original text.

A linear model's log-odds are a sum over features of value x weight, so each feature's contribution is exact. The
features of a text are rebuilt with positions: `normalize_with_offsets` maps every character of the normalised
text back to the original (look-alike letters, leetspeak, joined spaced letters and placeholders included), and
the n-gram hashing of classifier.features reports where each n-gram starts. Only the text being explained is
rebuilt, and only on request (analyze / explain), never while scoring.
"""

from __future__ import annotations

import numpy as np

from classifier.features import GROUP_NAMES, MAX_CHARS, TextFeatures, _Batch, _keys, clean_text
from classifier.normalize import normalize_with_offsets, to_latin_with_map


def explain_one(feats: TextFeatures, coef: np.ndarray, text, x_row, top: int = 10, max_spans: int = 20) -> list:
    """The `top` features with the largest |contribution| to the log-odds of one text, strongest first:
    [{"feature": n-gram as the model sees it, "type": "char" | "word" | "lexicon", "weight": contribution,
      "text": the original text of the first occurrence, "spans": [[start, end], ...] in the original text}]
    A positive weight pushes towards "offer"; lexicon features name their group and point at its words."""
    text = clean_text(text)
    chosen = _strongest(coef, x_row, top)
    if not chosen:
        return []
    found = _locate(feats, text[:MAX_CHARS], chosen, max_spans)
    return _entries(text, chosen, found)


def _strongest(coef: np.ndarray, x_row, top: int) -> dict[int, float]:
    """Column -> contribution of the `top` features with the largest |contribution| (zero contributions left
    out); empty for a text without features."""
    x_row = x_row.tocsr()
    if x_row.nnz == 0:
        return {}
    contrib = x_row.data.astype(np.float64) * coef[x_row.indices]
    order = np.argsort(-np.abs(contrib), kind="stable")[:top]
    return {int(x_row.indices[i]): float(contrib[i]) for i in order if contrib[i] != 0}


def _locate(feats: TextFeatures, capped: str, chosen: dict[int, float], max_spans: int) -> dict:
    """Where the chosen features occur in `capped` (the text as the model reads it, up to MAX_CHARS):
    column -> (type, feature string, spans in the original text)."""
    norm, starts, ends = normalize_with_offsets(capped)
    batch = _Batch([norm])
    slices = feats.feature_slices()
    found: dict[int, tuple[str, str, list]] = {}  # column -> (type, feature string, spans)
    padded = " " + norm + " "  # the n-gram positions are in this string
    record = _recorder(found, norm, padded, starts, ends, max_spans)
    wanted = np.array(sorted(chosen), dtype=np.int64)
    _find_char_ngrams(feats, norm, padded, batch, slices["char"].start, wanted, record)
    wstart, wend, key = _find_words(feats, batch, slices["word"].start, wanted, record)
    lex_cols = [c for c in chosen if slices["lexicon"].start <= c < slices["lexicon"].stop]
    if lex_cols:
        _find_lexicon_groups(feats, lex_cols, slices["lexicon"].start, key, wstart, wend, found, record)
    return found


def _recorder(found: dict, norm: str, padded: str, starts, ends, max_spans: int):
    """record(col, kind, a, b, label=None): note an occurrence of feature `col` at padded[a:b] in `found` as a
    span of the original text (at most `max_spans` per feature, each once)."""

    def record(col: int, kind: str, a: int, b: int, label: str | None = None) -> None:
        entry = found.setdefault(col, (kind, label or padded[a:b], []))
        lo, hi = max(a - 1, 0), min(b - 1, len(norm))  # back to norm, without the word-boundary spaces
        while lo < hi and norm[lo] == " ":
            lo += 1
        while hi > lo and norm[hi - 1] == " ":
            hi -= 1
        if lo < hi and len(entry[2]) < max_spans:
            span = [starts[lo], ends[hi - 1]]
            if span not in entry[2]:
                entry[2].append(span)

    return record


def _find_char_ngrams(feats: TextFeatures, norm: str, padded: str, batch: _Batch, start: int, wanted, record) -> None:
    """Character n-grams (on the Latin spelling when the model counts them there: mapped back to `norm`)."""
    if feats.latin_chars:
        latin, src = to_latin_with_map(norm)
        # padded Latin position -> padded norm position (the padding spaces map to themselves)
        back = np.concatenate(([0], src + 1, [len(norm) + 1]))
        padded_latin = " " + latin + " "
        char_batch = _Batch([latin])
    else:
        back, padded_latin, char_batch = None, padded, batch
    _d, key, pos, size = char_batch.char_ngrams(positions=True)
    cols = feats.char_.lookup(_keys(key)).astype(np.int64)
    cols = np.where(cols >= 0, cols + start, -1)
    hit = np.flatnonzero(np.isin(cols, wanted))
    for i in hit:
        a, b = int(pos[i]), int(pos[i] + size[i])
        if back is None:
            record(int(cols[i]), "char", a, b)
        else:
            record(int(cols[i]), "char", int(back[a]), int(back[b - 1]) + 1, label=padded_latin[a:b])


def _find_words(feats: TextFeatures, batch: _Batch, start: int, wanted, record) -> tuple:
    """Word unigrams and bigrams; returns the n-grams' (start, end, key) arrays (the lexicon groups use them)."""
    _d, wstart, wend, key = batch.word_ngrams()
    wcols = feats.word_.lookup(_keys(key)).astype(np.int64)
    wcols = np.where(wcols >= 0, wcols + start, -1)
    for i in np.flatnonzero(np.isin(wcols, wanted)):
        record(int(wcols[i]), "word", int(wstart[i]), int(wend[i]))
    return wstart, wend, key


def _find_lexicon_groups(feats: TextFeatures, lex_cols: list, start: int, key, wstart, wend, found: dict,
                         record) -> None:  # fmt: skip
    """Lexicon groups: point at the words of the group."""
    keys, masks, subst, _bitmap = feats.lexicon_
    idx = np.searchsorted(keys, key)
    idx[idx >= len(keys)] = 0
    match = keys[idx] == key if len(keys) else np.zeros(len(key), dtype=bool)
    for col in lex_cols:
        g = col - start
        name = GROUP_NAMES[g]
        if name == "substances":
            sel = match & (subst[idx] >= 0)
        else:
            sel = match & (((masks[idx] >> g) & 1) == 1)
        found.setdefault(col, ("lexicon", f"lexicon:{name}", []))
        for i in np.flatnonzero(sel):
            record(col, "lexicon", int(wstart[i]), int(wend[i]), label=f"lexicon:{name}")


def _entries(text: str, chosen: dict[int, float], found: dict) -> list:
    """The explanation entries, strongest first (a feature not found in the text has no spans)."""
    out = []
    for col in sorted(chosen, key=lambda c: -abs(chosen[c])):
        kind, feature, spans = found.get(col, ("char", "", []))
        # a lexicon phrase and a word inside it ("жми старт", "старт"): highlight the phrase once
        spans = sorted(s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans))
        out.append(
            {
                "feature": feature,
                "type": kind,
                "weight": round(chosen[col], 4),
                "text": text[spans[0][0] : spans[0][1]] if spans else "",
                "spans": spans,
            }
        )
    return out
