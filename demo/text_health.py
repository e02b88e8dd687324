"""Harm reduction, rehab and helplines (kind harm_reduction) and the licensed
pharmacy (kind pharmacy): label 0 texts that name the same substances as the
shops do.
"""

from __future__ import annotations

from .gen import Ctx, Pool
from .rand import weighted
from .text_ads import _finish

# --------------------------------------------------------------------------
# harm reduction / rehab

HR_OPEN = Pool(
    en=[
        "A reminder for everyone reading this channel:",
        "We get the same question every week, so here is the answer.",
        "If you or someone close is using {anydrug}, read this.",
        "Today's post is about what nobody likes to talk about.",
        'Three things parents should know about online "shops".',
        "Recovery is possible. Here is one story.",
        "Overdose can happen the first time.",
    ],
    ru=[
        "Напоминание для всех, кто читает канал:",
        "Этот вопрос нам задают каждую неделю, отвечаем.",
        "Если вы или ваш близкий употребляете что-то вроде «{anydrug}», прочитайте это.",
        "Сегодня пост о том, о чём не принято говорить.",
        "Родителям: три вещи, которые нужно знать о телеграм-«магазинах».",
        "Выздоровление возможно. Одна история.",
        "Передозировка бывает и с первого раза.",
        "Анонимно. Бесплатно. Без осуждения.",
        "Мы не читаем морали, мы помогаем.",
        "Важная информация о синтетике.",
    ],
    uz=[
        "Kanalni o'qiyotgan hammaga eslatma:",
        "Bu savolni har hafta berishadi, javob beramiz.",
        "Agar siz yoki yaqiningiz {anydrug} ishlatayotgan bo'lsa, buni o'qing.",
        "Bugungi post hech kim gapirishni yoqtirmaydigan mavzuda.",
        "Ota-onalarga: telegramdagi «do'konlar» haqida bilish kerak bo'lgan uch narsa.",
        "Qutulish mumkin. Bitta hikoya.",
        "Dozani oshirib yuborish birinchi marta ham bo'lishi mumkin.",
        "Anonim. Bepul. Ayblovsiz.",
        "Biz nasihat qilmaymiz, yordam beramiz.",
        "Sintetik moddalar haqida muhim ma'lumot.",
    ],
    cy=[
        "Азиз ота-оналар, бу постни албатта ўқинг.",
        "Гиёҳвандликдан қутулиш мумкин.",
        "Ёрдам керакми? Биз шу ердамиз.",
        "Аноним маслаҳат — бепул.",
        "Бугун синтетик моддалар ҳақида гаплашамиз.",
    ],
)

