"""The fictional Telegram channels of the demo internet."""

from __future__ import annotations

SHOP_KINDS = {"shop_menu": 3.0, "sale_ad": 3.5, "dead_drop": 2.0, "recruitment": 1.5}

CHANNELS = [
    {
        "name": "snegovik_tash",
        "title": "❄️ Снеговик | Ташкент 24/7",
        "desc": "Магазин работает круглосуточно. Заказы только через бота, оператор отвечает с 10 до 02. "
        "Отзывы и новости в закрепе.",
        "group": "shop",
        "weight": 11,
        "langs": {"ru": 7, "uz-latn": 3},
        "kinds": SHOP_KINDS,
        "obf": 0.25,
    },
    {
        "name": "kristal_uz_shop",
        "title": "💎 Kristal UZ",
        "desc": "Toshkent va viloyatlar. Sifat kafolati, har kuni yangi joylar. Savollar bo'yicha operatorga yozing.",
        "group": "shop",
        "weight": 10,
        "langs": {"uz-latn": 6, "ru": 2.5, "uz-cyrl": 1.5},
        "kinds": SHOP_KINDS,
        "obf": 0.35,
    },
    {
        "name": "tashkent_plug",
        "title": "🔌 Tashkent Plug",
        "desc": "Local plug, discreet service across the city. English & Russian speaking operators. Crypto welcome.",
        "group": "shop",
        "weight": 8,
        "langs": {"en": 7, "ru": 3},
        "kinds": SHOP_KINDS,
        "obf": 0.2,
    },
    {
        "name": "yashil_bog_uz",
        "title": "🍁 Яшил Боғ",
        "desc": "Табиий маҳсулот, тез етказиш. Фақат бот орқали буюртма. Тошкент ва Самарқанд.",
        "group": "shop",
        "weight": 7,
        "langs": {"uz-cyrl": 6, "uz-latn": 2, "ru": 2},
        "kinds": SHOP_KINDS,
        "obf": 0.3,
    },
    {
        "name": "samarkand_klad",
        "title": "Самарканд Клад 🔥",
        "desc": "Самарканд, Бухара, Навои. Моментальные клады, перезаклад при ненаходе. Работаем с 2023 года.",
        "group": "shop",
        "weight": 7,
        "langs": {"ru": 7, "uz-cyrl": 3},
        "kinds": SHOP_KINDS,
        "obf": 0.25,
    },
    {
        "name": "chilonzor_express",
        "title": "Chilonzor Express 🚀",
        "desc": "Chilonzor, Uchtepa, Sergeli, Yangihayot. Tez va xavfsiz. Бот в описании, отзывы в чате.",
        "group": "shop",
        "weight": 7,
        "langs": {"uz-latn": 5, "ru": 5},
        "kinds": SHOP_KINDS,
        "obf": 0.4,
    },
    {
        "name": "rabota_kuryer_uz",
        "title": "Работа | Ish | Высокий доход 💸",
        "desc": "Ищем ответственных людей. Ish bor! Daromad har kuni. Пиши куратору, всё расскажем.",
        "group": "shop",
        "weight": 8,
        "langs": {"ru": 4.5, "uz-latn": 3.5, "uz-cyrl": 2},
        "kinds": {"recruitment": 7.5, "sale_ad": 1.5, "dead_drop": 1.0},
        "obf": 0.2,
    },
    {
        "name": "uzinfo_news",
        "title": "UzInfo | Yangiliklar",
        "desc": "O'zbekiston va dunyo yangiliklari. Новости Узбекистана на русском и узбекском. Reklama: @uzinfo_reklama",
        "group": "news",
        "weight": 12,
        "langs": {"uz-latn": 3.5, "ru": 3.5, "uz-cyrl": 2, "en": 1},
        "kinds": {"news": 1},
    },
    {
        "name": "sog_hayot_yordam",
        "title": "Sog'lom hayot | Ishonch telefoni",
        "desc": "Giyohvandlikdan qutulishni istaganlar va ularning oilalari uchun. Anonim maslahat, "
        "reabilitatsiya markazlari haqida ma'lumot. Телефон доверия.",
        "group": "health",
        "weight": 8,
        "langs": {"uz-latn": 4, "uz-cyrl": 3, "ru": 3, "en": 0.7},
        "kinds": {"harm_reduction": 1},
    },
    {
        "name": "tez_yetkaz_ish",
        "title": "Tez Yetkaz | Kuryer ishlari",
        "desc": "Ovqat va mahsulot yetkazib berish xizmatiga kuryerlar kerak. Rasmiy ishga joylashtirish. "
        "Доставка еды по Ташкенту.",
        "group": "jobs",
        "weight": 8,
        "langs": {"uz-latn": 4.5, "ru": 3.5, "uz-cyrl": 2},
        "kinds": {"job": 1},
    },
    {
        "name": "tuz_shakar_opt",
        "title": "Tuz & Shakar | Opt savdo",
        "desc": "Osh tuzi, shakar, kristall idishlar, qishki shinalar, magnitlar va markalar. "
        "Оптом и в розницу. Доставка по городу.",
        "group": "goods",
        "weight": 8,
        "langs": {"ru": 4, "uz-latn": 4, "en": 1, "uz-cyrl": 1},
        "kinds": {"other": 1},
    },
    {
        "name": "dorixona_24",
        "title": "Dorixona 24 | Аптека",
        "desc": "Litsenziyali dorixona. Retsept bo'yicha dorilar faqat retsept bilan beriladi. "
        "Круглосуточная аптека, доставка.",
        "group": "pharmacy",
        "weight": 6,
        "langs": {"uz-latn": 4, "ru": 4, "uz-cyrl": 2, "en": 0.5},
        "kinds": {"pharmacy": 1},
    },
]

BY_NAME = {c["name"]: c for c in CHANNELS}
CHANNEL_NAMES = [c["name"] for c in CHANNELS]
POSITIVE_CHANNELS = [c["name"] for c in CHANNELS if c["group"] == "shop"]
NEGATIVE_CHANNELS = [c["name"] for c in CHANNELS if c["group"] != "shop"]
