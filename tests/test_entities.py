"""Entity extraction: phones, Telegram handles and links, onions, URLs, e-mails, checksum-validated wallets,
prices, quantities, substances, places and language; real-world-shaped positives and near-miss negatives.

Valid addresses are built here from random payloads with checksums computed in the test (an encoder written
independently of the decoder under test), plus published test vectors (BIP-173, BIP-350, EIP-55) and
well-known public addresses."""

from __future__ import annotations

import base64
import hashlib
import random

import pytest
from Crypto.Hash import keccak

from crawler.entities import extract_entities, flat, valid_onion_v3, wallet_type

RNG = random.Random(20261130)

# ---------------------------------------------------------------------------------------------------- encoders

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58encode(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + out


def b58check(version: int, payload: bytes) -> str:
    body = bytes([version]) + payload
    check = hashlib.sha256(hashlib.sha256(body).digest()).digest()[:4]
    return b58encode(body + check)


BECH32_ALPHABET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _polymod(values):
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        b = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (b >> i) & 1 else 0
    return chk


def segwit_encode(hrp: str, version: int, program: bytes, const: int | None = None) -> str:
    """BIP-173 / BIP-350 encoding; `const` overrides the checksum constant (to build wrong-variant addresses)."""
    acc = bits = 0
    data = [version]
    for byte in program:
        acc = (acc << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    if const is None:
        const = 1 if version == 0 else 0x2BC830A3
    hrp_exp = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    pm = _polymod(hrp_exp + data + [0] * 6) ^ const
    checksum = [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH32_ALPHABET[d] for d in data + checksum)


def keccak256(data: bytes) -> bytes:
    return keccak.new(digest_bits=256, data=data).digest()


def eip55(address_hex: str) -> str:
    h = keccak256(address_hex.lower().encode()).hex()
    return "0x" + "".join(c.upper() if c.isalpha() and int(h[i], 16) >= 8 else c for i, c in enumerate(address_hex))


def xmr_b58encode(data: bytes) -> str:
    sizes = [0, 2, 3, 5, 6, 7, 9, 10, 11]
    out = ""
    for i in range(0, len(data), 8):
        block = data[i : i + 8]
        n = int.from_bytes(block, "big")
        chars = ""
        while n:
            n, r = divmod(n, 58)
            chars = B58[r] + chars
        out += chars.rjust(sizes[len(block)], "1")
    return out


def xmr_address(prefix: int = 18) -> str:
    body = bytes([prefix]) + RNG.randbytes(64)
    return xmr_b58encode(body + keccak256(body)[:4])


def onion_v3(pubkey: bytes) -> str:
    version = b"\x03"
    checksum = hashlib.sha3_256(b".onion checksum" + pubkey + version).digest()[:2]
    return base64.b32encode(pubkey + checksum + version).decode().lower() + ".onion"


def mutate(s: str, index: int) -> str:
    """One character changed to another of the same alphabet class (same case, digit for digit)."""
    ch = s[index]
    if ch.isdigit():
        pool = "23456789" if ch not in "23456789" else "3456789" if ch == "2" else "2"
    elif ch.islower():
        pool = "abcdefghijkmnpqrstuvwxyz".replace(ch, "")
    else:
        pool = "ABCDEFGHJKLMNPQRSTUVWXYZ".replace(ch, "")
    return s[:index] + pool[0] + s[index + 1 :]


def wallets_of(text: str) -> list[tuple[str, str]]:
    return [(w["type"], w["address"]) for w in extract_entities(text)["wallets"]]


# ---------------------------------------------------------------------------------------------------- phones


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Тел: +998 90 123-45-67", ["+998901234567"]),
        ("Aloqa uchun 998901234567 raqamiga qo'ng'iroq qiling", ["+998901234567"]),
        ("звоните 8 90 123 45 67 (старый формат)", ["+998901234567"]),
        ("звоните 8-93-555-66-77 или 8(91)1234567", ["+998935556677", "+998911234567"]),
        ("Operator: (90) 123 45 67", ["+998901234567"]),
        ("Ташкент, городской +998 71 234 56 78", ["+998712345678"]),
        ("Uzmobile 99 876 54 32, Mobiuz +998 (97) 765 43 21", ["+998998765432", "+998977654321"]),
        (
            "admin: +7 916 123-45-67, +996 555 123 456, +992 93 123 4567",
            ["+79161234567", "+996555123456", "+992931234567"],
        ),
        ("WhatsApp: https://wa.me/998935556677", ["+998935556677"]),
        ("Telegram: t.me/+998945556677", ["+998945556677"]),
        ("+998901234567, +998 90 123 45 67 и 998901234567 — один номер", ["+998901234567"]),
    ],
)
def test_phones_found_as_e164(text, expected):
    assert extract_entities(text)["phones"] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Дата: 2024-01-15, время 13:45",
        "Опубликовано 15.01.2024 в 10:30",
        "Цена 250 000 сум, опт 1 500 000 сум",
        "Narxi 250.000 so'm, 2 500 000 so'mdan",
        "Карта 8600 1234 5678 9012 (Uzcard), Humo 9860 1234 5678 9012",
        "Заказ №901234567 оформлен",
        "order #901234567 shipped, tx 931234567",
        "ID: 4567891, просмотров 12 345",
        "2025-05-08 13:45 · 1.2K views · 2025-05-09 08:00",
        "IP 192.168.100.200, version 1.2.3.4567",
        "subscribers: 1 900, sales: 860, bots: 28",
    ],
)
def test_phone_near_misses_are_not_reported(text):
    assert extract_entities(text)["phones"] == []


