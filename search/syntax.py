"""The investigators' query language: user text -> an Elasticsearch query built only from safe leaf clauses.

    from search.syntax import compile_query, describe, parse
    es.search(index=alias, query=compile_query('"dead drop" mef* phone:+998901234567 -kind:news'))

Syntax
------
- Words must all match (implicit AND): ``mef tashkent``. A trailing ``*`` makes a prefix: ``mef*``.
- Phrases: ``"dead drop"``, ``«закладка есть»``, ``“dead drop”``; ``\\"`` inside a phrase is a literal quote.
  A ``*`` right after the closing quote makes the last word a prefix: ``"dead dr"*``.
- Operators (upper case only; ``and``/``or``/``not`` are ordinary words): ``AND`` / ``&&``, ``OR`` / ``||``,
  ``NOT`` or a leading ``-`` (``-news``, ``-"for sale"``, ``-(a b)``). Parentheses group.
  Precedence: NOT > AND (explicit or implicit) > OR, so ``a b OR c`` is ``(a AND b) OR c``.
- Text fields: ``title:word``, ``title:"a phrase"``, ``text:...`` search that field (and the normalised copy).
- Keyword fields, matched exactly after normalising the value the way the indexer stores it:
  ``source: kind: lang: label:`` (lower-cased; label is 0 or 1), ``site:`` (lower-cased), ``vendor: channel:``
  (as typed), ``url:`` (as typed), and entities ``phone:`` (E.164, default region UZ: ``90 123 45 67``,
  ``8 90 123 45 67`` and ``+998 90 123-45-67`` all give ``+998901234567``), ``handle: bot:`` (lower-case, no
  ``@``), ``onion:`` (lower-case host, scheme and path dropped), ``wallet:`` (as typed; bech32 lower-cased),
  ``email:`` and ``substance:`` (lower-case), ``place:`` (each word capitalised: ``chilanzar`` -> ``Chilanzar``).
  Values with spaces are quoted: ``vendor:"Mef Shop"``. ``vendor:mef*`` is a prefix (only a trailing ``*``);
  a phone prefix is international digits: ``phone:+99890*``.
- Ranges: ``score:>0.8``, ``score:>=0.5``, ``score:<0.3``, ``score:0.2..0.9``, ``score:0.8`` (= at least 0.8);
  ``date:>2026-01-01``, ``date:2026-01-01..2026-02-01`` (whole days, both ends included), ``date:2026-01-05``
  (that day), open ends ``date:2026-01-01..``; dates are on ``fetched_at`` (UTC days).
- A word like ``https://t.me/shop`` is searched as a phrase, not as a field.
- Words made only of punctuation (``-``, ``—``, ``***``) are ignored: the analyzer drops them anyway.
- Limits: 2,000 characters, 100 leaf clauses, nesting (groups and NOTs) 20 deep.

Errors raise QuerySyntaxError (a ValueError) whose str() is one line: ``query syntax error at column 14: ...``.
User text only ever reaches Elasticsearch as a plain value inside match / match_phrase / match_phrase_prefix /
term / terms / prefix / range clauses combined with bool: never query_string, scripts or raw DSL.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

import phonenumbers

from classifier.normalize import normalize_for_index
from core import entity_types

__all__ = [
    "ENTITY_FIELDS", "FIELDS", "And", "MatchAll", "Node", "Not", "Or", "QuerySyntaxError", "Range", "Term", "Text",
    "compile_query", "describe", "entity_filter", "normalise_entity", "parse", "to_es",
]  # fmt: skip

MAX_LENGTH, MAX_LEAVES, MAX_DEPTH = 2000, 100, 20
TITLE_BOOST = 2

ENTITY_FIELDS = {
    name: f"entities.{name}" for name in entity_types.SEARCHABLE
}
TEXT_FIELDS = {"title": "title", "text": "text"}
RANGE_FIELDS = {"score": "score", "date": "fetched_at"}
KEYWORD_FIELDS = {
    **{name: name for name in ("source", "kind", "lang", "site", "vendor", "channel", "label", "url")},
    **ENTITY_FIELDS,
}
FIELDS = {**TEXT_FIELDS, **KEYWORD_FIELDS, **RANGE_FIELDS}  # query field name -> Elasticsearch field


class QuerySyntaxError(ValueError):
    """The query cannot be parsed; `position` is the 0-based offset in the user's text."""

    def __init__(self, message: str, position: int = 0):
        super().__init__(message, position)
        self.message, self.position = message, position

    def __str__(self) -> str:
        return f"query syntax error at column {self.position + 1}: {' '.join(self.message.split())}"


