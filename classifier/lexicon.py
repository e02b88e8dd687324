"""Shared lexicon: substances, places and feature groups in English, Russian, Uzbek Latin and Uzbek Cyrillic.

Pure data plus three small matchers (no Scrapy / Elasticsearch imports):

    find_substances(text) -> ["hashish", "mephedrone"]      canonical names, sorted, unique
    find_places(text)     -> ["Chilanzar", "Tashkent"]
    group_counts(text)    -> {"dead_drop": 2, "payment": 1, ...}

Matching runs on a folded copy of the text (see `fold`): NFKC, lowercase, ё→е, Uzbek apostrophes dropped inside
words (ko'knor = koknor), Uzbek Cyrillic letters folded to their Russian neighbours (ў→у, қ→к, ғ→г, ҳ→х),
Latin/Cyrillic look-alikes folded inside mixed-script words, leetspeak digits inside words (m3f) and spaced
letters (м е ф, m.e.f) joined. Surface forms below are folded the same way, so they can be written naturally.

Surface-form conventions: a space inside a form matches any run of spaces or hyphens, a hyphen matches an
optional space or hyphen ("a-pvp" also finds "apvp" and "a pvp"). Forms of five or more letters also match with
a common Russian / Uzbek / English inflection ending (мефедрона, Toshkentda, Ташкенте, закладку); a form ending
in а/я also matches with that vowel replaced (Бухара → Бухаре, Бухарой). Shorter forms match as whole words
only, which keeps "план" out of "планета" and "гаш" out of "погашение".

Forms listed in AMBIGUOUS are everyday words too (соль = salt, лёд = ice, snow, план = plan, наша = our); they
count only with a drug-context word (a quantity like "1г", a price, закладка, клад, магнит, бот, в наличии, ...)
or an unambiguous substance name within CONTEXT_WINDOW characters.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache

from classifier.normalize import _LEET_CYR, _LEET_LAT, _splice, lookalike_table  # one set of tables

# ---------------------------------------------------------------------------------------------------- substances

# fmt: off
SUBSTANCES: dict[str, list[str]] = {
    "mephedrone": [
        "мефедрон", "меф", "мефа", "мефу", "мефом", "мефчик", "мефик", "мефыч", "мяу", "мяу-мяу", "мука",
        "mephedrone", "mefedron", "mefedrone", "mef", "meph", "4-mmc", "4-ммс", "m-cat", "mcat",
        "meow meow", "мефедрон", "mefedronni",
    ],
    "alpha-pvp": [
        "альфа-пвп", "альфа-pvp", "а-пвп", "a-pvp", "alpha-pvp", "alfa-pvp", "α-pvp", "pvp", "пвп", "альфа", "alfa",
        "alpha", "ск", "sk", "скорость", "скорости", "соль", "соли", "солей", "соль-кристалл", "крис", "крисы",
        "кристаллы", "крисс", "flakka", "флакка", "bath salts", "tuz",
    ],
    "amphetamine": [
        "амфетамин", "амф", "амфа", "амфик", "фен", "фена", "фенчик", "спиды", "спид", "amphetamine", "amfetamin",
        "amph", "amf", "speed", "spid", "спидуха",
    ],
    "methamphetamine": [
        "метамфетамин", "метамф", "мет", "мета", "первитин", "винт", "лед", "лёд", "айс", "шабу", "methamphetamine",
        "metamfetamin", "meth", "crystal meth", "crystal", "ice", "shabu", "tina", "pervitin", "кристалл мет",
    ],
    "cannabis": [
        "шишки", "шишек", "шишками", "шишка", "бошки", "бошек", "бошками", "бошка", "наша", "nasha",
        "трава", "травка", "травку", "травы", "trava", "дурь", "марихуана", "марихуаны", "каннабис",
        "конопля", "ганджа", "гидропон", "шмаль", "куш", "weed", "bud", "buds", "ganja", "marijuana", "marihuana",
        "marixuana", "cannabis", "kannabis", "kush", "hydro", "pot", "grass", "indica", "sativa", "gidropon",
        "канабис", "ganjubas", "ганжубас", "nashani", "нашани",
    ],
    "hashish": [
        "гашиш", "гаш", "гаша", "гашик", "план", "плана", "планчик", "анаша", "анашу", "чарс", "hash", "hashish",
        "gashish", "charas", "chars", "пластилин", "ручник", "hasheesh",
    ],
    "synthetic_cannabinoids": [
        "спайс", "спайса", "микс", "миксы", "курительная смесь", "курительные смеси", "курительных смесей",
        "реагент", "синтетика", "химка", "spice", "mix", "k2", "jwh", "synthetic cannabinoid",
        "synthetic cannabinoids", "sintetik nasha", "синтетик наша", "spays", "спайсы",
    ],
    "heroin": [
        "героин", "гера", "геру", "герыч", "хмурый", "хмурого", "heroin", "geroin", "smack", "brown sugar",
        "героинчик",
    ],
    "opium": [
        "опий", "опиум", "опия", "ханка", "ханку", "маковая солома", "маковой соломы", "кукнар", "кокнар",
        "кўкнор", "кукнор", "кокнор", "ko'knor", "koknor", "kuknor", "ko'knori", "afyun", "афюн", "opium",
        "opiy", "tiryak", "терьяк", "poppy straw",
    ],
    "methadone": ["метадон", "metadon", "methadone", "мэдисон", "метадона"],
    "tramadol": ["трамадол", "трамал", "трамик", "tramadol", "tramal", "трамадола"],
    "pregabalin": [
        "прегабалин", "pregabalin", "лирика", "лирики", "lyrica", "lirika", "регапен", "regapen", "лирикa",
    ],
    "tropicamide": ["тропикамид", "tropicamide", "tropikamid", "тропик", "мидриацил", "mydriacyl", "тропикамид"],
    "mdma": [
        "экстази", "мдма", "mdma", "ecstasy", "ekstazi", "extasy", "xtc", "molly", "молли", "колеса", "колёса",
        "таблы", "таблетки экстази", "ekstazi tabletkasi",
    ],
    "lsd": ["лсд", "lsd", "марки", "марку", "марок", "кислота", "кислоту", "acid", "blotter", "лизергин"],
    "cocaine": ["кокаин", "кокс", "coke", "cocaine", "kokain", "snow", "кокаина", "cocaina", "блоу"],
    "ketamine": ["кетамин", "ketamine", "ketamin", "кет", "special k", "кетамина"],
    "gbl": ["gbl", "гбл", "гамма-бутиролактон", "gamma-butyrolactone", "бутиролактон"],
    "ghb": ["ghb", "оксибутират", "бутират", "oxybate", "liquid ecstasy"],
    "desomorphine": ["дезоморфин", "desomorphine", "krokodil", "крокодил"],
    "psilocybin": ["псилоцибин", "psilocybin", "грибы", "грибочки", "shrooms", "magic mushrooms", "псилоцибы"],
    "benzodiazepines": [
        "ксанакс", "xanax", "alprazolam", "алпразолам", "феназепам", "phenazepam", "клоназепам", "clonazepam",
        "bars",
    ],
    "codeine": ["кодеин", "codeine", "kodein", "lean", "лин"],
}

# everyday words (or names, brands, other senses) that count only with a drug context nearby
AMBIGUOUS: set[str] = {
    # mephedrone
    "мяу", "мяу-мяу", "мука", "meow meow",
    # alpha-pvp / cathinones
    "альфа", "alfa", "alpha", "ск", "sk", "скорость", "скорости", "соль", "соли", "солей", "крис", "крисы",
    "крисс", "кристаллы", "pvp", "пвп", "bath salts", "tuz",
    # amphetamine
    "фен", "фена", "спид", "speed", "amf", "spid",
    # methamphetamine
    "мет", "мета", "винт", "лед", "лёд", "айс", "ice", "crystal", "tina",
    # cannabis
    "шишки", "шишек", "шишками", "шишка", "наша", "трава", "trava", "травка", "травку", "травы", "дурь",
    "гидропон",
    "куш", "bud", "buds", "hydro", "pot", "grass", "indica", "sativa",
    # hashish
    "план", "плана", "hash", "chars", "пластилин", "ручник",
    # synthetic cannabinoids
    "микс", "миксы", "реагент", "синтетика", "химка", "spice", "mix", "k2",
    # heroin
    "гера", "геру", "хмурый", "хмурого", "smack", "brown sugar",
    # pharmacy names that are ordinary words too
    "лирика", "лирики", "lirika", "тропик", "мэдисон", "трамик", "lean", "лин", "bars",
    # ecstasy / lsd / cocaine / ketamine
    "molly", "молли", "колеса", "колёса", "таблы", "марки", "марку", "марок", "кислота", "кислоту", "acid",
    "кокс", "coke", "snow", "блоу", "кет", "special k",
    # other
    "грибы", "грибочки", "крокодил", "krokodil",
}

# words that make an ambiguous form count: drop types, units, prices, shop words, bots
CONTEXT_WORDS: list[str] = [
    # drops
    "закладка", "закладки", "закладку", "закладок", "клад", "клада", "кладу", "клады", "кладов", "кладом",
    "кладмен", "закладчик", "магнит", "магнитом", "прикоп", "прикопом", "тайник", "тайником", "zakladka",
    "zakladkalar", "klad", "magnit", "prikop", "stash", "dead drop", "dead drops",
    # units and prices
    "гр", "грамм", "грамма", "граммов", "gramm", "gram", "grams", "шт", "штук", "dona", "кг", "kg", "mg", "мг",
    "ml", "мл", "доза", "doza", "dose", "прайс", "прайса", "price list", "narxlar", "нархлар", "сум", "so'm",
    "сўм", "uzs", "ming", "минг", "usdt", "btc",
    # shop words
    "бот", "bot", "в наличии", "наличие", "mavjud", "in stock", "опт", "оптом", "вес", "заказ", "заказа",
    "buyurtma", "order", "оператор", "оператору", "operator", "operatorga", "menu", "меню", "vhq", "hq", "стафф",
    "sotiladi", "sotaman", "сотилади", "сотаман", "гарант", "без палева", "vendor", "stealth",
    # use
    "употребление", "употреблять", "upotreblenie", "передоз", "overdose", "нюхать", "курить", "колоть", "snort",
    "smoke",
]

CONTEXT_WINDOW = 80  # characters of folded text before and after an ambiguous form

# ---------------------------------------------------------------------------------------------------- places

PLACES: dict[str, list[str]] = {
    "Tashkent": ["Toshkent", "Tashkent", "Тошкент", "Ташкент", "Tashkand", "Toshkand", "Ташкентская"],
    "Samarkand": ["Samarqand", "Samarkand", "Самарқанд", "Самарканд", "Samarkhand"],
    "Bukhara": ["Buxoro", "Bukhoro", "Bukhara", "Бухоро", "Бухара", "Buhara"],
    "Fergana": ["Farg'ona", "Fargona", "Fergana", "Ferghana", "Фарғона", "Фергана", "Fargʻona"],
    "Andijan": ["Andijon", "Andijan", "Андижон", "Андижан"],
    "Namangan": ["Namangan", "Наманган"],
    "Kashkadarya": ["Qashqadaryo", "Kashkadarya", "Qashqadarya", "Қашқадарё", "Кашкадарья", "Кашкадарё"],
    # Uzbek "qarshi / қарши" also means "against": the bare name is matched through CASED_PLACES
    "Qarshi": ["Qarshi", "Karshi", "Қарши", "Карши", "Каршинский", "Каршинская", "Каршинской", "Каршинском"],
    "Surkhandarya": ["Surxondaryo", "Surkhandarya", "Surxandaryo", "Сурхондарё", "Сурхандарья", "Сурхандарё"],
    "Termez": ["Termiz", "Termez", "Термиз", "Термез"],
    "Khorezm": ["Xorazm", "Khorezm", "Khorazm", "Хоразм", "Хорезм"],
    "Urgench": ["Urganch", "Urgench", "Урганч", "Ургенч"],
    "Navoi": ["Navoiy", "Navoi", "Navoiyda", "Навоий", "Навои"],
    "Jizzakh": ["Jizzax", "Jizzakh", "Djizak", "Jizak", "Жиззах", "Джизак", "Джизакская", "Джизаке"],
    "Syrdarya": ["Sirdaryo", "Syrdarya", "Sirdarya", "Сирдарё", "Сырдарья", "Сырдарьинская"],
    "Gulistan": ["Guliston", "Gulistan", "Гулистон", "Гулистан"],
    "Karakalpakstan": [
        "Qoraqalpog'iston", "Qoraqalpogiston", "Karakalpakstan", "Қорақалпоғистон", "Каракалпакстан",
        "Karakalpakiya", "Каракалпакия", "Каракалпакии",
    ],
    "Nukus": ["Nukus", "Нукус"],
    "Chirchiq": ["Chirchiq", "Chirchik", "Чирчиқ", "Чирчик"],
    "Angren": ["Angren", "Ангрен"],
    "Kokand": ["Qo'qon", "Qoqon", "Kokand", "Qo'qand", "Қўқон", "Коканд", "Kokon"],
    # Tashkent districts
    "Chilanzar": ["Chilonzor", "Chilanzar", "Chilanzor", "Чилонзор", "Чиланзар"],
    "Uchtepa": ["Uchtepa", "Учтепа", "Учтепинский", "Учтепинском"],
    "Mirzo Ulugbek": [
        "Mirzo Ulug'bek", "Mirzo Ulugbek", "Mirzo-Ulugbek", "Мирзо Улуғбек", "Мирзо-Улугбек", "Мирзо Улугбек",
        "Мирзо-Улугбекский", "Мирзо-Улугбекском",
    ],
    "Yunusabad": ["Yunusobod", "Yunusabad", "Юнусобод", "Юнусабад"],
    "Yangihayot": ["Yangihayot", "Янгиҳаёт", "Янгихаёт", "Янгихаят", "Yangixayot"],
    "Sergeli": ["Sergeli", "Сергели", "Сергелий", "Сергелийский", "Сергелийском"],
    "Yashnabad": ["Yashnobod", "Yashnabad", "Яшнобод", "Яшнабад"],
    "Yakkasaray": ["Yakkasaroy", "Yakkasaray", "Яккасарой", "Яккасарай"],
    "Olmazor": ["Olmazor", "Almazar", "Олмазор", "Алмазар", "Алмазарский", "Алмазарском"],
    "Shaykhantakhur": [
        "Shayxontohur", "Shaykhontokhur", "Shaykhantakhur", "Шайхонтоҳур", "Шайхантахур", "Шайхантаур",
        "Шайхантахурский", "Шайхантахурском",
    ],
    "Mirobod": ["Mirobod", "Mirabad", "Миробод", "Мирабад"],
    "Bektemir": ["Bektemir", "Бектемир"],
}

# place names that are also everyday words in lowercase (Uzbek "qarshi / қарши" = "against"): these places are
# matched case-sensitively, capitalised or upper-case only, instead of through PLACES
CASED_PLACES: dict[str, list[str]] = {
    "Qarshi": ["Qarshi", "QARSHI", "Karshi", "KARSHI", "Қарши", "ҚАРШИ", "Карши", "КАРШИ"],
}

# forms that name a person or a street rather than the place when preceded by these words
_PLACE_EXCLUDE_BEFORE = {"Navoi": ("алишер", "alisher", "ali sher")}

# ---------------------------------------------------------------------------------------------------- groups

GROUPS: dict[str, list[str]] = {
    "dead_drop": [
        "закладка", "закладки", "закладку", "закладок", "закладкой", "клад", "клада", "кладу", "клады", "кладом",
        "кладов", "магнит", "магнитом", "магниты", "магнитка", "прикоп", "прикопом", "прикопы", "тайник",
        "тайника", "тайники", "схрон", "координаты", "координат", "фото клада", "геолокация", "геолокацию",
        "геопозиция", "точка на карте", "zakladka", "zakladkalar", "klad", "magnit", "prikop", "yashirin joy",
        "yashirin joyga", "ko'mib", "ko'mib ketilgan", "komib", "belgi qo'yish", "geolokatsiya", "koordinata",
        "koordinatalar", "яширин жой", "кўмиб", "геолокация", "drop", "drops", "dead drop", "dead drops", "stash",
        "stashes", "coordinates", "geotag", "pin location", "buried", "magnet",
    ],
    "recruitment": [
        "работа", "работу", "вакансия", "вакансии", "курьер", "курьером", "курьеры", "закладчик", "закладчики",
        "кладмен", "кладмены", "минер", "минёр", "трафаретчик", "трафаретчики", "фасовщик", "перевозчик",
        "химик", "гровер", "склад", "высокий доход", "легкий заработок", "лёгкий заработок", "заработок",
        "залог", "требуются", "набор", "оплата за клад", "за клад", "kuryer", "kuryer kerak", "kuryerlar",
        "narkokuryer", "tajriba shart emas", "yuqori maosh", "oson pul", "tez pul", "anonim ish",
        "paket tashiysiz", "tarqatuvchi", "vakansiya", "ishga olamiz", "ish bor", "maosh", "daromad",
        "курьер керак", "юқори маош", "осон пул", "тез пул", "ишга оламиз", "вакансия", "hiring", "job", "jobs",
        "courier", "couriers", "easy money", "high income", "high salary", "no experience",
        "deposit", "recruit",
    ],
    "payment": [
        "usdt", "btc", "bitcoin", "биткоин", "биткойн", "крипта", "крипту", "криптовалюта", "crypto", "kripto",
        "карта", "на карту", "картой", "карту", "uzcard", "узкард", "humo", "хумо", "visa", "оплата", "оплату",
        "оплаты", "перевод", "переводом", "to'lov", "тўлов", "tolov", "karta", "kartaga", "pul o'tkazish",
        "payme", "click", "trc20", "trc-20", "erc20", "p2p", "qiwi", "киви", "escrow", "payment", "pay", "paid",
        "tether", "monero", "xmr", "eth", "ethereum", "предоплата", "oldindan to'lov", "оплата при",
    ],
    "contact": [
        "жми старт", "нажми старт", "жмите старт", "старт", "пиши оператору", "пишите оператору", "оператор",
        "оператору", "оператора", "заказ в боте", "в боте", "бот", "бота", "боте", "связь", "пиши в лс", "лс",
        "операторга ёзинг", "операторга", "operatorga yozing", "operatorga", "operator", "yozing", "yozish",
        "botga", "ботга", "aloqa", "алоқа", "kontakt", "контакт", "контакты", "bot", "write to", "text me",
        "contact", "dm", "press start", "/start", "telegram", "телеграм", "телеграмм", "tg",
    ],
    "stock": [
        "в наличии", "наличие", "наличии", "новый завоз", "завоз", "поступление", "ассортимент", "меню", "прайс",
        "опт", "оптом", "вес", "bor", "mavjud", "sotuvda", "sotiladi", "sotaman", "ulgurji", "narxlar", "narxi",
        "мавжуд", "сотилади", "сотаман", "in stock", "available", "restock", "menu", "price list", "for sale",
        "продам", "продаю", "купить", "vhq", "hq", "товар", "позиция", "позиции", "стафф", "staff",
    ],
    "news_legal": [
        "задержан", "задержана", "задержаны", "задержали", "задержание", "изъято", "изъяли", "изъят", "изъятие",
        "уголовное дело", "возбуждено", "по статье", "статья", "статьи", "суд", "суда", "приговор", "приговорен",
        "приговорён", "осужден", "осуждён", "арестован", "арестованы", "мвд", "гсб", "сгб", "милиция", "полиция",
        "прокуратура", "рейд", "операция", "ushlandi", "qo'lga olindi", "qo'lga olingan", "jinoyat ishi",
        "qo'zg'atildi", "iiv", "иив", "dxx", "дхх", "bojxona", "божхона", "prokuratura", "прокуратура", "sud",
        "hukm", "ҳукм", "жиноят иши", "қўлга олинди", "ушланди", "musodara", "мусодара", "sentenced", "seized",
        "arrested", "arrest", "charged", "police", "court", "convicted", "unodc", "ministry", "investigation",
        "national centre", "national center", "milliy markaz",
    ],
    "help_treatment": [
        "реабилитация", "реабилитации", "реабилитационный", "наркология", "нарколог", "наркологический",
        "наркологии", "помощь", "помощи", "горячая линия", "горячей линии", "лечение", "лечения", "зависимость",
        "зависимости", "детокс", "психолог", "консультация", "налоксон", "reabilitatsiya", "yordam", "narkologiya",
        "narkolog", "davolash", "ishonch telefoni", "qaramlik", "реабилитация", "ёрдам", "даволаш",
        "ишонч телефони", "rehab", "rehabilitation", "helpline", "hotline", "treatment", "recovery",
        "addiction", "therapy", "detox", "counselling", "counseling", "support group", "naloxone", "harm reduction",
    ],
}

# fmt: on

# ---------------------------------------------------------------------------------------------------- folding

_APOSTROPHE_CHARS = "‘’ʻʼ`´ʹ′"
_UZ_CYR_PAIRS = (("ў", "у"), ("қ", "к"), ("ғ", "г"), ("ҳ", "х"), ("ё", "е"))
_LAT_TO_CYR = lookalike_table("cyr")
_CYR_TO_LAT = lookalike_table("lat", extra=True)

# three or more single letters separated by dots, dashes, stars or spaces: м е ф, m.e.f
_SPACED = re.compile(r"(?<!\w)(?:[^\W\d_][.\-_*\s]{1,2}){2,}[^\W\d_](?!\w)")
_SPACED_SEP = re.compile(r"[.\-_*\s]")
_SPACED_HINT = re.compile(r"\W[^\W\d_][.\-_*\s]{1,2}[^\W\d_][.\-_*\s]")
_ONE_LETTER_WORDS = frozenset("вскиаоуяi")
# letters with leet digits or signs between them: m3f, s0l, l$d
_LEETY = re.compile(r"(?<![\w$@])[^\W\d_]+(?:[0-9$@]+[^\W\d_]+)+(?![\w$@])")
_LEET_HINT = re.compile(r"[0-9$@](?<=[^\W\d_][0-9$@])[0-9$@]*[^\W\d_]")
# a letter of one script touching a letter of the other; each starts with its script's letter class, so the
# regex engine skips quickly over text written in the other script
_LAT_TOUCHING_CYR = re.compile(r"[a-z](?:(?<=[а-я][a-z])|(?=[а-я]))")
_CYR_TOUCHING_LAT = re.compile(r"[а-я](?:(?<=[a-z][а-я])|(?=[a-z]))")
_HAS_CYR = re.compile(r"[а-я]")
_CYR_ONLY = re.compile(r"[бвгджзилнпфцчшщъыьэюя]")
_LAT_ONLY = re.compile(r"[bdfghijlnqrsuvwz]")
_MAX_FOLD_WORD = 24  # longer tokens are hashes, wallets or onions: no drug word hides there


def unify_apostrophes(text: str) -> str:
    """o‘ oʻ o` o’ ... -> o' (str.replace is much faster than str.translate here)."""
    for ch in _APOSTROPHE_CHARS:
        if ch in text:
            text = text.replace(ch, "'")
    return text


def _join_spaced(run: str) -> str:
    """Join м е ф -> меф; a trailing one-letter word (м е ф в наличии) or a change of case stays apart."""
    letters = [ch for ch in run if not _SPACED_SEP.match(ch)]
    n = len(letters)
    first_upper = letters[0].isupper()
    for i, ch in enumerate(letters):
        if ch.isupper() != first_upper:
            n = i
            break
    if n == len(letters) and n >= 4 and letters[-1].lower() in _ONE_LETTER_WORDS:
        n -= 1
    if n < 3:
        return run
    seen = 0
    for pos, ch in enumerate(run):  # cut `run` just after its n-th letter
        if not _SPACED_SEP.match(ch):
            seen += 1
            if seen == n:
                return "".join(letters[:n]) + run[pos + 1 :]
    return run


def _fold_mixed(word: str) -> str:
    cyr_only, lat_only = len(_CYR_ONLY.findall(word)), len(_LAT_ONLY.findall(word))
    if cyr_only != lat_only:
        cyrillic = cyr_only > lat_only
    else:
        cyrillic = len(_HAS_CYR.findall(word)) * 2 >= len(word)
    return word.translate(_LAT_TO_CYR if cyrillic else _CYR_TO_LAT)


def _spaced_edits(text: str) -> list:
    edits, last = [], -1
    starts = [0] if text[:1].isalpha() else []
    starts += [m.start() + 1 for m in _SPACED_HINT.finditer(text)]
    for pos in starts:
        if pos < last:
            continue
        m = _SPACED.match(text, pos)
        if m:
            edits.append((m.start(), m.end(), _join_spaced(m.group(0))))
            last = m.end()
    return edits


def _word_span(text: str, start: int, end: int, ok) -> tuple[int, int]:
    while start > 0 and ok(text[start - 1]):
        start -= 1
    while end < len(text) and ok(text[end]):
        end += 1
    return start, end


def _leet_ok(ch: str) -> bool:
    return ch.isalnum() or ch in "$@"


def _leet_edits(text: str) -> list:
    edits, last = [], -1
    for m in _LEET_HINT.finditer(text):
        start = m.start()
        if start < last:
            continue
        s, e = _word_span(text, start, m.end(), _leet_ok)
        last = e
        if e - s <= _MAX_FOLD_WORD and _LEETY.fullmatch(text, s, e):
            word = text[s:e]
            edits.append((s, e, word.translate(_LEET_CYR if _HAS_CYR.search(word) else _LEET_LAT)))
    return edits


def _mixed_edits(text: str) -> list:
    """Words with both Latin and Cyrillic letters, found from the runs of the rarer script."""
    if text.isascii():
        return []
    non_ascii = len(text.encode("utf-8", "surrogatepass")) - len(text)  # ~ one per Cyrillic letter
    touching = _CYR_TOUCHING_LAT if non_ascii * 2 < len(text) else _LAT_TOUCHING_CYR
    edits, last = [], -1
    for m in touching.finditer(text):
        if m.start() < last:
            continue
        s, e = _word_span(text, m.start(), m.end(), str.isalpha)
        last = e
        if e - s <= _MAX_FOLD_WORD:
            edits.append((s, e, _fold_mixed(text[s:e])))
    return edits


def fold(text: str) -> str:
    """The matching form of a text: like classifier.normalize.normalize_for_index (NFKC, apostrophes, spaced
    letters, leetspeak, look-alikes, lowercase, ё→е) plus Uzbek folds (ў→у қ→к ғ→г ҳ→х, o'→o), built for
    speed: the per-word work runs only on the few words that a cheap scan points at."""
    text = unify_apostrophes(unicodedata.normalize("NFKC", text or ""))
    text = _splice(text, _spaced_edits(text)).lower()
    for a, b in _UZ_CYR_PAIRS:
        if a in text:
            text = text.replace(a, b)
    if "'" in text:  # ko'knor -> koknor; quotes around words go too, which no lexicon form needs
        text = text.replace("'", "")
    text = _splice(text, _leet_edits(text))
    return _splice(text, _mixed_edits(text))


# ---------------------------------------------------------------------------------------------------- matching

_INFLECT = (
    # Russian noun / adjective endings
    "а|я|у|ю|е|и|ы|о|ом|ем|ой|ей|ою|ам|ям|ами|ями|ах|ях|ов|ев|ий|ый|ая|ое|ие|ые|ого|его|ому|ым|им|ых|их|ую|ок|"
    "ский|ская|ское|ские|ского|ской|ском|ских|ским|скую|цы|ец|цев|ца|"
    # Uzbek Cyrillic case and plural endings (folded: қа -> ка)
    "да|дан|га|ка|ни|нинг|даги|дагилар|лик|ликлар|лар|ларни|лардан|ларга|ларда|си|сида|дир|"
    # Uzbek Latin
    "da|dan|ga|ka|qa|ni|ning|dagi|lik|liklar|lar|larni|lardan|larga|larda|si|sida|dir|"
    # English
    "s|es|ed|ing"
)
_INFLECT_SET = frozenset(_INFLECT.split("|"))
_MAX_SUFFIX = max(map(len, _INFLECT_SET))
_MIN_INFLECT = 5  # forms with fewer letters match as whole words only
_EXACT, _INFLECTS, _STEM = 0, 1, 2  # how a key may end: no suffix / optional suffix / required suffix


def _escape_char(ch: str) -> str:
    if ch == " ":
        return r"[\s\-]+"
    if ch == "-":
        return r"[\s\-]?"
    return re.escape(ch)


def _trie_regex(words) -> str:
    """A regex alternation shaped as a character trie: fast in Python's backtracking engine."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node) -> str:
        branches = [_escape_char(ch) + emit(child) for ch, child in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            body = "(?:" + body + ")?"
        return body

    return emit(trie)


def _key(form: str) -> str:
    """Folded form without spaces and hyphens: the lookup key of a matched span."""
    return form.replace(" ", "").replace("-", "").replace("\n", "").replace("\t", "")


def _clean_form(raw: str) -> str:
    return re.sub(r"\s+", " ", fold(raw).strip())


class _Lexicon:
    """One regex for every surface form of every lexicon; each hit maps back to its (kind, label) pairs."""

    def __init__(self, tables: dict[str, dict[str, list[str]]]):
        self.entries: dict[str, list[tuple[int, str, str]]] = {}
        self._memo: dict[str, tuple[str, list[tuple[str, str]]]] = {}
        words = set()
        for kind, mapping in tables.items():
            for label, forms in mapping.items():
                for raw in forms:
                    form = _clean_form(raw)
                    if not form:
                        continue
                    letters = sum(ch.isalpha() for ch in form)
                    if letters < _MIN_INFLECT:
                        self._add(form, _EXACT, kind, label)
                    elif form[-1] in "ая":  # Бухара -> Бухаре, Бухарой; трава -> траву
                        self._add(form, _EXACT, kind, label)
                        self._add(form[:-1], _STEM, kind, label)
                        words.add(form[:-1])
                    else:
                        self._add(form, _INFLECTS, kind, label)
                    words.add(form)
        self.regex = re.compile(r"\b(?:" + _trie_regex(words) + r")(?:" + _INFLECT + r")?(?!\w)")

    def _add(self, form, policy, kind, label):
        entry = (policy, kind, label)
        bucket = self.entries.setdefault(_key(form), [])
        if entry not in bucket:
            bucket.append(entry)

    def resolve(self, key: str) -> tuple[str, list[tuple[str, str]]]:
        """The base key and (kind, label) pairs of a matched key: the longest known base whose ending rule fits
        the rest of the word (memoised: the same words come back on every page)."""
        hit = self._memo.get(key)
        if hit is None:
            if len(self._memo) > 200_000:
                self._memo.clear()
            hit = self._memo[key] = self._resolve(key)
        return hit

    def _resolve(self, key: str) -> tuple[str, list[tuple[str, str]]]:
        for cut in range(len(key), max(0, len(key) - _MAX_SUFFIX) - 1, -1):
            bucket = self.entries.get(key[:cut])
            if not bucket:
                continue
            suffix = key[cut:]
            if not suffix:
                found = [(k, lab) for pol, k, lab in bucket if pol != _STEM]
            elif suffix in _INFLECT_SET:
                found = [(k, lab) for pol, k, lab in bucket if pol != _EXACT]
            else:
                continue
            if found:
                return key[:cut], found
        return key, []

    def scan(self, folded: str) -> list[tuple[int, int, str, list[tuple[str, str]]]]:
        hits = []
        for m in self.regex.finditer(folded):
            start = m.start()
            if start and folded[start - 1] in "@/":  # a handle or a URL path, not a word of the text
                continue
            base, found = self.resolve(_key(m.group(0)))
            if found:
                hits.append((start, m.end(), base, found))
        return hits


_CASED_FOLDED = {fold(f) for forms in CASED_PLACES.values() for f in forms}
_LEX = _Lexicon(
    {
        "substance": SUBSTANCES,
        "place": {k: [f for f in v if _clean_form(f) not in _CASED_FOLDED] for k, v in PLACES.items()},
        "group": GROUPS,
        "context": {"context": CONTEXT_WORDS},
    }
)
_AMBIG_KEYS = set()
for _form in AMBIGUOUS:
    _k = _key(_clean_form(_form))
    _AMBIG_KEYS.add(_k)
    if sum(ch.isalpha() for ch in _k) >= _MIN_INFLECT and _k[-1] in "ая":
        _AMBIG_KEYS.add(_k[:-1])
_CONTEXT_GROUPS = {"dead_drop"}

# a quantity or price next to the word: 1г, 0.5 гр, 2g, 250 000 сум, $45, 45$; a bot handle; a t.me link
_CONTEXT_EXTRA = re.compile(
    r"\d\s?(?:г|гр|g|gr|кг|kg|шт|ml|мл|mg|мг)(?!\w)|\$\s?\d|\d\s?\$|\d\s?(?:сум|som|usdt|usd)(?!\w)"
    r"|@[a-z][a-z0-9_]{2,30}bot(?![a-z0-9_])|t\.me/"
)
_CASED = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(f) for forms in CASED_PLACES.values() for f in sorted(forms, key=len, reverse=True))
    + r")(?:"
    + _INFLECT
    + r"|ДА|ДАН|ГА|DA|DAN|GA|дан|нинг|ning|даги|dagi|лик|lik)?(?!\w)"
)
_CASED_LABEL = {f: canon for canon, forms in CASED_PLACES.items() for f in forms}
_CASED_HEAD = re.compile("|".join(re.escape(f) for f in sorted(_CASED_LABEL, key=len, reverse=True)))
_EXCLUDE = {canon: tuple(_clean_form(w) + " " for w in words) for canon, words in _PLACE_EXCLUDE_BEFORE.items()}
# extra contact signals for group_counts: @handles and t.me links
_CONTACT_EXTRA = re.compile(r"(?<![\w.])@[a-z][a-z0-9_]{3,31}(?![a-z0-9_])|(?:t|telegram)\.me/[a-z+]")


@lru_cache(maxsize=32)
def _scan(text: str) -> tuple[str, list]:
    folded = fold(text)
    return folded, _LEX.scan(folded)


def find_substances(text: str) -> list[str]:
    """Canonical substance names mentioned in the text (ambiguous words only with a drug context nearby)."""
    folded, hits = _scan(text or "")
    found: set[str] = set()
    pending, context = [], []
    for start, end, key, pairs in hits:
        subst = [lab for kind, lab in pairs if kind == "substance"]
        if subst:
            if key in _AMBIG_KEYS:
                pending.append((start, end, subst))
            else:
                found.update(subst)
                context.append(start)
        if any(kind == "context" or (kind == "group" and lab in _CONTEXT_GROUPS) for kind, lab in pairs):
            context.append(start)
    if pending:
        context.sort()
        for start, end, subst in pending:
            if set(subst) <= found:
                continue
            if _near(context, start, end) or _CONTEXT_EXTRA.search(
                folded, max(0, start - CONTEXT_WINDOW), end + CONTEXT_WINDOW
            ):
                found.update(subst)
    return sorted(found)


def _near(positions: list[int], start: int, end: int) -> bool:
    i = bisect_left(positions, start - CONTEXT_WINDOW)
    return i < len(positions) and positions[i] <= end + CONTEXT_WINDOW


def find_places(text: str) -> list[str]:
    """Canonical place names (Uzbek regions, cities and Tashkent districts) mentioned in the text."""
    text = text or ""
    folded, hits = _scan(text)
    found: set[str] = set()
    for start, _end, _base, pairs in hits:
        for kind, canon in pairs:
            if kind != "place":
                continue
            excl = _EXCLUDE.get(canon)
            if excl and folded[max(0, start - 12) : start].endswith(excl):
                continue
            found.add(canon)
    if _CASED_HEAD.search(text):
        for m in _CASED.finditer(unify_apostrophes(unicodedata.normalize("NFKC", text))):
            found.add(_CASED_LABEL[_CASED_HEAD.match(m.group(0)).group(0)])
    return sorted(found)


def group_counts(text: str) -> dict[str, int]:
    """Occurrences of each GROUPS lexicon in the text (every group present, zero when absent); @handles and
    t.me links also count as "contact"."""
    folded, hits = _scan(text or "")
    counts = dict.fromkeys(GROUPS, 0)
    for _s, _e, _k, pairs in hits:
        for kind, group in pairs:
            if kind == "group":
                counts[group] += 1
    if "@" in folded or ".me/" in folded:
        counts["contact"] += sum(1 for _ in _CONTACT_EXTRA.finditer(folded))
    return counts


def analyze(text: str) -> dict:
    """All three at once (the text is folded and scanned once)."""
    return {"substances": find_substances(text), "places": find_places(text), "groups": group_counts(text)}
