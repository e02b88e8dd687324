"""Ordinary goods of the big market (``/bigmarket/``): titles and descriptions.

Each category has products named in English, Russian and Uzbek Latin (Uzbek
Cyrillic is transliterated), brands and specifications.  Some products share
words with drug slang on purpose (salt lamps, crystal glasses, ice trays,
jewellery scales, zip bags, party balloons, herbal tea ...): hard negatives
for a focused crawler.
"""

from __future__ import annotations

from . import translit
from .gen import Ctx, Pool
from .rand import weighted

# (en, ru, uz-latn)
COLORS = [
    ("black", "чёрный", "qora"),
    ("white", "белый", "oq"),
    ("grey", "серый", "kulrang"),
    ("blue", "синий", "ko'k"),
    ("red", "красный", "qizil"),
    ("green", "зелёный", "yashil"),
    ("beige", "бежевый", "bej"),
]

GOODS_CATEGORIES = {
    # slug: title (en, ru, uz), brands, products (en, ru, uz, typical price in USD), specifications
    "c01": {
        "title": ("Electronics", "Электроника", "Elektronika"),
        "brands": ["Xiaomi", "Samsung", "JBL", "Sony", "Anker", "Baseus", "Lenovo", "Artel"],
        "items": [
            ("wireless earbuds", "беспроводные наушники", "simsiz quloqchin", 25),
            ("power bank", "повербанк", "power bank", 18),
            ("Bluetooth speaker", "Bluetooth-колонка", "Bluetooth kolonka", 40),
            ("smart watch", "смарт-часы", "aqlli soat", 60),
            ('LED TV 43"', 'телевизор 43"', 'televizor 43"', 280),
            ('laptop 15.6"', 'ноутбук 15,6"', 'noutbuk 15.6"', 550),
            ("Wi-Fi router", "Wi-Fi роутер", "Wi-Fi router", 30),
            ("action camera", "экшн-камера", "ekshn kamera", 90),
            ("USB-C charger 65 W", "зарядка USB-C 65 Вт", "USB-C quvvatlagich 65 W", 20),
            ("wireless mouse", "беспроводная мышь", "simsiz sichqoncha", 10),
        ],
        "specs": [
            "10000 mAh",
            "20000 mAh",
            "Bluetooth 5.3",
            "4K",
            "Full HD",
            "USB-C",
            "64 GB",
            "8/256 GB",
            "2.4/5 GHz",
        ],
    },
    "c02": {
        "title": ("Phones & accessories", "Телефоны и аксессуары", "Telefonlar va aksessuarlar"),
        "brands": ["Samsung", "Apple", "Xiaomi", "Redmi", "Honor", "Tecno", "Realme"],
        "items": [
            ("smartphone", "смартфон", "smartfon", 250),
            ("silicone case", "силиконовый чехол", "silikon g'ilof", 4),
            ("tempered glass", "защитное стекло", "himoya oynasi", 3),
            ("car phone holder", "держатель для телефона в авто", "avtomobil telefon ushlagichi", 8),
            ("charging cable 2 m", "кабель для зарядки 2 м", "quvvatlash kabeli 2 m", 4),
            ("magnetic charger", "магнитная зарядка", "magnitli quvvatlagich", 15),
            ("selfie stick", "монопод", "selfi tayoqcha", 7),
            ("memory card", "карта памяти", "xotira kartasi", 9),
        ],
        "specs": ["128 GB", "256 GB", "6/128", "8/256", "dual SIM", "NFC", "64 GB", "5G"],
    },
    "c03": {
        "title": ("Books", "Книги", "Kitoblar"),
        "brands": ["Sharq", "Yangi asr avlodi", "Akademnashr", "Eksmo", "AST", "Penguin"],
        "items": [
            ("novel, paperback", "роман, мягкая обложка", "roman, yumshoq muqova", 6),
            ("English grammar workbook", "рабочая тетрадь по английскому", "ingliz tili grammatikasi daftari", 7),
            ("children's fairy tales", "детские сказки", "bolalar ertaklari", 5),
            ("chemistry textbook, grade 9", "учебник химии, 9 класс", "kimyo darsligi, 9-sinf", 4),
            ("cookbook of Uzbek cuisine", "книга рецептов узбекской кухни", "o'zbek oshxonasi retseptlari kitobi", 12),
            ("history of the Silk Road", "история Шёлкового пути", "Buyuk Ipak yo'li tarixi", 15),
            ("Python for beginners", "Python для начинающих", "boshlovchilar uchun Python", 14),
            ("poetry collection", "сборник стихов", "she'rlar to'plami", 5),
            ("crime thriller", "детектив", "detektiv roman", 7),
        ],
        "specs": ["320 pp.", "480 pp.", "hardcover", "2nd edition", "illustrated", "2025", "A5", "gift edition"],
    },
    "c04": {
        "title": ("Clothes", "Одежда", "Kiyim-kechak"),
        "brands": ["Zara", "LC Waikiki", "Koton", "Uniqlo", "Bahor Tex", "Mango"],
        "items": [
            ("men's jacket", "мужская куртка", "erkaklar kurtkasi", 55),
            ("women's dress", "женское платье", "ayollar ko'ylagi", 35),
            ("cotton T-shirt", "хлопковая футболка", "paxta futbolka", 8),
            ("hoodie", "худи", "xudi", 22),
            ("school uniform set", "школьная форма", "maktab formasi", 30),
            ("jeans, slim fit", "джинсы слим", "jinsi shim", 25),
            ("wool scarf", "шерстяной шарф", "jun sharf", 12),
            ("atlas silk chapan", "чапан из атласа", "atlas chopon", 90),
        ],
        "specs": ["S", "M", "L", "XL", "XXL", "size 42", "size 48", "100% cotton"],
        "color": True,
    },
    "c05": {
        "title": ("Shoes", "Обувь", "Poyabzal"),
        "brands": ["Adidas", "Nike", "Puma", "Skechers", "Ecco", "Reebok"],
        "items": [
            ("running shoes", "кроссовки для бега", "yugurish krossovkasi", 60),
            ("leather boots", "кожаные ботинки", "charm botinka", 80),
            ("kids' sandals", "детские сандалии", "bolalar sandali", 14),
            ("winter boots", "зимние сапоги", "qishki etik", 70),
            ("slippers", "тапочки", "shippak", 6),
            ("classic loafers", "лоферы", "loferlar", 50),
        ],
        "specs": ["size 37", "size 39", "size 41", "size 43", "size 45", "EU 40", "EU 42"],
        "color": True,
    },
    "c06": {
        "title": ("Home & kitchen", "Дом и кухня", "Uy va oshxona"),
        "brands": ["Tefal", "Artel", "Bosch", "Philips", "Kamalak", "Luxell"],
        "items": [
            ("non-stick frying pan", "сковорода с антипригарным покрытием", "yopishmaydigan tova", 25),
            ("crystal glass set", "набор хрустальных бокалов", "billur qadahlar to'plami", 35),
            ("Himalayan salt lamp", "солевая лампа из гималайской соли", "Himoloy tuzi chirog'i", 18),
            ("kitchen scales 0.01 g", "кухонные весы 0,01 г", "oshxona tarozisi 0.01 g", 9),
            ("ice cube trays", "формы для льда", "muz qoliplari", 4),
            ("electric kettle", "электрочайник", "elektr choynak", 20),
            ("kazan 12 l", "казан 12 л", "qozon 12 l", 45),
            ("zip-lock bags, 100 pcs", "зип-пакеты, 100 шт", "zip paketlar, 100 dona", 3),
            ("vacuum sealer", "вакууматор", "vakuum qadoqlagich", 35),
            ("coffee grinder", "кофемолка", "qahva maydalagich", 22),
            ("bath towel set", "набор банных полотенец", "hammom sochiqlari to'plami", 20),
        ],
        "specs": ["24 cm", "28 cm", "1.7 l", "2000 W", "6 pcs", "set of 3", "stainless steel", "ceramic"],
    },
    "c08": {
        "title": ("Toys & kids", "Игрушки и дети", "O'yinchoqlar va bolalar"),
        "brands": ["LEGO", "Hasbro", "Mattel", "Bambi", "Chicco", "Polesie"],
        "items": [
            ("building blocks set", "конструктор", "konstruktor", 30),
            ("plush bear", "плюшевый мишка", "yumshoq ayiqcha", 12),
            ("party balloons, 50 pcs", "воздушные шары для праздника, 50 шт", "bayram sharlari, 50 dona", 5),
            ("crystal growing kit", "набор для выращивания кристаллов", "kristall o'stirish to'plami", 10),
            ("baby stroller", "детская коляска", "bolalar aravachasi", 160),
            ("remote control car", "машинка на пульте", "pultli mashina", 25),
            ("board game", "настольная игра", "stol o'yini", 18),
            ("kids' bicycle 16\"", 'детский велосипед 16"', 'bolalar velosipedi 16"', 85),
        ],
        "specs": ["3+", "6+", "8+", "500 pcs", "1000 pcs", "30 cm", "2 in 1", "with lights"],
    },
    "c09": {
        "title": ("Auto parts", "Автозапчасти", "Avto ehtiyot qismlar"),
        "brands": ["Bosch", "Mann", "Castrol", "Mobil", "Denso", "GM Uzbekistan"],
        "items": [
            ("oil filter", "масляный фильтр", "moy filtri", 6),
            ("brake pads", "тормозные колодки", "tormoz kolodkalari", 25),
            ("car battery 60 Ah", "аккумулятор 60 Ач", "akkumulyator 60 Ah", 85),
            ("snow chains", "цепи противоскольжения", "qor zanjirlari", 30),
            ("winter tyres R15", "зимние шины R15", "qishki shina R15", 60),
            ("engine oil 5W-30, 4 l", "моторное масло 5W-30, 4 л", "motor moyi 5W-30, 4 l", 30),
            ("wiper blades", "щётки стеклоочистителя", "oyna tozalagich", 10),
            ("spark plugs, set of 4", "свечи зажигания, 4 шт", "o't oldirish shamlari, 4 dona", 14),
        ],
        "specs": ["Cobalt", "Nexia 3", "Spark", "Gentra", "Malibu", "Damas", "Tracker", "universal"],
    },
    "c10": {
        "title": ("Garden", "Сад и огород", "Bog' va tomorqa"),
        "brands": ["Gardena", "Fiskars", "Bahor Agro", "Green Belt", "Hozain"],
        "items": [
            ("tomato seeds", "семена томатов", "pomidor urug'i", 1.5),
            (
                "herbal tea blend, mint and thyme",
                "травяной чай, мята и чабрец",
                "o'simlik choyi, yalpiz va kakliko't",
                3,
            ),
            ("garden hose 25 m", "садовый шланг 25 м", "bog' shlangi 25 m", 20),
            ("pruning shears", "секатор", "sekator", 12),
            ("potting soil 20 l", "грунт для рассады 20 л", "ko'chat tuprog'i 20 l", 4),
            ("grow light for seedlings", "фитолампа для рассады", "ko'chat uchun fitolampa", 18),
            ("drip irrigation kit", "набор капельного полива", "tomchilatib sug'orish to'plami", 25),
            ("dried herbs for decor", "сушёные травы для декора", "bezak uchun quritilgan o'tlar", 6),
        ],
        "specs": ["50 g", "100 g", "5 kg", "10 m", "25 m", "LED 36 W", "organic", "set of 6"],
    },
    "c11": {
        "title": ("Sport & outdoors", "Спорт и отдых", "Sport va dam olish"),
        "brands": ["Decathlon", "Torneo", "Adidas", "Everlast", "Kettler", "Salomon"],
        "items": [
            ("dumbbells", "гантели", "gantellar", 30),
            ("yoga mat", "коврик для йоги", "yoga gilamchasi", 12),
            ("speed bag", "пневмогруша", "pnevmogrusha", 40),
            ("camping tent", "туристическая палатка", "sayohat chodiri", 70),
            ("football", "футбольный мяч", "futbol to'pi", 15),
            ("boxing gloves", "боксёрские перчатки", "boks qo'lqoplari", 30),
            ("jump rope", "скакалка", "arqon", 5),
            ("thermos 1 l", "термос 1 л", "termos 1 l", 14),
        ],
        "specs": ["2 × 5 kg", "10 kg", "size 5", "12 oz", "3-person", "6 mm", "1 l", "pro"],
    },
    "c12": {
        "title": ("Beauty & health", "Красота и здоровье", "Go'zallik va salomatlik"),
        "brands": ["Nivea", "L'Oreal", "Garnier", "Solgar", "Evalar", "Omron"],
        "items": [
            ("hair dryer", "фен для волос", "soch quritgich fen", 25),
            ("vitamin D3, 60 caps", "витамин D3, 60 капсул", "D3 vitamini, 60 kapsula", 9),
            ("bath salt with lavender", "соль для ванн с лавандой", "lavandali vanna tuzi", 5),
            ("blood pressure monitor", "тонометр", "tonometr", 35),
            ("face cream", "крем для лица", "yuz kremi", 10),
            ("electric toothbrush", "электрическая зубная щётка", "elektr tish cho'tkasi", 30),
            ("shampoo 400 ml", "шампунь 400 мл", "shampun 400 ml", 5),
            ("first aid kit", "аптечка первой помощи", "birinchi yordam qutisi", 12),
        ],
        "specs": ["50 ml", "200 ml", "400 ml", "2200 W", "automatic", "for dry skin", "60 caps", "travel size"],
    },
    "c14": {
        "title": ("Tools & DIY", "Инструменты", "Asbob-uskunalar"),
        "brands": ["Makita", "Bosch", "Dewalt", "Ingco", "Total", "Stanley"],
        "items": [
            ("cordless drill", "шуруповёрт", "akkumulyatorli drel", 70),
            ("angle grinder", "болгарка", "bolgarka", 50),
            ("tool set, 108 pcs", "набор инструментов, 108 предметов", "asboblar to'plami, 108 dona", 60),
            ("laser level", "лазерный уровень", "lazer sath o'lchagich", 45),
            ("neodymium magnets", "неодимовые магниты", "neodim magnitlar", 8),
            ("tape measure 5 m", "рулетка 5 м", "ruletka 5 m", 4),
            ("welding machine", "сварочный аппарат", "payvandlash apparati", 120),
        ],
        "specs": ["18 V", "12 V", "125 mm", "230 mm", "2 batteries", "in a case", "1500 W", "pro series"],
    },
    "c15": {
        "title": ("Pets", "Зоотовары", "Uy hayvonlari"),
        "brands": ["Royal Canin", "Whiskas", "Pedigree", "Purina", "Trixie"],
        "items": [
            ("dry cat food", "сухой корм для кошек", "mushuk uchun quruq ozuqa", 15),
            ("dog leash", "поводок для собак", "it uchun bog'ich", 8),
            ("cat litter", "наполнитель для кошачьего туалета", "mushuk hojatxonasi to'ldirgichi", 6),
            ("aquarium filter", "фильтр для аквариума", "akvarium filtri", 15),
            ("bird cage", "клетка для птиц", "qush qafasi", 25),
            ("catnip toy", "игрушка с кошачьей мятой", "mushuk yalpizli o'yinchoq", 3),
        ],
        "specs": ["2 kg", "10 kg", "5 l", "large", "small", "for kittens", "for puppies", "3 m"],
    },
    "c16": {
        "title": ("Music & hobby", "Музыка и хобби", "Musiqa va xobbi"),
        "brands": ["Yamaha", "Casio", "Fender", "Faber-Castell", "Gamma", "Hohner"],
        "items": [
            ("acoustic guitar", "акустическая гитара", "akustik gitara", 90),
            ("dutar", "дутар", "dutor", 120),
            ("digital piano", "цифровое пианино", "raqamli pianino", 400),
            ("watercolour set", "набор акварели", "akvarel to'plami", 8),
            ("postage stamp album", "альбом для марок", "markalar albomi", 10),
            ("jigsaw puzzle 1000", "пазл на 1000 деталей", "1000 bo'lakli pazl", 12),
            ("knitting yarn", "пряжа для вязания", "to'qish uchun ip", 3),
        ],
        "specs": ['41"', "88 keys", "24 colours", "set of 12", "beginner", "with case", "1000 pcs", "100 g"],
    },
}

