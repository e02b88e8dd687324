"""Vocabulary and identifier generators behind the ``{slot}`` names.

Every slot renders in the language of the document (``ctx.lang``): English,
Russian, Uzbek Latin or Uzbek Cyrillic.  Slots listed in ``STICKY`` keep their
first value for the whole document (the shop's bot, the operator's handle, the
main substance ...); the others are drawn afresh each time.
"""

from __future__ import annotations

import base64
import hashlib

from .rand import weighted

UZS_PER_USD = 12700
USD_PER_BTC = 91000

# --------------------------------------------------------------------------
# places: (uz-latn, uz-cyrl, ru, en)

DISTRICTS = [
    ("Chilonzor", "Чилонзор", "Чиланзар", "Chilanzar"),
    ("Uchtepa", "Учтепа", "Учтепа", "Uchtepa"),
    ("Mirzo Ulug'bek", "Мирзо Улуғбек", "Мирзо-Улугбек", "Mirzo Ulugbek"),
    ("Yunusobod", "Юнусобод", "Юнусабад", "Yunusabad"),
    ("Yangihayot", "Янгиҳаёт", "Янгихаёт", "Yangihayot"),
    ("Sergeli", "Сергели", "Сергели", "Sergeli"),
    ("Yashnobod", "Яшнобод", "Яшнабад", "Yashnabad"),
    ("Yakkasaroy", "Яккасарой", "Яккасарай", "Yakkasaray"),
    ("Olmazor", "Олмазор", "Алмазар", "Almazar"),
    ("Shayxontohur", "Шайхонтоҳур", "Шайхантаур", "Shaykhantakhur"),
    ("Mirobod", "Миробод", "Мирабад", "Mirabad"),
    ("Bektemir", "Бектемир", "Бектемир", "Bektemir"),
]

CITIES = [
    ("Toshkent", "Тошкент", "Ташкент", "Tashkent"),
    ("Samarqand", "Самарқанд", "Самарканд", "Samarkand"),
    ("Buxoro", "Бухоро", "Бухара", "Bukhara"),
    ("Farg'ona", "Фарғона", "Фергана", "Fergana"),
    ("Andijon", "Андижон", "Андижан", "Andijan"),
    ("Namangan", "Наманган", "Наманган", "Namangan"),
    ("Qarshi", "Қарши", "Карши", "Karshi"),
    ("Termiz", "Термиз", "Термез", "Termez"),
    ("Urganch", "Урганч", "Ургенч", "Urgench"),
    ("Navoiy", "Навоий", "Навои", "Navoi"),
    ("Jizzax", "Жиззах", "Джизак", "Jizzakh"),
    ("Guliston", "Гулистон", "Гулистан", "Gulistan"),
    ("Nukus", "Нукус", "Нукус", "Nukus"),
    ("Chirchiq", "Чирчиқ", "Чирчик", "Chirchik"),
    ("Olmaliq", "Олмалиқ", "Алмалык", "Almalyk"),
    ("Angren", "Ангрен", "Ангрен", "Angren"),
    ("Qo'qon", "Қўқон", "Коканд", "Kokand"),
    ("Marg'ilon", "Марғилон", "Маргилан", "Margilan"),
]

REGIONS = [
    ("Toshkent viloyati", "Тошкент вилояти", "Ташкентская область", "Tashkent region"),
    ("Samarqand viloyati", "Самарқанд вилояти", "Самаркандская область", "Samarkand region"),
    ("Buxoro viloyati", "Бухоро вилояти", "Бухарская область", "Bukhara region"),
    ("Farg'ona viloyati", "Фарғона вилояти", "Ферганская область", "Fergana region"),
    ("Andijon viloyati", "Андижон вилояти", "Андижанская область", "Andijan region"),
    ("Namangan viloyati", "Наманган вилояти", "Наманганская область", "Namangan region"),
    ("Qashqadaryo viloyati", "Қашқадарё вилояти", "Кашкадарьинская область", "Kashkadarya region"),
    ("Surxondaryo viloyati", "Сурхондарё вилояти", "Сурхандарьинская область", "Surkhandarya region"),
    ("Xorazm viloyati", "Хоразм вилояти", "Хорезмская область", "Khorezm region"),
    ("Navoiy viloyati", "Навоий вилояти", "Навоийская область", "Navoi region"),
    ("Jizzax viloyati", "Жиззах вилояти", "Джизакская область", "Jizzakh region"),
    ("Sirdaryo viloyati", "Сирдарё вилояти", "Сырдарьинская область", "Syrdarya region"),
    (
        "Qoraqalpog'iston Respublikasi",
        "Қорақалпоғистон Республикаси",
        "Республика Каракалпакстан",
        "Karakalpakstan",
    ),
]

SPOTS = {
    "uz-latn": [
        "Chorsu bozori",
        "Beruniy metro bekati",
        "Qo'yliq bozori",
        "Buyuk Ipak Yo'li metrosi",
        "Chilonzor 9-kvartal",
        "Yunusobod 19-mavze",
        "Sergeli 8-mavze",
        "TTZ bozori",
        "Hamza bekati",
        "Kadisheva",
        "Mirobod bozori",
        "Parkent bozori",
        "Ko'kcha",
        "Beshyog'och",
        "Olmazor metrosi",
        "Novza",
        "Qoraqamish",
        "Oloy bozori",
        "Chig'atoy",
        "Bodomzor",
    ],
    # Russian spots are in the genitive: templates say "у {spot}", "возле {spot}"
    "ru": [
        "Чорсу",
        "метро Беруни",
        "Куйлюка",
        "Алайского базара",
        "метро Буюк Ипак Йули",
        "9-го квартала Чиланзара",
        "Юнусабада-19",
        "Сергели-8",
        "ТТЗ",
        "Кадышевой",
        "Мирабадского рынка",
        "Паркентского рынка",
        "Кукчи",
        "Бешагача",
        "метро Новза",
        "Каракамыша",
        "Бодомзора",
        "Ц-1",
        "массива Карасу",
        "Госпитального рынка",
    ],
    "en": [
        "Chorsu bazaar",
        "Beruniy metro",
        "Alay bazaar",
        "Kukcha",
        "Chilanzar quarter 9",
        "Yunusabad block 19",
        "Sergeli-8",
        "the TTZ market",
        "Mirabad market",
        "Novza metro",
        "Karakamysh",
        "Bodomzor",
        "C-1 block",
        "Karasu",
        "the Hospital market",
        "Beshagach",
    ],
}
SPOTS["uz-cyrl"] = [
    "Чорсу бозори",
    "Беруний метро бекати",
    "Қўйлиқ бозори",
    "Буюк Ипак Йўли метроси",
    "Чилонзор 9-квартал",
    "Юнусобод 19-мавзе",
    "Сергели 8-мавзе",
    "ТТЗ бозори",
    "Ҳамза бекати",
    "Кадишева",
    "Миробод бозори",
    "Паркент бозори",
    "Кўкча",
    "Бешёғоч",
    "Олмазор метроси",
    "Новза",
    "Қорақамиш",
    "Олой бозори",
    "Бодомзор",
]

_PLACE_COL = {"uz-latn": 0, "uz-cyrl": 1, "ru": 2, "en": 3}

# --------------------------------------------------------------------------
# substances

