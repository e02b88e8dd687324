"""Forum threads: offers and requests (forum_offer), recruitment, harm
reduction, everyday job posts and plain chatter (other).

A thread is a title plus posts; its label is 1 when it holds a trafficking
offer or a recruitment post, and those always appear on the first page.
"""

from __future__ import annotations

from .gen import Ctx, Pool, punctuate
from .rand import weighted
from .vocab import make_user

# --------------------------------------------------------------------------
# offers and requests

FO_TITLE = Pool(
    en=[
        "Where to find {drug} in {district}?",
        "Selling {drug}, Tashkent",
        "Looking for a reliable plug in {city}",
        "{drug} — who has it?",
        "Reliable shop for {drug}?",
        "Got {drug} and {drug2}, local only",
        "Need {qty} tonight, {district}",
        "Plug recommendations {city}",
    ],
    ru=[
        "Где взять {drug} в {district}?",
        "Продам {drug}, Ташкент",
        "Ищу нормальный шоп в {city}",
        "{drug} — у кого есть?",
        "Посоветуйте магазин ({drug})",
        "Есть {drug} и {drug2}, только местным",
        "Нужно {qty} сегодня, {district}",
        "Кто знает ровного барыгу в {city}?",
        "Подскажите бота, где нормальный {drug}",
    ],
    uz=[
        "{district}da {drug} qayerdan topsa bo'ladi?",
        "{drug} sotaman, Toshkent",
        "{city}da ishonchli do'kon kerak",
        "{drug} kimda bor?",
        "{drug} uchun yaxshi bot bormi?",
        "{drug} va {drug2} bor, faqat mahalliylarga",
        "Bugun {qty} kerak, {district}",
        "Kim biladi, {city}da kimdan olsa bo'ladi?",
    ],
    cy=["{drug} қаердан олса бўлади?", "{drug} сотаман, {city}", "Ишончли дўкон керак"],
)

FO_REQUEST = Pool(
    en=[
        "Just moved to {district}, anyone know where to get {drug}? Not trying to get scammed again.",
        "Looking for {drug}, {qty} or so. Prefer a drop near {spot}. DM me.",
        "Last shop I used vanished with my money. Who's legit right now in {city}?",
        "need {drug} asap, paying usdt",
        "Is {bot} still working? My orders hang at the payment step.",
        "Anyone tried the {drug} from the new channel? Worth it?",
    ],
    ru=[
        "Недавно переехал в {district}, подскажите, где взять {drug}? Не хочу опять нарваться на кидал.",
        "Ищу {drug}, примерно {qty}. Лучше клад возле {spot}. Пишите в лс.",
        "Прошлый магазин слился с моими деньгами. Кто сейчас ровный в {city}?",
        "срочно нужен {drug}, плачу usdt",
        "{bot} ещё живой? У меня заказы зависают на оплате.",
        "Кто брал {drug} в новом канале? Стоит того?",
        "Где сейчас нормальный {drug} без бодяги? Всё что брал последнее — мусор.",
        "народ, есть у кого контакт на {district}?",
    ],
    uz=[
        "Yaqinda {district}ga ko'chdim, {drug} qayerdan olsa bo'ladi? Yana aldanishni xohlamayman.",
        "{drug} kerak, taxminan {qty}. {spot} yaqinida zakladka bo'lsa yaxshi. Lichkaga yozing.",
        "Oldingi do'kon pulimni olib yo'qoldi. Hozir {city}da kim ishonchli?",
        "shoshilinch {drug} kerak, usdt bilan to'layman",
        "{bot} hali ishlayaptimi? Buyurtma to'lovda qotib qolyapti.",
        "Yangi kanaldan {drug} olganlar bormi? Arziydimi?",
        "birodarlar, {district}da kontakt bormi?",
    ],
    cy=[
        "{district}да {drug} керак, ким билади?",
        "Ишончли бот борми? Олдингиси алдади.",
        "Шошилинч {drug} керак, личкага ёзинг.",
    ],
)

FO_OFFER = Pool(
    en=[
        "I have {drug}, {quality}, {offer}. Drops in {district} and {district}. Write {handle}.",
        "Selling {drug} and {drug2}. {offer}. Telegram: {handle}",
        "Got what you need. {drug} {offer}, contactless. Bot: {bot}",
        "Hit me up on {handle}, {drug} ready in {district} tonight.",
        "Local plug here. {drug} {price}/unit, {drug2} too. {bot}",
        "We have a shop, {chan}, {drug} in stock, reship guaranteed.",
    ],
    ru=[
        "Есть {drug}, {quality}, {offer}. Клады в {district} и {district}. Пиши {handle}.",
        "Продаю {drug} и {drug2}. {offer}. Телега: {handle}",
        "Всё есть. {drug} {offer}, бесконтакт. Бот: {bot}",
        "Стучи в {handle}, {drug} сегодня вечером в {district}.",
        "Свой человек, {drug} по {price}, {drug2} тоже. {bot}",
        "У нас магазин {chan}, {drug} в наличии, перезаклад гарантирован.",
        "пиши в лс, есть всё. {handle}",
        "Могу помочь. {drug} от {price}, район любой. {handle}",
    ],
    uz=[
        "{drug} bor, {quality}, {offer}. Zakladka {district} va {district}da. {handle} ga yozing.",
        "{drug} va {drug2} sotaman. {offer}. Telegram: {handle}",
        "Hammasi bor. {drug} {offer}, kontaktsiz. Bot: {bot}",
        "{handle} ga yozing, {drug} bugun kechqurun {district}da tayyor.",
        "O'zimizning odam, {drug} {price} dan, {drug2} ham bor. {bot}",
        "Bizda do'kon bor, {chan}, {drug} bor, qayta berish kafolati.",
        "lichkaga yozing, hammasi bor. {handle}",
        "Yordam beraman. {drug} {price} dan, istalgan tuman. {handle}",
    ],
    cy=[
        "{drug} бор, {offer}. {handle} га ёзинг.",
        "Ҳаммаси бор, бот: {bot}",
        "{district}да закладка тайёр, {handle}.",
    ],
)

