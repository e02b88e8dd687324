"""Watchlists and alerts: saved investigator queries, run against the documents new since their last run.

Two stores, each a versioned index behind an alias with a strict mapping (created on first use), named after the
documents alias the way the labels store is: imt-docs -> imt-watchlists / imt-alerts, any other alias X ->
X-watchlists / X-alerts.

- A watchlist is one document whose id is its name: a query in the user syntax (search.syntax) plus the shared
  filters (min score, label, entities, sources, source types, kinds, languages), who made it and when, whether it
  is paused, and `last_run_at`, its high-water mark.
- `run` takes its start time first, then, per watchlist, streams every document matching the query and filters
  indexed after last_run_at (minus OVERLAP, see below; the first run covers everything), creates
  one alert per (watchlist, document) and moves last_run_at to the start time. Alert ids are derived from the
  watchlist name and the document id and written with op_type=create, so a re-run never duplicates an alert nor
  resets its state (new | seen | closed).
- New means `indexed_at` (set by the indexer when it first writes a document, so a spool replayed days later
  still counts as new then). A bulk request in flight when a run starts carries an `indexed_at` just before the
  mark; each run therefore looks OVERLAP (10 minutes) further back, and the deterministic ids make the overlap
  free of duplicates. Documents indexed before `indexed_at` existed are matched by `first_seen` (24 hours back).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from elasticsearch import ApiError, Elasticsearch, helpers

from search.mapping import DATE, KEYWORD, ensure_store, store_alias
from core.actor import acting_user

if TYPE_CHECKING:
    from search.query import Filters

# search.query is imported where a query is compiled or run, not at the top: it pulls in the classifier
# (scikit-learn), seconds that `imt alerts list / ack / close` need not wait

WATCH_VERSION = 1
ALERTS_VERSION = 1
STATES = ("new", "seen", "closed")
NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")
OVERLAP = timedelta(minutes=10)  # bulk requests in flight when a run starts are caught by the next one
LEGACY_OVERLAP = timedelta(hours=24)  # documents indexed before `indexed_at` existed: by first_seen
DOC_FIELDS = ["url", "title", "score", "kind", "source", "first_seen"]  # what an alert copies from a document

WATCHLISTS_MAPPING = {
    "dynamic": "strict",
    "properties": {
        "name": KEYWORD,
        "query": {"type": "keyword", "ignore_above": 8191},
        "min_score": {"type": "float"},
        "label": {"type": "byte"},
        "entities": KEYWORD,  # TYPE:VALUE, the value normalised as the indexer stores it
        "sources": KEYWORD,
        "types": KEYWORD,
        "kinds": KEYWORD,
        "langs": KEYWORD,
        "created_by": KEYWORD,
        "created_at": DATE,
        "last_run_at": DATE,
        "last_run_matched": {"type": "long"},
        "last_run_alerts": {"type": "long"},
        "paused": {"type": "boolean"},
    },
}

ALERTS_MAPPING = {
    "dynamic": "strict",
    "properties": {
        "alert_id": KEYWORD,
        "watchlist": KEYWORD,
        "doc_id": KEYWORD,
        "url": KEYWORD,
        "title": {"type": "text", "analyzer": "standard", "fields": {"raw": {"type": "keyword", "ignore_above": 512}}},
        "score": {"type": "float"},
        "kind": KEYWORD,
        "source": KEYWORD,
        "first_seen": DATE,
        "matched_at": DATE,
        "state": KEYWORD,
        "state_changed_by": KEYWORD,
        "state_changed_at": DATE,
    },
}
ALERT_FIELDS = tuple(ALERTS_MAPPING["properties"])
ALERT_ORDER = [
    {"matched_at": {"order": "desc"}},
    {"first_seen": {"order": "desc", "missing": "_last"}},
    {"alert_id": "asc"},
]


class WatchError(Exception):
    """A watchlist or alert operation the user asked for cannot be done; the message says why in one line."""


# ---------------------------------------------------------------------------------------------------- stores


def watchlists_alias(docs_alias: str) -> str:
    """imt-docs -> imt-watchlists, anything else X -> X-watchlists (the rule of search.labels.labels_alias)."""
    return store_alias(docs_alias, "watchlists")


def alerts_alias(docs_alias: str) -> str:
    """imt-docs -> imt-alerts, anything else X -> X-alerts."""
    return store_alias(docs_alias, "alerts")


def ensure_watchlists_index(es: Elasticsearch, docs_alias: str) -> str:
    return ensure_store(es, watchlists_alias(docs_alias), WATCHLISTS_MAPPING, WATCH_VERSION)


def ensure_alerts_index(es: Elasticsearch, docs_alias: str) -> str:
    return ensure_store(es, alerts_alias(docs_alias), ALERTS_MAPPING, ALERTS_VERSION)


def _exists(es: Elasticsearch, alias: str) -> bool:
    return bool(es.indices.exists_alias(name=alias))


# ---------------------------------------------------------------------------------------------------- watchlists


@dataclass
class Watchlist:
    name: str
    query: str = ""
    min_score: float | None = None
    label: int | None = None
    entities: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    created_by: str = ""
    created_at: str = ""
    last_run_at: str | None = None
    last_run_matched: int | None = None
    last_run_alerts: int | None = None
    paused: bool = False

    def filters(self) -> Filters:
        from search.query import Filters

        return Filters(
            min_score=self.min_score,
            label=self.label,
            sources=tuple(self.sources),
            types=tuple(self.types),
            langs=tuple(self.langs),
            kinds=tuple(self.kinds),
            entities=tuple(self.entities),
        )

    def as_dict(self) -> dict:
        return asdict(self)

    def describe_filters(self) -> str:
        """The filters in the words of the command-line options, e.g. `--min-score 0.5 --entity phone:+998...`."""
        parts = []
        if self.min_score is not None:
            parts.append(f"--min-score {self.min_score:g}")
        if self.label is not None:
            parts.append(f"--label {self.label}")
        for option, values in (("--entity", self.entities), ("--source", self.sources), ("--type", self.types),
                               ("--kind", self.kinds), ("--lang", self.langs)):  # fmt: skip
            parts += [f"{option} {v}" for v in values]
        return " ".join(parts)

    @classmethod
    def from_source(cls, src: dict) -> Watchlist:
        known = {k: v for k, v in src.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def validate_name(name: str) -> str:
    if not isinstance(name, str) or not NAME.fullmatch(name) or set(name) == {"."}:
        raise WatchError(f"watchlist name {name!r} is not valid: use 1 to 64 letters, digits, '_', '.' or '-'")
    return name


def compile_watch(query: str, filters: Filters | None) -> Watchlist:
    """Check a query and its filters the way a run will use them, and normalise them; QueryError when either
    cannot be run (a syntax error, an unknown entity type, an invalid phone number ...)."""
    from search.query import Filters, QueryError, build_query, parse_entity

    f = filters or Filters()
    if f.since or f.until:
        raise QueryError("--since / --until do not apply to a watchlist: each run looks at the documents new since "
                         "the one before")  # fmt: skip
    entities = []
    for spec in f.entities:
        kind, value = parse_entity(spec)
        entities.append(f"{kind}:{value}")
    wl = Watchlist(
        name="",
        query=(query or "").strip(),
        min_score=f.min_score,
        label=f.label,
        entities=entities,
        sources=[s.strip() for s in f.sources],
        types=[t.strip().lower() for t in f.types],
        kinds=[k.strip().lower() for k in f.kinds],
        langs=[la.strip().lower() for la in f.langs],
    )
    build_query(wl.query, wl.filters())  # raises QueryError on a syntax error
    if not wl.query and not wl.filters().clauses():
        raise QueryError("a watchlist needs a query or a filter: an empty one would alert on every document")
    return wl


def add(
    es: Elasticsearch,
    docs_alias: str,
    name: str,
    query: str,
    filters: Filters | None = None,
    who: str | None = None,
    replace: bool = False,
    now: datetime | str | None = None,
) -> Watchlist:
    """Save a watchlist. The query and filters are checked first (QueryError; nothing is stored). A name in use
    is refused (WatchError) unless `replace`: then the definition is new and its next run starts over from the
    beginning (alerts it raised before are kept, with their state, and are not raised twice)."""
    validate_name(name)
    wl = compile_watch(query, filters)
    wl.name, wl.created_by, wl.created_at = name, who or acting_user(), _stamp(_when(now))
    ensure_watchlists_index(es, docs_alias)
    body = {k: v for k, v in wl.as_dict().items() if v is not None}
    try:
        es.index(index=watchlists_alias(docs_alias), id=name, document=body,
                 op_type="index" if replace else "create", refresh=True)  # fmt: skip
    except ApiError as exc:
        if exc.meta.status == 409:
            raise WatchError(f"a watchlist named {name!r} exists already; --replace redefines it") from None
        raise
    return wl


def _get(es: Elasticsearch, docs_alias: str, name: str) -> dict | None:
    try:
        return es.get(index=watchlists_alias(docs_alias), id=name)
    except ApiError as exc:
        if exc.meta.status == 404:
            return None
        raise


def show(es: Elasticsearch, docs_alias: str, name: str) -> Watchlist:
    got = _get(es, docs_alias, name)
    if got is None:
        raise WatchError(f"no watchlist named {name!r} (`imt watch list` shows them)")
    return Watchlist.from_source(got["_source"])


def remove(es: Elasticsearch, docs_alias: str, name: str) -> None:
    """Delete a watchlist. Its alerts stay (they are part of the record); adding the name again does not raise
    them twice."""
    try:
        es.delete(index=watchlists_alias(docs_alias), id=name, refresh=True)
    except ApiError as exc:
        if exc.meta.status == 404:
            raise WatchError(f"no watchlist named {name!r} (`imt watch list` shows them)") from None
        raise


def set_paused(es: Elasticsearch, docs_alias: str, name: str, paused: bool = True) -> Watchlist:
    """Pause (runs skip it) or resume a watchlist. A resumed one catches up from its last run."""
    wl = show(es, docs_alias, name)
    es.update(index=watchlists_alias(docs_alias), id=name, doc={"paused": paused}, refresh=True)
    wl.paused = paused
    return wl


def _scan(es: Elasticsearch, alias: str, sort: list, query: dict | None = None, batch: int = 1000,
          **kwargs) -> Iterator[dict]:  # fmt: skip
    after = None
    while True:
        extra = {"search_after": after} if after else {}
        resp = es.search(index=alias, query=query or {"match_all": {}}, size=batch, sort=sort, **kwargs, **extra)
        hits = resp["hits"]["hits"]
        yield from hits
        if len(hits) < batch:
            return
        after = hits[-1]["sort"]


def _watch_hits(es: Elasticsearch, docs_alias: str) -> list[dict]:
    alias = watchlists_alias(docs_alias)
    if not _exists(es, alias):
        return []
    return [*_scan(es, alias, [{"name": "asc"}], seq_no_primary_term=True)]


def list_watchlists(es: Elasticsearch, docs_alias: str) -> list[Watchlist]:
    """Every watchlist, by name."""
    return [Watchlist.from_source(h["_source"]) for h in _watch_hits(es, docs_alias)]


# ---------------------------------------------------------------------------------------------------- runs


@dataclass
class RunResult:
    name: str
    matched: int = 0  # documents that matched in the window (those already alerted included)
    new: int = 0  # alerts created
    since: str | None = None  # the window's start (first_seen after this); None = the first run, everything
    paused: bool = False
    advanced: bool = False  # last_run_at moved to the run's start (False when paused, or changed meanwhile)

    def as_dict(self) -> dict:
        return asdict(self)


def _seen_after(base: Filters, after: str | None) -> Filters:
    """The watchlist's filters plus `first_seen` after a time."""
    from search.query import Filters

    class SeenAfter(Filters):
        def clauses(self) -> list[dict]:
            out = super().clauses()
            if after:  # indexed since; documents from before `indexed_at` existed: first seen since (+ LEGACY)
                legacy = _stamp(_when(after) - LEGACY_OVERLAP)
                out.append({"bool": {"should": [
                    {"range": {"indexed_at": {"gt": after}}},
                    {"bool": {"must_not": [{"exists": {"field": "indexed_at"}}],
                              "filter": [{"range": {"first_seen": {"gt": legacy}}}]}},
                ], "minimum_should_match": 1}})  # fmt: skip
            return out

    return SeenAfter(**{k: getattr(base, k) for k in base.__dataclass_fields__})