# ---------------------------------------------------------------------------------------------------- AST


def _pos() -> int:
    return dataclasses.field(default=0, compare=False)  # positions are for errors, not for equality


@dataclass(frozen=True)
class MatchAll:
    pass


@dataclass(frozen=True)
class Text:
    value: str
    phrase: bool = False
    prefix: bool = False
    field: str | None = None  # None: title and text; "title" or "text": only that one
    pos: int = _pos()


@dataclass(frozen=True)
class Term:
    field: str  # the query field name ("phone"), see FIELDS
    value: str | int
    prefix: bool = False
    pos: int = _pos()


@dataclass(frozen=True)
class Range:
    field: str  # "score" or "date"
    lower: float | date | None = None
    lower_inclusive: bool = True
    upper: float | date | None = None
    upper_inclusive: bool = True
    pos: int = _pos()


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = MatchAll | Text | Term | Range | Not | And | Or

# ---------------------------------------------------------------------------------------------------- values


def _show(value: str) -> str:
    return '"' + (value if len(value) <= 40 else value[:37] + "...") + '"'


_UZ_TRUNK = re.compile(r"8[\s\-]?\(?(\d{2})\)?[\s\-]?(\d{3})[\s\-]?(\d{2})[\s\-]?(\d{2})", re.ASCII)
_PHONE_PREFIX = re.compile(r"\+?[0-9]+")
_TG_LINK = re.compile(r"(?:https?://)?(?:t|telegram)\.me/|@", re.I)


def _phone(value: str) -> str:
    m = _UZ_TRUNK.fullmatch(value)  # domestic "8 90 ..." (phonenumbers does not take it)
    try:
        num = phonenumbers.parse("+998" + "".join(m.groups()) if m else value, "UZ")
    except phonenumbers.NumberParseException:
        num = None
    if num is None or not phonenumbers.is_valid_number(num):
        raise ValueError(f"invalid phone number {_show(value)}")
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


def _handle(value: str) -> str:
    m = _TG_LINK.match(value)
    return value[m.end() :].lower() if m else value.lower()


def _onion(value: str) -> str:
    return re.sub(r"^[a-z][a-z0-9+.\-]*://", "", value.lower()).split("/")[0]


def _wallet(value: str) -> str:
    return value.lower() if value[:3].lower() == "bc1" else value  # bech32 is stored lower-case


def _place(value: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in value.split())


def _label(value: str) -> int:
    if value not in ("0", "1"):
        raise ValueError(f"label takes 0 or 1, not {_show(value)}")
    return int(value)


_NORMALISERS = {
    "phone": _phone, "handle": _handle, "bot": _handle, "onion": _onion, "wallet": _wallet, "place": _place,
    "email": str.lower, "substance": str.lower, "source": str.lower, "kind": str.lower, "lang": str.lower,
    "site": str.lower, "label": _label,
}  # fmt: skip


def _normalise(field: str, value: str, prefix: bool = False) -> str | int:
    """A keyword value as the indexer stores it; ValueError with a message when it cannot be one."""
    value = value.strip()
    if prefix and field == "phone":
        digits = re.sub(r"[\s\-()]", "", value)
        if not _PHONE_PREFIX.fullmatch(digits):
            raise ValueError(f"a phone prefix takes digits only, not {_show(value)}")
        return "+" + digits.lstrip("+")
    if prefix and field == "label":
        raise ValueError("label takes 0 or 1, not a prefix")
    out = _NORMALISERS.get(field, str)(value)
    if out == "":
        raise ValueError(f"empty value for {field}:")
    return out


