"""Text normalisation before features: NFKC, look-alike folding, leetspeak, spacers, apostrophes, placeholders.

All functions are pure (str -> str) so the crawler, the indexer and the query side can share them.
`normalize_with_offsets` gives the same string as `normalize` plus, for every character of it, the span of the
original text it came from (explanations highlight the original text with it).

The work is done as a few passes that each list their edits (start, end, replacement) and splice them in; the
per-word folding runs only on the words that a cheap scan points at (a digit or sign next to a letter, or a word
mixing Latin and Cyrillic letters), which keeps a 1 KB text at a fraction of a millisecond.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# numpy is imported inside the batch functions that use it: a search (which normalises its query with this
# module) never loads it

# Uzbek apostrophe variants (o‘ oʻ o` g’ ...) all become a plain ASCII apostrophe
_APOSTROPHE_CHARS = "‘’ʻʼ`´ʹ′"
_APOSTROPHES = dict.fromkeys(map(ord, _APOSTROPHE_CHARS), "'")

# The look-alike letters: the one table of Latin and Cyrillic letters that print the same (this module, the
# lexicon's folding and the near-duplicate fingerprints take their tables from it)
LOOKALIKE_LOWER = ("aceopxykmt", "асеорхукмт")
LOOKALIKE_UPPER = ("ABCEHKMOPTX", "АВСЕНКМОРТХ")
CYRILLIC_ONLY_LOOKALIKES = ("іјѕ", "ijs")  # Ukrainian/Macedonian letters spammers use for Latin i, j, s


def lookalike_table(to: str, upper: bool = False, extra: bool = False, leave: str = "") -> dict[int, str]:
    """A str.translate table folding look-alike letters to one script (`to` "cyr" or "lat"): the lower-case
    pairs, with the upper-case ones when `upper`, with і/ј/ѕ when `extra` (to Latin only), without the Latin
    letters in `leave` (and their twins)."""
    lat, cyr = LOOKALIKE_LOWER
    if upper:
        lat, cyr = lat + LOOKALIKE_UPPER[0], cyr + LOOKALIKE_UPPER[1]
    keep = [i for i, a in enumerate(lat) if a not in leave]
    lat, cyr = "".join(lat[i] for i in keep), "".join(cyr[i] for i in keep)
    if to == "cyr":
        return str.maketrans(lat, cyr)
    if extra:
        cyr, lat = cyr + CYRILLIC_ONLY_LOOKALIKES[0], lat + CYRILLIC_ONLY_LOOKALIKES[1]
    return str.maketrans(cyr, lat)


# folded into Cyrillic inside mostly-Cyrillic words, and back (Cyrillic к, м, т stay: Latin words rarely hide them)
_LAT_TO_CYR = lookalike_table("cyr", upper=True)
_CYR_TO_LAT = lookalike_table("lat", upper=True, extra=True, leave="kmt")

# leetspeak digits and signs, mapped only inside words that also contain letters
_LEET_LAT = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_LEET_CYR = str.maketrans({"0": "о", "3": "з", "4": "ч", "6": "б", "@": "а"})

_CYR = re.compile(r"[а-яёўқғҳ]", re.I)
_LAT = re.compile(r"[a-z]", re.I)
# letters with no look-alike in the other script decide which script a mixed word is written in
_CYR_ONLY = re.compile(r"[бгдёжзилпфцчшщъыьэюяўқғҳ]", re.I)
_LAT_ONLY = re.compile(r"[bdfghijlnqrstuvwz]", re.I)

# The patterns start with a character class where they can (Python's regex engine then skips quickly to the
# next candidate character instead of trying every position), spell case variants out instead of re.IGNORECASE
# (which makes every character test slower), and bound their repeats so that a page of digits or spaces cannot
# make them backtrack for seconds.


def _ci(words: str) -> str:
    """'сум|usd' -> '[сС][уУ][мМ]|[uU][sS][dD]': a case-insensitive alternation without re.IGNORECASE."""
    return "|".join(
        "".join(f"[{c}{c.upper()}]" if c.upper() != c else re.escape(c) for c in w) for w in words.split("|")
    )


_A = "a-zA-Z"
_PHONE_REST = r"[\s\-)]{0,3}\d{3}[\s\-]{0,2}\d{2}[\s\-]{0,2}\d{2}\b"
_PRICE_UNITS = _ci("so'm|som|сўм|сум|uzs|ming|минг|mln|млн|usdt|usd|btc|руб") + r"|\$"
_QTY_UNITS = _ci("g|gr|гр|г|kg|кг|ml|мл|mg|мг|шт|pcs|dona")
PLACEHOLDERS = {
    "ONION": re.compile(rf"\b[a-zA-Z2-7]{{16}}(?:[a-zA-Z2-7]{{40}})?\.{_ci('onion')}\b"),
    "WALLET": re.compile(r"\b(?:bc1[a-z0-9]{25,60}|[13][a-km-zA-HJ-NP-Z1-9]{25,34}|T[1-9A-HJ-NP-Za-km-z]{33})\b"),
    "EMAIL": re.compile(
        rf"(?<![\w.+\-])[\w.+\-]{{1,64}}@[{_A}0-9\-]{{1,63}}(?:\.[{_A}0-9\-]{{1,63}})*\.[{_A}]{{2,12}}\b"
    ),
    "BOT": re.compile(rf"@[{_A}0-9_]{{3,32}}{_ci('bot')}\b"),
    "TG_HANDLE": re.compile(rf"[@tT](?:(?<=@)|\.[mM][eE]/)[{_A}][{_A}0-9_]{{3,31}}\b"),
    "URL": re.compile(rf"[hHwW](?<!\w.)(?:(?<=[hH]){_ci('ttp')}[sS]?://|(?<=[wW]){_ci('ww')}\.)[^\s<>\"']{{2,300}}"),
    # coordinates of a drop: 41.311081, 69.240562 / N41.31108 E69.24056 (map links become GEO in the URL pass)
    "GEO": re.compile(r"[\dnsNS](?<!\w.)(?:(?<=\d)|\d)\d?\.\d{4,8}°?\s?[,;]?\s?[ewEW]?\d{1,3}\.\d{4,8}\b"),
    # +998 90 123-45-67, 998901234567, 8 90 123 45 67, (90) 123 45 67; the first character is +, ( or a digit
    "PHONE": re.compile(
        r"[+(\d](?:(?<=\+)(?:998|7|996|992)?[\s\-(]{0,3}\d{2}|(?<=\()[\s\-(]{0,2}\d{2}"
        r"|(?<!\w.)(?:(?<=9)(?:98|96|92)[\s\-(]{0,3}\d{2}|(?<=7)[\s\-(]{0,3}\d{2}|(?<=\d)\d))" + _PHONE_REST
    ),
    "PRICE": re.compile(
        rf"[\d$](?:(?<=\$)\s?\d[\d.,]{{0,20}}|(?<!\w.)(?<=\d)[\d\s.,]{{0,30}}\s?(?:{_PRICE_UNITS})(?!\w))"
    ),
    "QTY": re.compile(rf"\d(?<!\w.)\d{{0,6}}(?:[.,]\d{{1,4}})?\s?(?:{_QTY_UNITS})\b"),
}
_MAP_LINK = re.compile(
    r"maps\.google\.|google\.[a-z.]{2,8}/maps|goo\.gl/maps|maps\.app\.goo\.gl|yandex\.[a-z]{2,4}/maps|2gis\.", re.I
)
_EMAIL_HINT = re.compile(r"@[a-zA-Z0-9\-]+\.[a-zA-Z]")
_WALLET_HINT = re.compile(r"[0-9A-Za-z]{26}")
_GEO_HINT = re.compile(r"\d\.\d{4}")
_LONG_TOKEN = 22  # an onion address or a wallet is at least this many characters without a space
_DIGIT = re.compile(r"\d")

# a word whose letters are separated by dots, dashes, spaces or underscores: м.е.ф, m e f, m-e-f
_SPACED = re.compile(r"(?<!\w)(?:\w[.\-_*\s]){2,}\w(?!\w)")
# a necessary condition for _SPACED, starting at the first separator (a character class: fast to scan for)
_SPACED_HINT = re.compile(r"[.\-_*\s]\w[.\-_*\s]\w")
_WORD = re.compile(r"[\w@$]+", re.UNICODE)
_WORDCH = re.compile(r"[\w@$]")
# a digit or sign touching a letter (or another non-digit word character): m3f, l$d, 1st
_SIGN_NEAR_LETTER = re.compile(r"[\d@$](?<=[^\W\d][\d@$])|[\d@$](?=[^\W\d])")
# a letter of one script and one of the other with only other word characters between them: every word that
# mixes the scripts has one (the letters are those that _CYR and _LAT match, re.IGNORECASE included)
_CYR_SET = "а-яА-ЯёЁўЎқҚғҒҳҲ\u1c80-\u1c86"
_LAT_SET = "a-zA-Z\u0130\u0131\u017f\u212a"
_MIXED = re.compile(
    rf"[{_CYR_SET}](?:[^\W{_CYR_SET}{_LAT_SET}]|[@$])*[{_LAT_SET}]|[{_LAT_SET}](?:[^\W{_CYR_SET}{_LAT_SET}]|[@$])*[{_CYR_SET}]"
)
_SPACE_RUN = re.compile(r"\s+")


_NOT_PLAIN = re.compile(r"[\d@$]")


@lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    if _NOT_PLAIN.search(word) is None and (word.isascii() or _LAT.search(word) is None):
        return word  # one script, no digits or signs: nothing to fold (most words)
    cyr = len(_CYR.findall(word))
    lat = len(_LAT.findall(word))
    has_digit = any(ch.isdigit() or ch in "@$" for ch in word)
    cyr_only, lat_only = len(_CYR_ONLY.findall(word)), len(_LAT_ONLY.findall(word))
    cyrillic = cyr_only > lat_only if cyr_only != lat_only else cyr >= lat
    if cyr and cyrillic:
        word = word.translate(_LAT_TO_CYR)
        if has_digit and cyr >= 2:
            word = word.translate(_LEET_CYR)
    elif lat:
        if cyr:
            word = word.translate(_CYR_TO_LAT)
        if has_digit and lat >= 2:
            word = word.translate(_LEET_LAT)
    return word


def _join_spaced(match: re.Match) -> str:
    letters = re.sub(r"[.\-_*\s]", "", match.group(0))
    # only join runs of single letters (m e f), not ordinary short words (a to b)
    parts = re.split(r"[.\-_*\s]+", match.group(0))
    if all(len(p) == 1 for p in parts) and len(letters) >= 3:
        return letters
    return match.group(0)


# ------------------------------------------------------------------------------------------------ the passes


def _unify_apostrophes(text: str) -> str:
    for ch in _APOSTROPHE_CHARS:
        if ch in text:
            text = text.replace(ch, "'")
    return text


def _entity_patterns(text: str):
    """The placeholder patterns that can match in this text (cheap tests skip the others)."""
    has_digit = _DIGIT.search(text) is not None
    has_at = "@" in text
    low = None
    long_tokens = [w for w in text.split() if len(w) >= _LONG_TOKEN] if len(text) >= _LONG_TOKEN else []
    for name, pattern in PLACEHOLDERS.items():
        if name == "ONION" and not long_tokens:
            continue
        if name == "WALLET" and not any(_WALLET_HINT.search(w) for w in long_tokens):
            continue
        if name in ("BOT", "EMAIL") and not has_at:
            continue
        if name == "EMAIL" and not _EMAIL_HINT.search(text):
            continue
        if name == "ONION":
            low = text.lower() if low is None else low
            if ".onion" not in low:
                continue
        if name in ("PHONE", "PRICE", "QTY", "GEO") and not (has_digit or (name == "PRICE" and "$" in text)):
            continue
        if name == "GEO" and not _GEO_HINT.search(text):
            continue
        if name in ("TG_HANDLE", "URL"):
            if low is None:
                low = text.lower()
            if name == "TG_HANDLE" and not has_at and "t.me/" not in low:
                continue
            if name == "URL" and "http" not in low and "www." not in low:
                continue
        yield name, pattern


def _url_placeholder(m: re.Match) -> str:
    return " entgeo " if _MAP_LINK.search(m.group(0)) else " enturl "


def _placeholder(name: str):
    """The replacement for one entity kind: a string, or for URLs a function (map links count as GEO)."""
    return _url_placeholder if name == "URL" else f" ent{name.lower()} "


def replace_entities(text: str) -> str:
    for name, pattern in _entity_patterns(text):
        text = pattern.sub(_placeholder(name), text)
    return text


def _spaced_edits(text: str) -> list[tuple[int, int, str]]:
    """The edits of _SPACED.sub(_join_spaced, text), found from the few places that can start a match."""
    edits = []
    pos = last_end = 0
    search, match = _SPACED_HINT.search, _SPACED.match
    while True:
        hint = search(text, pos)
        if hint is None:
            return edits
        start = hint.start() - 1  # the letter before the first separator
        m = match(text, start) if start >= last_end else None
        if m is None:
            pos = hint.start() + 1
            continue
        repl = _join_spaced(m)
        if repl != m.group(0):
            edits.append((m.start(), m.end(), repl))
        pos = last_end = m.end()


def _word_span(text: str, start: int, end: int) -> tuple[int, int]:
    ok = _WORDCH.match
    while start > 0 and ok(text, start - 1):
        start -= 1
    n = len(text)
    while end < n and ok(text, end):
        end += 1
    return start, end


def _splice(text: str, edits: list[tuple[int, int, str]]) -> str:
    """`text` with each (start, end, replacement) of `edits` (in order, not overlapping) applied; one splicer for
    this module's folding and the lexicon's."""
    if not edits:
        return text
    parts, pos = [], 0
    for start, end, repl in edits:
        parts.append(text[pos:start])
        parts.append(repl)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


_CLASSES: list = []  # per BMP code point: 0 not [\w@$], 1 Cyrillic (_CYR), 2 Latin (_LAT), 3 [\d@$], 4 other


def _char_classes():
    import numpy as np

    if not _CLASSES:
        chars = [chr(i) for i in range(0x10000)]
        word = np.fromiter((c.isalnum() or c in "_@$" for c in chars), dtype=bool, count=0x10000)  # [\w@$]
        digit = np.fromiter((c.isdecimal() or c in "@$" for c in chars), dtype=bool, count=0x10000)  # [\d@$]
        cls = np.where(word, 4, 0).astype(np.uint8)
        cls[digit] = 3
        for ch in "ёЁўЎқҚғҒҳҲ":
            cls[ord(ch)] = 1
        cls[ord("а") : ord("я") + 1] = 1
        cls[ord("А") : ord("Я") + 1] = 1
        cls[0x1C80:0x1C87] = 1
        for ch in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\u0130\u0131\u017f\u212a":
            cls[ord(ch)] = 2
        _CLASSES.append(cls)
    return _CLASSES[0]


def _fold_candidates(texts: list[str]) -> list[list[tuple[int, int]]]:
    r"""For each text, the spans of the [\w@$]+ words that _fold_word may change -- letters of both scripts, or a
    digit or sign with a letter -- found with whole-array operations on the code points of all the texts at once
    (the character classes of _CYR, _LAT, [\d@$] and [\w@$] in a table; texts joined by a newline, which no word
    crosses)."""
    import numpy as np

    out: list[list[tuple[int, int]]] = [[] for _ in texts]
    joined = "\n".join(texts)
    cp = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if not len(cp):
        return out
    table = _char_classes()
    if cp.max() > 0xFFFF:  # emoji and other characters outside the BMP: classified one by one
        cls = table[np.minimum(cp, 0xFFFF)]
        for i in np.flatnonzero(cp > 0xFFFF).tolist():
            ch = joined[i]
            cls[i] = 3 if ch.isdecimal() else 4 if ch.isalnum() else 0
    else:
        cls = table[cp]
    word = cls != 0
    if not word.any():
        return out
    start = word.copy()
    start[1:] &= ~word[:-1]
    # one bit per class (Cyrillic 2, Latin 4, digit or sign 8, other 16), OR-ed over each word
    bits = np.left_shift(np.uint8(1), cls)[word]
    first = np.flatnonzero(start[word])
    m = np.bitwise_or.reduceat(bits, first)
    pick = np.flatnonzero(((m & 6) == 6) | (((m & 8) != 0) & ((m & 22) != 0)))
    if not len(pick):
        return out
    lengths = np.diff(np.append(first, len(bits)))[pick]
    starts = np.flatnonzero(start)[pick]
    offsets = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    which = np.searchsorted(offsets, starts, side="right") - 1
    local = starts - offsets[which]
    for t, s, n in zip(which.tolist(), local.tolist(), lengths.tolist(), strict=True):
        out[t].append((s, s + n))
    return out


def _edits_from_spans(text: str, spans) -> list[tuple[int, int, str]]:
    edits = []
    for s, e in spans:
        word = text[s:e]
        folded = _fold_word(word)
        if folded != word:
            edits.append((s, e, folded))
    return edits


def _may_fold(text: str) -> bool:
    return not text.isascii() or _NOT_PLAIN.search(text) is not None


def _fold_edits(text: str) -> list[tuple[int, int, str]]:
    """The edits of _WORD.sub(_fold_word, text): only words with a digit or sign next to a letter, or with letters
    of both scripts, can change, so only those are looked at. Every edit keeps the length of its word."""
    if not _may_fold(text):
        return []
    if len(text) > 64:  # whole-array scan; short texts: two regular expressions are quicker
        return _edits_from_spans(text, _fold_candidates([text])[0])
    found = set()
    if _NOT_PLAIN.search(text):
        for m in _SIGN_NEAR_LETTER.finditer(text):
            found.add(_word_span(text, m.start(), m.end()))
    if not text.isascii():
        for m in _MIXED.finditer(text):
            found.add(_word_span(text, m.start(), m.end()))
    return _edits_from_spans(text, sorted(found))


def normalize(text: str, placeholders: bool = True) -> str:
    """The text as the classifier sees it: lowercased, folded, entities replaced by placeholders."""
    text = _unify_apostrophes(unicodedata.normalize("NFKC", text or ""))
    if placeholders:
        text = replace_entities(text)
    text = _splice(text, _spaced_edits(text))
    text = _splice(text, _fold_edits(text))
    text = text.lower().replace("ё", "е")
    return " ".join(text.split())


def normalize_many(texts, placeholders: bool = True) -> list[str]:
    """[normalize(t, placeholders) for t in texts], with the scan for words to fold done once for the batch."""
    staged = []
    for text in texts:
        text = _unify_apostrophes(unicodedata.normalize("NFKC", text or ""))
        if placeholders:
            text = replace_entities(text)
        staged.append(_splice(text, _spaced_edits(text)))
    need = [i for i, t in enumerate(staged) if _may_fold(t)]
    for i, spans in zip(need, _fold_candidates([staged[i] for i in need]), strict=True):
        staged[i] = _splice(staged[i], _edits_from_spans(staged[i], spans))
    return [" ".join(t.lower().replace("ё", "е").split()) for t in staged]


# Cyrillic letters (lowercase: applied to normalised text) in the Latin spelling Uzbek writers use, for Uzbek and for
# Russian slang alike (х -> x as in Uzbek Latin "xochesh", ш -> sh, ў -> o'): the character n-grams are counted on
# this spelling, so "клад" and "klad", "тўлов" and "to'lov", "бошки" and "boshki" share their n-grams and what the
# model learns in one script carries to the other. The word features keep the original script.
_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j", "з": "z", "и": "i", "й": "y",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "x", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "ў": "o'", "қ": "q", "ғ": "g'", "ҳ": "h", "і": "i", "ј": "j",
}  # fmt: skip
_TO_LATIN_TABLE = str.maketrans(_TO_LATIN)


def to_latin(norm: str) -> str:
    """A normalised (lowercased) text with its Cyrillic letters spelt in Latin; other characters unchanged."""
    return norm.translate(_TO_LATIN_TABLE)


def to_latin_with_map(norm: str):
    """to_latin(norm) and, for every character of it, the index of the character of `norm` it comes from (a letter
    spelt with two letters gives both the same index; a dropped sign gives none): a string and a numpy array."""
    import numpy as np

    parts = [_TO_LATIN.get(c, c) for c in norm]
    lengths = np.fromiter((len(x) for x in parts), dtype=np.int64, count=len(parts))
    return "".join(parts), np.repeat(np.arange(len(parts), dtype=np.int64), lengths)


def normalize_for_index(text: str) -> str:
    """A folded, stemmed copy for the search index (and for queries on it): like normalize() but keeping entities
    (they are searchable), with every word of four letters or more cut to its Snowball stem (Russian stemmer for
    Cyrillic words, English for Latin ones; Uzbek has no Snowball stemmer, and its words pass through these
    unchanged or cut alike on both sides). `мефедроном` and `мефедрон` then meet."""
    return _STEMMABLE.sub(_stem_match, normalize(text, placeholders=False))


_STEMMABLE = re.compile(r"[^\W\d_]{4,}")


def _stem_match(m: re.Match) -> str:
    return _stem(m.group())


@lru_cache(maxsize=1 << 18)
def _stem(word: str) -> str:
    if word.isascii():
        return _stemmers()[0].stemWord(word)
    if _CYR.search(word) and not _LAT.search(word):
        return _stemmers()[1].stemWord(word)
    return word


@lru_cache(maxsize=1)
def _stemmers():
    import snowballstemmer

    return snowballstemmer.stemmer("english"), snowballstemmer.stemmer("russian")


# ------------------------------------------------------------------------------------------------ offsets


class _Tracked:
    """A string being rewritten, with the span of the original text that each of its characters came from."""

    def __init__(self, text: str, starts: list[int], ends: list[int]):
        self.text, self.starts, self.ends = text, starts, ends

    def apply(self, edits: list[tuple[int, int, str]], whole: bool = False) -> None:
        """Splice the edits in; with whole=True every new character points at the whole replaced span (entity
        placeholders), otherwise characters map one for one or, when some were dropped, to those kept."""
        if not edits:
            return
        text, st, en = self.text, self.starts, self.ends
        out, ns, ne = [], [], []
        pos = 0
        for s, e, repl in edits:
            out.append(text[pos:s])
            ns.extend(st[pos:s])
            ne.extend(en[pos:s])
            seg = text[s:e]
            out.append(repl)
            kept = None
            if not whole and len(repl) == len(seg):  # character for character (folding, lowercasing)
                kept = range(len(seg))
            elif not whole:  # characters dropped (spaced letters joined, spaces collapsed)
                kept = _subsequence(repl, seg)
            if kept is not None:
                ns.extend(st[s + k] for k in kept)
                ne.extend(en[s + k] for k in kept)
            else:  # a placeholder: every character of it points at the whole entity
                lo = st[s] if e > s else (en[s - 1] if s else 0)
                hi = en[e - 1] if e > s else lo
                ns.extend([lo] * len(repl))
                ne.extend([hi] * len(repl))
            pos = e
        out.append(text[pos:])
        ns.extend(st[pos:])
        ne.extend(en[pos:])
        self.text, self.starts, self.ends = "".join(out), ns, ne


def _subsequence(short: str, long: str) -> list[int] | None:
    """Positions in `long` of the characters of `short`, matched greedily, or None if it is not a subsequence."""
    out, j = [], 0
    for ch in short:
        j = long.find(ch, j)
        if j < 0:
            return None
        out.append(j)
        j += 1
    return out


def _nfkc_tracked(text: str) -> _Tracked:
    n = len(text)
    if unicodedata.is_normalized("NFKC", text):
        return _Tracked(text, list(range(n)), list(range(1, n + 1)))
    parts, st, en = [], [], []
    i = 0
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        piece = unicodedata.normalize("NFKC", text[i:j])
        parts.append(piece)
        st.extend([i] * len(piece))
        en.extend([j] * len(piece))
        i = j
    joined = "".join(parts)
    whole = unicodedata.normalize("NFKC", text)
    if joined != whole:  # compositions across clusters (Hangul jamo ...): map proportionally
        m = len(whole)
        st = [min(n - 1, k * n // max(m, 1)) for k in range(m)]
        en = [min(n, s + 1) for s in st]
        joined = whole
    return _Tracked(joined, st, en)


def normalize_with_offsets(text: str, placeholders: bool = True) -> tuple[str, list[int], list[int]]:
    """normalize(text) and, for each of its characters, the start and end of the original text it came from.
    A placeholder's characters all point at the whole entity; joined spaced letters point at each letter."""
    t = _nfkc_tracked(text or "")
    t.text = _unify_apostrophes(t.text)  # one character for one
    if placeholders:
        for name, pattern in _entity_patterns(t.text):
            repl = _placeholder(name)
            found = pattern.finditer(t.text)
            t.apply([(m.start(), m.end(), repl if isinstance(repl, str) else repl(m)) for m in found], whole=True)
    t.apply(_spaced_edits(t.text))
    t.apply(_fold_edits(t.text))
    lowered = t.text.lower()
    if len(lowered) == len(t.text):
        t.text = lowered
    else:  # a few characters lowercase to two (İ -> i̇)
        t.apply([(i, i + 1, ch.lower()) for i, ch in enumerate(t.text) if len(ch.lower()) != 1])
        t.text = t.text.lower()
    t.text = t.text.replace("ё", "е")
    edits = []
    n = len(t.text)
    for m in _SPACE_RUN.finditer(t.text):
        s, e = m.span()
        if s == 0 or e == n:
            edits.append((s, e, ""))
        elif e - s > 1 or m.group(0) != " ":
            edits.append((s, e, " "))
    t.apply(edits)
    return t.text, t.starts, t.ends