HR_FACT = Pool(
    en=[
        "{anydrug} sold in Telegram shops is often cut with things nobody can name, the dose in one bag is never the same as in the next.",
        "Synthetic cathinones like mephedrone and alpha-PVP cause paranoia and sleeplessness after just a few days of use.",
        'Spice is not "natural weed": the chemicals change from batch to batch and hospitals see seizures every week.',
        "Mixing pregabalin or tramadol with alcohol slows breathing, and that combination kills quietly.",
        "Tropicamide drops are meant for eye exams; injected, they damage veins and the heart.",
        "Heroin tolerance drops fast after a break, which is why relapse overdoses are so common.",
        'What the ad calls "crystal" or "salt" can be any of a dozen synthetic stimulants.',
    ],
    ru=[
        "То, что в телеграм-шопах продают как «{anydrug}», часто бодяжат неизвестно чем, доза в каждом пакете разная.",
        "Синтетические катиноны (меф, альфа-PVP, «соль») уже через несколько дней вызывают паранойю и бессонницу.",
        "Спайс — это не «натуральная трава», химия меняется от партии к партии, в больницы попадают с судорогами.",
        "Лирика или трамадол вместе с алкоголем угнетают дыхание, и это смертельное сочетание.",
        "Тропикамид — капли для глаз, при внутривенном введении он разрушает вены и бьёт по сердцу.",
        "После перерыва толерантность к героину падает, поэтому срывы так часто заканчиваются передозировкой.",
        "То, что в рекламе называют «кристаллами» или «СК», может оказаться любым из десятка веществ.",
        "Мефедрон вызывает сильную тягу уже после нескольких употреблений.",
    ],
    uz=[
        "Telegram do'konlaridagi {anydrug} ko'pincha noma'lum narsalar bilan aralashtiriladi, har bir paketdagi doza har xil.",
        "Mefedron, alfa-PVP kabi sintetik moddalar bir necha kundayoq vahima va uyqusizlikka olib keladi.",
        "Spays — «tabiiy nasha» emas, kimyosi har partiyada o'zgaradi, kasalxonaga tutqanoq bilan tushishadi.",
        "Pregabalin yoki tramadolni spirtli ichimlik bilan qo'shish nafasni to'xtatishi mumkin.",
        "Tropikamid ko'z uchun tomchi; uni tomirga yuborish tomirlar va yurakni buzadi.",
        "Tanaffusdan keyin organizm geroinga ko'nikmagan bo'ladi, shuning uchun qayta boshlaganda o'lim holatlari ko'p.",
        "Reklamadagi «kristal» yoki «tuz» o'nlab sintetik moddalardan biri bo'lishi mumkin.",
        "Giyohvand moddaga qaramlik bir necha marta ishlatgandan keyin paydo bo'ladi.",
    ],
    cy=[
        "Синтетик моддалар мияга жуда тез таъсир қилади.",
        "Спайс табиий ўсимлик эмас, у кимёвий модда.",
        "Прегабалин ва спиртли ичимлик бирга хавфли.",
        "Мефедрон қарамлиги жуда тез пайдо бўлади.",
    ],
)

HR_SIGNS = Pool(
    en=[
        "Signs of an overdose: blue lips, slow or no breathing, no response to your voice.",
        "With stimulants watch for chest pain, overheating and panic.",
        "Call an ambulance (103) and stay with the person; put them on their side.",
        "Naloxone reverses opioid overdose; ask harm reduction programmes where to get it.",
    ],
    ru=[
        "Признаки передозировки: синие губы, редкое дыхание или его отсутствие, человек не реагирует.",
        "При стимуляторах — боль в груди, перегрев, паника.",
        "Вызывайте скорую (103), не оставляйте человека одного, положите его на бок.",
        "Налоксон снимает опиоидную передозировку — спросите о нём в программах снижения вреда.",
    ],
    uz=[
        "Dozani oshirish belgilari: lablar ko'karadi, nafas sekinlashadi yoki to'xtaydi, odam javob bermaydi.",
        "Stimulyatorlarda — ko'krakda og'riq, isib ketish, vahima.",
        "Tez yordam chaqiring (103), odamni yolg'iz qoldirmang, yonboshiga yotqizing.",
        "Nalokson opioid dozasini oshirishda yordam beradi.",
    ],
    cy=[
        "Тез ёрдамни чақиринг: 103.",
        "Одамни ёлғиз қолдирманг, ёнбошига ётқизинг.",
    ],
)

HR_HELP = Pool(
    en=[
        "Anonymous helpline: {phone}, every day from 9 to 21.",
        "The narcology dispensary in {city} accepts people voluntarily and anonymously.",
        "You can write to our consultant {handle} — we never pass data to anyone.",
        "Family support group meets every {day} at {time}.",
        "Rehab in {city}: free consultation, call {phone}.",
    ],
    ru=[
        "Анонимный телефон доверия: {phone}, ежедневно с 9 до 21.",
        "Наркологический диспансер в {city} принимает добровольно и анонимно.",
        "Можно написать консультанту {handle}, данные никуда не передаём.",
        "Группа поддержки для родственников собирается в {day} в {time}.",
        "Реабилитационный центр в {city}: бесплатная консультация, {phone}.",
        "Если страшно звонить — напишите, ответим в течение часа.",
    ],
    uz=[
        "Anonim ishonch telefoni: {phone}, har kuni soat 9 dan 21 gacha.",
        "{city}dagi narkologiya dispanseri ixtiyoriy va anonim qabul qiladi.",
        "Maslahatchimizga yozing: {handle}, ma'lumotlar hech kimga berilmaydi.",
        "Qarindoshlar uchun qo'llab-quvvatlash guruhi har {day} soat {time} da.",
        "{city}dagi reabilitatsiya markazi: bepul konsultatsiya, {phone}.",
        "Qo'ng'iroq qilishga qo'rqsangiz, yozing, bir soat ichida javob beramiz.",
    ],
    cy=[
        "Ишонч телефони: {phone}.",
        "Маслаҳатчига ёзинг: {handle}.",
        "Наркология диспансерига аноним мурожаат қилиш мумкин.",
    ],
)

