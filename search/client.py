"""One place that builds the Elasticsearch client and turns connection failures into one clear sentence."""

from __future__ import annotations

from elasticsearch import ApiError, Elasticsearch, TransportError

from config import Config


class SearchUnavailable(Exception):
    """Elasticsearch cannot be reached; the message names the URL and how to start it."""


def unreachable_message(cfg: Config) -> str:
    url = cfg.effective_es_url
    if cfg.local_es:
        how = "start the local node with `imt es start` (or `make demo`), or set IMT_ES_URL"
    else:
        how = "check IMT_ES_URL and the cluster"
    return f"Elasticsearch is not reachable at {url}: {how}"


def connect(cfg: Config, check: bool = True, connections: int | None = None) -> Elasticsearch:
    """A client for the configured cluster (checked to answer unless `check` is false). Indices created through it
    get the shards, replicas and refresh interval the configuration gives each store. `connections`: how many
    requests may be under way at once (the client's default, 10, unless given)."""
    from search.mapping import STORES, configure_indices

    configure_indices({store: cfg.index_settings(store) for store in STORES})
    kwargs = {"request_timeout": 30, "retry_on_timeout": True, "max_retries": 2}
    if connections:
        kwargs["connections_per_node"] = connections
    if cfg.es_api_key:
        kwargs["api_key"] = cfg.es_api_key
    es = Elasticsearch(cfg.effective_es_url, **kwargs)
    if check:
        ensure_up(es, cfg)
    return es


def ensure_up(es: Elasticsearch, cfg: Config) -> None:
    # cluster health, not ping(): `GET /` lives in the rest-root module, which the test distribution lacks
    try:
        es.options(request_timeout=5, max_retries=0).cluster.health()
    except ApiError as exc:
        if exc.meta.status in (401, 403):
            raise SearchUnavailable(
                f"Elasticsearch at {cfg.effective_es_url} refused the credentials "
                f"({exc.meta.status}); check IMT_ES_URL or IMT_ES_API_KEY"
            ) from None
        raise SearchUnavailable(
            f"Elasticsearch at {cfg.effective_es_url} answered {exc.meta.status}: {exc.message}"
        ) from None
    except (TransportError, OSError):
        raise SearchUnavailable(unreachable_message(cfg)) from None


def pit_pages(es: Elasticsearch, index: str, body: dict, page: int, limit: int | None = None,
              keep_alive: str = "2m"):  # fmt: skip
    """The hits of a search (`body`: query, sort with a unique tiebreaker, ...) page by page, with search_after
    over a point in time: no 10,000-hit window, and an order that holds while the index changes underneath.
    Stops after `limit` hits (None: all). The point in time is closed however the walk ends."""
    pit = es.open_point_in_time(index=index, keep_alive=keep_alive)["id"]
    sent, after = 0, None
    try:
        while limit is None or sent < limit:
            size = page if limit is None else min(page, limit - sent)
            request = {**body, "size": size, "pit": {"id": pit, "keep_alive": keep_alive}}
            if after:
                request["search_after"] = after
            resp = es.search(**request)
            pit = resp.get("pit_id", pit)
            hits = resp["hits"]["hits"]
            if hits:
                yield hits
            sent += len(hits)
            if len(hits) < size:
                return
            after = hits[-1]["sort"]
    finally:
        try:
            es.close_point_in_time(id=pit)
        except (ApiError, TransportError):
            pass
