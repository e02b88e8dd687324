"""Template expansion, styles, obfuscation and Uzbek transliteration for the seed-corpus generator.

Template mini-language (used by every fragments_*.py module):

* ``{a|b|c}``   pick one alternative (alternatives may be empty and may nest);
* ``{slot}``    a generated value (see seed_slots.SLOTS): ``{district}``, ``{price}``, ``{handle}`` ...
* ``{slot2}``   a numbered slot: drawn once per document, then repeated wherever ``{slot2}`` appears;
* ``{@pool}``   an item drawn from another fragment pool of the same language (e.g. a news item quoting an ad).

Slots listed in STICKY keep one value for the whole document (one shop, one handle, one city).
"""

from __future__ import annotations

import re
from collections import defaultdict

# --------------------------------------------------------------------------------------------------------------
# Uzbek Latin -> Uzbek Cyrillic
# --------------------------------------------------------------------------------------------------------------

_APOS = "'‘’ʻ`ʼ"
_MAP = {
    "a": "а",
    "b": "б",
    "d": "д",
    "e": "е",
    "f": "ф",
    "g": "г",
    "h": "ҳ",
    "i": "и",
    "j": "ж",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "q": "қ",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "v": "в",
    "x": "х",
    "y": "й",
    "z": "з",
    "c": "с",
    "w": "в",
}
_DIGRAPH = {"sh": "ш", "ch": "ч", "yo": "ё", "yu": "ю", "ya": "я", "ye": "е"}
# loanword stems whose Cyrillic spelling is not the letter-by-letter one
_STEMS = [
    ("kuryer", "курьер"),
    ("obyekt", "объект"),
    ("podyezd", "подъезд"),
    ("rayon", "район"),
    ("mayor", "майор"),
    ("yanvar", "январь"),
    ("fevral", "февраль"),
    ("sentyabr", "сентябрь"),
    ("oktyabr", "октябрь"),
    ("noyabr", "ноябрь"),
    ("dekabr", "декабрь"),
    ("aprel", "апрель"),
    ("iyun", "июнь"),
    ("iyul", "июль"),
    ("retsept", "рецепт"),
    ("tsentr", "центр"),
    ("sirk", "цирк"),
    ("konsert", "концерт"),
    ("litsenziya", "лицензия"),
    ("telefon", "телефон"),
    ("internet", "интернет"),
    ("kompyuter", "компьютер"),
    ("aksiya", "акция"),
    ("lotereya", "лотерея"),
    ("seriya", "серия"),
    ("yevro", "евро"),
    ("mikrorayon", "микрорайон"),
    ("kvartal", "квартал"),
    ("sotsial", "социал"),
    ("spetsial", "специал"),
    ("motsikl", "мотоцикл"),
    ("patsient", "пациент"),
    ("effekt", "эффект"),
    ("oyna", "ойна"),
    ("poyezd", "поезд"),
]
PROTECT = {
    "USDT",
    "BTC",
    "TRC20",
    "TRC-20",
    "ERC20",
    "USD",
    "VHQ",
    "HQ",
    "QR",
    "Click",
    "Payme",
    "Paynet",
    "Uzum",
    "HUMO",
    "Humo",
    "Uzcard",
    "UZCARD",
    "Visa",
    "Mastercard",
    "UNODC",
    "PVP",
    "a-PVP",
    "GPS",
    "Google",
    "Maps",
    "Yandex",
    "WhatsApp",
    "PDF",
    "SMS",
    "LSD",
    "MDMA",
    "PGP",
    "XMR",
    "ETH",
    "TON",
    "P2P",
    "VPN",
    "UZS",
    "iPhone",
    "Samsung",
    "Xiaomi",
    "Android",
    "USB",
    "WiFi",
    "Wi-Fi",
    "HR",
    "CV",
    "JWH",
    "WHO",
    "Binance",
}
_PROTECT_UP = {w.upper() for w in PROTECT}
_PROTECT_TOKEN = re.compile(r"[@/_\d]|\w\.\w|^#")
_WORD_NUM = re.compile(r"^([A-Za-z'‘’ʻ`ʼ]{3,})(-\d+)([a-z]*)$")
_NUM_SUFFIX = re.compile(r"^([\d.,]+-)([A-Za-z'‘’ʻ`ʼ]+)$")


