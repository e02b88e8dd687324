"""Short market-listing titles and terse product pages for the seed corpus, with look-alike listings of other goods.

    documents(seed) -> list of {text, label, kind, lang, group}

Positives (kind market_listing) are catalogue entries of darknet and Russian-language markets: a title that names a
controlled substance with a weight or dose, a grade, an origin and shipping terms ("7g 92% Peruvian Cocaine - NL>EU
[FE]", "Мефедрон кристалл 2г | Ташкент | моментальный клад"), sometimes followed by a category path, a block of
fields or a few lines of vendor text (stealth, escrow, refund policy, batch notes, dosage advice).

Negatives have the same shapes and decorations (caps, ★, [FE] tags, quantities, prices, "free shipping", escrow and
shipping lines) and differ only by the product: fake documents, carding, accounts, malware, counterfeits, weapons
(other_illicit); e-books, courses, software, films, kitchen and garden goods, accessories (other); and titles of
licensed pharmacies that sell the same medicines by prescription (pharmacy).

Every generator style is one group ("lst-en-title-a", "lst-neg-en-ebook" ...), so grouped cross-validation keeps a
style on one side. Uzbek text is written in Latin and rendered in Cyrillic for the uz-cyrl groups; names between
carets (^Amnesia Haze^) stay in Latin script. Deterministic: the same seed gives the same documents.
"""

from __future__ import annotations

import math
import random
import re
import string

import seed_engine as E
from seed_slots import CITIES, DISTRICTS

SEED_OFFSET = 90_731  # this module draws from its own random stream, so the rest of the corpus is unchanged

# ----------------------------------------------------------------------------------------------------------------
# small template helpers: {a|b|c} alternatives (nested), <name> fill-ins, ^kept in Latin^ for Uzbek Cyrillic
# ----------------------------------------------------------------------------------------------------------------

_ALT = re.compile(r"\{([^{}]*)\}")


def alt(rng, s: str) -> str:
    while True:
        new = _ALT.sub(lambda m: rng.choice(m.group(1).split("|")), s)
        if new == s:
            return new
        s = new


STRAINS = [
    "Amnesia Haze",
    "Gorilla Glue #4",
    "Wedding Cake",
    "Purple Punch",
    "Blue Dream",
    "Sour Diesel",
    "Zkittlez",
    "Runtz",
    "OG Kush",
    "White Widow",
    "Northern Lights",
    "Lemon Haze",
    "Gelato",
    "AK-47",
    "Frosted Papaya",
    "Midnight Sherbet",
    "Velvet Kush",
    "Cherry Nebula",
    "Mango Thunder",
    "Galactic Gas",
    "Crimson Haze",
    "Polar Runtz",
    "Tangerine Storm",
    "Black Orchid OG",
]
PRESSES = [
    "Pink Octopus",
    "Yellow Bitcoin",
    "Orange Tesla",
    "Blue Dolphin",
    "Purple Minion",
    "Grey Helmet",
    "Green Frog King",
    "White Crown",
    "Red Falcon",
    "Gold Pharaoh",
    "Blue Lego",
    "Pink Panda",
    "Black Diamond",
    "Orange Rocket",
]
BLOTTER_ART = [
    "Hofmann Bicycle",
    "Blue Lotus",
    "Cosmic Owl",
    "Tiger Eye",
    "Rainbow Spiral",
    "Golden Buddha",
    "Alice Rabbit",
    "Sacred Geometry",
    "Mandala Sun",
    "Melting Clocks",
]
SHROOMS = ["Golden Teacher", "B+", "Penis Envy", "Albino A+", "Ecuador", "Cambodian", "Treasure Coast", "McKennaii"]
COKE_STAMPS = ["Black Jaguar", "Gold Cobra", "Silver Eagle", "Red Ace", "Blue Diamond", "777", "Scorpion King"]


def fill(rng, s: str) -> str:
    s = alt(rng, s)
    for key, pool in (
        ("<strain>", STRAINS),
        ("<press>", PRESSES),
        ("<art>", BLOTTER_ART),
        ("<shroom>", SHROOMS),
        ("<stamp>", COKE_STAMPS),
    ):
        while key in s:
            s = s.replace(key, rng.choice(pool), 1)
    s = s.replace("<n>", str(rng.choice([5, 10, 15, 20, 25, 50, 100])))
    return re.sub(r"[ \t]{2,}", " ", s).strip()


def uz_render(s: str, cyr: bool) -> str:
    """Uzbek Latin text -> the document's script; ^segments^ stay as written."""
    parts = s.split("^")
    if not cyr:
        return "".join(parts)
    return "".join(p if i % 2 else E.to_cyrillic(p) for i, p in enumerate(parts))


# ----------------------------------------------------------------------------------------------------------------
# quantities and prices (shared by both labels)
# ----------------------------------------------------------------------------------------------------------------

NOUNS = {
    "pill": {
        "en": ["pills", "tabs", "pcs", "tablets"],
        "ru": ["шт", "таб", "табл"],
        "uz": ["dona", "ta", "tabletka"],
        "uzc": ["дона", "та", "таблетка"],
    },
    "caps": {
        "en": ["caps", "capsules", "pcs"],
        "ru": ["капс", "шт"],
        "uz": ["kapsula", "dona"],
        "uzc": ["капсула", "дона"],
    },
    "tab": {
        "en": ["tabs", "hits", "blotters"],
        "ru": ["марок", "марки", "шт"],
        "uz": ["marka", "dona"],
        "uzc": ["марка", "дона"],
    },
    "pc": {
        "en": ["pcs", "pieces", "pc"],
        "ru": ["шт", "шт."],
        "uz": ["dona", "ta"],
        "uzc": ["дона", "та"],
    },
    "patch": {
        "en": ["patches", "pcs"],
        "ru": ["пластырей", "шт"],
        "uz": ["plastir", "dona"],
        "uzc": ["пластир", "дона"],
    },
    "note": {
        "en": ["notes", "bills", "pcs"],
        "ru": ["купюр", "шт"],
        "uz": ["dona", "kupyura"],
        "uzc": ["дона", "купюра"],
    },
    "acc": {
        "en": ["accounts", "accs", "logins"],
        "ru": ["акк", "аккаунтов", "шт"],
        "uz": ["akkaunt", "dona"],
        "uzc": ["аккаунт", "дона"],
    },
    "key": {
        "en": ["keys", "codes", "licences"],
        "ru": ["ключей", "шт"],
        "uz": ["kalit", "dona"],
        "uzc": ["калит", "дона"],
    },
    "round": {
        "en": ["rounds", "pcs"],
        "ru": ["патронов", "шт"],
        "uz": ["dona", "ta"],
        "uzc": ["дона", "та"],
    },
    "pair": {
        "en": ["pairs", "sets"],
        "ru": ["пары", "компл"],
        "uz": ["juft", "komplekt"],
        "uzc": ["жуфт", "комплект"],
    },
}
G_SPECIAL_EN = {
    3.5: ["3.5g", "3.5 g", "an eighth", "1/8 oz"],
    7: ["7g", "7 g", "1/4 oz", "quarter oz"],
    14: ["14g", "half oz", "1/2 oz", "14 gr"],
    28: ["28g", "1oz", "1 OZ", "28 grams"],
    112: ["QP", "112g", "quarter pound", "1/4 lb"],
    448: ["1lb", "1 LB", "1 pound", "448g"],
}


def fmt_grams(rng, q: float, lang: str) -> str:
    if lang == "en" and q in G_SPECIAL_EN and rng.random() < 0.5:
        return rng.choice(G_SPECIAL_EN[q])
    if q >= 1000 and q % 1000 == 0 and rng.random() < 0.8:
        num = f"{q / 1000:g}"
        return num + rng.choice(
            {
                "en": ["kg", " kg", " KG", " kilo"],
                "ru": [" кг", "кг"],
                "uz": [" kg", "kg", " kilo"],
                "uzc": [" кг", "кг", " кило"],
            }[lang]
        )
    num = f"{q:g}"
    if q < 1 and lang != "en" and rng.random() < 0.5:
        num = num.replace(".", ",")
    suf = {
        "en": ["g", "g", " g", "gr", " gr", " grams" if q != 1 else " gram", "G", "GR"],
        "ru": ["г", "гр", " г", " гр", "g", " грамм"],
        "uz": ["g", "gr", " gr", " gramm", " g"],
        "uzc": ["г", "гр", " гр", " грамм"],
    }[lang]
    return num + rng.choice(suf)


RU_FORMS = {  # one, few (2-4), many
    "марок": ("марка", "марки", "марок"),
    "марки": ("марка", "марки", "марок"),
    "купюр": ("купюра", "купюры", "купюр"),
    "аккаунтов": ("аккаунт", "аккаунта", "аккаунтов"),
    "ключей": ("ключ", "ключа", "ключей"),
    "патронов": ("патрон", "патрона", "патронов"),
    "пары": ("пара", "пары", "пар"),
}


def ru_plural(word: str, n: int) -> str:
    if word not in RU_FORMS:
        return word
    one, few, many = RU_FORMS[word]
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def fmt_count(rng, n: int, noun: str, lang: str) -> str:
    word = rng.choice(NOUNS[noun][lang])
    if lang == "ru":
        word = ru_plural(word, n)
    if lang == "en":
        return rng.choice([f"{n}x", f"x{n}", f"{n} {word}", f"{n} {word}", f"{n} {word.upper()}", f"{n}{word}"])
    return rng.choice([f"{n} {word}", f"{n} {word}", f"{n}{word}", f"x{n}"])


def fmt_ml(rng, n: int, lang: str) -> str:
    if n >= 1000 and n % 1000 == 0 and rng.random() < 0.7:
        unit = {"en": ["L", " litre", " L"], "ru": [" л", "л"], "uz": [" l", " litr"], "uzc": [" л", " литр"]}[lang]
        return f"{n // 1000}" + rng.choice(unit)
    unit = {"en": ["ml", " ml", " ML"], "ru": ["мл", " мл"], "uz": ["ml", " ml"], "uzc": ["мл", " мл"]}[lang]
    return f"{n}" + rng.choice(unit)


def quantity(rng, unit: tuple, lang: str) -> tuple[float, str]:
    """unit = (kind, sizes[, noun]); kind is g, count or ml."""
    kind, sizes = unit[0], unit[1]
    q = rng.choice(sizes)
    if kind == "g":
        return q, fmt_grams(rng, q, lang)
    if kind == "ml":
        return q, fmt_ml(rng, q, lang)
    return q, fmt_count(rng, q, unit[2], lang)


SUM_PER_USD = 12_700


def _thousands(n: int, sep: str = " ") -> str:
    return f"{n:,}".replace(",", sep)


def price(rng, usd: float, lang: str) -> str:
    usd = max(usd, 0.5)
    whole = max(1, round(usd)) if usd >= 20 else round(usd, 2)
    w = f"{whole:g}" if isinstance(whole, float) else str(whole)
    btc = f"{usd / 64_000:.5f}".rstrip("0")
    xmr = f"{usd / 155:.3f}".rstrip("0").rstrip(".")
    if lang == "en":
        return rng.choice(
            [
                f"${w}",
                f"${w}",
                f"$ {w}",
                f"{w}$",
                f"${usd:.2f}",
                f"USD {w}",
                f"{w} USD",
                f"€{w}",
                f"{w} EUR",
                f"£{w}",
                f"{btc} BTC",
                f"{xmr} XMR",
            ]
        )
    sums = max(1000, int(round(usd * SUM_PER_USD, -3)))
    k = sums // 1000
    if lang == "ru":
        return rng.choice(
            [f"${w}", f"{w}$", f"{w} USDT", f"{_thousands(sums)} сум", f"{k}к сум", f"{k} тыс. сум", f"{btc} BTC"]
        )
    if lang == "uz":
        return rng.choice(
            [f"${w}", f"{w}$", f"{w} USDT", f"{_thousands(sums)} so'm", f"{k} ming so'm", f"{k} ming", f"{btc} BTC"]
        )
    return rng.choice([f"${w}", f"{w}$", f"{w} USDT", f"{_thousands(sums)} сўм", f"{k} минг сўм", f"{k} минг"])


def unit_usd(rng, fam: dict, q: float) -> float:
    lo, hi = fam["usd"]
    disc = 1.0 if q <= 1 else max(0.45, 1 - 0.07 * math.log2(q))
    return rng.uniform(lo, hi) * q * disc


# ----------------------------------------------------------------------------------------------------------------
# decorations (identical for both labels)
# ----------------------------------------------------------------------------------------------------------------

TAGS = {
    "en": [
        "FE",
        "ESCROW",
        "UK",
        "NL",
        "EU",
        "WW",
        "DE",
        "US",
        "TRACKED",
        "NEW",
        "SALE",
        "BULK",
        "PROMO",
        "INSTANT",
        "FREE SHIPPING",
        "TOP",
        "HOT",
        "-20%",
        "RESTOCK",
        "LIMITED",
        "AUTO",
        "VERIFIED",
        "UK-UK",
        "EU-EU",
    ],
    "ru": ["АКЦИЯ", "НОВИНКА", "ТОП", "ОПТ", "ГАРАНТ", "СКИДКА", "ХИТ", "В НАЛИЧИИ", "-15%", "NEW", "VIP", "TAS"],
    "uz": ["AKSIYA", "YANGI", "TOP", "OPT", "CHEGIRMA", "XIT", "BOR", "-15%", "NEW", "VIP", "KAFOLAT", "TAS"],
    "uzc": ["АКЦИЯ", "ЯНГИ", "ТОП", "ОПТ", "ЧЕГИРМА", "ХИТ", "БОР", "-15%", "NEW", "VIP", "КАФОЛАТ", "TAS"],
}
BRACKETS = ["[{}]", "[{}]", "{{{}}}", "({})", "【{}】", "|{}|"]
WRAPS = [
    ("★ ", " ★"),
    ("★★★ ", ""),
    ("", " ★★★★★"),
    ("🔥 ", " 🔥"),
    ("✅ ", ""),
    ("💎 ", ""),
    ("⚡", "⚡"),
    ("✪ ", " ✪"),
    ("✦ ", ""),
    ("*** ", " ***"),
    (">> ", " <<"),
    ("", " ⭐"),
    ("🚀 ", ""),
    ("📦 ", ""),
    ("~ ", " ~"),
    ("☆ ", " ☆"),
    ("🌟 ", ""),
    ("", " 🔥🔥"),
    ("⭐⭐⭐ ", ""),
    ("♛ ", ""),
]


def tag(rng, lang: str) -> str:
    return rng.choice(BRACKETS).format(rng.choice(TAGS[lang]))