HR_STORY = Pool(
    en=[
        '"I started with {anydrug} at a party in {district}. Two years later I had lost my job and most friends."',
        '"The shop bot was always polite. The withdrawal was not."',
        '"My brother thought he was just a courier. He got eight years."',
        '"Six months clean now. The first week was the worst, after that it got lighter."',
        '"I deleted every channel and changed my number. It helped more than I expected."',
    ],
    ru=[
        "«Всё началось на вечеринке в {district}: {anydrug}, потом ещё раз, потом каждые выходные. Через два года не осталось ни работы, ни друзей».",
        "«Бот магазина всегда был вежливым. Ломка — нет».",
        "«Брат думал, что он просто курьер. Получил восемь лет».",
        "«Полгода чистый. Первая неделя была самой тяжёлой, дальше легче».",
        "«Удалил все каналы и сменил номер. Помогло больше, чем думал».",
        "«Мама узнала случайно. Сейчас я благодарен, что узнала».",
    ],
    uz=[
        "«{district}dagi bir bazmda {anydrug}dan boshlaganman. Ikki yildan keyin ishim ham, do'stlarim ham qolmadi».",
        "«Do'kon boti doim xushmuomala edi. Abstinensiya esa unday emas».",
        "«Akam o'zini oddiy kuryer deb o'ylagan. Sakkiz yil berishdi».",
        "«Olti oydan beri tozaman. Birinchi hafta eng og'iri edi».",
        "«Hamma kanallarni o'chirdim, raqamimni almashtirdim. Kutganimdan ko'proq yordam berdi».",
        "«Onam tasodifan bilib qoldi. Hozir bunga shukr qilaman».",
    ],
    cy=[
        "«Бир йилдан бери тозаман, оилам ёнимда».",
        "«Курьерлик осон пул деб ўйлагандим, хато қилдим».",
    ],
)

HR_FAMILY = Pool(
    en=[
        "Talk, don't shout: a scared teenager hides more.",
        "Check who your children follow on Telegram, especially channels with maps and prices.",
        '"Courier work" offers with pay per drop are not jobs, they are prison sentences.',
        "Sudden cash, new phones and night walks are worth a calm conversation.",
    ],
    ru=[
        "Разговаривайте, а не кричите: напуганный подросток прячется ещё глубже.",
        "Посмотрите, на какие каналы подписан ребёнок, особенно с картами и прайсами.",
        "«Работа курьером» с оплатой за клад — это не работа, а срок.",
        "Внезапные деньги, новый телефон и ночные прогулки — повод спокойно поговорить.",
        "Не угрожайте полицией, лучше предложите сходить к специалисту вместе.",
    ],
    uz=[
        "Baqirmang, gaplashing: qo'rqqan o'smir yanada yashirinadi.",
        "Farzandingiz telegramda qanday kanallarga obuna ekanini ko'ring, ayniqsa xarita va narxlar bor kanallarga.",
        "Har bir joy uchun pul beriladigan «kuryerlik» — bu ish emas, bu qamoq.",
        "To'satdan paydo bo'lgan pul, yangi telefon va tungi sayrlar — xotirjam gaplashish uchun sabab.",
        "Militsiya bilan qo'rqitmang, mutaxassisga birga borishni taklif qiling.",
    ],
    cy=[
        "Фарзандингиз билан очиқ гаплашинг.",
        "«Курьерлик» таклифларидан эҳтиёт бўлинг.",
    ],
)