FO_QUESTION = Pool(
    en=[
        "price?",
        "Is the drop near {spot}?",
        "Do you do {district}?",
        "how fast after payment?",
        "Card or only crypto?",
        "Anyone ordered from them already?",
        "ok dm'd you",
    ],
    ru=[
        "почём?",
        "А в {district} есть?",
        "Клад возле {spot}?",
        "Через сколько после оплаты адрес?",
        "Карта или только крипта?",
        "Кто-то уже брал у них?",
        "отписал в лс",
        "а вес честный?",
    ],
    uz=[
        "narxi qancha?",
        "{district}da bormi?",
        "Joy {spot} yaqinidami?",
        "To'lovdan keyin qancha vaqtda?",
        "Karta yoki faqat kripto?",
        "Kimdir olganmi ulardan?",
        "lichkaga yozdim",
        "vazni to'g'rimi?",
    ],
    cy=["нархи қанча?", "{district}да борми?", "личкага ёздим"],
)

FO_WARN = Pool(
    en=[
        'Careful, half of these "plugs" are scammers or cops.',
        "Mods, delete this thread please.",
        "People get eight years for this stuff, think twice.",
        "The bot {bot} took my money and blocked me.",
    ],
    ru=[
        "Осторожно, половина таких «продавцов» — кидалы или менты.",
        "Модераторы, удалите тему.",
        "За такое восемь лет дают, подумайте.",
        "Бот {bot} взял деньги и заблокировал меня.",
        "Опять реклама шопов, надоело.",
    ],
    uz=[
        "Ehtiyot bo'ling, bunaqa «sotuvchilar»ning yarmi firibgar yoki militsiya.",
        "Moderatorlar, mavzuni o'chiring.",
        "Buning uchun sakkiz yil berishadi, o'ylab ko'ring.",
        "{bot} pulni olib, meni blokladi.",
    ],
    cy=["Эҳтиёт бўлинг, алдашади.", "Модераторлар, ўчиринг буни."],
)

# --------------------------------------------------------------------------
# recruitment threads

REC_TITLE = Pool(
    en=[
        "Courier job, paid per drop",
        "Easy money for students — {city}",
        "Hiring stencil artists, daily pay",
        "Work in {district}, {money:500-1500}/week",
        "Vacancy: packer (home-based)",
    ],
    ru=[
        "Работа курьером, оплата за клад",
        "Лёгкий заработок для студентов — {city}",
        "Нужны трафаретчики, оплата каждый день",
        "Работа в {district}, {money:500-1500} в неделю",
        "Вакансия: фасовщик на дому",
        "Кладмены, {uzs:100-250} за адрес",
    ],
    uz=[
        "Kuryerlik ishi, har bir joy uchun pul",
        "Talabalar uchun oson pul — {city}",
        "Trafaretchilar kerak, har kuni to'lov",
        "{district}da ish, haftasiga {money:500-1500}",
        "Bo'sh ish: uyda qadoqlash",
        "Zakladchik kerak, {uzs:100-250}",
    ],
    cy=["Курьерлик иши, юқори маош", "Талабалар учун осон пул", "Закладчик керак"],
)

REC_Q = Pool(
    en=[
        "Is a deposit required?",
        "What if I get caught?",
        "how much per day realistically?",
        "Do I need to show my passport?",
        "Is it legal?",
        "what exactly is in the parcels lol",
    ],
    ru=[
        "Залог нужен?",
        "А если примут?",
        "сколько реально в день выходит?",
        "Паспорт нужно показывать?",
        "Это законно?",
        "а что в посылках, интересно)))",
    ],
    uz=[
        "Zalog kerakmi?",
        "Ushlanib qolsam-chi?",
        "kuniga real qancha chiqadi?",
        "Pasport ko'rsatish kerakmi?",
        "Bu qonuniymi?",
        "paketlarda nima bor o'zi)))",
    ],
    cy=["Залог керакми?", "Бу қонунийми?"],
)

REC_A = Pool(
    en=[
        "Deposit or documents, your choice. Details in DM {handle}.",
        "We teach you how to stay careful. Write {handle}.",
        "Good couriers make {money:800-1500} a week. {handle}",
        "No names, no passports. Just write {bot}.",
    ],
    ru=[
        "Залог или документы, на выбор. Подробности в лс {handle}.",
        "Научим, как работать аккуратно. Пиши {handle}.",
        "Нормальные курьеры делают {money:800-1500} в неделю. {handle}",
        "Без имён и паспортов. Жми старт {bot}.",
    ],
    uz=[
        "Zalog yoki hujjat, tanlang. Batafsil lichkada {handle}.",
        "Ehtiyot bo'lib ishlashni o'rgatamiz. {handle} ga yozing.",
        "Yaxshi kuryerlar haftasiga {money:800-1500} topadi. {handle}",
        "Ism ham, pasport ham kerak emas. {bot}",
    ],
    cy=["Батафсил личкада: {handle}", "Залог ёки ҳужжат. {bot}"],
)

