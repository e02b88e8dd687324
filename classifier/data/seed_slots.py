"""Slot generators for the seed corpus: places, products, prices, people, and identifiers.

Every generator takes the document context (seed_engine.Ctx) and returns a string in the document's language
(ctx.src is "en", "ru" or "uz"; Uzbek values are written in Latin and transliterated for uz-cyrl when the slot is
marked translit=True). Identifiers (phones, handles, wallets, links) are never transliterated.
"""

from __future__ import annotations

import string

from seed_engine import obfuscate

# --------------------------------------------------------------------------------------------------------------
# Places
# --------------------------------------------------------------------------------------------------------------

CITIES = [  # (en, ru nominative, ru "в ...", uz)
    ("Tashkent", "Ташкент", "в Ташкенте", "Toshkent"),
    ("Samarkand", "Самарканд", "в Самарканде", "Samarqand"),
    ("Bukhara", "Бухара", "в Бухаре", "Buxoro"),
    ("Fergana", "Фергана", "в Фергане", "Farg'ona"),
    ("Andijan", "Андижан", "в Андижане", "Andijon"),
    ("Namangan", "Наманган", "в Намангане", "Namangan"),
    ("Karshi", "Карши", "в Карши", "Qarshi"),
    ("Termez", "Термез", "в Термезе", "Termiz"),
    ("Urgench", "Ургенч", "в Ургенче", "Urganch"),
    ("Navoi", "Навои", "в Навои", "Navoiy"),
    ("Jizzakh", "Джизак", "в Джизаке", "Jizzax"),
    ("Gulistan", "Гулистан", "в Гулистане", "Guliston"),
    ("Nukus", "Нукус", "в Нукусе", "Nukus"),
    ("Chirchiq", "Чирчик", "в Чирчике", "Chirchiq"),
    ("Kokand", "Коканд", "в Коканде", "Qo'qon"),
    ("Angren", "Ангрен", "в Ангрене", "Angren"),
    ("Almalyk", "Алмалык", "в Алмалыке", "Olmaliq"),
    ("Margilan", "Маргилан", "в Маргилане", "Marg'ilon"),
]

REGIONS = {
    "en": [
        "Tashkent region",
        "Samarkand region",
        "Fergana valley",
        "Surkhandarya region",
        "Kashkadarya region",
        "Bukhara region",
        "Karakalpakstan",
        "Khorezm region",
        "Namangan region",
        "Andijan region",
        "Syrdarya region",
        "Jizzakh region",
        "Navoi region",
    ],
    "ru": [
        "Ташкентской области",
        "Самаркандской области",
        "Ферганской области",
        "Сурхандарьинской области",
        "Кашкадарьинской области",
        "Бухарской области",
        "Республике Каракалпакстан",
        "Хорезмской области",
        "Наманганской области",
        "Андижанской области",
        "Сырдарьинской области",
        "Джизакской области",
        "Навоийской области",
    ],
    "uz": [
        "Toshkent viloyatida",
        "Samarqand viloyatida",
        "Farg'ona viloyatida",
        "Surxondaryo viloyatida",
        "Qashqadaryo viloyatida",
        "Buxoro viloyatida",
        "Qoraqalpog'iston Respublikasida",
        "Xorazm viloyatida",
        "Namangan viloyatida",
        "Andijon viloyatida",
        "Sirdaryo viloyatida",
        "Jizzax viloyatida",
        "Navoiy viloyatida",
    ],
}

DISTRICTS = {
    "en": [
        "Chilanzar",
        "Yunusabad",
        "Mirzo Ulugbek",
        "Sergeli",
        "Yakkasaray",
        "Almazar",
        "Shaykhantakhur",
        "Mirabad",
        "Bektemir",
        "Uchtepa",
        "Yashnabad",
        "Yangihayot",
        "Chorsu",
        "Beshagach",
        "Kukcha",
        "Karakamysh",
        "Kuylyuk",
        "TTZ",
        "Darkhan",
        "Tashkent City",
        "Hippodrome",
        "Ts-1",
        "Chilanzar-9",
        "Yunusabad-19",
        "Alay bazaar area",
        "Farkhad bazaar",
        "Sputnik",
        "Qushbegi",
    ],
    "ru": [
        "Чиланзар",
        "Юнусабад",
        "Мирзо-Улугбек",
        "Сергели",
        "Яккасарай",
        "Алмазар",
        "Шайхантахур",
        "Мирабад",
        "Бектемир",
        "Учтепа",
        "Яшнабад",
        "Янгихаёт",
        "Чорсу",
        "Беш-Агач",
        "Кукча",
        "Каракамыш",
        "Куйлюк",
        "Ц-1",
        "Ц-5",
        "Ипподром",
        "Кадышева",
        "Алайский",
        "Фархадский",
        "Госпитальный",
        "ТТЗ",
        "Максим Горький",
        "Дархан",
        "Панельный",
        "Тузель",
        "Кушбеги",
        "Чиланзар-9",
        "Юнусабад-19",
        "Северо-Восток",
        "Новомосковская",
        "Бешкайрагач",
        "Авиагородок",
        "Спутник",
        "Массив Халкобод",
    ],
    "uz": [
        "Chilonzor",
        "Yunusobod",
        "Mirzo Ulug'bek",
        "Sergeli",
        "Yakkasaroy",
        "Olmazor",
        "Shayxontohur",
        "Mirobod",
        "Bektemir",
        "Uchtepa",
        "Yashnobod",
        "Yangihayot",
        "Chorsu",
        "Beshyog'och",
        "Ko'kcha",
        "Qoraqamish",
        "Qo'yliq",
        "TTZ",
        "Darxon",
        "Xadra",
        "Qushbegi",
        "Oloy bozori",
        "Farhod bozori",
        "Chilonzor-9",
        "Yunusobod-19",
        "Sebzor",
        "Ipodrom",
        "Qatortol",
        "Bodomzor",
        "Minor",
    ],
}
OTHER_AREAS = {
    "en": [
        "city centre",
        "railway station",
        "bus station",
        "{n} microdistrict",
        "old town",
        "the bazaar",
        "university campus",
        "new blocks",
    ],
    "ru": [
        "центр",
        "вокзал",
        "автовокзал",
        "{n} микрорайон",
        "старый город",
        "базар",
        "студгородок",
        "новостройки",
    ],
    "uz": [
        "markaz",
        "vokzal",
        "avtovokzal",
        "{n}-mikrorayon",
        "eski shahar",
        "bozor atrofi",
        "talabalar shaharchasi",
        "yangi uylar",
    ],
}

# --------------------------------------------------------------------------------------------------------------
# Products (street names per language; price in thousand so'm per unit)
# --------------------------------------------------------------------------------------------------------------

