"""Recruitment posts of drug shops (label 1, kind recruitment).

Couriers ("закладчик", "kladmen"), stencil advertisers, packers, drivers,
"chemists". They deliberately look like ordinary job ads, so the everyday job
ads in :mod:`demo.text_everyday` use much of the same vocabulary.
"""

from __future__ import annotations

from .gen import Ctx, Pool
from .rand import weighted
from .text_ads import _finish

REC_OPEN = Pool(
    en=[
        "[Hiring|Now hiring|We're hiring] {e:money}",
        "Looking for reliable people in {city}.",
        "Want to make real money without a boss breathing down your neck?",
        "Job for students and anyone with free evenings.",
        "[Easy|Quick|Honest] money, flexible hours.",
        "Our team is growing — join us.",
        "Work from {city}, paid daily.",
        "Tired of working for pennies? Read on.",
        "Vacancy open this week only.",
        "Need extra cash? We need hands.",
    ],
    ru=[
        "[Требуются|Нужны|Ищем] [курьеры|кладмены|закладчики] {e:money}",
        "Работа в {city}, выплаты каждый день.",
        "Хочешь нормально зарабатывать без начальника над душой?",
        "Подработка для студентов и всех, у кого есть свободные вечера.",
        "[Лёгкий|Быстрый|Стабильный] заработок, свободный график.",
        "Команда расширяется — присоединяйся.",
        "Надоело работать за копейки? Читай дальше.",
        "Открыт набор на эту неделю.",
        "ВАКАНСИЯ {e:fire}",
        "Есть работа для своих.",
        "Ищем людей в {district} и соседние районы.",
        "Работа для тех, кто умеет молчать.",
    ],
    uz=[
        "[Kuryer kerak|Kuryerlar kerak|Ishchi kerak] {e:money}",
        "{city}da ish bor, pul har kuni.",
        "Boshliqsiz yaxshi pul ishlashni xohlaysizmi?",
        "Talabalar va kechqurun bo'sh vaqti borlar uchun ish.",
        "[Oson|Tez|Halol] pul, erkin grafik.",
        "Jamoamiz kengaymoqda — qo'shiling.",
        "Tiyinga ishlashdan charchadingizmi? O'qing.",
        "Shu haftaga ishga qabul ochiq.",
        "ISH BOR {e:fire}",
        "O'zimizning odamlar uchun ish bor.",
        "{district} va qo'shni tumanlarga odam kerak.",
        "Anonim ish, yuqori maosh.",
    ],
    cy=[
        "Курьер керак! Иш ҳақи ҳар куни {e:money}",
        "Тез пул, оддий иш.",
        "Талабалар учун қўшимча даромад.",
        "Ишга таклиф қиламиз, тажриба шарт эмас.",
        "Анонимлик кафолатланади.",
        "Тошкентда ва вилоятларда одам керак.",
    ],
)

REC_ROLE = Pool(
    en=[
        "Positions: drop courier, stencil artist, packer, driver.",
        "We need couriers to place small parcels around {district}.",
        "Stencil job: paint our handle on walls around {district}, paid per photo.",
        "Packers wanted — home-based, scales provided.",
        "Driver with own car for runs between {city} and {city}.",
        "Warehouse keeper for a stash spot, deposit required.",
        "Chemists with lab experience: special conditions, talk to the curator.",
    ],
    ru=[
        "Вакансии: закладчик, трафаретчик, фасовщик, перевозчик.",
        "Нужны курьеры для раскладки по {district}.",
        "Трафаретчик: рисуешь наш ник на стенах в {district}, оплата за фотоотчёт.",
        "Фасовщики на дому, весы выдаём.",
        "Водитель с личным авто на межгород {city} — {city}.",
        "Склад: нужен человек под хранение, залог обязателен.",
        "Химики с опытом — особые условия, пиши куратору.",
        "Минёры на магниты и прикопы, район выбираешь сам.",
        "Ищем кладменов в {city}.",
    ],
    uz=[
        "Bo'sh ish o'rinlari: kuryer, trafaretchi, qadoqlovchi, haydovchi.",
        "{district} bo'ylab kichik paket qo'yadigan kuryerlar kerak.",
        "Trafaret: devorlarga nikimizni chizasiz, har bir rasm uchun pul.",
        "Uyda qadoqlash, tarozi beramiz.",
        "O'z mashinasi bor haydovchi, {city} — {city} yo'nalishi.",
        "Sklad uchun odam kerak, zalog bilan.",
        "Tajribali ximiklar uchun alohida shartlar, kuratorga yozing.",
        "Paket tashiysiz, joy qo'yasiz, rasm yuborasiz — hammasi shu.",
        "Zakladchik kerak, tumanni o'zingiz tanlaysiz.",
    ],
    cy=[
        "Закладчик ва трафаретчи керак.",
        "Пакет ташийсиз, жой қўясиз, расм юборасиз.",
        "Ҳайдовчи керак, ўз машинаси билан.",
        "Уйда қадоқлаш иши бор.",
    ],
)

