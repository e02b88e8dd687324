"""Darknet-style market listings.

Drug listings are label 1 (kind market_listing); e-books, VPN and streaming
accounts, forged documents and carding are label 0 (kind other_illicit).
"""

from __future__ import annotations

from .gen import Ctx, Pool
from .vocab import SUBSTANCES, UNIT_QTYS, ctx_money, fmt_qty, unit_price_usd

CATEGORIES = [
    # slug, label(en, ru), class, substances category
    ("stimulants", "Stimulants", "Стимуляторы", "drug", "stim"),
    ("cannabis", "Cannabis & Hash", "Каннабис и гашиш", "drug", "cannabis"),
    ("synthetics", "Synthetic cannabinoids", "Спайсы и миксы", "drug", "synth"),
    ("opioids", "Opioids", "Опиаты", "drug", "opioid"),
    ("psychedelics", "Ecstasy & Psychedelics", "Экстази и психоделики", "drug", "psy"),
    ("pharma", "Pharmacy (no Rx)", "Аптека без рецепта", "drug", "pharma"),
    ("digital", "Digital goods", "Цифровые товары", "other", "digital"),
    ("documents", "Documents", "Документы", "other", "documents"),
    ("fraud", "Carding & Fraud", "Кардинг", "other", "fraud"),
]
CAT_BY_SLUG = {c[0]: c for c in CATEGORIES}
# one cycle of 20 listing ids: which category each position belongs to
CATEGORY_PATTERN = [
    "stimulants",
    "cannabis",
    "stimulants",
    "digital",
    "opioids",
    "psychedelics",
    "cannabis",
    "stimulants",
    "documents",
    "pharma",
    "stimulants",
    "cannabis",
    "synthetics",
    "psychedelics",
    "stimulants",
    "fraud",
    "cannabis",
    "synthetics",
    "stimulants",
    "pharma",
]

# --------------------------------------------------------------------------
# drug listings

MK_TITLE = Pool(
    en=[
        "{qty} {drug} {quality} — [free reship|escrow|FE for regulars]",
        "[{quality}] {drug} {qty} | {form} | Tashkent drops",
        "{drug} ({form}) {qty} — [ships from UZ|local dead drop|stealth shipping]",
        "{emo} {drug} {qty} [🔥|⭐|✅] {quality}",
        "{drug} — {qty} — [best price on the market|vendor's pick|lab tested]",
        "[NEW|RESTOCK|SALE] {drug} {qty} [{quality}]",
        "{qty} of {drug}, [{district} drop|{city} pickup|worldwide stealth]",
        "{drug} {quality} {qty} [+ bonus|+ free sample|no cut]",
    ],
    ru=[
        "{drug} {qty} {quality} — [перезаклад|гарант|моментально]",
        "[{quality}] {drug} {qty} | {form} | клад {city}",
        "{drug} ({form}) {qty} — [клад|магнит|прикоп] {district}",
        "{emo} {drug} {qty} [🔥|⭐|✅]",
        "{drug} — {qty} — [лучшая цена|выбор магазина|проверено]",
        "[НОВИНКА|ЗАВОЗ|АКЦИЯ] {drug} {qty}",
        "{qty} {drug}, [{district}|{city}|все районы]",
        "{drug} {quality} {qty} [+ бонус|чистый вес|опт и розница]",
    ],
    uz=[
        "{drug} {qty} {quality} — [qayta berish|garant|tayyor joy]",
        "[{quality}] {drug} {qty} | {form} | {city} zakladka",
        "{drug} ({form}) {qty} — [magnit|prikop|zakladka] {district}",
        "{emo} {drug} {qty} [🔥|⭐|✅]",
        "[YANGI|AKSIYA|ZAVOZ] {drug} {qty}",
        "{qty} {drug}, [{district}|{city}|hamma tumanlar]",
    ],
    cy=[
        "{drug} {qty} — {district}",
        "[ЯНГИ|АКЦИЯ] {drug} {qty} {quality}",
        "{emo} {drug} {qty}, {city}",
    ],
)