def test_phone_default_region_is_a_parameter():
    assert extract_entities("звоните 8 916 123-45-67", default_region="RU")["phones"] == ["+79161234567"]
    # the Uzbek trunk rewrite is for UZ only
    assert extract_entities("8 90 123 45 67", default_region="RU")["phones"] == []


# ---------------------------------------------------------------------------------------------------- telegram


def test_handles_from_mentions_and_links():
    text = (
        "Пиши @Shop_Operator или бот @Meph_UZ_bot. Канал: https://t.me/s/tashkent_news/123, "
        "t.me/meph_uz_bot?start=ref, telegram.me/Second_Shop и tg://resolve?domain=third_shop"
    )
    ents = extract_entities(text)
    assert ents["handles"] == ["shop_operator", "meph_uz_bot", "tashkent_news", "second_shop", "third_shop"]
    assert ents["bots"] == ["meph_uz_bot"]
    assert ents["tme_links"] == [
        "https://t.me/tashkent_news",
        "https://t.me/meph_uz_bot",
        "https://t.me/second_shop",
        "https://t.me/third_shop",
    ]


def test_invite_links_are_canonical_and_keep_their_case():
    ents = extract_entities("Вход: https://t.me/+AbCdEf12345_x и t.me/joinchat/XyZ123abcDEF")
    assert ents["tme_links"] == ["https://t.me/+AbCdEf12345_x", "https://t.me/joinchat/XyZ123abcDEF"]
    assert ents["handles"] == []


@pytest.mark.parametrize(
    "text",
    [
        "почта info@shopname.uz или user.name@gmail.com",  # e-mails are no handles
        "write @gmail.com for support",  # a domain after @
        "@abcd and @ab are too short",  # fewer than 5 characters
        "@shop_name_ ends with an underscore",
        "@1shopname starts with a digit",
        "@" + "a" * 33 + " is too long",
        "https://twitter.com/@someone is another site",
        "t.me/share/url?url=x and t.me/addstickers/pack and t.me/c/1234567/89",  # reserved paths
        "visit art.me/gallery or shop.t.me",  # not t.me links
    ],
)
def test_handle_near_misses(text):
    ents = extract_entities(text)
    assert ents["handles"] == []
    assert ents["bots"] == []
    assert ents["tme_links"] == []


