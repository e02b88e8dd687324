"""The classifier's vectorised features and the offset-tracking normaliser behind explanations."""

from __future__ import annotations

import json
import random
import sys

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from classifier import lexicon
from classifier.features import GROUP_NAMES, TextFeatures, _Batch, _keys, _Table, corpus_counts, prepare
from classifier.normalize import normalize, normalize_for_index, normalize_with_offsets
from classifier.train import SEED

norm_module = sys.modules["classifier.normalize"]


@pytest.fixture(scope="module")
def seed_texts():
    with open(SEED, encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


def ngram_strings(text: str) -> set[str]:
    batch = _Batch([text])
    _d, _k, start, size = batch.char_ngrams(positions=True)
    padded = " " + text + " "
    return {padded[s : s + n] for s, n in zip(start.tolist(), size.tolist(), strict=True)}


def test_char_ngrams_are_scikit_learns_char_wb():
    sk = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=False).build_analyzer()
    for text in ["закладка магнит, m3f vhq ko'knor 🍁 bor — a bc def", "x", "ab", "Toshkentda 2g 💎💎"]:
        # (scikit-learn repeats a short padded word for the longer n; as sets the two are the same)
        assert ngram_strings(text) == set(sk(text)), text


def test_placeholders_are_words_not_char_ngrams():
    (text,) = prepare(["цена 250 000 сум за 2 г, enter"])
    assert text == "цена entprice за entqty , enter"
    grams = ngram_strings(text)
    assert not any("entp" in g or "entq" in g for g in grams)
    assert " ent" in grams and "enter" in grams  # a real word starting with "ent" keeps its n-grams


def test_words_keep_uzbek_apostrophes_and_emoji():
    text = "o'g'ri ko'knor 🍁🍁 a,b"
    batch = _Batch([text])
    start, end, _key = batch.words()
    padded = " " + text + " "
    assert [padded[s:e] for s, e in zip(start.tolist(), end.tolist(), strict=True)] == [
        "o'g'ri",
        "ko'knor",
        "🍁",
        "🍁",
        "a",
        "b",
    ]


def test_lookup_table_is_exact():
    rng = np.random.default_rng(0)
    keys = np.unique(rng.integers(1, 2**53, 30_000, dtype=np.uint64))
    table = _Table(keys)
    others = rng.integers(1, 2**53, 30_000, dtype=np.uint64)
    others = others[~np.isin(others, keys)]
    assert (table.lookup(keys) == np.arange(len(keys))).all()
    assert (table.lookup(others) == -1).all()
    assert (table.lookup(keys[::-1]) == np.arange(len(keys))[::-1]).all()


def test_vocabulary_has_no_collisions(seed_texts):
    """Two different n-grams of one text never share a column (exact keys, not hashed buckets)."""
    feats = TextFeatures().fit(seed_texts[:1500])
    for text in seed_texts[1500:1600]:
        norm = prepare([text])[0]
        batch = _Batch([norm])
        _d, key, start, size = batch.char_ngrams(positions=True)
        cols = feats.char_.lookup(_keys(key))
        padded = " " + norm + " "
        seen: dict[int, str] = {}
        for c, s, n in zip(cols.tolist(), start.tolist(), size.tolist(), strict=True):
            if c >= 0:
                assert seen.setdefault(c, padded[s : s + n]) == padded[s : s + n]


def test_transform_equals_the_cross_validation_path(seed_texts):
    texts = seed_texts[:600] + [""] * 3 + ["x" * 30_000]
    counts = corpus_counts(texts)
    train, test = np.arange(0, 400), np.arange(400, len(texts))
    feats = TextFeatures().fit_counts(counts.rows(train))
    a = feats.transform([texts[i] for i in test])
    b = feats.transform_counts(counts.rows(test))
    assert a.shape == b.shape == (len(test), feats.n_features)
    assert abs(a - b).max() < 1e-6
    norms = np.sqrt(a[:, feats.feature_slices()["char"]].multiply(a[:, feats.feature_slices()["char"]]).sum(1))
    assert np.allclose(norms[:200], 1, atol=1e-5)  # L2-normalised blocks
    with pytest.raises(ValueError, match="fitted on"):
        feats.transform_counts(corpus_counts(texts[:5]))


def test_lexicon_features_follow_the_lexicon(seed_texts):
    texts = seed_texts[:800]
    mine = np.expm1(corpus_counts(texts).groups)
    for j, group in enumerate(GROUP_NAMES[:-1]):
        ref = np.array([lexicon.group_counts(t)[group] for t in texts])
        assert np.corrcoef(mine[:, j], ref)[0, 1] > 0.8, group
    (row,) = np.expm1(corpus_counts(["Закладка магнит, координаты. Жми старт @kladmen_bot, оплата USDT"]).groups)
    got = dict(zip(GROUP_NAMES, row.tolist(), strict=True))
    assert got["dead_drop"] >= 3 and got["contact"] >= 2 and got["payment"] >= 1 and got["news_legal"] == 0