MK_INTRO = Pool(
    en=[
        "You are looking at {drug} from our newest batch: {form}, {quality}, weighed with care.",
        "This is the {drug} our regulars keep coming back for. No cut, no filler.",
        "Straight from the source, {drug} of a quality you will not find on the street.",
        "Clean {drug}, tested in-house before listing.",
        "Our {drug} is the same product we have sold since the market opened, only fresher.",
        "Small-batch {drug}, packed the day you order.",
        "Listing for {qty} of {drug}. Larger amounts in the custom listings.",
        "Top-shelf {drug}. If you know, you know.",
    ],
    ru=[
        "Перед вами {drug} из новой партии: {form}, {quality}, вес точный.",
        "Тот самый товар, за которым возвращаются постоянные клиенты: {drug}. Без бодяги.",
        "{drug} напрямую от поставщика, такого качества на улице не найдёте.",
        "Чистый продукт ({drug}), проверен перед выставлением.",
        "Наш {drug} — всё тот же проверенный товар, только свежее.",
        "Позиция: {drug}, {qty}. Больший вес — в отдельных лотах.",
        "Фасуем в день заказа, товар: {drug}.",
        "Кто пробовал — знает. {drug}, {quality}.",
    ],
    uz=[
        "Bu yangi partiyadagi {drug}: {form}, {quality}, vazni aniq.",
        "Doimiy mijozlar qaytib keladigan tovar — {drug}. Aralashmasiz.",
        "To'g'ridan-to'g'ri manbadan {drug}, ko'chada bunday sifat yo'q.",
        "Toza {drug}, sotuvga qo'yishdan oldin tekshirilgan.",
        "Pozitsiya: {drug}, {qty}. Ko'proq vazn alohida lotlarda.",
        "Buyurtma kuni qadoqlaymiz.",
    ],
    cy=[
        "Янги партия: {drug}, {quality}.",
        "Тоза маҳсулот, текширилган.",
        "{drug} тўғридан-тўғри манбадан.",
    ],
)

MK_SHIP = Pool(
    en=[
        "Shipping: vacuum sealed twice, mylar bag, looks like an ordinary parcel.",
        "Stealth is our specialty — no smell, no suspicious packaging, tracking on request.",
        "Domestic orders arrive in 1–3 days, Kazakhstan and Kyrgyzstan 4–7.",
        "Local customers can choose a dead drop in {district}, {district} or {district} instead of post.",
        "Drops in Tashkent: magnet or buried, photo and pin sent within 30 minutes of finalizing.",
        "We ship Monday to Saturday; orders after 18:00 go out the next day.",
        "If the parcel is seized we reship 50% once, with proof.",
        "Parcels leave from [Tashkent|Samarkand|Fergana], tracking after 24 h.",
        "Double-bagged, smell-proof, labelled as [cosmetics|tea|spare parts].",
        "Local pickup only in {district} and {district} on weekends.",
    ],
    ru=[
        "Отправка: двойной вакуум, майлар, выглядит как обычная посылка.",
        "Стелс — наша фишка: без запаха, без палева, трек по запросу.",
        "По Узбекистану 1–3 дня, Казахстан и Кыргызстан 4–7.",
        "Для местных — клад в {district}, {district} или {district} вместо почты.",
        "Клады в Ташкенте: магнит или прикоп, фото и точка через 30 минут после финализации.",
        "Отправляем с понедельника по субботу.",
        "При изъятии посылки — перезаклад 50%, один раз, с доказательствами.",
        "Посылки уходят из [Ташкента|Самарканда|Ферганы], трек через сутки.",
        "Двойной пакет, без запаха, подписано как [косметика|чай|запчасти].",
        "Самовывоз (клад) только в {district} и {district} по выходным.",
    ],
    uz=[
        "Jo'natish: ikki qavat vakuum, oddiy posilkaga o'xshaydi.",
        "Hidsiz, shubhali qadoqsiz, trek so'rov bo'yicha.",
        "O'zbekiston bo'ylab 1–3 kun, Qozog'iston va Qirg'iziston 4–7 kun.",
        "Mahalliy mijozlar uchun {district}, {district} yoki {district}da zakladka.",
        "Toshkentda zakladka: magnit yoki prikop, finalizatsiyadan keyin 30 daqiqada rasm va nuqta.",
        "Dushanbadan shanbagacha jo'natamiz.",
        "Posilkalar [Toshkent|Samarqand|Farg'ona]dan jo'natiladi, trek bir kundan keyin.",
        "Ikki qavat paket, hidsiz, [kosmetika|choy|ehtiyot qism] deb yozilgan.",
        "Zakladka faqat dam olish kunlari {district} va {district}da.",
    ],
    cy=[
        "Тошкентда закладка: {district} ёки {district}.",
        "Жўнатиш яширин, ҳидсиз.",
    ],
)