def decorate(rng, t: str, lang: str, strength: float = 1.0) -> str:
    if rng.random() < 0.35 * strength:
        tags = " ".join(tag(rng, lang) for _ in range(rng.choice([1, 1, 2])))
        t = f"{tags} {t}" if rng.random() < 0.6 else f"{t} {tags}"
    if rng.random() < 0.3 * strength:
        a, b = rng.choice(WRAPS)
        t = f"{a}{t}{b}"
    if rng.random() < 0.22 * strength:
        t = E.upper_keep(t)
    elif rng.random() < 0.06 * strength:
        t = E.upper_keep(t, lower=True)
    return t


CRUMB = {
    "en": ["{}", "{}", "Category: {}", "Home > {}", "Listed in {}", "Browse > {}", "{} ({n} listings)"],
    "ru": ["{}", "{}", "Главная > {}", "Каталог > {}", "{} ({n} товаров)"],
    "uz": ["{}", "{}", "Bosh sahifa > {}", "Katalog > {}", "{} ({n} ta tovar)"],
    "uzc": ["{}", "{}", "Бош саҳифа > {}", "Каталог > {}", "{} ({n} та товар)"],
}


def crumb(rng, cat: str, lang: str = "en") -> str:
    parts = [p.strip() for p in cat.split(">")]
    sep = rng.choice([" > ", " » ", " / ", " › ", " > "])
    return rng.choice(CRUMB[lang]).format(sep.join(parts), n=rng.randint(12, 900))


# ----------------------------------------------------------------------------------------------------------------
# English: lines shared by both labels
# ----------------------------------------------------------------------------------------------------------------

FROM_EN = ["Netherlands", "Germany", "UK", "USA", "Canada", "Spain", "Poland", "Belgium", "France", "Australia", "China", "India", "Czech Republic", "EU"]
TO_EN = ["Worldwide", "EU", "UK only", "Europe", "USA", "Worldwide except {US|AU|Scandinavia}", "EU + UK", "Domestic only", "EU, no Nordics"]
SHIP_TAGS_EN = [
    "FE",
    "Escrow",
    "free shipping",
    "FREE SHIPPING",
    "tracked",
    "NL→EU",
    "NL > EU",
    "UK-UK",
    "UK to UK",
    "worldwide",
    "WW",
    "no US",
    "EU only",
    "US-US",
    "DE→EU",
    "next day",
    "express",
    "fast dispatch",
    "stealth",
    "EU→EU",
    "ships WW",
    "domestic",
    "instant delivery",
]
SHIP_TAGS_DIGITAL = ["instant delivery", "auto-dispatch", "email delivery", "FE", "Escrow", "worldwide", "instant", "24/7 auto", "free shipping", "WW"]
GEN_SHIP_EN = [
    "Ships from: <from>",
    "Ships to: <to>",
    "Orders before {noon|2pm|3pm} ship same day",
    "Processing {24|24-48|48} hours",
    "Tracked {shipping|postage} {+$<n>|included}",
    "Free shipping over ${50|100|150}",
    "Ships Mon–Fri, no weekends",
    "Delivery {2-4|3-5|5-10} working days",
    "{Express|Next day} option at checkout",
]
STEALTH_EN = [
    "Discreet packaging, nothing on the label",
    "Vacuum sealed {twice|x2}, smell proof",
    "Stealth shipping, {plain box|plain envelope}",
    "Sent {in a DVD case|inside a magazine|in a gift box}",
    "Professional stealth, {business return address|printed label}",
    "{Double|Triple} bagged, no names on the parcel",
]
ESCROW_EN = [
    "Escrow {only|accepted}",
    "FE for {trusted|returning} buyers",
    "100% FE, no exceptions",
    "Multisig escrow supported",
    "FE allowed after {5|10} orders",
    "Finalize {when you receive|on arrival}",
]
REFUND_EN = [
    "Reship {once|at 50%} if lost, with tracking proof",
    "No refunds on seized parcels {outside EU|to high-risk countries}",
    "Refund or replacement within {7|14} days",
    "Problem? Message me before leaving feedback",
    "Lost in post: {full|half} reship after {10|14} days",
]
MISC_EN = [
    "Please encrypt your address with my PGP",
    "Auto-encrypt is on, just paste your address",
    "Bulk discounts on request",
    "Limited stock",
    "Read my profile before ordering",
    "New vendor, prices lowered for reviews",
    "{500|1,200|3,000}+ orders, {4.8|4.9|5.0}/5",
    "Vacation mode after the {15th|20th}",
    "Custom listings on request",
    "Price drops for {10|25|50}+ units",
]
DIGITAL_EN = [
    "Instant delivery after {payment|confirmation}",
    "Auto-dispatch, {link|file} sent {by message|to your inbox}",
    "Replacement if not working within {24|48} hours",
    "Lifetime updates included",
    "Delivered {digitally|as a download}, no shipping",
]

# ----------------------------------------------------------------------------------------------------------------
# English positives: controlled substances
# ----------------------------------------------------------------------------------------------------------------

G_WEED = ("g", [1, 2, 3.5, 5, 7, 10, 14, 28, 28, 56, 112, 448, 1000])
G_HARD = ("g", [0.5, 1, 1, 2, 3.5, 5, 7, 10, 14, 28, 50, 100, 250, 500, 1000])
G_MID = ("g", [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000])
G_SMALL = ("g", [0.25, 0.5, 1, 2, 3.5, 5, 10])
PILLS = ("count", [5, 10, 10, 20, 25, 30, 50, 100, 200, 500, 1000], "pill")
TABS = ("count", [1, 5, 10, 10, 25, 50, 100, 250, 500], "tab")
PCS = ("count", [1, 2, 5, 10, 20, 50], "pc")
ML = ("ml", [10, 30, 100, 250, 500, 1000])

