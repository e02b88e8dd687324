"""Whole hand-written documents (longer texts), each its own authoring unit (group).

Each entry is (language, kind, template). Templates use the same slot syntax as the fragment pools, so every
document is rendered a few times with different names, places, prices and identifiers. "uz" documents are
written in Latin and rendered in Latin or Cyrillic; "uzc" documents are written in Cyrillic.
"""

from __future__ import annotations

import seed_engine as E
from seed_slots import SLOTS, STICKY

DOCS = [
    # ------------------------------------------------------------------------------------------ English
    (
        "en",
        "sale_ad",
        """{shop} — {city}

Hey everyone, quick update from the team. We moved to a new bot after the old one got reported, so if you still have the old link, delete it. Everything works the same: pick your district, pick the item, pay, and the pin with two photos comes straight to your chat.

This week we restocked {prod} and {prod}, both tested. Drops are in {district}, {district} and around {district}. Magnets and buried only, no meetups, please don't ask.

Payment by card or USDT (TRC20). Bot: {bot}. If something goes wrong, write to {handle} with a video from the spot and we sort it out within the hour.""",
    ),
    (
        "en",
        "shop_menu",
        """=== {shop} MENU ({date}) ===
{item}
{item}
{item}
{item}
{item}
— weights checked on 0.001 scales
— prices are per ready drop, {city} only
— districts today: {districts}
Buy in the bot {bot}, questions {handle}. Reviews: {tme}""",
    ),
    (
        "en",
        "market_listing",
        """Listing #{order} · {prod} · {qty}
Vendor {shop} (level {n}, {big} sales, {rating}★)
Ships from: Uzbekistan · Ships to: Uzbekistan, Kazakhstan, Kyrgyzstan
Escrow: yes · Finalize early: no

Description: same batch we have been running for months. Vacuum sealed twice, inside a normal-looking parcel, no names on the label. Local buyers in {city} can choose a dead drop instead of post — magnet or buried, your choice at checkout.

Refund policy: reship once for lost parcels with tracking proof. No refunds for wrong addresses. PGP key on the profile page; encrypt your address or the order will be cancelled.""",
    ),
    (
        "en",
        "dead_drop",
        """Order #{order} — paid ✅

{city}, {district}. Walk past the school towards the garages. Third garage from the left, there is a metal pipe sticking out of the ground next to it. Black magnet on the inside of the pipe, about a hand deep.

Coordinates: {coords}
Photos: {photo_url} (general view), {photo_url} (close up, red arrow)

Pick up within 6 hours. If you can't find it, send a video to {handle} — no video, no reship. Delete this chat after pickup.""",
    ),
    (
        "en",
        "recruitment",
        """We are growing and need people in {city}.

What you do: pick up a packed stash from our warehouse, place small drops around your district, take two photos of each spot and upload them to the bot. That's it. Average courier places 15–20 drops a day and takes home {salary} a week.

What you need: a phone with a decent camera, a quiet attitude and a deposit of {price} for the first stash (or a photo of your passport, your choice). No experience — a curator walks you through everything on the first day.

Interested? Message {handle}. Don't write "is this legal", just write "work".""",
    ),
    (
        "en",
        "forum_offer",
        """[WTS] {prod} / {prod} — {city} drops, escrow welcome

Long time lurker, vendor for about a year on another board. Opening a thread here because more and more buyers from the forum ask us directly.

Quality: everything is tested, reports from three members are on page 2. Weights are honest, if you get short weight we add the difference to your next order.
Logistics: dead drops in {district} and {district}, post only inside the country.
Payment: BTC or USDT, forum escrow for new buyers.

Menu and live stock: {bot}. PM for bulk.""",
    ),
    (
        "en",
        "news",
        """Police in {city} detain courier for online drug shop

Officers of {agency} detained a {age}-year-old resident of {district} who, according to investigators, placed drug stashes for an online shop operating through Telegram.

During a search of his rented flat police found {grams} grams of {formal} packed in small zip bags, electronic scales, rolls of electrical tape and a box of magnets. His phone contained dozens of photographs of stash locations with coordinates, which he sent to a handler he had never met in person.

The suspect told investigators he answered an online job ad promising "easy money". A criminal case was opened under Article 273 of the Criminal Code. The shop's channel, which had about {big} subscribers, has been blocked.""",
    ),
    (
        "en",
        "harm_reduction",
        """Mephedrone: what families should know

Mephedrone ("meph", "meow") is a synthetic stimulant sold online as white powder or crystals. Many young people first meet it through a friend or a Telegram channel that advertises "quality stuff" in their district.

Regular use quickly leads to sleepless nights, weight loss, anxiety and paranoia. Because the drug is sold through dead drops, buyers also risk arrest simply for picking up a stash.

If you are worried about a family member, you can talk to our counsellors anonymously. We do not report you to anyone and we do not need your name. Call {hotline} or write to {bot}. Our centre {ngo} in {city} is open every day.""",
    ),
    (
        "en",
        "pharmacy",
        """Pregabalin 75 mg, hard capsules — patient information

What it is used for: pregabalin treats neuropathic pain, epilepsy (as add-on therapy) and generalised anxiety disorder in adults.

Before you take it: tell your doctor if you have kidney problems, heart failure or have ever misused alcohol or medicines. Pregabalin can cause dependence; do not increase the dose on your own.

Common side effects: dizziness, sleepiness, blurred vision, weight gain. Do not drive until you know how it affects you.

Supply: prescription-only medicine. In our pharmacies in {city} it is dispensed only against an original prescription; we do not deliver it and we do not sell it online. Price for a pack of 14: {price_small}.""",
    ),
    (
        "en",
        "job",
        """Courier wanted — {restaurant}, {district} branch

We deliver hot food across {city} from 10:00 to 23:00 and need two more couriers for the evening shift. You will take orders from the kitchen, check the receipt, and deliver them to customers within 40 minutes.

We offer an official contract, a thermal bag and uniform, free lunch on shift and {salary} a month plus tips. Fuel is compensated for couriers with their own car.

Requirements: 18+, smartphone, good knowledge of the district. Come for an interview any weekday at 11:00 or call {phone}.""",
    ),
    (
        "en",
        "other_illicit",
        """Selling aged Telegram and Instagram accounts

All accounts registered 2019–2021, with profile photo and history, good for ads and channels. Delivered as session files or login + 2FA.

Telegram — {price_small} each, 10+ accounts at a discount.
Instagram with 1–5k followers — price on request.

Guarantor of the chat accepted, otherwise 50% prepay. USDT TRC20 only: {usdt}
Contact {handle}. No refunds after you log in.""",
    ),
    (
        "en",
        "other",
        """Snowy weekend at Chimgan ❄️

We drove up on Saturday morning and the road was fine until the last ten kilometres, where you really need winter tyres. The snow was perfect on the upper slope, the lift queue was about twenty minutes.

Tips if you are going: bring cash for the lift, rent skis at the bottom rather than at the top, and leave before four — the ice on the road back gets nasty after sunset. We stopped for plov in {city} on the way home and it was the best part of the day.""",
    ),
    # ------------------------------------------------------------------------------------------ Russian
    (
        "ru",
        "sale_ad",
        """{shop} | {city}

Друзья, мы переехали. Старый бот больше не наш, все заказы только в {bot}. Если вам пишет «оператор» с другого аккаунта — это фейк, не переводите деньги.

По наличию: завезли {prod} и {prod}, всё проверено перед фасовкой. Клады лежат в {district}, {district} и на {district}, магнит и прикоп. Координаты и два фото приходят сразу после оплаты.

Оплата картой или USDT TRC20. Ненаходы разбираем только по видео, писать {handle}. Берегите себя и не палитесь.""",
    ),
    (
        "ru",
        "shop_menu",
        """✨ ПРАЙС {shop} на {date} ✨
{item}
{item}
{item}
{item}
{item}
{item}
Районы сегодня: {districts}
Клады: магнит / прикоп, фото + координаты
Бронь — 15 минут, потом позиция уходит обратно на витрину
Заказ: {bot} • Поддержка: {handle}""",
    ),
    (
        "ru",
        "market_listing",
        """Лот: {prod}, {qty}, {city}
Магазин: {shop} · рейтинг {rating} · продаж: {big}
Тип клада: магнит (чёрная изолента)
Районы: {districts}

Описание: чистый продукт, без примесей и запаха. Вес проверяем на весах 0.001, на фото — реальный товар из этой партии. При ненаходе открывайте диспут с фото и видео места, решаем в течение суток.

Оплата с баланса площадки. Автоподтверждение заказа через 24 часа после выдачи адреса.""",
    ),
    (
        "ru",
        "dead_drop",
        """Заказ №{order} оплачен. Спасибо, что выбираете нас!

Город: {city}. Район: {district}.
Идёшь от остановки вдоль длинного дома до арки, за аркой детская площадка. Справа от скамейки бетонный бордюр, прикоп 5 см у его основания, под плоским камнем. Свёрток в синей изоленте.

Координаты: {coords}
Фото: {photo_url}

Забрать нужно в течение 8 часов. Если не нашёл — снимай видео с места и пиши в поддержку {handle}. Удали чат после находа.""",
    ),
    (
        "ru",
        "recruitment",
        """Работа в {v_city} для тех, кому нужны деньги каждый день.

Что делать: забирать мастер-клад, раскладывать небольшие закладки по своему району, фотографировать место и отправлять координаты куратору. В среднем 15–25 точек за смену, оплата {per_drop} за каждую, выплаты ежедневно на карту или в USDT.

Условия: возраст от 18, смартфон с нормальной камерой, залог {price} или фото паспорта. Опыт не нужен — куратор всё объяснит в первый день и будет на связи круглосуточно.

Пиши {handle}, в сообщении укажи свой район. Лишних вопросов не задавай.""",
    ),
    (
        "ru",
        "forum_offer",
        """[Продажа] {prod} и {prod} — {city}, клады

Приветствую форум. Мы давно работаем на площадке, решили открыть отдельную тему, чтобы собирать отзывы в одном месте.

Что есть: {item}; {item}; {item}.
Клады в {district} и {district}, при заказе от 5 г — доставка в руки по договорённости.
Работаем через гаранта форума, для новых покупателей — только так.

Тестерам форума выдаём бесплатно, отчёты просим выкладывать здесь. Бот с витриной: {bot}, опт — в ЛС.""",
    ),
    (
        "ru",
        "news",
        """{v_city} задержан «закладчик» интернет-магазина

Сотрудники {agency_gen} задержали {age}-летнего жителя района {district}. По данным следствия, молодой человек в течение двух месяцев раскладывал тайники с синтетическими наркотиками по заданию куратора, с которым общался только в Telegram.

В ходе обыска по месту его проживания изъято {grams} граммов мефедрона, расфасованного в зип-пакеты, электронные весы, мотки изоленты и магниты. В телефоне задержанного обнаружены сотни фотографий мест закладок с координатами.

Как рассказал {officer}, на «работу» задержанный откликнулся по объявлению о «лёгком заработке без опыта». Возбуждено уголовное дело по статье 273 Уголовного кодекса. Канал магазина, на который было подписано около {big} человек, заблокирован.""",
    ),
    (
        "ru",
        "harm_reduction",
        """Когда мой брат начал употреблять соли, мы поняли это не сразу.

Сначала он просто перестал спать по ночам и стал всё время сидеть в телефоне. Потом из дома начали пропадать деньги, а у него в куртке мама нашла изоленту и маленькие пакетики. Он говорил, что это «для работы».

Мы долго стыдились кому-то рассказать. Помог звонок на телефон доверия {hotline}: там объяснили, как начать разговор без крика и куда можно обратиться анонимно. Сейчас брат третий месяц в программе реабилитации центра {ngo}, ходит на группы и снова учится.

Если вы узнали себя — не ждите. Консультация для родственников бесплатная: {phone}.""",
    ),
    (
        "ru",
        "pharmacy",
        """Тропикамид, капли глазные 1 % — инструкция (сокращённо)

Фармакологическое действие: м-холиноблокатор, вызывает кратковременное расширение зрачка и паралич аккомодации. Применяется для диагностики — осмотра глазного дна и определения рефракции.

Способ применения: только местно, по 1–2 капли в конъюнктивальный мешок по назначению офтальмолога. Введение иным способом опасно для жизни.

Побочные эффекты: жжение, нечёткость зрения, светобоязнь, повышение внутриглазного давления.

Условия отпуска: по рецепту. В аптеках сети {city} препарат отпускается только при предъявлении рецепта; продажа без рецепта и доставка не осуществляются. Справки по телефону {landline}.""",
    ),
    (
        "ru",
        "job",
        """Вакансия: курьер на склад интернет-магазина бытовой техники ({city})

Обязанности: получение заказов на складе в {district}, доставка клиентам по городу на служебном автомобиле, оформление документов и приём оплаты через терминал.

Мы предлагаем: официальное трудоустройство с первого дня, оклад {salary} плюс бонус за каждую доставку, обучение и служебный телефон. График 5/2 с 9:00 до 18:00.

Требования: права категории B, стаж вождения от 2 лет, знание города. Резюме отправляйте на {email} или звоните {phone}. Собеседование проходит в офисе, приносите паспорт.""",
    ),
    (
        "ru",
        "other_illicit",
        """Сделаем справку 086 и медкнижку «под ключ»

Без прохождения врачей, все печати и подписи, данные вносятся в базу поликлиники. Срок изготовления — от 1 до 3 дней, по {city} привезём курьером.

Также: больничные листы задним числом, справки для бассейна и водительской комиссии.
Цена от {price_small}, оплата после проверки фото документа.

Пишите {handle}, отвечаем с 9 до 21. Работаем с {year} года, отзывы в канале {tme}.""",
    ),
    (
        "ru",
        "other",
        """Рецепт: чак-чак как у бабушки

На 4 яйца нужно примерно 300 г муки, щепотку соли и ложку сахара. Замесите крутое тесто, дайте ему полежать 20 минут под плёнкой, затем раскатайте тонко и нарежьте полосками, а полоски — маленькими брусочками.

Жарьте брусочки небольшими порциями во фритюре до светло-золотистого цвета и выкладывайте на салфетку. Для сиропа растопите 200 г мёда с 100 г сахара, доведите до кипения и сразу залейте обжаренное тесто. Перемешайте, выложите горкой на смоченное водой блюдо и дайте застыть.

Сверху можно посыпать маком или дроблёными орехами. Хранится неделю, если, конечно, доживёт.""",
    ),
    # ------------------------------------------------------------------------------------------ Uzbek (Latin source)
    (
        "uz",
        "sale_ad",
        """{shop} | {city}

Salom hammaga! Eski botimizni bloklashdi, endi buyurtmalar faqat {bot} orqali. Boshqa akkauntdan "operator" yozsa — bu feyk, pul o'tkazmang.

Bu hafta {prod} va {prod} keldi, fasovkadan oldin tekshirilgan. Kladlar {district}, {district} va {district}da, magnit va prikop. To'lovdan keyin koordinata va ikkita rasm darhol keladi.

To'lov karta yoki USDT orqali. Nenaxod bo'lsa joydan video olib {handle} ga yozing, bir soat ichida hal qilamiz. O'zingizni ehtiyot qiling.""",
    ),
    (
        "uz",
        "recruitment",
        """Kuryer kerak! {city}, barcha tumanlar.

Ish oson: skladdan tayyor paketlarni olasiz, o'z tumaningizda kichik joylarga qo'yasiz, rasmga olib koordinatasini kuratorga yuborasiz. Kuniga 15-20 ta nuqta, har biri uchun {per_drop}. To'lov har kuni kartaga yoki USDT.

Tajriba shart emas, 18 yoshdan. Yaxshi kamerali telefon kerak. Birinchi paket uchun zalog {price} yoki pasport rasmi. Hammasi anonim, hech kim bilmaydi.

Yozing: {handle}. Xabarda tumaningizni ko'rsating, ortiqcha savol bermang.""",
    ),
    (
        "uz",
        "news",
        """{city}da narkodo'kon kuryeri qo'lga olindi

{agency} xodimlari tomonidan {age} yoshli {district}lik yigit ushlandi. Tergov ma'lumotlariga ko'ra, u ikki oy davomida Telegram orqali tanishgan "kurator"ning topshirig'i bilan shahar bo'ylab sintetik giyohvand moddalar yashirilgan zakladkalar qo'yib kelgan.

Tintuv chog'ida uning ijaradagi xonadonidan {grams} gramm mefedron, elektron tarozi, izolenta va magnitlar topildi. Telefonidan esa koordinatalari ko'rsatilgan yuzlab yashirin joylar rasmlari chiqdi.

Gumonlanuvchi "tajribasiz oson pul" degan e'longa javob berganini aytgan. Jinoyat kodeksining 273-moddasi bilan jinoyat ishi qo'zg'atildi, do'konning {big} obunachili kanali bloklandi.""",
    ),
    (
        "uz",
        "harm_reduction",
        """Ukam tuz (sintetik modda) iste'mol qila boshlaganini darrov sezmadik.

Avval u kechalari uxlamay qo'ydi, doim telefonga tikilib o'tirardi. Keyin uydan pul yo'qola boshladi, onam kurtkasidan izolenta va kichik paketchalar topdi. U "ish uchun" deb aytdi.

Uzoq vaqt hech kimga aytishga uyaldik. {hotline} ishonch telefoniga qo'ng'iroq qilganimizdan keyin bizga baqirmasdan qanday gaplashishni va anonim qayerga murojaat qilish mumkinligini tushuntirishdi. Hozir ukam {ngo} markazida uchinchi oy davolanmoqda, guruhlarga qatnayapti va o'qishga qaytdi.

Agar o'zingizni tanigan bo'lsangiz — kutmang. Qarindoshlar uchun maslahat bepul: {phone}.""",
    ),
    (
        "uz",
        "job",
        """{restaurant} — kuryer kerak ({district} filiali)

Biz {city} bo'ylab issiq ovqatni soat 10:00 dan 23:00 gacha yetkazib beramiz va kechki smenaga yana ikkita kuryer qidiryapmiz. Vazifa: oshxonadan buyurtmani olish, chekni tekshirish va mijozga 40 daqiqa ichida yetkazish.

Rasmiy shartnoma, termosumka va forma, smenada bepul tushlik, oyiga {salary} va choychaqa. O'z mashinasi bilan ishlaydiganlarga benzin puli qoplanadi.

Talablar: 18 yoshdan katta, smartfon, tumanni yaxshi bilish. Suhbatga ish kunlari soat 11:00 da keling yoki qo'ng'iroq qiling: {phone}.""",
    ),
    (
        "uz",
        "pharmacy",
        """Pregabalin 75 mg kapsulalar — qisqacha yo'riqnoma

Qo'llanilishi: kattalarda neyropatik og'riq, epilepsiya (qo'shimcha davo sifatida) va umumiy xavotir buzilishi.

Ehtiyot choralari: buyrak kasalligi, yurak yetishmovchiligi bo'lsa yoki ilgari dori yoki spirtli ichimliklarga qaramlik bo'lgan bo'lsa, shifokorga ayting. Dozani o'zboshimchalik bilan oshirmang — qaramlik paydo bo'lishi mumkin.

Nojo'ya ta'sirlari: bosh aylanishi, uyquchanlik, ko'rish xiralashishi.

Berilish tartibi: faqat retsept bo'yicha. {city}dagi dorixonalarimizda asl retsept ko'rsatilganda beriladi, onlayn sotilmaydi va yetkazib berilmaydi. 14 kapsula narxi: {price_small}.""",
    ),
    (
        "uz",
        "other",
        """Qishki dam olish: Chimyon

Shanba kuni ertalab yo'lga chiqdik, oxirgi o'n kilometrgacha yo'l yaxshi edi, u yerda qishki shinasiz qiyin. Yuqoridagi qiyalikda qor ajoyib, ko'targich navbati taxminan yigirma daqiqa.

Boradiganlarga maslahat: ko'targich uchun naqd pul oling, chang'ini pastdan ijaraga oling va soat to'rtdan oldin qayting — quyosh botgach yo'lda muz paydo bo'ladi. Qaytishda {city}da osh yedik, kunning eng yaxshi qismi shu bo'ldi.""",
    ),
    # ------------------------------------------------------------------------------------------ Uzbek Cyrillic
    (
        "uzc",
        "shop_menu",
        """🔥 {shop} НАРХЛАРИ ({date}) 🔥
{item}
{item}
{item}
{item}
{item}
Туманлар: {districts}
Кладлар: магнит / прикоп, расм + координата
Брон 15 дақиқа, кейин позиция витринага қайтади
Буюртма: {bot} • Ёрдам: {handle}""",
    ),
    (
        "uzc",
        "dead_drop",
        """Буюртма №{order} тўланди. Раҳмат!

Шаҳар: {city}. Туман: {district}.
Бекатдан узун уй бўйлаб аркагача юринг, арка ортида болалар майдончаси. Скамейканинг ўнг томонида бетон бордюр, унинг тагида 5 см прикоп, ясси тош остида. Ўрам кўк изолентада.

Координата: {coords}
Расм: {photo_url}

8 соат ичида олинг. Топилмаса, жойдан видео олиб {handle} га ёзинг. Олгандан кейин чатни ўчиринг.""",
    ),
    (
        "uzc",
        "forum_offer",
        """[Сотаман] {prod} ва {prod} — {city}, кладлар

Форумдошларга салом. Майдончада анчадан бери ишлаймиз, отзивлар бир жойда бўлиши учун алоҳида мавзу очдик.

Бор: {item}; {item}.
Кладлар {district} ва {district}да, 5 граммдан буюртмага келишув бўйича қўлга етказамиз.
Форум гаранти орқали ишлаймиз, янги харидорлар учун фақат шундай.

Бот витрина билан: {bot}, опт — ЛСда.""",
    ),
    (
        "uzc",
        "news",
        """Божхона постида {kg} кг гиёҳванд модда топилди

«{city}» йўналишидаги юк машинаси текширилганда, унинг ёнилғи баки ичига яширилган {kg} кг гашиш топилди. Ҳайдовчи — {age} ёшли хорижий фуқаро — жойида ушланди.

{agency} маълумотига кўра, юк Тожикистон ҳудудидан келаётган эди. Модда экспертизага юборилди, Жиноят кодексининг 246-моддаси билан жиноят иши қўзғатилди.

«Чегарада назорат кучайтирилган, бундай уринишлар олдини олишда давом этамиз», — деди {officer}.""",
    ),
    (
        "uzc",
        "other_illicit",
        """Ҳайдовчилик гувоҳномаси ва техпаспорт — тез ва базага киритилган ҳолда

Имтиҳонсиз, автошколасиз, ҳужжатлар 3–5 кунда тайёр. {city} бўйлаб курьер олиб бориб беради.
Нархи {price}, ярми олдиндан, қолгани текширгандан кейин.

Шунингдек: диплом, справка, рўйхатга қўйиш.
Алоқа: {handle}. Фақат Телеграм, қўнғироқ қилманг.""",
    ),
    (
        "uzc",
        "job",
        """Омборга ишчилар ва курьер керак ({city})

Вазифалар: {district}даги омборда посилкаларни қабул қилиш, саралаш ва қадоқлаш; курьер — шаҳар бўйлаб мижозларга етказиш.

Биз таклиф қиламиз: расмий ишга жойлаштириш, ойлик {salary}, бепул тушлик, 5/2 иш графиги.
Талаблар: 18 ёшдан, масъулиятли, курьер учун B тоифали гувоҳнома.

Резюме: {email}, тел: {phone}. Суҳбат офисда, паспорт олиб келинг.""",
    ),
]

VARIANTS = 3


def documents(rng, pools: dict, labels: dict) -> list[dict]:
    """Render every hand-written document VARIANTS times; `pools` and `labels` come from build_seed."""
    out = []
    for i, (src, kind, tmpl) in enumerate(DOCS, 1):
        label = labels[kind]
        tag = "uz" if src == "uzc" else src
        group = f"hand-{tag}-{kind}-{i:02d}"
        for _ in range(VARIANTS):
            if src == "uz":
                lang = "uz-cyrl" if rng.random() < 0.4 else "uz-latn"
            elif src == "uzc":
                lang = "uz-cyrl"
            else:
                lang = src
            ctx = E.Ctx(
                rng,
                lang,
                kind,
                label,
                0.3 if label else 0.0,
                pools["uz" if src == "uzc" else src],
                SLOTS,
                STICKY,
            )
            if src == "uzc":
                ctx.src = "uz"
            text = E.render(tmpl, ctx).strip()
            if lang == "uz-latn":
                text = E.uz_apostrophes(text, rng.choice(["'", "ʻ", "‘", "’", "none"]))
            out.append({"text": text, "kind": kind, "lang": lang, "group": group})
    return out