MK_POLICY = Pool(
    en=[
        "Escrow only for new buyers; FE for customers with 5+ orders.",
        "PGP required for addresses. Our key is on the profile.",
        "Leave honest feedback, it helps us keep prices low.",
        "Disputes are handled by market staff, we respect their decision.",
        "Mirror: {onion}",
        "No refunds for wrong addresses. Double-check before ordering.",
        "Custom orders and bulk — message us on the market.",
        "Price {price} per unit, discounts from {n:5-10} units.",
        "[Finalize|Release escrow] only after you've picked up, we're patient.",
        "Orders placed before [noon|18:00] are packed the same day.",
        "Weight is checked on video before sealing, ask if you want the clip.",
        "Repeat customers: ask for the [loyalty|regulars] price.",
        "We do not ship to [P.O. boxes|hotels|dorms].",
        "Negative feedback without a message first gets no reship.",
        "[Buy|Order] {n:3-10} and get one free, limited to one per customer.",
    ],
    ru=[
        "Новым покупателям — только эскроу; FE для тех, у кого 5+ заказов.",
        "Адрес — только в PGP. Ключ в профиле.",
        "Оставляйте честный отзыв, это помогает держать цены.",
        "Споры решает администрация площадки.",
        "Зеркало: {onion}",
        "За неправильный адрес ответственности не несём.",
        "Опт и индивидуальные заказы — пишите в личку на площадке.",
        "Цена {price} за единицу, скидки от {n:5-10} шт.",
        "Финализируйте только после подъёма, мы подождём.",
        "Заказы до [12:00|18:00] пакуем в тот же день.",
        "Вес проверяем на видео перед запайкой, видео по запросу.",
        "Постоянным — [особая|своя] цена, спрашивайте.",
        "Негатив без предварительного сообщения — без перезаклада.",
        "Возьми {n:3-10} — один в подарок, одна акция на покупателя.",
    ],
    uz=[
        "Yangi xaridorlar uchun faqat eskrou; 5+ buyurtmali mijozlarga FE.",
        "Manzilni faqat PGP bilan yuboring. Kalit profilda.",
        "Halol otziv qoldiring.",
        "Nizolarni bozor ma'muriyati hal qiladi.",
        "Oyna: {onion}",
        "Optom va maxsus buyurtmalar — bozordagi lichkaga yozing.",
        "Narxi {price}, {n:5-10} donadan chegirma.",
        "Olib bo'lganingizdan keyin finalizatsiya qiling, kutamiz.",
        "Soat [12:00|18:00] gacha buyurtmalar shu kuni qadoqlanadi.",
        "Vazn videoda tekshiriladi, so'rasangiz yuboramiz.",
        "Doimiy mijozlarga alohida narx, so'rang.",
        "{n:3-10} ta oling — bittasi sovg'a.",
    ],
    cy=[
        "Янги харидорларга фақат эскроу.",
        "Манзил фақат PGP билан.",
    ],
)