HR_CLOSE = Pool(
    en=["Share this with someone who needs it.", "You are not alone.", "Take care of each other.", ""],
    ru=["Поделитесь с тем, кому это нужно.", "Вы не одни.", "Берегите друг друга.", ""],
    uz=["Kerakli odamga ulashing.", "Siz yolg'iz emassiz.", "Bir-biringizni asrang.", ""],
    cy=["Керакли одамга улашинг.", "Сиз ёлғиз эмассиз."],
)


def harm_reduction(ctx: Ctx) -> str:
    reg = weighted(ctx.rng, {"plain": 6, "terse": 2, "chatty": 2})
    lines = []
    if ctx.chance(0.7):
        lines.append(ctx.pick(HR_OPEN))
    kind = weighted(ctx.rng, {"fact": 3, "story": 2, "family": 2, "signs": 1, "quote_ad": 1})
    if kind == "fact":
        lines += ctx.picks(HR_FACT, ctx.randint(1, 3))
    elif kind == "story":
        lines += ctx.picks(HR_STORY, ctx.randint(1, 2))
    elif kind == "family":
        lines += ctx.picks(HR_FAMILY, ctx.randint(1, 3))
    elif kind == "signs":
        lines += ctx.picks(HR_SIGNS, ctx.randint(2, 3))
    else:
        from .text_ads import ad_snippet

        intro = {
            "en": "Ads like this one are everywhere:",
            "ru": "Такая реклама сейчас повсюду:",
            "uz-latn": "Bunday reklamalar hozir hamma joyda:",
            "uz-cyrl": "Бундай рекламалар ҳозир ҳамма жойда:",
        }[ctx.lang]
        lines.append(intro + " «" + ad_snippet(ctx).replace("\n", " ") + "»")
        lines.append(ctx.pick(HR_FACT))
    extra = [HR_FACT, HR_HELP, HR_FAMILY, HR_SIGNS]
    ctx.rng.shuffle(extra)
    n = {"terse": 0, "plain": 1, "chatty": 3}[reg]
    for pool in extra[:n]:
        lines.append(ctx.pick(pool))
    lines.append(ctx.pick(HR_HELP))
    if ctx.chance(0.5):
        lines.append(ctx.pick(HR_CLOSE))
    return _finish(ctx, lines, "formal")


# --------------------------------------------------------------------------
# pharmacy

PH_OPEN = Pool(
    en=[
        "{jobplace} Pharmacy — licensed, open 24/7.",
        "Your neighbourhood pharmacy in {district}.",
        "New arrivals at the pharmacy this week.",
        "Pharmacy notice:",
        "Seasonal flu: what we have in stock.",
        "Open again after renovation, same address in {district}.",
        "Night pharmacy on duty in {district} this week.",
        "Allergy season is here: antihistamines in stock.",
        "A note from our pharmacists about prescriptions:",
        "[Monday|Weekend] update from the pharmacy team.",
    ],
    ru=[
        "Аптека «{jobplace}» — лицензия Минздрава, работаем круглосуточно.",
        "Ваша аптека в {district}.",
        "Новые поступления этой недели.",
        "Объявление для покупателей аптеки:",
        "Сезон простуды: что есть в наличии.",
        "Поступление лекарств по рецептам врача.",
        "Снова открыты после ремонта, адрес тот же — {district}.",
        "Дежурная ночная аптека на этой неделе — {district}.",
        "Сезон аллергии: антигистаминные в наличии.",
        "Памятка от наших фармацевтов о рецептах:",
        "[Новости|Обновление] аптеки на неделю.",
    ],
    uz=[
        "«{jobplace}» dorixonasi — litsenziyali, 24/7 ishlaydi.",
        "{district}dagi dorixonangiz.",
        "Bu haftaning yangi dorilari.",
        "Dorixona xaridorlari uchun e'lon:",
        "Shamollash mavsumi: nimalar bor.",
        "Shifokor retsepti bo'yicha dorilar keldi.",
        "Ta'mirdan keyin yana ochiqmiz, manzil o'sha — {district}.",
        "Bu hafta {district}da navbatchi tungi dorixona.",
        "Allergiya mavsumi: antigistamin dorilar bor.",
        "Farmatsevtlarimizdan retseptlar haqida eslatma:",
        "Dorixonaning haftalik yangiliklari.",
    ],
    cy=[
        "Дорихонамиз кечаю кундуз очиқ.",
        "Янги дорилар келди.",
        "Харидорлар диққатига!",
    ],
)

