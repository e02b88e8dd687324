"""Shop advertising: fragments shared by every positive kind, and the
composers for Telegram shop posts (shop_menu, sale_ad, dead_drop) .

All text here is fiction written for testing a classifier.
"""

from __future__ import annotations

from .gen import Ctx, Pool, punctuate, shout
from .rand import weighted
from .vocab import SHOP_SUB_WEIGHTS, SUBSTANCES, UNIT_QTYS, ctx_money, fmt_qty, unit_price_usd

# --------------------------------------------------------------------------
# openers

AD_OPEN = Pool(
    en=[
        "[🔥|💥|⚡] [New batch|Fresh drop|Restock] [just landed|is in|hit the shelves]!",
        "[Hey|Yo|Hello] [fam|Tashkent|everyone], [the shop is open|we are back online|doors are open] [24/7|all night|till late].",
        "Back in business after a short break, [thanks for waiting|appreciate the patience].",
        "[Good news|Big news] for {district}: [we now cover your area|couriers are active there again].",
        "Weekend special starts [now|today|tonight].",
        "[Attention|Heads up] [regulars|customers|everyone]!",
        "The [plug|shop|team] is [live|up|online] {e:fire}",
        "[Morning|Evening] menu update {e:hand}",
        "Your trusted local [plug|supplier|shop] since [2023|2024|last spring].",
        "Ordered twice and still unsure? [Read the reviews|Check the feedback channel] and relax.",
        "Tashkent, [we missed you|we hear you|you asked, we delivered].",
        "Quick update from the [team|admin|ops desk]:",
        "[Limited stock|Small batch|Only a few left] this week, [don't sleep on it|first come first served].",
        "No stories, no delays, just [quality|the good stuff|what you came for].",
        "[Friday|Saturday|Holiday] rush is on, [order early|couriers are busy|plan ahead].",
        "[🔌|📦|🚀] Plug update",
        "It's [cold outside|raining|hot] but the [shop|menu|plug] is [warm|open|on fire].",
        "For those who asked in DMs all week:",
    ],
    ru=[
        "[🔥|💥|⚡️] [Новый|Свежий|Долгожданный] завоз [уже на витрине|в наличии|по всем районам]!",
        "[Всем привет|Доброго вечера|Салам всем], [магазин снова работает|мы на связи|витрина обновлена].",
        "[Внимание|Важно|Обратите внимание], [дорогие покупатели|бродяги|постоянные клиенты]!",
        "[Мы вернулись|Мы снова с вами] после небольшого перерыва.",
        "[Хорошие новости|Радостная новость] для {district}: [снова работаем в вашем районе|курьеры вышли на смену].",
        "Выходные [начинаются|уже здесь] — [самое время|не откладывай] заказать.",
        "Обновили [витрину|меню|прайс] {e:hand}",
        "[Кто|Для тех, кто] [спрашивал|ждал] [в лс|в боте|всю неделю]:",
        "[Магазин|Шоп|Команда] работает [24/7|круглосуточно|без выходных] {e:ok}",
        "Надёжный магазин [с 2023 года|с прошлого лета|уже третий год] в {city}.",
        "[Мало|Ограниченная партия|Последние позиции], [успевай|торопитесь|кто первый — того и тапки].",
        "Без лишних слов:",
        "Праздничная неделя — [праздничные цены|бонусы каждому|скидки до 20%].",
        "Ночная смена [на месте|вышла|работает] {e:fire}",
        "[Пятница|Суббота|Вечер] — [знаете что делать|пора закупаться|самое время].",
        "[Снова|Опять] [в деле|в строю|на связи], [братья|друзья|народ]!",
        "Коротко о главном:",
        "[Жара|Холод|Дождь] не помеха — [курьеры работают|клады на месте|всё разложено].",
    ],
    uz=[
        "[🔥|💥|⚡] [Yangi|Toza|Kutilgan] [partiya|tovar|zavoz] [keldi|tayyor|vitrinada]!",
        "[Assalomu alaykum|Salom hammaga|Xayrli kech], [do'kon ishlayapti|biz onlaynmiz|menyu yangilandi].",
        "[Diqqat|E'tibor bering], [hurmatli mijozlar|aka-ukalar|doimiy xaridorlar]!",
        "Qisqa tanaffusdan keyin [yana siz bilanmiz|qaytdik|yana ishdamiz].",
        "{district} uchun [xushxabar|yaxshi yangilik]: [yana ishlayapmiz|kuryerlar chiqdi].",
        "Dam olish kunlari [boshlandi|yaqin], [buyurtmani kechiktirmang|hozirdan band qiling].",
        "[Menyu|Narxlar|Vitrina] yangilandi {e:hand}",
        "[Kim|Kimlar] [so'ragan bo'lsa|kutgan bo'lsa|lichkaga yozgan bo'lsa]:",
        "Do'kon [24/7|kechayu kunduz|dam olishsiz] ishlaydi {e:ok}",
        "{city}da [2023-yildan beri|uchinchi yildan beri|ko'p yildan beri] ishonchli do'kon.",
        "[Tovar kam|Partiya cheklangan|Oxirgi pozitsiyalar], [shoshiling|ulgurib qoling]!",
        "Ortiqcha gapsiz:",
        "Bayram haftasi: [bonuslar|chegirmalar|sovg'alar] hammaga.",
        "Tungi smena [ishda|chiqdi|tayyor] {e:fire}",
        "[Juma|Shanba] keldi, [bilasiz nima qilish kerak|buyurtma vaqti].",
        "Yana [ishdamiz|aloqadamiz], [do'stlar|birodarlar|jo'ralar]!",
        "Eng muhimi qisqacha:",
        "[Issiq|Sovuq|Yomg'ir] bo'lsa ham [kuryerlar ishlayapti|joylar tayyor].",
    ],
    cy=[
        "Ассалому алайкум, азизлар! Бугун янги товар келди {e:fire}",
        "Хурматли мижозлар, дўконимиз яна ишламоқда.",
        "Янгилик: {district} туманида ҳам ишлай бошладик!",
        "Кечаси ҳам очиқмиз, ёзаверинг {e:hand}",
        "Сизлар сўраган товар яна бор, кечикманг.",
        "Бугун нархлар пасайди, фурсатни бой берманг.",
        "Ҳафта охири бонуслар билан!",
        "Оддий қоида: тўлов, жой, расм. Бўлди.",
        "Иккинчи партия ҳам тайёр, биринчиси бир кунда тугади.",
        "Самарқанд ва Бухорода ҳам ишлаймиз энди.",
    ],
)

