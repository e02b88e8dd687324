"""The investigators' query language (search/syntax.py): pure Python, no Elasticsearch."""

from __future__ import annotations

import json
import random
from datetime import date

import pytest

from classifier.normalize import normalize_for_index
from search.syntax import (
    ENTITY_FIELDS,
    And,
    MatchAll,
    Not,
    Or,
    QuerySyntaxError,
    Range,
    Term,
    Text,
    compile_query,
    describe,
    entity_filter,
    normalise_entity,
    parse,
    to_es,
)

W = Text  # a bare word


def word_clause(value: str, kind: str = "match") -> dict:
    extra = {"operator": "and"} if kind == "match" else {}
    return {
        "bool": {
            "should": [
                {kind: {"title": {"query": value, **extra, "boost": 2}}},
                {kind: {"text": {"query": value, **extra}}},
                {kind: {"text_norm": {"query": normalize_for_index(value), **extra}}},
            ],
            "minimum_should_match": 1,
        }
    }


def error(text: str) -> QuerySyntaxError:
    with pytest.raises(QuerySyntaxError) as info:
        compile_query(text)
    return info.value


# ------------------------------------------------------------------------------------------------ structure


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_query_matches_everything(text):
    assert parse(text) == MatchAll()
    assert compile_query(text) == {"match_all": {}}


def test_bare_word_searches_title_text_and_normalised_copy():
    assert compile_query("Mef") == word_clause("Mef")
    # the folded copy goes through the indexer's normaliser
    clause = compile_query("м3ф")["bool"]["should"][2]
    assert clause == {"match": {"text_norm": {"query": normalize_for_index("м3ф"), "operator": "and"}}}


def test_words_are_anded_and_lower_case_operators_are_words():
    assert parse("mef tashkent") == And((W("mef"), W("tashkent")))
    assert parse("mef and or not shop") == And(tuple(W(w) for w in ("mef", "and", "or", "not", "shop")))
    assert compile_query("a b") == {"bool": {"must": [word_clause("a"), word_clause("b")]}}


def test_precedence_not_over_and_over_or():
    assert parse("a b OR c") == Or((And((W("a"), W("b"))), W("c")))
    assert parse("a OR b AND c") == Or((W("a"), And((W("b"), W("c")))))
    assert parse("NOT a AND b") == And((Not(W("a")), W("b")))
    assert parse("a AND (b OR c)") == And((W("a"), Or((W("b"), W("c")))))


def test_symbol_operators_and_minus():
    assert parse("a && b || c") == parse("a AND b OR c")
    assert parse("mef -news") == And((W("mef"), Not(W("news"))))
    assert parse('-"for sale"') == Not(Text("for sale", phrase=True))
    assert parse("-(a OR b)") == Not(Or((W("a"), W("b"))))
    assert parse("alpha-pvp") == W("alpha-pvp")  # a dash inside a word is part of it


def test_punctuation_only_words_are_ignored():
    assert parse("mef - shop — ***") == parse("mef shop")
    assert parse("mef -! shop") == parse("mef shop")  # "-!" is punctuation, not NOT "!"


def test_lone_surrogates_cannot_reach_the_json_body():
    body = json.dumps(compile_query("mef\ud800 title:x\udfff"), ensure_ascii=False)
    assert "\ufffd" in body
    body.encode("utf-8")  # what the client sends


def test_not_goes_to_must_not():
    assert compile_query("mef -kind:news") == {
        "bool": {"must": [word_clause("mef")], "must_not": [{"term": {"kind": "news"}}]}
    }
    assert compile_query("NOT mef") == {"bool": {"must_not": [word_clause("mef")]}}


def test_same_field_alternatives_become_terms():
    assert compile_query("kind:news OR kind:pharmacy OR kind:News") == {"terms": {"kind": ["news", "pharmacy"]}}


def test_nested_groups_of_the_same_operator_are_flattened():
    assert parse("(a b) c") == And((W("a"), W("b"), W("c")))
    assert parse("a OR (b OR c)") == Or((W("a"), W("b"), W("c")))


# ------------------------------------------------------------------------------------------------ phrases


@pytest.mark.parametrize("text", ['"dead drop"', "«dead drop»", "“dead drop”", '"dead   drop"'])
def test_phrase_quotes(text):
    assert parse(text) == Text("dead drop", phrase=True)
    assert compile_query(text) == word_clause("dead drop", "match_phrase")


