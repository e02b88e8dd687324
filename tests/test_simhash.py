"""SimHash fingerprints and the near-duplicate index on hand-written ads (fiction written for testing):
reposts with another price, phone, handle, link or a word or two changed stay near; other ads of the same
template family and unrelated texts stay far; the index clusters reposts, survives a save/load, agrees with
a brute-force search, and is fast enough."""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
from itertools import combinations
from pathlib import Path

import pytest

from crawler.simhash import FINGERPRINT_VERSION, MIN_CHARS, NearDupIndex, hamming, normalize, simhash

ROOT = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------- the ads

RU_AD = """🔥 Магазин «Снежный барс» снова на связи! 🔥
Свежий завоз, качество проверено постоянными клиентами.
В наличии:
— Мефедрон кристалл 1 г — 650 000 сум
— Альфа PVP 0,5 г — 400 000 сум
— Гашиш Афган 2 г — 550 000 сум
Работаем по всем районам Ташкента: Чиланзар, Юнусабад, Сергели, Мирзо-Улугбек.
Оплата на карту Humo или USDT, после оплаты сразу получаете координаты и фото клада.
Перезаклад при ненаходе только с видео.
Заказ через бота @snezhnyi_bars_bot, оператор @bars_operator, круглосуточно."""

UZ_AD = """Assalomu alaykum, aziz mijozlar! Do'konimiz yana ishlayapti 💎
Yangi partiya keldi, sifati a'lo, hammasi tekshirilgan.
Narxlar:
▪️ Mef kristal 1 gramm — 600 ming so'm
▪️ Shishki 2 gramm — 450 ming so'm
▪️ Gashish 1 gramm — 300 ming so'm
Toshkent bo'ylab barcha tumanlarda joylar tayyor: Chilonzor, Yunusobod, Sergeli, Olmazor.
To'lov Humo kartaga yoki kriptovalyutada, to'lovdan keyin darhol koordinatalar va rasm yuboriladi.
Topilmasa, faqat video bilan qayta joy beramiz.
Buyurtma uchun botga yozing: @toshkent_gul_bot, operator doim onlayn."""

UZC_AD = """Ассалому алайкум, ҳурматли мижозлар! Дўконимиз янги товар билан қайтди 🔥
Сифати юқори, доимий харидорлар текширди.
Нархлар:
— Меф кристалл 1 грамм — 600 минг сўм
— Гашиш 2 грамм — 500 минг сўм
— Шишки 1 грамм — 250 минг сўм
Тошкентнинг барча туманларида жойлар тайёр: Чилонзор, Юнусобод, Сергели, Олмазор.
Тўлов Humo картага ёки USDT орқали, тўловдан кейин дарҳол координаталар ва расм юборилади.
Топилмаса, фақат видео билан қайта жой берамиз.
Буюртма учун ботга ёзинг: @gul_toshkent_bot, оператор доим онлайн."""

EN_AD = """❄️ SNOWFLAKE SHOP is back online after the holidays ❄️
Fresh batch just landed and our regulars already confirmed the quality.
Menu today:
• Mephedrone crystal 1g — $50
• Cocaine Peru 0.5g — $90
• Hash Afghan 2g — $40
Dead drops ready across the city: Chilanzar, Yunusabad, Sergeli and the old town.
Pay with USDT or card, coordinates and a photo of the stash arrive right after payment.
No find? Reship only with a video of the spot.
Order through @snowflake_drop_bot, support answers 24/7, be discreet and stay safe."""

ADS = {"ru": RU_AD, "uz": UZ_AD, "uz-cyrl": UZC_AD, "en": EN_AD}