# --------------------------------------------------------------------------
# stock lines

AD_STOCK = Pool(
    en=[
        "{drug} {quality} in stock, {offer}.",
        "We have {drug} ({form}) — {offer}, bigger weights on request.",
        "Fresh {drug}, {quality}, {offer}. Also {drug2}: {offer2}.",
        "{emo} {drug} is back. Same batch everyone loved last month.",
        "Top {drug} at {price} per unit, no cut, no filler.",
        "Restocked: {drug}, {drug2} and a little surprise for regulars.",
        "{drug} {offer}; {drug2} {offer2}.",
        "Got that {drug} everyone was asking about. {offer}.",
        "Menu highlight: {drug}, {quality}. From {price}.",
        "Bulk {drug} available, {bigprice} for the big bag {e:money}",
        "Plenty of {drug} today, limited {drug2}.",
        "Just weighed out a new lot of {drug}: {offer}.",
    ],
    ru=[
        "{drug} {quality} в наличии: {offer}.",
        "Есть {drug} ({form}), {offer}. Вес побольше — по запросу.",
        "Свежак: {drug}, {quality}, {offer}. Также {drug2} — {offer2}.",
        "{emo} {drug} снова на витрине, та самая партия, что разлетелась в прошлый раз.",
        "{drug} топ качества, от {price}, без бодяги.",
        "Пополнили: {drug}, {drug2} и кое-что для постоянных.",
        "{drug} {offer}\n{drug2} {offer2}",
        "То, о чём все спрашивали: {drug}. {offer}.",
        "Позиция недели — {drug}, {quality}. От {price}.",
        "Опт: {drug} от 20г, {bigprice} {e:money}",
        "{drug} в каждом районе, {drug2} пока только в центре.",
        "Новая партия — {drug}, {offer}.",
        "{drug} — [много|полно], {drug2} — [мало|немного].",
        "{drug} — {price}/г, вес честный, проверяйте.",
    ],
    uz=[
        "{drug} {quality} bor: {offer}.",
        "{drug} ({form}) mavjud, {offer}. Ko'proq kerak bo'lsa yozing.",
        "Yangi {drug}, {quality}: {offer}. Yana {drug2} ham bor — {offer2}.",
        "{emo} {drug} yana sotuvda, o'tgan safargi partiya.",
        "Eng zo'r {drug} {price} dan, aralashmasiz.",
        "To'ldirdik: {drug}, {drug2} va doimiy mijozlar uchun sovg'a.",
        "{drug} {offer}\n{drug2} {offer2}",
        "Hamma so'ragan {drug} keldi. {offer}.",
        "Hafta tovari: {drug}, {quality}. Narxi {price} dan.",
        "Optom: {drug} 20 grammdan, {bigprice} {e:money}",
        "{drug} hamma tumanlarda, {drug2} hozircha faqat markazda.",
        "{drug} sotiladi, {offer}, vazni halol.",
        "Ko'p {drug}, oz {drug2} qoldi.",
    ],
    cy=[
        "{drug} бор, нархи {price}, сифати зўр.",
        "Янги партия {drug} келди: {offer}.",
        "{drug} ва {drug2} мавжуд, ёзинг.",
        "{emo} {drug} {quality} — {offer}.",
        "Бугун {drug} кўп, {drug2} кам қолди.",
    ],
)