EN_POS = [
    dict(
        w=5,
        names=["<strain>", "<strain> {indoor|outdoor|greenhouse|hydro}", "{Cali|Dutch|Spanish|Canadian|Thai} <strain>", "<strain> {buds|flower|weed}", "{Exotic|Top shelf|Premium|Craft} <strain>", "{Cali weed|Cannabis buds|Weed} - <strain>"],
        short=["weed", "bud", "<strain>", "kush", "za", "gas"],
        unit=G_WEED,
        usd=(5, 12),
        grades=["AAA+", "AAAA", "top shelf", "exotic", "THC {22|25|27|29}%", "lab tested", "A-grade", "smalls", "craft"],
        origins=["Cali", "Spain", "NL", "Canada", "UK grown", "Thailand"],
        cats=["Cannabis > Buds", "Drugs > Cannabis > Weed", "Cannabis & Hash > Flower", "Cannabis > Indoor"],
        desc=["Dense frosty buds, loud terps", "Cured {3|4|6} weeks, burns white", "Hand trimmed, no seeds, no popcorn", "Indoor under LED, flushed {properly|for 2 weeks}", "Sticky, {gassy|fruity|citrus} smell, strong {body|head} high", "Smalls from the same harvest listed separately"],
    ),
    dict(
        w=4,
        names=["{Moroccan|Maroc} {hash|hashish}", "Afghan black hash", "{Dry sift|Static|Frozen} hash", "Ketama Gold", "Lebanese {Red|Blonde}", "{Indian|Himalayan} charas", "Bubble hash {90u|120u|73u}", "{Double|Triple} Zero hash", "Temple balls"],
        short=["hash", "charas", "dry sift", "afghan"],
        unit=G_MID,
        usd=(6, 14),
        grades=["AAA", "premium", "{40|50|60}% THC", "soft", "fresh press", "first pressing"],
        origins=["Morocco", "Afghanistan", "Lebanon", "Spain", "NL", "Nepal", "India"],
        cats=["Cannabis > Hash", "Drugs > Cannabis > Hashish", "Cannabis & Hash > Hash"],
        desc=["Soft and sticky, melts when warmed", "Pressed {this month|last week}, fresh and aromatic", "Bubbles when lit, no fillers", "{Cut into 5g bars|Comes in 10g slabs|Rolled into balls}"],
    ),
    dict(
        w=2,
        names=["{Live resin|Shatter|Wax|Budder|Crumble|Rosin} - <strain>", "THC distillate {90|93|95}%", "<strain> {shatter|wax|live resin}", "BHO {shatter|wax}"],
        short=["wax", "shatter", "dabs", "rosin"],
        unit=G_SMALL,
        usd=(15, 35),
        grades=["{78|82|86|90}% THC", "lab tested", "top tier", "glass clear", "solventless"],
        origins=["Cali", "Canada", "Oregon", "Spain"],
        cats=["Cannabis > Concentrates", "Drugs > Cannabis > Wax & Shatter", "Cannabis > Extracts"],
        desc=["Purged {72|96} hours, no solvent taste", "Stable, snaps like glass", "Terp sauce on top", "Start with a rice-grain sized dab"],
    ),
    dict(
        w=2,
        names=["THC gummies {250|500|1000}mg", "{Cannabis|THC} chocolate bar {200|300|500}mg", "Space brownies {50|100}mg THC", "{Sour|Peach|Watermelon} THC gummy rings {10|25}mg each", "THC cookies {100|150}mg"],
        short=["thc gummies", "edibles", "thc choc"],
        unit=PCS,
        usd=(6, 20),
        grades=["lab dosed", "{10|25}mg per piece", "strong", "vegan"],
        origins=["Cali", "Canada", "NL"],
        cats=["Cannabis > Edibles", "Drugs > Cannabis > Edibles"],
        desc=["Evenly dosed, {10|25}mg THC per piece", "Start with half a piece and wait 2 hours", "Kicks in after {45|60|90} minutes"],
    ),
    dict(
        w=2,
        names=["THC vape cart {1|0.5}ml - <strain>", "{Disposable|Rechargeable} THC pen {1|2}ml", "Distillate cartridge 510 <strain>", "Live resin cart 1ml"],
        short=["thc cart", "thc pen", "dab pen"],
        unit=PCS,
        usd=(20, 40),
        grades=["{85|90|93}% THC", "lab tested", "no cutting agents", "ceramic coil"],
        origins=["Cali", "Canada", "Spain"],
        cats=["Cannabis > Vapes", "Cannabis > Carts"],
        desc=["No vitamin E acetate, tested", "510 thread, fits any battery", "Strong, 2-3 puffs is enough"],
    ),
    dict(
        w=6,
        names=["{Peruvian|Colombian|Bolivian} {cocaine|coke|flake}", "Fishscale cocaine", "{Cocaine|Coke} {HCl|rocks|flake}", "{Uncut|Pure} {cocaine|coke}", "{Peru|Colombia} {cocaine|coke} {rocks|flakes}", "<stamp> stamp cocaine"],
        short=["coke", "cocaine", "flake", "yayo", "charlie"],
        unit=G_HARD,
        usd=(55, 110),
        grades=["{86|88|90|92|94|96}%", "uncut", "fishscale", "AAA+", "lab tested", "pure", "{90|93}% tested", "straight off the brick"],
        origins=["Peru", "Colombia", "Bolivia", "{Peru|Colombia} via NL"],
        cats=["Stimulants > Cocaine", "Drugs > Stimulants > Cocaine", "Drugs > Coke"],
        desc=["Big shiny rocks, zero cut", "Straight from the brick, reagent tested at {88|90|92}%", "Burns clean on foil, no smell of cut", "Numbing is very strong", "Wholesale pricing for 100g+"],
    ),
    dict(
        w=2,
        names=["Crack {rocks|cocaine}", "{Ready rock|Freebase} cocaine", "Crack {cookie|pebbles}"],
        short=["crack", "rock", "hard"],
        unit=("g", [0.5, 1, 2, 3.5, 7, 14, 28]),
        usd=(60, 100),
        grades=["pure", "cooked today", "top quality", "AAA"],
        origins=["Colombia", "Peru", "UK"],
        cats=["Stimulants > Crack", "Drugs > Crack"],
        desc=["Hard rocks, melts clean", "Cooked fresh {every week|today}", "Weighed on a calibrated scale"],
    ),
    dict(
        w=3,
        names=["Afghan heroin #4", "{Brown|Afghan brown} heroin #3", "China white {heroin|H}", "Black tar heroin", "{Heroin|H} {no4|#4|number 4}", "Pakistani brown"],
        short=["H", "dope", "brown", "smack"],
        unit=G_HARD,
        usd=(40, 90),
        grades=["{60|70|80}%", "uncut", "top quality", "{smoking|sniffing} grade"],
        origins=["Afghanistan", "Pakistan", "Mexico", "Turkey"],
        cats=["Opioids > Heroin", "Drugs > Opioids > Heroin"],
        desc=["Very strong batch, start with a tiny amount", "Never use alone, keep naloxone near", "Dissolves clean, no residue", "Same batch as last month"],
    ),
    dict(
        w=2,
        names=["Fentanyl {HCl|citrate} powder", "{Fent|Fentanyl} powder {98|99}%", "Fentanyl {HCl|} {crystal|powder}"],
        short=["fent", "fentanyl", "fetty"],
        unit=("g", [0.1, 0.25, 0.5, 1, 2, 5, 10]),
        usd=(90, 250),
        grades=["{98|99}%", "lab tested", "pharma grade", "pure"],
        origins=["China", "Mexico", "USA"],
        cats=["Opioids > Fentanyl", "Drugs > Opioids > Fentanyl"],
        desc=["Measured in micrograms: use a mg scale, never eyeball", "Extremely potent, not for beginners", "Double sealed, mylar + vacuum"],
    ),
    dict(
        w=1,
        names=["Fentanyl patches {25|50|75|100}mcg/h", "{Durogesic|Fentanyl} {matrix|} patch {50|100}mcg", "Fent patches {12|25|50}ug"],
        short=["fent patches", "patches", "fent"],
        unit=("count", [1, 5, 10, 20, 50], "patch"),
        usd=(15, 40),
        grades=["pharma", "sealed", "original", "EU pharmacy"],
        origins=["Germany", "EU pharmacy", "UK"],
        cats=["Opioids > Fentanyl", "Prescription > Opioids"],
        desc=["Individually sealed sachets, in date", "Never cut or chew a patch", "Pharma boxes with leaflet"],
    ),
    dict(
        w=4,
        names=["Oxycodone {10|15|20|30|40|80}mg", "OxyContin {40|80}mg OP", "Roxicodone 30mg", "M30 {blues|oxy 30mg}", "Percocet {5/325|10/325}", "Hydrocodone {5/325|10/325} (Norco)", "Morphine sulfate {30|60|100}mg", "OxyNorm {10|20}mg", "Dilaudid 8mg"],
        short=["oxy", "oxy 30s", "m30s", "percs", "roxys"],
        unit=PILLS,
        usd=(8, 35),
        grades=["pharma grade", "real pharma", "sealed blister", "not pressed", "original"],
        origins=["US pharmacy", "EU pharmacy", "Canada", "UK", "India"],
        cats=["Opioids > Pills", "Drugs > Opioids > Oxycodone", "Prescription > Opioids"],
        desc=["Genuine pharma, not pressed, test them yourself", "Blister packed, lot numbers visible", "Do not mix with benzos or alcohol"],
    ),
    dict(
        w=4,
        names=["Crystal meth", "{Ice|Glass} shards", "{Methamphetamine|Meth} {crystal|shards|HCl}", "{Tina|Crystal} {shards|rocks}", "{Blue|Clear} {ice|glass}"],
        short=["meth", "ice", "tina", "crystal", "shards"],
        unit=G_HARD,
        usd=(20, 60),
        grades=["{97|98|99}%", "pure d-meth", "clear shards", "lab tested", "AAA+", "big shards"],
        origins=["CZ", "Mexico", "NL", "Cali"],
        cats=["Stimulants > Meth", "Drugs > Stimulants > Methamphetamine"],
        desc=["Glass clear shards, no powder", "Smokes clean, no residue", "Tested with {Marquis|Simon's} reagent"],
    ),
    dict(
        w=3,
        names=["Amphetamine {paste|base}", "{Speed|Amph} {paste|powder|sulphate}", "Dexamphetamine {powder|sulfate}", "{Pink|White|Yellow} speed", "Amphetamine {60|70|80}%"],
        short=["speed", "amph", "paste", "whizz"],
        unit=G_MID,
        usd=(5, 15),
        grades=["{60|70|80}%", "wet paste", "dry", "strong", "lab tested"],
        origins=["NL", "Poland", "Germany", "Belgium"],
        cats=["Stimulants > Speed", "Drugs > Stimulants > Amphetamine"],
        desc=["Strong paste, dries to powder", "Cut it yourself if you want", "Keep hydrated and eat before use"],
    ),
    dict(
        w=3,
        names=["MDMA {crystals|crystal|rocks}", "{Champagne|Brown|Dutch} MDMA", "MDMA {84|86|88}% {rocks|crystals}", "Molly crystals"],
        short=["mdma", "molly", "md", "mandy"],
        unit=G_MID,
        usd=(15, 35),
        grades=["{84|86|88}%", "lab tested", "champagne", "uncut"],
        origins=["NL", "Belgium", "Germany"],
        cats=["Ecstasy > MDMA", "Drugs > Ecstasy > MDMA crystal"],
        desc=["Champagne rocks, tested {84|86}%", "Dose {80-120|100-150}mg, redose max once", "Drink water, take breaks from dancing"],
    ),
    dict(
        w=4,
        names=["<press> {XTC|ecstasy|MDMA} {pills|tabs}", "XTC <press> {200|220|250|280|300}mg", "<press> {pills|press} {200|240|270}mg MDMA", "{Ecstasy|XTC|E} pills '<press>'"],
        short=["xtc", "pills", "beans", "<press>", "e"],
        unit=PILLS,
        usd=(3, 12),
        grades=["{200|230|250|280|300}mg MDMA", "lab tested", "triple stacked", "new press", "strong"],
        origins=["NL", "Belgium", "Germany"],
        cats=["Ecstasy > Pills", "Drugs > Ecstasy > Pills"],
        desc=["Tested at {220|240|270}mg MDMA.HCl", "Half a pill is enough for most people", "Do not redose more than once, drink water", "Fresh press, crisp logo, no crumbling"],
    ),
    dict(
        w=3,
        names=["Ketamine {needles|shards|crystals|powder}", "S-ketamine", "{K|Ket} {crystal|shards}", "Ketamine HCl", "R/S ketamine"],
        short=["ket", "k", "ketamine", "special k"],
        unit=G_MID,
        usd=(15, 40),
        grades=["{98|99}%", "lab tested", "big needles", "pure", "uncut"],
        origins=["India", "NL", "China", "UK"],
        cats=["Dissociatives > Ketamine", "Drugs > Dissociatives > Ketamine"],
        desc=["Long needles, crush before use", "Start with a small bump, wait 15 min", "Do not mix with alcohol"],
    ),
    dict(
        w=4,
        names=["LSD {blotters|tabs|sheets} {100|150|200|250|300}{ug|µg|mcg}", "<art> LSD {blotter|tabs} {100|150|200|250}{ug|µg|mcg}", "{Liquid|Gel} LSD {100|150|200}ug", "LSD-25 {150|200}µg", "{Acid|LSD} tabs '<art>'"],
        short=["acid", "lsd", "tabs", "blotters"],
        unit=TABS,
        usd=(4, 10),
        grades=["{130|150|200|250}ug tested", "lab tested", "Ehrlich tested", "strong", "true dosed"],
        origins=["NL", "UK", "US", "Canada"],
        cats=["Psychedelics > LSD", "Drugs > Psychedelics > LSD"],
        desc=["Evenly dipped, every tab the same", "One tab is a full trip, start with half", "Store in the fridge, away from light"],
    ),
    dict(
        w=3,
        names=["Magic mushrooms <shroom>", "Psilocybin mushrooms <shroom>", "Dried <shroom> {cubensis|shrooms}", "{Psilocybin|Magic} truffles {Tampanensis|Mexicana|Atlantis}", "Shroom chocolate {2|3.5}g psilocybin"],
        short=["shrooms", "mushies", "<shroom>", "truffles"],
        unit=("g", [1, 3.5, 5, 7, 10, 14, 28, 56, 100]),
        usd=(6, 15),
        grades=["dried", "potent", "cracker dry", "lab tested"],
        origins=["NL", "Canada", "Mexico"],
        cats=["Psychedelics > Mushrooms", "Drugs > Psychedelics > Psilocybin"],
        desc=["Cracker dry, blue bruising", "2g is a solid dose, 3.5g for experienced", "Grown on organic substrate"],
    ),
    dict(
        w=2,
        names=["{N,N-DMT|DMT} {crystals|freebase|powder}", "DMT vape cart {0.5|1}ml", "Changa {20|30|50}% DMT", "5-MeO-DMT"],
        short=["dmt", "changa", "spirit molecule"],
        unit=G_SMALL,
        usd=(50, 110),
        grades=["{98|99}%", "yellow crystals", "white crystals", "lab tested"],
        origins=["Canada", "NL", "Brazil"],
        cats=["Psychedelics > DMT", "Drugs > Psychedelics > DMT"],
        desc=["Vaporise at low heat, 30-50mg breakthrough", "Have a sitter with you"],
    ),
    dict(
        w=2,
        names=["2C-B {pills|tabs} {15|20|25}mg", "2C-B '<press>' {20|25}mg", "Tusi (pink cocaine) pills"],
        short=["2cb", "tusi", "nexus"],
        unit=PILLS,
        usd=(6, 14),
        grades=["{15|20|25}mg", "lab tested", "accurate dose", "strong"],
        origins=["NL", "Colombia", "Germany"],
        cats=["Psychedelics > 2C-B", "Drugs > Psychedelics > 2C-x"],
        desc=["Accurately dosed, each pill weighed", "Start with half a pill"],
    ),
    dict(
        w=1,
        names=["25I-NBOMe blotters {500|800|1000}ug", "25C-NBOMe {tabs|blotters}", "25B-NBOMe tabs {500|750}ug"],
        short=["nbome", "25i", "n-bomb"],
        unit=TABS,
        usd=(2, 5),
        grades=["{500|800|1000}ug", "strong", "bitter taste"],
        origins=["NL", "China", "UK"],
        cats=["Psychedelics > NBOMe", "Research chemicals > Psychedelics"],
        desc=["NOT LSD, sold as what it is", "Never snort, sublingual only"],
    ),
    dict(
        w=2,
        names=["GHB {liquid|solution}", "GBL {99%|99.9%}", "G {liquid|bottle}", "GHB powder (sodium oxybate)"],
        short=["g", "ghb", "gbl", "liquid g"],
        unit=ML,
        usd=(0.1, 0.3),
        grades=["{99|99.9}%", "pharma grade", "pure"],
        origins=["NL", "Germany", "Poland"],
        cats=["Depressants > GHB", "Drugs > Depressants > GBL"],
        desc=["Dose with a pipette, {1|1.5}ml max", "Never mix with alcohol", "Wait 2 hours between doses"],
    ),
    dict(
        w=4,
        names=["4-MMC {crystals|mephedrone}", "Mephedrone {crystals|powder} (4-MMC)", "3-MMC {crystals|rocks}", "3-CMC {crystals|powder}", "Alpha-PVP {flakka|crystals}", "Bath salts ({alpha-PVP|MDPV|a-PHP}) {crystals|shards}", "MDPV {powder|crystals}", "NEP crystals", "Meow meow 4-MMC"],
        short=["meph", "4mmc", "3mmc", "flakka", "a-pvp", "m-cat"],
        unit=G_MID,
        usd=(8, 25),
        grades=["{98|99}%", "big crystals", "lab tested", "VHQ", "pure"],
        origins=["NL", "Poland", "China", "India"],
        cats=["Stimulants > Mephedrone", "Research chemicals > Cathinones", "Drugs > RCs > Cathinones"],
        desc=["Big crystals, no smell", "Sold as a research chemical but everyone knows", "Redosing is the trap, set a limit"],
    ),
    dict(
        w=2,
        names=["{Spice|K2} {herbal blend|paper|liquid}", "JWH-018 {herbal|blend|powder}", "AM-2201 {powder|herbal}", "{MDMB-4en-PINACA|5F-ADB|ADB-BUTINACA} {powder|on paper}", "K2 spray on paper A4 sheet", "Synthetic cannabinoid {blend|powder}"],
        short=["spice", "k2", "jwh"],
        unit=("g", [1, 5, 10, 25, 50, 100]),
        usd=(4, 12),
        grades=["strong", "{mild|medium|strong} mix", "lab tested", "99%"],
        origins=["China", "Poland", "NL"],
        cats=["Research chemicals > Cannabinoids", "Drugs > Synthetic cannabinoids"],
        desc=["Very potent, one small pull", "Mix ratio {1:20|1:30} with damiana"],
    ),
    dict(
        w=4,
        names=["Xanax bars 2mg", "{Green|Yellow|White} Xanax bars 2mg", "Alprazolam {1|2}mg {Pfizer|Mylan|pressed}", "Valium {5|10}mg Roche", "Diazepam {5|10}mg", "Clonazepam {0.5|2}mg", "Rivotril 2mg", "Etizolam {1|2}mg {pellets|tabs}", "Diclazepam {1|2}mg pellets", "Bromazolam 1mg"],
        short=["xans", "bars", "vals", "benzos", "etiz"],
        unit=PILLS,
        usd=(1, 5),
        grades=["pharma", "pressed", "real Pfizer", "lab tested", "accurate dose"],
        origins=["India", "UK", "EU pharmacy", "Pakistan"],
        cats=["Benzos > Alprazolam", "Drugs > Benzodiazepines", "Prescription > Benzos"],
        desc=["Tested for fentanyl, clean", "Scored bars, break into quarters", "Do not mix with opioids or alcohol"],
    ),
    dict(
        w=3,
        names=["Tramadol {50|100|200|225}mg", "Tramadol HCl {100|200}mg", "Tapentadol 100mg", "Tramal {50|100}mg", "Tramadol {50|100}mg {capsules|tablets}"],
        short=["trams", "tramadol", "tapenta"],
        unit=("count", [10, 20, 30, 50, 100, 200, 500], "pill"),
        usd=(0.8, 3),
        grades=["pharma", "blister", "{Indian|EU} pharma", "original"],
        origins=["India", "EU pharmacy", "Pakistan"],
        cats=["Opioids > Tramadol", "Prescription > Painkillers"],
        desc=["Blister packed, 10 per strip", "Max 400mg a day, seizure risk above that"],
    ),
    dict(
        w=2,
        names=["Pregabalin {150|300}mg", "Lyrica {150|300}mg", "Pregabalin capsules {75|150|300}mg"],
        short=["lyrica", "pregabs", "gabbies"],
        unit=("count", [14, 28, 56, 100, 200, 500], "caps"),
        usd=(0.6, 2),
        grades=["pharma", "blister", "original", "Indian pharma"],
        origins=["India", "UK", "EU pharmacy"],
        cats=["Prescription > Pregabalin", "Drugs > Prescription > Gabapentinoids"],
        desc=["Genuine capsules in blister", "Do not mix with opioids"],
    ),
    dict(
        w=2,
        names=["{Promethazine|Prometh} codeine syrup", "Lean {4|8|16}oz", "Codeine {linctus|syrup}", "Codeine phosphate {30|60}mg"],
        short=["lean", "drank", "codeine"],
        unit=("ml", [100, 200, 473, 500, 1000]),
        usd=(0.4, 1.2),
        grades=["pharma", "sealed", "purple", "original"],
        origins=["US", "India", "UK"],
        cats=["Opioids > Codeine", "Drugs > Opioids > Lean"],
        desc=["Factory sealed bottles", "Mix 1-2 oz per cup, not more"],
    ),
]

# ----------------------------------------------------------------------------------------------------------------
# English negatives: other goods of the same shape
# ----------------------------------------------------------------------------------------------------------------


def _f(names, short, unit, usd, grades, origins, cats, desc, digital=False, qx=None):
    return dict(names=names, short=short, unit=unit, usd=usd, grades=grades, origins=origins, cats=cats, desc=desc, digital=digital, qx=qx)


