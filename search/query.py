"""Investigator queries: search with filters, sorting and deep paging, facets, and entity pivots.

User text goes through search.syntax (phrases, AND / OR / NOT, field prefixes) into safe leaf clauses: no
scripts, no query_string, no raw DSL. Ranking by relevance is text relevance weighted by the classifier's score,
so flagged offers come first. Paging uses search_after on a unique tiebreaker (`url`), so it goes past the
10,000-hit window; a page's cursor is an opaque string the next call takes back.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from elasticsearch import ApiError, Elasticsearch, TransportError

from search.client import pit_pages
from search.syntax import ENTITY_FIELDS, QuerySyntaxError, compile_query, entity_filter, normalise_entity
from core import entity_types

# final rank = text relevance x (FLOOR + classifier score): a news report that matches the words well
# still ranks below a sale ad that matches them about as well
FLOOR = 0.2

SORTS = {
    "relevance": [{"_score": "desc"}, {"url": "asc"}],
    "score": [{"score": {"order": "desc", "missing": "_last"}}, {"_score": "desc"}, {"url": "asc"}],
    "date": [{"fetched_at": {"order": "desc", "missing": "_last"}}, {"url": "asc"}],
}
PAGE = 500  # documents per request when streaming many hits
FACETS = {
    "source": "source",
    "kind": "kind",
    "substance": "entities.substance",
    "place": "entities.place",
    "lang": "lang",
}
TOP_ENTITIES = entity_types.IDENTIFIERS
SOURCE_EXCLUDES = ["text_norm", "links", "history"]


class QueryError(Exception):
    """The query could not be run; the message says why in one sentence."""


@dataclass
class Filters:
    min_score: float | None = None
    label: int | None = None
    sources: tuple[str, ...] = ()
    types: tuple[str, ...] = ()  # source types: site, forum, market, telegram, onion, ...
    langs: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    since: str | None = None  # ISO date or date-time, on fetched_at
    until: str | None = None
    entities: tuple[str, ...] = ()  # "phone:+998901234567", "handle:@shop", ...

    def clauses(self) -> list[dict]:
        out = []
        if self.min_score is not None:
            out.append({"range": {"score": {"gte": self.min_score}}})
        if self.label is not None:
            out.append({"term": {"label": self.label}})
        for name, values in (("source", self.sources), ("source_type", self.types), ("lang", self.langs),
                             ("kind", self.kinds)):  # fmt: skip
            if values:
                out.append({"terms": {name: [v.strip().lower() if name != "source" else v for v in values]}})
        span = {}
        if self.since:
            span["gte"] = parse_when(self.since, "--since")
        if self.until:
            span["lt" if len(self.until.strip()) == 10 else "lte"] = parse_when(self.until, "--until", end=True)
        if span:
            out.append({"range": {"fetched_at": span}})
        for spec in self.entities:
            try:
                out.append(entity_filter(spec))
            except QuerySyntaxError as exc:
                raise QueryError(f"--entity {spec!r}: {exc.message}") from None
        return out


def parse_when(value: str, what: str, end: bool = False) -> str:
    """An ISO date (2026-11-01) or date-time (2026-11-01T12:00:00Z) as the UTC date-time string Elasticsearch
    takes; a bare date given as an end means the whole day (the next midnight, exclusive)."""
    text = value.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            day = day + timedelta(days=1) if end else day
            return f"{day.isoformat()}T00:00:00Z"
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise QueryError(f"{what} {value!r} is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def build_query(text: str, filters: Filters | None = None) -> dict:
    try:
        match = compile_query(text or "")
    except QuerySyntaxError as exc:
        raise QueryError(str(exc)) from None
    return {
        "function_score": {
            "query": {"bool": {"must": [match], "filter": (filters or Filters()).clauses()}},
            "functions": [
                {"weight": FLOOR},
                {"field_value_factor": {"field": "score", "missing": 0, "modifier": "none"}},
            ],
            "score_mode": "sum",
            "boost_mode": "multiply",
        }
    }


@dataclass
class Hit:
    id: str
    relevance: float
    score: float
    label: int
    kind: str
    source: str
    title: str
    url: str
    snippet: str
    fetched_at: str
    entities: dict = field(default_factory=dict)
    score_text: float | None = None  # the text model's score alone (None for documents indexed before context)
    context: list[str] = field(default_factory=list)  # what the company added: "channel @x: 24 of 30 posts flagged"
    container: str | None = None  # channel:@x, vendor:..., site:...
    context_info: dict = field(default_factory=dict)  # the figures behind `context` (search.context)

    def as_dict(self) -> dict:
        return dict(self.__dict__)

    def row(self) -> dict:
        """A flat row for CSV: entity lists joined with spaces."""
        out = {k: v for k, v in self.__dict__.items() if k not in ("entities", "context", "context_info")}
        for name in ("phone", "handle", "wallet", "onion", "substance", "place"):
            out[name] = " ".join(self.entities.get(name) or [])
        out["context"] = "; ".join(self.context)
        return out


@dataclass
class Page:
    total: int
    hits: list[Hit]
    cursor: str | None  # pass back as `after` for the next page; None when there is no more


def encode_cursor(sort_values: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(sort_values).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> list:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        values = None
    if not isinstance(values, list) or not values:
        raise QueryError(f"--after {cursor!r} is not a cursor printed by `imt search`")
    return values


def _run(es: Elasticsearch, alias: str, what: str, **body) -> dict:
    try:
        return es.search(index=alias, **body)
    except (ApiError, TransportError) as exc:
        raise _query_error(exc, alias, what) from None


def _query_error(exc: Exception, alias: str, what: str, sent: int = 0) -> QueryError:
    """One sentence for an Elasticsearch failure; `sent`: documents already streamed when it failed."""
    if isinstance(exc, ApiError):
        if exc.meta.status == 404 and not sent:
            return QueryError(f"index {alias!r} does not exist yet; crawl something first (`imt crawl demo`)")
        return QueryError(f"Elasticsearch rejected the {what}: {exc.message}")
    if sent:
        return QueryError(f"Elasticsearch stopped answering after {sent} documents: {exc}")
    return QueryError(f"Elasticsearch did not answer the {what}: {exc}")


def _hit(h: dict) -> Hit:
    src = h["_source"]
    frags = h.get("highlight", {})
    frag = (frags.get("text") or frags.get("title") or [src.get("text", "")[:160]])[0]
    return Hit(
        id=h["_id"],
        relevance=round(h.get("_score") or 0.0, 4),
        score=src.get("score", 0.0),
        label=src.get("label", 0),
        kind=src.get("kind", ""),
        source=src.get("source", ""),
        title=src.get("title", ""),
        url=src.get("url", ""),
        snippet=" ".join(frag.split()),
        fetched_at=src.get("fetched_at", ""),
        entities={k: v for k, v in (src.get("entities") or {}).items() if v},
        score_text=src.get("score_text"),
        context=list((src.get("context") or {}).get("reasons") or []),
        container=src.get("container"),
        context_info={k: v for k, v in (src.get("context") or {}).items() if k != "reasons"},
    )


HIGHLIGHT = {
    "fields": {"text": {"fragment_size": 160, "number_of_fragments": 1}, "title": {"number_of_fragments": 0}},
    "pre_tags": ["["],
    "post_tags": ["]"],
}


def _search_body(text: str, size: int, filters: Filters | None, sort: str, after: str | None,
                 highlight: bool) -> dict:  # fmt: skip
    """The request body of one page of hits, as Elasticsearch takes it (also inside an msearch)."""
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    body = {
        "query": build_query(text, filters),
        "size": size,
        "sort": SORTS[sort],
        "track_total_hits": True,
        "_source": {"excludes": SOURCE_EXCLUDES},
    }
    if highlight:
        body["highlight"] = HIGHLIGHT
    if after:
        body["search_after"] = decode_cursor(after)
    return body


def _page(resp: dict, size: int) -> Page:
    raw = resp["hits"]["hits"]
    cursor = encode_cursor(raw[-1]["sort"]) if len(raw) == size and raw else None
    return Page(resp["hits"]["total"]["value"], [_hit(h) for h in raw], cursor)


def _kwargs(body: dict) -> dict:
    """A request body as keyword arguments of the client's search(): `_source` is its `source`."""
    out = dict(body)
    if "_source" in out:
        out["source"] = out.pop("_source")
    return out