AD_QUALITY = Pool(
    en=[
        "Tested every batch ourselves, no complaints so far.",
        "Clean product, honest weight, photo of the scale on request.",
        "[Purity|Quality] speaks for itself — check the feedback.",
        "Not the garbage you find on the street.",
        "Same supplier for a year, consistent quality.",
        "If it's not right we make it right.",
        "Heavy hitter, start low.",
        "Lab test screenshots in the feedback channel.",
        "Smells and looks exactly like the photos.",
        "Weighed on a 0.01 scale, always a little extra.",
    ],
    ru=[
        "Каждую партию проверяем сами, жалоб нет.",
        "Чистый продукт, честный вес, фото весов по запросу.",
        "Качество говорит само за себя — смотри отзывы.",
        "Не та бодяга, что у барыг на районе.",
        "Один поставщик уже год, стабильное качество.",
        "Если что-то не так — решаем вопрос.",
        "Мощный, дозируйте аккуратно.",
        "Результаты теста в канале с отзывами.",
        "Вес всегда с горкой.",
        "Крупный кристалл, не влажный, не пахнет химией.",
        "Всё как на фото, без сюрпризов.",
        "Вставляет с первого раза, проверено.",
    ],
    uz=[
        "Har bir partiyani o'zimiz tekshiramiz, shikoyat yo'q.",
        "Toza mahsulot, vazni halol, tarozi rasmi so'rasangiz beramiz.",
        "Sifat haqida otzivlar gapiradi.",
        "Ko'chadagi aralash narsa emas.",
        "Bir yildan beri bitta yetkazib beruvchi, sifat bir xil.",
        "Biror narsa noto'g'ri bo'lsa, hal qilamiz.",
        "Kuchli, ehtiyot bo'lib boshlang.",
        "Vazni doim ozgina ortig'i bilan.",
        "Rasmdagidek, hech qanday syurprizsiz.",
        "Yirik kristal, nam emas.",
    ],
    cy=[
        "Сифат кафолатланади, шикоят бўлса ёзинг.",
        "Ҳар бир партия текширилган.",
        "Вазни ҳалол, ортиғи билан.",
        "Кўчадаги аралаш товар эмас.",
    ],
)

AD_LOGI = Pool(
    en=[
        "Drops all over {city}: {districts}.",
        "Ready spots in {district} and {district}, more tonight.",
        "Stash types: magnet, buried, tape. You choose.",
        "Pickup points near {spot} and around {district}.",
        "Photo + GPS pin sent right after payment.",
        "Courier can meet you in {district} for orders over {money:100-200}.",
        "Ships nationwide, vacuum sealed, discreet packaging.",
        "Same-day drops in {district}, next day for the regions.",
        "No meetups, contactless only.",
        "Delivery to {city} by arrangement.",
        "Pin + description + two photos, every time.",
        "Spots are checked twice before we sell them.",
    ],
    ru=[
        "Клады по всему городу: {districts}.",
        "Готовые адреса в {district} и {district}, вечером добавим.",
        "Типы: магнит, прикоп, тайник — на выбор.",
        "Точки возле {spot} и по {district}.",
        "Фото и координаты сразу после оплаты.",
        "Моментальные клады, без ожидания.",
        "Доставка по {city} — по договорённости.",
        "Работаем по всем районам: {districts}.",
        "Никаких встреч, только бесконтакт.",
        "Перезаклад при ненаходе, если фото подтверждают.",
        "Описание + две фотки + точка на карте.",
        "В регионы отправляем, уточняйте у оператора.",
        "Каждый клад проверяем дважды.",
        "[Прикопы|Магниты] свежие, сегодняшние.",
    ],
    uz=[
        "Zakladkalar butun shahar bo'ylab: {districts}.",
        "{district} va {district}da tayyor joylar bor, kechqurun yana qo'shamiz.",
        "Turlari: magnit, prikop, yashirin joy — tanlang.",
        "{spot} atrofida va {district}da joylar bor.",
        "To'lovdan keyin darhol rasm va koordinata.",
        "Tayyor joylar, kutish yo'q.",
        "{city} bo'ylab yetkazish kelishuv asosida.",
        "Hamma tumanlarda ishlaymiz: {districts}.",
        "Uchrashuv yo'q, faqat kontaktsiz.",
        "Topilmasa qayta beramiz, rasm bilan tasdiqlansa.",
        "Tavsif, ikkita rasm va geolokatsiya.",
        "Viloyatlarga ham jo'natamiz, operatordan so'rang.",
        "Har bir joy ikki marta tekshiriladi.",
    ],
    cy=[
        "Тошкент бўйлаб жойлар тайёр: {districts}.",
        "Тўловдан кейин расм ва геолокация юборилади.",
        "{district} туманида янги жойлар қўйилди.",
        "Магнит ёки прикоп, қайси бири қулай бўлса.",
        "Учрашув йўқ, фақат закладка.",
        "Вилоятларга ҳам юборамиз.",
    ],
)