def normalise_entity(kind: str, value: str) -> str:
    """An entity value (`kind` is a key of ENTITY_FIELDS) normalised the way the indexer stores it."""
    kind = kind.strip().lower()
    if kind not in ENTITY_FIELDS:
        raise QuerySyntaxError(f"unknown entity type {_show(kind)}; known types: {', '.join(ENTITY_FIELDS)}", 0)
    try:
        return str(_normalise(kind, value))
    except ValueError as e:
        raise QuerySyntaxError(str(e), 0) from None


def entity_filter(spec: str) -> dict:
    """`--entity TYPE:VALUE` -> a term clause on the entity field, e.g. {"term": {"entities.phone": "+998..."}}."""
    kind, sep, value = spec.partition(":")
    if not sep or kind.strip().lower() not in ENTITY_FIELDS:
        known = ", ".join(ENTITY_FIELDS)
        raise QuerySyntaxError(f"expected TYPE:VALUE with a known entity type ({known}), got {_show(spec)}", 0)
    try:
        normalised = normalise_entity(kind, value)
    except QuerySyntaxError as e:
        raise QuerySyntaxError(e.message, len(kind) + 1) from None
    return {"term": {ENTITY_FIELDS[kind.strip().lower()]: normalised}}


_SCORE = re.compile(r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _score(raw: str) -> float:
    value = float(raw) if _SCORE.fullmatch(raw) else -1.0
    if not 0 <= value <= 1:
        raise ValueError(f"score takes a number between 0 and 1, not {_show(raw)}")
    return value


def _date(raw: str) -> date:
    try:
        if _DATE.fullmatch(raw) and (day := date.fromisoformat(raw)) < date.max:
            return day
    except ValueError:
        pass
    raise ValueError(f"invalid date {_show(raw)}: use YYYY-MM-DD")


def _range(field: str, raw: str, pos: int) -> Range:
    convert = _score if field == "score" else _date
    if ".." in raw:
        lo, _, hi = raw.partition("..")
        if not lo and not hi:
            raise ValueError(f"{field}: range needs at least one end")
        lower, upper = (convert(lo) if lo else None), (convert(hi) if hi else None)
        if lower is not None and upper is not None and lower > upper:
            raise ValueError(f"{field}: range starts after it ends")
        return Range(field, lower, True, upper, True, pos=pos)
    op = re.match(r"[<>]=?", raw)
    value = convert(raw[op.end() :] if op else raw)
    if op and op.group(0)[0] == ">":
        return Range(field, value, op.group(0) == ">=", None, True, pos=pos)
    if op:
        return Range(field, None, True, value, op.group(0) == "<=", pos=pos)
    if field == "score":
        return Range(field, value, True, None, True, pos=pos)  # score:0.8 = at least 0.8
    return Range(field, value, True, value, True, pos=pos)  # date:2026-01-05 = that day


# ---------------------------------------------------------------------------------------------------- lexer

_QUOTES = {'"': '"', "«": "»", "“": "”"}
_FIELD_WORD = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):")
_URL_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://")


@dataclass
class _Tok:
    kind: str  # "(", ")", "AND", "OR", "NOT", "WORD", "PHRASE", "FIELD"
    pos: int
    text: str = ""  # the operator as typed, or the value
    field: str = ""
    quoted: bool = False
    prefix: bool = False
    value_pos: int = 0


def _meaningful(word: str) -> bool:
    """Has a letter, digit or symbol such as an emoji (what the standard analyzer keeps)."""
    return any(unicodedata.category(ch)[0] in "LN" or unicodedata.category(ch) == "So" for ch in word)


def _word_end(text: str, i: int) -> int:
    while i < len(text) and not (text[i].isspace() or text[i] in "()" or text[i] in _QUOTES):
        if text.startswith(("&&", "||"), i):
            break
        i += 1
    return i