DRUG_CATEGORIES = {
    # slug: (title en, title ru, title uz), substance categories of text_market
    "c07": (("Stimulants & party", "Стимуляторы и вечеринки", "Stimulyatorlar va bazm"), ["stim", "stim", "psy"]),
    "c13": (
        (
            "Herbal blends · Pharma (no Rx)",
            "Травяные смеси · аптека без рецепта",
            "O'simlik aralashmalari · retseptsiz",
        ),
        ["cannabis", "synth", "pharma", "pharma", "opioid"],
    ),
}

_LANG_COL = {"en": 0, "ru": 1, "uz-latn": 2}


def _word(triple, lang: str) -> str:
    if lang == "uz-cyrl":
        return translit.to_cyrillic(triple[2])
    return triple[_LANG_COL[lang]]


def cat_title(slug: str, lang="en") -> str:
    t = GOODS_CATEGORIES[slug]["title"] if slug in GOODS_CATEGORIES else DRUG_CATEGORIES[slug][0]
    return _word(t, lang)


def goods_item(rng, slug: str) -> int:
    """Which product of category ``slug`` a listing sells (an index into its ``items``)."""
    return rng.randrange(len(GOODS_CATEGORIES[slug]["items"]))


def goods_title(rng, slug: str, lang: str, item: int) -> str:
    """A product title for ordinary category ``slug`` (cheap: a few random choices)."""
    c = GOODS_CATEGORIES[slug]
    item = _word(c["items"][item], lang)
    brand = rng.choice(c["brands"])
    spec = rng.choice(c["specs"])
    color = _word(rng.choice(COLORS), lang) if c.get("color") and rng.random() < 0.6 else ""
    form = rng.randrange(4)
    if form == 0:
        t = f"{brand} {item}, {spec}"
    elif form == 1:
        t = f"{item[:1].upper()}{item[1:]} {brand} {spec}"
    elif form == 2:
        t = f"{item[:1].upper()}{item[1:]} ({brand}), {spec}"
    else:
        t = f"{brand} — {item} {spec}"
    if color:
        t += f", {color}"
    if rng.random() < 0.12:
        t = (
            rng.choice(
                {
                    "en": ["NEW ", "SALE ", "Hit! "],
                    "ru": ["НОВИНКА ", "Скидка! ", "Хит "],
                    "uz-latn": ["YANGI ", "Chegirma! ", "Xit "],
                    "uz-cyrl": ["ЯНГИ ", "Чегирма! ", "Хит "],
                }[lang]
            )
            + t
        )
    return t


