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


def connect(cfg: Config, check: bool = True) -> Elasticsearch:
    kwargs = {"request_timeout": 30, "retry_on_timeout": True, "max_retries": 2}
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