PRODUCTS = {
    "mef": {
        "en": ["meph", "mephedrone", "4-MMC", "meow", "m-cat", "drone", "mephe"],
        "ru": ["меф", "мефедрон", "мяу", "мука", "меф крис", "мефчик", "кристаллы", "меф мука", "4-ММС"],
        "uz": ["mef", "mefedron", "меф", "kristall", "myau", "mefik", "muka"],
        "unit": "g",
        "price": (330, 650),
        "emoji": ["❄️", "🐱", "💎", "🧂"],
    },
    "alpha": {
        "en": ["alpha-PVP", "a-pvp", "flakka", "alpha crystals", "PVP"],
        "ru": ["альфа", "a-PVP", "альфа-PVP", "ск", "скорость", "соль", "кристалл", "СК крис"],
        "uz": ["alfa", "a-PVP", "ск", "skorost", "kristal", "sol"],
        "unit": "g",
        "price": (280, 520),
        "emoji": ["💎", "🧂", "⚡"],
    },
    "amph": {
        "en": ["speed", "amph", "amphetamine", "base speed", "paste"],
        "ru": ["амф", "фен", "спиды", "амфетамин", "фенамин"],
        "uz": ["amfetamin", "fen", "speed", "amf"],
        "unit": "g",
        "price": (250, 450),
        "emoji": ["⚡", "🚀"],
    },
    "meth": {
        "en": ["ice", "crystal", "tina", "glass", "shards"],
        "ru": ["мет", "лёд", "айс", "первитин", "стекло"],
        "uz": ["met", "ays", "muz", "pervitin", "shisha"],
        "unit": "g",
        "price": (400, 800),
        "emoji": ["💎", "🧊"],
    },
    "hash": {
        "en": ["hash", "charas", "afghan hash", "pollen", "slab", "temple balls"],
        "ru": ["гашиш", "гаш", "план", "чарс", "пластилин", "афган", "ирлан"],
        "uz": ["gashish", "nasha", "chars", "plastilin", "gash", "afg'on"],
        "unit": "g",
        "price": (150, 320),
        "emoji": ["🍫", "🟫", "🍁"],
    },
    "buds": {
        "en": ["weed", "bud", "kush", "gas", "loud", "za", "OG", "haze"],
        "ru": ["шишки", "бошки", "гидропон", "трава", "сатива", "индика", "ОГ куш", "шишки АК-47"],
        "uz": ["shishki", "boshki", "gidra", "nasha", "o't", "ko'k", "gidropon"],
        "unit": "g",
        "price": (200, 420),
        "emoji": ["🍁", "🌲", "🥦", "🌿"],
    },
    "spice": {
        "en": ["spice", "K2", "synth", "mix"],
        "ru": ["спайс", "микс", "реагент", "курительная смесь", "химка", "кристалл для микса"],
        "uz": ["spays", "miks", "aralashma", "reagent", "ximka"],
        "unit": "g",
        "price": (90, 250),
        "emoji": ["🌪", "💨", "🧪"],
    },
    "heroin": {
        "en": ["H", "dope", "smack", "boy", "tar"],
        "ru": ["героин", "гера", "хмурый", "белый афган"],
        "uz": ["geroin", "gera", "oq", "xmuriy"],
        "unit": "g",
        "price": (500, 1100),
        "emoji": ["🐉", "🤍"],
    },
    "opium": {
        "en": ["opium", "O", "poppy tea", "dark"],
        "ru": ["опий", "ханка", "солома", "мак", "кукнар"],
        "uz": ["afyun", "ko'knor", "xanka", "somon", "qora"],
        "unit": "g",
        "price": (150, 400),
        "emoji": ["🌺", "🟤"],
    },
    "coke": {
        "en": ["coke", "snow", "blow", "yayo", "white", "flake"],
        "ru": ["кокс", "кокаин", "первый", "белый", "снег"],
        "uz": ["kokain", "koks", "oq qor", "kola"],
        "unit": "g",
        "price": (900, 1600),
        "emoji": ["❄️", "⛄", "🏔"],
    },
    "mdma": {
        "en": ["molly", "MDMA", "E", "beans", "rolls", "pills"],
        "ru": ["экстази", "МДМА", "колёса", "таблы", "молли", "кристаллы МД"],
        "uz": ["ekstazi", "MDMA", "tabletka", "kolesa", "xapka"],
        "unit": "pc",
        "price": (150, 320),
        "emoji": ["💊", "🍬", "💗"],
    },
    "lsd": {
        "en": ["acid", "tabs", "blotters", "LSD"],
        "ru": ["ЛСД", "марки", "кислота", "марка"],
        "uz": ["LSD", "marka", "kislota"],
        "unit": "pc",
        "price": (150, 260),
        "emoji": ["🌈", "🍄", "🎫"],
    },
    "pharma": {
        "en": ["lyrica", "pregabs", "trams", "tramadol", "tropicamide", "bars", "xans"],
        "ru": ["лирика", "лира", "регапен", "тропик", "тропикамид", "трамадол", "трамал", "метадон"],
        "uz": ["lirika", "regapen", "tropikamid", "tramadol", "trama", "tabletka", "tropik"],
        "unit": "pack",
        "price": (60, 220),
        "emoji": ["💊", "👁", "💉"],
    },
}
GRADES = {
    "en": ["VHQ", "HQ", "premium", "top shelf", "AAA", "lab tested", "uncut", "fire", "A+", "pure"],
    "ru": ["VHQ", "HQ", "премиум", "крис", "мука", "топ", "AAA", "оригинал", "без разбавки", "лаборатория"],
    "uz": ["VHQ", "HQ", "premium", "zo'r", "toza", "top", "original", "sifatli", "AAA", "kristall"],
}
FORMAL = {
    "en": [
        "mephedrone",
        "hashish",
        "synthetic cannabinoids",
        "heroin",
        "alpha-PVP",
        "amphetamine",
        "methamphetamine",
        "marijuana",
        "opium",
        "cocaine",
        "MDMA",
        "LSD",
        "poppy straw",
        "pregabalin",
        "tramadol",
        "synthetic cathinones",
        "a psychotropic substance",
        "a narcotic substance",
    ],
    "ru": [
        "мефедрон",
        "гашиш",
        "синтетические каннабиноиды",
        "героин",
        "альфа-PVP",
        "амфетамин",
        "метамфетамин",
        "марихуана",
        "опий",
        "кокаин",
        "МДМА",
        "ЛСД",
        "маковая солома",
        "прегабалин",
        "трамадол",
        "синтетические катиноны",
        "психотропное вещество",
        "наркотическое средство",
        "спайс",
    ],
    "uz": [
        "mefedron",
        "gashish",
        "sintetik kannabinoidlar",
        "geroin",
        "alfa-PVP",
        "amfetamin",
        "metamfetamin",
        "marixuana",
        "afyun",
        "kokain",
        "MDMA",
        "LSD",
        "ko'knor somoni",
        "pregabalin",
        "tramadol",
        "psixotrop modda",
        "giyohvand modda",
        "kuchli ta'sir qiluvchi modda",
        "nasha",
        "spays",
    ],
}
FORMAL_GEN_RU = [
    "мефедрона",
    "гашиша",
    "синтетических каннабиноидов",
    "героина",
    "альфа-PVP",
    "амфетамина",
    "метамфетамина",
    "марихуаны",
    "опия",
    "кокаина",
    "МДМА",
    "ЛСД",
    "маковой соломы",
    "прегабалина",
    "трамадола",
    "синтетических катинонов",
    "психотропного вещества",
    "наркотических средств",
    "«спайса»",
]
PHARMA = {
    "en": [
        "Pregabalin 75 mg capsules",
        "Pregabalin 150 mg",
        "Lyrica 75 mg",
        "Tramadol 50 mg",
        "Tropicamide 1% eye drops",
        "Paracetamol 500 mg",
        "Ibuprofen 400 mg",
        "Amoxicillin 500 mg",
        "Omeprazole 20 mg",
        "Loratadine 10 mg",
        "Vitamin D3 2000 IU",
        "Citramon",
        "Activated charcoal",
        "Cetirizine 10 mg",
        "Metformin 850 mg",
        "Gabapentin 300 mg",
        "Diclofenac gel",
        "Naloxone nasal spray",
        "Phenazepam 1 mg",
        "Drotaverine 40 mg",
    ],
    "ru": [
        "Прегабалин 75 мг, капс. №14",
        "Лирика 150 мг №56",
        "Регапен 75 мг №28",
        "Трамадол 50 мг №20",
        "Тропикамид 1% 10 мл",
        "Парацетамол 500 мг",
        "Ибупрофен 400 мг",
        "Амоксициллин 500 мг",
        "Омепразол 20 мг",
        "Лоратадин 10 мг",
        "Витамин D3 2000 МЕ",
        "Цитрамон П",
        "Активированный уголь",
        "Но-шпа 40 мг",
        "Смекта",
        "Корвалол 25 мл",
        "Глицин 100 мг",
        "Феназепам 1 мг",
        "Габапентин 300 мг",
        "Мидриацил 1%",
        "Налоксон 0,4 мг/мл",
    ],
    "uz": [
        "Pregabalin 75 mg kapsula №14",
        "Lirika 150 mg",
        "Regapen 75 mg",
        "Tramadol 50 mg",
        "Tropikamid 1% 10 ml",
        "Paratsetamol 500 mg",
        "Ibuprofen 400 mg",
        "Amoksitsillin 500 mg",
        "Omeprazol 20 mg",
        "Loratadin 10 mg",
        "D3 vitamini 2000 XB",
        "Sitramon",
        "Faollashtirilgan ko'mir",
        "No-shpa 40 mg",
        "Smekta",
        "Glitsin 100 mg",
        "Gabapentin 300 mg",
        "Nalokson 0,4 mg/ml",
        "Analgin 500 mg",
        "Validol",
    ],
}