REC_PAY = Pool(
    en=[
        "Pay: {money:8-20} per drop, paid every evening.",
        "Couriers make {money:600-1500} a week, the best ones more.",
        "Stencils: {money:2-5} per photo.",
        "Salary in USDT or to your card, your choice.",
        "Bonus {money:100-300} after the first two weeks.",
        "Travel costs covered.",
    ],
    ru=[
        "Оплата: от {uzs:100-250} за клад, выплаты каждый вечер.",
        "Курьеры поднимают {money:600-1500} в неделю, лучшие — больше.",
        "Трафарет — {uzs:20-60} за фото.",
        "ЗП в USDT или на карту, как удобно.",
        "Бонус {money:100-300} после двух недель работы.",
        "Проезд оплачиваем.",
        "Доход от {money:1000-3000} в месяц.",
        "Высокий доход, выплаты без задержек.",
    ],
    uz=[
        "Maosh: har bir joy uchun {uzs:100-250}, har kuni kechqurun to'lanadi.",
        "Kuryerlar haftasiga {money:600-1500} topadi, eng zo'rlari ko'proq.",
        "Trafaret — har rasm uchun {uzs:20-60}.",
        "Oylik USDT yoki kartaga, qanday qulay bo'lsa.",
        "Ikki haftadan keyin {money:100-300} bonus.",
        "Yo'l xarajati bizdan.",
        "Oyiga {money:1000-3000} dan daromad.",
        "Yuqori maosh, kechikishsiz.",
    ],
    cy=[
        "Ҳар бир жой учун {uzs:100-250}.",
        "Юқори маош, ҳар куни тўлов.",
        "Ҳафтасига {money:600-1500} гача.",
    ],
)

REC_COND = Pool(
    en=[
        "No experience needed, we train you.",
        "Free schedule, work when you want.",
        "Fully anonymous, we never ask your name.",
        "Deposit {money:100-300} for the first stash, returned later.",
        "Work with a curator who answers day and night.",
        "Start tomorrow if you message today.",
        "No office, everything through Telegram.",
    ],
    ru=[
        "Опыт не нужен, всему научим.",
        "Свободный график, работаешь когда хочешь.",
        "Полная анонимность, имя не спрашиваем.",
        "Залог {money:100-300} за первый вес, потом возвращаем.",
        "Работа с куратором, он на связи круглосуточно.",
        "Напиши сегодня — начнёшь завтра.",
        "Никаких офисов, всё через телегу.",
        "Можно без залога — по документам.",
        "Обучение бесплатное, инструкции в боте.",
    ],
    uz=[
        "Tajriba shart emas, o'rgatamiz.",
        "Erkin grafik, xohlagan vaqtingiz ishlaysiz.",
        "To'liq anonim, ismingizni so'ramaymiz.",
        "Birinchi partiya uchun {money:100-300} zalog, keyin qaytariladi.",
        "Kurator bilan ishlaysiz, u kechayu kunduz aloqada.",
        "Bugun yozsangiz, ertaga boshlaysiz.",
        "Ofis yo'q, hammasi telegram orqali.",
        "Zalogsiz ham mumkin — hujjat bilan.",
        "O'qitish bepul, yo'riqnoma botda.",
    ],
    cy=[
        "Тажриба шарт эмас.",
        "Эркин график.",
        "Залог керак, кейин қайтарилади.",
        "Куратор ҳар доим алоқада.",
    ],
)

