from crawler.focus import link_relevance, priority


def test_offer_links_outrank_ordinary_ones():
    drug = link_relevance("Мефедрон 1г — закладка Чиланзар", "http://m/item/17")
    slang = link_relevance("Stimulants & party: mephedrone, a-PVP", "http://m/c/c07")
    ordinary = link_relevance("Samsung Galaxy A15, 128 GB", "http://m/item/18")
    assert drug > ordinary and slang > ordinary
    assert ordinary == 0.0


def test_url_words_count_too():
    assert link_relevance("", "http://m/category/mephedrone-crystals") > link_relevance("", "http://m/category/books")


def test_news_wording_pulls_relevance_down():
    offer = link_relevance("Гашиш в наличии, закладки", "http://m/a")
    news = link_relevance("Задержан продавец гашиша, возбуждено уголовное дело", "http://m/b")
    assert offer > news


def test_priority_mixes_parent_score_and_link():
    assert priority(1.0, "books", "http://m/x") > priority(0.0, "books", "http://m/x")
    assert priority(0.0, "mephedrone 1g dead drop", "http://m/x") > priority(0.0, "books", "http://m/x")
    assert 0 <= priority(0.0, "", "http://m/") <= priority(1.0, "меф закладка в наличии", "http://m/") <= 100