# reposts: the same ad as seen in another channel or on another site, with other contact details or layout
REPOSTS = {
    "ru": {
        "price": RU_AD.replace("650 000", "700 000").replace("400 000", "420 000"),
        "phone": RU_AD + "\nТел: +998 (93) 777 00 11",  # compared with PHONE_BASE["ru"]: the phone changed
        "handle": RU_AD.replace("@snezhnyi_bars_bot", "@bars_tashkent_bot").replace("@bars_operator", "@bars_help"),
        "link": RU_AD.replace("через бота @snezhnyi_bars_bot", "через бота t.me/snezhnyi_bars_bot"),
        "format": RU_AD.replace("🔥", "").replace("—", "-").replace("\n", "\n\n").upper(),
        "obfuscated": RU_AD.replace("Мефедрон", "Мeфeдрон").replace("Гашиш", "Га\u200bшиш"),
        "reordered": "\n".join(RU_AD.splitlines()[i] for i in (0, 1, 2, 5, 3, 4, 6, 7, 8, 9)),
    },
    "uz": {
        "price": UZ_AD.replace("600 ming", "650 ming").replace("300 ming", "280 ming"),
        "phone": UZ_AD + "\nTel: 93 555 12 34",
        "handle": UZ_AD.replace("@toshkent_gul_bot", "@gul_uz_bot"),
        "apostrophes": UZ_AD.replace("'", "ʻ"),
    },
    "uz-cyrl": {
        "price": UZC_AD.replace("600 минг", "550 минг"),
        "handle": UZC_AD.replace("@gul_toshkent_bot", "@gul_new_bot"),
    },
    "en": {
        "price": EN_AD.replace("$50", "$55").replace("$90", "$85"),
        "handle": EN_AD.replace("@snowflake_drop_bot", "@snowflake_backup_bot"),
        "link": EN_AD.replace("@snowflake_drop_bot", "http://snowflake-drop.onion/shop"),
    },
}
PHONE_BASE = {"ru": RU_AD + "\nТел: +998 90 123-45-67", "uz": UZ_AD + "\nTel: +998 (90) 111-22-33"}

# reposts with words changed: how near they stay depends on the length of the ad (see crawler/simhash.py)
EDITS = {
    "ru": {
        "one word": RU_AD.replace("Свежий завоз", "Новый завоз"),
        "two words": RU_AD.replace("Свежий", "Новый").replace("круглосуточно", "ежедневно"),
    },
    "uz": {
        "one word": UZ_AD.replace("Yangi partiya", "Toza partiya"),
        "two words": UZ_AD.replace("Yangi", "Toza").replace("doim onlayn", "doim aloqada"),
    },
    "uz-cyrl": {"one word": UZC_AD.replace("Сифати юқори", "Сифати аъло")},
    "en": {
        "one word": EN_AD.replace("Fresh batch", "New batch"),
        "two words": EN_AD.replace("Fresh batch", "New batch").replace("old town", "new town"),
    },
}

# other ads built on the same template: a shop name, a menu, districts, payment, a bot
FAMILY = [
    RU_AD,
    """⚡ Магазин «Белый кит» работает круглосуточно!
Новая партия уже разложена, отзывы смотрите в нашем канале.
Меню:
— Соль альфа 1 г — 500 000 сум
— Амфетамин 1 г — 450 000 сум
— Экстази 2 шт — 300 000 сум
Клады по Самарканду: центр, Сиаб, район вокзала.
Оплата только USDT, адрес и фото приходят автоматически.
Вопросы и перезаклады — @belyi_kit_support.""",
    """Магазин «Чёрный кот» открыл продажи в Бухаре 🐈‍⬛
Только проверенный товар, работаем без предоплаты для постоянных.
Прайс:
— Шишки АК-47 1 г — 300 000 сум
— Гашиш 1 г — 250 000 сум
— Мефедрон мука 1 г — 600 000 сум
Тайники в старом городе и на окраинах, магнит и прикоп.
Принимаем Uzcard и Payme, скрин оплаты отправляйте оператору.
Связь: @chernyi_kot_buh, отвечаем с 10 до 23.""",
    """💊 Аптека без рецепта «Здоровье+» — доставка по Ташкенту за час.
Лирика 300 мг, трамадол, тропикамид капли, всё в оригинальной упаковке.
Цены:
— Лирика 14 капсул — 350 000 сум
— Трамадол 10 таблеток — 200 000 сум
— Тропикамид 1 флакон — 150 000 сум
Курьер передаёт лично в руки, оплата наличными при получении.
Оптовикам скидки до 20%.
Пишите в лс: @zdorovie_plus_tash.""",
    """Магазин «Горный воздух» — лучшее качество в Фергане и Намангане!
Берём только у проверенных поставщиков, каждая партия на тесте.
Ассортимент:
— Марихуана сорт Amnesia 1 г — 350 000 сум
— Кристаллы 0,5 г — 450 000 сум
— Таблетки MDMA 1 шт — 200 000 сум
Мастер-клады в парках и дворах, подробное описание места.
Оплата BTC или USDT TRC20.
Бот: @gornyi_vozduh_bot, новичкам бонус на первый заказ.""",
]