def alert_id(watchlist: str, doc_id: str) -> str:
    """The same (watchlist, document) always gives the same alert id: 16 hex digits of a SHA-256."""
    return hashlib.sha256(f"{watchlist}\x00{doc_id}".encode()).hexdigest()[:16]


def run(
    es: Elasticsearch,
    docs_alias: str,
    names: Iterable[str] | None = None,
    now: datetime | str | None = None,
    progress: Callable[[str], None] | None = None,
    overlap: timedelta = OVERLAP,
) -> list:
    """Run the watchlists (all of them, or those named; paused ones are skipped) over the documents first seen
    since their last run, raise one alert per new match, and move each mark to this run's start. Returns a
    RunResult per watchlist, by name."""
    started = _when(now)  # taken before any query: what is indexed during the run is caught by the next one
    stamp = _stamp(started)
    wanted = None if names is None else [*dict.fromkeys(names)]
    hits = _watch_hits(es, docs_alias)
    if wanted is not None:
        by_name = {h["_id"]: h for h in hits}
        unknown = [n for n in wanted if n not in by_name]
        if unknown:
            raise WatchError(f"no watchlist named {', '.join(map(repr, unknown))} (`imt watch list` shows them)")
        hits = [by_name[n] for n in wanted]
    if not hits:
        return []
    if not _exists(es, docs_alias) and not es.indices.exists(index=docs_alias):
        raise WatchError(f"index {docs_alias!r} does not exist yet; crawl something first (`imt crawl demo`)")
    es.indices.refresh(index=docs_alias)  # what was written before the start is visible to this run
    ensure_alerts_index(es, docs_alias)
    results, failures = [], []
    for h in hits:
        wl = Watchlist.from_source(h["_source"])
        if wl.paused:
            results.append(RunResult(wl.name, paused=True, since=wl.last_run_at))
            if progress:
                progress(f"{wl.name}: paused, skipped")
            continue
        since = None
        if wl.last_run_at:
            since = _stamp(_when(wl.last_run_at) - overlap)
        result = RunResult(wl.name, since=since)
        errors = _raise_alerts(es, docs_alias, wl, since, stamp, result)
        if errors:
            failures.append(f"{wl.name}: Elasticsearch refused {len(errors)} alerts ({errors[0]})")
        else:
            result.advanced = _advance(es, docs_alias, h, stamp, result)
        results.append(result)
        if progress:
            progress(f"{wl.name}: {result.matched} matched, {result.new} new alerts")
    es.indices.refresh(index=alerts_alias(docs_alias))
    es.indices.refresh(index=watchlists_alias(docs_alias))
    if failures:
        raise WatchError("; ".join(failures) + " - their marks were not moved, the next run tries again")
    return results


