"""Build the labelled seed corpus ``seed.jsonl`` for the IMT Monitor classifier.

    python classifier/data/build_seed.py [--output PATH] [--seed N] [--stats]

Deterministic: the same seed gives the same file, byte for byte. Documents are composed from hand-written
fragments (fragments_*.py, documents_hand.py) by *frames*: a frame picks pools of fragments in an order, a
separator and a register. Every document records its frame as ``group`` so that grouped cross-validation keeps
a template family on one side of the split. Uzbek frames are written in Latin and rendered in either Latin or
Cyrillic script (one family, one group).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import documents_hand
import fragments_en
import fragments_ru
import fragments_uz
import fragments_uz_cyrl
import listings
import seed_engine as E
from seed_slots import SLOTS, STICKY

SEED = 20250611
DEFAULT_OUTPUT = HERE / "seed.jsonl"

POSITIVE_KINDS = ["sale_ad", "shop_menu", "market_listing", "dead_drop", "recruitment", "forum_offer"]
NEGATIVE_KINDS = ["news", "harm_reduction", "pharmacy", "job", "other_illicit", "other"]
FORMAL_KINDS = {"news", "pharmacy", "harm_reduction"}
LABEL = {**{k: 1 for k in POSITIVE_KINDS}, **{k: 0 for k in NEGATIVE_KINDS}}

POOLS = {
    "en": fragments_en.POOLS,
    "ru": fragments_ru.POOLS,
    "uz": fragments_uz.POOLS,
    "uzc": fragments_uz_cyrl.POOLS,
}

# (frame id, kind, parts, separators). A part is "pool", "pool?" (50 %), "pool?30" (30 %), "pool*2-4" (2 to 4
# distinct items), "pool*2" (exactly 2) or "poolA|poolB" (one of the pools).
FRAMES = [
    (
        "sale-a",
        "sale_ad",
        [
            "sale.open",
            "sale.item*2-4",
            "sale.stock?",
            "sale.area",
            "sale.drop",
            "sale.pay?",
            "sale.contact",
            "sale.close?",
        ],
        ["\n"],
    ),
    ("sale-b", "sale_ad", ["sale.oneliner"], [" "]),
    ("sale-c", "sale_ad", ["sale.subtle", "sale.contact?30"], ["\n", " "]),
    (
        "sale-d",
        "sale_ad",
        ["sale.open", "sale.stock", "sale.trust*1-2", "sale.area?", "sale.contact"],
        [" ", "\n", ". "],
    ),
    (
        "sale-e",
        "sale_ad",
        ["sale.item*1-3", "sale.drop", "sale.pay", "sale.contact", "sale.trust?"],
        [" | ", ", ", "\n", ". "],
    ),
    (
        "sale-f",
        "sale_ad",
        ["sale.open?", "sale.subtle", "sale.drop", "sale.trust?", "sale.close?"],
        ["\n\n", "\n"],
    ),
    ("sale-g", "sale_ad", ["sale.chat*1-3"], [" ", "\n"]),
    (
        "sale-h",
        "sale_ad",
        [
            "sale.open",
            "sale.stock*1-2",
            "sale.item*3-5",
            "sale.area",
            "sale.drop*1-2",
            "sale.pay*1-2",
            "sale.trust*2-3",
            "sale.contact*2-3",
            "sale.close",
        ],
        ["\n\n"],
    ),
    (
        "menu-a",
        "shop_menu",
        ["menu.head", "menu.section", "menu.line*3-6", "menu.note?", "menu.rules?", "menu.foot*1-2"],
        ["\n"],
    ),
    ("menu-b", "shop_menu", ["menu.head", "menu.foot", "menu.line*4-9", "menu.note*1-2"], ["\n"]),
    (
        "menu-c",
        "shop_menu",
        [
            "menu.head",
            "menu.section",
            "menu.line*2-4",
            "menu.section",
            "menu.line*2-4",
            "menu.rules*1-2",
            "menu.foot",
        ],
        ["\n"],
    ),
    ("menu-d", "shop_menu", ["menu.line*2-4", "menu.foot"], [" / ", "; ", "\n"]),
    (
        "mkt-a",
        "market_listing",
        ["mkt.title", "mkt.desc*1-3", "mkt.ship", "mkt.terms*1-2", "mkt.vendor"],
        ["\n", "\n\n"],
    ),
    (
        "mkt-b",
        "market_listing",
        ["mkt.title", "mkt.vendor", "mkt.terms", "mkt.ship", "mkt.review*1-3"],
        ["\n"],
    ),
    ("mkt-c", "market_listing", ["mkt.vendor", "mkt.title", "mkt.desc", "mkt.terms"], [" · ", " | ", "\n"]),
    ("mkt-d", "market_listing", ["mkt.title", "mkt.review*2-4"], ["\n"]),
    (
        "drop-a",
        "dead_drop",
        ["drop.intro", "drop.loc", "drop.place*1-2", "drop.photo", "drop.instr?60", "drop.instr?30"],
        ["\n"],
    ),
    ("drop-b", "dead_drop", ["drop.report*1-4"], ["\n"]),
    ("drop-c", "dead_drop", ["drop.complaint*1-2", "drop.place?"], ["\n", " "]),
    ("drop-d", "dead_drop", ["drop.place", "drop.loc", "drop.photo?"], [" ", "\n", ". "]),
    (
        "rec-a",
        "recruitment",
        ["rec.open", "rec.role", "rec.pay", "rec.req*1-3", "rec.cond?", "rec.contact"],
        ["\n"],
    ),
    ("rec-b", "recruitment", ["rec.lure", "rec.contact"], [" ", "\n"]),
    (
        "rec-c",
        "recruitment",
        ["rec.open", "rec.role*2-3", "rec.pay*1-2", "rec.cond*1-2", "rec.req?", "rec.contact", "rec.lure?"],
        ["\n"],
    ),
    ("rec-d", "recruitment", ["rec.lure", "rec.role", "rec.pay", "rec.cond?", "rec.contact"], [" ", ". "]),
    (
        "rec-e",
        "recruitment",
        ["rec.open", "rec.lure", "rec.role*2-4", "rec.pay*2", "rec.req*2-4", "rec.cond*2-3", "rec.contact"],
        ["\n\n"],
    ),
    (
        "forum-a",
        "forum_offer",
        ["forum.title", "forum.open", "forum.body*2-3", "forum.close"],
        ["\n\n", "\n"],
    ),
    ("forum-b", "forum_offer", ["forum.title", "forum.reply*2-4"], ["\n"]),
    ("forum-c", "forum_offer", ["forum.open", "forum.body", "forum.close"], [" ", "\n"]),
    ("forum-d", "forum_offer", ["forum.title", "forum.body*1-2", "forum.reply*1-2"], ["\n"]),
    (
        "news-a",
        "news",
        ["news.head", "news.lede", "news.detail*1-3", "news.quote?", "news.legal?", "news.close?"],
        ["\n\n"],
    ),
    ("news-b", "news", ["news.head", "news.lede"], ["\n", "\n\n"]),
    (
        "news-c",
        "news",
        ["news.head", "news.lede", "news.adquote", "news.detail*1-2", "news.agency"],
        ["\n\n"],
    ),
    ("news-d", "news", ["news.stat*2-3", "news.agency", "news.quote?"], ["\n\n", " "]),
    ("news-e", "news", ["news.lede", "news.detail?"], [" "]),
    ("news-f", "news", ["news.head", "news.quote", "news.legal", "news.agency?"], ["\n\n"]),
    (
        "news-g",
        "news",
        [
            "news.head",
            "news.lede",
            "news.detail*3-5",
            "news.adquote",
            "news.quote",
            "news.agency",
            "news.legal",
            "news.close",
        ],
        ["\n\n"],
    ),
    ("hr-a", "harm_reduction", ["hr.open", "hr.service*2-4", "hr.contact*1-2", "hr.close?"], ["\n"]),
    ("hr-b", "harm_reduction", ["hr.story*3-6"], [" ", "\n\n"]),
    ("hr-c", "harm_reduction", ["hr.open?", "hr.info*2-3", "hr.contact"], ["\n\n", "\n"]),
    ("hr-d", "harm_reduction", ["hr.parent_head", "hr.parent*3-5", "hr.contact"], ["\n"]),
    ("hr-e", "harm_reduction", ["hr.open", "hr.contact"], [" ", "\n"]),
    (
        "hr-f",
        "harm_reduction",
        ["hr.open", "hr.info*2-3", "hr.service*2-3", "hr.story*2-3", "hr.contact*2", "hr.close"],
        ["\n\n"],
    ),
    ("ph-a", "pharmacy", ["ph.head", "ph.item*3-6", "ph.rx", "ph.delivery?", "ph.contact"], ["\n"]),
    ("ph-b", "pharmacy", ["ph.head", "ph.leaflet*3-6", "ph.warn*1-2"], ["\n"]),
    ("ph-c", "pharmacy", ["ph.item", "ph.rx"], [" ", "\n"]),
    ("ph-d", "pharmacy", ["ph.qa*1-2", "ph.rx?"], ["\n\n"]),
    ("job-a", "job", ["job.open", "job.role", "job.pay", "job.req*1-3", "job.cond?", "job.contact"], ["\n"]),
    ("job-b", "job", ["job.open", "job.contact"], [" ", "\n"]),
    ("job-c", "job", ["job.role", "job.pay", "job.cond", "job.contact"], [" ", ". "]),
    ("job-d", "job", ["job.open", "job.pay", "job.req*2-4", "job.cond*1-2", "job.contact"], ["\n"]),
    (
        "job-e",
        "job",
        ["job.open", "job.role*2", "job.pay*2", "job.req*3-4", "job.cond*2-3", "job.contact*2"],
        ["\n\n"],
    ),
    ("oi-a", "other_illicit", ["oi.docs*1-3", "oi.contact"], ["\n"]),
    ("oi-b", "other_illicit", ["oi.card*1-3", "oi.contact", "oi.trust?"], ["\n", " "]),
    ("oi-c", "other_illicit", ["oi.weapon*1-2", "oi.contact"], ["\n", " "]),
    ("oi-d", "other_illicit", ["oi.acc*1-3", "oi.contact", "oi.trust?"], ["\n"]),
    ("oth-a", "other", ["oth.goods", "oth.goods_detail*1-3"], ["\n", " ", ". "]),
    ("oth-b", "other", ["oth.chat*1-2"], [" ", "\n"]),
    ("oth-c", "other", ["oth.recipe_head", "oth.recipe*3-5"], ["\n"]),
    ("oth-d", "other", ["oth.tech*1-2"], [" ", "\n"]),
    ("oth-e", "other", ["oth.sport*1-2"], [" ", "\n"]),
]

# documents per kind (all languages), before the native-Cyrillic and whole hand-written documents are added
TARGET = {
    "sale_ad": 420,
    "shop_menu": 290,
    "market_listing": 230,
    "dead_drop": 250,
    "recruitment": 300,
    "forum_offer": 210,
    "news": 600,
    "harm_reduction": 400,
    "pharmacy": 320,
    "job": 360,
    "other_illicit": 250,
    "other": 560,
}
LANG_SHARE = {"en": 0.25, "ru": 0.31, "uz": 0.44}
P_CYRILLIC = 0.42  # share of Uzbek-frame documents rendered in Cyrillic

# register profiles: probability of each style per kind
POS_STYLE = {
    "bullets": 0.25,
    "emoji": 0.35,
    "caps_first": 0.25,
    "shout": 0.04,
    "lower": 0.10,
    "typos": 0.22,
    "nopunct": 0.35,
}
STYLE = {
    **{k: POS_STYLE for k in POSITIVE_KINDS},
    "market_listing": dict(POS_STYLE, emoji=0.15, bullets=0.2, lower=0.05),
    "news": {
        "bullets": 0.0,
        "emoji": 0.02,
        "caps_first": 0.05,
        "shout": 0.0,
        "lower": 0.0,
        "typos": 0.03,
        "nopunct": 0.0,
    },
    "harm_reduction": {
        "bullets": 0.25,
        "emoji": 0.10,
        "caps_first": 0.10,
        "shout": 0.0,
        "lower": 0.03,
        "typos": 0.06,
        "nopunct": 0.1,
    },
    "pharmacy": {
        "bullets": 0.20,
        "emoji": 0.05,
        "caps_first": 0.15,
        "shout": 0.0,
        "lower": 0.0,
        "typos": 0.03,
        "nopunct": 0.1,
    },
    "job": {
        "bullets": 0.30,
        "emoji": 0.30,
        "caps_first": 0.25,
        "shout": 0.03,
        "lower": 0.06,
        "typos": 0.15,
        "nopunct": 0.3,
    },
    "other_illicit": dict(POS_STYLE),
    "other": {
        "bullets": 0.10,
        "emoji": 0.25,
        "caps_first": 0.10,
        "shout": 0.02,
        "lower": 0.15,
        "typos": 0.20,
        "nopunct": 0.35,
    },
}
EMOJI_POS = [
    "🔥",
    "❄️",
    "💎",
    "🍁",
    "🔌",
    "🚀",
    "💊",
    "✅",
    "⚡",
    "🌿",
    "🍪",
    "💯",
    "🤫",
    "👌",
    "🟢",
    "📦",
    "😈",
    "🐇",
    "💸",
    "📍",
]
EMOJI_NEG = [
    "🔥",
    "✅",
    "📢",
    "⚡",
    "❗",
    "📌",
    "👍",
    "🙂",
    "💯",
    "❄️",
    "🌿",
    "💎",
    "🎁",
    "📦",
    "🚀",
    "⭐",
    "💊",
    "📍",
    "💸",
    "☎️",
]
KEYWORDS = {  # stems that shops obfuscate most often
    "ru": [
        "клад",
        "заклад",
        "магнит",
        "прикоп",
        "меф",
        "шишк",
        "гаш",
        "товар",
        "оплат",
        "курьер",
        "кладмен",
        "соль",
        "фен",
        "ск",
    ],
    "en": ["drop", "stash", "weed", "plug", "meph", "coke", "menu", "pills", "courier", "dead"],
    "uz": [
        "zaklad",
        "klad",
        "mef",
        "tovar",
        "kuryer",
        "magnit",
        "prikop",
        "gashish",
        "nasha",
        "shishki",
        "закла",
    ],
}
_PART = re.compile(r"^(?P<keys>[\w.|]+?)(?:\*(?P<lo>\d+)(?:-(?P<hi>\d+))?)?(?:\?(?P<p>\d*))?$")


def parse_part(spec: str):
    m = _PART.match(spec)
    if not m:
        raise ValueError(spec)
    lo = int(m.group("lo") or 1)
    hi = int(m.group("hi") or lo)
    p = 1.0 if m.group("p") is None else (int(m.group("p")) / 100 if m.group("p") else 0.5)
    return m.group("keys").split("|"), lo, hi, p


def obf_level(rng, label: int, kind: str) -> float:
    if label == 1:
        return rng.choices([0.0, 0.35, 0.8], weights=[45, 35, 20])[0]
    if kind == "news":
        return rng.choice([0.0, 0.0, 0.4])  # news quoting an ad keeps the ad's spelling
    if kind == "other_illicit":
        return rng.choice([0.0, 0.3])
    return 0.0


def obf_words(text: str, rng, src: str, level: float, only_keywords: bool) -> str:
    stems = KEYWORDS[src]

    def word(m):
        w = m.group(0)
        lw = w.lower()
        hit = any(lw.startswith(s) for s in stems)
        if hit and rng.random() < 0.45 * level:
            return E.obfuscate(w, rng)
        if not only_keywords and not hit and len(w) > 4 and rng.random() < 0.04 * max(level, 0.5):
            return E.homoglyph(w, rng)
        return w

    return re.sub(r"[^\W\d_]{2,}", word, text)


def apply_styles(text_blocks: list[list[str]], sep: str, rng, kind: str, label: int) -> str:
    st = STYLE[kind]
    multiline = "\n" in sep
    if multiline:
        lines = [ln for block in text_blocks for ln in block]
        if rng.random() < st["bullets"] and len(lines) > 2:
            head, rest = lines[0], lines[1:]
            lines = [head] + E.bulletize(rest, rng)
        if rng.random() < st["emoji"]:
            lines = E.sprinkle_emoji(lines, rng, EMOJI_POS if label else EMOJI_NEG, rng.uniform(0.2, 0.7))
        if rng.random() < st["caps_first"]:
            lines[0] = E.upper_keep(lines[0])
        text = sep.join(lines)
    else:
        pieces = []
        for block in text_blocks:
            if all(b.rstrip()[-1:] in ".!?»…" for b in block):
                inner = " "
            else:
                inner = rng.choice([", ", "; ", " ", " / "]) if sep.strip() else ", "
            pieces.append(inner.join(block))
        if rng.random() < st["emoji"]:
            pieces = E.sprinkle_emoji(pieces, rng, EMOJI_POS if label else EMOJI_NEG, rng.uniform(0.2, 0.5))
        text = sep.join(pieces)
        if rng.random() < st["caps_first"] * 0.5:
            cut = text.find(" ", 12)
            text = (E.upper_keep(text[:cut]) + text[cut:]) if cut > 0 else E.upper_keep(text)
    r = rng.random()
    if r < st["shout"]:
        text = E.shout(text)
    elif r < st["shout"] + st["lower"]:
        text = E.upper_keep(text, lower=True)
    if rng.random() < st["typos"]:
        text = E.typos(text, rng, rng.uniform(0.02, 0.08))
    if rng.random() < st["nopunct"]:
        text = E.strip_final_punct(text)
    return text


def compose(frame, src: str, rng) -> tuple[str, str]:
    _fid, kind, parts, seps = frame[:4]
    label = LABEL[kind]
    if src == "uz":
        lang = "uz-cyrl" if rng.random() < P_CYRILLIC else "uz-latn"
    elif src == "uzc":
        lang = "uz-cyrl"
    else:
        lang = src
    pools = POOLS[src]
    ctx = E.Ctx(rng, lang, kind, label, obf_level(rng, label, kind), pools, SLOTS, STICKY)
    if src == "uzc":
        ctx.src = "uz"  # slot values come from the Uzbek lexicon (transliterated)
    blocks = []
    for spec in parts:
        keys, lo, hi, p = parse_part(spec)
        if rng.random() >= p:
            continue
        key = rng.choice(keys)
        k = rng.randint(lo, hi)
        lines = [E.render(t, ctx).strip() for t in E.draw(ctx, key, k)]
        if kind in FORMAL_KINDS:
            lines = [ln[:1].upper() + ln[1:] for ln in lines]
        blocks.append(lines)
    blocks = [[ln for ln in b if ln] for b in blocks if any(b)]
    text = apply_styles(blocks, rng.choice(seps), rng, kind, label)
    if ctx.obf > 0:
        text = obf_words(text, rng, ctx.src, ctx.obf, only_keywords=True)
    elif label == 0 and kind in ("other", "job", "other_illicit") and rng.random() < 0.05:
        text = obf_words(text, rng, ctx.src, 0.5, only_keywords=False)  # spam-style look-alike letters
    if lang == "uz-latn":
        formal = kind in ("news", "pharmacy", "harm_reduction")
        styles = ["'", "ʻ", "‘", "’"] if formal else ["'", "'", "‘", "`", "none", "ʻ", "’", "none"]
        text = E.uz_apostrophes(text, rng.choice(styles))
    return re.sub(r"[ \t]+\n", "\n", re.sub(r"[ \t]{2,}", " ", text)).strip(), lang


def plan(rng) -> list[tuple]:
    """(frame, src, count) for every frame family."""
    jobs = []
    by_kind = Counter(f[1] for f in FRAMES)
    for frame in FRAMES:
        kind = frame[1]
        for src, share in LANG_SHARE.items():
            n = round(TARGET[kind] * share / by_kind[kind])
            jobs.append((frame, src, max(n, 6)))
    for frame in fragments_uz_cyrl.FRAMES:
        jobs.append((frame, "uzc", frame[4]))
    return jobs


def build(seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    docs: list[dict] = []
    seen: set[str] = set()
    prefixes: Counter = Counter()

    def accept(text, **meta) -> bool:
        if text in seen or len(text) < 8:
            return False
        seen.add(text)
        prefixes[text[:30]] += 1
        docs.append(dict(text=text, **meta))
        return True

    for frame, src, count in plan(rng):
        group = f"{'uz' if src == 'uzc' else src}-{frame[0]}" if src != "uzc" else f"uzc-{frame[0]}"
        made = 0
        tries = 0
        while made < count and tries < count * 40:
            tries += 1
            text, lang = compose(frame, src, rng)
            if text in seen or (prefixes[text[:30]] >= 1 and tries < count * 30):
                continue
            if accept(text, label=LABEL[frame[1]], kind=frame[1], lang=lang, group=group):
                made += 1
    for d in documents_hand.documents(rng, POOLS, LABEL):
        accept(d["text"], label=LABEL[d["kind"]], kind=d["kind"], lang=d["lang"], group=d["group"])
    rng.shuffle(docs)
    out = []
    for i, d in enumerate(docs, 1):
        out.append(
            {
                "id": f"seed-{i:05d}",
                "text": d["text"],
                "label": d["label"],
                "kind": d["kind"],
                "lang": d["lang"],
                "group": d["group"],
            }
        )
    # short market listings and look-alike listings of other goods (listings.py), appended after the documents above
    for d in listings.documents(seed):
        if d["text"] not in seen:
            seen.add(d["text"])
            out.append({"id": f"seed-{len(out) + 1:05d}", **{k: d[k] for k in ("text", "label", "kind", "lang", "group")}})
    return out


def write(docs: list[dict], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)


def stats(docs: list[dict]) -> str:
    n = len(docs)
    lines = [f"documents: {n}", f"groups: {len({d['group'] for d in docs})}"]
    lab = Counter(d["label"] for d in docs)
    lines.append("label: " + ", ".join(f"{k}={v} ({v / n:.1%})" for k, v in sorted(lab.items())))
    lines.append(
        "lang: " + ", ".join(f"{k}={v} ({v / n:.1%})" for k, v in sorted(Counter(d["lang"] for d in docs).items()))
    )
    lines.append("kind: " + ", ".join(f"{k}={v}" for k, v in sorted(Counter(d["kind"] for d in docs).items())))
    pre = Counter(d["text"][:30] for d in docs)
    shared = sum(1 for d in docs if pre[d["text"][:30]] > 1)
    lines.append(f"shared 30-char prefixes: {shared / n:.1%}")
    lens = sorted(len(d["text"]) for d in docs)
    lines.append(f"length: min {lens[0]}, median {lens[n // 2]}, p95 {lens[int(n * 0.95)]}, max {lens[-1]}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the JSON lines")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--stats", action="store_true", help="print corpus statistics")
    args = ap.parse_args(argv)
    docs = build(args.seed)
    write(docs, args.output)
    if args.stats:
        print(stats(docs))
    else:
        print(f"wrote {len(docs)} documents to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