UNRELATED = [
    """В Ташкенте сотрудники Департамента по борьбе с наркотиками задержали 23-летнего курьера,
который раскладывал закладки в Чиланзарском районе. При обыске у него изъяли 40 свёртков с синтетическим
веществом и телефон с координатами тайников. Возбуждено уголовное дело, следствие устанавливает
организаторов интернет-магазина, через который распространялись наркотики.""",
    """Если вы или ваши близкие столкнулись с зависимостью, помощь анонимна и бесплатна.
Республиканский наркологический центр принимает без направления, консультации психолога проводятся
ежедневно. Родителям подростков мы рассказываем, на какие признаки обратить внимание и как начать разговор.""",
    """Toshkentdagi logistika kompaniyasiga haydovchi-ekspeditor kerak. Ish vaqti 9:00 dan 18:00 gacha,
maosh 6 million so'mdan boshlab, rasmiy ishga joylashtirish va bepul tushlik. B toifali guvohnoma va
kamida ikki yillik tajriba talab qilinadi. Rezyumeni kadrlar bo'limiga yuboring.""",
    """The regional pharmacy network reminds customers that pregabalin and tramadol are sold only with a
prescription. Pharmacists are required to check the prescription and record every sale. Please ask your
doctor about alternatives and never buy medicines from anonymous sellers on messaging apps.""",
    """Ertaga Toshkentda havo bulutli bo'lib, kunduzi harorat 12-14 daraja iliq bo'ladi. Kechqurun
yomg'ir yog'ishi kutilmoqda, tog'li hududlarda qor aralash yomg'ir. Haydovchilarga yo'llarda ehtiyot bo'lish
tavsiya etiladi.""",
    """Продаю детскую коляску Chicco в хорошем состоянии, пользовались один год. В комплекте дождевик,
сумка для мамы и чехол на ножки. Самовывоз из Юнусабада, торг уместен, звоните вечером.""",
]


def fp(text: str) -> int:
    value = simhash(text)
    assert value is not None, text
    return value


# --------------------------------------------------------------------------- fingerprints


def test_identical_and_trivially_different_texts_are_at_distance_0():
    for text in ADS.values():
        assert hamming(fp(text), fp(text)) == 0
        assert hamming(fp(text), fp("  " + text.replace("\n", "  \n ") + " ")) == 0
    assert hamming(0b1011, 0b0110) == 3 and hamming(2**64 - 1, 0) == 64


@pytest.mark.parametrize("lang,change", [(lang, change) for lang, changes in REPOSTS.items() for change in changes])
def test_reposts_with_other_price_phone_handle_link_or_layout_are_at_distance_0(lang, change):
    """Masking makes these changes free: the very same fingerprint, so well within 3 bits."""
    base = PHONE_BASE[lang] if change == "phone" else ADS[lang]
    assert hamming(fp(base), fp(REPOSTS[lang][change])) == 0


def test_normalisation():
    assert normalize("Меф 0,5 г — 1 500 000 сум, +998 (90) 123-45-67") == "меф 0 г 0 сум 0"
    assert normalize("пиши @shop_bot или t.me/shop, mail a.b@mail.ru") == "пиши lnk или lnk mail lnk"
    assert normalize("мeф haѕh o‘zbek oʻzbek o'zbek") == "меф hash ozbek ozbek ozbek"
    assert normalize("Га\u200bшиш\u00adи ЁЛКА") == "гашиши елка"
    assert normalize("price 50$, 1.5g", mask=False) == "price 50 1 5g"