PH_PRODUCT = Pool(
    en=[
        "{med} — {uzs:15-90}.",
        "In stock: {meds}.",
        "{med} back in stock after a long break.",
        "Discount on {med} until the end of the month.",
        "Vitamins for children and adults, from {uzs:20-60}.",
        "Children's syrups: paracetamol and ibuprofen, {uzs:20-45}.",
        "Thermometers, masks, antiseptic — all in stock.",
        "Eye drops for dryness (no prescription needed), {uzs:25-60}.",
        "Insulin is kept refrigerated and sold with a prescription.",
        "Home delivery of chronic-disease medicines for pensioners is free.",
        "Blood glucose strips, 50 pcs — {uzs:90-160}.",
    ],
    ru=[
        "{med} — {uzs:15-90}.",
        "В наличии: {meds}.",
        "{med} снова в продаже.",
        "Скидка на {med} до конца месяца.",
        "Витамины для детей и взрослых от {uzs:20-60}.",
        "Тест-полоски для глюкометра, тонометры, бинты.",
        "Детские сиропы: парацетамол и ибупрофен, {uzs:20-45}.",
        "Градусники, маски, антисептик — всё в наличии.",
        "Увлажняющие капли для глаз (без рецепта), {uzs:25-60}.",
        "Инсулин хранится в холодильнике и отпускается по рецепту.",
        "Пенсионерам доставка лекарств от хронических болезней бесплатно.",
        "Тест-полоски, 50 шт — {uzs:90-160}.",
    ],
    uz=[
        "{med} — {uzs:15-90}.",
        "Mavjud: {meds}.",
        "{med} yana sotuvda.",
        "Oy oxirigacha {med}ga chegirma.",
        "Bolalar va kattalar uchun vitaminlar {uzs:20-60} dan.",
        "Glyukometr uchun test-poloskalar, tonometrlar, bintlar.",
        "Bolalar siroplari: paratsetamol va ibuprofen, {uzs:20-45}.",
        "Termometr, niqob, antiseptik — hammasi bor.",
        "Ko'z quruqligi uchun tomchi (retseptsiz), {uzs:25-60}.",
        "Insulin muzlatkichda saqlanadi va retsept bilan beriladi.",
        "Nafaqaxo'rlarga surunkali kasallik dorilarini yetkazish bepul.",
        "Test-poloskalar, 50 dona — {uzs:90-160}.",
    ],
    cy=[
        "Мавжуд: {meds}.",
        "{med} — {uzs:15-90}.",
    ],
)