# --------------------------------------------------------------------------------------------------------------
# People, organisations, businesses
# --------------------------------------------------------------------------------------------------------------

FIRST_M = [
    "Aziz",
    "Bekzod",
    "Jasur",
    "Sardor",
    "Otabek",
    "Rustam",
    "Shoxrux",
    "Ulug'bek",
    "Doniyor",
    "Javlon",
    "Akmal",
    "Farrux",
    "Timur",
    "Sherzod",
    "Islom",
    "Bobur",
    "Dilshod",
    "Anvar",
    "Nodir",
    "Eldor",
    "Kamol",
    "Zafar",
    "Ravshan",
    "Sanjar",
    "Oybek",
    "Jamshid",
    "Hamid",
    "Umid",
    "Abror",
    "Mirjalol",
]
FIRST_F = [
    "Dilnoza",
    "Malika",
    "Nigora",
    "Zarina",
    "Gulnora",
    "Shahnoza",
    "Madina",
    "Nodira",
    "Feruza",
    "Lola",
    "Sevara",
    "Kamola",
    "Dildora",
    "Mohira",
    "Sabina",
    "Nilufar",
    "Aziza",
    "Munisa",
]
LAST = [
    "Karimov",
    "Rahimov",
    "Tursunov",
    "Yusupov",
    "Aliyev",
    "Sobirov",
    "Ismoilov",
    "Nazarov",
    "Qodirov",
    "Xolmatov",
    "Ergashev",
    "Abdullayev",
    "Mirzayev",
    "Saidov",
    "Umarov",
    "Hasanov",
    "Jo'rayev",
    "Normatov",
    "To'xtayev",
    "Raximberdiyev",
    "Sultonov",
    "Olimov",
    "Bakirov",
    "Ahmedov",
]
RU_TRANSLIT = {
    "Aziz": "Азиз",
    "Bekzod": "Бекзод",
    "Jasur": "Жасур",
    "Sardor": "Сардор",
    "Otabek": "Отабек",
    "Rustam": "Рустам",
    "Shoxrux": "Шохрух",
    "Ulug'bek": "Улугбек",
    "Doniyor": "Дониёр",
    "Javlon": "Жавлон",
    "Akmal": "Акмаль",
    "Farrux": "Фаррух",
    "Timur": "Тимур",
    "Sherzod": "Шерзод",
    "Islom": "Ислам",
    "Bobur": "Бобур",
    "Dilshod": "Дильшод",
    "Anvar": "Анвар",
    "Nodir": "Нодир",
    "Eldor": "Эльдор",
    "Kamol": "Камол",
    "Zafar": "Зафар",
    "Ravshan": "Равшан",
    "Sanjar": "Санжар",
    "Oybek": "Ойбек",
    "Jamshid": "Джамшид",
    "Hamid": "Хамид",
    "Umid": "Умид",
    "Abror": "Аброр",
    "Mirjalol": "Мирджалол",
    "Dilnoza": "Дильноза",
    "Malika": "Малика",
    "Nigora": "Нигора",
    "Zarina": "Зарина",
    "Gulnora": "Гульнора",
    "Shahnoza": "Шахноза",
    "Madina": "Мадина",
    "Nodira": "Нодира",
    "Feruza": "Феруза",
    "Lola": "Лола",
    "Sevara": "Севара",
    "Kamola": "Камола",
    "Dildora": "Дильдора",
    "Mohira": "Мохира",
    "Sabina": "Сабина",
    "Nilufar": "Нилуфар",
    "Aziza": "Азиза",
    "Munisa": "Муниса",
    "Karimov": "Каримов",
    "Rahimov": "Рахимов",
    "Tursunov": "Турсунов",
    "Yusupov": "Юсупов",
    "Aliyev": "Алиев",
    "Sobirov": "Собиров",
    "Ismoilov": "Исмаилов",
    "Nazarov": "Назаров",
    "Qodirov": "Кадыров",
    "Xolmatov": "Холматов",
    "Ergashev": "Эргашев",
    "Abdullayev": "Абдуллаев",
    "Mirzayev": "Мирзаев",
    "Saidov": "Саидов",
    "Umarov": "Умаров",
    "Hasanov": "Хасанов",
    "Jo'rayev": "Джураев",
    "Normatov": "Норматов",
    "To'xtayev": "Тухтаев",
    "Raximberdiyev": "Рахимбердиев",
    "Sultonov": "Султанов",
    "Olimov": "Алимов",
    "Bakirov": "Бакиров",
    "Ahmedov": "Ахмедов",
}
EN_TRANSLIT = {
    "Shoxrux": "Shokhrukh",
    "Ulug'bek": "Ulugbek",
    "Doniyor": "Doniyor",
    "Farrux": "Farrukh",
    "Xolmatov": "Kholmatov",
    "Jo'rayev": "Juraev",
    "To'xtayev": "Tukhtaev",
    "Qodirov": "Kadyrov",
    "Raximberdiyev": "Rakhimberdiev",
}