def search(
    es: Elasticsearch,
    alias: str,
    text: str,
    size: int = 10,
    filters: Filters | None = None,
    sort: str = "relevance",
    after: str | None = None,
    highlight: bool = True,
) -> Page:
    """One page of hits. `after` is the cursor of the page before (deep paging with search_after)."""
    body = _search_body(text, size, filters, sort, after, highlight)
    return _page(_run(es, alias, "query", **_kwargs(body)), size)


def search_with_facets(
    es: Elasticsearch,
    alias: str,
    text: str,
    size: int = 10,
    filters: Filters | None = None,
    sort: str = "relevance",
    facet_size: int = 10,
    interval: str = "day",
    histogram: bool = True,
) -> tuple[Page, dict]:
    """The first page of hits and the facets of the same query (what `search` and `facets` give), in one round
    trip: both requests go in one msearch, which Elasticsearch runs side by side. Without `histogram` the facets
    leave out the counts per day (`fetched`): a year of days is half the answer, for a page that does not show
    them."""
    searches = [{"index": alias}, _search_body(text, size, filters, sort, None, True),
                {"index": alias}, _facets_body(text, filters, facet_size, interval, histogram)]  # fmt: skip
    try:
        hits_resp, facets_resp = es.msearch(searches=searches)["responses"]
    except (ApiError, TransportError) as exc:
        raise _query_error(exc, alias, "query") from None
    for resp, what in ((hits_resp, "query"), (facets_resp, "facet query")):
        if "error" in resp:  # one search of the msearch failed: the same sentence as a failed search()
            error = resp["error"]
            if resp.get("status") == 404:
                raise QueryError(f"index {alias!r} does not exist yet; crawl something first (`imt crawl demo`)")
            reason = error.get("type", error) if isinstance(error, dict) else error
            raise QueryError(f"Elasticsearch rejected the {what}: {reason}")
    return _page(hits_resp, size), _facets_out(facets_resp)