def _raise_alerts(es, docs_alias, wl: Watchlist, since, stamp, result: RunResult) -> list:
    from search.query import iter_hits

    excludes = ["text", "text_norm", "links", "history", "entities", "prices"]
    matches = iter_hits(es, docs_alias, wl.query, filters=_seen_after(wl.filters(), since), sort="date",
                        highlight=False, source_excludes=excludes)  # fmt: skip

    def actions():
        for hit in matches:
            result.matched += 1
            src = hit["_source"]
            aid = alert_id(wl.name, hit["_id"])
            body = {"alert_id": aid, "watchlist": wl.name, "doc_id": hit["_id"], "matched_at": stamp, "state": "new"}
            body.update({k: src[k] for k in DOC_FIELDS if src.get(k) is not None})
            yield {"_op_type": "create", "_id": aid, "_source": body}

    errors = []
    for ok, item in helpers.streaming_bulk(es, actions(), index=alerts_alias(docs_alias), raise_on_error=False,
                                           max_retries=3):  # fmt: skip
        info = item.get("create", {})
        if ok:
            result.new += 1
        elif info.get("status") != 409:  # 409: this alert exists already, its state is kept
            errors.append((info.get("error") or {}).get("reason", info.get("error")))
    return errors


def _advance(es, docs_alias, hit: dict, stamp: str, result: RunResult) -> bool:
    """Move the mark, unless the watchlist was replaced or removed during the run."""
    try:
        es.update(
            index=watchlists_alias(docs_alias),
            id=hit["_id"],
            doc={"last_run_at": stamp, "last_run_matched": result.matched, "last_run_alerts": result.new},
            if_seq_no=hit["_seq_no"],
            if_primary_term=hit["_primary_term"],
        )
    except ApiError as exc:
        if exc.meta.status in (404, 409):
            return False
        raise
    return True