RANKS = {
    "en": [
        "Lt. Col.",
        "Major",
        "Colonel",
        "Captain",
        "police spokesperson",
        "deputy head of the drug unit",
        "senior investigator",
        "press officer",
    ],
    "ru": [
        "подполковник",
        "майор",
        "полковник",
        "капитан",
        "пресс-секретарь ГУВД",
        "заместитель начальника УБН",
        "старший следователь",
        "начальник отдела",
    ],
    "uz": [
        "podpolkovnik",
        "mayor",
        "polkovnik",
        "kapitan",
        "IIBB matbuot kotibi",
        "boshqarma boshlig'i o'rinbosari",
        "katta tergovchi",
        "bo'lim boshlig'i",
    ],
}
AGENCIES = {
    "en": [
        "the Interior Ministry",
        "the State Security Service",
        "the State Customs Committee",
        "the National Center for Drug Control",
        "Tashkent city police",
        "the Prosecutor General's Office",
        "the anti-drug department of the Interior Ministry",
        "border guards",
        "the regional police department",
    ],
    "ru": [
        "МВД",
        "ИИВ",
        "СГБ",
        "ДХХ",
        "Таможенный комитет",
        "Национальный центр по контролю за наркотиками",
        "ГУВД г. Ташкента",
        "Генеральная прокуратура",
        "управление по борьбе с наркотиками МВД",
        "пограничные войска",
        "УВД области",
    ],
    "ru_gen": [
        "МВД",
        "ИИВ",
        "СГБ",
        "ДХХ",
        "Таможенного комитета",
        "Национального центра по контролю за наркотиками",
        "ГУВД г. Ташкента",
        "Генеральной прокуратуры",
        "управления по борьбе с наркотиками МВД",
        "пограничных войск",
        "УВД области",
    ],
    "uz": [
        "IIV",
        "DXX",
        "Davlat bojxona qo'mitasi",
        "Giyohvandlik vositalarini nazorat qilish milliy markazi",
        "Toshkent shahar IIBB",
        "Bosh prokuratura",
        "IIV Giyohvandlikka qarshi kurash boshqarmasi",
        "chegara qo'shinlari",
        "viloyat IIB",
    ],
}
NGOS = {
    "en": [
        "Hope Road",
        "Clean Step Foundation",
        "Second Breath",
        "Youth Without Drugs",
        "Light House Recovery",
        "Open Hand",
        "New Dawn Centre",
        "Family First Uzbekistan",
    ],
    "ru": [
        "«Новый путь»",
        "«Шаг к жизни»",
        "«Второе дыхание»",
        "«Молодёжь без наркотиков»",
        "«Маяк»",
        "«Открытая рука»",
        "«Рассвет»",
        "«Семья вместе»",
        "«Чистые мысли»",
    ],
    "uz": [
        '"Yangi yo\'l"',
        '"Hayotga qadam"',
        '"Ikkinchi nafas"',
        '"Giyohsiz yoshlar"',
        '"Mayoq"',
        '"Ochiq qo\'l"',
        '"Tong"',
        '"Oila birga"',
        '"Sog\'lom avlod"',
    ],
}
RESTAURANTS = {
    "en": [
        "Plov House",
        "Lavash Markaz",
        "Burger Bek",
        "Samsa Station",
        "Pizza Sarvar",
        "Chilanzar Kebab",
        "Green Salad Bar",
        "Shashlik No.1",
        "TezYetkaz delivery",
        "BirZumda Express",
        "Oltin Non bakery",
        "Sushi Samarkand",
    ],
    "ru": [
        "«Плов Хаус»",
        "«Лаваш Марказ»",
        "«Бургер Бек»",
        "«Самса Стейшн»",
        "«Пицца Сарвар»",
        "«Чиланзар Кебаб»",
        "«Шашлычная №1»",
        "службу доставки «ТезЕтказ»",
        "«БирЗумда Экспресс»",
        "пекарню «Олтин Нон»",
        "«Суши Самарканд»",
        "кафе «Бахор»",
    ],
    "uz": [
        '"Osh Markazi"',
        '"Lavash Markaz"',
        '"Burger Bek"',
        '"Somsa Stansiya"',
        '"Pitsa Sarvar"',
        '"Chilonzor Kabob"',
        '"Shashlik №1"',
        '"TezYetkaz" yetkazib berish xizmati',
        '"BirZumda Ekspress"',
        '"Oltin Non" novvoyxonasi',
        '"Sushi Samarqand"',
        '"Bahor" kafesi',
    ],
}
SHOP_A = {
    "en": [
        "White",
        "Frosty",
        "Green",
        "Night",
        "Silk",
        "Crystal",
        "Happy",
        "Lucky",
        "Golden",
        "Purple",
        "Silent",
        "Fast",
        "Cosmic",
        "Wild",
        "Royal",
        "Candy",
        "Neon",
        "Polar",
        "Tashkent",
        "Eastern",
    ],
    "ru": [
        "Белый",
        "Ночной",
        "Зелёный",
        "Снежный",
        "Тихий",
        "Быстрый",
        "Весёлый",
        "Космический",
        "Кристальный",
        "Золотой",
        "Северный",
        "Восточный",
        "Тёплый",
        "Чистый",
        "Лунный",
        "Дикий",
        "Добрый",
        "Лёгкий",
    ],
    "uz": [
        "Oq",
        "Tungi",
        "Yashil",
        "Qorli",
        "Tez",
        "Oltin",
        "Shirin",
        "Kumush",
        "Sharq",
        "Samoviy",
        "Sokin",
        "Katta",
        "Baxtli",
        "Yulduz",
        "Toza",
        "Shamol",
    ],
}
SHOP_B = {
    "en": [
        "Rabbit",
        "Plug",
        "Panda",
        "Express",
        "Garden",
        "Market",
        "Cartel",
        "Lab",
        "Store",
        "Shop",
        "Fox",
        "Monk",
        "Owl",
        "Pharmacy",
        "Factory",
        "Corner",
        "Tiger",
        "Dragon",
        "Cloud",
        "Station",
    ],
    "ru": [
        "Кролик",
        "Экспресс",
        "Медведь",
        "Шаман",
        "Кот",
        "Склад",
        "Сад",
        "Маркет",
        "Магазин",
        "Лис",
        "Барон",
        "Пилот",
        "Доктор",
        "Ангел",
        "Кристалл",
        "Ветер",
        "Патруль",
        "Дракон",
    ],
    "uz": [
        "Do'kon",
        "Bozor",
        "Sher",
        "Burgut",
        "Baraka",
        "Market",
        "Ekspress",
        "Bog'",
        "Qushcha",
        "Yo'lbars",
        "Tulki",
        "Lochin",
        "Chaqmoq",
        "Karvon",
    ],
}
HANDLE_PARTS = [
    "snow",
    "ice",
    "white",
    "zefir",
    "pantera",
    "baraka",
    "shaman",
    "lotus",
    "neon",
    "orbit",
    "tosh",
    "tashkent",
    "samarkand",
    "uz",
    "pro",
    "shop",
    "market",
    "store",
    "express",
    "club",
    "master",
    "boss",
    "mr",
    "king",
    "lux",
    "vip",
    "gold",
    "green",
    "fire",
    "monk",
    "panda",
    "lion",
    "sher",
    "bars",
    "kapitan",
    "pilot",
    "raketa",
    "kosmos",
    "bumer",
    "ninja",
    "fox",
    "wolf",
    "bear",
    "mango",
    "kiwi",
    "limon",
    "olma",
    "anor",
    "chilonzor",
    "sergeli",
    "yunus",
    "city",
    "night",
    "day",
    "fast",
    "tez",
    "max",
    "alpha",
    "delta",
    "sky",
    "star",
    "moon",
    "dream",
    "lucky",
    "smile",
    "candy",
    "sugar",
    "salt",
    "magic",
    "garden",
    "house",
    "doctor",
    "crystal",
    "cloud",
    "wave",
    "ocean",
    "rio",
    "milano",
    "dubai",
    "cartel",
    "don",
    "baron",
    "rabbit",
    "cat",
    "dog",
    "owl",
    "tiger",
    "dragon",
    "zoo",
    "hub",
    "point",
    "line",
    "go",
    "top",
    "best",
    "real",
    "old",
    "new",
    "plus",
    "one",
    "bro",
    "team",
    "work",
]
DRUGGY_PARTS = [
    "klad",
    "plug",
    "mef",
    "shishki",
    "gash",
    "kristal",
    "zakladka",
    "stuff",
    "tovar",
    "magnit",
    "prikop",
    "420",
    "dealer",
    "kush",
    "sneg",
    "myau",
    "hydra",
    "narko",
    "trip",
    "high",
]
BENIGN_PARTS = [
    "pizza",
    "lavash",
    "osh",
    "plov",
    "somsa",
    "taxi",
    "kuryer",
    "dostavka",
    "yetkaz",
    "apteka",
    "shifo",
    "doctor",
    "help",
    "ishonch",
    "yordam",
    "news",
    "xabar",
    "sport",
    "futbol",
    "market",
    "uy",
    "bozor",
    "tuz",
    "shakar",
    "un",
    "qurilish",
    "remont",
    "mebel",
    "kitob",
    "talaba",
]