AD_PAY = Pool(
    en=[
        "Payment: USDT TRC20, BTC or card.",
        "Crypto only. USDT (TRC20): {usdt}",
        "BTC accepted: {btc}",
        "We take card transfers, crypto gets 5% off.",
        "Pay first, pin second. No exceptions.",
        "Payment details come from the bot only — ignore anyone else.",
        "Escrow through the guarantor for orders over {money:300-600}.",
    ],
    ru=[
        "Оплата: карта, USDT TRC20, BTC.",
        "Принимаем USDT (TRC20): {usdt}",
        "BTC: {btc}",
        "Оплата на карту {card} или криптой.",
        "Крипта — скидка 5%.",
        "Реквизиты выдаёт только бот, остальным не верьте.",
        "Сначала оплата, потом адрес. Без исключений.",
        "Через гаранта — от {money:300-600}.",
        "Click / Payme / крипта.",
    ],
    uz=[
        "To'lov: karta, USDT TRC20 yoki BTC.",
        "USDT (TRC20) qabul qilamiz: {usdt}",
        "BTC: {btc}",
        "Kartaga: {card}, kripto bilan 5% chegirma.",
        "Rekvizitlarni faqat bot beradi, boshqalarga ishonmang.",
        "Avval to'lov, keyin manzil.",
        "Click, Payme yoki kripto.",
        "Garant orqali ham mumkin, {money:300-600} dan.",
    ],
    cy=[
        "Тўлов: карта ёки USDT.",
        "Картага тўлов: {card}",
        "Олдин тўлов, кейин жой.",
        "Крипто билан тўласангиз чегирма бор.",
    ],
)

AD_CONTACT = Pool(
    en=[
        "Order through the bot: {bot}",
        "DM {handle} for the menu.",
        "Press start 👉 {bot}",
        "Bot {bot} is the only way to order. Backup: {bot2}",
        "Questions? Operator {handle} (replies 10:00–02:00).",
        "Everything else in {chan}",
        "Text the plug: {handle} {e:hand}",
        "New here? Start the bot {bot} and pick your area.",
        "Operator: {handle}, reserve: {handle2}",
        "Signal / Session on request, ask {handle}.",
        "WhatsApp for regulars only: {fphone}",
    ],
    ru=[
        "Заказ в боте: {bot}",
        "Жми старт 👉 {bot}",
        "Пиши оператору: {handle}",
        "Оператор {handle} на связи с 10 до 02.",
        "Бот {bot}, резерв {bot2}.",
        "Все вопросы — {handle}, отзывы — {chan}",
        "Жми /start в {bot} и выбирай район.",
        "{e:hand} {bot} {e:hand}",
        "Заказы только через бота, в лс не продаём.",
        "Связь: {handle}. Резервный: {handle2}.",
        "Для своих: {fphone} (только WhatsApp).",
        "Новый бот после блокировки: {bot}",
    ],
    uz=[
        "Buyurtma bot orqali: {bot}",
        "Startni bosing 👉 {bot}",
        "Operatorga yozing: {handle}",
        "Operator {handle} soat 10 dan 02 gacha javob beradi.",
        "Bot {bot}, zaxira {bot2}.",
        "Savollar — {handle}, otzivlar — {chan}",
        "{bot} ga kiring, /start bosing va tumaningizni tanlang.",
        "Faqat bot orqali, lichkada sotmaymiz.",
        "Aloqa: {handle}. Zaxira: {handle2}.",
        "Blokdan keyin yangi bot: {bot}",
        "Жми старт: {bot}",
    ],
    cy=[
        "Буюртма фақат бот орқали: {bot}",
        "Операторга ёзинг: {handle}",
        "Старт тугмасини босинг 👉 {bot}",
        "Савол бўлса {handle} га ёзинг.",
        "Захира бот: {bot2}",
    ],
)

AD_TRUST = Pool(
    en=[
        "Over {n:300-1900} happy customers, reviews in {chan}.",
        "Guarantor available, we have nothing to hide.",
        "Reship if the spot is empty and your photos confirm it.",
        "{n:400-900} sales and counting.",
        "Read what people say in the feedback chat.",
        "Verified on the forum, same nick everywhere.",
    ],
    ru=[
        "Более {n:300-1900} довольных клиентов, отзывы в {chan}.",
        "Работаем через гаранта, нам нечего скрывать.",
        "Перезаклад при ненаходе по фото.",
        "Уже {n:400-900} продаж.",
        "Отзывы в чате, почитайте.",
        "Проверены на форуме, ник везде один.",
        "Гарант сделки — {handle2}.",
        "Не кидаем, работаем честно с 2023.",
    ],
    uz=[
        "{n:300-1900} dan ortiq mamnun mijoz, otzivlar {chan} da.",
        "Garant bilan ishlaymiz, yashiradigan narsamiz yo'q.",
        "Topilmasa, rasm bilan tasdiqlasangiz qayta beramiz.",
        "{n:400-900} ta savdo.",
        "Otzivlarni chatda o'qing.",
        "Aldamaymiz, 2023-yildan beri halol ishlaymiz.",
    ],
    cy=[
        "Мижозларимиз фикрлари {chan} каналида.",
        "Гарант орқали ишлаймиз.",
        "Топилмаса қайта берамиз.",
    ],
)

