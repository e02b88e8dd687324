"""Index layout: a versioned index behind an alias, with an explicit (strict) mapping.

Only the `standard` analyzer and keyword fields are used: the test distribution has no analysis-common, and
language normalisation happens in Python (classifier.normalize) into `text_norm`.
"""

from __future__ import annotations

from elasticsearch import ApiError, BadRequestError, Elasticsearch

from config import INDEX_STORES as STORES
from core import entity_types

DOCS_VERSION = 1

KEYWORD = {"type": "keyword"}
DATE = {"type": "date"}

DOCS_MAPPING = {
    "dynamic": "strict",
    "properties": {
        "url": KEYWORD,
        "source": KEYWORD,
        "source_type": KEYWORD,
        "site": KEYWORD,
        "title": {
            "type": "text",
            "analyzer": "standard",
            "fields": {"raw": {"type": "keyword", "ignore_above": 512}},
        },
        "text": {"type": "text", "analyzer": "standard"},
        "text_norm": {"type": "text", "analyzer": "standard"},
        "lang": KEYWORD,
        "score": {"type": "float"},  # the combined score: text and context (see search.context)
        "score_text": {"type": "float"},  # the text model's score alone
        "label": {"type": "integer"},
        "container": KEYWORD,  # channel:@x, vendor:..., site:host (classifier.context.container_key)
        # what the company added: the container's and the strongest identifier's figures, and the reasons shown
        "context": {
            "properties": {
                "boost": {"type": "float"},
                "container_docs": {"type": "integer"},
                "container_flagged": {"type": "integer"},
                "container_share": {"type": "float"},
                "ident_flagged": {"type": "integer"},
                "identifier": KEYWORD,
                "reasons": {"type": "keyword", "index": False, "doc_values": False},
            }
        },
        "kind": KEYWORD,  # the classifier's kind (sale_ad, shop_menu, ..., news, pharmacy, ...)
        "model_version": KEYWORD,
        "price": KEYWORD,
        "vendor": KEYWORD,
        "channel": KEYWORD,
        "post_id": {"type": "long"},
        "views": {"type": "keyword"},
        "forwarded_from": KEYWORD,
        "links": {"type": "keyword", "index": False, "doc_values": False},
        "published_at": DATE,
        "fetched_at": DATE,
        "first_seen": DATE,
        "indexed_at": DATE,  # when the indexer first wrote the document (watchlists look for new ones by it)
        "last_seen": DATE,
        "status": {"type": "integer"},
        "content_hash": KEYWORD,
        "simhash": KEYWORD,
        "cluster_id": KEYWORD,
        "gone_at": DATE,
        "version": {"type": "integer"},
        # earlier versions of the page (content hash, title, price, when it changed): stored, not searched
        "history": {"type": "object", "enabled": False},
        "evidence_sha256": KEYWORD,
        "capture_id": KEYWORD,
        "encoding": KEYWORD,
        "route": KEYWORD,
        "prices": {"properties": {"amount": {"type": "double"}, "currency": KEYWORD}},
        "entities": {"properties": {name: KEYWORD for name in entity_types.INDEXED}},
    },
}


# shards, replicas and refresh interval per store, from the configuration (`configure_indices`, called by
# search.client.connect): a process works with one configuration, and every index it creates follows it
_INDEX_SETTINGS: dict[str, dict] = {}


def configure_indices(settings: dict[str, dict]) -> None:
    """{store: {"shards": n, "replicas": n, "refresh": "30s" or ""}} for the indices created from now on."""
    _INDEX_SETTINGS.clear()
    _INDEX_SETTINGS.update(settings)


def store_of(alias: str) -> str:
    """Which store an alias is: imt-runs -> runs, x-ops-alerts -> ops-alerts, anything else -> docs."""
    for store in sorted(STORES, key=len, reverse=True):
        if store != "docs" and alias.endswith(f"-{store}"):
            return store
    return "docs"


def configured(alias: str) -> dict:
    return {"shards": 1, "replicas": 0, "refresh": "", **_INDEX_SETTINGS.get(store_of(alias), {})}


def create_settings(alias: str, shards: int | None = None, replicas: int | None = None) -> dict:
    """The settings an index behind `alias` is created with."""
    conf = configured(alias)
    out = {"number_of_shards": shards or conf["shards"],
           "number_of_replicas": conf["replicas"] if replicas is None else replicas}  # fmt: skip
    if conf["refresh"]:
        out["refresh_interval"] = conf["refresh"]
    return out


class MappingConflict(Exception):
    """The live index has a field whose type differs from this version's mapping; the message says what to do."""


