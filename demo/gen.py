"""Tiny template grammar used to compose the synthetic texts.

Template syntax (hand-written fragments in the ``text_*`` modules):

* ``{slot}`` or ``{slot:arg}``: a value from the slot registry in
  :mod:`demo.vocab` (a drug name, a district, a phone, a price ...), rendered in
  the language of the document being written.
* ``[a|b|c]``: one alternative chosen at random (alternatives may nest).
* ``[?text]``: ``text`` or nothing, with even odds.
* ``\\x``: a literal ``x`` (for ``[ ] | { }``).

A :class:`Pool` holds fragments per language group: ``en``, ``ru``, ``uz``
(Uzbek Latin) and ``cy`` (extra Uzbek Cyrillic fragments).  The Uzbek Cyrillic
pool is the transliterated Latin pool plus the ``cy`` extras, so every fragment
written in Uzbek Latin exists in both scripts.

Everything is driven by a ``random.Random`` seeded from the document identity,
so the same document always comes out the same.
"""

from __future__ import annotations

import random
import re
from functools import cache

from . import translit
from .rand import weighted
from .vocab import SLOTS, STICKY, ru_inflect

LANGS = ("en", "ru", "uz-latn", "uz-cyrl")


# --------------------------------------------------------------------------
# grammar


@cache
def parse(template: str):
    pos = 0
    n = len(template)

    def seq(stops):
        nonlocal pos
        out = []
        buf = []

        def flush():
            if buf:
                out.append("".join(buf))
                buf.clear()

        while pos < n:
            c = template[pos]
            if c == "\\" and pos + 1 < n:
                buf.append(template[pos + 1])
                pos += 2
                continue
            if c in stops:
                break
            if c == "{":
                j = template.index("}", pos)
                flush()
                out.append(("s", template[pos + 1 : j]))
                pos = j + 1
                continue
            if c == "[":
                flush()
                pos += 1
                if pos < n and template[pos] == "?":
                    pos += 1
                    body = seq("]")
                    pos += 1
                    out.append(("o", body))
                    continue
                alts = [seq("|]")]
                while pos < n and template[pos] == "|":
                    pos += 1
                    alts.append(seq("|]"))
                pos += 1
                out.append(("a", tuple(alts)))
                continue
            buf.append(c)
            pos += 1
        flush()
        return tuple(out)

    return seq("")


def _expand(nodes, ctx) -> str:
    parts = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(node)
        elif node[0] == "s":
            parts.append(ctx.slot(node[1]))
        elif node[0] == "a":
            parts.append(_expand(ctx.rng.choice(node[1]), ctx))
        elif ctx.rng.random() < 0.5:
            parts.append(_expand(node[1], ctx))
    return "".join(parts)


_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_PUNCT = re.compile(r" +([,.!?;])")


def tidy(text: str) -> str:
    text = _SPACES.sub(" ", text)
    text = _SPACE_PUNCT.sub(r"\1", text)
    return "\n".join(line.strip() for line in text.split("\n"))


# --------------------------------------------------------------------------
# pools


class Pool:
    """Fragments per language group; ``pool[lang]`` gives a list for a LANG."""

    def __init__(self, en=(), ru=(), uz=(), cy=()):
        self.by_lang = {
            "en": list(en),
            "ru": list(ru),
            "uz-latn": list(uz),
        }
        self._cy_extra = list(cy)
        self._cy = None

    def __getitem__(self, lang):
        if lang == "uz-cyrl":
            if self._cy is None:
                self._cy = [translit.template_to_cyrillic(t) for t in self.by_lang["uz-latn"]]
                self._cy += self._cy_extra
            return self._cy
        return self.by_lang[lang]

    def __len__(self):
        return sum(len(v) for v in self.by_lang.values()) + len(self._cy_extra)

    def __add__(self, other):
        return Pool(
            self.by_lang["en"] + other.by_lang["en"],
            self.by_lang["ru"] + other.by_lang["ru"],
            self.by_lang["uz-latn"] + other.by_lang["uz-latn"],
            self._cy_extra + other._cy_extra,
        )


# --------------------------------------------------------------------------
# context