def test_handle_length_limits():
    ok = "a" + "b" * 30 + "c"  # 32 characters
    assert extract_entities(f"@{ok} and @abcde")["handles"] == [ok, "abcde"]


# ---------------------------------------------------------------------------------------------------- onions


def test_generated_v3_onions_validate_and_near_misses_do_not():
    rng = random.Random(3)  # own generator: the 2-byte checksum lets 1 in 65,536 near misses through
    for _ in range(20):
        onion = onion_v3(rng.randbytes(32))
        label = onion[:-6]
        assert valid_onion_v3(label)
        bad = label[:10] + ("a" if label[10] != "a" else "b") + label[11:]
        assert not valid_onion_v3(bad)
        ents = extract_entities(f"Зеркало: http://{onion}/market и {bad}.onion")
        assert ents["onions"] == [onion]
        assert f"http://{onion}/market" in ents["urls"]


def test_known_public_onion_and_upper_case():
    ddg = "duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion"
    ents = extract_entities(f"Search: {ddg.upper()} (mirror)")
    assert ents["onions"] == [ddg]


def test_onion_version_byte_must_be_3():
    pubkey = RNG.randbytes(32)
    version = b"\x02"
    checksum = hashlib.sha3_256(b".onion checksum" + pubkey + version).digest()[:2]
    label = base64.b32encode(pubkey + checksum + version).decode().lower()
    assert not valid_onion_v3(label)
    assert extract_entities(label + ".onion")["onions"] == []


def test_v2_onions_reported_separately():
    ents = extract_entities("old mirror expyuzz4wqqyqhjn.onion, not onion: abc.onion, toolongforvtwo1.onion")
    assert ents["onions_v2"] == ["expyuzz4wqqyqhjn.onion"]
    assert ents["onions"] == []


# ---------------------------------------------------------------------------------------------------- wallets


BTC_VECTORS = [
    "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",  # genesis block P2PKH
    "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",  # P2SH example
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",  # BIP-173 P2WPKH
    "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",  # BIP-173 P2WSH
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",  # BIP-350 P2TR
]
ETH_VECTORS = [  # EIP-55
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
]
TRON_VECTOR = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"  # the USDT TRC-20 contract
XMR_VECTOR = (  # the Monero general fund donation address
    "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A"
)


@pytest.mark.parametrize("address", BTC_VECTORS)
def test_btc_vectors(address):
    assert wallet_type(address) == "btc"
    assert wallets_of(f"BTC: {address}.") == [("btc", address.lower() if address.startswith("bc1") else address)]


def test_bech32_upper_case_is_valid_and_lowercased_mixed_case_is_not():
    upper = "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"
    assert wallets_of(upper) == [("btc", upper.lower())]
    mixed = "bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
    assert wallets_of(mixed) == []


def test_generated_btc_addresses_and_one_character_near_misses():
    for _ in range(15):
        for version in (0x00, 0x05):
            addr = b58check(version, RNG.randbytes(20))
            assert addr[0] == ("1" if version == 0 else "3")
            assert wallets_of(f"оплата на {addr}") == [("btc", addr)]
            bad = mutate(addr, 10)
            assert wallets_of(f"оплата на {bad}") == []
        for version, size in ((0, 20), (0, 32), (1, 32)):
            addr = segwit_encode("bc", version, RNG.randbytes(size))
            assert wallets_of(addr) == [("btc", addr)]
            bad = addr[:-3] + ("q" if addr[-3] != "q" else "p") + addr[-2:]
            assert wallets_of(bad) == []


def test_bech32_variant_and_network_rules():
    program = RNG.randbytes(20)
    assert wallets_of(segwit_encode("bc", 0, program, const=0x2BC830A3)) == []  # v0 needs bech32
    assert wallets_of(segwit_encode("bc", 1, RNG.randbytes(32), const=1)) == []  # v1 needs bech32m
    assert wallets_of(segwit_encode("tb", 0, program)) == []  # testnet is not reported
    assert wallets_of(segwit_encode("bc", 0, RNG.randbytes(25))) == []  # v0 programs are 20 or 32 bytes