def _wait_ready(es: Elasticsearch, alias: str) -> None:
    """An index another process has just created shows its alias before its shard is started (searches then fail
    with 503): wait for it (at once on an index that is up; skipped where the credentials may not ask)."""
    try:
        es.options(ignore_status=408).cluster.health(index=alias, wait_for_status="yellow", timeout="30s")
    except ApiError:
        pass


def index_name(alias: str, version: int = DOCS_VERSION) -> str:
    return f"{alias}-v{version}"


def ensure_docs_index(es: Elasticsearch, alias: str, replicas: int | None = None, shards: int | None = None) -> str:
    """Create the current versioned index and point the alias at it, unless the alias exists already. Shards and
    replicas: as given, else as configured (`configure_indices`)."""
    if es.indices.exists_alias(name=alias):
        _wait_ready(es, alias)
        # new fields are added in place (allowed on a live index); changed ones need `imt index migrate`
        try:
            es.indices.put_mapping(index=alias, properties=DOCS_MAPPING["properties"])
        except BadRequestError as exc:
            raise MappingConflict(
                f"the index behind {alias!r} has a mapping that conflicts with this version's ({exc.message}); "
                f"`imt index migrate` builds a new index with the current mapping and moves the documents"
            ) from None
        return next(iter(es.indices.get_alias(name=alias)))
    name = index_name(alias)
    if not es.indices.exists(index=name):
        try:
            es.indices.create(
                index=name,
                settings=create_settings(alias, shards, replicas),
                mappings=DOCS_MAPPING,
                aliases={alias: {"is_write_index": True}},
            )
        except BadRequestError as exc:  # another process (e.g. a worker of the same shared crawl) created it first
            if exc.error != "resource_already_exists_exception":
                raise
    else:
        es.indices.put_alias(index=name, name=alias)
    return name


def store_alias(docs_alias: str, what: str) -> str:
    """The alias of a store that goes with a documents alias: imt-docs -> imt-<what>, anything else X -> X-<what>."""
    base = docs_alias[: -len("-docs")] if docs_alias.endswith("-docs") else docs_alias
    return f"{base}-{what}"


def ensure_store(es: Elasticsearch, alias: str, mapping: dict, version: int = 1) -> str:
    """A versioned index `<alias>-v<version>` behind `alias` with a strict mapping, created on first use (new fields
    are added to a live one in place). Returns the concrete index name."""
    if es.indices.exists_alias(name=alias):
        _wait_ready(es, alias)
        es.indices.put_mapping(index=alias, properties=mapping["properties"])
        return next(iter(es.indices.get_alias(name=alias)))
    name = index_name(alias, version)
    if not es.indices.exists(index=name):
        try:
            es.indices.create(
                index=name,
                settings=create_settings(alias),
                mappings=mapping,
                aliases={alias: {"is_write_index": True}},
            )
        except BadRequestError as exc:  # another process created it first
            if exc.error != "resource_already_exists_exception":
                raise
    else:
        es.indices.put_alias(index=name, name=alias)
    return name


def settings_report(es: Elasticsearch, docs_alias: str, apply: bool = False) -> list[dict]:
    """Every store of this documents alias that exists: its index, live shards / replicas / refresh and the
    configured ones. With `apply`, replicas and refresh interval are changed in place where they differ (both are
    dynamic settings); shards are fixed when an index is created (the documents index gets new ones through
    `imt index migrate`)."""
    rows = []
    for store in STORES:
        alias = docs_alias if store == "docs" else store_alias(docs_alias, store)
        if not es.indices.exists_alias(name=alias):
            continue
        for name, body in es.indices.get_settings(index=alias, include_defaults=True).items():
            live, defaults = body["settings"]["index"], body.get("defaults", {}).get("index", {})
            want = configured(alias)
            row = {
                "store": store, "alias": alias, "index": name,
                "shards": int(live["number_of_shards"]), "replicas": int(live["number_of_replicas"]),
                "refresh": live.get("refresh_interval") or defaults.get("refresh_interval", "1s"),
                "want_shards": want["shards"], "want_replicas": want["replicas"],
                "want_refresh": want["refresh"] or "1s",
                "changed": [],
            }  # fmt: skip
            update = {}
            if row["replicas"] != row["want_replicas"]:
                update["number_of_replicas"] = row["want_replicas"]
            if row["refresh"] != row["want_refresh"]:
                update["refresh_interval"] = want["refresh"] or None  # None: back to the default
            if apply and update:
                es.indices.put_settings(index=name, settings={"index": update})
                row["changed"] = sorted(update)
                row["replicas"], row["refresh"] = row["want_replicas"], row["want_refresh"]
            rows.append(row)
    return rows
