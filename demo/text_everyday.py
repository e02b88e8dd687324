"""Ordinary life: job ads (kind job), goods with slang-like names and forum
chatter (kind other).  These are label 0 but deliberately reuse the shop
vocabulary: "kuryer kerak", salt, crystals, snow, magnets, stamps, "закладка"
in a browser, "клад" of a metal-detector hobbyist, "фен" for hair ...
"""

from __future__ import annotations

from .gen import Ctx, Pool
from .rand import weighted
from .text_ads import _finish

# --------------------------------------------------------------------------
# jobs

JOB_OPEN = Pool(
    en=[
        "{jobplace} is hiring couriers in {city}!",
        "Delivery riders wanted — food and groceries.",
        "Join our warehouse team in {district}.",
        "Part-time job for students: evening deliveries.",
        "Courier needed, official contract.",
        "We are opening a new kitchen in {district} and need people.",
        "Evening shift open at our {food} kitchen in {district}.",
        "Grocery pickers needed before the holidays.",
        "Become a partner courier — your hours, your transport.",
        "Hiring: dispatcher for a delivery service (Russian + Uzbek).",
        "Warehouse in {district} needs loaders for the night shift.",
    ],
    ru=[
        "«{jobplace}» приглашает курьеров в {city}!",
        "Требуются курьеры на доставку еды и продуктов.",
        "Приглашаем на склад в {district}.",
        "Подработка для студентов: вечерняя доставка.",
        "Нужен курьер, официальное трудоустройство.",
        "Открываем новую кухню в {district}, ищем сотрудников.",
        "Вакансия: курьер-пеший / вело / авто.",
        "Срочно! Нужны сборщики заказов.",
        "Открыта вечерняя смена на кухне ({food}) в {district}.",
        "Перед праздниками нужны сборщики продуктов.",
        "Стань курьером-партнёром: свой график, свой транспорт.",
        "Требуется диспетчер в службу доставки (русский + узбекский).",
        "На склад в {district} нужны грузчики в ночную смену.",
    ],
    uz=[
        "«{jobplace}» {city}da kuryerlarni ishga taklif qiladi!",
        "Ovqat va mahsulot yetkazish uchun kuryer kerak.",
        "{district}dagi omborga ishchilar kerak.",
        "Talabalar uchun qo'shimcha ish: kechki yetkazib berish.",
        "Kuryer kerak, rasmiy ishga joylashtirish.",
        "{district}da yangi oshxona ochyapmiz, xodimlar kerak.",
        "Bo'sh ish o'rni: piyoda / velo / avto kuryer.",
        "Shoshilinch! Buyurtma yig'uvchilar kerak.",
        "{district}dagi oshxonamizda kechki smena ochildi.",
        "Bayramlar oldidan mahsulot yig'uvchilar kerak.",
        "Hamkor kuryer bo'ling — o'z grafigingiz, o'z transportingiz.",
        "Yetkazib berish xizmatiga dispetcher kerak (rus va o'zbek tili).",
        "{district}dagi omborga tungi smenaga yuk tashuvchilar kerak.",
    ],
    cy=[
        "Курьер керак! Расмий иш.",
        "Омборга юк ташувчилар керак.",
        "{jobplace} ишга таклиф қилади.",
        "Ошхонага ошпаз ёрдамчиси керак.",
    ],
)

