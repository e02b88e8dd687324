"""The shared lexicon: substances, places and feature groups in English, Russian, Uzbek Latin and Cyrillic."""

from __future__ import annotations


import pytest

from classifier.lexicon import (
    AMBIGUOUS,
    GROUPS,
    PLACES,
    SUBSTANCES,
    find_places,
    find_substances,
    fold,
    group_counts,
)

# ---------------------------------------------------------------------------------------------------- data


def test_required_canonical_substances_are_present():
    required = {
        "mephedrone",
        "alpha-pvp",
        "amphetamine",
        "methamphetamine",
        "cannabis",
        "hashish",
        "synthetic_cannabinoids",
        "heroin",
        "opium",
        "methadone",
        "tramadol",
        "pregabalin",
        "tropicamide",
        "mdma",
        "lsd",
        "cocaine",
        "ketamine",
        "gbl",
    }
    assert required <= set(SUBSTANCES)


def test_required_places_and_districts_are_present():
    required = {
        "Tashkent",
        "Samarkand",
        "Bukhara",
        "Fergana",
        "Andijan",
        "Namangan",
        "Kashkadarya",
        "Qarshi",
        "Surkhandarya",
        "Termez",
        "Khorezm",
        "Urgench",
        "Navoi",
        "Jizzakh",
        "Syrdarya",
        "Gulistan",
        "Karakalpakstan",
        "Nukus",
        "Chirchiq",
        "Angren",
        "Kokand",
        "Chilanzar",
        "Uchtepa",
        "Mirzo Ulugbek",
        "Yunusabad",
        "Yangihayot",
        "Sergeli",
        "Yashnabad",
        "Yakkasaray",
        "Olmazor",
        "Shaykhantakhur",
        "Mirobod",
        "Bektemir",
    }
    assert required <= set(PLACES)


def test_required_groups_are_present():
    assert {"dead_drop", "recruitment", "payment", "contact", "stock", "news_legal", "help_treatment"} <= set(GROUPS)


def test_every_ambiguous_form_is_a_listed_substance_form():
    forms = {fold(f) for fs in SUBSTANCES.values() for f in fs}
    missing = {a for a in AMBIGUOUS if fold(a) not in forms}
    assert not missing


def test_emoji_are_not_surface_forms():
    for forms in SUBSTANCES.values():
        for f in forms:
            assert all(ord(ch) < 0x2000 or ch.isalpha() for ch in f), f


# ---------------------------------------------------------------------------------------------------- folding


@pytest.mark.parametrize(
    "variants",
    [
        ["ko‘knor", "koʻknor", "ko'knor", "ko`knor", "ko’knor", "koknor"],
        ["Farg'ona", "Fargʻona", "Farg‘ona", "Fargona"],
        ["меф", "М Е Ф", "м.е.ф", "м-е-ф", "mеф"],  # spaced letters, a Latin 'm' in a Cyrillic word
        ["cocaine", "сосаinе", "COCAINE"],  # Cyrillic look-alikes in a Latin word
        ["mef", "m3f", "M E F"],
    ],
)
def test_fold_unifies_spelling_variants(variants):
    assert len({fold(v) for v in variants}) == 1, [fold(v) for v in variants]


def test_fold_folds_uzbek_cyrillic_letters_and_yo():
    assert fold("Кўкнор Қарши ҒИШТ ҳам лёд") == "кукнор карши гишт хам лед"


def test_fold_keeps_plain_numbers_and_short_words():
    assert fold("2024 yil, 4mmc va 1г") == "2024 yil, 4mmc va 1г"
    assert fold("м е ф в наличии") == "меф в наличии"  # the trailing one-letter word stays a word


# ---------------------------------------------------------------------------------------------------- substances