def listing_title(ctx: Ctx) -> str:
    t = ctx.pick(MK_TITLE)
    return t[:1].upper() + t[1:]


def market_listing(ctx: Ctx, cat: str) -> dict:
    """A drug listing.  ``cat`` is the substance category ("stim", ...)."""
    from .vocab import CATEGORY_SUBS

    sub = ctx.rng.choice(CATEGORY_SUBS[cat])
    ctx.vars["sub"] = sub
    unit = SUBSTANCES[sub]["unit"]
    q = ctx.rng.choice(UNIT_QTYS[unit])
    ctx.vars["qty"] = fmt_qty(q, unit, ctx.lang, ctx.rng)
    title = listing_title(ctx)
    price = ctx_money(ctx, unit_price_usd(sub, q, ctx.rng, ctx))
    paras = [ctx.pick(MK_INTRO)]
    rest = [ctx.pick(MK_SHIP)]
    rest += ctx.picks(MK_POLICY, ctx.randint(1, 3))
    if ctx.chance(0.4):
        from .text_ads import AD_LOGI, AD_QUALITY

        rest.append(ctx.pick(AD_QUALITY if ctx.chance(0.5) else AD_LOGI))
    ctx.rng.shuffle(rest)
    while rest:
        k = ctx.randint(1, 2)
        paras.append(" ".join(rest[:k]))
        rest = rest[k:]
    ships = ships_line(ctx, local=ctx.chance(0.55))
    return {"title": title, "paragraphs": paras, "price": price, "ships": ships}


def ships_line(ctx: Ctx, local: bool) -> str:
    from .vocab import s_city, s_districts

    if local:
        return {
            "en": "Ships from: {c} (local dead drops: {d})",
            "ru": "Отправка: {c} (клады: {d})",
            "uz-latn": "Jo'natish: {c} (zakladkalar: {d})",
            "uz-cyrl": "Жўнатиш: {c} (закладкалар: {d})",
        }[ctx.lang].format(c=s_city(ctx, ""), d=s_districts(ctx, ""))
    dest = ctx.rng.choice(
        [
            "Uzbekistan",
            "Uzbekistan, Kazakhstan, Kyrgyzstan",
            "Central Asia",
            "Worldwide",
            "Uzbekistan, Tajikistan",
        ]
    )
    return {
        "en": "Ships from: {c} → Ships to: {d}",
        "ru": "Откуда: {c} → Куда: {d}",
        "uz-latn": "Qayerdan: {c} → Qayerga: {d}",
        "uz-cyrl": "Қаердан: {c} → Қаерга: {d}",
    }[ctx.lang].format(c=s_city(ctx, ""), d=dest)


KNOWN_LISTING = {
    "title": "1g mephedrone VHQ crystals — Tashkent dead drops (Yunusabad, Chilanzar)",
    "paragraphs": [
        "Fresh batch of mephedrone, big dry crystals, weighed on a 0.01 scale with a little extra on top.",
        (
            "Local buyers get a dead drop in Yunusabad or Chilanzar district of Tashkent: magnet or buried, photo and "
            "pin are sent within 30 minutes after you finalize. Reship once if the spot is empty and your photos confirm it."
        ),
        "Escrow for new buyers, FE for regulars with 5+ orders. PGP required for any address.",
    ],
    "price": "$48",
    "ships": "Ships from: Tashkent (local dead drops: Yunusabad, Chilanzar)",
    "sub": "meph",
}

# --------------------------------------------------------------------------
# other illicit (label 0)

OI_KIND_BY_CAT = {
    "digital": ["ebook", "vpn", "accounts", "software"],
    "documents": ["docs"],
    "fraud": ["carding"],
}