EN_NEG = {
    "docs": [
        _f(
            ["{USA|UK|Canadian|German|French|Italian} passport {PSD template|template (PSD)|scan template}", "{UK|EU|US state} driving licence {template|PSD}", "{Texas|Florida|Ohio|New York} novelty ID {scannable|with hologram}", "{Utility bill|Bank statement|Payslip} template {editable|PSD|Word + PDF}", "{Fake|Replica|Novelty} diploma {any university|with transcript|+ apostille}", "ID card template pack {EU|30 countries}", "Passport {scan + selfie|scans pack}"],
            ["passport psd", "dl template", "novelty id", "fake diploma", "id pack", "utility bill"],
            ("count", [1, 1, 5, 10, 25, 50], "pc"),
            (6, 90),
            ["HQ", "editable layers", "{300|600} DPI", "AAA+", "scannable", "UV layer", "high res"],
            ["EU", "USA", "UK"],
            ["Fraud > Documents", "Counterfeits > IDs & Passports", "Fraud > Templates", "Fraud > Fake diplomas"],
            ["All layers editable, fonts included", "Passes basic barcode checks", "{Hologram overlay|UV print} available for +$<n>", "Delivered as PSD + PDF after payment", "Name, photo and DOB changed for you in {24|48}h"],
            digital=True,
            qx=["x1", "1 pcs", "pack of {10|25|50}", "{10|25|100} templates", "bundle {5|12} docs"],
        ),
    ],
    "card": [
        _f(
            ["Carding {guide|method|tutorial} {2025|2024|updated}", "{Cashout|Cash out} {guide|method} {PayPal|bank logs|CC}", "Bank drop {pack|accounts} {US|UK|EU}", "{Fresh|Valid} CVV {US|EU|UK} {high balance|non-VBV}", "Cloned cards with PIN {$2k|$5k} balance", "Fullz {USA|UK} (SSN + DOB{ + DL|})", "SSN lookup {fast|+ credit report}", "Dumps {101|201} {with PIN|track 1/2}", "PayPal logs {with balance|$1k-5k}", "Bank logs {Chase|Barclays|Wells}", "{BIN list|Non-VBV BINs} {2025|fresh}"],
            ["cvv us", "fullz", "bank logs", "carding guide", "dumps + pin", "cloned card"],
            ("count", [1, 5, 10, 25, 50, 100], "pc"),
            (4, 60),
            ["valid rate {80|90|95}%", "fresh", "high balance", "tested", "replacement if dead", "non-VBV", "{2025|new} method"],
            ["US", "UK", "EU", "CA"],
            ["Fraud > Carding", "Fraud > Fullz", "Fraud > Bank drops", "Guides & Tutorials > Carding", "Fraud > CVV"],
            ["Checked right before sending", "Replacement within {1|2|6}h if declined", "Method works with {BTC ATMs|gift cards|crypto exchanges}", "Comes with {step-by-step PDF|video walkthrough}", "{Name, DOB, address|Phone and email} included"],
            digital=True,
            qx=["x{1|5|10|50}", "{10|25|100} fullz", "1 card", "{5|10} pcs", "{100|500} lines", "1 guide"],
        ),
    ],
    "acc": [
        _f(
            ["Netflix Premium {account|4K} {1|3|12} months", "Spotify {Premium|Family} {lifetime|1 year}", "{NordVPN|ExpressVPN|Surfshark} account {1|2} years", "{HBO Max|Disney+|Hulu} account 1 year", "{Instagram|Twitter|Telegram} aged accounts", "Steam account with {200+ games|prime}"],
            ["netflix acc", "spotify premium", "nord vpn", "disney+ acc", "aged accounts"],
            ("count", [1, 1, 5, 10, 25, 100], "acc"),
            (1, 12),
            ["instant delivery", "warranty {30|90} days", "auto-dispatch", "private", "full access", "lifetime"],
            [""],
            ["Digital > Accounts", "Digital > Streaming", "Digital > VPN"],
            ["Login:pass delivered instantly", "Do not change the email or you lose the warranty", "Works in every country", "Private account, not shared"],
            digital=True,
            qx=["x1", "{5|10|25} accounts", "{1|3} devices", "{1|12} months"],
        ),
        _f(
            ["Stealer {build|+ panel} {monthly|lifetime}", "Crypter FUD {monthly|lifetime}", "{RAT|Android RAT} with hidden VNC", "Stealer logs {10k|50k|fresh} {mixed|US}", "Keylogger {builder|source code}", "Botnet loader {installs|1k installs}"],
            ["stealer logs", "crypter fud", "rat", "stealer", "loader"],
            ("count", [1, 1, 1, 5, 10], "pc"),
            (15, 300),
            ["FUD", "auto-dispatch", "private", "{0/26|0/40} detections", "lifetime", "updated weekly"],
            [""],
            ["Malware > Stealers", "Software > Malware", "Hacking > RATs", "Hacking > Loaders"],
            ["Builder updated {weekly|every month}", "Panel hosted for you, {Telegram|web} notifications", "Scantime and runtime FUD", "Logs sorted by country and domain"],
            digital=True,
            qx=["1 build", "{1|5|10} GB logs", "1 licence", "{1|3} months"],
        ),
    ],
    "fake": [
        _f(
            ["Counterfeit {50|20|100} EUR notes", "{Fake|Prop} $100 bills {new series|}", "{20|50} GBP counterfeit notes", "Counterfeit {50|100} USD {new design|}"],
            ["fake 50s", "fake euros", "prop money", "fake 20s"],
            ("count", [10, 20, 50, 100, 200, 500], "note"),
            (3, 8),
            ["AAA+", "UV passes", "pen test OK", "grade A", "mirror quality", "{90|95}% real paper"],
            ["Colombia", "Italy", "NL", "Poland"],
            ["Counterfeits > Money", "Fraud > Counterfeit notes"],
            ["Passes {UV|pen|touch} test", "Security thread and watermark included", "Same feel as original paper", "Do not use at banks, shops only"],
        ),
        _f(
            ["Rolex {Submariner|Daytona|GMT} {replica|1:1 clone}", "Patek {Nautilus|Aquanaut} {replica|super clone}", "Audemars Royal Oak 1:1", "Omega Seamaster replica"],
            ["rolex rep", "patek clone", "ap clone", "watch rep"],
            ("count", [1, 1, 2, 5], "pc"),
            (90, 400),
            ["AAA+", "1:1", "Swiss movement", "{904L|316L} steel", "super clone"],
            ["China", "Swiss", "Hong Kong"],
            ["Counterfeits > Watches", "Replicas > Watches"],
            ["{Swiss|Japanese} movement, {sapphire glass|ceramic bezel}", "Comes with box and papers", "Photos of the actual watch on request", "Weight identical to retail"],
        ),
        _f(
            ["{Louis Vuitton|LV} {Neverfull|Speedy} {copy|replica}", "{Gucci|Hermes|Prada} {belt|bag|Birkin} replica", "{Jordan 1|Dunk Low} {reps|UA}", "{Canada Goose|Moncler} jacket replica"],
            ["lv bag rep", "reps", "gucci belt rep", "jordan reps"],
            ("count", [1, 1, 2, 5, 10], "pc"),
            (40, 250),
            ["AAA+", "1:1", "grade A", "mirror quality", "top batch"],
            ["China", "Italy", "Turkey"],
            ["Counterfeits > Bags", "Counterfeits > Clothing", "Replicas > Shoes"],
            ["Stitching identical to retail", "Dust bag and receipt included", "QC photos before shipping", "Sizes {36-46|S-XXL} available"],
        ),
    ],
    "weapon": [
        _f(
            ["Glock {19|17|26} {Gen5|Gen4}", "Makarov PM 9x18", "{AK-47|AKM} {full auto|semi}", "{Beretta 92FS|CZ 75|Sig P226}", "Suppressor for {9mm|.22}", "Walther PPK .380", "{Remington 870|Mossberg 500} shotgun"],
            ["glock 19", "ak47", "beretta", "suppressor", "makarov"],
            ("count", [1, 1, 1, 2], "pc"),
            (400, 2500),
            ["clean", "no serial", "new in box", "tested", "mint condition", "untraceable"],
            ["US", "EU", "Czech", "Balkans"],
            ["Weapons > Handguns", "Weapons > Rifles", "Weapons > Accessories"],
            ["Ships {disassembled|in parts} inside {electronics|a speaker}", "Serial removed", "Test fired, video on request", "Comes with {2|3} mags"],
        ),
        _f(
            ["{9mm|.45 ACP|5.56|7.62x39} ammo", "Hollow points {9mm|.40}", "{9mm|.380} FMJ rounds"],
            ["9mm ammo", "hollow points", "ammo"],
            ("count", [50, 100, 200, 500, 1000], "round"),
            (0.5, 1.5),
            ["new", "factory", "brass case", "clean"],
            ["US", "EU", "Czech"],
            ["Weapons > Ammunition"],
            ["Ammo ships separately from the gun", "Factory boxes, lot numbers removed"],
        ),
    ],
    "ebook": [
        _f(
            ["Make ${500|1000|3000}/day with {dropshipping|crypto|AI} (ebook)", "Crypto trading {masterclass|course} 2025", "{SEO|Affiliate marketing|Instagram growth} {guide|blueprint} PDF", "{Day trading|Forex|Options} video course", "Amazon FBA {course|bootcamp}", "Python for {beginners|data science} ebook", "{Passive income|Side hustle} bundle {50|100} ebooks", "The {Cold Email|Copywriting} Playbook", "{Photoshop|Video editing} course", "Learn {Spanish|German} in 30 days audio course"],
            ["ebook bundle", "trading course", "seo guide pdf", "fba course", "make money guide"],
            ("count", [1, 1, 10, 50, 100], "pc"),
            (1, 30),
            ["instant delivery", "updated {2024|2025}", "HD", "lifetime access", "EN subs", "full version"],
            [""],
            ["Guides & Tutorials > Money", "E-books > Business", "Courses > Marketing", "Courses > Programming", "Guides & Tutorials > Other"],
            ["{120|250|400} pages, PDF and EPUB", "{6|12|40} hours of video in HD", "Step-by-step, no experience needed", "Includes templates and checklists", "Same course sold for $<n>00 elsewhere"],
            digital=True,
            qx=["PDF, {80|120|300} pages", "{6|12|40} hours video", "x1", "bundle {20|50|100}", "{1|3} files", "lifetime access"],
        ),
    ],
    "soft": [
        _f(
            ["Windows {10|11} Pro {licence key|retail key}", "Office {2021|2024} Pro Plus key", "Adobe {Creative Cloud|Photoshop} {1 year|lifetime}", "{Kaspersky|ESET|Norton} {Total Security|Internet Security}", "AutoCAD {2024|2025} licence"],
            ["win 11 key", "office key", "adobe cc", "antivirus key"],
            ("count", [1, 1, 3, 5, 10], "key"),
            (2, 40),
            ["lifetime", "retail", "instant delivery", "genuine", "global"],
            [""],
            ["Software > Licences", "Software > Security"],
            ["Activates online, all updates", "Key + download link sent instantly", "Bind it to your own account"],
            digital=True,
            qx=["1 PC", "{5|10} keys", "x1", "{3|5} devices"],
        ),
        _f(
            ["{Marvel|Star Wars} movies {4K|1080p} pack", "{Breaking Bad|The Wire|Game of Thrones} complete series {1080p|4K}", "Top {100|500} hits {2024|2025} {MP3|FLAC}", "Jazz vinyl rips collection FLAC", "Anime series pack {1080p|BluRay}"],
            ["movies pack", "mp3 pack", "series pack", "flac rips"],
            ("count", [1, 1, 2, 5], "pc"),
            (3, 25),
            ["4K HDR", "FLAC", "1080p", "uncut", "BluRay", "remastered"],
            [""],
            ["Digital > Movies", "Digital > Music", "Digital > TV series"],
            ["All seasons, English and Spanish audio", "{500|800} GB, MEGA folder", "Subtitles in 12 languages", "Uncut editions, no watermark"],
            digital=True,
            qx=["{200|500} GB", "x1", "{1|2} links", "{24|100|300} files"],
        ),
        _f(
            ["Steam gift card ${20|50|100}", "Amazon gift card {$50|$100|€25}", "{Google Play|iTunes} gift card {€25|$50}", "PlayStation Store card {€20|$50}"],
            ["steam card", "gift card", "amazon gc", "psn card"],
            ("count", [1, 1, 2, 5, 10], "key"),
            (15, 90),
            ["instant delivery", "global", "region free", "unused"],
            [""],
            ["Digital > Gift cards"],
            ["Code redeemable worldwide", "Code sent in the order chat", "Photo of the card on request"],
            digital=True,
            qx=["x1", "{1|2} codes", "{5|10} cards"],
        ),
    ],
    "goods-a": [
        _f(
            ["{Table|Kitchen|Iodised|Sea} salt {fine|coarse}", "Himalayan pink salt {fine|coarse}", "{Granulated|Cane|Icing} sugar", "{Wheat|Rye|Bread} flour {premium|type 550}", "Baking soda food grade", "{Basmati|Jasmine} rice", "Citric acid food grade"],
            ["salt", "sugar", "flour", "baking soda", "rice"],
            ("g", [500, 1000, 1000, 2000, 5000, 10000, 25000]),
            (0.0008, 0.004),
            ["99.9%", "food grade", "pure", "organic", "fine", "coarse", "premium"],
            ["Pakistan", "Poland", "Germany", "India", "Spain"],
            ["Home & Kitchen > Pantry", "Grocery > Baking", "Food > Salt & Spices"],
            ["Sealed food-safe bag", "No anti-caking agents", "Best before {2026|2027}", "Restaurant and bakery supply"],
        ),
        _f(
            ["{Bath salts|Epsom bath salt} {lavender|eucalyptus|rose}", "Dead Sea bath salt crystals", "Bath salt {gift set|jar} {vanilla|citrus}"],
            ["bath salts", "epsom salt", "dead sea salt"],
            ("g", [100, 250, 500, 1000, 2000]),
            (0.01, 0.04),
            ["pure", "natural", "100% natural", "lab tested", "vegan"],
            ["Israel", "UK", "Poland"],
            ["Beauty > Bath", "Health & Beauty > Spa"],
            ["Relaxing {lavender|eucalyptus} scent", "Dissolves fully in warm water", "Two handfuls per bath"],
        ),
        _f(
            ["{Rose quartz|Amethyst|Clear quartz} crystal {cluster|set|point}", "Swarovski crystal {pendant|earrings|bracelet}", "Crystal {chandelier drops|suncatcher}"],
            ["crystals", "quartz", "crystal earrings", "amethyst"],
            ("count", [1, 1, 3, 5, 10], "pc"),
            (4, 60),
            ["AAA+ quality", "{925|sterling} silver", "natural", "100% original", "grade A"],
            ["Brazil", "Austria", "Madagascar"],
            ["Jewellery > Crystals", "Home > Decor"],
            ["Hand picked stones, each one unique", "Gift box included", "Certificate of authenticity"],
        ),
        _f(
            ["Oyster mushroom grow kit {blue|pink|king}", "{Lion's mane|Shiitake} grow kit", "{Tomato|Basil|Chilli|Sunflower} seeds {heirloom|organic}"],
            ["grow kit", "oyster kit", "seeds", "tomato seeds"],
            ("count", [1, 1, 2, 5, 10], "pc"),
            (1, 25),
            ["organic", "first harvest in {10|14} days", "germination {90|95}%", "beginner friendly"],
            ["Poland", "UK", "NL"],
            ["Home & Garden > Grow kits", "Garden > Seeds"],
            ["Just mist twice a day, first flush in {10|14} days", "Edible gourmet mushrooms, grows on the kitchen counter", "About {20|30|50} seeds per pack", "Sow indoors {March|April}"],
        ),
        _f(
            ["Fridge magnets {set|world cities|cats}", "Postage stamps {1st class|2nd class|Forever}", "Vintage stamp collection {1960s|1980s}"],
            ["fridge magnets", "stamps", "stamp lot"],
            ("count", [1, 5, 10, 50, 100], "pc"),
            (0.5, 2),
            ["new", "mint", "100% original", "collector grade"],
            ["UK", "USA", "Germany"],
            ["Home > Fridge magnets", "Collectibles > Stamps"],
            ["Self-adhesive, valid for letters up to 100g", "Strong magnets, do not slide", "Mint condition, never hinged"],
        ),
        _f(
            ["Snow chains {R14|R15|R16}", "Ice scraper {with brush|heavy duty}", "Windscreen de-icer spray"],
            ["snow chains", "ice scraper", "de-icer"],
            ("count", [1, 1, 2, 5], "pair"),
            (4, 40),
            ["heavy duty", "new", "TÜV approved", "grade A"],
            ["Germany", "Poland", "China"],
            ["Car > Winter", "Car > Accessories"],
            ["Fits {most cars|14-16 inch tyres}", "Fitted in 5 minutes", "Does not scratch the glass"],
        ),
    ],
    "goods-b": [
        _f(
            ["Digital pocket scale {0.01g|0.1g}", "Jewellery scale 0.001g {20g|50g}", "Kitchen scale {5kg|10kg}"],
            ["pocket scale", "jewellery scale", "scales"],
            ("count", [1, 1, 2, 5, 10], "pc"),
            (6, 30),
            ["calibrated", "100% original", "new", "0.01g accuracy"],
            ["China", "Germany", "UK"],
            ["Accessories > Scales", "Home > Kitchen scales"],
            ["Calibration weight included", "Batteries included", "Tare and 6 units"],
        ),
        _f(
            ["{4-piece|Aluminium|Metal} herb grinder {50mm|63mm}", "Rolling papers {king size|slim} + tips", "Dry herb vaporizer {portable|pen}", "Glass ashtray {heavy|}"],
            ["grinder", "papers", "vaporizer", "rolling papers"],
            ("count", [1, 1, 2, 5, 10, 50], "pc"),
            (1, 60),
            ["100% original", "new", "AAA+ quality", "heavy duty"],
            ["Spain", "Germany", "China"],
            ["Accessories > Grinders", "Accessories > Papers", "Accessories > Vaporizers"],
            ["Legal accessory, no products included", "Ships in retail box", "Magnetic lid, pollen catcher"],
        ),
        _f(
            ["Zip lock bags {4x6cm|10x15cm}", "Vacuum sealer + 50 bags", "Smell proof {mylar|storage} bags", "Airtight glass jars"],
            ["zip bags", "mylar bags", "vacuum sealer", "jars"],
            ("count", [1, 10, 50, 100, 500], "pc"),
            (0.05, 2),
            ["food safe", "heavy duty", "new", "resealable"],
            ["China", "Germany", "UK"],
            ["Home > Storage", "Kitchen > Food storage"],
            ["For food, spices and coffee beans", "Keeps coffee fresh for months", "Thick {80|100} micron"],
        ),
        _f(
            ["Smartphone {Samsung A54|Redmi Note 13|Pixel 7a} {128GB|256GB}", "iPhone {13|14} {refurbished|128GB}", "AirPods Pro 2nd gen", "Power bank {10000|20000}mAh"],
            ["samsung a54", "iphone 13", "airpods", "power bank"],
            ("count", [1, 1, 2, 5], "pc"),
            (20, 450),
            ["100% original", "unlocked", "AAA+ condition", "new", "grade A"],
            ["China", "Germany", "UK", "Dubai"],
            ["Electronics > Phones", "Electronics > Accessories"],
            ["Unlocked, works with any SIM", "Battery health {89|92|100}%", "Comes with charger and box"],
        ),
        _f(
            ["CBD {face cream|lip balm|massage oil} {300|500}mg", "CBD {body lotion|bath bomb}", "Hemp seed oil cosmetic"],
            ["cbd cream", "cbd balm", "hemp oil"],
            ("ml", [10, 30, 50, 100, 250]),
            (0.2, 0.8),
            ["lab tested", "THC < 0.2%", "organic", "vegan"],
            ["Switzerland", "NL", "Germany", "UK"],
            ["Beauty > CBD cosmetics", "Health & Beauty > Skin care"],
            ["Cosmetic use only, THC-free certificate", "Soothing for dry skin", "Legal in EU and UK"],
        ),
    ],
}