def test_escaped_quote_inside_phrase():
    assert parse(r'"say \"hi\" now"') == Text('say "hi" now', phrase=True)
    assert parse(r'"back\\slash"') == Text("back\\slash", phrase=True)


def test_prefixes_on_words_and_phrases():
    assert compile_query("mef*") == word_clause("mef", "match_phrase_prefix")
    assert parse('"dead dr"*') == Text("dead dr", phrase=True, prefix=True)


def test_url_is_a_phrase_not_a_field():
    assert parse("https://t.me/mef_shop") == Text("https://t.me/mef_shop", phrase=True)


def test_title_and_text_fields_search_only_that_field_and_the_normalised_copy():
    assert compile_query('title:"dead drop"') == {
        "bool": {
            "should": [
                {"match_phrase": {"title": {"query": "dead drop"}}},
                {"match_phrase": {"text_norm": {"query": "dead drop"}}},
            ],
            "minimum_should_match": 1,
        }
    }
    should = compile_query("text:mef")["bool"]["should"]
    assert [next(iter(c["match"])) for c in should] == ["text", "text_norm"]


# ------------------------------------------------------------------------------------------------ keyword fields


@pytest.mark.parametrize("value", ['"+998 90 123-45-67"', "998901234567", '"90 123 45 67"', '"8 90 123 45 67"'])
def test_phone_is_normalised_to_e164(value):
    assert compile_query(f"phone:{value}") == {"term": {"entities.phone": "+998901234567"}}


@pytest.mark.parametrize(
    "text, field, value",
    [
        ("handle:@Mef_Shop", "entities.handle", "mef_shop"),
        ("handle:https://t.me/Mef_Shop", "entities.handle", "mef_shop"),
        ("bot:@Mef_Bot", "entities.bot", "mef_bot"),
        ("onion:http://ABCDEFGHIJ234567.onion/market/item", "entities.onion", "abcdefghij234567.onion"),
        ("wallet:TXyZ1234abcd", "entities.wallet", "TXyZ1234abcd"),
        (
            "wallet:BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ",
            "entities.wallet",
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        ),
        ("email:Shop@Mail.RU", "entities.email", "shop@mail.ru"),
        ("substance:Mephedrone", "entities.substance", "mephedrone"),
        ("place:chilanzar", "entities.place", "Chilanzar"),
        ('place:"mirzo ulugbek"', "entities.place", "Mirzo Ulugbek"),
        ("kind:Sale_Ad", "kind", "sale_ad"),
        ("lang:RU", "lang", "ru"),
        ("source:Demo-Market", "source", "demo-market"),
        ("vendor:MefKing", "vendor", "MefKing"),
        ('vendor:"Mef Shop"', "vendor", "Mef Shop"),
        ("url:https://x.example/a?b=1", "url", "https://x.example/a?b=1"),
        ("label:1", "label", 1),
    ],
)
def test_keyword_fields_are_exact_terms_after_normalising(text, field, value):
    assert compile_query(text) == {"term": {field: value}}


def test_field_names_are_case_insensitive():
    assert parse("Kind:news") == Term("kind", "news")


def test_keyword_prefix():
    assert compile_query("vendor:mef*") == {"prefix": {"vendor": "mef"}}
    assert compile_query("handle:@Mef*") == {"prefix": {"entities.handle": "mef"}}
    assert compile_query("phone:+99890*") == {"prefix": {"entities.phone": "+99890"}}
    assert compile_query('vendor:"a*b"') == {"term": {"vendor": "a*b"}}  # inside quotes a * is literal


# ------------------------------------------------------------------------------------------------ ranges


@pytest.mark.parametrize(
    "text, bounds",
    [
        ("score:>0.8", {"gt": 0.8}),
        ("score:>=0.5", {"gte": 0.5}),
        ("score:<0.3", {"lt": 0.3}),
        ("score:<=0.3", {"lte": 0.3}),
        ("score:0.2..0.9", {"gte": 0.2, "lte": 0.9}),
        ("score:0.8", {"gte": 0.8}),
        ("score:1", {"gte": 1.0}),
    ],
)
def test_score_ranges(text, bounds):
    assert compile_query(text) == {"range": {"score": bounds}}