SUBSTANCES = {
    "meph": {
        "cat": "stim",
        "unit": "g",
        "usd": (35, 60),
        "emoji": ["❄️", "❄", "🐱", "💎"],
        "names": {
            "en": ["mephedrone", "meph", "4-MMC", "meow meow", "m-cat", "drone", "MEPH"],
            "ru": ["меф", "мефедрон", "мяу", "мефчик", "кристалл мефа", "мука", "меф крис"],
            "uz-latn": ["mef", "mefedron", "mefchik", "miyov", "mef kristal"],
            "uz-cyrl": ["меф", "мефедрон", "мефчик", "мяу"],
        },
    },
    "apvp": {
        "cat": "stim",
        "unit": "g",
        "usd": (30, 50),
        "emoji": ["💎", "🧂", "⚡"],
        "names": {
            "en": ["a-PVP", "alpha-PVP", "flakka", "PVP crystals", "bath salts"],
            "ru": ["альфа-PVP", "a-PVP", "ск", "скорость", "соль", "кристаллы", "СК крис"],
            "uz-latn": ["alfa-PVP", "skorost", "tuz", "kristal", "SK"],
            "uz-cyrl": ["альфа-PVP", "скорость", "кристалл", "СК", "туз"],
        },
    },
    "amph": {
        "cat": "stim",
        "unit": "g",
        "usd": (20, 40),
        "emoji": ["⚡", "🚀"],
        "names": {
            "en": ["amphetamine", "speed", "amph", "paste", "base speed"],
            "ru": ["амф", "фен", "спиды", "амфетамин", "фенамин"],
            "uz-latn": ["amfetamin", "fen", "speed"],
            "uz-cyrl": ["амфетамин", "фен"],
        },
    },
    "meth": {
        "cat": "stim",
        "unit": "g",
        "usd": (50, 90),
        "emoji": ["💎", "🧊"],
        "names": {
            "en": ["meth", "ice", "crystal meth", "shards", "glass"],
            "ru": ["мет", "лёд", "айс", "первитин", "стекло"],
            "uz-latn": ["met", "ays", "muz", "pervitin"],
            "uz-cyrl": ["мет", "айс", "первитин"],
        },
    },
    "buds": {
        "cat": "cannabis",
        "unit": "g",
        "usd": (12, 25),
        "emoji": ["🍁", "🌲", "🌿", "🥦"],
        "names": {
            "en": ["weed", "buds", "kush", "flower", "gas", "indoor haze", "OG"],
            "ru": ["шишки", "бошки", "гидропон", "трава", "ганджа", "шишки индика", "сатива"],
            "uz-latn": ["nasha", "shishka", "o't", "gidropon", "ko'k choy"],
            "uz-cyrl": ["наша", "шишка", "гидропон", "ўт"],
        },
    },
    "hash": {
        "cat": "cannabis",
        "unit": "g",
        "usd": (10, 20),
        "emoji": ["🍫", "🍁", "🟫"],
        "names": {
            "en": ["hash", "charas", "hashish", "Afghan hash", "pollen"],
            "ru": ["гашиш", "гаш", "план", "чарс", "пластилин", "анаша"],
            "uz-latn": ["gashish", "nasha", "plan", "chars", "anasha"],
            "uz-cyrl": ["гашиш", "наша", "план", "чарс"],
        },
    },
    "spice": {
        "cat": "synth",
        "unit": "g",
        "usd": (8, 15),
        "emoji": ["🌪", "☁️", "🧪"],
        "names": {
            "en": ["spice", "synthetic mix", "K2", "herbal blend", "synth"],
            "ru": ["спайс", "микс", "реагент", "курительная смесь", "химка"],
            "uz-latn": ["spays", "miks", "reagent", "ximka"],
            "uz-cyrl": ["спайс", "микс", "реагент"],
        },
    },
    "heroin": {
        "cat": "opioid",
        "unit": "g",
        "usd": (40, 70),
        "emoji": ["🐉", "🟤"],
        "names": {
            "en": ["heroin", "H", "smack", "brown", "No.4"],
            "ru": ["героин", "гера", "хмурый", "герыч"],
            "uz-latn": ["geroin", "gera", "oq kukun"],
            "uz-cyrl": ["героин", "гера"],
        },
    },
    "opium": {
        "cat": "opioid",
        "unit": "g",
        "usd": (15, 30),
        "emoji": ["🌺", "🟤"],
        "names": {
            "en": ["opium", "afyun", "poppy straw", "poppy tea"],
            "ru": ["опий", "ханка", "маковая солома", "кукнар"],
            "uz-latn": ["afyun", "ko'knor", "ko'knori", "somoni"],
            "uz-cyrl": ["афюн", "кўкнор", "кўкнори"],
        },
    },
    "methadone": {
        "cat": "opioid",
        "unit": "ml",
        "usd": (5, 10),
        "emoji": ["💧"],
        "names": {
            "en": ["methadone", "done", "methadone syrup"],
            "ru": ["метадон", "мет сироп", "мёд"],
            "uz-latn": ["metadon"],
            "uz-cyrl": ["метадон"],
        },
    },
    "mdma": {
        "cat": "psy",
        "unit": "pill",
        "usd": (10, 20),
        "emoji": ["💊", "🍬", "🦋"],
        "names": {
            "en": ["MDMA", "molly", "ecstasy", "XTC pills", "Tesla pills", "Philipp Plein pills"],
            "ru": ["экстази", "МДМА", "колёса", "таблы", "кристаллы МДМА"],
            "uz-latn": ["ekstazi", "MDMA", "tabletka", "rangli tabletka"],
            "uz-cyrl": ["экстази", "таблетка", "MDMA"],
        },
    },
    "lsd": {
        "cat": "psy",
        "unit": "tab",
        "usd": (10, 20),
        "emoji": ["🌈", "🍄", "🎟"],
        "names": {
            "en": ["LSD", "acid", "tabs", "blotters"],
            "ru": ["ЛСД", "марки", "кислота", "промокашки"],
            "uz-latn": ["LSD", "marka", "kislota"],
            "uz-cyrl": ["ЛСД", "марка"],
        },
    },
    "coke": {
        "cat": "stim",
        "unit": "g",
        "usd": (90, 150),
        "emoji": ["❄️", "⛷", "🏔"],
        "names": {
            "en": ["cocaine", "coke", "snow", "blow", "Peruvian flake"],
            "ru": ["кокс", "кокаин", "снег", "перуанский", "кокос"],
            "uz-latn": ["kokain", "koks", "qor"],
            "uz-cyrl": ["кокаин", "кокс", "қор"],
        },
    },
    "pregabalin": {
        "cat": "pharma",
        "unit": "pill",
        "usd": (2, 6),
        "emoji": ["💊"],
        "names": {
            "en": ["pregabalin", "Lyrica", "Lyrica 300", "pregabs"],
            "ru": ["лирика", "прегабалин", "регапен", "лирика 300"],
            "uz-latn": ["lirika", "pregabalin", "regapen"],
            "uz-cyrl": ["лирика", "прегабалин", "регапен"],
        },
    },
    "tramadol": {
        "cat": "pharma",
        "unit": "pill",
        "usd": (2, 5),
        "emoji": ["💊"],
        "names": {
            "en": ["tramadol", "trams", "tramadol 225", "tramal"],
            "ru": ["трамадол", "трамал", "трамик", "трамы"],
            "uz-latn": ["tramadol", "tramal"],
            "uz-cyrl": ["трамадол", "трамал"],
        },
    },
    "tropicamide": {
        "cat": "pharma",
        "unit": "vial",
        "usd": (8, 15),
        "emoji": ["💧", "👁"],
        "names": {
            "en": ["tropicamide", "tropic drops"],
            "ru": ["тропикамид", "тропик", "капли тропикамид"],
            "uz-latn": ["tropikamid"],
            "uz-cyrl": ["тропикамид"],
        },
    },
}

