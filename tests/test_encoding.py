import random

import pytest

from crawler.encoding import decode_body, looks_binary

RU = "<html><body><p>Мефедрон в наличии, закладки по Ташкенту. Пишите оператору.</p></body></html>"
UZ = "<p>Тошкент бўйлаб етказиб бериш, нархи келишилади</p>"


def test_declared_cp1251_header():
    text, enc = decode_body(RU.encode("cp1251"), "text/html; charset=windows-1251")
    assert "Мефедрон в наличии" in text and enc == "windows-1251"


def test_koi8r_declared_in_meta_only():
    body = ('<html><head><meta charset="koi8-r"></head>' + RU[6:]).encode("koi8_r")
    text, enc = decode_body(body, "text/html")
    assert "закладки по Ташкенту" in text and enc == "koi8-r"


def test_utf8_declared_as_latin1_is_repaired():
    text, enc = decode_body((RU + UZ).encode("utf-8"), "text/html; charset=iso-8859-1")
    assert "Мефедрон" in text and "бўйлаб" in text and enc == "utf-8"


def test_undeclared_cp1251_and_koi8r_are_told_apart():
    for codec in ("cp1251", "koi8_r"):
        text, _ = decode_body(RU.encode(codec), "text/html")
        assert "Мефедрон в наличии, закладки по Ташкенту" in text, codec


def test_plain_latin1_page_stays_latin1():
    text, _ = decode_body("Café crème, Größe".encode("latin-1"), "text/html; charset=iso-8859-1")
    assert text == "Café crème, Größe"


def test_bom_wins():
    text, enc = decode_body(b"\xef\xbb\xbf" + "Привет".encode(), "text/html; charset=cp1251")
    assert text == "Привет" and enc == "utf-8"


def test_binary_detection():
    assert looks_binary(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert looks_binary(bytes(range(0, 256)) * 4)
    assert not looks_binary(RU.encode("utf-8"))
    assert not looks_binary(RU.encode("cp1251"))
    assert not looks_binary(b"")


# -- UTF-16 and UTF-32 --------------------------------------------------------------------------------------
PAGE = (
    '<html><head><meta charset="{cs}"><title>Мефедрон</title></head>'
    "<body><p>Мефедрон в наличии, закладки по Ташкенту. Toshkent bo‘ylab klad.</p></body></html>"
)
WIDE = [
    ("utf-16-le", b"\xff\xfe"),
    ("utf-16-be", b"\xfe\xff"),
    ("utf-32-le", b"\xff\xfe\x00\x00"),
    ("utf-32-be", b"\x00\x00\xfe\xff"),
]


@pytest.mark.parametrize("codec, bom", WIDE)
def test_wide_pages_with_a_byte_order_mark(codec, bom):
    body = bom + PAGE.format(cs="utf-8").encode(codec)  # a wrong meta charset: the mark wins
    assert not looks_binary(body, "text/html")
    text, enc = decode_body(body, "text/html; charset=windows-1251")
    assert enc == codec and "закладки по Ташкенту" in text and "bo‘ylab" in text and not text.startswith("\ufeff")


@pytest.mark.parametrize("codec", [c for c, _ in WIDE])
def test_wide_pages_without_a_mark_declared_in_header_or_meta(codec):
    short = codec.replace("-le", "le").replace("-be", "be")  # utf-16le, as servers write it
    body = PAGE.format(cs=short).encode(codec)
    for content_type in (f"text/html; charset={short}", "text/html"):  # header, then meta only
        assert not looks_binary(body, content_type), content_type
        text, enc = decode_body(body, content_type)
        assert enc == codec and "Мефедрон в наличии" in text, (content_type, enc)


def test_meta_utf16_without_endianness_and_undeclared_wide_text():
    body = PAGE.format(cs="utf-16").encode("utf-16-be")  # endianness from the zero bytes
    assert decode_body(body, "text/html")[1] == "utf-16-be"
    plain = "<html><body><p>Cheap hash in Tashkent, dead drops, write to the bot.</p></body></html>"
    assert decode_body(plain.encode("utf-32-le"), "")[1] == "utf-32-le"  # no declaration at all


def test_cyrillic_only_utf16_declared_in_the_header():
    body = ("Мефедрон в наличии закладки по Ташкенту " * 10).encode("utf-16-le")
    text, enc = decode_body(body, "text/html; charset=utf-16le")
    assert enc == "utf-16-le" and text.startswith("Мефедрон в наличии")


def test_wide_declarations_do_not_turn_binary_or_ascii_into_text():
    rng = random.Random(7)
    noise = bytes(rng.randrange(256) for _ in range(5000))
    assert looks_binary(noise, "text/html; charset=utf-16")
    assert looks_binary(b"\xff\xfe" + noise)  # a mark in front of noise is still noise
    assert looks_binary(b"\x00" * 300 + noise, "text/html; charset=utf-32")
    assert looks_binary(b"\x89PNG\r\n\x1a\n" + PAGE.encode("utf-16-le"), "text/html; charset=utf-16le")
    # an ordinary UTF-8 page that declares utf-16 by mistake stays UTF-8
    text, enc = decode_body(PAGE.format(cs="utf-16").encode("utf-8"), "text/html")
    assert enc == "utf-8" and "закладки" in text