@pytest.mark.parametrize(
    "text, bounds",
    [
        ("date:>2026-01-01", {"gte": "2026-01-02"}),
        ("date:>=2026-01-01", {"gte": "2026-01-01"}),
        ("date:<2026-01-01", {"lt": "2026-01-01"}),
        ("date:<=2026-01-31", {"lt": "2026-02-01"}),
        ("date:2026-01-01..2026-02-01", {"gte": "2026-01-01", "lt": "2026-02-02"}),
        ("date:2026-01-05", {"gte": "2026-01-05", "lt": "2026-01-06"}),
        ("date:2026-01-01..", {"gte": "2026-01-01"}),
    ],
)
def test_date_ranges_are_whole_days_on_fetched_at(text, bounds):
    assert compile_query(text) == {"range": {"fetched_at": bounds}}


def test_range_nodes():
    assert parse("date:2026-01-01..2026-02-01") == Range("date", date(2026, 1, 1), True, date(2026, 2, 1), True)
    assert parse("score:>0.5") == Range("score", 0.5, False, None, True)


# ------------------------------------------------------------------------------------------------ errors


def test_error_message_is_one_line_with_column():
    e = error('kind:sale_ad "mef')
    assert str(e) == 'query syntax error at column 14: unclosed quote "'
    assert (e.position, e.message) == (13, 'unclosed quote "')
    assert isinstance(e, ValueError)


@pytest.mark.parametrize(
    "text, position, words",
    [
        ("«dead drop", 0, "unclosed quote «"),
        ("(mef OR shop", 0, "unclosed parenthesis"),
        ("mef) shop", 3, "unbalanced parenthesis"),
        ("()", 0, "empty parentheses"),
        ("AND mef", 0, "AND has nothing before it"),
        ("mef OR", 4, "OR has nothing after it"),
        ("mef AND OR shop", 4, "AND has nothing after it"),
        ("(mef ||)", 5, "|| has nothing after it"),
        ("NOT", 0, "NOT has nothing after it"),
        ("mef phone:", 10, "empty value for field phone:"),
        ("phone:12345", 6, 'invalid phone number "12345"'),
        ("handle:@", 7, "empty value for handle:"),
        ("score:1.5", 6, "between 0 and 1"),
        ("score:high", 6, 'not "high"'),
        ("score:0.9..0.2", 6, "starts after it ends"),
        ("date:2026-13-01", 5, 'invalid date "2026-13-01"'),
        ("date:yesterday", 5, 'invalid date "yesterday"'),
        ("label:2", 6, "label takes 0 or 1"),
        ("vendor:*mef", 7, "only allowed at the end"),
        ("site:ab*cd", 7, "only allowed at the end"),
        ("m*f", 1, "only allowed at the end"),
        ('""', 0, "empty phrase"),
    ],
)
def test_errors_say_what_and_where(text, position, words):
    e = error(text)
    assert e.position == position
    assert words in e.message


def test_unknown_field_lists_the_known_ones():
    e = error("mef colour:red")
    assert e.position == 4
    assert '"colour"' in e.message and "phone" in e.message and "substance" in e.message


def test_limits():
    assert error("a" * 2001).position == 2000
    compile_query("a" * 2000)
    assert "more than 100" in error(" ".join(["mef"] * 101)).message
    compile_query(" ".join(["mef"] * 100))
    assert "nesting" in error("(" * 21 + "a" + ")" * 21).message
    compile_query("(" * 20 + "a" + ")" * 20)
    assert "nesting" in error("NOT " * 21 + "a").message
    assert "nesting" in error("-" * 1999 + "a").message


# ------------------------------------------------------------------------------------------------ describe


def test_describe_renders_the_normalised_query():
    node = parse('(«dead drop» || mef) && phone:"+998 90 123-45-67" -kind:News')
    assert describe(node) == '("dead drop" OR mef) AND phone:+998901234567 AND NOT kind:news'
    assert describe(parse("a b OR c")) == "(a AND b) OR c"
    assert (
        describe(parse('url:https://x.example/a vendor:"Mef Shop"')) == 'url:https://x.example/a AND vendor:"Mef Shop"'
    )
    assert describe(parse("")) == "(all documents)"
    assert describe(parse("date:2026-01-01.. score:0.8")) == "date:>=2026-01-01 AND score:>=0.8"