def test_word_edits_stay_nearer_than_any_other_text(capsys):
    """A repost with a word or two changed moves a ~70-word ad by a few bits (printed), always less than the
    distance to any other ad of the family, in another language, or unrelated text. Whether it stays within
    3 bits is partly chance (see test_single_word_substitutions_rate)."""
    others = list(ADS.values()) + FAMILY[1:] + UNRELATED
    report = []
    for lang, edits in EDITS.items():
        base = fp(ADS[lang])
        nearest_other = min(hamming(base, fp(t)) for t in others if t != ADS[lang])
        for change, text in edits.items():
            d = hamming(base, fp(text))
            report.append(f"{lang}/{change}: {d}")
            assert d < nearest_other, (lang, change, d, nearest_other)
            assert d <= 8
    with capsys.disabled():
        print("\n[simhash] word edits (bits): " + ", ".join(report))


def test_unmasked_mode_sees_prices():
    a, b = ADS["ru"], REPOSTS["ru"]["price"]
    assert simhash(a, mask=False) != simhash(b, mask=False)
    assert simhash(a) == simhash(b)


def test_single_word_substitutions_rate(capsys):
    """SimHash is statistical: one substituted word in a ~70-word ad keeps the fingerprint within 3 bits in
    most, not all, cases (the expected distance is ~64 * arccos(1 - 1/n) / pi bits). Measured, printed, and
    held to a floor."""
    rng = random.Random(5)
    donors = [w for t in FAMILY[1:] + UNRELATED for w in t.split() if w.isalpha() and len(w) > 3]
    dists = []
    for text in ADS.values():
        words = text.split(" ")
        base = fp(text)
        for _ in range(60):
            edited = list(words)
            i = rng.randrange(len(edited))
            edited[i] = rng.choice(donors)
            dists.append(hamming(base, fp(" ".join(edited))))
    within = sum(d <= 3 for d in dists) / len(dists)
    with capsys.disabled():
        print(f"\n[simhash] one substituted word: mean {statistics.mean(dists):.2f} bits, {within:.0%} within 3 bits")
    assert within >= 0.6
    assert statistics.mean(dists) < 3.5


def test_same_template_family_is_far():
    fps = [fp(t) for t in FAMILY]
    dists = [hamming(a, b) for a, b in combinations(fps, 2)]
    assert statistics.mean(dists) > 10, dists
    assert min(dists) > 3, dists


def test_ads_and_unrelated_texts_are_far():
    ads = [fp(t) for t in list(ADS.values()) + FAMILY[1:]]
    other = [fp(t) for t in UNRELATED]
    dists = [hamming(a, b) for a in ads for b in other] + [hamming(a, b) for a, b in combinations(other, 2)]
    assert statistics.mean(dists) > 10, dists
    assert min(dists) > 3, dists
    across = [hamming(a, b) for a, b in combinations([fp(t) for t in ADS.values()], 2)]
    assert min(across) > 3 and statistics.mean(across) > 10  # the same shop in another language is not a repost


def test_short_texts_are_not_fingerprinted():
    for short in ["Меф есть, пиши @bars_bot", "Mef bor 600 ming", "", "🔥🔥🔥", "fresh drop, dm me"]:
        assert len(normalize(short)) < MIN_CHARS
        assert simhash(short) is None
    assert simhash("Меф есть, пиши @bars_bot", min_chars=0) is not None
    text = "Свежий завоз мефедрона, клады по всему городу"
    assert len(normalize(text)) >= MIN_CHARS and simhash(text) is not None


def test_bits_and_stability():
    text = ADS["ru"]
    for bits in (8, 32, 64, 128, 256):
        assert 0 <= fp_bits(text, bits) < 2**bits
    for bad in (0, 7, 12, 1024):
        with pytest.raises(ValueError):
            simhash(text, bits=bad)
    # a fingerprint must not depend on the process (no built-in hash(), whose seed changes per run)
    code = "import sys; from crawler.simhash import simhash; print(simhash(sys.stdin.read()))"
    outs = set()
    for seed in ("0", "1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
        proc = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, env=env)
        assert proc.returncode == 0, proc.stderr
        outs.add(int(proc.stdout))
    assert outs == {fp(text)}


def fp_bits(text: str, bits: int) -> int:
    value = simhash(text, bits=bits)
    assert value is not None
    return value


# --------------------------------------------------------------------------- the index