def iter_hits(
    es: Elasticsearch,
    alias: str,
    text: str,
    filters: Filters | None = None,
    sort: str = "relevance",
    limit: int | None = None,
    highlight: bool = True,
    source_excludes: list[str] | None = None,
) -> Iterator[dict]:
    """Every matching document's raw hit (with `_source`), in `sort` order, page by page with search_after: no
    10,000-hit window. A point in time keeps the order stable while the index changes underneath."""
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    body = {
        "query": build_query(text, filters),
        "sort": SORTS[sort],
        "source_excludes": SOURCE_EXCLUDES if source_excludes is None else source_excludes,
    }
    if highlight:
        body["highlight"] = HIGHLIGHT
    sent = 0
    try:
        for page in pit_pages(es, alias, body, PAGE, limit=limit):
            yield from page
            sent += len(page)
    except (ApiError, TransportError) as exc:
        raise _query_error(exc, alias, "query", sent) from None


def hits(es, alias, text, **kwargs) -> Iterator[Hit]:
    for h in iter_hits(es, alias, text, **kwargs):
        yield _hit(h)


# ---------------------------------------------------------------------------------------------------- facets


def _facets_body(text: str, filters: Filters | None, size: int, interval: str, histogram: bool = True) -> dict:
    if interval not in ("day", "week", "month"):
        raise QueryError(f"unknown interval {interval!r}; use day, week or month")
    aggs = {name: {"terms": {"field": f, "size": size}} for name, f in FACETS.items()}
    aggs["label"] = {"terms": {"field": "label", "size": 2}}
    if histogram:
        aggs["fetched"] = {"date_histogram": {"field": "fetched_at", "calendar_interval": interval,
                                              "min_doc_count": 1}}  # fmt: skip
    for name in TOP_ENTITIES:
        aggs[f"top_{name}"] = {"terms": {"field": ENTITY_FIELDS[name], "size": size}}
    return {"query": build_query(text, filters), "size": 0, "aggs": aggs, "track_total_hits": True}


def _facets_out(resp: dict) -> dict:
    out = {"total": resp["hits"]["total"]["value"]}
    for name, agg in resp["aggregations"].items():
        buckets = agg["buckets"]
        if name == "fetched":
            out[name] = [{"date": b["key_as_string"][:10], "count": b["doc_count"]} for b in buckets]
        else:
            out[name] = [{"value": b.get("key_as_string", b["key"]), "count": b["doc_count"]} for b in buckets]
    return out