@pytest.mark.parametrize(
    "text",
    [
        'mef* -(news OR pharmacy) title:"dead drop"',
        'vendor:"Mef Shop"* place:"mirzo ulugbek" handle:@Mef_Shop',
        r'"say \"hi\"" OR https://t.me/x',
        "score:0.2..0.9 date:<2026-01-01 label:0 NOT NOT mef",
        "url:https://x.example/a kind:-x",
    ],
)
def test_describe_parses_back_to_the_same_query(text):
    node = parse(text)
    assert parse(describe(node)) == node


# ------------------------------------------------------------------------------------------------ entities


def test_entity_filter():
    assert entity_filter("phone:+998 90 123-45-67") == {"term": {"entities.phone": "+998901234567"}}
    assert entity_filter("handle:@Mef_Shop") == {"term": {"entities.handle": "mef_shop"}}
    assert entity_filter("Place:chilanzar") == {"term": {"entities.place": "Chilanzar"}}
    assert set(ENTITY_FIELDS) == {"phone", "handle", "bot", "wallet", "onion", "email", "substance", "place"}
    assert ENTITY_FIELDS["onion"] == "entities.onion"


@pytest.mark.parametrize("spec", ["colour:red", "no colon", "kind:news"])
def test_entity_filter_rejects_unknown_types(spec):
    with pytest.raises(QuerySyntaxError) as info:
        entity_filter(spec)
    assert "phone" in info.value.message and "wallet" in info.value.message


def test_entity_filter_bad_value_points_at_the_value():
    with pytest.raises(QuerySyntaxError) as info:
        entity_filter("phone:123")
    assert info.value.position == 6 and "invalid phone number" in info.value.message


def test_normalise_entity():
    assert normalise_entity("phone", "8 90 123 45 67") == "+998901234567"
    assert normalise_entity("onion", " HTTP://Abc.onion/x ") == "abc.onion"
    with pytest.raises(QuerySyntaxError):
        normalise_entity("colour", "red")


# ------------------------------------------------------------------------------------------------ safety

SAFE = {"bool", "match", "match_phrase", "match_phrase_prefix", "term", "terms", "prefix", "range", "match_all"}
BOOL_KEYS = {"must", "must_not", "should", "minimum_should_match"}


def assert_safe(query: dict) -> None:
    """Only the allowed clause types; every user value a plain string or number inside a leaf."""
    assert len(query) == 1
    ((kind, body),) = query.items()
    assert kind in SAFE
    if kind == "bool":
        assert set(body) <= BOOL_KEYS
        for key in ("must", "must_not", "should"):
            for sub in body.get(key, []):
                assert_safe(sub)
        return
    for value in body.values():
        values = value.values() if isinstance(value, dict) else value if isinstance(value, list) else [value]
        assert all(isinstance(v, str | int | float) for v in values)


@pytest.mark.parametrize(
    "text",
    [
        '{"script": {"source": "1"}}',
        'title:"{\\"query_string\\": 1}" OR kind:"a OR b"',
        'text:"*:*" OR "_exists_:title" OR vendor:"*"',
        "(a OR b) -c d* phone:+998901234567 score:>0.5 date:2026-01-01.. vendor:x* kind:a OR kind:b",
    ],
)
def test_output_uses_only_safe_leaf_clauses(text):
    assert_safe(compile_query(text))


def test_fuzz_only_query_syntax_errors():
    rng = random.Random(20260101)
    pieces = list("ab мефxyz019 \t\n\"'«»“”\\():*-&|!@+._/<>=") + [
        "AND", "OR", "NOT", "&&", "||", "..", "phone:", "title:", "text:", "score:", "date:", "kind:", "place:",
        "handle:", "onion:", "label:", "vendor:", "colour:", "http://", "0.5", "2026-01-01", "+998901234567",
        "😀", "🇺🇿", "\ud800", "\udfff", "\u200b", "\x00", "ё",
    ]  # fmt: skip
    parsed = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        try:
            node = parse(text)
            query = to_es(node)
            rendered = describe(node)
        except QuerySyntaxError as e:
            assert 0 <= e.position <= len(text)
            assert "\n" not in str(e)
            continue
        parsed += 1
        assert_safe(query)
        if not isinstance(node, MatchAll):
            assert parse(rendered) == node
    assert parsed > 100  # the generator does make valid queries too