# --------------------------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------------------------


def _lang(ctx) -> str:
    return ctx.src


def _person(ctx, rng, female=None):
    female = rng.random() < 0.3 if female is None else female
    first = rng.choice(FIRST_F if female else FIRST_M)
    last = rng.choice(LAST) + ("a" if female else "")
    if ctx.src == "ru":
        f = RU_TRANSLIT[first]
        lst = RU_TRANSLIT[last[:-1]] + "а" if female else RU_TRANSLIT[last]
        return f, lst
    if ctx.src == "en":
        f = EN_TRANSLIT.get(first, first).replace("'", "")
        base = last[:-1] if female else last
        lst = EN_TRANSLIT.get(base, base).replace("'", "") + ("a" if female else "")
        return f, lst
    return first, last


def _fmt_thousands(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


def price_str(ctx, amount_k: float) -> str:
    """Format an amount given in thousand so'm in the document's (sticky) currency style."""
    rng = ctx.rng
    style = ctx.data.get("cur")
    if style is None:
        opts = {
            "en": ["uzs", "k_uzs", "usd", "usdt", "k_sum", "uzs_pre", "usd_post"],
            "ru": ["sum", "k", "tys", "sum_dot", "usd", "usdt", "mln", "uzs", "k", "sum"],
            "uz": ["som", "ming", "ming_som", "sum", "k", "usd", "usdt", "mln", "uzs", "ming"],
        }[ctx.src]
        style = ctx.data["cur"] = rng.choice(opts)
    amount_k = max(1, round(amount_k / 5.0) * 5) if amount_k > 20 else max(1, round(amount_k))
    usd = max(1, round(amount_k / 12.7))
    full = amount_k * 1000
    if style in ("usd",):
        return rng.choice([f"${usd}", f"{usd}$", f"{usd} $"])
    if style == "usd_post":
        return f"{usd} USD"
    if style == "usdt":
        return rng.choice([f"{usd} USDT", f"{usd} usdt", f"{usd}💲"])
    if style == "mln" and amount_k >= 300:
        return {"ru": f"{amount_k / 1000:g} млн", "uz": f"{amount_k / 1000:g} mln"}[ctx.src]
    if ctx.src == "en":
        return {
            "uzs": f"{_fmt_thousands(full, ',')} UZS",
            "k_uzs": f"{amount_k}k UZS",
            "k_sum": f"{amount_k}k sum",
            "uzs_pre": f"UZS {_fmt_thousands(full, ',')}",
        }.get(style, f"{_fmt_thousands(full, ',')} UZS")
    if ctx.src == "ru":
        return {
            "sum": f"{_fmt_thousands(full, ' ')} сум",
            "k": f"{amount_k}к",
            "tys": f"{amount_k} тыс",
            "sum_dot": f"{_fmt_thousands(full, '.')} сум",
            "uzs": f"{_fmt_thousands(full, ' ')} UZS",
        }.get(style, f"{amount_k} тыс. сум")
    return {
        "som": f"{_fmt_thousands(full, ' ')} so'm",
        "ming": f"{amount_k} ming",
        "ming_som": f"{amount_k} ming so'm",
        "sum": f"{_fmt_thousands(full, ' ')} sum",
        "k": f"{amount_k}k",
        "uzs": f"{_fmt_thousands(full, '.')} UZS",
    }.get(style, f"{amount_k} ming so'm")


def _family(ctx):
    fams = ctx.data.get("fams")
    if fams is None:
        rng = ctx.rng
        allf = list(PRODUCTS)
        weights = {
            "mef": 6,
            "alpha": 4,
            "hash": 5,
            "buds": 5,
            "spice": 4,
            "amph": 2,
            "meth": 2,
            "heroin": 2,
            "opium": 2,
            "coke": 2,
            "mdma": 2,
            "lsd": 1,
            "pharma": 3,
        }
        fams = []
        for _ in range(rng.choice([1, 2, 2, 3, 4, 5])):
            f = rng.choices(allf, weights=[weights[x] for x in allf])[0]
            if f not in fams:
                fams.append(f)
        ctx.data["fams"] = fams
    return ctx.rng.choice(fams)


def prod_name(ctx, fam=None, obf=True) -> str:
    rng = ctx.rng
    fam = fam or _family(ctx)
    name = rng.choice(PRODUCTS[fam][ctx.src])
    if ctx.src == "uz" and ctx.lang == "uz-cyrl" and rng.random() < 0.3:
        name = rng.choice(PRODUCTS[fam]["ru"])  # Russian street names are common in Uzbek Cyrillic posts
    if obf and rng.random() < ctx.obf:
        if rng.random() < 0.2:
            e = rng.choice(PRODUCTS[fam]["emoji"])
            return rng.choice([e, f"{e}{name}", f"{name} {e}", e * 2])
        name = obfuscate(name, rng)
    return name


def _qty(ctx, unit):
    rng = ctx.rng
    src = ctx.src
    if unit == "g":
        q = rng.choice([0.3, 0.5, 0.5, 1, 1, 1, 2, 2, 3, 5, 10])
        qs = f"{q:g}".replace(".", rng.choice([".", ","])) if q < 1 else f"{q:g}"
        suf = {
            "en": ["g", "g", " g", "gr"],
            "ru": ["г", "гр", " г", " гр", "g"],
            "uz": ["g", "gr", " gr", " gramm"],
        }[src]
        return q, qs + rng.choice(suf)
    if unit == "pc":
        q = rng.choice([1, 1, 2, 5, 10])
        suf = {
            "en": [" pc", " tab", " pills", "x"],
            "ru": [" шт", " таб", " шт.", " кол"],
            "uz": [" dona", " ta", " tabl"],
        }[src]
        return q, f"{q}{rng.choice(suf)}"
    q = rng.choice([1, 1, 2, 3])
    suf = {
        "en": [" pack", " strip", " bottle"],
        "ru": [" пачка", " блист", " фл", " уп"],
        "uz": [" pachka", " blister", " flakon"],
    }[src]
    return q, f"{q}{rng.choice(suf)}"


def item_line(ctx) -> str:
    rng = ctx.rng
    fam = _family(ctx)
    info = PRODUCTS[fam]
    name = prod_name(ctx, fam)
    q, qs = _qty(ctx, info["unit"])
    lo, hi = info["price"]
    per = rng.uniform(lo, hi)
    disc = 1.0 if q <= 1 else rng.uniform(0.75, 0.92)
    price = price_str(ctx, per * q * disc)
    grade = rng.choice(GRADES[ctx.src]) if rng.random() < 0.35 else ""
    nm = f"{name} {grade}".strip() if grade else name
    if rng.random() < 0.3:
        nm = nm.capitalize() if nm[:1].islower() else nm
    if rng.random() < 0.1:
        nm = nm.upper()
    fmt = ctx.data.get("item_fmt")
    if fmt is None:
        fmt = ctx.data["item_fmt"] = rng.randrange(9)
    return [
        f"{nm} {qs} — {price}",
        f"{nm} {qs} - {price}",
        f"{qs} {nm} = {price}",
        f"{nm} | {qs} | {price}",
        f"{nm}: {qs} {price}",
        f"{nm} ({qs}) {price}",
        f"{qs} — {price} ({nm})",
        f"{nm} {qs}/{price}",
        f"{nm} {qs} ➡️ {price}",
    ][fmt]


def _handle_body(rng, kind_bias):
    parts = list(HANDLE_PARTS)
    if kind_bias == "drug":
        parts += DRUGGY_PARTS * 2
    elif kind_bias == "benign":
        parts += BENIGN_PARTS * 2
    a, b = rng.sample(parts, 2)
    shape = rng.randrange(7)
    if shape == 0:
        s = f"{a}_{b}"
    elif shape == 1:
        s = f"{a}{b}{rng.randrange(1, 999)}"
    elif shape == 2:
        s = f"{a.capitalize()}{b.capitalize()}"
    elif shape == 3:
        s = f"{a}_{b}_{rng.choice(['uz', 'tash', 'tas', 'samarqand', 'official', '24', '777', 'real'])}"
    elif shape == 4:
        s = f"{a}{rng.choice(['', '_'])}{rng.randrange(10, 99)}"
    elif shape == 5:
        s = f"the_{a}_{b}"
    else:
        s = f"{a}{b}"
    return s if len(s) >= 5 else s + "_uz"


def _bias(ctx):
    if ctx.label == 1 or ctx.kind == "other_illicit":
        return "drug" if ctx.rng.random() < 0.45 else ""
    return "benign" if ctx.rng.random() < 0.5 else ""


def handle(ctx):
    return "@" + _handle_body(ctx.rng, _bias(ctx))


def bot(ctx):
    body = _handle_body(ctx.rng, _bias(ctx))
    return "@" + body + ctx.rng.choice(["_bot", "bot", "_bot", "Bot", "_robot"])


def tme(ctx):
    body = _handle_body(ctx.rng, _bias(ctx))
    return ctx.rng.choice(["t.me/", "https://t.me/", "t.me/+", "telegram.me/"]) + body


def phone(ctx):
    rng = ctx.rng
    p = rng.choice(["90", "91", "93", "94", "95", "97", "98", "99", "88", "77", "33", "50", "55", "20", "90", "99"])
    d = [str(rng.randrange(10)) for _ in range(7)]
    a, b, c = "".join(d[:3]), "".join(d[3:5]), "".join(d[5:])
    return rng.choice(
        [
            f"+998 {p} {a}-{b}-{c}",
            f"+998 ({p}) {a}-{b}-{c}",
            f"+998{p}{a}{b}{c}",
            f"998{p}{a}{b}{c}",
            f"8 {p} {a} {b} {c}",
            f"({p}) {a} {b} {c}",
            f"{p} {a} {b} {c}",
            f"+998-{p}-{a}-{b}-{c}",
            f"{p}-{a}-{b}-{c}",
            f"+998 {p} {a}{b}{c}",
            f"+998 {p} {a} {b} {c}",
            f"{p}{a}{b}{c}",
        ]
    )


def fphone(ctx):
    rng = ctx.rng
    d = "".join(str(rng.randrange(10)) for _ in range(10))
    return rng.choice(
        [
            f"+7 9{d[:2]} {d[2:5]}-{d[5:7]}-{d[7:9]}",
            f"+79{d[:9]}",
            f"+996 {rng.choice(['55', '70', '77', '50'])}{d[0]} {d[1:4]} {d[4:7]}",
            f"+992 {rng.choice(['90', '91', '92', '93', '98'])} {d[:3]} {d[3:7]}",
            f"+996{rng.choice(['555', '700', '777'])}{d[:6]}",
            f"+90 5{d[:2]} {d[2:5]} {d[5:7]} {d[7:9]}",
            f"+7 (9{d[:2]}) {d[2:5]}-{d[5:9]}",
        ]
    )


def landline(ctx):
    rng = ctx.rng
    d = "".join(str(rng.randrange(10)) for _ in range(7))
    return rng.choice(
        [
            f"+998 71 {d[:3]}-{d[3:5]}-{d[5:]}",
            f"(71) {d[:3]} {d[3:5]} {d[5:]}",
            f"71 {d[:3]}-{d[3:5]}-{d[5:]}",
        ]
    )


def hotline(ctx):
    return ctx.rng.choice(["1{0}{1}{2}", "11{0}{1}", "1{0}{1}{2}"]).format(*[ctx.rng.randrange(10) for _ in range(3)])


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def btc(ctx):
    rng = ctx.rng
    r = rng.random()
    if r < 0.55:
        return "bc1q" + "".join(rng.choice(BECH) for _ in range(38))
    return rng.choice("13") + "".join(rng.choice(B58) for _ in range(rng.randrange(25, 33)))


def usdt(ctx):
    return "T" + "".join(ctx.rng.choice(B58) for _ in range(33))


def eth(ctx):
    return "0x" + "".join(ctx.rng.choice("0123456789abcdef") for _ in range(40))


def onion(ctx):
    rng = ctx.rng
    host = "".join(rng.choice(string.ascii_lowercase + "234567") for _ in range(56)) + ".onion"
    return rng.choice(
        [
            host,
            "http://" + host,
            host + "/" + rng.choice(["shop", "market", "listing/" + str(rng.randrange(1000, 99999)), "vendor", ""]),
        ]
    )


def card(ctx):
    rng = ctx.rng
    pre = rng.choice(["8600", "9860", "5614", "8600", "4073", "5440"])
    d = "".join(str(rng.randrange(10)) for _ in range(12))
    return rng.choice(
        [
            f"{pre} {d[:4]} {d[4:8]} {d[8:]}",
            f"{pre}{d}",
            f"{pre} **** **** {d[8:]}",
            f"{pre}-{d[:4]}-{d[4:8]}-{d[8:]}",
        ]
    )


def coords(ctx):
    rng = ctx.rng
    lat, lon = rng.uniform(41.23, 41.39), rng.uniform(69.15, 69.36)
    if rng.random() < 0.3:
        lat, lon = rng.choice(
            [(39.65, 66.95), (39.77, 64.42), (40.38, 71.78), (40.78, 72.34), (41.0, 71.67), (38.86, 65.79)]
        )
        lat, lon = lat + rng.uniform(-0.03, 0.03), lon + rng.uniform(-0.03, 0.03)
    return rng.choice(
        [
            f"{lat:.6f}, {lon:.6f}",
            f"{lat:.5f} {lon:.5f}",
            f"{lat:.6f},{lon:.6f}",
            f"https://maps.google.com/?q={lat:.6f},{lon:.6f}",
            f"N{lat:.5f} E{lon:.5f}",
        ]
    )


def photo_url(ctx):
    rng = ctx.rng
    code = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(rng.randrange(6, 9)))
    return rng.choice(
        [
            f"https://ibb.co/{code}",
            f"https://postimg.cc/{code}",
            f"https://imgur.com/{code}",
            f"https://telegra.ph/file/{code.lower()}{rng.randrange(100, 999)}.jpg",
            f"https://prnt.sc/{code.lower()}",
        ]
    )