REC_WARN = Pool(
    en=[
        "This is how people end up in prison. Don't.",
        '"Easy money" = Article 273. Just saying.',
        "My cousin did this 'job'. He's serving 10 years.",
        "Reported to the admins.",
    ],
    ru=[
        "Вот так люди и садятся. Не ведитесь.",
        "«Лёгкий заработок» = статья 273. Просто напоминаю.",
        "Брат двоюродный так «поработал». Сидит десятку.",
        "Пожаловался админам.",
    ],
    uz=[
        "Odamlar shunday qamalib ketadi. Aldanmang.",
        "«Oson pul» = 273-modda. Eslatib qo'yaman.",
        "Amakimning o'g'li shunday «ishlagan». 10 yil o'tiryapti.",
        "Adminlarga xabar berdim.",
    ],
    cy=["Алданманг, бу қамоқ.", "«Осон пул» — бу жиноят."],
)

# --------------------------------------------------------------------------
# harm reduction threads

HR_TITLE = Pool(
    en=[
        "How do I help my brother quit {anydrug}?",
        "Is mixing pregabalin and alcohol dangerous?",
        "Six months clean — AMA",
        "Rehab in {city}: experiences?",
        "Son subscribed to weird channels with prices, what do I do?",
        "Withdrawal from {anydrug}, how long?",
    ],
    ru=[
        "Как помочь брату бросить {anydrug}?",
        "Лирика и алкоголь — это опасно?",
        "Полгода чистый — спрашивайте",
        "Реабилитация в {city}: кто был?",
        "Сын подписан на странные каналы с ценами, что делать?",
        "Отходняк от {anydrug}, сколько длится?",
        "Как понять, что подросток употребляет?",
    ],
    uz=[
        "Akamga {anydrug}ni tashlashga qanday yordam beray?",
        "Lirika va spirtli ichimlik xavflimi?",
        "Olti oydan beri tozaman — so'rang",
        "{city}dagi reabilitatsiya: kim bo'lgan?",
        "O'g'lim narxlar yozilgan g'alati kanallarga obuna, nima qilay?",
        "O'smir ishlatayotganini qanday bilsa bo'ladi?",
    ],
    cy=["Укамни қандай қутқарай?", "Реабилитация марказлари ҳақида", "Ота-оналар учун маслаҳат керак"],
)

HR_Q = Pool(
    en=[
        "My brother has been on {anydrug} for a year. He lost weight, doesn't sleep, got aggressive. We are scared. Where do we start?",
        "Found a chat on my son's phone with a bot and a map of {district}. He says it's a job. I don't believe him.",
        "I want to stop. Every time I delete the channels, a week later I'm back. Any advice?",
        "Friend passed out after mixing pills with alcohol at a party. He's ok now, but what should we have done?",
    ],
    ru=[
        "Брат год сидит на {anydrug}. Похудел, не спит, стал агрессивным. Нам страшно. С чего начать?",
        "Нашла у сына в телефоне переписку с ботом и карту {district}. Говорит, что это работа. Не верю.",
        "Хочу завязать. Каждый раз удаляю каналы, а через неделю опять. Как вы справились?",
        "Друг отключился после таблеток с алкоголем на вечеринке. Сейчас нормально, но что нужно было делать?",
        "Муж начал пропадать ночами, деньги уходят, телефон под паролем. Может, я накручиваю?",
    ],
    uz=[
        "Akam bir yildan beri {anydrug} ishlatadi. Ozib ketdi, uxlamaydi, jahldor bo'lib qoldi. Qo'rqyapmiz. Nimadan boshlaymiz?",
        "O'g'limning telefonida bot bilan yozishma va {district} xaritasini topdim. Ish deydi. Ishonmayman.",
        "Tashlamoqchiman. Har safar kanallarni o'chiraman, bir haftadan keyin yana qaytaman. Qanday qutuldingiz?",
        "Do'stim bazmda tabletka va spirtli ichimlikdan keyin hushidan ketdi. Hozir yaxshi, lekin nima qilishimiz kerak edi?",
    ],
    cy=[
        "Укам бир йилдан бери гиёҳванд модда ишлатади. Нима қилай?",
        "Ўғлимнинг телефонида ғалати бот топдим. Маслаҳат беринг.",
    ],
)

HR_REPLY = Pool(
    en=[
        "Don't shout at him, it only pushes him away. Talk when he's sober and offer to go to a doctor together.",
        "Narcology clinics take people anonymously. It's scarier in your head than in reality.",
        "Call an ambulance next time, put him on his side and stay with him.",
        "Family groups helped us a lot, you are not alone in this.",
        "Changing my number and my route home helped more than anything.",
        "If he's a \"courier\", he's risking 8–15 years. Explain that clearly.",
    ],
    ru=[
        "Не кричите, это только отталкивает. Поговорите, когда он трезвый, и предложите сходить к врачу вместе.",
        "В наркологию можно анонимно. В голове страшнее, чем на самом деле.",
        "В следующий раз сразу скорую, на бок и не оставлять одного.",
        "Нам очень помогла группа для родственников, вы не одни.",
        "Мне помогло сменить номер и маршрут домой, серьёзно.",
        "Если он «курьер», то рискует 8–15 годами. Объясните это прямо.",
        "Держитесь. У нас получилось, и у вас получится.",
    ],
    uz=[
        "Baqirmang, bu faqat uzoqlashtiradi. Hushyor paytida gaplashing va shifokorga birga borishni taklif qiling.",
        "Narkologiyaga anonim borsa bo'ladi. Xayolda qo'rqinchliroq.",
        "Keyingi safar darhol tez yordam, yonboshiga yotqizing va yolg'iz qoldirmang.",
        "Bizga qarindoshlar guruhi juda yordam berdi, siz yolg'iz emassiz.",
        "Menga raqamni va uyga yo'lni o'zgartirish yordam berdi.",
        "Agar u «kuryer» bo'lsa, 8–15 yilni xavf ostiga qo'ymoqda. Buni ochiq tushuntiring.",
        "Sabr qiling. Bizda bo'ldi, sizda ham bo'ladi.",
    ],
    cy=[
        "Бақирманг, гаплашинг.",
        "Наркологияга аноним бориш мумкин.",
        "Сабр қилинг, ҳаммаси яхши бўлади.",
    ],
)