AD_PROMO = Pool(
    en=[
        "Second gram half price until Sunday.",
        "Bring a friend — both get a bonus drop.",
        "Code {n:10-99}OFF gives 10% in the bot.",
        "Free extra 0.2 on every order tonight.",
        "Regulars: ask the operator about the loyalty price.",
        "Happy hour 18:00–20:00, minus 15%.",
    ],
    ru=[
        "Второй грамм за полцены до воскресенья.",
        "Приведи друга — бонус обоим.",
        "Промокод {n:10-99}SKIDKA даёт 10% в боте.",
        "Сегодня к каждому заказу +0,2 в подарок.",
        "Постоянным — отдельный прайс, спросите оператора.",
        "С 18 до 20 скидка 15%.",
        "Розыгрыш {qty} среди подписчиков, условия в боте.",
        "Акция: три заказа — четвёртый бесплатно.",
    ],
    uz=[
        "Ikkinchi gramm yakshanbagacha yarim narxda.",
        "Do'stingizni olib keling — ikkalangizga bonus.",
        "Promokod {n:10-99}CHEGIRMA botda 10% beradi.",
        "Bugun har bir buyurtmaga +0,2 sovg'a.",
        "Doimiy mijozlarga alohida narx, operatordan so'rang.",
        "Soat 18 dan 20 gacha 15% chegirma.",
        "Obunachilar orasida {qty} o'ynaladi, shartlar botda.",
        "Aksiya: uchta buyurtma — to'rtinchisi bepul.",
    ],
    cy=[
        "Акция: иккинчи грамм ярим нархда!",
        "Доимий мижозларга бонус бор.",
        "Бугун ҳар бир буюртмага совға.",
    ],
)

AD_CLOSE = Pool(
    en=[
        "Stay safe out there.",
        "Peace ✌️",
        "Order smart, not fast.",
        "See you at the spot 😉",
        "Respect to everyone who keeps it quiet.",
        "Don't screenshot, don't share.",
        "Love, the team ❤️",
        "",
    ],
    ru=[
        "Берегите себя.",
        "Всем хорошего вечера ✌️",
        "Без палева, друзья.",
        "Не скриньте и не пересылайте.",
        "Ваш [магазин|шоп|{e:love}].",
        "Спасибо, что вы с нами!",
        "До связи.",
        "",
    ],
    uz=[
        "O'zingizni asrang.",
        "Hammaga xayrli kech ✌️",
        "Ehtiyot bo'ling, do'stlar.",
        "Skrinshot qilmang, hech kimga yubormang.",
        "Biz bilan bo'lganingiz uchun rahmat!",
        "Aloqada bo'lamiz.",
        "",
    ],
    cy=[
        "Ўзингизни асранг.",
        "Раҳмат, биз билан қолинг!",
        "Алоқада бўламиз.",
    ],
)

# --------------------------------------------------------------------------
# reviews (posted by shops as advertising)

REVIEW = Pool(
    en=[
        "Review: picked up {qty} of {drug} in {district}, spot was exactly like the photo. 10/10.",
        '"Found it in five minutes near {spot}, quality is crazy" — a happy customer',
        "Customer feedback: {drug} was {quality}, will order again.",
        "One more review from {district}: fast, clean, no problems.",
        '"Second order this week, never had a miss" ({district})',
        "Thanks for the reship, you guys are legit.",
    ],
    ru=[
        "Отзыв: взял {qty} {drug} в {district}, клад на месте, всё по фото. 10/10.",
        "«Нашёл за пять минут у {spot}, качество огонь» — отзыв покупателя",
        "Отзыв: {drug} {quality}, буду брать ещё.",
        "Ещё один отзыв из {district}: быстро, чётко, без проблем.",
        "«Второй заказ за неделю, ни одного ненахода» ({district})",
        "Спасибо за перезаклад, магазин ровный.",
        "Отзыв клиента: «магнит держался крепко, всё ровно, вес с горкой».",
        "Забрал {drug} возле {spot}, описание точное. Рекомендую.",
    ],
    uz=[
        "Otziv: {district}da {qty} {drug} oldim, joyi rasmdagidek. 10/10.",
        "«{spot} yonida besh daqiqada topdim, sifati zo'r» — mijoz fikri",
        "Mijoz fikri: {drug} {quality}, yana olaman.",
        "{district}dan yana bir otziv: tez, toza, muammosiz.",
        "«Bu haftada ikkinchi buyurtma, hammasi joyida» ({district})",
        "Qayta berganingiz uchun rahmat, do'kon halol.",
        "Oldim, topdim, mamnunman. {drug} zo'r ekan.",
    ],
    cy=[
        "Мижоз фикри: {district}да топдим, ҳаммаси расмдагидек.",
        "«Сифати зўр, яна оламан» — {district}",
        "Раҳмат дўконга, тез ва ишончли.",
    ],
)