@pytest.mark.parametrize(
    "text, expected",
    [
        # Russian shop posts
        ("Меф VHQ 1г — 250 000 сум, закладки по Чиланзару", ["mephedrone"]),
        ("мефедрона нет, есть мяу-мяу 2г", ["mephedrone"]),
        ("Альфа-PVP кристаллы 0.5г, а-пвп", ["alpha-pvp"]),
        ("мука 1г, закладка", ["mephedrone"]),  # мука (flour) counts only in a drug context
        ("Гашиш и шишки в наличии, гаш 1г", ["cannabis", "hashish"]),
        ("героин, опий, ханка — 1г клад", ["heroin", "opium"]),
        ("Лирика 300 мг 10 шт, трамадол, тропикамид", ["pregabalin", "tramadol", "tropicamide"]),
        ("Экстази, МДМА, ЛСД и кокаин", ["cocaine", "lsd", "mdma"]),
        (
            "спайс / курительная смесь / амфетамин / метамфетамин",
            ["amphetamine", "methamphetamine", "synthetic_cannabinoids"],
        ),
        ("кетамин и метадон, ГБЛ", ["gbl", "ketamine", "methadone"]),
        # English
        (
            "Mephedrone (4-MMC) and alpha-PVP, weed and hashish ship from Tashkent",
            ["alpha-pvp", "cannabis", "hashish", "mephedrone"],
        ),
        ("MDMA pills, LSD tabs, cocaine 1g, heroin", ["cocaine", "heroin", "lsd", "mdma"]),
        # Uzbek Latin and Cyrillic
        ("Toshkentda nasha va ko‘knor sotiladi, mefedron ham bor", ["cannabis", "mephedrone", "opium"]),
        ("afyun va geroin olib kelingan", ["heroin", "opium"]),
        ("Тошкентда кўкнор ва мефедрон сотилади", ["mephedrone", "opium"]),
        # obfuscation
        ("м е ф в наличии", ["mephedrone"]),
        ("m3f and c0caine", ["cocaine", "mephedrone"]),
        ("мeфедрoн", ["mephedrone"]),  # Latin e and o inside a Russian word
    ],
)
def test_find_substances_positive(text, expected):
    assert find_substances(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Наша планета и её климат",  # планета is not план, наша = our
        "погашение кредита до пятницы",  # гаш inside a word
        "Mefistofel va Faust",  # mef inside a word
        "гашу свет и ухожу",  # гашу is not a form of гаш
        "Бухарик у магазина",  # not Bukhara, not a substance
        "Насвай и nos — это табак",  # hard negative: legal smokeless tobacco
        "❄️ ❄️ 💎 💊 🍁 🔌",  # emoji alone prove nothing
        "",
    ],
)
def test_find_substances_word_boundaries_and_negatives(text):
    assert find_substances(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Рецепт: соль, сахар, перец по вкусу",
        "На улице лёд, будьте осторожны",
        "Snow is expected in Tashkent tomorrow",
        "План работы на неделю утверждён",
        "Наша команда выиграла",
        "Альфа-Банк снизил ставки",
        "Трава на стадионе зелёная, марки почтовые в коллекции",
        "Скорость интернета 100 Мбит",
        "Spice up your dinner with a mix of herbs",
    ],
)
def test_ambiguous_words_alone_are_not_substances(text):
    assert find_substances(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Соль 1г — 300 000 сум, закладка магнит", ["alpha-pvp"]),
        ("лёд 0.5 гр в наличии", ["methamphetamine"]),
        ("snow 1g, dead drop in Yunusabad", ["cocaine"]),
        ("План 5 гр прикоп", ["hashish"]),
        ("шишки, заказ в боте @weed_uz_bot", ["cannabis"]),
        ("меф и соль", ["alpha-pvp", "mephedrone"]),  # an unambiguous name nearby is context too
        ("наша 1 гр, клад", ["cannabis"]),
    ],
)
def test_ambiguous_words_count_with_drug_context(text, expected):
    assert find_substances(text) == expected


def test_ambiguous_context_window_is_short():
    far = "соль" + " обычный текст без всего" * 10 + " закладка"
    assert find_substances(far) == []
    near = "соль, закладка"
    assert find_substances(near) == ["alpha-pvp"]


def test_find_substances_is_sorted_and_unique():
    text = "героин героин меф мефедрон mephedrone гашиш"
    assert find_substances(text) == ["hashish", "heroin", "mephedrone"]