def url(ctx):
    rng = ctx.rng
    a = rng.choice(
        [
            "apteka",
            "shifo",
            "salomatlik",
            "yangi-yol",
            "umid",
            "news",
            "xabar",
            "kun",
            "dorixona",
            "tezyetkaz",
            "plovhouse",
            "ishbor",
            "rabota",
            "vakansiya",
            "help",
            "ishonch",
            "sport",
            "market",
        ]
    )
    b = rng.choice(["uz", "uz", "com", "org", "org.uz", "info"])
    return rng.choice([f"{a}.{b}", f"www.{a}.{b}", f"https://{a}{rng.choice(['', '24', '-online'])}.{b}"])


def email(ctx):
    rng = ctx.rng
    return f"{rng.choice(['info', 'hr', 'help', 'office', 'job', 'press', 'contact'])}@{rng.choice(['shifo', 'umid', 'tezyetkaz', 'plovhouse', 'yangiyol', 'medcenter', 'ishbor'])}.{rng.choice(['uz', 'com', 'org'])}"


# --------------------------------------------------------------------------------------------------------------
# slot functions
# --------------------------------------------------------------------------------------------------------------


def city(ctx):
    c = ctx.data.get("city")
    if c is None:
        c = ctx.data["city"] = ctx.rng.choice(CITIES[:1] * 8 + CITIES[1:])
    return {"en": c[0], "ru": c[1], "uz": c[3]}[ctx.src]