@pytest.mark.parametrize(
    "text",
    [
        "мeфедрон в наличии",
        "m e f 1g, m.e.f",
        "М Е Ф закладки",
        "k0ks l$d 3кстази",
        "ko‘knor koʻknor ko`knor",
        "Пиши @best_shop_bot или +998 90 123-45-67, оплата 250 000 сум, 2 г",
        "ﬁne ＡＢＣ café İstanbul",
        "  lots   of\n\nspace\t",
        "",
        "🍁🍁💎 e\u0301 x",
    ],
)
def test_offsets_give_the_same_text_and_point_into_the_original(text):
    norm, starts, ends = normalize_with_offsets(text)
    assert norm == normalize(text)
    assert len(starts) == len(ends) == len(norm)
    assert all(0 <= s < e <= len(text) for s, e in zip(starts, ends, strict=True))
    assert starts == sorted(starts)
    norm2, _s, _e = normalize_with_offsets(text, placeholders=False)
    assert norm2 == normalize(text, placeholders=False)
    assert len(normalize_for_index(text).split()) == len(norm2.split())  # the index copy: the same words, stemmed


def test_offsets_of_folded_letters():
    text = "Продаю m e f и мeфедрон"
    norm, starts, ends = normalize_with_offsets(text)
    i = norm.index("mef")
    assert text[starts[i] : ends[i + 2]] == "m e f"
    j = norm.index("мефедрон")
    assert text[starts[j] : ends[j + 7]] == "мeфедрон" and text[starts[j + 1]] == "e"  # the Latin e
    phone = "звони +998 90 123-45-67 сейчас"
    norm, starts, ends = normalize_with_offsets(phone)
    k = norm.index("entphone")
    assert phone[starts[k] : ends[k + 7]] == "+998 90 123-45-67"


def test_offsets_on_seed_texts(seed_texts):
    for text in random.Random(5).sample(seed_texts, 300):
        norm, starts, ends = normalize_with_offsets(text)
        assert norm == normalize(text)
        for i, ch in enumerate(norm):
            if ch.isalpha() and text[starts[i] : ends[i]].isalpha() and "ent" not in norm[max(0, i - 12) : i + 12]:
                # a letter comes from inside an original word that normalises to contain it (folding depends on
                # the word: a Cyrillic о in a Latin word becomes o)
                s, e = starts[i], ends[i]
                while s > 0 and not text[s - 1].isspace():
                    s -= 1
                while e < len(text) and not text[e].isspace():
                    e += 1
                assert ch in normalize(text[s:e]), (ch, text[s:e])


def test_normalize_speed_path_matches_the_regex_path(seed_texts):
    """Long texts find the words to fold with array operations, short ones with regular expressions: same words."""
    fold_edits, candidates = norm_module._fold_edits, norm_module._fold_candidates
    for text in random.Random(2).sample(seed_texts, 400) + ["x1 мeф 💎 𝟏 l$d ko'knor 𐒠 " * 5]:
        text = norm_module._unify_apostrophes(text)
        spans = set(candidates([text])[0])
        for s, e, _folded in fold_edits(text):
            assert (s, e) in spans
        found = {norm_module._word_span(text, m.start(), m.end()) for m in norm_module._MIXED.finditer(text)}
        found |= {
            norm_module._word_span(text, m.start(), m.end()) for m in norm_module._SIGN_NEAR_LETTER.finditer(text)
        }
        assert found <= spans


def test_character_ngrams_are_shared_across_scripts(seed_texts):
    # Cyrillic and Latin spellings of one word give the same character n-grams; the word features keep the script
    from classifier.normalize import to_latin, to_latin_with_map

    assert to_latin("бошки клад тўлов ғишт хочешь щётка") == "boshki klad to'lov g'isht xochesh shyotka"
    latin, src = to_latin_with_map("шоҳ")
    assert latin == "shoh" and src.tolist() == [0, 0, 1, 2]
    counts = corpus_counts(["клад бошки", "klad boshki", "клад"])
    char = counts.char.toarray()
    assert (char[0] == char[1]).all() and (char[0] != char[2]).any()
    word = counts.word.toarray()
    assert (word[0] != word[1]).any()  # "клад" and "klad" stay two words
    feats = TextFeatures().fit(seed_texts[:800])
    a, b = feats.transform(["закладка магнит"]), feats.transform(["zakladka magnit"])
    sl = feats.feature_slices()["char"]
    assert abs(a[:, sl] - b[:, sl]).max() < 1e-6 and a[:, sl].nnz > 10


def test_models_saved_before_the_latin_spelling_keep_their_features(seed_texts):
    # a model pickled before issue 13 has no char_latin_ attribute: it must go on counting the original script
    import pickle

    texts = seed_texts[:500]
    old = TextFeatures().fit_counts(corpus_counts(texts, char_latin=False))
    del old.__dict__["char_latin_"]
    old = pickle.loads(pickle.dumps(old))
    mine = old.transform(texts[:50])
    ref = TextFeatures().fit_counts(corpus_counts(texts, char_latin=False))
    assert abs(mine - ref.transform(texts[:50])).max() < 1e-6
    assert ref.char_latin_ is False
    new = TextFeatures().fit_counts(corpus_counts(texts))
    assert new.char_latin_ is True
    assert len(np.setdiff1d(ref.char_.keys_, new.char_.keys_)) > 1000  # Cyrillic n-grams the new one spells in Latin