CATEGORY_SUBS = {
    "stim": ["meph", "meph", "apvp", "amph", "meth", "coke"],
    "cannabis": ["buds", "buds", "hash"],
    "synth": ["spice"],
    "opioid": ["heroin", "opium", "methadone"],
    "psy": ["mdma", "lsd"],
    "pharma": ["pregabalin", "tramadol", "tropicamide"],
}
ALL_SUBS = list(SUBSTANCES)
# how often a substance shows up in Telegram shops (roughly what the domain notes say)
SHOP_SUB_WEIGHTS = {
    "meph": 9,
    "apvp": 6,
    "amph": 3,
    "meth": 3,
    "buds": 6,
    "hash": 5,
    "spice": 5,
    "heroin": 2,
    "opium": 2,
    "methadone": 1,
    "mdma": 3,
    "lsd": 1,
    "coke": 2,
    "pregabalin": 3,
    "tramadol": 2,
    "tropicamide": 1,
}

UNIT_QTYS = {
    "g": [0.3, 0.5, 0.5, 1, 1, 1, 1.5, 2, 2, 3, 5, 10],
    "pill": [1, 2, 3, 5, 5, 10, 10, 20, 50],
    "tab": [1, 2, 3, 5, 10],
    "ml": [10, 20, 50, 100],
    "vial": [1, 2, 3, 5],
}

# --------------------------------------------------------------------------
# homoglyph / leetspeak obfuscation

_CYR2LAT = str.maketrans("аеорсхукАЕОРСХКМТНВ", "aeopcxykAEOPCXKMTHB")
_LAT2CYR = str.maketrans("aeopcxykAEOPCXKMTHB", "аеорсхукАЕОРСХКМТНВ")
_RU2LAT = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "c",
    "ч": "ch",
    "ш": "sh",
    "щ": "sch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "ў": "o'",
    "қ": "q",
    "ғ": "g'",
    "ҳ": "h",
}
_LEET = {"e": "3", "a": "4", "o": "0", "i": "1", "s": "5", "t": "7", "g": "9", "b": "8"}


def _is_cyr(s):
    return any("а" <= c.lower() <= "я" or c in "ёўқғҳ" for c in s)