JOB_DETAIL = Pool(
    en=[
        "Salary {uzs:4000-9000} a month plus tips.",
        "Pay per order {uzs:12-25}, paid weekly to your card.",
        "Shifts: 10:00–16:00 or 16:00–22:00.",
        "Thermal bag and uniform provided.",
        "No experience needed, one day of training.",
        "Work near home — we assign the closest zone.",
        "Fuel compensation for car couriers.",
        "Lunch at the company's expense.",
        "Official contract, paid leave, insurance.",
        "Average courier earns {uzs:250-450} a day on weekends.",
        "Payouts every Monday, no delays so far.",
        "Helmet and raincoat provided for bike couriers.",
        "Probation period two weeks, paid in full.",
        "Orders only within your district, no long trips.",
        "Medical check at the company's expense.",
    ],
    ru=[
        "Зарплата {uzs:4000-9000} в месяц плюс чаевые.",
        "Оплата за заказ {uzs:12-25}, выплаты раз в неделю на карту.",
        "Смены: с 10 до 16 или с 16 до 22.",
        "Термосумка и форма выдаются.",
        "Опыт не нужен, обучение один день.",
        "Работа рядом с домом — зону подбираем ближайшую.",
        "Авто-курьерам компенсация бензина.",
        "Обед за счёт компании.",
        "Официальное оформление, отпуск, страховка.",
        "Высокий доход для активных, лучшие получают бонус.",
        "Средний курьер в выходные зарабатывает {uzs:250-450} в день.",
        "Выплаты каждый понедельник, без задержек.",
        "Вело-курьерам выдаём шлем и дождевик.",
        "Испытательный срок две недели, оплачивается полностью.",
        "Заказы только по вашему району, без дальних поездок.",
        "Медосмотр за счёт компании.",
    ],
    uz=[
        "Oylik {uzs:4000-9000} va choychaqa.",
        "Har bir buyurtma uchun {uzs:12-25}, haftada bir marta kartaga.",
        "Smenalar: 10:00–16:00 yoki 16:00–22:00.",
        "Termosumka va forma beriladi.",
        "Tajriba shart emas, bir kunlik o'qitish.",
        "Uyingizga yaqin hududda ishlaysiz.",
        "Avto kuryerlarga benzin puli qoplanadi.",
        "Tushlik kompaniya hisobidan.",
        "Rasmiy shartnoma, ta'til, sug'urta.",
        "Yuqori maosh, faollarga bonus.",
        "Erkin grafik, haftada kamida 3 kun.",
        "O'rtacha kuryer dam olish kunlari kuniga {uzs:250-450} topadi.",
        "To'lov har dushanba, kechikishsiz.",
        "Velo kuryerlarga dubulg'a va yomg'irpo'sh beriladi.",
        "Sinov muddati ikki hafta, to'liq to'lanadi.",
        "Buyurtmalar faqat tumaningiz ichida, uzoq yo'l yo'q.",
        "Tibbiy ko'rik kompaniya hisobidan.",
    ],
    cy=[
        "Ойлик {uzs:4000-9000}.",
        "Тажриба шарт эмас.",
        "Расмий шартнома ва суғурта.",
        "Тушлик бепул.",
    ],
)

JOB_REQ = Pool(
    en=[
        "Requirements: 18+, smartphone, passport.",
        "Own bicycle or scooter is welcome.",
        "Driving licence category B for car couriers.",
        "Polite, punctual, knows the city.",
    ],
    ru=[
        "Требования: 18+, смартфон, паспорт.",
        "Свой велосипед или самокат приветствуется.",
        "Права категории B для авто-курьеров.",
        "Вежливость, пунктуальность, знание города.",
        "Медкнижка обязательна.",
    ],
    uz=[
        "Talablar: 18+, smartfon, pasport.",
        "O'z velosipedi yoki skuteri bo'lsa yaxshi.",
        "Avto kuryerlar uchun B toifali guvohnoma.",
        "Xushmuomala, vaqtga rioya qiladigan, shaharni biladigan.",
        "Tibbiy daftarcha shart.",
    ],
    cy=["Талаблар: 18+, паспорт.", "Шаҳарни яхши билиш керак."],
)

JOB_CONTACT = Pool(
    en=[
        "Call HR: {phone}",
        "Apply at our office in {district}, {day} to Friday.",
        "Send your CV to the HR bot {bot}",
        "Questions: {phone} (Mon–Sat)",
        "Walk-in interviews at {spot}, 10:00–17:00.",
        "Leave your number on {phone} and we call back.",
        "Official site and app: {jobplace} (Careers section).",
    ],
    ru=[
        "Звоните: {phone}",
        "Собеседование в офисе, {district}, с понедельника по пятницу.",
        "Резюме в HR-бот {bot}",
        "Тел. отдела кадров: {phone}",
        "Подробнее по номеру {phone}",
        "Собеседование без записи, ориентир — возле {spot}, с 10 до 17.",
        "Оставьте номер по телефону {phone}, перезвоним.",
        "Официальный сайт и приложение {jobplace}, раздел «Вакансии».",
    ],
    uz=[
        "Qo'ng'iroq qiling: {phone}",
        "Suhbat ofisda, {district}, dushanbadan jumagacha.",
        "Rezyumeni HR botga yuboring: {bot}",
        "Kadrlar bo'limi: {phone}",
        "Batafsil: {phone}",
        "Yozilmasdan suhbat: {spot} yonida, 10:00–17:00.",
        "{phone} raqamiga qo'ng'iroq qiling, qayta bog'lanamiz.",
        "Rasmiy sayt va ilova: {jobplace}, «Vakansiyalar» bo'limi.",
    ],
    cy=["Телефон: {phone}", "Суҳбат офисда, {district}."],
)


def job(ctx: Ctx) -> str:
    reg = weighted(ctx.rng, {"formal": 6, "plain": 2, "emoji": 1})
    lines = [ctx.pick(JOB_OPEN)]
    body = ctx.picks(JOB_DETAIL, ctx.randint(1, 4))
    if ctx.chance(0.6):
        body.append(ctx.pick(JOB_REQ))
    if ctx.chance(0.3):
        bullet = ctx.rng.choice(["✅", "•", "-", "▫️"])
        body = [f"{bullet} {b}" for b in body]
    lines += body
    lines.append(ctx.pick(JOB_CONTACT))
    return _finish(ctx, lines, reg)


