"""News about enforcement (kind news, label 0): seizures, arrests, courts,
programmes.  Past tense and passive legal wording, sometimes quoting shop ads
verbatim, which is what makes them hard negatives.
"""

from __future__ import annotations

from .gen import Ctx, Pool
from .rand import weighted
from .text_ads import ad_snippet

NEWS_TYPES = {
    "seizure": 4,
    "courier": 3,
    "shop": 3,
    "court": 3,
    "customs": 2,
    "programme": 2,
    "pharmacy": 1,
    "campaign": 2,
    "graffiti": 1,
}

HEADLINE = {
    "seizure": Pool(
        en=[
            "Police seize {kg} of {anydrug} in {district}",
            "{kg} of drugs found in a rented flat in {city}",
            "Stash of {anydrug} uncovered near {spot}",
            "Anti-drug raid in {city}: {kg} confiscated",
        ],
        ru=[
            "В {district} изъято {kg} запрещённых веществ",
            "В съёмной квартире в {city} нашли {kg} наркотиков",
            "У {spot} обнаружили тайник, внутри — {anydrug}",
            "Рейд в {city}: изъято {kg} запрещённых веществ",
        ],
        uz=[
            "{district}da {kg} {anydrug} musodara qilindi",
            "{city}dagi ijara kvartirada {kg} giyohvand modda topildi",
            "{spot} yaqinida {anydrug} yashirilgan joy aniqlandi",
            "{city}da reyd: {kg} taqiqlangan modda olib qo'yildi",
        ],
        cy=["{district}да {kg} гиёҳванд модда топилди", "{city}да {kg} наркотик мусодара қилинди"],
    ),
    "courier": Pool(
        en=[
            "Drop courier detained in {district} with {n:10-60} packets",
            "Student arrested while planting stashes in {city}",
            "Two couriers of an online shop caught in {district}",
        ],
        ru=[
            "В {district} задержан закладчик с {n:10-60} свёртками",
            "Студента задержали при раскладке закладок в {city}",
            "В {district} задержаны двое курьеров интернет-магазина",
        ],
        uz=[
            "{district}da {n:10-60} ta o'ram bilan narkokuryer ushlandi",
            "{city}da zakladka qo'yayotgan talaba qo'lga olindi",
            "{district}da onlayn do'konning ikki kuryeri ushlandi",
        ],
        cy=["{district}да наркокурьер ушланди", "{city}да закладка қўяётган ёш йигит қўлга олинди"],
    ),
    "shop": Pool(
        en=[
            "Network of {n:12-40} Telegram drug bots shut down",
            "Admins of an online narco-shop detained in {city}",
            "Investigators trace {money:200000-700000} in crypto to a Telegram shop",
        ],
        ru=[
            "Ликвидирована сеть из {n:12-40} телеграм-ботов по продаже наркотиков",
            "В {city} задержаны администраторы наркомагазина",
            "Следствие выявило {money:200000-700000} в криптовалюте у телеграм-шопа",
        ],
        uz=[
            "Giyohvand modda sotgan {n:12-40} ta telegram-bot tarmog'i fosh etildi",
            "{city}da narkodo'kon administratorlari qo'lga olindi",
            "Tergov telegram-do'kondagi {money:200000-700000} kriptovalyutani aniqladi",
        ],
        cy=["{n:12-40} та телеграм-бот тармоғи фош этилди", "Наркодўкон администраторлари ушланди"],
    ),
    "court": Pool(
        en=[
            "Court sentences courier to {years} years under Article {art}",
            "{city} court hands down verdict in online drug case",
            "Shop operator gets {years} years in prison",
        ],
        ru=[
            "Суд приговорил закладчика к {years} годам по статье {art}",
            "Суд {city} вынес приговор по делу о наркомагазине",
            "Оператор телеграм-шопа получил {years} лет",
        ],
        uz=[
            "Sud narkokuryerga {art}-modda bilan {years} yil ozodlikdan mahrum qilish jazosini tayinladi",
            "{city} sudi onlayn narko-savdo ishi bo'yicha hukm chiqardi",
            "Do'kon operatoriga {years} yil berildi",
        ],
        cy=["Суд курьерга {years} йил жазо тайинлади", "{art}-модда бўйича ҳукм чиқарилди"],
    ),
    "customs": Pool(
        en=[
            "Customs stop {kg} of hashish at the Tajik border",
            "Parcel with {anydrug} intercepted at Tashkent airport",
        ],
        ru=[
            "Таможенники задержали {kg} гашиша на границе с Таджикистаном",
            "В аэропорту Ташкента перехвачена посылка: внутри был {anydrug}",
        ],
        uz=[
            "Bojxonachilar Tojikiston chegarasida {kg} gashishni ushladi",
            "Toshkent aeroportida {anydrug} solingan posilka ushlandi",
        ],
        cy=["Божхона чегарада {kg} наркотикни ушлади", "Аэропортда посилка ушланди"],
    ),
    "programme": Pool(
        en=[
            "UNODC launches new programme on synthetic drugs in Central Asia",
            "Uzbekistan and UNODC train {n:40-200} investigators in online drug cases",
            "New prevention project for schools starts in {region}",
        ],
        ru=[
            "УНП ООН запускает новую программу по синтетическим наркотикам в Центральной Азии",
            "{n:40-200} следователей прошли обучение по делам о наркотиках в интернете",
            "В {region} стартует профилактический проект для школ",
        ],
        uz=[
            "BMT Narkotiklar va jinoyatchilik boshqarmasi Markaziy Osiyoda yangi dastur boshladi",
            "{n:40-200} nafar tergovchi onlayn giyohvandlik ishlari bo'yicha o'qitildi",
            "{region}da maktablar uchun profilaktika loyihasi boshlandi",
        ],
        cy=["UNODC янги дастур бошлади", "Терговчилар учун семинар ўтказилди"],
    ),
    "pharmacy": Pool(
        en=[
            "Pharmacy fined for selling pregabalin without prescription",
            "Illegal sale of tramadol uncovered in {city}",
        ],
        ru=[
            "Аптеку оштрафовали за продажу прегабалина без рецепта",
            "В {city} выявлена незаконная продажа трамадола",
        ],
        uz=[
            "Dorixona pregabalinni retseptsiz sotgani uchun jarimaga tortildi",
            "{city}da tramadolni noqonuniy sotish holati aniqlandi",
        ],
        cy=["Дорихона жаримага тортилди", "Трамадол ноқонуний сотилган"],
    ),
    "campaign": Pool(
        en=[
            '"Don\'t become a courier": campaign reaches {n:50-300} schools',
            "Parents warned about drug ads disguised as job offers",
        ],
        ru=[
            "«Не становись закладчиком»: акция прошла в {n:50-300} школах",
            "Родителей предупредили о рекламе наркотиков под видом вакансий",
        ],
        uz=[
            "«Kuryer bo'lma»: aksiya {n:50-300} ta maktabda o'tkazildi",
            "Ota-onalar ish e'lonlari niqobidagi narko-reklamadan ogohlantirildi",
        ],
        cy=["«Курьер бўлма» акцияси ўтказилди", "Ота-оналар огоҳлантирилди"],
    ),
    "graffiti": Pool(
        en=[
            "Volunteers paint over {n:100-900} drug-shop stencils in {city}",
            "Stencil ads with shop handles removed in {district}",
        ],
        ru=[
            "Волонтёры закрасили {n:100-900} трафаретов наркошопов в {city}",
            "В {district} удалили надписи с рекламой наркотиков",
        ],
        uz=[
            "Ko'ngillilar {city}da {n:100-900} ta narko-reklama yozuvini bo'yab tashladi",
            "{district}da devorlardagi reklama yozuvlari o'chirildi",
        ],
        cy=["Деворлардаги реклама ёзувлари ўчирилди", "Кўнгиллилар трафаретларни бўяб ташлади"],
    ),
}