REC_REQ = Pool(
    en=[
        "Requirements: 18+, a smartphone, a clean head.",
        "Must have a phone with a good camera.",
        "Own bike or scooter is a plus.",
        "Only people from {city} and around.",
        "Students welcome.",
        "Ready to walk a lot.",
    ],
    ru=[
        "Требования: 18+, смартфон, голова на плечах.",
        "Телефон с нормальной камерой обязательно.",
        "Свой велосипед или самокат — плюс.",
        "Только {city} и пригород.",
        "Студенты приветствуются.",
        "Готовность много ходить пешком.",
        "Возраст от 18 до 35.",
    ],
    uz=[
        "Talablar: 18+, smartfon, aqlli bosh.",
        "Kamerasi yaxshi telefon shart.",
        "O'z velosipedi yoki skuteri bo'lsa yaxshi.",
        "Faqat {city} va atrofidan.",
        "Talabalar ham olinadi.",
        "Ko'p piyoda yurishga tayyor bo'lish.",
        "Yoshi 18 dan 35 gacha.",
    ],
    cy=[
        "Талаб: 18 ёшдан катта, смартфон.",
        "Талабалар ҳам олинади.",
    ],
)

REC_CONTACT = Pool(
    en=[
        "Write to the curator: {handle}",
        "Apply via {bot}",
        "DM {handle}, tell your city.",
        "HR bot: {bot}",
        "Apply here 👉 {handle}",
    ],
    ru=[
        "Пиши куратору: {handle}",
        "Анкета в боте {bot}",
        "Пиши {handle}, укажи город.",
        "HR-бот: {bot}",
        "Подробности в лс 👉 {handle}",
        "Отклик: {bot} (жми старт)",
    ],
    uz=[
        "Kuratorga yozing: {handle}",
        "Anketa botda: {bot}",
        "{handle} ga yozing, shaharingizni ayting.",
        "Batafsil lichkada 👉 {handle}",
        "Ariza: {bot} (startni bosing)",
    ],
    cy=["Кураторга ёзинг: {handle}", "Анкета ботда: {bot}", "Батафсил: {handle}"],
)

REC_CLOSE = Pool(
    en=["Spots are limited.", "Serious people only.", "Don't waste our time if you're not ready.", ""],
    ru=[
        "Места ограничены.",
        "Только серьёзные люди.",
        "Не тратьте наше время, если не готовы.",
        "Успей, пока набор открыт.",
        "",
    ],
    uz=[
        "Joylar cheklangan.",
        "Faqat jiddiy odamlar.",
        "Tayyor bo'lmasangiz vaqtimizni olmang.",
        "Qabul yopilguncha ulguring.",
        "",
    ],
    cy=["Жойлар чекланган.", "Фақат жиддий одамлар."],
)


def recruitment(ctx: Ctx) -> str:
    reg = weighted(ctx.rng, {"plain": 5, "terse": 2, "chatty": 2, "caps": 1, "emoji": 2})
    lines = [ctx.pick(REC_OPEN)]
    middle = [ctx.pick(REC_ROLE), ctx.pick(REC_PAY)]
    extra = [REC_COND, REC_COND, REC_REQ, REC_PAY]
    n = {"terse": 0, "plain": 2, "caps": 1, "emoji": 2, "chatty": 4}[reg]
    ctx.rng.shuffle(extra)
    for pool in extra[:n]:
        middle.append(ctx.pick(pool))
    ctx.rng.shuffle(middle)
    if ctx.chance(0.3) and reg != "terse":
        bullet = ctx.rng.choice(["✅", "•", "-", "▪️", "🔹"])
        middle = [f"{bullet} {m}" for m in middle]
    lines += middle
    lines.append(ctx.pick(REC_CONTACT))
    if ctx.chance(0.4):
        lines.append(ctx.pick(REC_CLOSE))
    if ctx.chance(0.15):
        lines = lines[1:]
    return _finish(ctx, lines, reg)


def recruitment_short(ctx: Ctx) -> str:
    """A one- or two-line recruitment message (forum posts, graffiti-style)."""
    t = ctx.rng.randrange(4)
    if t == 0:
        return ctx.pick(REC_OPEN) + " " + ctx.pick(REC_CONTACT)
    if t == 1:
        return ctx.pick(REC_ROLE) + " " + ctx.pick(REC_PAY)
    if t == 2:
        return ctx.pick(REC_PAY) + " " + ctx.pick(REC_CONTACT)
    return ctx.pick(REC_ROLE) + " " + ctx.pick(REC_COND) + " " + ctx.pick(REC_CONTACT)