def job_title(ctx: Ctx) -> str:
    return ctx.pick(
        Pool(
            en=[
                "Courier (food delivery)",
                "Warehouse worker, {district}",
                "Bike courier — flexible shifts",
                "Order picker",
                "Driver-courier with own car",
                "Kitchen assistant",
                "Loader, night shift",
            ],
            ru=[
                "Курьер (доставка еды)",
                "Кладовщик на склад, {district}",
                "Вело-курьер, гибкий график",
                "Сборщик заказов",
                "Водитель-курьер на личном авто",
                "Помощник повара",
                "Грузчик в ночную смену",
            ],
            uz=[
                "Kuryer (ovqat yetkazish)",
                "Omborchi, {district}",
                "Velo kuryer, erkin grafik",
                "Buyurtma yig'uvchi",
                "O'z mashinasi bilan haydovchi-kuryer",
                "Oshpaz yordamchisi",
                "Yuk tashuvchi, tungi smena",
            ],
            cy=["Курьер керак", "Омборчи", "Ошпаз ёрдамчиси"],
        )
    )


# --------------------------------------------------------------------------
# ordinary goods whose names sound like slang

GOODS_OFFER = Pool(
    en=[
        "Table salt, iodised, 1 kg packs — {uzs:3-6} each, wholesale from 50 bags.",
        "Pink Himalayan salt crystals, coarse grind, {uzs:25-45} per kilo.",
        "Bath salts with lavender and eucalyptus, gift boxes {uzs:40-90}.",
        "Sugar 50 kg sacks, delivery across {city}.",
        "Crystal glassware set, 6 glasses + decanter, {uzs:250-600}.",
        "Snow tyres R15–R17, studded and friction, fitting included.",
        "Fridge magnets with {city} views, {uzs:8-15} a piece.",
        "Neodymium magnets for workshops, various sizes.",
        "Postage stamps for collectors: Soviet and early Uzbek issues.",
        "Pine cones and dried herbs for decor, packed in jars.",
        "Ice cubes for events, 10 kg bags, delivered cold.",
        "Flour, first grade, 25 kg.",
    ],
    ru=[
        "Соль поваренная йодированная, пачки по 1 кг — {uzs:3-6}, опт от 50 мешков.",
        "Гималайская розовая соль, крупные кристаллы, {uzs:25-45} за кг.",
        "Соль для ванн с лавандой и эвкалиптом, подарочные наборы {uzs:40-90}.",
        "Сахар мешками по 50 кг, доставка по {city}.",
        "Хрусталь: набор из 6 бокалов и графина, {uzs:250-600}.",
        "Зимняя резина R15–R17, шипы и липучка, шиномонтаж в подарок.",
        "Магниты на холодильник с видами {city}, {uzs:8-15} за штуку.",
        "Неодимовые магниты для мастерских, разные размеры.",
        "Почтовые марки для коллекционеров: СССР и первые выпуски Узбекистана.",
        "Шишки и сушёные травы для декора, в банках.",
        "Пищевой лёд для мероприятий, мешки по 10 кг.",
        "Мука высшего сорта, 25 кг.",
        "Фен для волос, новый, в коробке.",
        "Колёса R16 на литых дисках, комплект.",
        "Кристаллы для выращивания — детский набор «Юный химик».",
    ],
    uz=[
        "Osh tuzi, yodlangan, 1 kg dan — {uzs:3-6}, optom 50 qopdan.",
        "Himoloy pushti tuzi, yirik kristall, kilosi {uzs:25-45}.",
        "Vanna uchun tuz, lavanda va evkalipt bilan, sovg'a qutisi {uzs:40-90}.",
        "Shakar 50 kg li qoplarda, {city} bo'ylab yetkazib beramiz.",
        "Billur idishlar: 6 ta qadah va grafin, {uzs:250-600}.",
        "Qishki shinalar R15–R17, shipli va shipsiz, o'rnatib beramiz.",
        "Muzlatkich uchun magnitlar, {city} manzaralari, donasi {uzs:8-15}.",
        "Ustaxona uchun neodim magnitlar, har xil o'lchamda.",
        "Kolleksionerlar uchun pochta markalari: sovet va ilk O'zbekiston nashrlari.",
        "Bezak uchun qarag'ay qubbalari va quritilgan o'tlar.",
        "Tadbirlar uchun muz, 10 kg li qoplarda.",
        "Un, oliy nav, 25 kg.",
        "Soch uchun fen, yangi, qutisida.",
        "Kristall o'stirish to'plami bolalar uchun.",
    ],
    cy=[
        "Ош тузи, 1 кг — {uzs:3-6}.",
        "Шакар қопда, етказиб бериш бор.",
        "Қишки шиналар, ўрнатиб берамиз.",
        "Магнитлар ва почта маркалари сотилади.",
        "Биллур идишлар тўплами.",
        "Ун, олий нав, 50 кг.",
    ],
)