LEAD = Pool(
    en=[
        "Officers of {agency} detained a {n:19-34}-year-old resident of {city} on {date}.",
        "According to {agency}, the operation took place in {district} late on {day}.",
        "The suspects were detained during a planned operation, the press service of {agency} reported.",
        "On {date}, {agency} reported the results of a week-long operation in {region}.",
        "A joint team of {agency} and {agency} carried out searches at {n:3-9} addresses.",
        "{agency} said the group had operated since last year.",
    ],
    ru=[
        "Сотрудники {agency} {date} задержали {n:19-34}-летнего жителя {city}.",
        "Как сообщили в {agency}, операция прошла в {district} поздно вечером в {day}.",
        "Подозреваемые задержаны в ходе плановых мероприятий, сообщает пресс-служба.",
        "{date} в {agency} подвели итоги недельной операции, регион — {region}.",
        "Совместная группа провела обыски по {n:3-9} адресам.",
        "По данным ведомства, группа действовала с прошлого года.",
        "Информацию подтвердили в {agency}.",
    ],
    uz=[
        "{agency} xodimlari {date} kuni {city}da yashovchi {n:19-34} yoshli fuqaroni ushladi.",
        "{agency} ma'lumotiga ko'ra, tadbir {district}da {day} kuni kechqurun o'tkazilgan.",
        "Gumonlanuvchilar rejali tadbir davomida qo'lga olindi, deya xabar berdi matbuot xizmati.",
        "{date} kuni {agency} {region}dagi bir haftalik tadbir natijalarini e'lon qildi.",
        "Qo'shma guruh {n:3-9} ta manzilda tintuv o'tkazdi.",
        "Idora ma'lumotiga ko'ra, guruh o'tgan yildan beri faoliyat yuritgan.",
    ],
    cy=[
        "{agency} ходимлари {date} куни {city}да яшовчи фуқарони ушлади.",
        "Гумонланувчилар режали тадбир давомида қўлга олинди.",
        "Тадбир {district}да ўтказилди.",
    ],
)