OI_TITLE = {
    "ebook": Pool(
        en=[
            "[Mega pack|Collection] of {n:200-5000} e-books on [trading|programming|self-improvement|marketing]",
            "Cashout guide 2026 (PDF, {n:40-160} pages)",
            "Social engineering handbook + bonus templates",
            "{n:10-90} premium online courses, lifetime link",
        ],
        ru=[
            "Сборник из {n:200-5000} электронных книг по [трейдингу|программированию|саморазвитию|маркетингу]",
            "Мануал по обналу 2026 (PDF, {n:40-160} стр.)",
            "Пособие по социальной инженерии + шаблоны",
            "{n:10-90} платных курсов, вечная ссылка",
        ],
        uz=[
            "{n:200-5000} ta elektron kitob to'plami",
            "Pul yechish bo'yicha qo'llanma 2026 (PDF)",
            "{n:10-90} ta pullik kurs, doimiy havola",
        ],
        cy=["{n:200-5000} та электрон китоб тўплами"],
    ),
    "vpn": Pool(
        en=[
            "Premium VPN account, {n:1-12} months, warranty",
            "Lifetime VPN + proxy bundle, {n:3-10} devices",
            "Residential proxies, {n:5-50} GB",
        ],
        ru=[
            "Премиум VPN-аккаунт на {n:1-12} мес., гарантия",
            "VPN навсегда + прокси, {n:3-10} устройств",
            "Резидентные прокси, {n:5-50} ГБ",
        ],
        uz=[
            "Premium VPN akkaunt, {n:1-12} oy, kafolat",
            "Umrbod VPN + proksi, {n:3-10} qurilma",
            "Rezident proksilar, {n:5-50} GB",
            "VPN + proksi to'plami, {n:3-10} qurilma uchun",
        ],
        cy=["Премиум VPN аккаунт, {n:1-12} ой"],
    ),
    "accounts": Pool(
        en=[
            "Netflix / Spotify family slots, {n:1-12} months",
            "Aged Telegram accounts, {n:5-100} pcs",
            "Verified exchange accounts (KYC done)",
        ],
        ru=[
            "Слоты Netflix / Spotify на {n:1-12} мес.",
            "Отлёжанные аккаунты Telegram, {n:5-100} шт.",
            "Верифицированные аккаунты бирж (KYC пройден)",
        ],
        uz=["Netflix / Spotify oilaviy slot, {n:1-12} oy", "Telegram akkauntlar, {n:5-100} dona"],
        cy=["Telegram аккаунтлар, {n:5-100} дона"],
    ),
    "software": Pool(
        en=[
            "Cracked Office + Windows keys bundle",
            "Android RAT (for educational purposes)",
            "Checker software with lifetime updates",
        ],
        ru=[
            "Ключи Windows + Office пакетом",
            "Android RAT (в образовательных целях)",
            "Чекер с пожизненными обновлениями",
        ],
        uz=[
            "Windows + Office kalitlari to'plami",
            "Checker dastur, umrbod yangilanish",
            "Android RAT (o'quv maqsadida)",
            "Office kalitlari, umrbod",
        ],
        cy=["Windows калитлари тўплами"],
    ),
    "docs": Pool(
        en=[
            "Scan template: Uzbek passport (PSD)",
            "Driving licence, any category — high quality print",
            "University diploma with transcript",
            "Utility bill templates for verification",
            "Medical certificate (086) on a real form",
        ],
        ru=[
            "Шаблон скана паспорта РУз (PSD)",
            "Водительские права любой категории",
            "Диплом ВУЗа с приложением",
            "Шаблоны коммунальных счетов для верификации",
            "Медсправка 086 на настоящем бланке",
        ],
        uz=[
            "O'zbekiston pasporti skan shabloni (PSD)",
            "Haydovchilik guvohnomasi, istalgan toifa",
            "OTM diplomi ilovasi bilan",
            "Tibbiy ma'lumotnoma (086) haqiqiy blankada",
            "Kommunal to'lov kvitansiyasi shabloni",
            "Talabalik guvohnomasi, har qanday OTM",
        ],
        cy=["Паспорт скан шаблони", "Ҳайдовчилик гувоҳномаси", "Диплом иловаси билан"],
    ),
    "carding": Pool(
        en=[
            "Fresh CC dumps with PIN, {n:5-50} pcs",
            "Fullz EU + US, high balance",
            "Bank drops for cashout, verified",
            "Gift card method 2026",
        ],
        ru=[
            "Свежие дампы с пином, {n:5-50} шт.",
            "Фуллзы ЕС + США, высокий баланс",
            "Дропы под обнал, проверенные",
            "Метод с подарочными картами 2026",
        ],
        uz=[
            "Yangi karta dumplari, {n:5-50} dona",
            "Obnal uchun drop kartalar",
            "Sovg'a kartalari usuli 2026",
            "Fullz YI + AQSh, katta balans",
            "Karta ma'lumotlari, tekshirilgan, {n:5-50} dona",
        ],
        cy=["Карта дамплари, {n:5-50} дона"],
    ),
}