# ----------------------------------------------------------------------------------------------------------------
# English pharmacy: the same medicines, sold by a licensed pharmacy
# ----------------------------------------------------------------------------------------------------------------

PH_EN = [
    ("Tramadol {hydrochloride|HCl|}", ["50 mg", "100 mg"], [10, 20, 30, 60], ["capsules", "tablets"], "50–100 mg every 4–6 hours, no more than 400 mg a day"),
    ("Pregabalin", ["75 mg", "150 mg", "300 mg"], [14, 28, 56], ["capsules"], "150–600 mg a day in two or three doses, as prescribed"),
    ("Alprazolam", ["0.25 mg", "0.5 mg", "1 mg"], [30, 60], ["tablets"], "0.25–0.5 mg three times a day; lowest dose for the shortest time"),
    ("Diazepam", ["2 mg", "5 mg", "10 mg"], [20, 28, 30], ["tablets"], "2–10 mg two to four times a day as directed"),
    ("Clonazepam", ["0.5 mg", "2 mg"], [30, 50], ["tablets"], "as directed by your neurologist"),
    ("Codeine phosphate", ["15 mg", "30 mg"], [28, 100], ["tablets"], "30–60 mg every 4 hours, maximum 240 mg a day"),
    ("Zolpidem", ["10 mg"], [14, 28], ["tablets"], "one tablet at bedtime, no longer than 4 weeks"),
    ("Oxycodone {hydrochloride|}", ["5 mg", "10 mg"], [28, 56], ["capsules", "tablets"], "as directed by your pain specialist"),
    ("Methylphenidate", ["10 mg", "18 mg"], [30], ["tablets"], "as prescribed, usually in the morning"),
    ("Lorazepam", ["1 mg", "2.5 mg"], [25, 30], ["tablets"], "1–4 mg a day in divided doses"),
    ("Promethazine", ["25 mg"], [20, 56], ["tablets"], "25 mg at night, children under 2 must not take it"),
    ("Gabapentin", ["300 mg", "600 mg"], [50, 100], ["capsules", "tablets"], "dose built up over days as prescribed"),
]
PH_MFR = ["Medivale Pharma", "Nordhaven Laboratories", "Brightwell Generics", "Castellan Pharmaceuticals", "Alder & Finch Healthcare", "Veridian Labs"]
PH_SHOP_EN = ["CityCare Pharmacy", "Greenway Chemists", "MedPoint Online Pharmacy", "Riverside Pharmacy", "Kingsgate Dispensary"]

# ----------------------------------------------------------------------------------------------------------------
# Russian and Uzbek positives (Uzbek in Latin; ^...^ kept as written in Cyrillic)
# ----------------------------------------------------------------------------------------------------------------

RU_G = ("g", [0.3, 0.5, 1, 1, 2, 3, 5, 10, 20, 50])
RU_PILLS = ("count", [1, 2, 5, 10, 10, 14, 20, 28, 50], "pill")
RU_TABS = ("count", [1, 2, 3, 5, 10], "tab")

LOCAL_POS = [
    dict(
        ru=["Мефедрон {кристалл|кристаллы|крис}", "Мефедрон {мука|мелкий крис}", "Меф {крис|VHQ|мука}", "4-MMC {кристалл|крис}", "Мефедрон «{Снежинка|Айсберг|Белая кобра}»"],
        uz=["Mefedron {kristall|kristal|muka}", "Mef {kris|^VHQ^|muka}", "^4-MMC^ kristall", "Mefedron «{Qorqiz|Aysberg|Oq kobra}»"],
        unit=RU_G, usd=(25, 45), cat_ru="Стимуляторы > Мефедрон", cat_uz="Stimulyatorlar > Mefedron", w=6,
    ),
    dict(
        ru=["Альфа-PVP {кристалл|крис}", "{Альфа|СК} {белый|голубой|крис}", "Соль a-PVP {кристаллы|крис}", "Скорость {кристалл|мука}"],
        uz=["Alfa-PVP {kristall|kris}", "{Alfa|SK} {oq|ko'k|kris}", "^a-PVP^ sol kristall", "Skorost {kristall|muka}"],
        unit=RU_G, usd=(22, 40), cat_ru="Стимуляторы > Альфа-PVP", cat_uz="Stimulyatorlar > Alfa-PVP", w=4,
    ),
    dict(
        ru=["Амфетамин {паста|порошок|база}", "Фен {белый|розовый}", "Спиды {паста|порошок}"],
        uz=["Amfetamin {pasta|kukun}", "Fen {oq|pushti}"],
        unit=RU_G, usd=(15, 30), cat_ru="Стимуляторы > Амфетамин", cat_uz="Stimulyatorlar > Amfetamin", w=2,
    ),
    dict(
        ru=["Метамфетамин {кристалл|осколки}", "Мет {кристаллы|айс}", "Лёд (айс) кристалл", "Первитин"],
        uz=["Metamfetamin kristall", "Met {kristall|ays}", "Ays (muz) kristall", "Pervitin"],
        unit=RU_G, usd=(35, 60), cat_ru="Стимуляторы > Метамфетамин", cat_uz="Stimulyatorlar > Metamfetamin", w=2,
    ),
    dict(
        ru=["Кокаин {Перу|Колумбия|Боливия}", "Кокс {чешуя|камни}", "Кокаин {97|95|90}%", "Кокаин «{Ягуар|Золотая кобра|777}»"],
        uz=["Kokain {Peru|Kolumbiya|Boliviya}", "Koks {tangachali|tosh}", "Kokain {97|95|90}%", "Kokain «{Yaguar|Oltin kobra|777}»"],
        unit=RU_G, usd=(90, 140), cat_ru="Стимуляторы > Кокаин", cat_uz="Stimulyatorlar > Kokain", w=3,
    ),
    dict(
        ru=["Гашиш {Марокко|Афган|Кетама|Ливан}", "Гаш {Ice-o-lator|Dry sift|Static}", "Чарс {Индия|Непал}", "Пластилин {афганский|}", "Гашиш «{Шоколадка|Слиток|Лепёшка}»"],
        uz=["Gashish {Marokash|Afg'on|Ketama|Livan}", "Gash ^{Ice-o-lator|Dry sift|Static}^", "Chars {Hindiston|Nepal}", "Plastilin {afg'on|}", "Gashish «{Shokolad|Quyma|Lepyoshka}»"],
        unit=RU_G, usd=(12, 25), cat_ru="Каннабис > Гашиш", cat_uz="Kannabis > Gashish", w=5,
    ),
    dict(
        ru=["Шишки <strain>", "Бошки <strain>", "Гидропон <strain>", "Шишки {индика|сатива|гибрид} <strain>", "Шишки «<strain>» {индор|аутдор}"],
        uz=["Shishki ^<strain>^", "Boshki ^<strain>^", "Gidropon ^<strain>^", "Shishki {indika|sativa|gibrid} ^<strain>^"],
        unit=RU_G, usd=(12, 25), cat_ru="Каннабис > Шишки", cat_uz="Kannabis > Shishki", w=5,
    ),
    dict(
        ru=["Спайс {мягкий|жёсткий|средний}", "Микс {ровный|лайт|хард}", "Реагент {MDMB|ADB|5F} {на траве|порошок}", "Курительная смесь «{Зелёный туман|Тайфун|Мята}»"],
        uz=["Spays {yumshoq|qattiq|o'rta}", "Miks {layt|xard}", "Reagent ^{MDMB|ADB|5F}^ {kukun|o'tda}", "Aralashma «{Yashil tuman|Tayfun|Yalpiz}»"],
        unit=RU_G, usd=(8, 15), cat_ru="Синтетика > Спайс", cat_uz="Sintetika > Spays", w=4,
    ),
    dict(
        ru=["Героин {афганский|белый|№4}", "Гера {белая|коричневая}", "Героин высший сорт", "Метадон {кристалл|порошок}"],
        uz=["Geroin {afg'on|oq|№4}", "Gera {oq|jigarrang}", "Metadon {kristall|kukun}"],
        unit=RU_G, usd=(60, 100), cat_ru="Опиаты > Героин", cat_uz="Opiatlar > Geroin", w=2,
    ),
    dict(
        ru=["МДМА {кристаллы|кристалл} {84%|шампань}", "MDMA {кристаллы|крис}", "Кетамин {иглы|кристалл|порошок}", "Грибы {сушёные|} <shroom>", "Псилоцибиновые грибы <shroom>"],
        uz=["^MDMA^ kristall {84%|}", "Ketamin {igna|kristall|kukun}", "Psilotsibin qo'ziqorin ^<shroom>^", "Qo'ziqorin ^<shroom>^ quritilgan"],
        unit=RU_G, usd=(20, 45), cat_ru="Эйфоретики и психоделики", cat_uz="Eyforetiklar > Psixodeliklar", w=3,
    ),
    dict(
        ru=["Экстази «<press>» {200|250|280|300}мг", "Таблетки <press> {250|280}мг MDMA", "Экстази <press>", "2C-B {20|25} мг"],
        uz=["Ekstazi «^<press>^» {200|250|280} mg", "^<press>^ tabletka {250|280} mg ^MDMA^", "^2C-B^ {20|25} mg"],
        unit=RU_PILLS, usd=(8, 18), cat_ru="Эйфоретики > Экстази", cat_uz="Eyforetiklar > Ekstazi", w=3,
    ),
    dict(
        ru=["ЛСД {150|200|250} мкг", "Марки LSD-25 {200|250} мкг", "ЛСД «<art>» {150|200}мкг"],
        uz=["^LSD^ {150|200|250} mkg marka", "^LSD-25^ marka {200|250} mkg"],
        unit=RU_TABS, usd=(10, 20), cat_ru="Психоделики > ЛСД", cat_uz="Psixodeliklar > LSD", w=2,
    ),
    dict(
        ru=["Лирика 300 мг", "Прегабалин 300мг", "Трамадол {100|200|225} мг", "Трамадол 50 мг", "Ксанакс 2 мг", "Альпразолам {1|2} мг", "Феназепам 1 мг", "Клоназепам 2 мг", "Кодеин 30 мг"],
        uz=["Lirika 300 mg", "Pregabalin 300 mg", "Tramadol {100|200|225} mg", "Tramadol 50 mg", "Ksanaks 2 mg", "Alprazolam {1|2} mg", "Fenazepam 1 mg", "Klonazepam 2 mg", "Kodein 30 mg"],
        unit=RU_PILLS, usd=(1.5, 5), cat_ru="Фарма > Таблетки", cat_uz="Farma > Tabletkalar", w=4,
    ),
    dict(
        ru=["3-MMC кристаллы", "3-CMC {кристалл|порошок}", "GBL 99%", "GHB (бутират)"],
        uz=["^3-MMC^ kristall", "^3-CMC^ kristall", "^GBL^ 99%", "^GHB^ (butirat)"],
        unit=RU_G, usd=(10, 25), cat_ru="Стимуляторы > Катиноны", cat_uz="Stimulyatorlar > Katinonlar", w=2,
    ),
]
GRADE_RU = ["VHQ", "HQ", "крис", "чистота 90%+", "без разбавки", "топ", "AAA", "оригинал", "лаб. тест"]
GRADE_UZ = ["^VHQ^", "^HQ^", "kris", "toza", "90%+", "top", "^AAA^", "original", "sifatli"]
DELIV_POS_RU = ["моментальный клад", "мгновенный клад", "клад (магнит)", "прикоп", "тайник", "предзаказ", "клад за 1 час", "магнит / прикоп", "доставка по городу", "моментальная выдача", "предзаказ 2-3 часа"]
DELIV_NEG_RU = ["доставка курьером", "самовывоз", "доставка по городу", "моментальная выдача", "автовыдача", "почтой по Узбекистану", "доставка за 1 час", "бесплатная доставка", "доставка сегодня", "предзаказ"]
DELIV_POS_UZ = ["tezkor klad", "darhol klad", "magnit", "prikop", "tayniq", "oldindan buyurtma", "1 soat ichida klad", "magnit / prikop", "shahar bo'ylab yetkazish", "tezkor berish"]
DELIV_NEG_UZ = ["kuryer orqali yetkazish", "olib ketish", "shahar bo'ylab yetkazish", "tezkor berish", "avtomatik berish", "O'zbekiston bo'ylab pochta", "1 soatda yetkazish", "bepul yetkazish", "bugun yetkazish", "oldindan buyurtma"]