def v_city(ctx):
    city(ctx)
    c = ctx.data["city"]
    return {"en": "in " + c[0], "ru": c[2], "uz": c[3] + "da"}[ctx.src]


def district(ctx):
    rng = ctx.rng
    if rng.random() < 0.12:
        return rng.choice(OTHER_AREAS[ctx.src]).replace("{n}", str(rng.randrange(1, 30)))
    return rng.choice(DISTRICTS[ctx.src])


def districts(ctx):
    rng = ctx.rng
    ds = rng.sample(DISTRICTS[ctx.src], rng.randrange(3, 8))
    sep = rng.choice([", ", " / ", " • ", " | ", ", ", "\n"])
    return sep.join(ds)


def region(ctx):
    return ctx.rng.choice(REGIONS[ctx.src])


def item(ctx):
    return item_line(ctx)


def prod(ctx):
    return prod_name(ctx)


def formal(ctx):
    return ctx.rng.choice(FORMAL[ctx.src])


def formal_gen(ctx):
    return ctx.rng.choice(FORMAL_GEN_RU) if ctx.src == "ru" else formal(ctx)


def years(ctx):
    return str(ctx.rng.choice([3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 17, 20]))


def pharma(ctx):
    return ctx.rng.choice(PHARMA[ctx.src])


def qty(ctx):
    return _qty(ctx, "g")[1]


def price(ctx):
    return price_str(ctx, ctx.rng.uniform(150, 900))


def price_small(ctx):
    return price_str(ctx, ctx.rng.uniform(15, 140))


def price_big(ctx):
    return price_str(ctx, ctx.rng.uniform(1500, 25000))


def salary(ctx):
    rng = ctx.rng
    amt = rng.choice([3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20]) * 1000 + rng.choice([0, 0, 500])
    if ctx.src == "ru":
        return rng.choice(
            [
                f"{amt // 1000} млн сум",
                f"{amt // 1000} млн",
                f"{_fmt_thousands(amt * 1000, ' ')} сум",
                f"{round(amt / 12.7)}$",
            ]
        )
    if ctx.src == "uz":
        return rng.choice(
            [
                f"{amt // 1000} mln so'm",
                f"{_fmt_thousands(amt * 1000, ' ')} so'm",
                f"{round(amt / 12.7)}$",
                f"{amt // 1000} million",
            ]
        )
    return rng.choice([f"{amt // 1000}M UZS", f"${round(amt / 12.7)}", f"{_fmt_thousands(amt * 1000, ',')} UZS"])