OI_BODY = Pool(
    en=[
        "Tested on {n:3-40} buyers this month, [no complaints|zero disputes|all good].",
        "[Region|Geo]: [UZ, KZ, RU|worldwide|CIS only]. Ask before buying if unsure.",
        "Delivered as a [.zip|text file|PDF|shared folder] with a short manual.",
        "[Stock|Quantity] is limited to {n:5-60} [units|slots|copies] this week.",
        "Replacement only if you report within {n:1-12} hours, with a screenshot.",
        "[Old|Previous] version sold out, this is the [2026|updated|new] edition.",
        "Bought more than {n:3-9}? Ask for the bulk price.",
        "[Support|Help] in PM, answers within [an hour|a few hours|a day].",
        "Instant delivery after payment, everything is sent as a link in your order messages.",
        "Valid at the time of sale; replacement within {n:6-48} hours if something does not work.",
        "Bought in bulk, sold cheap. No questions.",
        "Works in Uzbekistan, Kazakhstan and Russia.",
        "Read the description carefully, no refunds for digital goods.",
        "Instructions included, support in PM.",
        "This is a digital item: nothing is shipped, nothing to pick up.",
        "Updated weekly, old buyers get updates for free.",
    ],
    ru=[
        "Проверено на {n:3-40} покупателях за месяц, [жалоб нет|споров ноль|всё ровно].",
        "Гео: [UZ, KZ, RU|весь мир|только СНГ]. Если сомневаетесь — спросите до покупки.",
        "Выдаётся [архивом|текстовым файлом|PDF|папкой] с короткой инструкцией.",
        "В наличии всего {n:5-60} [шт.|слотов|копий] на эту неделю.",
        "Замена только при обращении в течение {n:1-12} ч со скриншотом.",
        "[Старая|Прошлая] версия закончилась, это [новое|обновлённое|свежее] издание.",
        "Берёте больше {n:3-9}? Спросите оптовую цену.",
        "Поддержка в ЛС, отвечаем в течение [часа|пары часов|дня].",
        "Моментальная выдача после оплаты, ссылка придёт в сообщениях заказа.",
        "Валид на момент продажи, замена в течение {n:6-48} часов.",
        "Брали оптом, отдаём дёшево. Без вопросов.",
        "Работает в Узбекистане, Казахстане и России.",
        "Внимательно читайте описание, за цифровые товары возврата нет.",
        "Инструкция в комплекте, поддержка в ЛС.",
        "Товар цифровой, ничего никуда не отправляем.",
        "Обновления раз в неделю, старым покупателям бесплатно.",
    ],
    uz=[
        "Bu oy {n:3-40} xaridorda sinab ko'rildi, [shikoyat yo'q|nizo yo'q|hammasi joyida].",
        "Hudud: [UZ, KZ, RU|butun dunyo|faqat MDH]. Ikkilansangiz, oldin so'rang.",
        "[Arxiv|Matn fayli|PDF] ko'rinishida qisqa yo'riqnoma bilan beriladi.",
        "Bu haftaga faqat {n:5-60} [dona|slot|nusxa] bor.",
        "Almashtirish faqat {n:1-12} soat ichida skrinshot bilan murojaat qilsangiz.",
        "Eski versiya tugadi, bu [yangi|yangilangan] nashr.",
        "{n:3-9} tadan ko'p olasizmi? Optom narxni so'rang.",
        "Yordam lichkada, [bir soat|bir necha soat|bir kun] ichida javob beramiz.",
        "To'lovdan keyin darhol beriladi, havola buyurtma xabarlarida.",
        "Sotuv paytida ishlaydi, {n:6-48} soat ichida almashtiramiz.",
        "Optom olganmiz, arzon beramiz.",
        "O'zbekiston, Qozog'iston va Rossiyada ishlaydi.",
        "Tavsifni diqqat bilan o'qing, raqamli tovarlar qaytarilmaydi.",
        "Yo'riqnoma bilan, yordam lichkada.",
        "Raqamli tovar, hech narsa jo'natilmaydi.",
    ],
    cy=[
        "Тўловдан кейин дарҳол берилади.",
        "Рақамли товар, ҳеч нарса жўнатилмайди.",
        "Йўриқнома билан.",
    ],
)