# ---------------------------------------------------------------------------------------------------- alerts


def _check_state(state: str) -> str:
    if state not in STATES:
        raise WatchError(f"unknown alert state {state!r}; use {', '.join(STATES)}")
    return state


def alerts(
    es: Elasticsearch,
    docs_alias: str,
    state: str | None = None,
    watchlist: str | None = None,
    size: int = 50,
) -> list:
    """Alerts, newest first (the latest run's first; within a run, the latest first seen), as dicts of
    ALERT_FIELDS. `size` may exceed 10,000 (search_after)."""
    alias = alerts_alias(docs_alias)
    if not _exists(es, alias):
        return []
    clauses = []
    if state:
        clauses.append({"term": {"state": _check_state(state)}})
    if watchlist:
        clauses.append({"term": {"watchlist": watchlist}})
    query = {"bool": {"filter": clauses}}
    out = []
    for hit in _scan(es, alias, ALERT_ORDER, query=query, batch=min(size, 1000)):
        out.append(hit["_source"])
        if len(out) >= size:
            break
    return out


def set_state(es: Elasticsearch, docs_alias: str, ids: Iterable[str], state: str, who: str | None = None,
              now: datetime | str | None = None) -> dict:  # fmt: skip
    """Set the state of some alerts (ack: seen, close: closed), recording who and when. Every id is checked
    first: an unknown one raises WatchError naming them all and nothing changes. Alerts already in that state
    are left as they are. Returns {"changed": n, "unchanged": n}."""
    _check_state(state)
    wanted = [*dict.fromkeys(i.strip() for i in ids)]
    if not wanted:
        raise WatchError("no alert ids given")
    alias = alerts_alias(docs_alias)
    found = {}
    if _exists(es, alias):
        for start in range(0, len(wanted), 1000):
            resp = es.mget(index=alias, ids=wanted[start : start + 1000], source_includes=["state"])
            found.update({d["_id"]: d["_source"].get("state") for d in resp["docs"] if d.get("found")})
    unknown = [i for i in wanted if i not in found]
    if unknown:
        shown = ", ".join(unknown[:20]) + (f" (and {len(unknown) - 20} more)" if len(unknown) > 20 else "")
        raise WatchError(f"unknown alert id{'s' if len(unknown) > 1 else ''}: {shown}; nothing was changed")
    change = [i for i in wanted if found[i] != state]
    doc = {"state": state, "state_changed_by": who or acting_user(), "state_changed_at": _stamp(_when(now))}
    actions = ({"_op_type": "update", "_id": i, "doc": doc} for i in change)
    errors = []
    for ok, item in helpers.streaming_bulk(es, actions, index=alias, raise_on_error=False, max_retries=3):
        if not ok:
            errors.append(item.get("update", {}).get("error"))
    es.indices.refresh(index=alias)
    if errors:
        raise WatchError(f"Elasticsearch refused {len(errors)} of {len(change)} state changes: {errors[0]}")
    return {"changed": len(change), "unchanged": len(wanted) - len(change)}