def facets(es: Elasticsearch, alias: str, text: str, filters: Filters | None = None, size: int = 10,
           interval: str = "day") -> dict:  # fmt: skip
    """Counts by source, kind, substance, place and language, a date histogram and the top entities of the
    documents a query matches."""
    return _facets_out(_run(es, alias, "facet query", **_facets_body(text, filters, size, interval)))


# ---------------------------------------------------------------------------------------------------- entities


@dataclass
class EntityReport:
    type: str
    value: str
    documents: int
    first_seen: str | None
    last_seen: str | None
    sources: list[dict]
    channels: list[dict]
    sites: list[dict]
    co_occurring: dict[str, list[dict]]
    hits: list[Hit]
    context: dict | None = None  # the stored container or identifier context (search.context), when there is one

    def as_dict(self) -> dict:
        d = dict(self.__dict__)
        d["hits"] = [h.as_dict() for h in self.hits]
        return d


PROFILE_FIELDS = {"channel": "channel", "vendor": "vendor", "site": "site"}  # containers with a profile page


def parse_entity(spec: str) -> tuple[str, str]:
    kind, sep, value = spec.partition(":")
    kind = kind.strip().lower()
    known = ", ".join([*ENTITY_FIELDS, *PROFILE_FIELDS])
    if not sep or not value.strip():
        raise QueryError(f"{spec!r}: expected TYPE:VALUE, e.g. phone:+998901234567 (types: {known})")
    if kind in PROFILE_FIELDS:
        value = value.strip()
        return kind, value.lstrip("@") if kind == "channel" else value
    if kind not in ENTITY_FIELDS:
        raise QueryError(f"unknown entity type {kind!r}; known types: {known}")
    try:
        return kind, normalise_entity(kind, value.strip())
    except QuerySyntaxError as exc:
        raise QueryError(f"{spec!r}: {exc.message}") from None


def entity_show(es: Elasticsearch, alias: str, spec: str, size: int = 20, top: int = 10) -> EntityReport:
    """Every document that mentions one phone, handle, wallet, onion (...): when and where it was seen, and the
    other entities found with it (which handles share this wallet, which channels share this phone)."""
    kind, value = parse_entity(spec)
    field_name = PROFILE_FIELDS.get(kind) or ENTITY_FIELDS[kind]
    query = {"term": {field_name: value}}
    aggs = {
        "first": {"min": {"field": "first_seen"}},
        "last": {"max": {"field": "last_seen"}},
        "sources": {"terms": {"field": "source", "size": 50}},
        "channels": {"terms": {"field": "channel", "size": 50}},
        "sites": {"terms": {"field": "site", "size": 50}},
    }
    for other in ENTITY_FIELDS:
        if other != "substance" or kind == "substance":
            aggs[f"co_{other}"] = {"terms": {"field": ENTITY_FIELDS[other], "size": top + 1}}
    if kind != "substance":
        aggs["co_substance"] = {"terms": {"field": ENTITY_FIELDS["substance"], "size": top}}
    resp = _run(
        es,
        alias,
        "entity query",
        query=query,
        size=size,
        sort=[{"last_seen": {"order": "desc", "missing": "_last"}}, {"url": "asc"}],
        aggs=aggs,
        track_total_hits=True,
        source_excludes=SOURCE_EXCLUDES,
    )
    a = resp["aggregations"]

    def buckets(name, skip=None):
        return [{"value": b["key"], "documents": b["doc_count"]} for b in a[name]["buckets"] if b["key"] != skip]

    co = {}
    for other in ENTITY_FIELDS:
        if f"co_{other}" in a:
            found = buckets(f"co_{other}", skip=value if other == kind else None)[:top]
            if found:
                co[other] = found
    return EntityReport(
        type=kind,
        value=value,
        documents=resp["hits"]["total"]["value"],
        first_seen=a["first"].get("value_as_string"),
        last_seen=a["last"].get("value_as_string"),
        sources=buckets("sources"),
        channels=buckets("channels"),
        sites=buckets("sites"),
        co_occurring=co,
        hits=[_hit(h) for h in resp["hits"]["hits"]],
        context=_stored_context(es, alias, f"{kind}:{value}"),
    )


def _stored_context(es: Elasticsearch, alias: str, key: str) -> dict | None:
    from search.context import get

    try:
        return get(es, alias, [key]).get(key)
    except ApiError:
        return None