# --------------------------------------------------------------------------
# job threads (ordinary work)

JOB_Q = Pool(
    en=[
        "Worked for them last summer, they pay on time.",
        "Is the thermal bag free or do they deduct it?",
        "How many orders per shift on average?",
        "Do they take students for weekends only?",
    ],
    ru=[
        "Работал у них летом, платят вовремя.",
        "Термосумку дают бесплатно или вычитают?",
        "Сколько в среднем заказов за смену?",
        "Студентов на выходные берут?",
    ],
    uz=[
        "O'tgan yozda ularda ishlaganman, vaqtida to'lashadi.",
        "Termosumka bepulmi yoki ushlab qolishadimi?",
        "Bir smenada o'rtacha nechta buyurtma?",
        "Talabalarni faqat dam olish kunlariga olishadimi?",
    ],
    cy=["Уларда ишлаганман, яхши.", "Талабаларни олишадими?"],
)

# --------------------------------------------------------------------------
# chatter (kind other)

CHAT_TOPICS = {
    "football": (
        Pool(
            en=["Pakhtakor vs Navbahor tonight", "Who's watching the national team?"],
            ru=["Пахтакор — Навбахор сегодня", "Кто смотрит сборную?"],
            uz=["Paxtakor — Navbahor bugun", "Terma jamoani kim ko'ryapti?"],
            cy=["Пахтакор ўйини", "Терма жамоа"],
        ),
        Pool(
            en=[
                "What a goal in the 89th minute, I'm still shaking.",
                "Tickets sold out near the stadium, anyone got spares?",
                "The coach has to go, same tactics every match.",
                "The new striker from {city} looks promising, give him a season.",
                "Watched it at a choyxona in {district}, the whole place was screaming.",
                "Referee missed a clear penalty, again.",
            ],
            ru=[
                "Какой гол на 89-й, до сих пор трясёт.",
                "Билеты у стадиона закончились, у кого лишний?",
                "Тренера менять надо, одна и та же тактика.",
                "Новый нападающий из {city} перспективный, дайте ему сезон.",
                "Смотрели в чайхане в {district}, весь зал орал.",
                "Судья опять не поставил чистый пенальти.",
            ],
            uz=[
                "89-daqiqadagi gol zo'r bo'ldi, hali ham titrayapman.",
                "Stadion oldida bilet qolmadi, kimda ortiqcha bor?",
                "Murabbiyni almashtirish kerak, har o'yinda bir xil taktika.",
                "{city}dan kelgan yangi hujumchi istiqbolli, bir mavsum bering.",
                "{district}dagi choyxonada ko'rdik, hamma baqirdi.",
                "Hakam yana aniq penaltini bermadi.",
            ],
            cy=["Зўр гол бўлди!", "Билет борми кимда?"],
        ),
    ),
    "snow": (
        Pool(
            en=["Snow in Tashkent again!", "Winter tyres — worth it here?"],
            ru=["Опять снег в Ташкенте!", "Зимняя резина — нужна ли у нас?"],
            uz=["Toshkentda yana qor!", "Qishki shina bu yerda kerakmi?"],
            cy=["Тошкентда қор", "Қишки шина керакми?"],
        ),
        Pool(
            en=[
                "Roads around {district} are pure ice this morning, be careful.",
                "Bought snow tyres last year, no regrets.",
                "Kids are making snowmen in the yard, first real snow in two years.",
                "They finally salted the road near {spot}, took them three days.",
                "Friction tyres are enough for Tashkent, studs are overkill.",
                "Schools closed tomorrow? Anyone heard anything?",
            ],
            ru=[
                "Дороги в {district} с утра сплошной лёд, осторожно.",
                "Взял зимнюю резину в прошлом году, не жалею.",
                "Дети лепят снеговика во дворе, первый нормальный снег за два года.",
                "Соль на тротуарах опять не посыпали.",
                "Наконец-то посыпали солью дорогу возле {spot}, три дня ждали.",
                "Для Ташкента липучки хватает, шипы — перебор.",
                "Завтра школы закрыты? Кто-нибудь слышал?",
            ],
            uz=[
                "{district}da ertalab yo'llar muz, ehtiyot bo'ling.",
                "O'tgan yili qishki shina oldim, afsuslanmadim.",
                "Bolalar hovlida qorbobo yasayapti, ikki yilda birinchi haqiqiy qor.",
                "Yo'lakka yana tuz sepishmabdi.",
                "Nihoyat {spot} yonidagi yo'lga tuz sepishdi, uch kun kutdik.",
                "Toshkent uchun shipsiz shina yetarli.",
                "Ertaga maktablar yopiqmi? Kimdir eshitdimi?",
            ],
            cy=["Йўллар муз, эҳтиёт бўлинг.", "Қишки шина олдим."],
        ),
    ),
    "cooking": (
        Pool(
            en=["Best plov recipe?", "How much salt in lagman dough?"],
            ru=["Лучший рецепт плова?", "Сколько соли в тесто для лагмана?"],
            uz=["Eng zo'r osh retsepti?", "Lag'mon xamiriga qancha tuz?"],
            cy=["Ош рецепти", "Хамирга қанча туз?"],
        ),
        Pool(
            en=[
                "Coarse salt only, and add it when the zirvak is almost ready.",
                "My grandma adds a spoon of sugar to the carrots, trust me.",
                "Buy rice at Chorsu, the one from the shop is too soft.",
                "Never wash the rice more than five times or it loses flavour.",
                "Sugar in plov? My mother-in-law would disown me.",
                "Kazan from the {city} bazaar lasts forever, buy cast iron.",
            ],
            ru=[
                "Только крупная соль, и добавлять когда зирвак почти готов.",
                "Бабушка кладёт ложку сахара в морковь, поверьте.",
                "Рис берите на Чорсу, магазинный разваривается.",
                "Кристаллы соли лучше растворять в тёплой воде.",
                "Рис больше пяти раз не промывайте, вкус уходит.",
                "Сахар в плов? Свекровь бы меня прокляла.",
                "Казан с базара в {city} вечный, берите чугун.",
            ],
            uz=[
                "Faqat yirik tuz, zirvak tayyor bo'lay deganda soling.",
                "Buvim sabziga bir qoshiq shakar qo'shadi, ishoning.",
                "Guruchni Chorsudan oling, do'kondagisi bo'tqa bo'lib ketadi.",
                "Guruchni besh martadan ko'p yuvmang, ta'mi ketadi.",
                "Oshga shakar? Qaynonam meni uydan haydardi.",
                "{city} bozoridagi qozon abadiy, cho'yanini oling.",
            ],
            cy=["Йирик туз солинг.", "Гуручни Чорсудан олинг."],
        ),
    ),
    "internet": (
        Pool(
            en=["Internet speed in {district} is terrible", "Best phone under $300?"],
            ru=["Скорость интернета в {district} ужасная", "Лучший телефон до 300$?"],
            uz=["{district}da internet tezligi yomon", "300$ gacha eng yaxshi telefon?"],
            cy=["Интернет секин", "Телефон маслаҳат беринг"],
        ),
        Pool(
            en=[
                "Switched provider last month, speed doubled.",
                "Save the router settings page as a bookmark, it helps.",
                "Samsung A-series is fine for the price.",
                "Fibre reached our block in {district} last week, finally.",
                "Turn off auto-updates at night, it eats the bandwidth.",
                "Second-hand phones from the market near {spot} are a lottery.",
            ],
            ru=[
                "Сменил провайдера, скорость выросла вдвое.",
                "Сохраните страницу роутера в закладки, пригодится.",
                "Samsung A-серии за свои деньги норм.",
                "У меня в браузере сто закладок, ничего не найти)))",
                "К нам в {district} наконец провели оптику.",
                "Отключите автообновления ночью, они съедают всю скорость.",
                "Б/у телефоны с рынка возле {spot} — лотерея.",
            ],
            uz=[
                "Provayderni almashtirdim, tezlik ikki barobar oshdi.",
                "Router sahifasini zakladkaga saqlang.",
                "Samsung A seriyasi narxiga yarasha yaxshi.",
                "{district}dagi uyimizga nihoyat optika tortishdi.",
                "Kechasi avto-yangilanishni o'chiring, tezlikni yeydi.",
                "{spot} yonidagi bozordan ishlatilgan telefon — lotereya.",
            ],
            cy=["Провайдерни алмаштирдим.", "Samsung яхши."],
        ),
    ),
    "treasure": (
        Pool(
            en=["Metal detecting near {city} — any finds?", "Found an old coin stash in the garden"],
            ru=["Коп с металлоискателем под {city} — что находили?", "Нашёл клад старых монет на даче"],
            uz=["{city} atrofida metalloiskatel bilan qidiruv", "Bog'da eski tangalar xazinasini topdim"],
            cy=["Эски тангалар топдим"],
        ),
        Pool(
            en=[
                "Mostly bottle caps and nails, but once a silver button from the 1800s.",
                "You must report historic finds, careful.",
                "My magnet fishing haul this weekend: a bike and three keys.",
                "Found a Soviet badge and a key to nothing, a good day.",
                "Don't dig in parks, the guards fine you.",
                "A neodymium magnet on a rope is the cheapest hobby ever.",
            ],
            ru=[
                "В основном пробки и гвозди, но однажды серебряная пуговица XIX века.",
                "Исторические находки надо сдавать, аккуратнее.",
                "Мой улов магнитом на выходных: велосипед и три ключа.",
                "Настоящий клад — это когда тесть не нашёл заначку)))",
                "Нашёл советский значок и ключ от неизвестно чего — хороший день.",
                "В парках не копайте, охрана штрафует.",
                "Неодимовый магнит на верёвке — самое дешёвое хобби.",
            ],
            uz=[
                "Asosan qopqoq va mix, lekin bir marta XIX asr kumush tugmasi.",
                "Tarixiy topilmalarni topshirish kerak.",
                "Dam olishda magnit bilan baliq ovi: velosiped va uchta kalit.",
                "Sovet nishoni va noma'lum kalit topdim — yaxshi kun.",
                "Parklarda qazimang, qorovullar jarima soladi.",
                "Arqondagi neodim magnit — eng arzon xobbi.",
            ],
            cy=["Тарихий топилмаларни топшириш керак."],
        ),
    ),
    "rent": (
        Pool(
            en=["Renting a flat in {district}, prices?", "Good kindergartens in {district}?"],
            ru=["Снять квартиру в {district}, какие цены?", "Хорошие садики в {district}?"],
            uz=["{district}da kvartira ijarasi, narxlar?", "{district}da yaxshi bog'cha bormi?"],
            cy=["{district}да квартира ижараси"],
        ),
        Pool(
            en=[
                "Two rooms near the metro go for {money:300-500} now.",
                "Landlords want three months upfront, crazy.",
                "Our kindergarten near {spot} is great, long waiting list though.",
                "Ask the mahalla committee, they know every empty flat.",
                "Avoid the ground floor near the canal, damp all winter.",
                "Agents take half a month's rent as a fee now.",
            ],
            ru=[
                "Двушка у метро сейчас {money:300-500}.",
                "Хозяева хотят за три месяца вперёд, жесть.",
                "Наш садик у {spot} отличный, но очередь большая.",
                "Спросите в махаллинском комитете, они знают все пустые квартиры.",
                "Первый этаж у канала не берите, сырость всю зиму.",
                "Риелторы теперь берут половину месячной аренды.",
            ],
            uz=[
                "Metro yonida ikki xonali hozir {money:300-500}.",
                "Uy egalari uch oylik oldindan so'rayapti.",
                "{spot} yonidagi bog'chamiz zo'r, lekin navbat katta.",
                "Mahalla qo'mitasidan so'rang, bo'sh uylarning hammasini bilishadi.",
                "Kanal yonidagi birinchi qavatni olmang, qishi bilan nam.",
                "Rieltorlar endi yarim oylik ijara haqini olishadi.",
            ],
            cy=["Метро ёнида икки хонали {money:300-500}."],
        ),
    ),
    "pets": (
        Pool(
            en=["My cat won't stop meowing at night", "Lost dog near {spot}"],
            ru=["Кот всю ночь мяукает, что делать?", "Потерялась собака у {spot}"],
            uz=["Mushugim kechasi bilan miyovlaydi", "{spot} yonida it yo'qoldi"],
            cy=["Мушугим кечаси миёвлайди"],
        ),
        Pool(
            en=[
                "Probably hungry or bored, try playing before bedtime.",
                "Vet in {district} is good and cheap.",
                "Posted on the mahalla chat, hope someone sees him.",
                "Our cat meows only when the fridge opens, coincidence?",
                "Found him! Thanks to everyone who shared.",
                "Cat food at the bazaar is half the price of the pet shop.",
            ],
            ru=[
                "Скорее всего, скучно — поиграйте перед сном.",
                "Ветеринар в {district} хороший и недорогой.",
                "Скинули в чат махалли, надеемся найдётся.",
                "Мяу-мяу всю ночь, понимаю вас)))",
                "Наш кот мяукает только когда открывают холодильник. Совпадение?",
                "Нашёлся! Спасибо всем, кто репостил.",
                "Корм на базаре в два раза дешевле, чем в зоомагазине.",
            ],
            uz=[
                "Zerikkan bo'lsa kerak, uxlashdan oldin o'ynang.",
                "{district}dagi veterinar yaxshi va arzon.",
                "Mahalla chatiga tashladik, topilib qolar.",
                "Mushugimiz faqat muzlatkich ochilganda miyovlaydi. Tasodifmi?",
                "Topildi! Ulashgan hammaga rahmat.",
                "Bozorda mushuk ovqati zoodo'kondagidan ikki barobar arzon.",
            ],
            cy=["Ветеринар яхши.", "Маҳалла чатига ташладик."],
        ),
    ),
    "study": (
        Pool(
            en=["IELTS in Tashkent — where to prepare?", "Chemistry olympiad: growing crystals at home"],
            ru=["IELTS в Ташкенте — где готовиться?", "Олимпиада по химии: выращиваем кристаллы дома"],
            uz=[
                "Toshkentda IELTS — qayerda tayyorlansa bo'ladi?",
                "Kimyo olimpiadasi: uyda kristall o'stiramiz",
            ],
            cy=["IELTS тайёргарлик", "Кимё олимпиадаси"],
        ),
        Pool(
            en=[
                "Copper sulfate crystals grow best in a cold room, took us two weeks.",
                "Self-study with past papers worked for me, 7.5.",
                "Centres in {district} charge {money:80-150} a month.",
                "Crystal garden kit from the toy shop worked better than our homemade one.",
                "Speaking part is where everyone loses points.",
                "Library near {spot} is quiet in the mornings.",
            ],
            ru=[
                "Кристаллы медного купороса лучше растут в прохладе, у нас ушло две недели.",
                "Готовился сам по старым тестам, 7.5.",
                "Центры в {district} берут {money:80-150} в месяц.",
                "Набор «кристальный сад» из магазина игрушек вырос лучше нашего самодельного.",
                "Больше всего баллов теряют на speaking.",
                "Библиотека возле {spot} по утрам тихая.",
            ],
            uz=[
                "Mis kuporosi kristallari salqin xonada yaxshi o'sadi, ikki hafta ketdi.",
                "O'zim eski testlar bilan tayyorlandim, 7.5.",
                "{district}dagi markazlar oyiga {money:80-150} oladi.",
                "O'yinchoq do'konidagi «kristall bog'» to'plami o'zimiz yasaganidan yaxshiroq o'sdi.",
                "Ko'pchilik speaking qismida ball yo'qotadi.",
                "{spot} yonidagi kutubxona ertalab tinch.",
            ],
            cy=["Кристаллар икки ҳафтада ўсди.", "Ўзим тайёрландим."],
        ),
    ),
    "delivery": (
        Pool(
            en=["Food delivery in {district} takes forever", "Best somsa in town?"],
            ru=["Доставка еды в {district} — вечность", "Где лучшая самса?"],
            uz=["{district}da ovqat yetkazish juda sekin", "Shahardagi eng zo'r somsa?"],
            cy=["Энг зўр сомса қаерда?"],
        ),
        Pool(
            en=[
                "The couriers are fine, the kitchens are slow.",
                "Tandir somsa near {spot}, trust me.",
                "Ordered {food} at 8, came at 10, cold.",
                "Tip your courier, they ride in any weather.",
                "The app says 30 minutes, reality says an hour.",
                "{food} from the place near {spot} is still the best in town.",
            ],
            ru=[
                "Курьеры ни при чём, кухня тормозит.",
                "Тандырная самса у {spot}, отвечаю.",
                "Заказал {food} в 8, привезли в 10, холодное.",
                "Оставляйте чаевые курьерам, они ездят в любую погоду.",
                "В приложении 30 минут, в реальности час.",
                "{food} из места возле {spot} до сих пор лучший в городе.",
            ],
            uz=[
                "Kuryerlar aybdor emas, oshxona sekin.",
                "{spot} yonidagi tandir somsa, ishoning.",
                "Soat 8 da {food} buyurtma qildim, 10 da keldi, sovuq.",
                "Kuryerlarga choychaqa qoldiring, ular har qanday havoda yuradi.",
                "Ilovada 30 daqiqa, aslida bir soat.",
                "{spot} yonidagi joyning {food}i hali ham shahardagi eng zo'ri.",
            ],
            cy=["{spot} ёнидаги сомса зўр.", "Курьерлар айбдор эмас."],
        ),
    ),
    "garden": (
        Pool(
            en=["Lawn grass won't grow in the shade", "Pine cones for New Year decor"],
            ru=["Газонная трава не растёт в тени", "Шишки для новогоднего декора"],
            uz=["Maysa soyada o'smayapti", "Yangi yil bezagi uchun qarag'ay qubbalari"],
            cy=["Майса ўсмаяпти"],
        ),
        Pool(
            en=[
                "Try a shade mix, regular seed needs full sun.",
                "We collected cones in the park, painted them white, looks great.",
                "Water in the evening only, the sun burns everything.",
                "Mint grows like a weed, plant it in a pot.",
                "Our apricot tree finally gave fruit this year.",
                "Buy seeds at the bazaar near {spot}, cheaper than the garden centre.",
            ],
            ru=[
                "Берите теневую смесь, обычная трава любит солнце.",
                "Собрали шишки в парке, покрасили в белый — красота.",
                "Поливайте только вечером.",
                "Мята растёт как сорняк, сажайте в горшок.",
                "Наш урюк в этом году наконец-то дал плоды.",
                "Семена берите на базаре возле {spot}, дешевле, чем в садовом центре.",
            ],
            uz=[
                "Soyaga chidamli aralashma oling.",
                "Parkdan qubbalar terdik, oqqa bo'yadik — chiroyli.",
                "Faqat kechqurun sug'oring.",
                "Yalpiz begona o'tdek o'sadi, tuvakka eking.",
                "O'rigimiz bu yil nihoyat meva berdi.",
                "Urug'ni {spot} yonidagi bozordan oling, bog' markazidan arzon.",
            ],
            cy=["Фақат кечқурун суғоринг."],
        ),
    ),
}