DETAIL = Pool(
    en=[
        "During the search officers found {kg} of {anydrug}, electronic scales and packaging material.",
        "The detainee told investigators he received addresses from a curator through Telegram and was paid per drop.",
        "Payments went through USDT wallets and bank cards registered to other people.",
        "The shop had around {n:900-20000} subscribers and used {n:5-40} bots, some registered with foreign numbers.",
        "Investigators say the substances came from Tajikistan and were repacked locally.",
        "Stashes were hidden in {district} and {district}, mostly under magnets and in flower beds.",
        "Phones seized from the suspects contained hundreds of photos of hiding places.",
        "An expert examination confirmed the powder was mephedrone, a synthetic cathinone.",
        "Experts say mephedrone and alpha-PVP now make up most of the synthetic drugs seized.",
        "The operator of the shop is believed to be abroad and has been put on a wanted list.",
    ],
    ru=[
        "В ходе обыска изъято {kg} вещества (предварительно — {anydrug}), электронные весы и упаковочный материал.",
        "Задержанный пояснил, что получал адреса от куратора в Telegram и оплату за каждый клад.",
        "Расчёты велись через USDT-кошельки и банковские карты, оформленные на третьих лиц.",
        "У магазина было около {n:900-20000} подписчиков и {n:5-40} ботов, часть зарегистрирована на иностранные номера.",
        "По версии следствия, вещества поступали из Таджикистана и фасовались на месте.",
        "Тайники оборудовались в {district} и {district}, в основном на магнитах и в клумбах.",
        "В изъятых телефонах обнаружены сотни фотографий тайников.",
        "Экспертиза показала, что изъятый порошок — мефедрон, синтетический катинон.",
        "По данным экспертов, мефедрон и альфа-PVP составляют большую часть изъятой синтетики.",
        "Оператор магазина, предположительно, находится за рубежом и объявлен в розыск.",
        "Возбуждено уголовное дело по статье {art} УК.",
    ],
    uz=[
        "Tintuv davomida {kg} {anydrug}, elektron tarozi va qadoqlash materiallari topildi.",
        "Ushlangan shaxs manzillarni telegramdagi kuratordan olgani va har bir joy uchun pul olganini aytdi.",
        "Hisob-kitoblar USDT hamyonlari va boshqa shaxslar nomidagi bank kartalari orqali qilingan.",
        "Do'konning {n:900-20000} ga yaqin obunachisi va {n:5-40} ta boti bo'lgan, ayrimlari xorijiy raqamlarga ro'yxatdan o'tgan.",
        "Tergov ma'lumotiga ko'ra, moddalar Tojikistondan olib kelinib, shu yerda qadoqlangan.",
        "Yashirin joylar {district} va {district}da, asosan magnit bilan va gulzorlarda tashkil etilgan.",
        "Olib qo'yilgan telefonlarda yuzlab yashirin joy rasmlari topildi.",
        "Ekspertiza kukun mefedron, ya'ni sintetik katinon ekanini tasdiqladi.",
        "Mutaxassislarga ko'ra, olib qo'yilgan sintetik moddalarning aksariyati mefedron va alfa-PVP.",
        "Do'kon operatori xorijda ekani taxmin qilinmoqda, u qidiruvga berildi.",
        "Jinoyat kodeksining {art}-moddasi bilan jinoyat ishi qo'zg'atildi.",
    ],
    cy=[
        "Тинтув давомида {kg} гиёҳванд модда топилди.",
        "Жиноят кодексининг {art}-моддаси билан жиноят иши қўзғатилди.",
        "Ҳисоб-китоблар криптовалютада қилинган.",
        "Терговга кўра, гуруҳ бир йилдан бери фаолият юритган.",
    ],
)