class Ctx:
    """State for writing one document: language, randomness, sticky values."""

    def __init__(self, rng: random.Random, lang: str, seed=0, **values):
        self.rng = rng
        self.lang = lang
        self.seed = seed
        self.vars = dict(values)
        self.obf = 0.0  # probability that a drug name gets obfuscated
        self.mix = 0.0  # probability of borrowing a fragment from a neighbour language
        self._used = {}  # fragments already used in this document, per pool list

    # fragments -------------------------------------------------------------
    def x(self, template: str) -> str:
        text = tidy(_expand(parse(template), self))
        if self.lang == "ru":
            text = ru_inflect(text)
        return text

    def _lang_for_pick(self, pool: Pool) -> str:
        if self.mix and self.rng.random() < self.mix:
            neighbour = {
                "ru": ("uz-latn", "uz-cyrl"),
                "uz-latn": ("ru",),
                "uz-cyrl": ("ru",),
                "en": ("ru",),
            }[self.lang]
            cand = self.rng.choice(neighbour)
            if pool[cand]:
                return cand
        return self.lang

    def _choose(self, items):
        """A fragment not used yet in this document, if any is left."""
        used = self._used.setdefault(id(items), set())
        n = len(items)
        k = self.rng.randrange(n)
        if k in used and len(used) < n:
            free = [i for i in range(n) if i not in used]
            k = self.rng.choice(free)
        used.add(k)
        return items[k]

    def pick(self, pool: Pool) -> str:
        lang = self._lang_for_pick(pool)
        items = pool[lang]
        if not items:
            items = pool[self.lang] or pool["en"]
        if lang != self.lang:
            saved, self.lang = self.lang, lang
            try:
                return self.x(self._choose(items))
            finally:
                self.lang = saved
        return self.x(self._choose(items))

    def picks(self, pool: Pool, k: int) -> list:
        items = pool[self.lang]
        k = max(0, min(k, len(items)))
        return [self.x(self._choose(items)) for _ in range(k)]

    # slots -----------------------------------------------------------------
    def slot(self, name: str) -> str:
        if name in self.vars:
            return str(self.vars[name])
        base, _, arg = name.partition(":")
        fn = SLOTS.get(base)
        if fn is None:
            raise KeyError(f"unknown slot {{{name}}}")
        value = fn(self, arg)
        if base in STICKY:
            self.vars[name] = value
        return value

    def randint(self, a, b):
        return self.rng.randint(a, b)

    def chance(self, p):
        return self.rng.random() < p


# --------------------------------------------------------------------------
# surface variation


_APOS_STYLES = {
    "ascii": ("'", "'"),
    "official": ("ʻ", "ʼ"),
    "typo": ("‘", "’"),
    "back": ("`", "'"),
}
_UZ_APOS = re.compile(r"(?<=[OoGg])['‘ʻ`’](?=\w)|(?<=\w)['’ʼ](?=\w)")


def apostrophe_style(rng: random.Random) -> str:
    return weighted(rng, {"ascii": 5, "official": 3, "typo": 3, "back": 1, "mixed": 2})


def vary_apostrophes(text: str, rng: random.Random, style: str | None = None) -> str:
    """Uzbek Latin texts use o' o‘ oʻ o` g' g‘ gʻ interchangeably."""
    style = style or apostrophe_style(rng)

    def repl(m):
        s = style
        if s == "mixed":
            s = rng.choice(list(_APOS_STYLES))
        og, glottal = _APOS_STYLES[s]
        prev = m.string[m.start() - 1] if m.start() else ""
        return og if prev in "OoGg" else glottal

    return _UZ_APOS.sub(repl, text)


_ID_LIKE = re.compile(r"[@/\d]|bc1|onion|USDT|BTC", re.IGNORECASE)


def shout(line: str) -> str:
    """Upper-case a line unless it carries identifiers that must keep case."""
    if _ID_LIKE.search(line):
        return line
    return line.upper()


def punctuate(text: str, rng: random.Random, style: str) -> str:
    if style == "bang":
        return re.sub(r"\.(\s|$)", lambda m: "!" * rng.choice((1, 1, 2, 3)) + m.group(1), text)
    if style == "dots":
        return re.sub(r"\.(\s|$)", lambda m: rng.choice(("...", "..", ".")) + m.group(1), text)
    if style == "bare":
        return re.sub(r"[.](\s|$)", r"\1", text)
    if style == "lower":
        return "\n".join(l if _ID_LIKE.search(l) else l.lower() for l in text.split("\n"))
    return text