def _conv_word(w: str) -> str:
    out = []
    lw = w.lower()
    i = 0
    for stem, cyr in _STEMS:
        if lw.startswith(stem):
            seg = cyr
            if w[: len(stem)].isupper() and len(stem) > 1:
                seg = seg.upper()
            elif w[0].isupper():
                seg = seg[0].upper() + seg[1:]
            out.append(seg)
            i = len(stem)
            break
    n = len(w)
    while i < n:
        ch, lc = w[i], lw[i]
        nxt = lw[i + 1] if i + 1 < n else ""
        nxt2 = lw[i + 2] if i + 2 < n else ""
        up = ch.isupper()
        if lw.startswith("tsiya", i) or lw.startswith("tsion", i):
            seg, step = ("ция" if lw.startswith("tsiya", i) else "цион"), 5
        elif lc in "og" and nxt and nxt in _APOS:
            seg, step = ("ў" if lc == "o" else "ғ"), 2
        elif lc == "y" and nxt == "o" and nxt2 and nxt2 in _APOS:
            seg, step = "й", 1
        elif lc + nxt in _DIGRAPH:
            seg, step = _DIGRAPH[lc + nxt], 2
            if lc + nxt == "ye" and (i == 0 or not lw[i - 1].isalpha()):
                seg = "е"
        elif lc == "e" and (i == 0 or not lw[i - 1].isalpha()):
            seg, step = "э", 1
        elif lc in _APOS:
            prev_alpha = i > 0 and lw[i - 1].isalpha()
            next_alpha = bool(nxt) and nxt.isalpha()
            seg, step = ("ъ" if prev_alpha and next_alpha else ch), 1
            up = False
        elif lc in _MAP:
            seg, step = _MAP[lc], 1
        else:
            seg, step = ch, 1
        if up:
            seg = seg.upper() if (w.isupper() and len(w) > 1) else seg[:1].upper() + seg[1:]
        out.append(seg)
        i += step
    return "".join(out)


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'‘’ʻ`ʼ]*")
_TOKEN = re.compile(r"\S+")


def to_cyrillic(text: str) -> str:
    """Transliterate Uzbek Latin to Uzbek Cyrillic, leaving handles, links, numbers and brand tokens intact."""

    def token(m: re.Match) -> str:
        t = m.group(0)
        core = t.strip(".,:;!?()«»\"'“”-–—*")
        m = _NUM_SUFFIX.match(core)
        if m:  # "5-mart", "2025-yil", "273-modda"
            return t.replace(core, m.group(1) + _conv_word(m.group(2)))
        m = _WORD_NUM.match(core)
        if m:  # "Chilonzor-9", "Yunusobod-19da"
            tail = _conv_word(m.group(3)) if m.group(3) else ""
            return t.replace(core, _conv_word(m.group(1)) + m.group(2) + tail)
        if core.upper() in _PROTECT_UP or _PROTECT_TOKEN.search(core):
            return t
        return _LATIN_WORD.sub(lambda w: w.group(0) if w.group(0).upper() in _PROTECT_UP else _conv_word(w.group(0)), t)

    return _TOKEN.sub(token, text)


def uz_apostrophes(text: str, style: str) -> str:
    """Render the o' g' and glottal-stop apostrophes of Uzbek Latin in one of the styles seen online."""
    if style == "'":
        return text
    if style == "none":
        text = re.sub(r"([oOgG])'", r"\1", text)
        return re.sub(r"(?<=[a-z])'(?=[a-z])", "", text)
    if style == "mixed":
        return re.sub(r"([oOgG])'", r"\1‘", text)
    okina = {"‘": "‘", "ʻ": "ʻ", "`": "`", "’": "’"}[style]
    text = re.sub(r"([oOgG])'", lambda m: m.group(1) + okina, text)
    return re.sub(r"(?<=[a-zA-Z])'(?=[a-zA-Z])", "ʼ" if style == "ʻ" else okina, text)


# --------------------------------------------------------------------------------------------------------------
# Obfuscation
# --------------------------------------------------------------------------------------------------------------