def _negates(text: str, i: int) -> bool:
    """A "-" at a word's start is NOT when a run of them is followed by a word, a phrase or a group."""
    end = _word_end(text, i)
    rest = text[i:end].lstrip("-")
    return _meaningful(rest) or (not rest and end < len(text) and (text[end] == "(" or text[end] in _QUOTES))


def _phrase(text: str, start: int) -> tuple[str, int]:
    """The unescaped content of the phrase opening at `start`, and the offset just past its closing quote."""
    closer, out, i = _QUOTES[text[start]], [], start + 1
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
        elif text[i] == closer:
            return "".join(out), i + 1
        else:
            out.append(text[i])
            i += 1
    raise QuerySyntaxError(f"unclosed quote {text[start]}", start)


def _tokens(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            toks.append(_Tok(ch, i, ch))
            i += 1
        elif text.startswith(("&&", "||"), i):
            toks.append(_Tok("AND" if ch == "&" else "OR", i, text[i : i + 2]))
            i += 2
        elif ch in _QUOTES:
            value, end = _phrase(text, i)
            prefix = text.startswith("*", end)
            toks.append(_Tok("PHRASE", i, value, quoted=True, prefix=prefix, value_pos=i))
            i = end + prefix
        elif ch == "-" and _negates(text, i):
            while text.startswith("-", i):  # the whole run at once: --x is NOT NOT x
                toks.append(_Tok("NOT", i, "-"))
                i += 1
        else:
            tok, i = _word(text, i, _word_end(text, i))
            if tok is not None:
                toks.append(tok)
    return toks


def _word(text: str, start: int, end: int) -> tuple[_Tok | None, int]:
    """The token of the word text[start:end] (None for punctuation) and where the next token starts."""
    word = text[start:end]
    if word in ("AND", "OR", "NOT"):
        return _Tok(word, start, word), end
    m = _FIELD_WORD.match(word)
    if m and m.group(1).lower() in FIELDS:
        name, value, value_pos = m.group(1).lower(), word[m.end() :], start + m.end()
        if not value and end < len(text) and text[end] in _QUOTES:
            value, after = _phrase(text, end)
            prefix = text.startswith("*", after)
            return _Tok("FIELD", start, value, name, quoted=True, prefix=prefix, value_pos=end), after + prefix
        if not value:
            raise QuerySyntaxError(f"empty value for field {name}:", value_pos)
        return _Tok("FIELD", start, value, name, value_pos=value_pos), end
    if m and not _URL_WORD.match(word):
        raise QuerySyntaxError(f"unknown field {_show(m.group(1))}; known fields: {', '.join(sorted(FIELDS))}", start)
    return (_Tok("WORD", start, word, value_pos=start) if _meaningful(word) else None), end


# ---------------------------------------------------------------------------------------------------- parser


def _unstar(tok: _Tok) -> tuple[str, bool]:
    """(value, prefix): a trailing * outside quotes makes a prefix; a * anywhere else in a bare value is an error."""
    if tok.quoted:
        return tok.text, tok.prefix
    value = tok.text.rstrip("*")
    if not value:
        raise QuerySyntaxError("a * needs a word before it", tok.value_pos)
    if "*" in value:
        raise QuerySyntaxError("a * is only allowed at the end of a word", tok.value_pos + value.index("*"))
    return value, value != tok.text


def _leaf(tok: _Tok) -> Node:
    field = tok.field or None
    if field is None or field in TEXT_FIELDS:
        if not tok.quoted and _URL_WORD.match(tok.text):
            return Text(tok.text, phrase=True, field=field, pos=tok.pos)
        value, prefix = _unstar(tok)
        if tok.quoted and not (value := " ".join(value.split())):
            raise QuerySyntaxError("empty phrase", tok.pos)
        return Text(value, phrase=tok.quoted, prefix=prefix, field=field, pos=tok.pos)
    try:
        if field in RANGE_FIELDS:
            return _range(field, tok.text.strip(), tok.pos)
        value, prefix = _unstar(tok)
        return Term(field, _normalise(field, value, prefix), prefix, pos=tok.pos)
    except QuerySyntaxError:
        raise
    except ValueError as e:
        raise QuerySyntaxError(str(e), tok.value_pos) from None


def _join(kind: type[And] | type[Or], children: list[Node]) -> Node:
    """One node for the children; a group of the same kind is flattened into it: (a AND b) AND c = a AND b AND c."""
    flat = [g for c in children for g in (c.children if isinstance(c, kind) else (c,))]
    return flat[0] if len(flat) == 1 else kind(tuple(flat))


class _Parser:
    """or := and (OR and)*    and := unary (AND? unary)*    unary := NOT unary | "(" or ")" | leaf"""

    def __init__(self, toks: list[_Tok]):
        self.toks, self.i, self.depth, self.leaves = toks, 0, 0, 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def parse(self) -> Node:
        node = self.or_expr()
        if (tok := self.peek()) is not None:
            raise QuerySyntaxError("unbalanced parenthesis: ) without (", tok.pos)
        return node

    def or_expr(self) -> Node:
        children = [self.and_expr(None)]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.i += 1
            children.append(self.and_expr(tok))
        return _join(Or, children)

    def and_expr(self, after: _Tok | None) -> Node:
        children = [self.unary(after)]
        while (tok := self.peek()) is not None and tok.kind not in ("OR", ")"):
            self.i += tok.kind == "AND"
            children.append(self.unary(tok if tok.kind == "AND" else None))
        return _join(And, children)

    def enter(self, tok: _Tok) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QuerySyntaxError(f"nesting deeper than {MAX_DEPTH}", tok.pos)

    def unary(self, after: _Tok | None) -> Node:
        tok = self.peek()
        if tok is None or tok.kind in ("AND", "OR", ")"):
            if after is not None:
                raise QuerySyntaxError(f"{after.text} has nothing after it", after.pos)
            if tok is not None and tok.kind != ")":
                raise QuerySyntaxError(f"{tok.text} has nothing before it", tok.pos)
            raise QuerySyntaxError("unbalanced parenthesis: ) without (", tok.pos if tok else 0)
        self.i += 1
        if tok.kind == "NOT":
            self.enter(tok)
            node: Node = Not(self.unary(tok))
        elif tok.kind == "(":
            self.enter(tok)
            if (nxt := self.peek()) is not None and nxt.kind == ")":
                raise QuerySyntaxError("empty parentheses", tok.pos)
            node = self.or_expr() if nxt is not None else MatchAll()
            if (close := self.peek()) is None or close.kind != ")":
                raise QuerySyntaxError("unclosed parenthesis (", tok.pos)
            self.i += 1
        else:
            self.leaves += 1
            if self.leaves > MAX_LEAVES:
                raise QuerySyntaxError(f"more than {MAX_LEAVES} search terms", tok.pos)
            return _leaf(tok)
        self.depth -= 1
        return node


def parse(text: str) -> Node:
    """The AST of a query; MatchAll for an empty one. Raises QuerySyntaxError."""
    if len(text) > MAX_LENGTH:
        raise QuerySyntaxError(f"query longer than {MAX_LENGTH} characters", MAX_LENGTH)
    text = re.sub("[\ud800-\udfff]", "\ufffd", text)  # lone surrogates cannot be sent as UTF-8
    toks = _tokens(text)
    return _Parser(toks).parse() if toks else MatchAll()


# ---------------------------------------------------------------------------------------------------- output


def _text_clause(node: Text) -> dict:
    kind = "match_phrase_prefix" if node.prefix else "match_phrase" if node.phrase else "match"

    def one(field: str, value: str, boost: int | None = None) -> dict:
        body: dict = {"query": value}
        if kind == "match":
            body["operator"] = "and"  # every token of a word like alpha-pvp
        if boost:
            body["boost"] = boost
        return {kind: {field: body}}

    if node.field:  # title: / text: search only that field (and the normalised copy)
        should = [one(node.field, node.value)]
    else:
        should = [one("title", node.value, TITLE_BOOST), one("text", node.value)]
    should.append(one("text_norm", normalize_for_index(node.value)))
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _range_clause(node: Range) -> dict:
    bounds: dict = {}
    if node.field == "score":
        if node.lower is not None:
            bounds["gte" if node.lower_inclusive else "gt"] = node.lower
        if node.upper is not None:
            bounds["lte" if node.upper_inclusive else "lt"] = node.upper
    else:  # whole days: [first day, day after the last day)
        day = timedelta(days=1)
        if isinstance(node.lower, date):
            bounds["gte"] = (node.lower if node.lower_inclusive else node.lower + day).isoformat()
        if isinstance(node.upper, date):
            bounds["lt"] = (node.upper + day if node.upper_inclusive else node.upper).isoformat()
    return {"range": {RANGE_FIELDS[node.field]: bounds}}


def to_es(node: Node) -> dict:
    """The Elasticsearch query DSL of an AST (for `es.search(query=...)`)."""
    if isinstance(node, MatchAll):
        return {"match_all": {}}
    if isinstance(node, Text):
        return _text_clause(node)
    if isinstance(node, Term):
        return {"prefix" if node.prefix else "term": {FIELDS[node.field]: node.value}}
    if isinstance(node, Range):
        return _range_clause(node)
    if isinstance(node, Not):
        return {"bool": {"must_not": [to_es(node.child)]}}
    if isinstance(node, And):
        must = [to_es(c) for c in node.children if not isinstance(c, Not)]
        must_not = [to_es(c.child) for c in node.children if isinstance(c, Not)]
        return {"bool": {k: v for k, v in (("must", must), ("must_not", must_not)) if v}}
    fields = {c.field for c in node.children if isinstance(c, Term) and not c.prefix}
    if len(fields) == 1 and all(isinstance(c, Term) and not c.prefix for c in node.children):
        return {"terms": {FIELDS[fields.pop()]: list(dict.fromkeys(c.value for c in node.children))}}
    return {"bool": {"should": [to_es(c) for c in node.children], "minimum_should_match": 1}}


def compile_query(text: str) -> dict:
    """parse + to_es: the query DSL of the user's text. Raises QuerySyntaxError."""
    return to_es(parse(text))


def _quote(value: str) -> str:
    """The value as a bare word when the lexer would read it back as one, else as a quoted phrase."""
    bare = (
        value
        and _word_end(value, 0) == len(value)
        and value not in ("AND", "OR", "NOT")
        and not value.startswith("-")
        and "*" not in value
        and (_URL_WORD.match(value) or not _FIELD_WORD.match(value))
        and _meaningful(value)
    )
    return value if bare else '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _range_text(node: Range) -> str:
    def fmt(v: float | date | None) -> str:
        return v.isoformat() if isinstance(v, date) else repr(v)

    if node.lower is not None and node.upper is not None:
        if node.lower == node.upper:
            return fmt(node.lower)
        return f"{fmt(node.lower)}..{fmt(node.upper)}"
    if node.lower is not None:
        return (">=" if node.lower_inclusive else ">") + fmt(node.lower)
    return ("<=" if node.upper_inclusive else "<") + fmt(node.upper)


def describe(node: Node) -> str:
    """A readable, normalised rendering of the parsed query, e.g. ("dead drop" OR mef) AND NOT kind:news."""
    if isinstance(node, MatchAll):
        return "(all documents)"
    if isinstance(node, Text):
        value = '"' + node.value.replace("\\", "\\\\").replace('"', '\\"') + '"' if node.phrase else node.value
        return (f"{node.field}:" if node.field else "") + value + ("*" if node.prefix else "")
    if isinstance(node, Term):
        return f"{node.field}:{_quote(str(node.value))}" + ("*" if node.prefix else "")
    if isinstance(node, Range):
        return f"{node.field}:{_range_text(node)}"
    if isinstance(node, Not):
        inner = describe(node.child)
        return "NOT " + (f"({inner})" if isinstance(node.child, And | Or) else inner)
    if isinstance(node, And):
        return " AND ".join(f"({describe(c)})" if isinstance(c, Or) else describe(c) for c in node.children)
    return " OR ".join(f"({describe(c)})" if isinstance(c, And) else describe(c) for c in node.children)