GOODS_DETAIL = Pool(
    en=[
        "Delivery in {district} free from {uzs:200-300}.",
        "Pickup from our shop near {spot}.",
        "Cash, card, Click or Payme.",
        "Wholesale prices for cafes and shops.",
        "Call or write: {phone}",
        "Photos on request.",
        "Quality certificate available.",
    ],
    ru=[
        "Доставка по {district} бесплатно от {uzs:200-300}.",
        "Самовывоз из магазина у {spot}.",
        "Наличные, карта, Click, Payme.",
        "Оптовые цены для кафе и магазинов.",
        "Звоните или пишите: {phone}",
        "Фото по запросу.",
        "Есть сертификат качества.",
        "Работаем с [8|9|10]:00 до [19|20|21]:00.",
    ],
    uz=[
        "{district} bo'ylab {uzs:200-300} dan yuqori buyurtmaga yetkazish bepul.",
        "{spot} yonidagi do'kondan olib ketish mumkin.",
        "Naqd, karta, Click, Payme.",
        "Kafe va do'konlar uchun optom narx.",
        "Qo'ng'iroq qiling yoki yozing: {phone}",
        "Rasm so'rasangiz yuboramiz.",
        "Sifat sertifikati bor.",
        "Soat [8|9|10]:00 dan [19|20|21]:00 gacha ishlaymiz.",
    ],
    cy=["Телефон: {phone}", "Етказиб бериш бепул.", "Нақд ва карта."],
)


def goods(ctx: Ctx) -> str:
    reg = weighted(ctx.rng, {"plain": 6, "terse": 2, "emoji": 2, "caps": 1})
    lines = []
    if ctx.chance(0.3):
        lines.append(
            ctx.x(
                ctx.rng.choice(
                    {
                        "en": [
                            "Wholesale & retail {e:ok}",
                            "New delivery arrived!",
                            "Price list for this week:",
                        ],
                        "ru": [
                            "Опт и розница {e:ok}",
                            "Новое поступление!",
                            "Прайс на неделю:",
                            "Завоз {e:fire}",
                            "В наличии:",
                        ],
                        "uz-latn": [
                            "Optom va chakana {e:ok}",
                            "Yangi tovar keldi!",
                            "Haftalik narxlar:",
                            "Mavjud:",
                        ],
                        "uz-cyrl": ["Оптом ва чакана {e:ok}", "Янги товар келди!", "Мавжуд:"],
                    }[ctx.lang]
                )
            )
        )
    lines += ctx.picks(GOODS_OFFER, ctx.randint(1, 3))
    lines += ctx.picks(GOODS_DETAIL, ctx.randint(1, 2))
    return _finish(ctx, lines, reg)


def goods_ad(ctx: Ctx) -> tuple[str, str]:
    """A classified ad for one ordinary item: (title, body); the title names what the body sells."""
    import re

    reg = weighted(ctx.rng, {"formal": 5, "plain": 3, "emoji": 1})
    offer = ctx.pick(GOODS_OFFER)
    head = re.split(r"[,—:(]| - ", offer, maxsplit=1)[0].strip(" .!")
    title = head if len(head) >= 4 else goods_title(ctx)
    lines = [offer]
    if ctx.chance(0.3):
        lines.append(ctx.pick(GOODS_OFFER))
    lines += ctx.picks(GOODS_DETAIL, ctx.randint(1, 3))
    return title[:1].upper() + title[1:], _finish(ctx, lines, reg)


def goods_title(ctx: Ctx) -> str:
    return ctx.pick(
        Pool(
            en=[
                "Salt wholesale",
                "Snow tyres R16",
                "Crystal vase set",
                "Fridge magnets",
                "Stamp collection",
                "{goods} for sale",
                "Sugar 50 kg",
                "Bath salt gift box",
                "Selling {goods}, good condition",
            ],
            ru=[
                "Соль оптом",
                "Зимняя резина R16",
                "Хрустальная ваза",
                "Магниты сувенирные",
                "Коллекция марок",
                "Продаю {goods}",
                "Сахар 50 кг",
                "Соль для ванн — подарок",
                "{goods}, в хорошем состоянии",
                "Фен Philips новый",
                "Колёса на дисках",
            ],
            uz=[
                "Tuz optom",
                "Qishki shina R16",
                "Billur vaza",
                "Suvenir magnitlar",
                "Marka kolleksiyasi",
                "{goods} sotiladi",
                "Shakar 50 kg",
                "Vanna tuzi sovg'aga",
                "{goods}, yaxshi holatda",
            ],
            cy=["Туз оптом", "Қишки шина", "{goods} сотилади"],
        )
    )