def test_index_clusters_reposts_and_separates_the_rest():
    idx = NearDupIndex()
    clusters = {}
    for lang, text in ADS.items():
        clusters[lang] = idx.add(f"{lang}-original", fp(text))
    assert len(set(clusters.values())) == 4
    assert clusters["ru"] == f"c-{fp(ADS['ru']):016x}"

    for lang, changes in REPOSTS.items():
        for change, text in changes.items():
            if change == "phone":  # the ad with a phone line added: compared with the same ad, another phone
                with_phone = idx.add(f"{lang}-with-phone", fp(PHONE_BASE[lang]))
                assert idx.add(f"{lang}-{change}", fp(text)) == with_phone
            else:
                assert idx.add(f"{lang}-{change}", fp(text)) == clusters[lang], (lang, change)
    others = [idx.add(f"family-{i}", fp(t)) for i, t in enumerate(FAMILY[1:])]
    others += [idx.add(f"other-{i}", fp(t)) for i, t in enumerate(UNRELATED)]
    assert len(set(others)) == len(others) and not set(others) & set(clusters.values())
    assert idx.n_clusters == len(set(idx.lookup(fp(t)) for t in list(PHONE_BASE.values()) + list(ADS.values()))) + len(
        others
    )

    assert idx.lookup(fp(REPOSTS["uz"]["apostrophes"])) == clusters["uz"]
    # a near-duplicate 2 bits away from a member joins that member's cluster
    assert idx.add("ru-near", fp(RU_AD) ^ 0b101) == clusters["ru"]
    assert idx.nearest(fp(RU_AD) ^ 0b100) == (clusters["ru"], 1)
    assert idx.nearest(fp(ADS["en"])) == (clusters["en"], 0)
    assert idx.add("short", simhash("Mef bor, yozing")) is None
    assert idx.lookup(None) is None
    for bad in (-1, 2**64, "abc", 1.5):
        with pytest.raises(ValueError):
            idx.add("bad", bad)


def test_identical_fingerprints_are_stored_once():
    idx = NearDupIndex()
    cid = idx.add("a", fp(RU_AD))
    for i in range(50):
        assert idx.add(f"repost-{i}", fp(REPOSTS["ru"]["price"])) == cid
    assert len(idx) == 1 and idx.n_clusters == 1


def brute_nearest(stored: list[tuple[int, int]], q: int, k: int):
    """(distance, entry) of the nearest stored fingerprint within k, the oldest on ties."""
    best = None
    for i, (value, _) in enumerate(stored):
        d = hamming(value, q)
        if d <= k and (best is None or d < best[0]):
            best = (d, i)
    return best


@pytest.mark.parametrize("bits,k", [(64, 3), (64, 5), (32, 2), (64, 0)])
def test_index_agrees_with_brute_force(bits, k):
    rng = random.Random(bits * 10 + k)
    idx = NearDupIndex(bits=bits, max_distance=k)
    stored: list[tuple[int, int]] = []  # (fingerprint, founder), in entry order
    seeds = [rng.getrandbits(bits) for _ in range(300)]
    for step in range(1500):
        base = rng.choice(seeds)
        q = base
        for b in rng.sample(range(bits), rng.randint(0, k + 2)):
            q ^= 1 << b
        expect = brute_nearest(stored, q, k)
        got = idx.nearest(q)
        if expect is None:
            assert got is None
            founder = q
        else:
            founder = stored[expect[1]][1]
            assert got == (idx.cluster_name(founder), expect[0])
        added = idx.add(str(step), q)
        assert added == idx.cluster_name(founder)
        if expect is None or expect[0] > 0:
            stored.append((q, founder))
    assert len(idx) == len(stored)