def test_wrong_base58_version_is_not_btc_or_tron():
    # a valid base58check string with a testnet version byte (m/n...) and one with 0x41 read as BTC
    assert wallets_of(b58check(0x6F, RNG.randbytes(20))) == []
    tron = b58check(0x41, RNG.randbytes(20))
    assert tron.startswith("T")
    assert wallet_type("1" + tron[1:]) is None


@pytest.mark.parametrize("address", ETH_VECTORS)
def test_eth_eip55_vectors_and_case_flip(address):
    assert wallets_of(f"ETH {address}") == [("eth", address)]
    # flip the case of one letter: the EIP-55 checksum fails
    i = next(i for i, c in enumerate(address[2:], 2) if c.isalpha())
    flipped = address[:i] + address[i].swapcase() + address[i + 1 :]
    assert wallets_of(f"ETH {flipped}") == []


def test_eth_generated_all_lower_all_upper_and_length():
    for _ in range(10):
        hexpart = RNG.randbytes(20).hex()
        assert wallets_of(eip55(hexpart)) == [("eth", eip55(hexpart))]
        assert wallets_of("0x" + hexpart) == [("eth", "0x" + hexpart)]
        assert wallets_of("0x" + hexpart.upper()) == [("eth", "0x" + hexpart.upper())]
    assert wallets_of("0x" + "ab" * 32) == []  # a 32-byte hash, not an address
    assert wallets_of("0x" + "ab" * 19) == []


def test_tron_vector_and_generated():
    assert wallets_of(f"USDT (TRC20): {TRON_VECTOR}") == [("tron", TRON_VECTOR)]
    assert wallets_of(mutate(TRON_VECTOR, 20)) == []
    for _ in range(10):
        addr = b58check(0x41, RNG.randbytes(20))
        assert wallets_of(f"TRC20 {addr}") == [("tron", addr)]
        assert wallets_of(f"TRC20 {mutate(addr, 5)}") == []


def test_monero_vector_generated_and_near_misses():
    assert wallets_of(XMR_VECTOR) == [("xmr", XMR_VECTOR)]
    assert wallets_of(mutate(XMR_VECTOR, 50)) == []
    for prefix, head in ((18, "4"), (42, "8")):
        addr = xmr_address(prefix)
        assert len(addr) == 95 and addr[0] == head
        assert wallets_of(f"XMR: {addr}") == [("xmr", addr)]
        assert wallets_of(f"XMR: {mutate(addr, 30)}") == []
    assert wallets_of(xmr_address(24)) == []  # an unknown network byte


def test_wallets_inside_words_or_longer_strings_are_not_reported():
    addr = b58check(0x00, RNG.randbytes(20))
    assert wallets_of("x" + addr) == []
    assert wallets_of(addr + "Z") == []


# ---------------------------------------------------------------------------------------------------- urls, e-mails


def test_urls_trailing_punctuation_and_parentheses():
    text = (
        "Сайт: https://example.com/path?x=1. Зеркало (https://mirror.example.org/a_(b)) и "
        "«http://shop.uz/menu», HTTPS://CAPS.EXAMPLE/"
    )
    assert extract_entities(text)["urls"] == [
        "https://example.com/path?x=1",
        "https://mirror.example.org/a_(b)",
        "http://shop.uz/menu",
        "HTTPS://CAPS.EXAMPLE/",
    ]


def test_no_url_without_scheme_and_unique():
    ents = extract_entities("example.com and www.example.com; https://a.uz https://a.uz")
    assert ents["urls"] == ["https://a.uz"]


def test_emails():
    ents = extract_entities("Пишите: Info.Shop@Mail.RU, sales+uz@shop.co.uz; не email: user@localhost, @name")
    assert ents["emails"] == ["info.shop@mail.ru", "sales+uz@shop.co.uz"]
    assert "mail" not in ents["handles"]