# --------------------------------------------------------------------------
# menus

MENU_HEAD = Pool(
    en=[
        "📋 MENU",
        "Today's menu:",
        "PRICE LIST {e:fire}",
        "What we have right now:",
        "Menu ({date})",
        "🔌 Plug menu",
        "Current prices, valid until sold out:",
        "Tashkent menu — updated {time}",
    ],
    ru=[
        "📋 ПРАЙС",
        "Меню на сегодня:",
        "АССОРТИМЕНТ {e:fire}",
        "Что есть прямо сейчас:",
        "Прайс на {date}",
        "Витрина обновлена:",
        "Актуальные цены:",
        "МЕНЮ 🍭",
        "Наличие на {time}:",
    ],
    uz=[
        "📋 NARXLAR",
        "Bugungi menyu:",
        "ASSORTIMENT {e:fire}",
        "Hozir bor narsalar:",
        "{date} narxlari",
        "Vitrina yangilandi:",
        "Amaldagi narxlar:",
        "MENYU 🍭",
        "Soat {time} holatiga:",
    ],
    cy=["📋 НАРХЛАР", "Бугунги меню:", "Ҳозир мавжуд:", "Нархлар рўйхати:"],
)

DISTRICT_HEAD = Pool(
    en=["Areas:", "Where:", "Districts today:", "📍 Spots in:", "Coverage:"],
    ru=["Районы:", "Где есть:", "📍 Адреса:", "Работаем:", "Сегодня в районах:"],
    uz=["Tumanlar:", "Qayerda bor:", "📍 Joylar:", "Ishlaymiz:", "Bugun tumanlarda:"],
    cy=["Туманлар:", "📍 Жойлар:", "Қаерда бор:"],
)

# --------------------------------------------------------------------------
# dead drops

DROP_OPEN = Pool(
    en=[
        "Fresh spots just went live {e:fire}",
        "Drops for today:",
        "[Tonight's|This morning's] stash map is ready.",
        "New pins dropped across town.",
        "Ready to pick up right now:",
        "Instant spots, no waiting:",
        "Couriers finished the round, here's what's out:",
    ],
    ru=[
        "Свежие клады [уже на месте|разложены|готовы] {e:fire}",
        "Адреса на сегодня:",
        "[Ночная|Утренняя] раскладка готова.",
        "Новые точки по городу:",
        "Готово к подъёму прямо сейчас:",
        "Моменталки, без предзаказа:",
        "Кладмены вернулись с обхода, вот что есть:",
        "Закладки в наличии:",
    ],
    uz=[
        "Yangi joylar [tayyor|qo'yildi] {e:fire}",
        "Bugungi zakladkalar:",
        "[Tungi|Ertalabki] joylar tayyor.",
        "Shahar bo'ylab yangi nuqtalar:",
        "Hozir olish mumkin:",
        "Tayyor joylar, oldindan buyurtmasiz:",
        "Kuryerlar aylanib chiqdi, mana bor narsa:",
    ],
    cy=[
        "Янги жойлар тайёр {e:fire}",
        "Бугунги закладкалар:",
        "Ҳозир олиш мумкин:",
        "Курьерлар жой қўйиб чиқди:",
    ],
)

DROP_DETAIL = Pool(
    en=[
        "You get coordinates and two photos the second payment clears.",
        "Each pin has a description, please read it before you go.",
        "Spots are planted within the last {n:2-6} hours.",
        "If you can't find it, send photos from the place within an hour.",
        "Magnets on metal, buried ones under {n:5-15} cm.",
        "Don't hang around the spot, pick up and leave.",
        "Night pickups are easier, use a flashlight app.",
    ],
    ru=[
        "Координаты и две фотки — сразу после оплаты.",
        "У каждого адреса описание, читайте внимательно.",
        "Все клады сделаны за последние {n:2-6} часов.",
        "Ненаход — фото с места в течение часа.",
        "Магниты на металле, прикопы на {n:5-15} см.",
        "Не тусуйтесь у точки, подняли и ушли.",
        "Ночью поднимать проще.",
        "Точность координат до метра.",
    ],
    uz=[
        "To'lov o'tishi bilan koordinata va ikkita rasm.",
        "Har bir joyning tavsifi bor, diqqat bilan o'qing.",
        "Hamma joylar so'nggi {n:2-6} soat ichida qo'yilgan.",
        "Topilmasa, bir soat ichida joydan rasm yuboring.",
        "Magnit temirga, prikop {n:5-15} sm chuqurlikda.",
        "Joy atrofida turib qolmang, oldingiz-ketdingiz.",
        "Geolokatsiya aniq, bir metrgacha.",
    ],
    cy=[
        "Тўловдан кейин координата ва иккита расм.",
        "Ҳар бир жойнинг тавсифи бор.",
        "Топилмаса, бир соат ичида расм юборинг.",
    ],
)

# --------------------------------------------------------------------------
# composers