COURT = Pool(
    en=[
        "The {city} city court found the defendant guilty under Article {art} and sentenced him to {years} years.",
        "The prosecutor asked for {years} years; the court agreed.",
        "The defence argued he had not known what was in the packages.",
        "Two accomplices received suspended sentences.",
    ],
    ru=[
        "Суд {city} признал подсудимого виновным по статье {art} УК и назначил {years} лет лишения свободы.",
        "Прокурор просил {years} лет, суд согласился.",
        "Защита настаивала, что подсудимый не знал о содержимом свёртков.",
        "Двое соучастников получили условные сроки.",
    ],
    uz=[
        "{city} shahar sudi sudlanuvchini {art}-modda bilan aybdor deb topib, {years} yilga ozodlikdan mahrum qildi.",
        "Prokuror {years} yil so'radi, sud rozi bo'ldi.",
        "Himoyachi sudlanuvchi o'ramlar ichida nima borligini bilmaganini ta'kidladi.",
        "Ikki sherigiga shartli jazo tayinlandi.",
    ],
    cy=["Суд {years} йил жазо тайинлади.", "Прокурор {years} йил сўради."],
)

QUOTE = Pool(
    en=[
        '"Young people think it\'s just a job. It is trafficking, and the sentences are real," an investigator said.',
        '"We see new shops opening every week, but we also find the people behind them," {agency} said.',
        '"Most couriers are students recruited through ads promising easy money," a spokesperson said.',
        '"Parents should look at what their children read on Telegram," said {person}, a prevention specialist.',
    ],
    ru=[
        "«Молодёжь думает, что это просто работа. Это сбыт, и сроки реальные», — отметил следователь.",
        "«Новые магазины открываются каждую неделю, но мы находим и тех, кто за ними стоит», — заявили в ведомстве.",
        "«Большинство закладчиков — студенты, которых завлекли рекламой лёгкого заработка», — сказал представитель МВД.",
        "«Родителям стоит обращать внимание на то, что дети читают в Telegram», — считает специалист по профилактике {person}.",
    ],
    uz=[
        "«Yoshlar buni oddiy ish deb o'ylaydi. Bu giyohvand modda savdosi, jazosi esa haqiqiy», — dedi tergovchi.",
        "«Har hafta yangi do'konlar ochiladi, lekin ularning ortidagilarni ham topamiz», — deyiladi xabarda.",
        "«Kuryerlarning aksariyati oson pul va'da qilgan e'lonlar orqali jalb qilingan talabalardir», — dedi vakil.",
        "«Ota-onalar farzandlari telegramda nimani o'qiyotganiga e'tibor berishi kerak», — deydi profilaktika mutaxassisi {person}.",
    ],
    cy=[
        "«Бу оддий иш эмас, бу жиноят», — деди терговчи.",
        "«Ота-оналар ҳушёр бўлиши керак», — деди мутахассис {person}.",
    ],
)