GOODS_COND = Pool(
    en=[
        "Brand new, factory sealed box.",
        "New, from an official distributor, receipt included.",
        "Used for [a month|two months|half a year], looks and works like new.",
        "Display sample, full set, small scratch on the side.",
        "Original product, we do not sell copies.",
        "In stock in our warehouse in {district}.",
    ],
    ru=[
        "Новый, в заводской плёнке.",
        "Новый, от официального дистрибьютора, чек прилагается.",
        "Пользовались [месяц|два месяца|полгода], состояние как новое.",
        "Витринный образец, полный комплект, небольшая царапина сбоку.",
        "Оригинал, копиями не торгуем.",
        "В наличии на складе в {district}.",
    ],
    uz=[
        "Yangi, zavod qadoqida.",
        "Yangi, rasmiy distribyutordan, chek bilan.",
        "[Bir oy|Ikki oy|Yarim yil] ishlatilgan, yangidek.",
        "Vitrina namunasi, to'liq komplekt, yonida kichik tirnalish bor.",
        "Original, nusxa sotmaymiz.",
        "{district}dagi omborimizda bor.",
    ],
)

GOODS_DELIVERY = Pool(
    en=[
        "Delivery across {city} in 1–2 days, to the regions in 3–5 days.",
        "Free delivery in Tashkent for orders over {uzs:300-500}.",
        "Pickup point near {spot}, open daily.",
        "Courier delivery to your door, you can check the item before paying.",
        "We ship by Uzpost and by bus parcel to any region.",
    ],
    ru=[
        "Доставка по {city} за 1–2 дня, в регионы 3–5 дней.",
        "Бесплатная доставка по Ташкенту при заказе от {uzs:300-500}.",
        "Пункт выдачи у {spot}, работаем без выходных.",
        "Курьер до двери, товар можно проверить перед оплатой.",
        "Отправляем Узпочтой и автобусом в любой регион.",
    ],
    uz=[
        "{city} bo'ylab 1–2 kunda, viloyatlarga 3–5 kunda yetkazamiz.",
        "Toshkent bo'ylab {uzs:300-500} dan ortiq buyurtmaga yetkazish bepul.",
        "{spot} yonida topshirish punkti, har kuni ochiq.",
        "Kuryer eshikkacha olib keladi, to'lashdan oldin tekshirishingiz mumkin.",
        "O'zbekpochta va avtobus orqali istalgan viloyatga jo'natamiz.",
    ],
)

