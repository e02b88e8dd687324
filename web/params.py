"""The search parameters of a request (query, filters, sort, cursor) as search.query takes them: the web form's
names are the `imt search` option names (q, min_score, label, source, type, lang, kind, since, until, entity,
sort, after, size)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from fastapi import Query, Request

from search.query import SORTS, Filters, QueryError

MULTI = ("source", "type", "lang", "kind", "entity")
KEYS = ("q", "min_score", "label", "since", "until", "sort", *MULTI)
MAX_SIZE = 200


@dataclass
class SearchParams:
    q: str = ""
    filters: Filters = field(default_factory=Filters)
    sort: str = "relevance"
    after: str | None = None
    size: int = 20
    raw: list = field(default_factory=list)  # the (key, value) pairs that define the search (no cursor, no size)

    def as_dict(self) -> dict:
        """What was asked, JSON-ready (for the audit log)."""
        return {"q": self.q, "sort": self.sort, **{k: v for k, v in self.raw if k not in ("q", "sort")}}


def score_param(value: str, what: str) -> float | None:
    """A score from a form or query string: None when empty, else a number from 0 to 1 (QueryError otherwise,
    NaN and infinity included)."""
    if value in ("", None):
        return None
    try:
        number = float(value)
    except ValueError:
        raise QueryError(f"{what} must be a number between 0 and 1, got {value!r}") from None
    if not 0 <= number <= 1:
        raise QueryError(f"{what} must be between 0 and 1, got {value!r}")
    return number


def parse(request: Request, default_size: int = 20) -> SearchParams:
    qp = request.query_params
    multi = {k: tuple(v.strip() for v in qp.getlist(k) if v.strip())[:20] for k in MULTI}
    label = qp.get("label", "").strip()
    if label not in ("", "0", "1"):
        raise QueryError(f"label must be 0 or 1, got {label!r}")
    sort = qp.get("sort", "relevance") or "relevance"
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    try:
        size = int(qp.get("size") or default_size)
    except ValueError:
        raise QueryError("size must be a whole number") from None
    min_score = score_param(qp.get("min_score", ""), "min_score")
    filters = Filters(
        min_score=min_score if min_score else None,
        label=None if label == "" else int(label),
        sources=multi["source"],
        types=multi["type"],
        langs=multi["lang"],
        kinds=multi["kind"],
        since=qp.get("since", "").strip() or None,
        until=qp.get("until", "").strip() or None,
        entities=multi["entity"],
    )
    filters.clauses()  # a bad date or entity is a QueryError here
    raw = [(k, v) for k in KEYS for v in qp.getlist(k) if v.strip() and not (k == "min_score" and not min_score)]
    return SearchParams(
        q=qp.get("q", "")[:2000],
        filters=filters,
        sort=sort,
        after=qp.get("after") or None,
        size=max(1, min(size, MAX_SIZE)),
        raw=raw,
    )


# The same parameters declared for the JSON API (OpenAPI and validation); `parse` still builds the search from the
# query string, so the API and the pages read them the same way.
_REPEAT = "Repeatable (up to 20)."


def declared(
    request: Request,
    q: Annotated[str, Query(max_length=2000, description="Query in the `imt search` language (docs/search.md)")] = "",
    min_score: Annotated[float | None, Query(ge=0, le=1, description="Least classifier score, 0 to 1")] = None,
    label: Annotated[Literal["", "0", "1"], Query(description="1: flagged only, 0: not flagged only")] = "",
    source: Annotated[list[str] | None, Query(description=f"Source name. {_REPEAT}")] = None,
    type: Annotated[list[str] | None, Query(description=f"Source type (site, telegram, onion). {_REPEAT}")] = None,
    lang: Annotated[list[str] | None, Query(description=f"Language form (en, ru, uz-latn, uz-cyrl). {_REPEAT}")] = None,
    kind: Annotated[list[str] | None, Query(description=f"The classifier's kind (sale_ad, news, ...). {_REPEAT}")]
    = None,
    entity: Annotated[list[str] | None, Query(description=f"TYPE:VALUE, e.g. phone:+998901234567. {_REPEAT}")] = None,
    since: Annotated[str, Query(max_length=64, description="Fetched on or after: an ISO date or date-time")] = "",
    until: Annotated[str, Query(max_length=64, description="Fetched on or before: an ISO date or date-time")] = "",
    sort: Annotated[Literal["relevance", "score", "date"], Query(description="Order of the hits")] = "relevance",
) -> SearchParams:
    """The search parameters of an API request, declared (FastAPI answers 400 for a malformed one) and parsed."""
    return parse(request)
