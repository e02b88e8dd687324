"""Investigator queries. User text only ever reaches Elasticsearch inside simple_query_string (no scripts,
no raw DSL); ranking is text relevance weighted by the classifier's score, so flagged offers come first."""

from __future__ import annotations

from dataclasses import dataclass

from elasticsearch import ApiError, Elasticsearch, TransportError

from classifier.normalize import normalize_for_index

# final rank = text relevance x (FLOOR + classifier score): a news report that matches the words well
# still ranks below a sale ad that matches them about as well
FLOOR = 0.2


class QueryError(Exception):
    """The query could not be run; the message says why in one sentence."""


@dataclass
class Hit:
    id: str
    relevance: float
    score: float
    label: int
    source: str
    title: str
    url: str
    snippet: str
    fetched_at: str

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def build_query(
    text: str, min_score: float | None = None, label: int | None = None, sources: tuple[str, ...] = ()
) -> dict:
    text = text.strip()
    if text:
        match = {
            "bool": {
                "should": [
                    {
                        "simple_query_string": {
                            "query": text,
                            "fields": ["title^2", "text"],
                            "default_operator": "and",
                        }
                    },
                    {
                        "simple_query_string": {
                            "query": normalize_for_index(text),
                            "fields": ["text_norm"],
                            "default_operator": "and",
                        }
                    },
                ],
                "minimum_should_match": 1,
            }
        }
    else:
        match = {"match_all": {}}
    filters = []
    if min_score is not None:
        filters.append({"range": {"score": {"gte": min_score}}})
    if label is not None:
        filters.append({"term": {"label": label}})
    if sources:
        filters.append({"terms": {"source": list(sources)}})
    return {
        "function_score": {
            "query": {"bool": {"must": [match], "filter": filters}},
            "functions": [
                {"weight": FLOOR},
                {"field_value_factor": {"field": "score", "missing": 0, "modifier": "none"}},
            ],
            "score_mode": "sum",
            "boost_mode": "multiply",
        }
    }


def search(es: Elasticsearch, alias: str, text: str, size: int = 10, **filters) -> tuple[int, list[Hit]]:
    try:
        resp = es.search(
            index=alias,
            query=build_query(text, **filters),
            size=size,
            track_total_hits=True,
            source_excludes=["text_norm", "links"],
            highlight={
                "fields": {"text": {"fragment_size": 160, "number_of_fragments": 1}},
                "pre_tags": ["["],
                "post_tags": ["]"],
            },
        )
    except ApiError as exc:
        if exc.meta.status == 404:
            raise QueryError(f"index {alias!r} does not exist yet; crawl something first (`imt crawl demo`)") from None
        raise QueryError(f"Elasticsearch rejected the query: {exc.message}") from None
    except TransportError as exc:
        raise QueryError(f"Elasticsearch did not answer the query: {exc}") from None
    hits = []
    for h in resp["hits"]["hits"]:
        src = h["_source"]
        frag = h.get("highlight", {}).get("text", [src.get("text", "")[:160]])[0]
        hits.append(
            Hit(
                id=h["_id"],
                relevance=round(h["_score"] or 0.0, 4),
                score=src.get("score", 0.0),
                label=src.get("label", 0),
                source=src.get("source", ""),
                title=src.get("title", ""),
                url=src.get("url", ""),
                snippet=" ".join(frag.split()),
                fetched_at=src.get("fetched_at", ""),
            )
        )
    return resp["hits"]["total"]["value"], hits