# ---------------------------------------------------------------------------------------------------- prices


@pytest.mark.parametrize(
    "text, amount, currency",
    [
        ("Цена: 250 000 сум за грамм", 250000, "UZS"),
        ("Narxi 250.000 so'm", 250000, "UZS"),
        ("Narxi 250 ming so‘m", 250000, "UZS"),
        ("Нархи 350 минг", 350000, "UZS"),
        ("опт 1,5 mln", 1500000, "UZS"),
        ("вес 1.5 млн сум", 1500000, "UZS"),
        ("1 г — 300 тыс.", 300000, "UZS"),
        ("Нархи 300 000 сўмдан", 300000, "UZS"),
        ("price $45", 45, "USD"),
        ("price 45$", 45, "USD"),
        ("price 45 USD", 45, "USD"),
        ("30 USDT (TRC20)", 30, "USDT"),
        ("0.002 BTC", 0.002, "BTC"),
        ("1500₽", 1500, "RUB"),
        ("1500 руб.", 1500, "RUB"),
        ("UZS 120000", 120000, "UZS"),
        ("€20 per gram", 20, "EUR"),
        ("12.50 $", 12.5, "USD"),
    ],
)
def test_prices(text, amount, currency):
    prices = extract_entities(text)["prices"]
    assert len(prices) == 1, prices
    assert prices[0]["amount"] == pytest.approx(amount)
    assert prices[0]["currency"] == currency
    assert prices[0]["text"] in text


def test_price_menu_keeps_order_and_unique_amounts():
    menu = "1г — 250 000 сум\n2г — 450 000 сум\n5г — 1 000 000 сум\n1г — 250 000 сум"
    prices = extract_entities(menu)["prices"]
    assert [p["amount"] for p in prices] == [250000, 450000, 1000000]


@pytest.mark.parametrize(
    "text",
    [
        "250 000 просмотров",  # a number without a currency
        "в 2024 году 15 человек",
        "сумка за углом 100",  # сумка is not сум
        "1 500 subscribers, 860 sales",
        "Suma 45",  # no currency next to the number
    ],
)
def test_price_near_misses(text):
    assert extract_entities(text)["prices"] == []


# ---------------------------------------------------------------------------------------------------- quantities


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("меф 1г", 1, "g"),
        ("0.5 гр — 150 000 сум", 0.5, "g"),
        ("2 gr", 2, "g"),
        ("1,5g", 1.5, "g"),
        ("10 шт", 10, "pcs"),
        ("5 dona", 5, "pcs"),
        ("1 кг опт", 1, "kg"),
        ("30ml", 30, "ml"),
        ("Лирика 100 mg", 100, "mg"),
        ("300 мг", 300, "mg"),
        ("3 грамма", 3, "g"),
        ("2x1г", 1, "g"),
    ],
)
def test_quantities(text, value, unit):
    qty = extract_entities(text)["quantities"]
    assert qty == [{"value": value, "unit": unit}]


@pytest.mark.parametrize(
    "text",
    ["в 2024 г. задержаны", "5G сеть в Ташкенте", "price 10gbp", "версия 2go", "A4 формат", "100 гривен"],
)
def test_quantity_near_misses(text):
    assert extract_entities(text)["quantities"] == []


# ---------------------------------------------------------------------------------------------------- whole posts


def test_russian_shop_post():
    addr = b58check(0x41, RNG.randbytes(20))
    post = (
        "🔥 МЕФ VHQ в наличии! Ташкент: Чиланзар, Юнусабад.\n"
        "1г — 250 000 сум | 2г — 450 000 сум\n"
        f"Оплата USDT TRC20: {addr}\n"
        "Закладки магнит/прикоп. Жми старт @tash_meph_bot или звони +998 90 123-45-67"
    )
    ents = extract_entities(post)
    assert ents["phones"] == ["+998901234567"]
    assert ents["bots"] == ["tash_meph_bot"]
    assert ents["wallets"] == [{"type": "tron", "address": addr}]
    assert [p["amount"] for p in ents["prices"]] == [250000, 450000]
    assert ents["quantities"] == [{"value": 1, "unit": "g"}, {"value": 2, "unit": "g"}]
    assert ents["substances"] == ["mephedrone"]
    assert ents["places"] == ["Chilanzar", "Tashkent", "Yunusabad"]
    assert ents["lang"] == "ru"