def _drop_line(ctx: Ctx) -> str:
    from .vocab import s_district, s_droptype

    sub = weighted(ctx.rng, SHOP_SUB_WEIGHTS)
    ctx.vars.setdefault("sub", sub)
    q = ctx.rng.choice(UNIT_QTYS[SUBSTANCES[sub]["unit"]])
    qs = fmt_qty(q, SUBSTANCES[sub]["unit"], ctx.lang, ctx.rng)
    from .vocab import _drug_name

    name = _drug_name(ctx, sub)
    dist = s_district(ctx, "")
    dt = s_droptype(ctx, "")
    n = ctx.rng.randint(1, 9)
    style = ctx.rng.randrange(6)
    if style == 0:
        return f"📍 {dist} — {name} {qs} ({dt}) x{n}"
    if style == 1:
        return f"• {dist}: {name} {qs}, {dt}"
    if style == 2:
        return f"{dist} | {name} | {qs} | {dt}"
    if style == 3:
        return f"{ctx.rng.choice(SUBSTANCES[sub]['emoji'])} {name} {qs} — {dist} [{n}]"
    if style == 4:
        return f"- {name} {qs} / {dist} / {dt}"
    return f"{dist} ➖ {name} {qs}"


def _menu_line(ctx: Ctx, sub: str) -> str:
    from .vocab import _drug_name

    spec = SUBSTANCES[sub]
    unit = spec["unit"]
    name = _drug_name(ctx, sub)
    if ctx.rng.random() < 0.4:
        name = name[:1].upper() + name[1:]
    if ctx.rng.random() < 0.2 and ctx.lang in ("en", "ru"):
        name = name.upper()
    qtys = sorted(ctx.rng.sample(UNIT_QTYS[unit], min(len(UNIT_QTYS[unit]), ctx.rng.randint(1, 3))))
    qtys = sorted(set(qtys))
    parts = []
    for q in qtys:
        price = ctx_money(ctx, unit_price_usd(sub, q, ctx.rng, ctx))
        parts.append((fmt_qty(q, unit, ctx.lang, ctx.rng), price))
    emoji = ctx.rng.choice(spec["emoji"])
    qual = ""
    if ctx.rng.random() < 0.35:
        from .vocab import QUALITY

        qual = " " + ctx.rng.choice(QUALITY[ctx.lang])
    style = ctx.rng.randrange(7)
    if style == 0:
        body = ", ".join(f"{q} — {p}" for q, p in parts)
        return f"{emoji} {name}{qual}: {body}"
    if style == 1:
        body = " | ".join(f"{q} {p}" for q, p in parts)
        return f"• {name}{qual} — {body}"
    if style == 2:
        return "\n".join([f"{emoji} {name}{qual}"] + [f"   {q} = {p}" for q, p in parts])
    if style == 3:
        body = " / ".join(q for q, _ in parts) + " — " + " / ".join(p for _, p in parts)
        return f"{name}{qual} {body}"
    if style == 4:
        body = "; ".join(f"{q}: {p}" for q, p in parts)
        return f"▪️ {name}{qual} ({body})"
    if style == 5:
        return "\n".join(f"{emoji} {name} {q} ..... {p}" for q, p in parts)
    return f"{name}{qual} ➖ " + ", ".join(f"{q} {p}" for q, p in parts)


def _register(ctx: Ctx) -> str:
    return weighted(ctx.rng, {"plain": 5, "terse": 3, "chatty": 2, "caps": 1, "emoji": 2, "lower": 1})


def _finish(ctx: Ctx, lines, register) -> str:
    lines = [l for l in lines if l]
    if register == "caps":
        lines = [shout(l) if ctx.rng.random() < 0.7 else l for l in lines]
    elif register == "emoji":
        from .vocab import s_emoji

        lines = [
            (s_emoji(ctx, "") + " " + l) if ctx.rng.random() < 0.6 and not l.startswith(("•", "-", "📍")) else l
            for l in lines
        ]
    text = ("\n\n" if ctx.rng.random() < 0.35 else "\n").join(lines)
    if register == "lower":
        text = punctuate(text, ctx.rng, "lower")
    elif register == "formal":
        text = punctuate(text, ctx.rng, weighted(ctx.rng, {"none": 8, "bare": 1}))
    else:
        text = punctuate(text, ctx.rng, weighted(ctx.rng, {"none": 6, "bang": 2, "bare": 2, "dots": 1}))
    return text