# ---------------------------------------------------------------------------------------------------- places


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Доставка по Ташкенту и в Самарканде", ["Samarkand", "Tashkent"]),
        ("Toshkentda va Samarqanddan", ["Samarkand", "Tashkent"]),
        ("Тошкентда ва Бухорода", ["Bukhara", "Tashkent"]),
        ("в Бухаре, Фергане и Андижане", ["Andijan", "Bukhara", "Fergana"]),
        ("Farg‘ona, Fargʻona va Farg'ona viloyati", ["Fergana"]),
        ("Наманган, Нукус, Термез, Ургенч", ["Namangan", "Nukus", "Termez", "Urgench"]),
        ("Qashqadaryo, Surxondaryo, Xorazm, Jizzax", ["Jizzakh", "Kashkadarya", "Khorezm", "Surkhandarya"]),
        ("Қорақалпоғистон ва Сирдарё", ["Karakalpakstan", "Syrdarya"]),
        ("Chirchiq, Angren, Qo'qon, Guliston", ["Angren", "Chirchiq", "Gulistan", "Kokand"]),
        ("Клады: Чиланзар, Юнусабад, Сергели, Мирабад", ["Chilanzar", "Mirobod", "Sergeli", "Yunusabad"]),
        (
            "Chilonzor, Yunusobod, Yashnobod, Yakkasaroy tumanlarida",
            ["Chilanzar", "Yakkasaray", "Yashnabad", "Yunusabad"],
        ),
        ("Mirzo Ulug'bek tumani, Мирзо-Улугбекский район", ["Mirzo Ulugbek"]),
        (
            "Учтепа, Олмазор, Шайхантахур, Бектемир, Yangihayot",
            ["Bektemir", "Olmazor", "Shaykhantakhur", "Uchtepa", "Yangihayot"],
        ),
        ("Qarshida va Navoiy viloyatida", ["Navoi", "Qarshi"]),
        ("Каршинский район", ["Qarshi"]),
    ],
)
def test_find_places_positive(text, expected):
    assert find_places(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "giyohvandlikka qarshi kurash",  # qarshi = against
        "гиёҳвандликка қарши кураш",
        "Alisher Navoiy she'rlari",  # the poet, not the region
        "Бухарик у магазина",  # бухарик (a drunk) is not Bukhara
        "Mirzo bilan Ulug'bek",  # not the district name
        "",
    ],
)
def test_find_places_negatives(text):
    assert find_places(text) == []


# ---------------------------------------------------------------------------------------------------- groups


@pytest.mark.parametrize(
    "group, text",
    [
        ("dead_drop", "Закладка магнит, прикоп и тайник; координаты и фото клада"),
        ("dead_drop", "yashirin joy, ko‘mib ketilgan, geolokatsiya yuboramiz"),
        ("dead_drop", "dead drop and stash coordinates"),
        ("recruitment", "Работа курьером, высокий доход, лёгкий заработок, залог"),
        ("recruitment", "Kuryer kerak, tajriba shart emas, yuqori maosh, oson pul"),
        ("recruitment", "Курьер керак, юқори маош"),
        ("payment", "Оплата USDT TRC20 или на карту Uzcard / Humo"),
        ("payment", "to‘lov kartaga yoki bitcoin"),
        ("contact", "Жми старт, пиши оператору"),
        ("contact", "Операторга ёзинг / operatorga yozing"),
        ("contact", "write to @tashkent_plug_bot"),
        ("stock", "В наличии, новый завоз"),
        ("stock", "Hammasi mavjud, bor"),
        ("stock", "in stock, restock Friday"),
        ("news_legal", "Задержан, изъято 2 кг, возбуждено уголовное дело по статье 273"),
        ("news_legal", "IIV xodimlari tomonidan ushlandi, jinoyat ishi qo‘zg‘atildi"),
        ("news_legal", "ИИВ ва ДХХ ходимлари томонидан қўлга олинди"),
        ("news_legal", "Police arrested two men and seized 3 kg; they were sentenced"),
        ("help_treatment", "Реабилитация, наркология, горячая линия — помощь анонимно"),
        ("help_treatment", "reabilitatsiya va yordam, ishonch telefoni"),
        ("help_treatment", "rehab, helpline, addiction treatment"),
    ],
)
def test_group_counts_positive(group, text):
    counts = group_counts(text)
    assert counts[group] >= 2, counts


def test_group_counts_has_every_group_and_zero_on_unrelated_text():
    counts = group_counts("The weather in the mountains was lovely and the food was great.")
    assert set(counts) == set(GROUPS)
    assert all(v == 0 for v in counts.values()), counts


def test_group_counts_counts_occurrences():
    assert group_counts("закладка, закладки, закладку")["dead_drop"] == 3
    assert group_counts("Склад на складе")["dead_drop"] == 0  # склад is not клад


def test_three_functions_agree_on_mixed_post():
    post = (
        "🔥 МЕФ VHQ в наличии! Ташкент: Чиланзар, Юнусабад. 1г — 250 000 сум. Оплата USDT. "
        "Закладки магнит/прикоп. Жми старт @tash_meph_bot"
    )
    assert find_substances(post) == ["mephedrone"]
    assert find_places(post) == ["Chilanzar", "Tashkent", "Yunusabad"]
    counts = group_counts(post)
    for g in ("dead_drop", "payment", "contact", "stock"):
        assert counts[g] >= 1, (g, counts)
    assert counts["news_legal"] == 0 and counts["help_treatment"] == 0


def test_lone_surrogates_do_not_break_matching():
    # undecodable bytes reach the lexicon as lone surrogates (surrogateescape); they must not raise
    text = "m3f \udcff продам \ud800 гашиш"
    from classifier import lexicon

    assert set(lexicon.find_substances(text)) >= {"mephedrone", "hashish"}
    assert "продам" in lexicon.fold(text)