AD_INTRO = Pool(
    en=[
        "The shop's channel advertised its goods openly:",
        "One of the posts read:",
        "Ads found on the suspect's phone said:",
        "A typical message in the channel:",
    ],
    ru=[
        "В канале магазина товар рекламировали открыто:",
        "Один из постов гласил:",
        "В телефоне задержанного нашли такие объявления:",
        "Типичное сообщение в канале:",
    ],
    uz=[
        "Do'kon kanalida tovar ochiq reklama qilingan:",
        "Postlardan birida shunday deyilgan:",
        "Ushlangan shaxs telefonida quyidagi e'lonlar topilgan:",
        "Kanaldagi odatiy xabar:",
    ],
    cy=["Каналдаги хабарлардан бири:", "Реклама шундай ёзилган:"],
)

PROGRAMME = Pool(
    en=[
        "The programme, funded by UNODC and partners, will run for {n:2-4} years and covers forensic labs, training and prevention.",
        "Participants studied how shops use bots, crypto wallets and dead drops, and how to preserve digital evidence.",
        "Schools in {region} will receive lessons on online recruitment and the risks of synthetic drugs.",
        "The National Centre for Drug Control said the number of cases involving synthetic substances had grown sharply.",
    ],
    ru=[
        "Программа, которую финансируют УНП ООН и партнёры, рассчитана на {n:2-4} года и включает лаборатории, обучение и профилактику.",
        "Участники изучили, как магазины используют ботов, криптокошельки и закладки, и как сохранять цифровые доказательства.",
        "В школах региона ({region}) пройдут уроки о вербовке в интернете и вреде синтетики.",
        "В Национальном центре по контролю за наркотиками отметили резкий рост дел, связанных с синтетическими веществами.",
    ],
    uz=[
        "UNODC va hamkorlar moliyalashtirgan dastur {n:2-4} yilga mo'ljallangan, laboratoriyalar, o'qitish va profilaktikani o'z ichiga oladi.",
        "Ishtirokchilar do'konlar botlar, kripto hamyonlar va zakladkalardan qanday foydalanishini o'rgandi.",
        "{region} maktablarida internet orqali jalb qilish va sintetik moddalar xavfi haqida darslar o'tiladi.",
        "Giyohvandlikka qarshi kurash milliy markazi sintetik moddalar bilan bog'liq ishlar keskin ko'payganini ma'lum qildi.",
    ],
    cy=["Дастур {n:2-4} йилга мўлжалланган.", "Мактабларда профилактика дарслари ўтказилади."],
)

