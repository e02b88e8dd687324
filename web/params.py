"""The search parameters of a request (query, filters, sort, cursor) as search.query takes them: the web form's
names are the `imt search` option names (q, min_score, label, source, type, lang, kind, since, until, entity,
sort, after, size)."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request

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


def _float(value: str, what: str) -> float | None:
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
    min_score = _float(qp.get("min_score", ""), "min_score")
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