GOODS_PAY = Pool(
    en=[
        "Payment: cash, Uzcard, Humo, Click or Payme.",
        "Installments for 3, 6 or 12 months without overpayment.",
        "Warranty [6|12|24] months from the seller.",
        "Returns within 10 days if the packaging is intact.",
        "Questions? Call {phone}, we answer from 9:00 to 21:00.",
    ],
    ru=[
        "Оплата: наличные, Uzcard, Humo, Click или Payme.",
        "Рассрочка на 3, 6 или 12 месяцев без переплаты.",
        "Гарантия продавца [6|12|24] месяцев.",
        "Возврат в течение 10 дней при сохранной упаковке.",
        "Вопросы — по телефону {phone}, с 9:00 до 21:00.",
    ],
    uz=[
        "To'lov: naqd, Uzcard, Humo, Click yoki Payme.",
        "3, 6 yoki 12 oyga ortiqcha to'lovsiz muddatli to'lov.",
        "Sotuvchi kafolati [6|12|24] oy.",
        "Qadoq butun bo'lsa, 10 kun ichida qaytarish mumkin.",
        "Savollar bo'lsa: {phone}, soat 9:00 dan 21:00 gacha.",
    ],
)

GOODS_ABOUT = Pool(
    en=[
        "Customers often buy it as a gift: we wrap it for free.",
        "Compared with last season's model it is lighter and quieter.",
        "Size chart and extra photos are in the gallery above.",
        "Fits most models sold in Uzbekistan; ask us if unsure.",
        "Popular in our shop: more than {n:40-900} sold this year.",
        "Stock is limited, the price is valid while it lasts.",
    ],
    ru=[
        "Часто берут в подарок — упакуем бесплатно.",
        "По сравнению с прошлой моделью легче и тише.",
        "Таблица размеров и дополнительные фото — в галерее выше.",
        "Подходит к большинству моделей, что продаются в Узбекистане; уточняйте.",
        "Хит нашего магазина: в этом году продано больше {n:40-900} штук.",
        "Количество ограничено, цена действует до конца партии.",
    ],
    uz=[
        "Ko'pincha sovg'a uchun olishadi — bepul o'rab beramiz.",
        "O'tgan modelga qaraganda yengilroq va ovozsizroq.",
        "O'lchamlar jadvali va qo'shimcha rasmlar yuqoridagi galereyada.",
        "O'zbekistonda sotiladigan ko'p modellarga mos keladi; so'rang.",
        "Do'konimiz xiti: bu yil {n:40-900} tadan ko'p sotildi.",
        "Soni cheklangan, narx partiya tugaguncha amal qiladi.",
    ],
)


def goods_paragraphs(ctx: Ctx) -> list:
    paras = [ctx.pick(GOODS_COND)]
    rest = [ctx.pick(GOODS_DELIVERY)] + ctx.picks(GOODS_PAY, ctx.randint(1, 2))
    if ctx.chance(0.6):
        rest.append(ctx.pick(GOODS_ABOUT))
    ctx.rng.shuffle(rest)
    while rest:
        k = ctx.randint(1, 2)
        paras.append(" ".join(rest[:k]))
        rest = rest[k:]
    return paras


def goods_price(ctx: Ctx, slug: str, item: int) -> str:
    from .vocab import fmt_uzs

    usd = GOODS_CATEGORIES[slug]["items"][item][3] * ctx.rng.uniform(0.7, 1.45)
    cur = weighted(ctx.rng, {"uzs": 8, "usd": 2})
    if cur == "usd" and usd >= 5:
        return f"${round(usd)}" if ctx.lang == "en" else f"{round(usd)} $"
    return fmt_uzs(usd * 12700, ctx.lang, ctx.rng)