CLOSING = Pool(
    en=[
        "Anyone with information about drug sales can call the {agency} hotline; calls are anonymous.",
        "Under Article {art} the offence is punishable by up to {years} years in prison.",
        "The investigation continues.",
        "A criminal case has been opened.",
        "Earlier, the ministry reported blocking more than {n:100-900} channels.",
    ],
    ru=[
        "Сообщить о фактах сбыта наркотиков можно анонимно по телефону доверия.",
        "По статье {art} за это предусмотрено до {years} лет лишения свободы.",
        "Следствие продолжается.",
        "Возбуждено уголовное дело.",
        "Ранее в ведомстве сообщили о блокировке более {n:100-900} каналов.",
    ],
    uz=[
        "Giyohvand modda savdosi haqida ishonch telefoni orqali anonim xabar berish mumkin.",
        "{art}-moddaga ko'ra bu jinoyat uchun {years} yilgacha ozodlikdan mahrum qilish nazarda tutilgan.",
        "Tergov davom etmoqda.",
        "Jinoyat ishi qo'zg'atildi.",
        "Avvalroq vazirlik {n:100-900} dan ortiq kanal bloklanganini xabar qilgan edi.",
    ],
    cy=["Тергов давом этмоқда.", "Жиноят иши қўзғатилди.", "Ишонч телефони орқали хабар бериш мумкин."],
)


def _quote_ad(ctx: Ctx) -> str:
    saved = ctx.obf
    ctx.obf = 0.3
    snippet = ad_snippet(ctx).replace("\n", " ")
    ctx.obf = saved
    q = ctx.rng.choice(["«{}»", '"{}"', "“{}”"]) if ctx.lang != "en" else ctx.rng.choice(['"{}"', "“{}”"])
    return ctx.pick(AD_INTRO) + " " + q.format(snippet)


def article(ctx: Ctx) -> dict:
    """A news article: {'headline', 'paragraphs', 'type'}."""
    t = weighted(ctx.rng, NEWS_TYPES)
    headline = ctx.pick(HEADLINE[t])
    headline = headline[:1].upper() + headline[1:]
    paras = [ctx.pick(LEAD)]
    body = []
    if t == "programme":
        body += ctx.picks(PROGRAMME, ctx.randint(1, 3))
    elif t == "court":
        body += ctx.picks(COURT, ctx.randint(1, 3))
        body += ctx.picks(DETAIL, ctx.randint(0, 2))
    else:
        body += ctx.picks(DETAIL, ctx.randint(1, 4))
    if t in ("shop", "courier", "seizure", "campaign", "graffiti") and ctx.chance(0.55):
        body.append(_quote_ad(ctx))
    if ctx.chance(0.6):
        body.append(ctx.pick(QUOTE))
    ctx.rng.shuffle(body)
    # group sentences into paragraphs of 1-3
    while body:
        k = ctx.randint(1, 3)
        paras.append(" ".join(body[:k]))
        body = body[k:]
    if ctx.chance(0.7):
        paras.append(ctx.pick(CLOSING))
    return {"headline": headline, "paragraphs": paras, "type": t}


def news_post(ctx: Ctx) -> str:
    """A Telegram news-channel post: headline plus one or two sentences."""
    a = article(ctx)
    lines = [a["headline"] if ctx.chance(0.5) else "⚡️ " + a["headline"]]
    k = ctx.randint(1, 2)
    lines += a["paragraphs"][:k]
    if ctx.chance(0.3):
        lines.append(ctx.rng.choice(["#news", "#yangiliklar", "#новости", "#jinoyat", "#происшествия"]))
    return "\n\n".join(lines)


KNOWN_NEWS = {
    "headline": "Police seize 4.6 kg of mephedrone in Tashkent's Yunusabad district",
    "paragraphs": [
        (
            "Officers of the Interior Ministry's anti-drug unit detained two men in Yunusabad district of Tashkent "
            "on 14 March and seized 4.6 kilograms of mephedrone, the ministry's press service reported."
        ),
        (
            "According to investigators, the men ran dead drops for a Telegram shop and kept the powder in a rented "
            "garage near Kukcha, already split into hundreds of small packets with magnets attached."
        ),
        (
            "The shop's channel had advertised \"❄️ meph VHQ, drops in Yunusabad, Chilanzar and Sergeli, order in the "
            'bot" to several thousand subscribers. Its bots were registered with foreign phone numbers.'
        ),
        (
            "A criminal case has been opened under Article 273 of the Criminal Code. The investigation continues, "
            "and the shop's remote operator has been put on the wanted list."
        ),
    ],
    "type": "seizure",
}