CYR2LAT = {
    "а": "a",
    "е": "e",
    "о": "o",
    "р": "p",
    "с": "c",
    "х": "x",
    "у": "y",
    "к": "k",
    "м": "m",
    "т": "t",
    "в": "B",
    "н": "H",
    "А": "A",
    "Е": "E",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Х": "X",
    "К": "K",
    "М": "M",
    "Т": "T",
    "В": "B",
    "Н": "H",
}
LAT2CYR = {
    "a": "а",
    "e": "е",
    "o": "о",
    "p": "р",
    "c": "с",
    "x": "х",
    "y": "у",
    "i": "і",
    "s": "ѕ",
    "k": "к",
    "A": "А",
    "E": "Е",
    "O": "О",
    "P": "Р",
    "C": "С",
    "X": "Х",
    "K": "К",
    "M": "М",
    "T": "Т",
    "H": "Н",
}
LEET = {
    "a": ["4", "@"],
    "e": ["3"],
    "o": ["0"],
    "i": ["1", "!"],
    "s": ["5", "$"],
    "t": ["7"],
    "l": ["1"],
    "g": ["9"],
    "b": ["6"],
    "а": ["@", "4"],
    "е": ["3", "e"],
    "о": ["0"],
    "и": ["u"],
    "з": ["3"],
    "ч": ["4"],
    "б": ["6"],
    "т": ["7"],
    "в": ["8"],
    "ш": ["w", "III"],
    "к": ["k"],
    "ф": ["qp", "ф"],
}


def homoglyph(word: str, rng) -> str:
    chars = list(word)
    idx = [i for i, c in enumerate(chars) if c in CYR2LAT or c in LAT2CYR]
    if not idx:
        return word
    for i in rng.sample(idx, k=min(len(idx), rng.choice([1, 1, 2, 3]))):
        c = chars[i]
        chars[i] = CYR2LAT.get(c) or LAT2CYR.get(c, c)
    return "".join(chars)


def leet(word: str, rng) -> str:
    chars = list(word)
    idx = [i for i, c in enumerate(chars) if c.lower() in LEET]
    if not idx:
        return word
    for i in rng.sample(idx, k=min(len(idx), rng.choice([1, 1, 2]))):
        chars[i] = rng.choice(LEET[chars[i].lower()])
    return "".join(chars)


def spaced(word: str, rng) -> str:
    if len(word) > 9 or " " in word:
        return word
    sep = rng.choice([" ", ".", "-", "*", "_", "•", " . "])
    out = sep.join(word)
    return out + sep.strip() if sep in (".",) and rng.random() < 0.5 else out


def obfuscate(word: str, rng) -> str:
    """One of the obfuscations seen in shop posts (look-alike letters, leetspeak, spaced letters)."""
    how = rng.choice(["homo", "homo", "leet", "leet", "spaced", "mixed"])
    if how == "homo":
        return homoglyph(word, rng)
    if how == "leet":
        return leet(word, rng)
    if how == "spaced":
        return spaced(word, rng)
    return leet(homoglyph(word, rng), rng)


# --------------------------------------------------------------------------------------------------------------
# Template expansion
# --------------------------------------------------------------------------------------------------------------


class Ctx:
    """Per-document state: language, rng, obfuscation level, sticky slot values."""

    def __init__(self, rng, lang: str, kind: str, label: int, obf: float, pools: dict, slots: dict, sticky: set):
        self.rng = rng
        self.lang = lang  # en, ru, uz-latn, uz-cyrl
        self.src = "uz" if lang.startswith("uz") else lang  # language of the fragment pools / lexicon
        self.kind = kind
        self.label = label
        self.obf = obf
        self.pools = pools
        self.slots = slots
        self.sticky_names = sticky
        self.values: dict[str, str] = {}
        self.used: dict[str, set] = defaultdict(set)
        self.data: dict = {}  # scratch space for slot functions (chosen product family, city...)

    def pick(self, seq):
        return self.rng.choice(seq)