def per_drop(ctx):
    rng = ctx.rng
    return price_str(ctx, rng.choice([80, 100, 120, 150, 180, 200, 250, 300]))


def n(ctx):
    return str(ctx.rng.randrange(2, 60))


def big(ctx):
    return str(ctx.rng.choice([120, 250, 380, 500, 740, 1200, 1900, 2400, 3100, 5000, 8600, 12000, 20000]))


def kg(ctx):
    v = ctx.rng.choice([0.4, 0.8, 1.2, 1.5, 2, 3.4, 5, 7.8, 12, 15, 24, 48, 120, 310])
    return f"{v:g}".replace(".", "," if ctx.src != "en" else ".")


def grams(ctx):
    return str(ctx.rng.choice([3, 12, 25, 48, 64, 97, 120, 150, 230, 340, 410, 560, 780, 920]))


def age(ctx):
    return str(ctx.rng.randrange(17, 46))


def year(ctx):
    return str(ctx.rng.choice([2023, 2024, 2024, 2025, 2025, 2025, 2026]))


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
    "uz": [
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
}


def date(ctx):
    rng = ctx.rng
    d, m = rng.randrange(1, 29), rng.randrange(12)
    y = year(ctx)
    mn = MONTHS[ctx.src][m]
    if ctx.src == "en":
        return rng.choice([f"{mn} {d}, {y}", f"{d} {mn} {y}", f"{d:02d}.{m + 1:02d}.{y}", f"{mn} {d}"])
    if ctx.src == "ru":
        return rng.choice([f"{d} {mn} {y} года", f"{d} {mn}", f"{d:02d}.{m + 1:02d}.{y}"])
    return rng.choice([f"{y}-yil {d}-{mn}", f"{d}-{mn}", f"{d:02d}.{m + 1:02d}.{y}", f"joriy yil {d}-{mn}"])


def time(ctx):
    rng = ctx.rng
    return f"{rng.randrange(7, 24):02d}:{rng.choice(['00', '15', '30', '45', '10', '40'])}"


def person(ctx):
    f, lname = _person(ctx, ctx.rng)
    return f"{f} {lname}"


def initials(ctx):
    f, lname = _person(ctx, ctx.rng)
    return f"{f[0]}. {lname}"


def firstname(ctx):
    return _person(ctx, ctx.rng)[0]


def officer(ctx):
    f, lname = _person(ctx, ctx.rng, female=ctx.rng.random() < 0.15)
    return f"{ctx.rng.choice(RANKS[ctx.src])} {f} {lname}"


def _agency_idx(ctx):
    if "agency" not in ctx.data:
        ctx.data["agency"] = ctx.rng.randrange(len(AGENCIES[ctx.src]))
    return ctx.data["agency"]


def agency(ctx):
    return AGENCIES[ctx.src][_agency_idx(ctx)]


def agency_gen(ctx):
    i = _agency_idx(ctx)
    return AGENCIES["ru_gen"][i] if ctx.src == "ru" else AGENCIES[ctx.src][i]


def ngo(ctx):
    return ctx.rng.choice(NGOS[ctx.src])


def restaurant(ctx):
    return ctx.rng.choice(RESTAURANTS[ctx.src])


def shop(ctx):
    rng = ctx.rng
    a, b = rng.choice(SHOP_A[ctx.src]), rng.choice(SHOP_B[ctx.src])
    name = rng.choice(
        [
            f"{a} {b}",
            f"{a}{b}",
            f"{b} {city(ctx)}",
            f"{a} {b} {rng.choice(['24', '777', 'UZ', 'TAS', '2.0', ''])}".strip(),
        ]
    )
    return name


def article(ctx):
    return ctx.rng.choice(["273", "273", "273", "270", "246", "251-1", "276", "274"])


def order(ctx):
    return str(ctx.rng.randrange(1000, 99999))


def rating(ctx):
    return f"{ctx.rng.uniform(4.3, 5.0):.1f}"


def pct(ctx):
    return str(ctx.rng.choice([12, 18, 23, 27, 30, 35, 40, 46, 52, 61, 70]))


def emo(ctx):
    """A decorative emoji of the document's kind: drug codes for offers, ordinary ones elsewhere."""
    rng = ctx.rng
    if ctx.label == 1:
        return rng.choice(
            [
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
                "🎁",
                "💯",
                "🤫",
                "👌",
                "🟢",
                "📦",
                "🧊",
                "😈",
                "🐇",
            ]
        )
    return rng.choice(
        [
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
            "🍰",
            "🏃",
        ]
    )


def hours(ctx):
    rng = ctx.rng
    a, b = rng.choice([8, 9, 10, 11]), rng.choice([18, 19, 20, 21, 22, 23])
    return rng.choice(
        [
            f"{a:02d}:00-{b}:00",
            f"{a}:00–{b}:00",
            "24/7",
            f"{a} dan {b} gacha" if ctx.src == "uz" else f"{a}–{b}",
        ]
    )


SLOTS = {
    # name: (function, transliterate for uz-cyrl)
    "city": (city, True),
    "v_city": (v_city, True),
    "district": (district, True),
    "districts": (districts, True),
    "region": (region, True),
    "item": (item, True),
    "prod": (prod, True),
    "formal": (formal, True),
    "formal_gen": (formal_gen, True),
    "years": (years, False),
    "agency_gen": (agency_gen, True),
    "pharma": (pharma, True),
    "qty": (qty, True),
    "price": (price, True),
    "price_small": (price_small, True),
    "price_big": (price_big, True),
    "salary": (salary, True),
    "per_drop": (per_drop, True),
    "n": (n, False),
    "big": (big, False),
    "kg": (kg, False),
    "grams": (grams, False),
    "age": (age, False),
    "year": (year, False),
    "date": (date, True),
    "time": (time, False),
    "person": (person, True),
    "initials": (initials, True),
    "firstname": (firstname, True),
    "officer": (officer, True),
    "agency": (agency, True),
    "ngo": (ngo, True),
    "restaurant": (restaurant, True),
    "shop": (shop, True),
    "article": (article, False),
    "order": (order, False),
    "rating": (rating, False),
    "pct": (pct, False),
    "emo": (emo, False),
    "hours": (hours, True),
    "handle": (handle, False),
    "bot": (bot, False),
    "tme": (tme, False),
    "phone": (phone, False),
    "fphone": (fphone, False),
    "landline": (landline, False),
    "hotline": (hotline, False),
    "btc": (btc, False),
    "usdt": (usdt, False),
    "eth": (eth, False),
    "onion": (onion, False),
    "card": (card, False),
    "coords": (coords, False),
    "photo_url": (photo_url, False),
    "url": (url, False),
    "email": (email, False),
}
STICKY = {
    "city",
    "v_city",
    "shop",
    "handle",
    "bot",
    "tme",
    "phone",
    "fphone",
    "landline",
    "hotline",
    "btc",
    "usdt",
    "eth",
    "onion",
    "card",
    "url",
    "email",
    "ngo",
    "restaurant",
    "officer",
}