PH_RX = Pool(
    en=[
        "Tramadol and pregabalin are sold strictly by prescription with a stamp, and we record every sale as the law requires.",
        "Please do not ask for pregabalin (Lyrica) without a prescription — we will refuse.",
        "Tropicamide eye drops are dispensed only with an ophthalmologist's prescription.",
        "Potent medicines are kept in a locked cabinet and sold only against a prescription and ID.",
        "We report attempts to buy controlled medicines with forged prescriptions.",
        "Pregabalin without a prescription? No. Please don't argue with our staff.",
        "Controlled medicines: prescription form, doctor's stamp, your passport — all three.",
        "We never sell tramadol online or through Telegram; anyone who says otherwise is not us.",
        "Prescriptions are checked against the electronic register before we dispense.",
    ],
    ru=[
        "Трамадол и прегабалин отпускаются строго по рецепту с печатью, каждая продажа регистрируется.",
        "Просим не спрашивать лирику без рецепта — откажем.",
        "Тропикамид отпускается только по рецепту офтальмолога.",
        "Сильнодействующие препараты хранятся в сейфе и отпускаются по рецепту и паспорту.",
        "О попытках купить препараты по поддельному рецепту сообщаем куда следует.",
        "Продажа сильнодействующих средств без рецепта — нарушение закона (ст. 251-1 УК).",
        "Прегабалин без рецепта? Нет. Пожалуйста, не спорьте с сотрудниками.",
        "Контролируемые препараты: рецептурный бланк, печать врача и паспорт — всё три.",
        "Мы не продаём трамадол через интернет и Telegram, кто предлагает от нашего имени — мошенники.",
        "Рецепты сверяются с электронным реестром перед отпуском.",
    ],
    uz=[
        "Tramadol va pregabalin faqat muhrli retsept bilan beriladi, har bir sotuv qayd etiladi.",
        "Iltimos, lirikani retseptsiz so'ramang — bermaymiz.",
        "Tropikamid faqat oftalmolog retsepti bilan beriladi.",
        "Kuchli ta'sir qiluvchi dorilar seyfda saqlanadi, retsept va pasport bilan beriladi.",
        "Soxta retsept bilan dori olishga urinishlar haqida tegishli joyga xabar beramiz.",
        "Kuchli ta'sir qiluvchi moddalarni retseptsiz sotish qonunga zid.",
        "Retseptsiz berilmaydi!",
        "Retseptsiz pregabalin? Yo'q. Iltimos, xodimlar bilan tortishmang.",
        "Nazoratdagi dorilar: retsept blanki, shifokor muhri va pasport — uchchalasi ham.",
        "Tramadolni internet yoki telegram orqali sotmaymiz, bizning nomimizdan taklif qilganlar firibgar.",
        "Retseptlar berishdan oldin elektron reyestr bilan tekshiriladi.",
    ],
    cy=[
        "Трамадол фақат рецепт билан берилади.",
        "Прегабалин рецептсиз сотилмайди.",
        "Кучли таъсир қилувчи дорилар фақат рецепт билан.",
    ],
)

PH_SERVICE = Pool(
    en=[
        "Delivery across {city} by our own courier, {uzs:10-20}.",
        "Open {time}–23:00 daily, night window after that.",
        "Licence No. {n:1000-9999}, Ministry of Health.",
        "Call {phone} to check availability.",
        "Pharmacist consultation is free.",
        "Pay by card, Click or Payme at the counter.",
        "Order by phone and pick up in 15 minutes.",
        "Parking behind the building near {spot}.",
        "Free blood pressure check every morning.",
    ],
    ru=[
        "Доставка по {city} нашим курьером — {uzs:10-20}.",
        "Работаем ежедневно, ночью — через окошко.",
        "Лицензия № {n:1000-9999} Минздрава.",
        "Наличие уточняйте по телефону {phone}.",
        "Консультация провизора бесплатно.",
        "Адрес: {district}, возле {spot}.",
        "Оплата картой, Click или Payme на кассе.",
        "Закажите по телефону и заберите через 15 минут.",
        "Парковка за зданием, ориентир — возле {spot}.",
        "Бесплатное измерение давления каждое утро.",
    ],
    uz=[
        "{city} bo'ylab o'z kuryerimiz orqali yetkazish — {uzs:10-20}.",
        "Har kuni ishlaymiz, kechasi — darchadan.",
        "Sog'liqni saqlash vazirligi litsenziyasi № {n:1000-9999}.",
        "Borligini {phone} raqami orqali aniqlang.",
        "Farmatsevt maslahati bepul.",
        "Manzil: {district}, {spot} yonida.",
        "Kassada karta, Click yoki Payme orqali to'lov.",
        "Telefonda buyurtma qiling, 15 daqiqada olib keting.",
        "Bino orqasida avtoturargoh, {spot} yaqinida.",
        "Har kuni ertalab bepul qon bosimini o'lchash.",
    ],
    cy=[
        "Манзил: {district}, {spot} ёнида.",
        "Телефон: {phone}.",
        "Етказиб бериш бор.",
    ],
)


def pharmacy(ctx: Ctx) -> str:
    lines = [ctx.pick(PH_OPEN)]
    body = ctx.picks(PH_PRODUCT, ctx.randint(1, 2))
    if ctx.chance(0.7):
        body.append(ctx.pick(PH_RX))
    ctx.rng.shuffle(body)
    lines += body
    lines += ctx.picks(PH_SERVICE, ctx.randint(1, 2))
    return _finish(ctx, lines, "formal")
