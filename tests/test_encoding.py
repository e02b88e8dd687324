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