def test_uzbek_latin_recruitment_post():
    post = (
        "Kuryer kerak! Toshkentda, Sergeli va Yunusobod tumanlarida. Kuniga 500 ming so'm. "
        "Tajriba shart emas. Yozing: @ish_bor_uz yoki 8 93 555 66 77"
    )
    ents = extract_entities(post)
    assert ents["handles"] == ["ish_bor_uz"]
    assert ents["phones"] == ["+998935556677"]
    assert ents["prices"][0]["amount"] == 500000 and ents["prices"][0]["currency"] == "UZS"
    assert ents["places"] == ["Sergeli", "Tashkent", "Yunusabad"]
    assert ents["lang"] == "uz-latn"


def test_uzbek_cyrillic_news_post():
    post = (
        "Самарқанд вилоятида ИИВ ходимлари томонидан 2 кг гиёҳванд модда (наша) ва 300 грамм кўкнор "
        "мусодара қилинди. 2025 йил 12 март."
    )
    ents = extract_entities(post)
    assert ents["places"] == ["Samarkand"]
    assert ents["substances"] == ["cannabis", "opium"]
    assert ents["quantities"] == [{"value": 2, "unit": "kg"}, {"value": 300, "unit": "g"}]
    assert ents["phones"] == [] and ents["prices"] == []
    assert ents["lang"] == "uz-cyrl"


def test_english_darknet_listing():
    onion = onion_v3(RNG.randbytes(32))
    btc = segwit_encode("bc", 0, RNG.randbytes(20))
    post = (
        f"VHQ cocaine 1g $120, MDMA 10 pcs $80. Escrow only. Mirror: {onion}. BTC: {btc}. "
        "Contact vendor@protonmail.com. Ships from Tashkent."
    )
    ents = extract_entities(post)
    assert ents["onions"] == [onion]
    assert ents["wallets"] == [{"type": "btc", "address": btc}]
    assert ents["emails"] == ["vendor@protonmail.com"]
    assert ents["handles"] == []
    assert ents["substances"] == ["cocaine", "mdma"]
    assert [(p["amount"], p["currency"]) for p in ents["prices"]] == [(120, "USD"), (80, "USD")]
    assert ents["quantities"] == [{"value": 1, "unit": "g"}, {"value": 10, "unit": "pcs"}]
    assert ents["lang"] == "en"


def test_empty_and_none():
    for value in ("", None):
        ents = extract_entities(value)
        assert all(v == [] for k, v in ents.items() if k != "lang")


def test_flat_keyword_lists():
    eth = eip55(RNG.randbytes(20).hex())
    text = f"@shop_bot t.me/shop_bot +998 90 123 45 67 https://x.uz a@b.uz {eth} меф Ташкент"
    f = flat(extract_entities(text))
    assert set(f) == {
        "phone",
        "handle",
        "bot",
        "tme",
        "onion",
        "url",
        "email",
        "wallet",
        "wallet_type",
        "substance",
        "place",
    }
    assert f["phone"] == ["+998901234567"]
    assert f["handle"] == ["shop_bot"] and f["bot"] == ["shop_bot"]
    assert f["tme"] == ["https://t.me/shop_bot"]
    assert f["url"] == ["https://x.uz"] and f["email"] == ["a@b.uz"]
    assert f["wallet"] == [eth] and f["wallet_type"] == ["eth"]
    assert f["substance"] == ["mephedrone"] and f["place"] == ["Tashkent"]
    assert all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in f.values())