def test_save_load_roundtrip(tmp_path):
    idx = NearDupIndex()
    for lang, text in ADS.items():
        idx.add(lang, fp(text))
    for i, text in enumerate(FAMILY[1:] + UNRELATED):
        idx.add(str(i), fp(text))
    idx.add("ru-repost", fp(EDITS["ru"]["two words"]))
    path = tmp_path / "state" / "neardup.idx"
    idx.save(path)
    assert [p.name for p in path.parent.iterdir()] == ["neardup.idx"]  # no temp file left

    again = NearDupIndex.load(path)
    assert (again.bits, again.max_distance, len(again), again.n_clusters) == (64, 3, len(idx), idx.n_clusters)
    for text in list(ADS.values()) + FAMILY + UNRELATED:
        assert again.lookup(fp(text)) == idx.lookup(fp(text)) is not None
    # a later crawl run: a new repost joins the cluster from the previous run
    assert again.add("ru-later", fp(REPOSTS["ru"]["price"])) == idx.lookup(fp(RU_AD))
    assert again.add("new", fp("Совсем другое объявление о продаже велосипеда, почти новый, Самарканд")) not in {
        idx.lookup(fp(t)) for t in ADS.values()
    }
    again.save(path)
    assert len(NearDupIndex.load(path)) == len(again)


def test_load_rejects_damaged_or_foreign_files(tmp_path):
    idx = NearDupIndex()
    idx.add("a", fp(RU_AD))
    path = tmp_path / "neardup.idx"
    idx.save(path)
    data = bytearray(path.read_bytes())

    damaged = bytearray(data)
    damaged[-40] ^= 1
    (tmp_path / "damaged.idx").write_bytes(bytes(damaged))
    with pytest.raises(ValueError, match="checksum"):
        NearDupIndex.load(tmp_path / "damaged.idx")

    (tmp_path / "truncated.idx").write_bytes(bytes(data[:-5]))
    with pytest.raises(ValueError):
        NearDupIndex.load(tmp_path / "truncated.idx")

    (tmp_path / "other.idx").write_bytes(b'{"not": "an index"}')
    with pytest.raises(ValueError):
        NearDupIndex.load(tmp_path / "other.idx")

    # an index built by another fingerprint version is refused, not silently mixed
    import hashlib

    body = bytes(data[:-32]).replace(
        f'"fingerprint": {FINGERPRINT_VERSION}'.encode(), f'"fingerprint": {FINGERPRINT_VERSION + 1}'.encode()
    )
    (tmp_path / "old.idx").write_bytes(body + hashlib.sha256(body).digest())
    with pytest.raises(ValueError, match="rebuild"):
        NearDupIndex.load(tmp_path / "old.idx")


def test_throughput_and_memory(capsys, tmp_path):
    """Printed, not asserted (the machine may be busy): 200,000 random fingerprints, adds and lookups per
    second, memory per entry, save/load time, and fingerprinting speed on the ads above."""
    n = 200_000
    rng = random.Random(11)
    values = [rng.getrandbits(64) for _ in range(n)]
    idx = NearDupIndex()
    t0 = time.perf_counter()
    for i, v in enumerate(values):
        idx.add(str(i), v)
    add_rate = n / (time.perf_counter() - t0)

    queries = []
    for i in range(50_000):
        v = values[rng.randrange(n)] if i % 2 else rng.getrandbits(64)
        for b in rng.sample(range(64), rng.randint(0, 3)):
            v ^= 1 << b
        queries.append(v)
    t1 = time.perf_counter()
    hits = sum(idx.lookup(q) is not None for q in queries)
    lookup_rate = len(queries) / (time.perf_counter() - t1)

    texts = list(ADS.values()) + FAMILY + UNRELATED
    t2 = time.perf_counter()
    for _ in range(20):
        for t in texts:
            simhash(t)
    fp_rate = 20 * len(texts) / (time.perf_counter() - t2)

    path = tmp_path / "idx"
    t3 = time.perf_counter()
    idx.save(path)
    save_s = time.perf_counter() - t3
    t4 = time.perf_counter()
    again = NearDupIndex.load(path)
    load_s = time.perf_counter() - t4
    with capsys.disabled():
        print(
            f"\n[neardup] {n:,} random fingerprints: add {add_rate:,.0f}/s, lookup {lookup_rate:,.0f}/s"
            f" ({hits:,} hits), memory {idx.memory_bytes() / 2**20:.0f} MiB ({idx.memory_bytes() / n:.0f} B/entry"
            f" incl. fixed bucket overhead), save {save_s:.2f}s, load {load_s:.2f}s,"
            f" {path.stat().st_size / n:.0f} B/entry on disk; simhash {fp_rate:,.0f} texts/s"
        )
    assert hits >= len(queries) // 2
    assert len(again) == n