DESC_POS_RU = [
    "Кристаллы, чистота {90|92|95}%+",
    "Клад: {магнит|прикоп|тайник}, фото с координатами сразу после оплаты",
    "Перезаклад при ненаходе — только по видео",
    "Районы: <d1>, <d2>, <d3>",
    "Вес проверен на весах 0.01 г",
    "Новая партия, отзывы на витрине",
    "Не смешивать с алкоголем, начинать с малой дозы",
    "Упаковка: зип-лок, изолента, магнит",
    "Адреса обновляются каждый час",
    "Предзаказ — клад в течение {2|3|6} часов",
    "Эффект {мягкий|ровный|мощный}, без отходняков",
]
DESC_SHARED_RU = [
    "Оплата: BTC, USDT, карта",
    "Гарантия маркета, спор в течение 24 часов",
    "Отзывы на витрине",
    "В наличии",
    "Скидка от {3|5|10} шт",
    "Рейтинг продавца {4.8|4.9|5.0} ★",
    "Более {500|1200|3000} продаж",
    "Работаем 24/7",
    "Оптом — дешевле",
    "Отправка в день заказа",
    "Гарант маркета",
]
DESC_POS_UZ = [
    "Kristall, tozaligi {90|92|95}% dan yuqori",
    "Klad: {magnit|prikop|tayniq}, to'lovdan keyin darhol rasm va koordinata",
    "Topilmasa — faqat video bilan qayta klad",
    "Hududlar: <d1>, <d2>, <d3>",
    "Vazni 0.01 g tarozida tekshirilgan",
    "Yangi partiya, sharhlar vitrinada",
    "Spirtli ichimlik bilan aralashtirmang, kichik dozadan boshlang",
    "Qadoq: zip-lok, izolenta, magnit",
    "Manzillar har soatda yangilanadi",
    "Oldindan buyurtma — klad {2|3|6} soat ichida",
    "Ta'siri {yumshoq|kuchli|bir tekis}",
]
DESC_SHARED_UZ = [
    "To'lov: ^BTC^, ^USDT^, karta",
    "Market kafolati, 24 soat ichida nizo",
    "Sharhlar vitrinada",
    "Mavjud",
    "{3|5|10} donadan chegirma",
    "Sotuvchi reytingi {4.8|4.9|5.0} ★",
    "{500|1200|3000} dan ortiq savdo",
    "24/7 ishlaymiz",
    "Ulgurji — arzonroq",
    "Buyurtma kuni jo'natiladi",
]

# ----------------------------------------------------------------------------------------------------------------
# Russian and Uzbek negatives
# ----------------------------------------------------------------------------------------------------------------


def _l(ru, uz, unit, usd, cat_ru, cat_uz, desc_ru, desc_uz):
    return dict(ru=ru, uz=uz, unit=unit, usd=usd, cat_ru=cat_ru, cat_uz=cat_uz, desc_ru=desc_ru, desc_uz=desc_uz)


ONE = ("count", [1, 1, 1, 2, 5], "pc")
LOCAL_NEG = {
    "illicit": [
        _l(
            ["Паспорт {РФ|РУз|ЕС} шаблон PSD", "Водительские права — шаблон {PSD|с голограммой}", "ID-карта {Узбекистан|Казахстан} шаблон", "Диплом {ВУЗа|колледжа} с занесением в реестр", "Справка 086 без осмотра"],
            ["Pasport {O'zbekiston|RF|YeI} shabloni ^PSD^", "Haydovchilik guvohnomasi shabloni ^PSD^", "ID-karta shabloni {O'zbekiston|Qozog'iston}", "Diplom reyestrga kiritilgan holda", "^086^ spravka ko'riksiz"],
            ONE, (10, 120), "Документы > Шаблоны", "Hujjatlar > Shablonlar",
            ["Все слои редактируются, шрифты в комплекте", "Готово за {24|48} часа", "Проходит проверку штрихкода"],
            ["Barcha qatlamlar tahrirlanadi, shriftlar bilan", "{24|48} soatda tayyor", "Shtrix-kod tekshiruvidan o'tadi"],
        ),
        _l(
            ["Мануал по кардингу {2025|2024}", "Обнал {USDT|карт} без KYC", "Дроп-карты {Humo|Uzcard|Visa}", "Фуллзы США (SSN + DOB)", "Дампы с пином {101|201}", "Логи стилера {свежие|10к}", "Стилер {сборка|билд} + панель"],
            ["Karding bo'yicha qo'llanma {2025|2024}", "^USDT^ naqdlashtirish ^KYC^siz", "Drop-kartalar ^{Humo|Uzcard|Visa}^", "^Fullz USA^ (^SSN + DOB^)", "Stiler loglari {yangi|10k}", "Stiler yig'masi + panel"],
            ("count", [1, 5, 10, 50, 100], "pc"), (5, 60), "Фрод > Кардинг", "Frod > Karding",
            ["Замена в течение {1|6} часов, если не валид", "Валид {85|90|95}%", "Пошаговая инструкция в PDF"],
            ["{1|6} soat ichida almashtirish, agar ishlamasa", "Valid {85|90|95}%", "^PDF^da bosqichma-bosqich yo'riqnoma"],
        ),
        _l(
            ["Аккаунты Netflix Premium {1|12} мес", "Spotify Premium {1 год|навсегда}", "VPN аккаунт {1|2} года", "Телеграм аккаунты {отлежка|старые}"],
            ["^Netflix Premium^ akkaunt {1|12} oy", "^Spotify Premium^ {1 yil|umrbod}", "^VPN^ akkaunt {1|2} yil", "Telegram akkauntlar {eski|otlejka}"],
            ("count", [1, 1, 5, 10, 50], "acc"), (1, 20), "Цифровые товары > Аккаунты", "Raqamli tovarlar > Akkauntlar",
            ["Выдача сразу после оплаты", "Гарантия {7|30} дней", "Логин и пароль в чате заказа"],
            ["To'lovdan keyin darhol beriladi", "{7|30} kun kafolat", "Login va parol buyurtma chatida"],
        ),
        _l(
            ["Фальшивые купюры {100$|50€}", "Фальшивые {доллары|евро} новая серия", "Купюры 200 000 сум копия"],
            ["Soxta {dollar 100$|yevro 50€}", "Soxta {dollar|yevro} yangi seriya", "200 000 so'mlik kupyura nusxasi"],
            ("count", [10, 20, 50, 100], "note"), (3, 8), "Подделки > Деньги", "Soxta tovarlar > Pul",
            ["Проходит проверку ультрафиолетом", "Защитная нить и водяной знак", "Бумага на ощупь как оригинал"],
            ["Ultrabinafsha tekshiruvidan o'tadi", "Himoya ipi va suv belgisi bor", "Qog'ozi ushlaganda asl nusxadek"],
        ),
        _l(
            ["Часы Rolex {Submariner|Daytona} реплика 1:1", "Сумка {LV|Gucci|Hermes} копия AAA+", "Кроссовки {Jordan 1|Yeezy} реплика"],
            ["^Rolex {Submariner|Daytona}^ replika 1:1", "^{LV|Gucci|Hermes}^ sumka nusxa ^AAA+^", "^{Jordan 1|Yeezy}^ krossovka replika"],
            ("count", [1, 1, 2, 5], "pc"), (40, 400), "Подделки > Часы и сумки", "Soxta tovarlar > Soat va sumka",
            ["Швейцарский механизм, сапфировое стекло", "Коробка и документы в комплекте", "Фото товара до отправки"],
            ["^Swiss^ mexanizm, safir oyna", "Quti va hujjatlar bilan", "Jo'natishdan oldin tovar rasmi"],
        ),
        _l(
            ["Травматический пистолет {ПМ-Т|Макарыч}", "Пистолет Макарова {без номера|}", "Обрез {ИЖ-43|16 калибр}"],
            ["Travmatik to'pponcha {^PM-T^|Makarich}", "Makarov to'pponchasi {raqamsiz|}", "Kesilgan miltiq ^{IJ-43|16}^"],
            ("count", [1, 1, 2], "pc"), (250, 900), "Оружие > Пистолеты", "Qurol > To'pponchalar",
            ["Отправка в разобранном виде", "Номер сбит", "Отстрелян, видео по запросу"],
            ["Qismlarga ajratilgan holda jo'natiladi", "Raqami o'chirilgan", "Otib ko'rilgan, video so'rov bo'yicha"],
        ),
        _l(
            ["Патроны 9 мм {ПМ|Люгер}", "Патроны 5,45 {россыпь|}", "Патроны резиновые {10x22|9 мм Р.А.}"],
            ["9 mm o'q-dorilar {^PM^|Lyuger}", "5,45 o'q-dorilar", "Rezina o'qlar ^{10x22|9 mm P.A.}^"],
            ("count", [20, 50, 100, 250], "round"), (0.5, 1.5), "Оружие > Патроны", "Qurol > O'q-dorilar",
            ["Заводские коробки", "Отправка отдельно от оружия"],
            ["Zavod qutilarida", "Quroldan alohida jo'natiladi"],
        ),
    ],
    "goods": [
        _l(
            ["Весы ювелирные 0.01 г", "Гриндер {4-секционный|металлический}", "Бумага для самокруток King Size", "Зип-пакеты {10x15|4x6}", "Вакууматор + 50 пакетов", "Испаритель для ароматерапии"],
            ["Zargarlik tarozisi 0.01 g", "Grinder {metall|4 qismli}", "Sigaret qog'ozi ^King Size^", "Zip-paketlar {10x15|4x6}", "Vakuumlagich + 50 paket", "Aromaterapiya uchun bug'latgich"],
            ("count", [1, 1, 2, 10, 50, 100], "pc"), (0.3, 25), "Аксессуары > Весы и хранение", "Aksessuarlar > Tarozi va saqlash",
            ["Калибровочный груз в комплекте", "Батарейки в комплекте", "Новые, в заводской упаковке"],
            ["Kalibrlash toshi bilan", "Batareykalar bilan", "Yangi, zavod qadog'ida"],
        ),
        _l(
            ["Соль поваренная {йодированная|мелкая|крупная}", "Сахар {песок|рафинад}", "Мука высший сорт", "Сода пищевая", "Лимонная кислота"],
            ["Osh tuzi {yodlangan|mayda|yirik}", "Shakar {qum|kubik}", "Un oliy nav", "Oziq-ovqat sodasi", "Limon kislotasi"],
            ("g", [500, 1000, 1000, 5000, 10000, 25000, 50000]), (0.0008, 0.004), "Продукты > Бакалея", "Oziq-ovqat > Baqqollik",
            ["Оптом для кафе и пекарен", "Мешок {25|50} кг, доставка до двери", "Срок годности до {2026|2027}"],
            ["Kafe va novvoyxonalar uchun ulgurji", "{25|50} kg qop, eshikkacha yetkazish", "Yaroqlilik muddati {2026|2027} gacha"],
        ),
        _l(
            ["Соль для ванн с {лавандой|эвкалиптом}", "Морская соль для ванн {крупная|с травами}", "Английская соль для ванн"],
            ["Vanna uchun tuz {lavanda|evkalipt}", "Vanna uchun dengiz tuzi {yirik|o'tlar bilan}", "Vanna uchun ingliz tuzi"],
            ("g", [100, 250, 500, 1000]), (0.01, 0.04), "Красота > Ванна", "Go'zallik > Vanna",
            ["Натуральный состав", "Подарочная упаковка", "Растворяется в тёплой воде"],
            ["Tabiiy tarkib", "Sovg'a qadog'i", "Iliq suvda eriydi"],
        ),
        _l(
            ["Кристаллы Сваровски для {люстры|рукоделия}", "Кристалл горный хрусталь", "Бусы из кристаллов", "Серьги с кристаллами"],
            ["^Swarovski^ kristallari {qandil|qo'l ishi} uchun", "Tog' billuri kristall", "Kristall marjon", "Kristall sirg'alar"],
            ("count", [1, 1, 2, 10, 50, 100], "pc"), (2, 30), "Украшения и декор", "Taqinchoqlar va dekor",
            ["Каждый камень уникален", "Подарочная коробка", "Серебро 925 пробы"],
            ["Har bir tosh betakror", "Sovg'a qutisi", "925 probali kumush"],
        ),
        _l(
            ["Набор для выращивания вешенки", "Семена томатов «{Бычье сердце|Черри}»", "Магниты на холодильник «{Ташкент|Самарканд}»", "Почтовые марки {Узбекистан|1990-х}", "Цепи противоскольжения {R14|R16}", "Скребок для льда с щёткой"],
            ["Qo'ziqorin (vyoshenka) yetishtirish to'plami", "Pomidor urug'lari «{Ho'kiz yuragi|Cherri}»", "Muzlatgich magnitlari «{Toshkent|Samarqand}»", "Pochta markalari {O'zbekiston|1990-yillar}", "Qor zanjirlari ^{R14|R16}^", "Muz qirg'ich cho'tka bilan"],
            ("count", [1, 1, 2, 5, 10, 50], "pc"), (1, 8), "Дом и сад", "Uy va bog'",
            ["Первый урожай через {10|14} дней", "Всхожесть {90|95}%", "Подходит для большинства авто"],
            ["Birinchi hosil {10|14} kunda", "Unuvchanlik {90|95}%", "Ko'p mashinalarga mos"],
        ),
    ],
    "digital": [
        _l(
            ["Электронная книга «{Как заработать на маркетплейсах|Трейдинг с нуля|Инвестиции для новичков}»", "Видеокурс «{SMM с нуля|Python за 30 дней|Монтаж в Premiere}»", "Ключ Windows 11 Pro", "Office 2021 ключ активации", "Сериалы 4K {пак|сборник}", "Подарочная карта {Steam|Google Play} {50$|25$}", "Фильмы 2024 {1080p|4K} сборник"],
            ["Elektron kitob «{Marketplaysda pul topish|Treyding noldan}»", "Video kurs «{SMM noldan|Python 30 kunda}»", "^Windows 11 Pro^ litsenziya kaliti", "^Office 2021^ faollashtirish kaliti", "Seriallar ^4K^ to'plami", "^{Steam|Google Play}^ sovg'a kartasi {50$|25$}"],
            ("count", [1, 1, 1, 3, 5], "key"), (2, 30), "Цифровые товары", "Raqamli tovarlar",
            ["Автовыдача 24/7", "Ссылка на скачивание сразу после оплаты", "Пожизненный доступ"],
            ["24/7 avtomatik berish", "To'lovdan keyin darhol yuklab olish havolasi", "Umrbod kirish"],
        ),
        _l(
            ["Смартфон {Samsung A54|Redmi Note 13} {128|256} ГБ", "iPhone 13 {восстановленный|128 ГБ}", "Крем с CBD {30|50} мл", "Масло CBD косметическое"],
            ["Smartfon ^{Samsung A54|Redmi Note 13}^ {128|256} ^GB^", "^iPhone 13^ {tiklangan|128 GB}", "^CBD^ yuz kremi {30|50} ml", "^CBD^ kosmetik yog'i"],
            ("count", [1, 1, 2], "pc"), (8, 400), "Электроника и косметика", "Elektronika va kosmetika",
            ["Оригинал, гарантия 1 год", "Без ТГК, сертификат лаборатории", "Доставка по всему Узбекистану"],
            ["Original, 1 yil kafolat", "^THC^siz, laboratoriya sertifikati", "Butun O'zbekiston bo'ylab yetkazish"],
        ),
    ],
}