CHAT_FILLER = Pool(
    en=[
        "Off topic, but does anyone know if the metro to {district} is running late tonight?",
        "We had {food} for dinner and now I can't think about anything else.",
        "My neighbour in {district} says the same thing, so it must be true.",
        "Honestly the prices at the bazaar went up again, even for [onions|carrots|rice].",
        "Moved from {city} two years ago, still miss the quiet evenings.",
        "Sorry for my English, I'm from {city}.",
        "Back from the [wedding|gap|mahalla meeting], what did I miss?",
        "Can a mod fix the title? There's a typo.",
        "I asked my uncle, he said it was like this in the 90s too.",
        "Good thread, saving it.",
        "[Haha|lol], my [wife|brother|mum] said exactly the same yesterday.",
    ],
    ru=[
        "Не по теме, но кто знает, метро до {district} сегодня работает нормально?",
        "На ужин был {food}, теперь ни о чём другом думать не могу.",
        "Сосед из {district} говорит то же самое, значит правда.",
        "Цены на базаре опять выросли, даже на [лук|морковь|рис].",
        "Переехал из {city} два года назад, до сих пор скучаю.",
        "Вернулся с [тоя|гапа|собрания махалли], что пропустил?",
        "Модераторы, поправьте заголовок, там опечатка.",
        "Спросил у дяди, говорит, в 90-е было так же.",
        "Годная тема, сохраню.",
        "[Ахах|Ору], [жена|брат|мама] вчера то же самое сказала.",
        "Кто из {district}? Давайте соберёмся как-нибудь.",
    ],
    uz=[
        "Mavzudan tashqari, lekin {district}ga metro bugun yaxshi yuryaptimi?",
        "Kechki ovqatga {food} edi, endi boshqa narsa haqida o'ylolmayapman.",
        "{district}dagi qo'shnim ham shuni aytadi, demak rost.",
        "Bozorda narxlar yana oshdi, hatto [piyoz|sabzi|guruch] ham.",
        "{city}dan ikki yil oldin ko'chib kelganman, hali ham sog'inaman.",
        "[To'ydan|Gapdan|Mahalla yig'ilishidan] qaytdim, nimani o'tkazib yubordim?",
        "Moderatorlar, sarlavhani to'g'rilang, xato bor.",
        "Amakimdan so'radim, 90-yillarda ham shunday bo'lgan ekan.",
        "Zo'r mavzu, saqlab qo'yaman.",
        "[Xaxa|Voy], [xotinim|akam|onam] kecha xuddi shuni aytdi.",
        "Kim {district}dan? Bir kun yig'ilaylik.",
    ],
    cy=[
        "Бозорда нархлар яна ошди.",
        "Ким {district}дан? Бир кун йиғилайлик.",
        "Зўр мавзу, сақлаб қўяман.",
    ],
)