def other_illicit(ctx: Ctx, cat: str) -> dict:
    kind = ctx.rng.choice(OI_KIND_BY_CAT[cat])
    title = ctx.pick(OI_TITLE[kind])
    paras = ctx.picks(OI_BODY, ctx.randint(1, 3))
    if ctx.chance(0.3):
        paras.append(ctx.pick(MK_POLICY_OI))
    usd = {
        "ebook": (3, 40),
        "vpn": (4, 30),
        "accounts": (2, 25),
        "software": (5, 60),
        "docs": (60, 600),
        "carding": (20, 300),
    }[kind]
    price = ctx_money(ctx, ctx.rng.uniform(*usd))
    ships = ctx.pick(OI_SHIPS)
    if kind == "docs" and ctx.chance(0.6):
        ships = ships_line(ctx, local=False)
    return {"title": title[:1].upper() + title[1:], "paragraphs": paras, "price": price, "ships": ships}


OI_SHIPS = Pool(
    en=[
        "Digital delivery (instant)",
        "Auto-delivery 24/7",
        "Sent by message within [1|2|6] hours",
        "Digital item, delivered in the order chat",
        "Instant download link",
        "Email / order message delivery",
    ],
    ru=[
        "Цифровая доставка (моментально)",
        "Автовыдача 24/7",
        "Выдача в сообщениях заказа в течение [1|2|6] ч",
        "Цифровой товар, выдача в чате заказа",
        "Ссылка на скачивание сразу после оплаты",
    ],
    uz=[
        "Raqamli yetkazish (darhol)",
        "Avto-berish 24/7",
        "[1|2|6] soat ichida xabarda yuboriladi",
        "Raqamli tovar, buyurtma chatida beriladi",
        "To'lovdan keyin yuklab olish havolasi",
    ],
    cy=["Рақамли етказиш (дарҳол)", "Авто-бериш 24/7"],
)

MK_POLICY_OI = Pool(
    en=["Escrow accepted.", "PGP key on the profile.", "Mirror: {onion}", "Bulk discounts on request."],
    ru=["Работаем через эскроу.", "PGP в профиле.", "Зеркало: {onion}", "Опт — скидки."],
    uz=["Eskrou orqali.", "PGP profilda.", "Oyna: {onion}"],
    cy=["Эскроу орқали.", "PGP профилда."],
)