def _match_brace(s: str, i: int) -> int:
    depth = 0
    for j in range(i, len(s)):
        if s[j] == "{":
            depth += 1
        elif s[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    raise ValueError(f"unbalanced braces in template: {s!r}")


def _split_top(s: str) -> list[str]:
    parts, depth, cur = [], 0, []
    for ch in s:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


_SLOT = re.compile(r"^([a-z_]+?)(\d*)$")


def expand(tmpl: str, ctx: Ctx) -> list[tuple[str, bool]]:
    """Expand a template into segments (text, is_literal). Literal segments get transliterated for uz-cyrl."""
    segs: list[tuple[str, bool]] = []
    buf: list[str] = []
    i = 0
    while i < len(tmpl):
        ch = tmpl[i]
        if ch != "{":
            buf.append(ch)
            i += 1
            continue
        j = _match_brace(tmpl, i)
        inner = tmpl[i + 1 : j]
        if buf:
            segs.append(("".join(buf), True))
            buf = []
        alts = _split_top(inner)
        if len(alts) > 1:
            segs.extend(expand(ctx.rng.choice(alts), ctx))
        elif inner.startswith("@"):
            segs.extend(expand(draw(ctx, inner[1:], 1)[0], ctx))
        else:
            segs.append(_slot(inner, ctx))
        i = j + 1
    if buf:
        segs.append(("".join(buf), True))
    return segs


def _slot(inner: str, ctx: Ctx) -> tuple[str, bool]:
    m = _SLOT.match(inner)
    if not m or m.group(1) not in ctx.slots:
        raise KeyError(f"unknown slot {{{inner}}}")
    name, num = m.group(1), m.group(2)
    key = name + num
    sticky = bool(num) or name in ctx.sticky_names
    if sticky and key in ctx.values:
        return ctx.values[key]
    fn, translit = ctx.slots[name]
    val = fn(ctx)
    for _ in range(8):
        if val not in ctx.used[name]:
            break
        val = fn(ctx)
    ctx.used[name].add(val)
    seg = (val, translit)
    if sticky:
        ctx.values[key] = seg
    return seg


def render(tmpl: str, ctx: Ctx) -> str:
    segs = expand(tmpl, ctx)
    if ctx.lang == "uz-cyrl":
        return "".join(to_cyrillic(t) if lit else t for t, lit in segs)
    return "".join(t for t, _ in segs)


def draw(ctx: Ctx, key: str, k: int) -> list[str]:
    """Draw k distinct raw templates from pool `key` (without replacement inside one document)."""
    pool = ctx.pools.get(key)
    if not pool:
        raise KeyError(f"pool {key!r} missing for {ctx.src}")
    seen = ctx.used["@" + key]
    fresh = [t for t in pool if t not in seen] or list(pool)
    out = ctx.rng.sample(fresh, k=min(k, len(fresh)))
    while len(out) < k:
        out.append(ctx.rng.choice(pool))
    seen.update(out)
    return out


# --------------------------------------------------------------------------------------------------------------
# Styles (applied to the finished document)
# --------------------------------------------------------------------------------------------------------------

BULLETS = ["• ", "- ", "✅ ", "▪️ ", "🔹 ", "➖ ", "* ", "✔️ ", "🔸 ", "> ", "— ", "⚡ ", "▫️ "]


def typos(text: str, rng, rate: float) -> str:
    words = text.split(" ")
    for i, w in enumerate(words):
        if len(w) > 3 and w.isalpha() and rng.random() < rate:
            j = rng.randrange(1, len(w) - 1)
            op = rng.choice(["swap", "drop", "dup"])
            if op == "swap":
                w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
            elif op == "drop":
                w = w[:j] + w[j + 1 :]
            else:
                w = w[:j] + w[j] + w[j:]
            words[i] = w
    return " ".join(words)


def bulletize(lines: list[str], rng) -> list[str]:
    how = rng.random()
    if how < 0.2:
        return [f"{n}. {ln}" if ln.strip() else ln for n, ln in enumerate(lines, 1)]
    b = rng.choice(BULLETS)
    return [b + ln if ln.strip() else ln for ln in lines]


def sprinkle_emoji(lines: list[str], rng, pool: list[str], rate: float) -> list[str]:
    out = []
    for ln in lines:
        if ln.strip() and rng.random() < rate:
            e = rng.choice(pool)
            ln = (e + " " + ln) if rng.random() < 0.6 else (ln.rstrip() + " " + e)
        out.append(ln)
    return out


def strip_final_punct(text: str) -> str:
    return re.sub(r"(?<=[^\s.])\.(?=\s*(\n|$))", "", text)


_KEEP_CASE = re.compile(r"\S*(?:@|://|\.onion|t\.me/|\.(?:com|uz|org|cc|ph)/)\S*|\b(?:bc1|T)[A-Za-z0-9]{25,}\b")


def upper_keep(text: str, lower: bool = False) -> str:
    """Upper-case (or lower-case) text but leave handles, links and wallet addresses as written."""
    out, last = [], 0
    for m in _KEEP_CASE.finditer(text):
        seg = text[last : m.start()]
        out.append(seg.lower() if lower else seg.upper())
        out.append(m.group(0))
        last = m.end()
    out.append(text[last:].lower() if lower else text[last:].upper())
    return "".join(out)


def shout(text: str) -> str:
    return re.sub(r"!+", lambda m: "!" * (len(m.group(0)) + 2), upper_keep(text))