GENERIC_REPLY = Pool(
    en=[
        "+1",
        "Agree.",
        "Thanks, that helped!",
        "Same here.",
        "lol",
        "Bump.",
        "Any updates?",
        "Good point.",
        "Following.",
    ],
    ru=[
        "+1",
        "Согласен.",
        "Спасибо, помогло!",
        "Аналогично.",
        "ахах",
        "Ап.",
        "Есть новости?",
        "Дело говорите.",
        "Подпишусь.",
    ],
    uz=[
        "+1",
        "Qo'shilaman.",
        "Rahmat, yordam berdi!",
        "Menda ham shunday.",
        "xaxa",
        "Yangilik bormi?",
        "To'g'ri gap.",
        "Kuzatyapman.",
    ],
    cy=["+1", "Қўшиламан.", "Раҳмат!", "Тўғри гап."],
)


# --------------------------------------------------------------------------
# thread composer


def _post_style(ctx: Ctx, text: str) -> str:
    style = weighted(ctx.rng, {"none": 6, "lower": 2, "bare": 2, "bang": 1, "dots": 1})
    return punctuate(text, ctx.rng, style)


class _Thread:
    """A thread being written: its opening poster, the users who reply, the posts so far."""

    def __init__(self, ctx: Ctx, n_posts: int):
        self.ctx = ctx
        self.n_posts = n_posts
        self.op = make_user(ctx.rng)
        self.users = [make_user(ctx.rng) for _ in range(max(3, n_posts // 2))]
        self.posts: list[tuple[str, str]] = []

    def add(self, author: str, text: str) -> None:
        self.posts.append((author, _post_style(self.ctx, text)))

    def reply(self, pool: Pool) -> None:
        """A post from one of the users (not the opening poster), a fragment of ``pool``."""
        self.add(self.ctx.rng.choice(self.users), self.ctx.pick(pool))

    def open(self) -> bool:
        return len(self.posts) < self.n_posts


def _offer_thread(ctx: Ctx, th: _Thread) -> str:
    asking = ctx.chance(0.55)
    title = ctx.pick(FO_TITLE)
    if asking:
        th.add(th.op, ctx.pick(FO_REQUEST))
    else:
        th.add(th.op, ctx.pick(FO_OFFER))
    # guarantee an explicit offer on page 1
    offer_at = ctx.rng.randint(1, min(3, max(1, th.n_posts - 1))) if asking else 0
    while th.open():
        if len(th.posts) == offer_at:
            th.reply(FO_OFFER)
            continue
        r = ctx.rng.random()
        if r < 0.3:
            th.reply(FO_OFFER)
        elif r < 0.55:
            th.reply(FO_QUESTION)
        elif r < 0.7:
            th.reply(FO_WARN)
        elif r < 0.85 and asking:
            th.add(th.op, ctx.pick(FO_REQUEST))
        else:
            th.reply(GENERIC_REPLY)
    return title


def _recruitment_thread(ctx: Ctx, th: _Thread) -> str:
    from .text_recruit import recruitment, recruitment_short

    title = ctx.pick(REC_TITLE)
    th.add(th.op, recruitment(ctx) if ctx.chance(0.7) else recruitment_short(ctx))
    while th.open():
        r = ctx.rng.random()
        if r < 0.35:
            th.reply(REC_Q)
        elif r < 0.6:
            th.add(th.op, ctx.pick(REC_A))
        elif r < 0.8:
            th.reply(REC_WARN)
        else:
            th.reply(GENERIC_REPLY)
    return title


def _harm_reduction_thread(ctx: Ctx, th: _Thread) -> str:
    title = ctx.pick(HR_TITLE)
    th.add(th.op, ctx.pick(HR_Q))
    from .text_health import HR_FACT, HR_HELP

    while th.open():
        r = ctx.rng.random()
        if r < 0.5:
            th.reply(HR_REPLY)
        elif r < 0.65:
            th.reply(HR_HELP)
        elif r < 0.8:
            th.reply(HR_FACT)
        elif r < 0.9:
            th.add(th.op, ctx.pick(GENERIC_REPLY))
        else:
            th.reply(GENERIC_REPLY)
    return title


def _job_thread(ctx: Ctx, th: _Thread) -> str:
    from .text_everyday import job, job_title

    title = job_title(ctx)
    th.add(th.op, job(ctx))
    while th.open():
        th.add(ctx.rng.choice(th.users), ctx.pick(JOB_Q if ctx.rng.random() < 0.7 else GENERIC_REPLY))
    return title


def _chat_thread(ctx: Ctx, th: _Thread) -> str:
    topic = ctx.rng.choice(list(CHAT_TOPICS))
    titles, bodies = CHAT_TOPICS[topic]
    title = ctx.pick(titles)
    th.add(th.op, ctx.pick(bodies))
    while th.open():
        r = ctx.rng.random()
        if r < 0.45:
            th.add(ctx.rng.choice(th.users + [th.op]), ctx.pick(bodies))
        elif r < 0.7:
            th.reply(CHAT_FILLER)
        elif r < 0.78:
            from .text_everyday import GOODS_OFFER

            th.reply(GOODS_OFFER)
        else:
            th.reply(GENERIC_REPLY)
    return title


# thread kind -> the composer that writes its posts and returns its title (any other kind: a chat)
_COMPOSERS = {
    "forum_offer": _offer_thread,
    "recruitment": _recruitment_thread,
    "harm_reduction": _harm_reduction_thread,
    "job": _job_thread,
}


def thread(ctx: Ctx, kind: str, n_posts: int) -> dict:
    """Return {'title', 'posts': [(author, text), ...], 'op'} with ``n_posts`` posts."""
    th = _Thread(ctx, n_posts)
    title = _COMPOSERS.get(kind, _chat_thread)(ctx, th)
    title = title[:1].upper() + title[1:]
    return {"title": title, "posts": th.posts[:n_posts], "op": th.op}
