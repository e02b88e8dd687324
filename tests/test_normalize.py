from classifier.lang import detect
from classifier.normalize import normalize, normalize_for_index


def test_lookalike_latin_letters_in_cyrillic_word_are_folded():
    # 'е' and 'о' typed as Latin letters inside Russian words
    assert normalize("мeфедрoн в наличии") == normalize("мефедрон в наличии")


def test_cyrillic_lookalikes_in_latin_word_are_folded():
    assert normalize("сосаine") == "cocaine"
    assert normalize_for_index("сосаine") == normalize_for_index("cocaine") == "cocain"  # stemmed for the index


def test_index_copy_is_stemmed_so_word_forms_meet():
    assert normalize_for_index("с мефедроном") == normalize_for_index("с мефедрон") == "с мефедрон"
    assert normalize_for_index("Dead drops") == normalize_for_index("dead drop")
    assert normalize_for_index("закладки") == normalize_for_index("закладка")


def test_leetspeak_and_spaced_letters():
    assert normalize("m e f") == "mef"
    assert normalize("m3f") == "mef"
    assert normalize("м.е.ф") == "меф"
    assert normalize("k0ks") == "koks"


def test_plain_numbers_are_not_leet_mapped():
    assert "2024" in normalize_for_index("2024 yil")


def test_uzbek_apostrophes_unified():
    forms = ["ko‘knor", "koʻknor", "ko'knor", "ko`knor", "ko’knor"]
    assert len({normalize(f) for f in forms}) == 1


def test_entities_become_placeholders():
    text = "Пиши @best_shop_bot или +998 90 123-45-67, оплата 250 000 сум, 2 г"
    out = normalize(text)
    assert "entbot" in out and "entphone" in out and "entprice" in out and "entqty" in out
    assert "998" not in out


def test_onion_and_wallet_placeholders():
    onion = "a" * 56 + ".onion"
    out = normalize(f"mirror {onion} pay TXyz1234567890abcdefghijkmnopqrstu")
    assert "entonion" in out


def test_language_detection():
    assert detect("Мефедрон в наличии, доставка по городу") == "ru"
    assert detect("Тошкентда ўғирлик қилинган") == "uz-cyrl"
    assert detect("Toshkent bo'ylab yetkazib beramiz, narxi kelishiladi") == "uz-latn"
    assert detect("Stealth shipping from the vendor with escrow") == "en"
