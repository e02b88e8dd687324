"""Text normalisation before features: NFKC, look-alike folding, leetspeak, spacers, apostrophes, placeholders.

All functions are pure (str -> str) so the crawler, the indexer and the query side can share them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Uzbek apostrophe variants (o‘ oʻ o` g’ ...) all become a plain ASCII apostrophe
_APOSTROPHES = dict.fromkeys(map(ord, "‘’ʻʼ`´ʹ′"), "'")

# Latin letters that look like Cyrillic ones, folded into Cyrillic inside mostly-Cyrillic words, and back
_LAT_TO_CYR = str.maketrans("aceopxyABCEHKMOPTXk", "асеорхуАВСЕНКМОРТХк")
_CYR_TO_LAT = str.maketrans("асеорхуіјѕАВСЕНКМОРТХ", "aceopxyijsABCEHKMOPTX")

# leetspeak digits and signs, mapped only inside words that also contain letters
_LEET_LAT = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_LEET_CYR = str.maketrans({"0": "о", "3": "з", "4": "ч", "6": "б", "@": "а"})

_CYR = re.compile(r"[а-яёўқғҳ]", re.I)
_LAT = re.compile(r"[a-z]", re.I)
# letters with no look-alike in the other script decide which script a mixed word is written in
_CYR_ONLY = re.compile(r"[бгдёжзилпфцчшщъыьэюяўқғҳ]", re.I)
_LAT_ONLY = re.compile(r"[bdfghijlnqrstuvwz]", re.I)

PLACEHOLDERS = {
    "ONION": re.compile(r"\b[a-z2-7]{16}(?:[a-z2-7]{40})?\.onion\b", re.I),
    "WALLET": re.compile(r"\b(?:bc1[a-z0-9]{25,60}|[13][a-km-zA-HJ-NP-Z1-9]{25,34}|T[1-9A-HJ-NP-Za-km-z]{33})\b"),
    "BOT": re.compile(r"@[a-z0-9_]{3,32}bot\b", re.I),
    "TG_HANDLE": re.compile(r"(?:@|t\.me/)[a-z][a-z0-9_]{3,31}\b", re.I),
    "PHONE": re.compile(r"(?:\+|\b)(?:998|7|996|992)?[\s\-(]*\d{2}[\s\-)]*\d{3}[\s\-]*\d{2}[\s\-]*\d{2}\b"),
    "PRICE": re.compile(
        r"\b\d[\d\s.,]*\s?(?:so'?m|сўм|сум|uzs|ming|минг|mln|млн|usdt|usd|btc|\$|руб)\b|\$\s?\d[\d.,]*", re.I
    ),
    "QTY": re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:g|gr|гр|г|kg|кг|ml|мл|mg|мг|шт|pcs|dona)\b", re.I),
}

# a word whose letters are separated by dots, dashes, spaces or underscores: м.е.ф, m e f, m-e-f
_SPACED = re.compile(r"(?<!\w)(?:\w[.\-_*\s]){2,}\w(?!\w)")
_WORD = re.compile(r"[\w@$]+", re.UNICODE)


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


def replace_entities(text: str) -> str:
    for name, pattern in PLACEHOLDERS.items():
        text = pattern.sub(f" ent{name.lower()} ", text)
    return text


def normalize(text: str, placeholders: bool = True) -> str:
    """The text as the classifier sees it: lowercased, folded, entities replaced by placeholders."""
    text = unicodedata.normalize("NFKC", text or "").translate(_APOSTROPHES)
    if placeholders:
        text = replace_entities(text)
    text = _SPACED.sub(_join_spaced, text)
    text = _WORD.sub(lambda m: _fold_word(m.group(0)), text)
    text = text.lower().replace("ё", "е")
    return re.sub(r"\s+", " ", text).strip()


def normalize_for_index(text: str) -> str:
    """A folded copy for the search index: like normalize() but keeping entities (they are searchable)."""
    return normalize(text, placeholders=False)