def counts_by_state(es: Elasticsearch, docs_alias: str, watchlist: str | None = None) -> dict[str, int]:
    """How many alerts are new, seen and closed (all watchlists, or one)."""
    out = dict.fromkeys(STATES, 0)
    alias = alerts_alias(docs_alias)
    if not _exists(es, alias):
        return out
    query = {"bool": {"filter": [{"term": {"watchlist": watchlist}}] if watchlist else []}}
    resp = es.search(index=alias, size=0, query=query, aggs={"state": {"terms": {"field": "state", "size": 10}}})
    out.update({b["key"]: b["doc_count"] for b in resp["aggregations"]["state"]["buckets"]})
    return out


# ---------------------------------------------------------------------------------------------------- helpers


def _when(value: datetime | str | None) -> datetime:
    if value is None:
        return datetime.now(timezone.utc)
    if isinstance(value, str):
        value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _stamp(when: datetime) -> str:
    return when.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


__all__ = [
    "ALERT_FIELDS", "OVERLAP", "STATES", "RunResult", "WatchError", "Watchlist", "add", "alert_id", "alerts",
    "alerts_alias", "compile_watch", "counts_by_state", "list", "list_watchlists", "remove",
    "run", "set_paused", "set_state", "show", "watchlists_alias",
]  # fmt: skip

# `watch.list(es, alias)` reads as the other verbs do; defined last, and nothing above calls the builtin list()
list = list_watchlists  # noqa: A001