def sale_ad(ctx: Ctx) -> str:
    """A promotional shop post: stock, promo, review, or a one-liner."""
    reg = _register(ctx)
    sub = weighted(ctx.rng, {"stock": 5, "review": 2, "promo": 2, "oneliner": 2, "trust": 1})
    lines = []
    if sub == "oneliner":
        lines.append(
            ctx.x(
                ctx.rng.choice(
                    [
                        "{drug} {offer} → {bot}",
                        "{emo} {drug} {quality} | {bot}",
                        "{drug} [bor|есть|in stock] {e:hand} {handle}",
                        "{drug} — {price} — {districts}",
                        "{e:fire} {drug} + {drug2} {e:fire} {bot}",
                    ]
                )
            )
        )
        if ctx.chance(0.5):
            lines.append(ctx.pick(AD_CONTACT))
        return _finish(ctx, lines, reg)
    if sub == "review":
        if ctx.chance(0.5):
            lines.append(ctx.pick(AD_OPEN))
        lines += ctx.picks(REVIEW, ctx.randint(1, 3))
        lines.append(ctx.pick(AD_CONTACT))
        return _finish(ctx, lines, reg)
    blocks = []
    blocks.append(("open", ctx.pick(AD_OPEN)))
    blocks.append(("stock", ctx.pick(AD_STOCK)))
    if sub == "promo" or ctx.chance(0.25):
        blocks.append(("promo", ctx.pick(AD_PROMO)))
    n_extra = {"terse": 1, "plain": 2, "caps": 2, "emoji": 2, "lower": 2, "chatty": 4}[reg]
    extra = [AD_QUALITY, AD_LOGI, AD_PAY, AD_TRUST, AD_LOGI, AD_QUALITY]
    ctx.rng.shuffle(extra)
    for pool in extra[:n_extra]:
        blocks.append(("x", ctx.pick(pool)))
    body = blocks[1:]
    ctx.rng.shuffle(body)
    if ctx.chance(0.2):
        blocks = body + blocks[:1]
    else:
        blocks = blocks[:1] + body
    if ctx.chance(0.15):
        blocks = blocks[1:]  # no opener at all
    lines = [b for _, b in blocks]
    lines.append(ctx.pick(AD_CONTACT))
    if reg == "chatty" or ctx.chance(0.3):
        lines.append(ctx.pick(AD_CLOSE))
    return _finish(ctx, lines, reg)


def shop_menu(ctx: Ctx) -> str:
    reg = weighted(ctx.rng, {"plain": 5, "emoji": 2, "caps": 1, "terse": 2})
    lines = []
    if ctx.chance(0.4):
        lines.append(ctx.pick(AD_OPEN))
    lines.append(ctx.pick(MENU_HEAD))
    subs = []
    k = ctx.rng.randint(2, 8)
    for _ in range(k * 3):
        s = weighted(ctx.rng, SHOP_SUB_WEIGHTS)
        if s not in subs:
            subs.append(s)
        if len(subs) >= k:
            break
    ctx.vars.setdefault("sub", subs[0])
    menu = [_menu_line(ctx, s) for s in subs]
    lines.append("\n".join(menu))
    if ctx.chance(0.7):
        from .vocab import s_districts

        head = ctx.pick(DISTRICT_HEAD)
        if ctx.chance(0.5):
            lines.append(f"{head} {s_districts(ctx, '')}")
        else:
            from .vocab import _PLACE_COL, DISTRICTS

            rows = ctx.rng.sample(DISTRICTS, ctx.rng.randint(3, 8))
            col = _PLACE_COL[ctx.lang]
            bullet = ctx.rng.choice(["▫️", "•", "-", "📍", "✔️"])
            lines.append(head + "\n" + "\n".join(f"{bullet} {r[col]}" for r in rows))
    tail = [AD_PAY, AD_LOGI, AD_TRUST, AD_QUALITY, AD_PROMO]
    ctx.rng.shuffle(tail)
    for pool in tail[: ctx.rng.randint(0, 3)]:
        lines.append(ctx.pick(pool))
    lines.append(ctx.pick(AD_CONTACT))
    if ctx.chance(0.25):
        lines.append(ctx.pick(AD_CLOSE))
    return _finish(ctx, lines, reg)


def dead_drop(ctx: Ctx) -> str:
    reg = weighted(ctx.rng, {"plain": 5, "emoji": 2, "terse": 2, "caps": 1})
    lines = [ctx.pick(DROP_OPEN)]
    n = ctx.rng.randint(1, 9)
    lines.append("\n".join(_drop_line(ctx) for _ in range(n)))
    for pool in ctx.rng.sample([DROP_DETAIL, DROP_DETAIL, AD_PAY, AD_LOGI, AD_TRUST], ctx.rng.randint(1, 3)):
        lines.append(ctx.pick(pool))
    lines.append(ctx.pick(AD_CONTACT))
    if ctx.chance(0.2):
        lines.insert(0, ctx.pick(AD_OPEN))
    return _finish(ctx, lines, reg)


def ad_snippet(ctx: Ctx) -> str:
    """A short ad as quoted by news articles and warnings (one or two lines)."""
    form = ctx.rng.randrange(5)
    if form == 0:
        return ctx.pick(AD_STOCK)
    if form == 1:
        return ctx.pick(AD_STOCK) + " " + ctx.pick(AD_CONTACT)
    if form == 2:
        return ctx.pick(AD_LOGI)
    if form == 3:
        return ctx.pick(AD_OPEN) + " " + ctx.pick(AD_CONTACT)
    return ctx.pick(AD_CONTACT)