# pharmacy (ru / uz)
PH_LOCAL = [
    ("Трамадол", "Tramadol", ["50 мг", "100 мг"], [10, 20], "капсулы", "kapsula"),
    ("Прегабалин", "Pregabalin", ["75 мг", "150 мг", "300 мг"], [14, 28, 56], "капсулы", "kapsula"),
    ("Альпразолам", "Alprazolam", ["0,25 мг", "0,5 мг", "1 мг"], [30, 50], "таблетки", "tabletka"),
    ("Диазепам", "Diazepam", ["5 мг", "10 мг"], [20, 30], "таблетки", "tabletka"),
    ("Клоназепам", "Klonazepam", ["0,5 мг", "2 мг"], [30, 50], "таблетки", "tabletka"),
    ("Феназепам", "Fenazepam", ["0,5 мг", "1 мг"], [50], "таблетки", "tabletka"),
    ("Кодеина фосфат", "Kodein fosfat", ["15 мг", "30 мг"], [10, 20], "таблетки", "tabletka"),
    ("Золпидем", "Zolpidem", ["10 мг"], [14, 28], "таблетки", "tabletka"),
    ("Габапентин", "Gabapentin", ["300 мг"], [50, 100], "капсулы", "kapsula"),
    ("Лирика", "Lirika", ["75 мг", "150 мг"], [14, 56], "капсулы", "kapsula"),
]
PH_MFR_LOCAL = ["ФармаВита", "Северфарм", "МедЛайн Фарма", "Навбахор Фарм", "Зарафшан Фарм", "Orient Pharm"]
PH_MFR_UZ = ["Navbahor Farm", "Zarafshon Farm", "Sharq Dori", "Orzu Pharm", "Shifo Med"]
PH_SHOP_RU = ["Аптека «Здоровье Плюс»", "Аптека «Мадад»", "Аптека «Гулшан-Фарм»", "Аптека №{7|12|24}"]
PH_SHOP_UZ = ["«Shifobaxsh» dorixonasi", "«Malham Farm» dorixonasi", "«Sog'lom Hayot» dorixonasi", "{7|12|24}-son dorixona"]


# ----------------------------------------------------------------------------------------------------------------
# items: one product with its quantity, grade, origin, price and lines
# ----------------------------------------------------------------------------------------------------------------


def en_item(rng, fam: dict, label: int) -> dict:
    name = fill(rng, rng.choice(fam["names"]))
    if fam.get("qx") and rng.random() < 0.5:
        q, qs = 1, fill(rng, rng.choice(fam["qx"]))
    else:
        q, qs = quantity(rng, fam["unit"], "en")
    origin = fill(rng, rng.choice(fam["origins"]))
    digital = fam.get("digital", False)
    return dict(
        label=label,
        name=name,
        short=fill(rng, rng.choice(fam["short"])),
        qty=qs,
        grade=fill(rng, rng.choice(fam["grades"])),
        origin=origin,
        price=price(rng, unit_usd(rng, fam, q), "en"),
        cat=rng.choice(fam["cats"]),
        desc=[fill(rng, d) for d in fam["desc"]],
        digital=digital,
        ship=fill(rng, rng.choice(SHIP_TAGS_DIGITAL if digital else SHIP_TAGS_EN)),
        frm=origin if origin and rng.random() < 0.4 and not digital else fill(rng, rng.choice(FROM_EN)),
    )


def en_pos_item(rng) -> dict:
    fam = rng.choices(EN_POS, weights=[f["w"] for f in EN_POS])[0]
    return en_item(rng, fam, 1)


def en_neg_item(domain: str):
    def make(rng) -> dict:
        return en_item(rng, rng.choice(EN_NEG[domain]), 0)

    return make


def en_lines(rng, item: dict, k: int) -> list[str]:
    """k lines of vendor text: the product's own notes plus shipping, escrow, refund and shop lines."""
    pools = [item["desc"], item["desc"], ESCROW_EN, MISC_EN]
    pools += [DIGITAL_EN, DIGITAL_EN] if item["digital"] else [GEN_SHIP_EN, STEALTH_EN, REFUND_EN]
    out: list[str] = []
    tries = 0
    while len(out) < k and tries < 40:
        tries += 1
        line = fill(rng, rng.choice(rng.choice(pools)))
        line = line.replace("<from>", item["frm"]).replace("<to>", fill(rng, rng.choice(TO_EN)))
        if line not in out:
            out.append(line)
    return out


# ----------------------------------------------------------------------------------------------------------------
# English layouts (used by both labels)
# ----------------------------------------------------------------------------------------------------------------

EN_SHAPES = [
    "{qty} {grade} {name} - {ship}",
    "{qty} {name} {grade} - {ship}",
    "{name} {qty} {grade}",
    "{name} - {qty} - {grade}",
    "{grade} {name} {qty} | {ship}",
    "{qty} x {name} ({origin})",
    "{qty} {name} {origin} {grade}",
    "{name} {qty} | {price}",
    "{qty} {name} | {grade} | {ship} | {price}",
    "{name} ({qty}) {grade} - {price}",
    "{ship} {name} {qty}",
    "{qty} {name} from {origin} - {ship}",
    "{name} {qty} {origin}",
    "{name} - {qty}",
    "{qty} {name}",
    "{name} {grade} {qty} {origin} - {ship} - {price}",
    "{qty} of {name}, {grade}",
    "{name} :: {qty} :: {ship}",
    "{qty} {name} {grade} {price} {ship}",
]
_FIELDS = string.Formatter()


def shape_fields(shape: str) -> set[str]:
    return {f for _, f, _, _ in _FIELDS.parse(shape) if f}


def en_title(rng, item: dict, need: str | None = None) -> str:
    vals = {k: item[k] for k in ("name", "qty", "grade", "origin", "price", "ship")}
    shapes = [s for s in EN_SHAPES if all(vals[f] for f in shape_fields(s)) and (need is None or need in s)]
    if "x" in vals["qty"].lower():
        shapes = [s for s in shapes if "{qty} x " not in s] or shapes
    shape = rng.choice(shapes or EN_SHAPES[:3])
    if "ship" in shape and rng.random() < 0.3:
        vals["ship"] = tag(rng, "en") if rng.random() < 0.5 else vals["ship"]
    return shape.format(**vals)


def lay_title_a(rng, item):  # bare title
    return decorate(rng, en_title(rng, item), "en", 0.5)


def lay_title_b(rng, item):  # loud title with a price and tags
    t = en_title(rng, item, need="price" if rng.random() < 0.6 else None)
    if item["price"] not in t:
        t = f"{t} {rng.choice(['-', '|', '—', '@'])} {item['price']}"
    return decorate(rng, t, "en", 2.0)


def lay_title_c(rng, item):  # title + category path (+ price)
    lines = [decorate(rng, en_title(rng, item), "en", 0.8), crumb(rng, item["cat"])]
    if rng.random() < 0.35:
        lines.append(rng.choice(["Price: ", "", "From ", "USD/BTC: "]) + item["price"])
    if rng.random() < 0.15:
        lines.reverse()
    return "\n".join(lines)


def lay_title_d(rng, item):  # terse, lower case
    parts = [item["short"], item["qty"]]
    if rng.random() < 0.5:
        parts.reverse()
    extra = [item["ship"], item["grade"], item["price"], tag(rng, "en")]
    rng.shuffle(extra)
    parts += extra[: rng.choice([1, 1, 2])]
    t = " ".join(p for p in parts if p)
    if len(t.split()) < 3:
        t += " " + item["ship"]
    return t.lower() if rng.random() < 0.7 else decorate(rng, t, "en", 1.0)


def lay_page_a(rng, item):  # title + 1-3 lines
    lines = en_lines(rng, item, rng.randint(1, 3))
    if rng.random() < 0.3:
        lines = E.bulletize(lines, rng)
    return "\n".join([decorate(rng, en_title(rng, item), "en", 0.8)] + lines)


def lay_page_b(rng, item):  # title + fields
    pct = "%" in item["grade"]
    fields = [
        ("Price", item["price"]),
        ("Ships from", "Digital" if item["digital"] else item["frm"]),
        ("Ships to", fill(rng, rng.choice(TO_EN))),
        ("Escrow", rng.choice(["yes", "FE", "multisig", "FE for trusted", "yes (no FE)"])),
        ("Category", crumb(rng, item["cat"]).split(": ")[-1]),
        ("In stock", str(rng.randint(3, 400))),
        ("Unit", item["qty"]),
        ("Class", "Digital goods" if item["digital"] else "Physical package"),
        ("Sold", f"{rng.randint(2, 3000)} since {rng.choice(['Jan', 'Mar', 'Jun', 'Sep', 'Nov'])} {rng.choice([2023, 2024, 2025])}"),
        (rng.choice(["Purity", "Quality"]) if pct else rng.choice(["Quality", "Grade", "Details"]), item["grade"]),
        ("Origin", item["origin"]),
        ("Delivery", item["ship"]),
    ]
    fields = [f for f in fields if f[1]]
    rng.shuffle(fields)
    sep = rng.choice([": ", ": ", " - ", " | "])
    body = [f"{k}{sep}{v}" for k, v in fields[: rng.randint(3, 6)]]
    if rng.random() < 0.4:
        body.append(fill(rng, rng.choice(item["desc"])))
    return "\n".join([decorate(rng, en_title(rng, item), "en", 0.8)] + body)


def lay_page_c(rng, item):  # title + paragraphs (40-120 words)
    lines = en_lines(rng, item, rng.randint(6, 13))
    cut = rng.randint(1, max(1, len(lines) - 2))
    para1 = ". ".join(lines[:cut]) + "."
    para2 = ". ".join(lines[cut:]) + "."
    head = decorate(rng, en_title(rng, item), "en", 0.8)
    parts = [head, para1, para2]
    if rng.random() < 0.5:
        parts.insert(1, crumb(rng, item["cat"]))
    return rng.choice(["\n\n", "\n"]).join(parts)


EN_LAYOUTS = {
    "title-a": lay_title_a,
    "title-b": lay_title_b,
    "title-c": lay_title_c,
    "title-d": lay_title_d,
    "page-a": lay_page_a,
    "page-b": lay_page_b,
    "page-c": lay_page_c,
}
NEG_LAYOUT_WEIGHTS = {"title-a": 4, "title-b": 3, "title-c": 3, "title-d": 3, "page-a": 3, "page-b": 2, "page-c": 2}


def en_pos(layout: str):
    def gen(rng, lang):
        return EN_LAYOUTS[layout](rng, en_pos_item(rng))

    return gen


def en_neg(domain: str):
    make = en_neg_item(domain)

    def gen(rng, lang):
        name = rng.choices(list(NEG_LAYOUT_WEIGHTS), weights=list(NEG_LAYOUT_WEIGHTS.values()))[0]
        return EN_LAYOUTS[name](rng, make(rng))

    return gen


# ----------------------------------------------------------------------------------------------------------------
# Russian / Uzbek layouts (used by both labels)
# ----------------------------------------------------------------------------------------------------------------

LOCAL_SHAPES = [
    "{name} {qty} | {city} | {deliv}",
    "{name} {qty} — {district}",
    "{name} {grade} {qty} - {city}, {district}",
    "{qty} {name} | {price} | {deliv}",
    "{name} {qty} ({deliv}) — {price}",
    "{name} {qty} — {city} — {deliv}",
    "{name}, {qty}, {price}",
    "{name} {grade} {qty} — {price}",
    "{name} {qty} • {district} • {price}",
    "{city}: {name} {qty} {deliv}",
]
LOCAL_WORDS = {
    "ru": dict(cat="Категория", price="Цена", city="Город", areas="Районы", deliv="Доставка", deliv_pos="Тип клада", stock="В наличии", sold="Продано"),
    "uz": dict(cat="Kategoriya", price="Narxi", city="Shahar", areas="Hududlar", deliv="Yetkazish", deliv_pos="Klad turi", stock="Mavjud", sold="Sotildi"),
}


def local_item(rng, fam: dict, label: int, lang: str) -> dict:
    """lang: ru, uz (Latin) or uzc (Uzbek Cyrillic)."""
    src = "ru" if lang == "ru" else "uz"
    cyr = lang == "uzc"
    if cyr and label == 1 and rng.random() < 0.25:
        name = fill(rng, rng.choice(fam["ru"]))  # Russian street names are common in Uzbek Cyrillic listings
    else:
        name = fill(rng, rng.choice(fam[src]))
        name = uz_render(name, cyr) if src == "uz" else name
    q, qs = quantity(rng, fam["unit"], lang)
    ci = rng.choice(CITIES)
    dists = rng.sample(DISTRICTS[src], 3)
    if src == "uz":
        city = uz_render(ci[3], cyr)
        dists = [uz_render(d, cyr) for d in dists]
    else:
        city = ci[1]
    if label:
        grade = rng.choice(GRADE_RU if src == "ru" else GRADE_UZ)
        deliv = rng.choice(DELIV_POS_RU if src == "ru" else DELIV_POS_UZ)
        desc = DESC_POS_RU if src == "ru" else DESC_POS_UZ
        cat = fam["cat_ru" if src == "ru" else "cat_uz"]
    else:
        grade = rng.choice(["HQ", "AAA+", "оригинал", "новый", "топ"] if src == "ru" else ["^HQ^", "^AAA+^", "original", "yangi", "top"])
        deliv = rng.choice(DELIV_NEG_RU if src == "ru" else DELIV_NEG_UZ)
        desc = fam["desc_ru" if src == "ru" else "desc_uz"]
        cat = fam["cat_ru" if src == "ru" else "cat_uz"]
    shared = DESC_SHARED_RU if src == "ru" else DESC_SHARED_UZ

    def r(s: str) -> str:
        s = fill(rng, s)
        for i, d in enumerate(dists, 1):
            s = s.replace(f"<d{i}>", d)
        return uz_render(s, cyr) if src == "uz" else s

    return dict(
        label=label,
        lang=lang,
        src=src,
        name=name,
        qty=qs,
        grade=r(grade),
        price=price(rng, unit_usd(rng, fam, q), lang),
        city=city,
        district=dists[0],
        dists=dists,
        deliv=r(deliv),
        cat=r(cat),
        desc=[r(d) for d in desc],
        shared=[r(d) for d in shared],
    )


