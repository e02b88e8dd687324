"""Index layout: a versioned index behind an alias, with an explicit (strict) mapping.

Only the `standard` analyzer and keyword fields are used: the test distribution has no analysis-common, and
language normalisation happens in Python (classifier.normalize) into `text_norm`.
"""

from __future__ import annotations

from elasticsearch import ApiError, BadRequestError, Elasticsearch

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
        "score": {"type": "float"},
        "label": {"type": "integer"},
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
        "entities": {
            "properties": {
                name: KEYWORD
                for name in (
                    "phone",
                    "handle",
                    "bot",
                    "tme",
                    "onion",
                    "url",
                    "email",
                    "wallet",
                    "wallet_type",
                    "substance",
                    "place",
                )
            }
        },
    },
}


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


def ensure_docs_index(es: Elasticsearch, alias: str, replicas: int = 0, shards: int = 1) -> str:
    """Create the current versioned index and point the alias at it, unless the alias exists already."""
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
                settings={"number_of_shards": shards, "number_of_replicas": replicas},
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
                settings={"number_of_shards": 1, "number_of_replicas": 0},
                mappings=mapping,
                aliases={alias: {"is_write_index": True}},
            )
        except BadRequestError as exc:  # another process created it first
            if exc.error != "resource_already_exists_exception":
                raise
    else:
        es.indices.put_alias(index=name, name=alias)
    return name