def obfuscate(word: str, rng) -> str:
    mode = weighted(rng, {"homo": 4, "leet": 3, "space": 3, "sep": 2, "star": 1})
    if mode == "homo":
        table = _CYR2LAT if _is_cyr(word) else _LAT2CYR
        chars = list(word)
        idx = [i for i, c in enumerate(chars) if c.translate(table) != c]
        for i in rng.sample(idx, max(1, len(idx) // 2)) if idx else []:
            chars[i] = chars[i].translate(table)
        return "".join(chars)
    if mode == "leet":
        lat = "".join(_RU2LAT.get(c.lower(), c) for c in word) if _is_cyr(word) else word
        out = []
        for c in lat:
            if c.lower() in _LEET and rng.random() < 0.6:
                out.append(_LEET[c.lower()])
            else:
                out.append(c)
        res = "".join(out)
        return res.upper() if rng.random() < 0.3 else res
    if mode == "space":
        return " ".join(word.replace(" ", ""))
    if mode == "sep":
        return rng.choice([".", "-", "_", "•"]).join(word.replace(" ", ""))
    if len(word) > 2:
        k = rng.randint(1, len(word) - 1)
        return word[:k] + "*" + word[k:]
    return word


# --------------------------------------------------------------------------
# money


def _group(n: int, rng, style=None) -> str:
    seps = [" ", " ", " ", "", ".", ","]
    sep = seps[int(style * len(seps))] if style is not None else rng.choice(seps)
    return f"{n:,}".replace(",", sep)


def _choose(opts, rng, style):
    if style is None:
        return rng.choice(opts)
    return opts[int(style * len(opts))]


def fmt_uzs(amount: float, lang: str, rng, style=None) -> str:
    amount = max(5000, amount)
    if amount < 200_000:
        n = round(amount / 5000.0) * 5000
    else:
        n = round(amount / 10000.0) * 10000
    k = n // 1000
    mln = n / 1_000_000
    comma = "," if (style if style is not None else rng.random()) < 0.6 else "."
    mln_s = (f"{mln:.1f}".rstrip("0").rstrip(".")).replace(".", comma)
    g = _group(n, rng, style)
    big = n >= 1_000_000
    if lang == "en":
        opts = [f"{g} UZS", f"{g} sum", f"{k}k UZS", f"{g} so'm"]
        if big:
            opts[2] = f"{mln_s} mln UZS"
    elif lang == "ru":
        opts = [f"{g} сум", f"{k}к", f"{k} тыс", f"{k} тыс. сум", f"{g} сум", f"{g} UZS", f"{g} сўм", f"{k}k"]
        if big:
            opts[1], opts[2] = f"{mln_s} млн", f"{mln_s} млн сум"
    elif lang == "uz-latn":
        opts = [
            f"{g} so'm",
            f"{k} ming so'm",
            f"{k} ming",
            f"{g} UZS",
            f"{g} sum",
            f"{k} ming sum",
            f"{g} so'm",
        ]
        if big:
            opts[2], opts[5] = f"{mln_s} mln so'm", f"{mln_s} mln"
    else:
        opts = [f"{g} сўм", f"{k} минг сўм", f"{k} минг", f"{g} сум", f"{g} сўм"]
        if big:
            opts[2] = f"{mln_s} млн сўм"
    return _choose(opts, rng, style)


def fmt_money(usd: float, lang: str, rng, cur: str, style=None) -> str:
    if cur == "uzs":
        return fmt_uzs(usd * UZS_PER_USD, lang, rng, style)
    if cur == "usdt":
        v = max(1, round(usd))
        return _choose([f"{v} USDT", f"{v} usdt", f"{v} USDT", f"{v}$ (USDT)", f"{v} USDT TRC20"], rng, style)
    if cur == "btc":
        v = usd / USD_PER_BTC
        return _choose([f"{v:.5f} BTC", f"{v:.6f} BTC", f"₿{v:.5f}", f"{v:.5f} btc"], rng, style)
    v = max(1, round(usd))
    if lang == "en":
        return _choose([f"${v}", f"${v}", f"{v} USD", f"{v}$", f"USD {v}"], rng, style)
    if lang == "ru":
        return _choose([f"{v}$", f"{v} $", f"${v}", f"{v} у.е.", f"{v} долл"], rng, style)
    if lang == "uz-latn":
        return _choose([f"{v}$", f"{v} $", f"{v} dollar", f"${v}", f"{v} USD"], rng, style)
    return _choose([f"{v}$", f"{v} доллар", f"${v}", f"{v} USD"], rng, style)


def money_style(ctx):
    """A per-document money format (most shops write prices one way), or None."""
    if "curstyle" not in ctx.vars:
        ctx.vars["curstyle"] = ctx.rng.random() if ctx.rng.random() < 0.85 else None
    return ctx.vars["curstyle"]


def ctx_money(ctx, usd):
    return fmt_money(usd, ctx.lang, ctx.rng, doc_currency(ctx), money_style(ctx))


_CUR_BY_LANG = {
    "en": {"usd": 5, "usdt": 3, "btc": 2, "uzs": 2},
    "ru": {"uzs": 6, "usd": 2, "usdt": 2, "btc": 1},
    "uz-latn": {"uzs": 7, "usd": 2, "usdt": 2},
    "uz-cyrl": {"uzs": 8, "usd": 2, "usdt": 1},
}


def doc_currency(ctx) -> str:
    if "cur" not in ctx.vars:
        ctx.vars["cur"] = weighted(ctx.rng, _CUR_BY_LANG[ctx.lang])
    return ctx.vars["cur"]


# --------------------------------------------------------------------------
# quantities


def fmt_qty(q, unit, lang, rng) -> str:
    qs = f"{q:g}" if not float(q).is_integer() else str(int(q))
    if lang != "en" and "." in qs:
        qs = qs.replace(".", rng.choice([",", "."]))
    if unit == "g":
        opts = {
            "en": [f"{qs}g", f"{qs} g", f"{qs} gram" + ("s" if q != 1 else ""), f"{qs}gr"],
            "ru": [f"{qs}г", f"{qs} г", f"{qs} гр", f"{qs}гр", f"{qs} грамм"],
            "uz-latn": [f"{qs} g", f"{qs}gr", f"{qs} gramm", f"{qs} gr", f"{qs}g"],
            "uz-cyrl": [f"{qs} г", f"{qs}гр", f"{qs} грамм", f"{qs} гр"],
        }[lang]
    elif unit in ("pill", "tab"):
        word = {
            "en": ["pcs", "pills" if unit == "pill" else "tabs", "x"],
            "ru": ["шт", "таб" if unit == "pill" else "марок", "шт."],
            "uz-latn": ["dona", "ta", "tabletka" if unit == "pill" else "marka"],
            "uz-cyrl": ["дона", "та", "таблетка" if unit == "pill" else "марка"],
        }[lang]
        opts = [f"{qs} {rng.choice(word)}", f"{qs}{rng.choice(word)}"]
        if lang == "en":
            opts.append(f"x{qs}")
    elif unit == "ml":
        opts = {
            "en": [f"{qs}ml", f"{qs} ml"],
            "ru": [f"{qs} мл", f"{qs}мл"],
            "uz-latn": [f"{qs} ml"],
            "uz-cyrl": [f"{qs} мл"],
        }[lang]
    else:
        opts = {
            "en": [f"{qs} vial" + ("s" if q != 1 else "")],
            "ru": [f"{qs} фл", f"{qs} флакон"],
            "uz-latn": [f"{qs} flakon", f"{qs} ta flakon"],
            "uz-cyrl": [f"{qs} флакон"],
        }[lang]
    return rng.choice(opts)


def unit_price_usd(sub: str, q: float, rng, ctx=None) -> float:
    lo, hi = SUBSTANCES[sub]["usd"]
    if ctx is not None:
        key = "per:" + sub
        if key not in ctx.vars:
            ctx.vars[key] = rng.uniform(lo, hi)
        per = ctx.vars[key] * rng.uniform(0.97, 1.03)
    else:
        per = rng.uniform(lo, hi)
    disc = 1.0 if q <= 1 else (0.92 if q <= 3 else (0.82 if q <= 10 else 0.7))
    return per * q * disc


# --------------------------------------------------------------------------
# names and handles

_H_A = [
    "snow",
    "ice",
    "tash",
    "samarqand",
    "baron",
    "pharma",
    "kristal",
    "meow",
    "green",
    "silk",
    "chilon",
    "yunus",
    "dok",
    "boss",
    "fox",
    "wolf",
    "lion",
    "shaman",
    "doc",
    "chem",
    "white",
    "rocket",
    "oq",
    "qor",
    "shirin",
    "tez",
    "oson",
    "top",
    "vip",
    "lux",
    "dark",
    "night",
    "ghost",
    "mr",
    "bro",
    "king",
    "asia",
    "orient",
    "sahro",
    "lola",
    "jiyda",
    "bahor",
    "tilla",
    "kumush",
    "olmos",
    "yulduz",
    "sneg",
    "kot",
    "mars",
    "zefir",
    "panda",
    "mango",
    "sultan",
    "amir",
    "bek",
    "ustoz",
    "polar",
    "frost",
    "candy",
    "cosmo",
    "nomad",
    "karvon",
    "bulut",
    "shamol",
]
_H_B = [
    "shop",
    "store",
    "tash",
    "uz",
    "team",
    "777",
    "24",
    "365",
    "oper",
    "operator",
    "admin",
    "help",
    "support",
    "klad",
    "market",
    "zone",
    "club",
    "plug",
    "boss",
    "pro",
    "official",
    "bazar",
    "dokon",
    "go",
    "uzb",
    "city",
    "house",
    "lab",
    "land",
    "line",
    "stuff",
    "x",
]


def make_handle(rng, bot=False) -> str:
    a = rng.choice(_H_A)
    b = rng.choice(_H_B)
    sep = rng.choice(["_", "", "_", ""])
    name = a + sep + b
    if rng.random() < 0.35:
        name += str(rng.randint(1, 99))
    if rng.random() < 0.15:
        name = name.capitalize()
    if bot:
        name += rng.choice(["_bot", "bot", "_bot", "Bot"])
    return name[:32]


_FIRST_UZ = [
    "Aziz",
    "Sardor",
    "Jasur",
    "Bekzod",
    "Dilshod",
    "Otabek",
    "Sherzod",
    "Javlon",
    "Ulug'bek",
    "Bobur",
    "Farrux",
    "Rustam",
    "Akmal",
    "Sanjar",
    "Islom",
    "Nodir",
    "Timur",
    "Zafar",
    "Dilnoza",
    "Malika",
    "Nigora",
    "Gulnoza",
    "Shahlo",
    "Madina",
    "Feruza",
    "Kamola",
    "Zarina",
    "Mohira",
    "Sevara",
    "Nilufar",
]
_LAST_UZ = [
    "Karimov",
    "Tursunov",
    "Rahimov",
    "Yusupov",
    "Aliyev",
    "Nazarov",
    "Ergashev",
    "Qodirov",
    "Sobirov",
    "Xolmatov",
    "Mirzayev",
    "Abdullayev",
    "Ismoilov",
    "Sultonov",
    "Jo'rayev",
    "Hasanov",
    "Umarov",
    "Yo'ldoshev",
    "To'xtayev",
    "Norqulov",
]
_FIRST_RU = [
    "Азиз",
    "Сардор",
    "Жасур",
    "Бекзод",
    "Дильшод",
    "Отабек",
    "Рустам",
    "Тимур",
    "Дмитрий",
    "Сергей",
    "Алексей",
    "Игорь",
    "Дильноза",
    "Малика",
    "Нигора",
    "Мадина",
    "Ольга",
    "Екатерина",
    "Анна",
    "Фарход",
    "Ильдар",
    "Руслан",
]
_LAST_RU = [
    "Каримов",
    "Турсунов",
    "Рахимов",
    "Юсупов",
    "Алиев",
    "Назаров",
    "Эргашев",
    "Кадыров",
    "Собиров",
    "Мирзаев",
    "Абдуллаев",
    "Исмаилов",
    "Султанов",
    "Хасанов",
    "Умаров",
    "Ким",
    "Пак",
    "Смирнов",
    "Волков",
    "Ли",
]


def person(lang, rng, fem=None):
    if lang == "ru":
        f, l = rng.choice(_FIRST_RU), rng.choice(_LAST_RU)
        if f[-1] == "а" and l.endswith("ов") or f[-1] == "а" and l.endswith("ев"):
            l += "а"
        return f, l
    f, l = rng.choice(_FIRST_UZ), rng.choice(_LAST_UZ)
    if f in (
        "Dilnoza",
        "Malika",
        "Nigora",
        "Gulnoza",
        "Shahlo",
        "Madina",
        "Feruza",
        "Kamola",
        "Zarina",
        "Mohira",
        "Sevara",
        "Nilufar",
    ):
        l += "a"
    if lang == "uz-cyrl":
        from .translit import to_cyrillic

        return to_cyrillic(f), to_cyrillic(l)
    if lang == "en":
        return f.replace("'", ""), l.replace("'", "")
    return f, l


_USER_A = [
    "dark",
    "tash",
    "sardor",
    "malika",
    "bek",
    "night",
    "silent",
    "uzbek",
    "lazy",
    "happy",
    "old",
    "young",
    "mr",
    "miss",
    "ghost",
    "kot",
    "fox",
    "alex",
    "dima",
    "aziz",
    "samurai",
    "student",
    "taxi",
    "chef",
    "doc",
    "gamer",
    "bobur",
    "lola",
    "jasur",
    "nomad",
    "sher",
    "mirzo",
    "yulduz",
    "hamster",
    "anon",
    "user",
    "guest",
    "traveler",
    "driver",
    "baker",
]
_USER_B = [
    "",
    "_uz",
    "91",
    "2000",
    "_tash",
    "777",
    "x",
    "_88",
    "bek",
    "jon",
    "_pro",
    "99",
    "_official",
    "_",
    "007",
    "_sam",
    "_nam",
    "24",
    "1995",
]


def make_user(rng) -> str:
    u = rng.choice(_USER_A) + rng.choice(_USER_B)
    if rng.random() < 0.2:
        u = u.capitalize()
    if rng.random() < 0.15:
        u = rng.choice(
            [
                "Малика",
                "Сардор",
                "Димон",
                "Бахти",
                "Аноним",
                "Гость",
                "Тимур",
                "Ойбек",
                "Шахзод",
                "Ирина",
                "Лола",
                "Жасур",
                "Санжар",
            ]
        ) + rng.choice(["", "_", "88", "2001"])
    return u


# --------------------------------------------------------------------------
# identifiers

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_B32 = "abcdefghijklmnopqrstuvwxyz234567"


# Addresses in the demo pages are well-formed (valid checksums), so that the crawler's validating extractors
# find them; they are derived from the same random draws as before, so no other page text moves.
_B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH32_ALPHABET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _base58check(payload: bytes) -> str:
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = _B58_ALPHABET[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def _bech32_checksum(hrp: str, data: list[int]) -> list[int]:
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    values = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + data + [0] * 6
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    chk ^= 1  # bech32 (witness version 0)
    return [(chk >> 5 * (5 - i)) & 31 for i in range(6)]


def _segwit_v0(program: bytes) -> str:
    bits, acc, nbits = [], 0, 0
    for byte in program:
        acc, nbits = acc << 8 | byte, nbits + 8
        while nbits >= 5:
            nbits -= 5
            bits.append(acc >> nbits & 31)
    if nbits:
        bits.append(acc << (5 - nbits) & 31)
    data = [0] + bits
    return "bc1" + "".join(_BECH32_ALPHABET[d] for d in data + _bech32_checksum("bc", data))


def btc_address(rng) -> str:
    kind = weighted(rng, {"bech": 5, "p2pkh": 2, "p2sh": 2})
    if kind == "bech":
        drawn = "".join(rng.choice(_BECH) for _ in range(38))
        return _segwit_v0(hashlib.sha256(drawn.encode()).digest()[:20])
    drawn = "".join(rng.choice(_B58) for _ in range(33))
    version = b"\x00" if kind == "p2pkh" else b"\x05"
    return _base58check(version + hashlib.sha256(drawn.encode()).digest()[:20])


def usdt_address(rng) -> str:
    drawn = "".join(rng.choice(_B58) for _ in range(33))
    return _base58check(b"\x41" + hashlib.sha256(drawn.encode()).digest()[:20])  # TRON: T...


def onion_address(rng) -> str:
    drawn = "".join(rng.choice(_B32) for _ in range(55))
    pub = hashlib.sha256(drawn.encode()).digest()
    chk = hashlib.sha3_256(b".onion checksum" + pub + b"\x03").digest()[:2]
    return base64.b32encode(pub + chk + b"\x03").decode("ascii").lower() + ".onion"


_UZ_OPS = ["90", "91", "93", "94", "77", "95", "99", "88", "97", "98", "33", "20", "50", "55"]


def uz_phone(rng) -> str:
    op = rng.choice(_UZ_OPS)
    a, b, c = rng.randint(100, 999), rng.randint(10, 99), rng.randint(10, 99)
    fmt = rng.randrange(7)
    if fmt == 0:
        return f"+998 {op} {a}-{b}-{c}"
    if fmt == 1:
        return f"998{op}{a}{b}{c}"
    if fmt == 2:
        return f"8 {op} {a} {b} {c}"
    if fmt == 3:
        return f"({op}) {a} {b} {c}"
    if fmt == 4:
        return f"+998{op}{a}{b}{c}"
    if fmt == 5:
        return f"+998 ({op}) {a}-{b}-{c}"
    return f"+998 {op} {a} {b} {c}"


def foreign_phone(rng) -> str:
    cc = weighted(rng, {"7": 5, "996": 3, "992": 3, "380": 1, "90": 1})
    if cc == "7":
        return rng.choice(
            [
                f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
                f"+79{rng.randint(100000000, 999999999)}",
            ]
        )
    if cc == "996":
        return rng.choice(
            [
                f"+996 {rng.choice(['555', '700', '770', '505', '990'])} {rng.randint(100, 999)} {rng.randint(100, 999)}",
                f"+996{rng.choice(['555', '700', '770'])}{rng.randint(100000, 999999)}",
            ]
        )
    if cc == "992":
        return rng.choice(
            [
                f"+992 {rng.choice(['90', '92', '93', '98', '55'])} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                f"+992{rng.choice(['90', '92', '93'])}{rng.randint(1000000, 9999999)}",
            ]
        )
    if cc == "380":
        return (
            f"+380 {rng.choice(['67', '50', '93'])} {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        )
    return f"+90 5{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"


def card_number(rng) -> str:
    head = rng.choice(["8600", "9860", "5614", "4023"])
    return rng.choice(
        [
            f"{head} {rng.randint(10, 99)}** **** {rng.randint(1000, 9999)}",
            f"{head} **** **** {rng.randint(1000, 9999)}",
            f"{head}{rng.randint(10, 99)}******{rng.randint(1000, 9999)}",
        ]
    )


# --------------------------------------------------------------------------
# misc tables

WEEKDAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "ru": ["понедельник", "вторник", "среду", "четверг", "пятницу", "субботу", "воскресенье"],  # accusative
    "uz-latn": ["dushanba", "seshanba", "chorshanba", "payshanba", "juma", "shanba", "yakshanba"],
    "uz-cyrl": ["душанба", "сешанба", "чоршанба", "пайшанба", "жума", "шанба", "якшанба"],
}
MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "ru": [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
    "uz-latn": [
        "yanvar",
        "fevral",
        "mart",
        "aprel",
        "may",
        "iyun",
        "iyul",
        "avgust",
        "sentyabr",
        "oktyabr",
        "noyabr",
        "dekabr",
    ],
    "uz-cyrl": [
        "январь",
        "февраль",
        "март",
        "апрель",
        "май",
        "июнь",
        "июль",
        "август",
        "сентябрь",
        "октябрь",
        "ноябрь",
        "декабрь",
    ],
}

AGENCIES = {
    "en": [
        "the Interior Ministry",
        "the State Security Service",
        "the Customs Committee",
        "the National Centre for Drug Control",
        "Tashkent city police",
        "the Prosecutor General's Office",
        "the anti-drug unit of the Interior Ministry",
        "border guards",
    ],
    "ru": ["МВД", "ИИВ", "СГБ", "ДХХ", "ГТК", "УБН МВД", "ГУВД Ташкента", "ГУВД столицы", "ОБН ГУВД"],
    "uz-latn": [
        "IIV",
        "Ichki ishlar vazirligi",
        "DXX",
        "Davlat xavfsizlik xizmati",
        "Bojxona qo'mitasi",
        "Giyohvandlikka qarshi kurash milliy markazi",
        "Toshkent shahar IIBB",
        "Bosh prokuratura",
        "chegarachilar",
    ],
    "uz-cyrl": [
        "ИИВ",
        "Ички ишлар вазирлиги",
        "ДХХ",
        "Давлат хавфсизлик хизмати",
        "Божхона қўмитаси",
        "Гиёҳвандликка қарши кураш миллий маркази",
        "Тошкент шаҳар ИИББ",
        "Бош прокуратура",
        "чегарачилар",
    ],
}

FOODS = {
    "en": [
        "plov",
        "somsa",
        "shashlik",
        "lagman",
        "manti",
        "burgers",
        "pizza",
        "shawarma",
        "sushi rolls",
        "non bread",
        "samsa",
        "chuchvara",
        "dimlama",
    ],
    "ru": [
        "плов",
        "самса",
        "шашлык",
        "лагман",
        "манты",
        "бургеры",
        "пицца",
        "шаурма",
        "роллы",
        "лепёшки",
        "чучвара",
        "димлама",
        "хот-доги",
    ],
    "uz-latn": [
        "osh",
        "somsa",
        "shashlik",
        "lag'mon",
        "manti",
        "burger",
        "pitsa",
        "lavash",
        "non",
        "chuchvara",
        "dimlama",
        "norin",
        "shurva",
    ],
    "uz-cyrl": [
        "ош",
        "сомса",
        "шашлик",
        "лағмон",
        "манти",
        "бургер",
        "пицца",
        "лаваш",
        "нон",
        "чучвара",
        "димлама",
        "норин",
        "шўрва",
    ],
}

JOBPLACES = [
    "Tez Yetkaz",
    "OsonOvqat",
    "Lavash Centre",
    "Plov House",
    "Evos-demo",
    "Dasturxon Express",
    "Shirin Non",
    "Safia-demo",
    "Korzinka-demo",
    "Makro-demo",
    "Yandex Eda-demo",
    "Uzum Market-demo",
    "Ombor Servis",
    "Bahor Logistics",
    "Ipak Yo'li Cargo",
]

GOODS = {
    "en": [
        "iPhone 13",
        "Samsung A54",
        "a sofa",
        "winter tyres",
        "a Cobalt 2019",
        "a bike",
        "a fridge",
        "baby stroller",
        "laptop",
        "gas stove",
        "carpet",
        "kitchen table",
        "school uniform",
    ],
    "ru": [
        "iPhone 13",
        "Samsung A54",
        "диван",
        "зимние шины",
        "Cobalt 2019",
        "велосипед",
        "холодильник",
        "детская коляска",
        "ноутбук",
        "газовая плита",
        "ковёр",
        "кухонный стол",
        "школьная форма",
    ],
    "uz-latn": [
        "iPhone 13",
        "Samsung A54",
        "divan",
        "qishki shina",
        "Cobalt 2019",
        "velosiped",
        "muzlatkich",
        "bolalar aravachasi",
        "noutbuk",
        "gaz plita",
        "gilam",
        "oshxona stoli",
        "maktab formasi",
    ],
    "uz-cyrl": [
        "iPhone 13",
        "Samsung A54",
        "диван",
        "қишки шина",
        "Cobalt 2019",
        "велосипед",
        "музлаткич",
        "болалар аравачаси",
        "ноутбук",
        "газ плита",
        "гилам",
        "ошхона столи",
        "мактаб формаси",
    ],
}

MEDS = {
    "en": [
        "paracetamol",
        "ibuprofen",
        "amoxicillin",
        "vitamin D3",
        "omeprazole",
        "loratadine",
        "insulin pens",
        "blood pressure monitor",
        "tramadol (Rx)",
        "pregabalin (Rx)",
        "validol",
        "activated charcoal",
    ],
    "ru": [
        "парацетамол",
        "ибупрофен",
        "амоксициллин",
        "витамин D3",
        "омепразол",
        "лоратадин",
        "инсулин",
        "тонометр",
        "трамадол (по рецепту)",
        "прегабалин (по рецепту)",
        "валидол",
        "активированный уголь",
    ],
    "uz-latn": [
        "paratsetamol",
        "ibuprofen",
        "amoksitsillin",
        "D3 vitamini",
        "omeprazol",
        "loratadin",
        "insulin",
        "tonometr",
        "tramadol (retsept bilan)",
        "pregabalin (retsept bilan)",
        "validol",
        "faollashtirilgan ko'mir",
    ],
    "uz-cyrl": [
        "парацетамол",
        "ибупрофен",
        "амоксициллин",
        "D3 витамини",
        "омепразол",
        "лоратадин",
        "инсулин",
        "тонометр",
        "трамадол (рецепт билан)",
        "прегабалин (рецепт билан)",
        "валидол",
        "фаоллаштирилган кўмир",
    ],
}

QUALITY = {
    "en": ["VHQ", "HQ", "99% pure", "lab-tested", "top shelf", "premium", "uncut", "A+ grade", "fresh"],
    "ru": [
        "VHQ",
        "HQ",
        "чистота 99%",
        "чистейший",
        "топ качество",
        "премиум",
        "без бодяги",
        "свежак",
        "люкс",
    ],
    "uz-latn": ["VHQ", "HQ", "toza", "99% toza", "eng zo'r", "premium", "sifatli", "yangi", "lyuks"],
    "uz-cyrl": ["VHQ", "HQ", "тоза", "99% тоза", "энг зўр", "премиум", "сифатли", "янги"],
}

FORMS = {
    "en": ["crystals", "powder", "rocks", "shards", "big crystals", "fine powder"],
    "ru": ["кристаллы", "мука", "камни", "крупный крис", "порошок", "крис"],
    "uz-latn": ["kristal", "kukun", "tosh", "yirik kristal", "un"],
    "uz-cyrl": ["кристалл", "кукун", "тош", "йирик кристалл"],
}

DROP_TYPES = {
    "en": ["magnet", "buried stash", "tape drop", "hidden spot", "dead drop"],
    "ru": ["магнит", "прикоп", "тайник", "клад", "закладка", "изолента"],
    "uz-latn": ["magnit", "prikop", "zakladka", "yashirin joy", "ko'mib ketilgan", "klad"],
    "uz-cyrl": ["магнит", "прикоп", "закладка", "яширин жой", "кўмиб кетилган", "клад"],
}

# --------------------------------------------------------------------------
# slot functions


def _place(table, ctx, other_script=0.15):
    row = ctx.rng.choice(table)
    if ctx.lang == "ru" and ctx.rng.random() < other_script:
        return row[1]
    if ctx.lang == "en" and ctx.rng.random() < other_script:
        return row[0]
    return row[_PLACE_COL[ctx.lang]]


def _sub(ctx, key="sub"):
    if key not in ctx.vars:
        ctx.vars[key] = weighted(ctx.rng, SHOP_SUB_WEIGHTS)
    return ctx.vars[key]


def _drug_name(ctx, sub):
    names = SUBSTANCES[sub]["names"][ctx.lang]
    name = ctx.rng.choice(names)
    if ctx.obf and ctx.rng.random() < ctx.obf:
        if ctx.rng.random() < 0.2:
            return ctx.rng.choice(SUBSTANCES[sub]["emoji"]) + " " + obfuscate(name, ctx.rng)
        return obfuscate(name, ctx.rng)
    return name


def s_drug(ctx, arg):
    return _drug_name(ctx, _sub(ctx))


def s_drug2(ctx, arg):
    if "sub2" not in ctx.vars:
        main = _sub(ctx)
        for _ in range(10):
            cand = weighted(ctx.rng, SHOP_SUB_WEIGHTS)
            if cand != main:
                break
        ctx.vars["sub2"] = cand
    return _drug_name(ctx, ctx.vars["sub2"])


def s_anydrug(ctx, arg):
    return _drug_name(ctx, weighted(ctx.rng, SHOP_SUB_WEIGHTS))


def s_emo(ctx, arg):
    return ctx.rng.choice(SUBSTANCES[_sub(ctx)]["emoji"])


def _qty_for(ctx, sub):
    unit = SUBSTANCES[sub]["unit"]
    q = ctx.rng.choice(UNIT_QTYS[unit])
    return q, fmt_qty(q, unit, ctx.lang, ctx.rng)


def s_qty(ctx, arg):
    return _qty_for(ctx, _sub(ctx))[1]


def _offer(ctx, sub):
    q, qs = _qty_for(ctx, sub)
    price = ctx_money(ctx, unit_price_usd(sub, q, ctx.rng, ctx))
    sep = ctx.rng.choice([" — ", " - ", " = ", ": ", " ➖ ", " → ", " / ", " по " if ctx.lang == "ru" else " - "])
    return f"{qs}{sep}{price}"


def s_offer(ctx, arg):
    return _offer(ctx, _sub(ctx))


def s_offer2(ctx, arg):
    s_drug2(ctx, "")
    return _offer(ctx, ctx.vars["sub2"])


def s_price(ctx, arg):
    sub = _sub(ctx)
    unit = SUBSTANCES[sub]["unit"]
    q = 1 if unit in ("g", "pill", "tab", "vial") else 10
    return ctx_money(ctx, unit_price_usd(sub, q, ctx.rng, ctx))


def s_bigprice(ctx, arg):
    sub = _sub(ctx)
    q = ctx.rng.choice([20, 50, 100])
    return ctx_money(ctx, unit_price_usd(sub, q, ctx.rng, ctx))


def s_money(ctx, arg):
    """{money:LO-HI} an amount in USD rendered in the doc currency."""
    lo, hi = (float(x) for x in arg.split("-"))
    return ctx_money(ctx, ctx.rng.uniform(lo, hi))


def s_uzs(ctx, arg):
    """{uzs:LO-HI} an amount in thousands of so'm, always in so'm."""
    lo, hi = (int(x) for x in arg.split("-"))
    return fmt_uzs(ctx.rng.randint(lo, hi) * 1000, ctx.lang, ctx.rng)


def s_n(ctx, arg):
    lo, hi = (int(x) for x in arg.split("-"))
    return str(ctx.rng.randint(lo, hi))


def s_quality(ctx, arg):
    return ctx.rng.choice(QUALITY[ctx.lang])


_FORMS_BY_CAT = {
    "cannabis": {
        "en": ["buds", "dense buds", "pressed hash", "indoor flower"],
        "ru": ["шишки", "плотные шишки", "пластилин", "индор"],
        "uz-latn": ["shishka", "qattiq shishka", "plastilin"],
        "uz-cyrl": ["шишка", "пластилин"],
    },
    "psy": {
        "en": ["pills", "tabs", "pressed pills"],
        "ru": ["таблетки", "марки", "кристаллы"],
        "uz-latn": ["tabletka", "marka"],
        "uz-cyrl": ["таблетка", "марка"],
    },
    "pharma": {
        "en": ["blister packs", "original packs", "vials"],
        "ru": ["блистеры", "оригинальные упаковки", "флаконы"],
        "uz-latn": ["blister", "original qadoq"],
        "uz-cyrl": ["блистер", "оригинал қадоқ"],
    },
    "opioid": {
        "en": ["powder", "rock", "brown powder", "resin"],
        "ru": ["порошок", "камень", "смола"],
        "uz-latn": ["kukun", "smola"],
        "uz-cyrl": ["кукун", "смола"],
    },
    "synth": {
        "en": ["ready mix", "strong blend", "powder base"],
        "ru": ["готовый микс", "крепкий микс", "реагент"],
        "uz-latn": ["tayyor miks", "kuchli miks"],
        "uz-cyrl": ["тайёр микс"],
    },
}


def s_form(ctx, arg):
    cat = SUBSTANCES[_sub(ctx)]["cat"]
    table = _FORMS_BY_CAT.get(cat, FORMS)
    return ctx.rng.choice(table[ctx.lang])


def s_meds(ctx, arg):
    k = ctx.rng.randint(2, 4)
    return ", ".join(ctx.rng.sample(MEDS[ctx.lang], k))


def s_droptype(ctx, arg):
    return ctx.rng.choice(DROP_TYPES[ctx.lang])


def s_district(ctx, arg):
    last = ctx.vars.get("_last_district")
    for _ in range(4):
        d = _place(DISTRICTS, ctx)
        if d != last:
            break
    ctx.vars["_last_district"] = d
    return d


def s_districts(ctx, arg):
    k = ctx.rng.randint(3, 6)
    rows = ctx.rng.sample(DISTRICTS, k)
    col = _PLACE_COL[ctx.lang]
    names = [r[col] for r in rows]
    sep = ctx.rng.choice([", ", ", ", " / ", " • ", " | ", ", "])
    return sep.join(names)


def s_city(ctx, arg):
    return _place(CITIES, ctx)


def s_region(ctx, arg):
    return _place(REGIONS, ctx, 0.0)


def s_spot(ctx, arg):
    return ctx.rng.choice(SPOTS[ctx.lang])


def s_bot(ctx, arg):
    return "@" + make_handle(ctx.rng, bot=True)


def s_handle(ctx, arg):
    return "@" + make_handle(ctx.rng)


def s_name(ctx, arg):
    return make_handle(ctx.rng)


def s_chan(ctx, arg):
    from .channels import POSITIVE_CHANNELS

    if ctx.rng.random() < 0.6:
        return "t.me/" + ctx.rng.choice(POSITIVE_CHANNELS)
    return "t.me/" + make_handle(ctx.rng)


def s_phone(ctx, arg):
    return uz_phone(ctx.rng)


def s_fphone(ctx, arg):
    return foreign_phone(ctx.rng)


def s_btc(ctx, arg):
    return btc_address(ctx.rng)


def s_usdt(ctx, arg):
    return usdt_address(ctx.rng)


def s_onion(ctx, arg):
    return onion_address(ctx.rng)


def s_card(ctx, arg):
    return card_number(ctx.rng)


def s_day(ctx, arg):
    return ctx.rng.choice(WEEKDAYS[ctx.lang])


def s_date(ctx, arg):
    d, m = ctx.rng.randint(1, 28), ctx.rng.randrange(12)
    y = ctx.rng.choice([2025, 2026])
    if ctx.lang == "en":
        return ctx.rng.choice([f"{d} {MONTHS['en'][m]} {y}", f"{MONTHS['en'][m]} {d}", f"{d:02d}.{m + 1:02d}.{y}"])
    if ctx.lang == "ru":
        return ctx.rng.choice([f"{d} {MONTHS['ru'][m]}", f"{d} {MONTHS['ru'][m]} {y} года", f"{d:02d}.{m + 1:02d}.{y}"])
    if ctx.lang == "uz-latn":
        return ctx.rng.choice(
            [f"{d}-{MONTHS['uz-latn'][m]}", f"{y}-yil {d}-{MONTHS['uz-latn'][m]}", f"{d:02d}.{m + 1:02d}.{y}"]
        )
    return ctx.rng.choice(
        [f"{d} {MONTHS['uz-cyrl'][m]}", f"{y} йил {d} {MONTHS['uz-cyrl'][m]}", f"{d:02d}.{m + 1:02d}.{y}"]
    )


def s_time(ctx, arg):
    return f"{ctx.rng.randint(8, 23):02d}:{ctx.rng.choice([0, 0, 15, 30, 45]):02d}"


def s_person(ctx, arg):
    f, l = person(ctx.lang, ctx.rng)
    if ctx.rng.random() < 0.3:
        return f"{f[0]}. {l}"
    return f"{f} {l}"


def s_first(ctx, arg):
    return person(ctx.lang, ctx.rng)[0]


def s_agency(ctx, arg):
    return ctx.rng.choice(AGENCIES[ctx.lang])


def s_user(ctx, arg):
    return make_user(ctx.rng)


def s_food(ctx, arg):
    return ctx.rng.choice(FOODS[ctx.lang])


def s_goods(ctx, arg):
    return ctx.rng.choice(GOODS[ctx.lang])


def s_med(ctx, arg):
    return ctx.rng.choice(MEDS[ctx.lang])


def s_jobplace(ctx, arg):
    return ctx.rng.choice(JOBPLACES)


def s_kg(ctx, arg):
    kind = ctx.rng.random()
    if kind < 0.5:
        v = ctx.rng.choice([1.2, 2.5, 3.8, 4.6, 7, 12, 18.5, 26, 40, 115])
        unit = {"en": "kg", "ru": "кг", "uz-latn": "kg", "uz-cyrl": "кг"}[ctx.lang]
    else:
        v = ctx.rng.choice([38, 120, 250, 480, 640, 900])
        unit = {"en": "grams", "ru": "граммов", "uz-latn": "gramm", "uz-cyrl": "грамм"}[ctx.lang]
    vs = f"{v:g}"
    if ctx.lang != "en":
        vs = vs.replace(".", ",")
    return f"{vs} {unit}"


def s_art(ctx, arg):
    return ctx.rng.choice(["273", "273", "273", "270", "246", "251-1", "276"])


def s_years(ctx, arg):
    return str(ctx.rng.choice([3, 5, 7, 8, 10, 12, 15]))


def s_emoji(ctx, arg):
    pal = {
        "fire": "🔥💥⚡🚀✨",
        "ok": "✅✔️👌💯🟢",
        "hand": "👉👇➡️📩📲",
        "money": "💰💸💵🤑",
        "warn": "⚠️❗🚫‼️",
        "love": "❤️🤝🙏😊",
    }
    chars = pal.get(arg) or "🔥✅👉💰⚠️❄️💎🍁🔌🚀🍪💊"
    # emojis may be two code points (with VS16); split carefully
    import re as _re

    items = _re.findall(r".\ufe0f?", chars)
    return ctx.rng.choice(items)


SLOTS = {
    "drug": s_drug,
    "drug2": s_drug2,
    "anydrug": s_anydrug,
    "emo": s_emo,
    "qty": s_qty,
    "offer": s_offer,
    "offer2": s_offer2,
    "price": s_price,
    "bigprice": s_bigprice,
    "money": s_money,
    "uzs": s_uzs,
    "n": s_n,
    "quality": s_quality,
    "form": s_form,
    "droptype": s_droptype,
    "district": s_district,
    "districts": s_districts,
    "city": s_city,
    "mycity": s_city,
    "region": s_region,
    "spot": s_spot,
    "bot": s_bot,
    "bot2": s_bot,
    "handle": s_handle,
    "handle2": s_handle,
    "anyhandle": s_handle,
    "name": s_name,
    "chan": s_chan,
    "phone": s_phone,
    "phone2": s_phone,
    "anyphone": s_phone,
    "fphone": s_fphone,
    "btc": s_btc,
    "usdt": s_usdt,
    "onion": s_onion,
    "card": s_card,
    "day": s_day,
    "date": s_date,
    "time": s_time,
    "person": s_person,
    "person2": s_person,
    "anyperson": s_person,
    "first": s_first,
    "agency": s_agency,
    "user": s_user,
    "food": s_food,
    "goods": s_goods,
    "med": s_med,
    "jobplace": s_jobplace,
    "meds": s_meds,
    "kg": s_kg,
    "art": s_art,
    "years": s_years,
    "e": s_emoji,
}
STICKY = {
    "bot",
    "bot2",
    "handle",
    "handle2",
    "chan",
    "phone",
    "phone2",
    "fphone",
    "btc",
    "usdt",
    "onion",
    "card",
    "mycity",
    "person",
    "person2",
    "jobplace",
    "name",
}


# --------------------------------------------------------------------------
# Russian case forms for place names after prepositions (nom, gen, dat, loc)

RU_CASES = {
    "Чиланзар": ("Чиланзара", "Чиланзару", "Чиланзаре"),
    "Учтепа": ("Учтепы", "Учтепе", "Учтепе"),
    "Мирзо-Улугбек": ("Мирзо-Улугбекского района", "Мирзо-Улугбекскому району", "Мирзо-Улугбекском районе"),
    "Юнусабад": ("Юнусабада", "Юнусабаду", "Юнусабаде"),
    "Янгихаёт": ("Янгихаёта", "Янгихаёту", "Янгихаёте"),
    "Яшнабад": ("Яшнабада", "Яшнабаду", "Яшнабаде"),
    "Яккасарай": ("Яккасарая", "Яккасараю", "Яккасарае"),
    "Алмазар": ("Алмазара", "Алмазару", "Алмазаре"),
    "Шайхантаур": ("Шайхантаура", "Шайхантауру", "Шайхантауре"),
    "Мирабад": ("Мирабада", "Мирабаду", "Мирабаде"),
    "Бектемир": ("Бектемира", "Бектемиру", "Бектемире"),
    "Ташкент": ("Ташкента", "Ташкенту", "Ташкенте"),
    "Самарканд": ("Самарканда", "Самарканду", "Самарканде"),
    "Бухара": ("Бухары", "Бухаре", "Бухаре"),
    "Фергана": ("Ферганы", "Фергане", "Фергане"),
    "Андижан": ("Андижана", "Андижану", "Андижане"),
    "Наманган": ("Намангана", "Намангану", "Намангане"),
    "Термез": ("Термеза", "Термезу", "Термезе"),
    "Ургенч": ("Ургенча", "Ургенчу", "Ургенче"),
    "Джизак": ("Джизака", "Джизаку", "Джизаке"),
    "Гулистан": ("Гулистана", "Гулистану", "Гулистане"),
    "Нукус": ("Нукуса", "Нукусу", "Нукусе"),
    "Чирчик": ("Чирчика", "Чирчику", "Чирчике"),
    "Алмалык": ("Алмалыка", "Алмалыку", "Алмалыке"),
    "Ангрен": ("Ангрена", "Ангрену", "Ангрене"),
    "Коканд": ("Коканда", "Коканду", "Коканде"),
    "Маргилан": ("Маргилана", "Маргилану", "Маргилане"),
}
_CASE_BY_PREP = {
    "в": 2,
    "во": 2,
    "на": 2,
    "о": 2,
    "об": 2,
    "по": 1,
    "к": 1,
    "из": 0,
    "от": 0,
    "до": 0,
    "у": 0,
    "для": 0,
    "жителя": 0,
    "жительницы": 0,
    "жителей": 0,
    "суд": 0,
    "Суд": 0,
    "районов": 0,
    "центре": 0,
    "окраине": 0,
}
_RU_PLACE_RE = None


def ru_inflect(text: str) -> str:
    """Put Russian place names into the case their preposition asks for."""
    import re

    global _RU_PLACE_RE
    if _RU_PLACE_RE is None:
        names = "|".join(sorted((re.escape(n) for n in RU_CASES), key=len, reverse=True))
        preps = "|".join(sorted(_CASE_BY_PREP, key=len, reverse=True))
        _RU_PLACE_RE = re.compile(r"(?<![\w-])(" + preps + r") (" + names + r")(?![\w-])", re.IGNORECASE)

    def repl(m):
        prep, name = m.group(1), m.group(2)
        key = next((k for k in RU_CASES if k.lower() == name.lower()), None)
        case = _CASE_BY_PREP.get(prep, _CASE_BY_PREP.get(prep.lower()))
        if key is None or case is None:
            return m.group(0)
        return f"{prep} {RU_CASES[key][case]}"

    return _RU_PLACE_RE.sub(repl, text)