def local_title(rng, item: dict) -> str:
    return rng.choice(LOCAL_SHAPES).format(**{k: item[k] for k in ("name", "qty", "grade", "price", "city", "district", "deliv")})


def local_words(item: dict) -> dict:
    w = LOCAL_WORDS[item["src"]]
    if item["lang"] == "uzc":
        w = {k: E.to_cyrillic(v) for k, v in w.items()}
    return w


def lay_local_title(rng, item):
    return decorate(rng, local_title(rng, item), item["lang"], 0.7)


def lay_local_title_b(rng, item):  # loud title with price and tags
    t = local_title(rng, item)
    if item["price"] not in t:
        t = f"{t} {rng.choice(['—', '|', '-', '•'])} {item['price']}"
    return decorate(rng, t, item["lang"], 2.0)


def lay_local_page(rng, item):
    w = local_words(item)
    sep = rng.choice([": ", ": ", " — "])
    fields = [
        (w["cat"], crumb(rng, item["cat"], item["lang"])),
        (w["price"], item["price"]),
        (w["city"], item["city"]),
        (w["areas"], ", ".join(item["dists"][: rng.randint(1, 3)])),
        (w["deliv_pos"] if item["label"] and rng.random() < 0.5 else w["deliv"], item["deliv"]),
        (w["stock"], str(rng.randint(2, 60))),
        (w["sold"], str(rng.randint(5, 3000))),
    ]
    rng.shuffle(fields)
    lines = [f"{k}{sep}{v}" for k, v in fields[: rng.randint(2, 4)]]
    pool = item["desc"] + item["shared"]
    lines += rng.sample(pool, rng.randint(1, 3))
    lines = [ln for i, ln in enumerate(lines) if ln not in lines[:i]]
    rng.shuffle(lines)
    if rng.random() < 0.3:
        lines = E.bulletize(lines, rng)
    return "\n".join([decorate(rng, local_title(rng, item), item["lang"], 0.7)] + lines)


LOCAL_LAYOUTS = {"title-a": lay_local_title, "title-b": lay_local_title_b, "page-a": lay_local_page}


def local_pos(layout: str):
    def gen(rng, lang):
        fam = rng.choices(LOCAL_POS, weights=[f["w"] for f in LOCAL_POS])[0]
        return LOCAL_LAYOUTS[layout](rng, local_item(rng, fam, 1, lang))

    return gen


def local_neg(domain: str):
    def gen(rng, lang):
        fam = rng.choice(LOCAL_NEG[domain])
        name = rng.choices(list(LOCAL_LAYOUTS), weights=[4, 3, 3])[0]
        return LOCAL_LAYOUTS[name](rng, local_item(rng, fam, 0, lang))

    return gen


# ----------------------------------------------------------------------------------------------------------------
# pharmacy
# ----------------------------------------------------------------------------------------------------------------


def ph_decorate(rng, t: str) -> str:
    """Pharmacies style their titles soberly: sometimes capitals or a plain marker, never stars or fire."""
    if rng.random() < 0.15:
        t = E.upper_keep(t)
    return rng.choice(["", "", "", "", "✅ ", "💊 ", "➕ "]) + t


def _lic(rng, en: bool = False) -> str:
    shapes = ["PH-{}-{:04d}", "L{}/{:04d}", "{}-{:04d}"] + ([] if en else ["№ {}{:04d}"])
    return rng.choice(shapes).format(rng.randint(2019, 2025), rng.randint(1, 9999))


def ph_en(mode: str):
    """mode "title": product titles only; "page": title and a few lines of product page."""

    def gen(rng, lang):
        return _ph_en(rng, mode)

    return gen


def _ph_en(rng, mode: str):
    inn, doses, packs, forms, advice = rng.choice(PH_EN)
    drug, dose, n, form = fill(rng, inn), rng.choice(doses), rng.choice(packs), rng.choice(forms)
    mfr, shop = rng.choice(PH_MFR), rng.choice(PH_SHOP_EN)
    p = price(rng, rng.uniform(0.15, 1.2) * n, "en")
    title = fill(
        rng,
        rng.choice(
            [
                f"{drug} {dose} x {n} {form} — {{Rx only|prescription only}}",
                f"{drug} {dose} {form}, pack of {n} | Prescription required",
                f"[Rx] {drug} {dose} × {n} | {mfr}",
                f"{drug} {dose} ({n} {form}) - prescription-only medicine",
                f"{drug.upper()} {dose} N{n} — POM — {p}",
                f"{drug} {dose.replace(' ', '')} x{n} {{Rx|POM}} · {shop}",
            ]
        ),
    )
    if mode == "title":
        return ph_decorate(rng, title)
    lines = [
        f"Manufacturer: {mfr}",
        f"Active substance: {drug.split(' ')[0].lower()} {dose}",
        f"Dosage: {advice}",
        "{Prescription-only medicine|Rx only}: {upload a valid prescription before we dispatch|we dispense only against a valid prescription}",
        "Our pharmacist checks every order{; ID required on delivery|}",
        f"Pharmacy licence No. {_lic(rng, en=True)}",
        f"Price: {p}",
        "Store below 25 °C, keep out of the sight and reach of children",
        "Read the package leaflet before use",
        "Delivery: tracked, signature required, {2-3|1-2} working days",
        "Free delivery over ${30|40|50}",
        f"{shop}, registered pharmacy",
    ]
    body = [fill(rng, x) for x in rng.sample(lines, rng.randint(2, 5))]
    return "\n".join([ph_decorate(rng, title)] + body)


def ph_local(rng, lang):
    ru_name, uz_name, doses, packs, form_ru, form_uz = rng.choice(PH_LOCAL)
    dose, n = rng.choice(doses), rng.choice(packs)
    p = price(rng, rng.uniform(0.15, 1.0) * n, lang)
    lic = _lic(rng)
    if lang == "ru":
        mfr, shop = rng.choice(PH_MFR_LOCAL), fill(rng, rng.choice(PH_SHOP_RU))
        title = fill(
            rng,
            rng.choice(
                [
                    f"{ru_name} {dose} №{n}, {form_ru} — отпуск по рецепту",
                    f"{ru_name} {dose} {n} шт — рецептурный препарат",
                    f"[Rx] {ru_name} {dose} №{n} | {mfr}",
                    f"{ru_name} {dose} №{n} — {p} — {shop}",
                    f"{ru_name.upper()} {dose} №{n} ({{строго по рецепту|по рецепту врача}})",
                ]
            ),
        )
        lines = [
            f"Производитель: {mfr}",
            f"Действующее вещество: {ru_name.lower()} {dose}",
            "Способ применения: {по назначению врача|согласно инструкции и назначению врача}",
            "Отпускается строго по рецепту врача",
            "Препарат предметно-количественного учёта, нужен рецептурный бланк",
            f"Лицензия на фармацевтическую деятельность {lic}",
            f"Цена: {p}",
            "Хранить при температуре не выше 25 °C, в недоступном для детей месте",
            "Доставка рецептурных препаратов не осуществляется — самовывоз из аптеки",
            f"{shop}, {{круглосуточно|с 8:00 до 22:00}}",
        ]
    else:
        cyr = lang == "uzc"
        mfr, shop = rng.choice(PH_MFR_UZ), fill(rng, rng.choice(PH_SHOP_UZ))
        dose_uz = dose.replace("мг", "mg")
        title = fill(
            rng,
            rng.choice(
                [
                    f"{uz_name} {dose_uz} №{n}, {form_uz} — retsept bilan",
                    f"{uz_name} {dose_uz} {n} dona — retsept bo'yicha beriladi",
                    f"^[Rx]^ {uz_name} {dose_uz} №{n} | ^{mfr}^",
                    f"{uz_name} {dose_uz} №{n} — _P_ — {shop}",
                    f"{uz_name.upper()} {dose_uz} №{n} ({{faqat retsept bilan|shifokor retsepti bilan}})",
                ]
            ),
        )
        lines = [
            f"Ishlab chiqaruvchi: ^{mfr}^",
            f"Ta'sir etuvchi modda: {uz_name.lower()} {dose_uz}",
            "Qo'llanilishi: {shifokor ko'rsatmasi bo'yicha|yo'riqnoma va shifokor tavsiyasiga ko'ra}",
            "Faqat shifokor retsepti bilan beriladi",
            "Miqdoriy hisobdagi dori, retsept blanki kerak",
            f"Dorixona litsenziyasi ^{lic}^",
            "Narxi: _P_",
            "25 °C dan yuqori bo'lmagan haroratda, bolalar ololmaydigan joyda saqlang",
            "Retseptli dorilar yetkazib berilmaydi — dorixonadan olib ketish",
            f"{shop}, {{kecha-kunduz|8:00 dan 22:00 gacha}}",
        ]
        title = uz_render(title, cyr).replace("_P_", p)
        lines = [uz_render(fill(rng, x), cyr).replace("_P_", p) for x in lines]
    body = [fill(rng, x) for x in rng.sample(lines, rng.randint(2, 5))]
    t = ph_decorate(rng, title)
    return t if rng.random() < 0.4 else "\n".join([t] + body)


# ----------------------------------------------------------------------------------------------------------------
# groups
# ----------------------------------------------------------------------------------------------------------------

LANG = {"en": "en", "ru": "ru", "uz": "uz-latn", "uzc": "uz-cyrl"}
# (group, kind, language form, documents, generator)
GROUPS = [
    ("lst-en-title-a", "market_listing", "en", 40, en_pos("title-a")),
    ("lst-en-title-b", "market_listing", "en", 40, en_pos("title-b")),
    ("lst-en-title-c", "market_listing", "en", 38, en_pos("title-c")),
    ("lst-en-title-d", "market_listing", "en", 38, en_pos("title-d")),
    ("lst-en-page-a", "market_listing", "en", 40, en_pos("page-a")),
    ("lst-en-page-b", "market_listing", "en", 38, en_pos("page-b")),
    ("lst-en-page-c", "market_listing", "en", 36, en_pos("page-c")),
    ("lst-ru-title-a", "market_listing", "ru", 26, local_pos("title-a")),
    ("lst-ru-title-b", "market_listing", "ru", 25, local_pos("title-b")),
    ("lst-ru-page-a", "market_listing", "ru", 25, local_pos("page-a")),
    ("lst-uzl-title-a", "market_listing", "uz", 27, local_pos("title-a")),
    ("lst-uzl-page-a", "market_listing", "uz", 25, local_pos("page-a")),
    ("lst-uzc-title-b", "market_listing", "uzc", 27, local_pos("title-b")),
    ("lst-uzc-page-a", "market_listing", "uzc", 25, local_pos("page-a")),
    ("lst-neg-en-docs", "other_illicit", "en", 28, en_neg("docs")),
    ("lst-neg-en-card", "other_illicit", "en", 30, en_neg("card")),
    ("lst-neg-en-acc", "other_illicit", "en", 28, en_neg("acc")),
    ("lst-neg-en-fake", "other_illicit", "en", 28, en_neg("fake")),
    ("lst-neg-en-weapon", "other_illicit", "en", 22, en_neg("weapon")),
    ("lst-neg-en-ebook", "other", "en", 30, en_neg("ebook")),
    ("lst-neg-en-soft", "other", "en", 30, en_neg("soft")),
    ("lst-neg-en-goods-a", "other", "en", 34, en_neg("goods-a")),
    ("lst-neg-en-goods-b", "other", "en", 30, en_neg("goods-b")),
    ("lst-ph-en-title", "pharmacy", "en", 15, ph_en("title")),
    ("lst-ph-en-page", "pharmacy", "en", 15, ph_en("page")),
    ("lst-neg-ru-illicit", "other_illicit", "ru", 22, local_neg("illicit")),
    ("lst-neg-ru-goods", "other", "ru", 24, local_neg("goods")),
    ("lst-neg-ru-digital", "other", "ru", 18, local_neg("digital")),
    ("lst-ph-ru", "pharmacy", "ru", 15, ph_local),
    ("lst-neg-uzl-illicit", "other_illicit", "uz", 20, local_neg("illicit")),
    ("lst-neg-uzl-goods", "other", "uz", 26, local_neg("goods")),
    ("lst-ph-uzl", "pharmacy", "uz", 15, ph_local),
    ("lst-neg-uzc-illicit", "other_illicit", "uzc", 20, local_neg("illicit")),
    ("lst-neg-uzc-goods", "other", "uzc", 26, local_neg("goods")),
    ("lst-ph-uzc", "pharmacy", "uzc", 15, ph_local),
]
LABEL = {"market_listing": 1, "other_illicit": 0, "other": 0, "pharmacy": 0}
UZ_APOS = ["'", "'", "‘", "`", "none", "ʻ", "’"]


def _clean(text: str) -> str:
    text = re.sub(r"[ \t]{2,}", " ", text)
    return re.sub(r"[ \t]+\n", "\n", text).strip()


def documents(seed: int) -> list[dict]:
    """About 940 listing documents: {text, label, kind, lang, group}, in a fixed shuffled order."""
    rng = random.Random(seed + SEED_OFFSET)
    seen: set[str] = set()
    prefixes: set[str] = set()
    docs: list[dict] = []
    for group, kind, src, count, gen in GROUPS:
        made = tries = 0
        while made < count and tries < count * 50:
            tries += 1
            text = gen(rng, src)
            if src == "uz":
                text = E.uz_apostrophes(text, rng.choice(UZ_APOS if kind != "pharmacy" else ["'", "ʻ", "‘", "’"]))
            text = _clean(text)
            if len(text) < 8 or text in seen or (text[:30] in prefixes and tries < count * 40):
                continue
            seen.add(text)
            prefixes.add(text[:30])
            docs.append({"text": text, "label": LABEL[kind], "kind": kind, "lang": LANG[src], "group": group})
            made += 1
    rng.shuffle(docs)
    return docs
