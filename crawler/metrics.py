"""Prometheus metrics (text exposition format 0.0.4, written by prometheus_client): `render_metrics(cfg, es)` for
any HTTP server (the web app mounts it), `serve_metrics` for `imt scheduler run --metrics-port PORT` (GET /metrics
on 127.0.0.1).

From the crawl run history (search/runs.py): pages crawled, documents, documents flagged, bytes downloaded and proxy
failures, in total and per source (a run of several sources counts for each of its sources), runs by status (failures
are `failed` and `interrupted`), the last run's start per source. From the documents index: the indexing lag (now
minus the newest `indexed_at`). From IMT_HOME/spool: the spooled documents waiting for Elasticsearch. When
Elasticsearch cannot be reached, `imt_up 0` and the spool size are still served.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from elasticsearch import Elasticsearch
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4  # what generate_latest writes; every Prometheus version reads it
FAILED = ("failed", "interrupted")


def _spool_size(cfg) -> int:
    from search.spool import Spool

    try:
        return len(Spool(cfg.spool_dir))
    except OSError:
        return 0


def _run_stats(es: Elasticsearch, docs_alias: str) -> dict | None:
    from search.runs import runs_alias

    alias = runs_alias(docs_alias)
    if not es.indices.exists_alias(name=alias):
        return None
    sums = {k: {"sum": {"field": k}} for k in ("pages_crawled", "documents", "flagged", "bytes", "proxy_failures")}
    resp = es.search(index=alias, size=0, aggs={
        **sums,
        "status": {"terms": {"field": "status", "size": 10}},
        "by_source": {"terms": {"field": "sources", "size": 1000}, "aggs": {
            **sums,
            "last_start": {"max": {"field": "started_at"}},
            "status": {"terms": {"field": "status", "size": 10}},
        }},
    })  # fmt: skip
    return resp["aggregations"]


def _newest_indexed(es: Elasticsearch, docs_alias: str) -> float | None:
    if not es.indices.exists(index=docs_alias):
        return None
    resp = es.search(index=docs_alias, size=0, aggs={"newest": {"max": {"field": "indexed_at"}}})
    value = resp["aggregations"]["newest"]["value"]
    return None if value is None else value / 1000.0


class _Collector:
    """Reads the figures at scrape time (prometheus_client calls collect() for every exposition)."""

    def __init__(self, cfg, es: Elasticsearch | None):
        self.cfg, self.es = cfg, es

    def collect(self) -> Iterator[Metric]:
        stats, newest, up = None, None, 0
        if self.es is not None:
            try:
                stats = _run_stats(self.es, self.cfg.index)
                newest = _newest_indexed(self.es, self.cfg.index)
                up = 1
            except Exception:  # noqa: BLE001 - Elasticsearch unreachable: report it as imt_up 0
                stats, newest = None, None
        yield GaugeMetricFamily("imt_up", "1 when Elasticsearch answered the metrics queries", value=up)
        yield GaugeMetricFamily("imt_spool_documents", "Documents in the spool waiting for Elasticsearch",
                                value=_spool_size(self.cfg))  # fmt: skip
        if newest is not None:
            lag = round(max(0.0, time.time() - newest), 3)
            yield GaugeMetricFamily("imt_indexing_lag_seconds",
                                    "Now minus the newest indexed_at in the documents index", value=lag)
        if stats is None:
            return
        buckets = stats["by_source"]["buckets"]
        for field, name, text in (
            ("pages_crawled", "imt_pages_crawled", "Pages crawled by recorded runs"),
            ("documents", "imt_documents", "Documents produced by recorded runs"),
            ("flagged", "imt_documents_flagged", "Documents flagged by recorded runs"),
            ("bytes", "imt_downloaded_bytes", "Response bytes downloaded by recorded runs"),
            ("proxy_failures", "imt_proxy_failures", "Fetches that failed at the proxy in recorded runs"),
        ):
            family = CounterMetricFamily(name, f"{text} (no label: all runs; source: runs that crawled it)",
                                         labels=["source"])  # fmt: skip
            family.add_sample(f"{name}_total", {}, stats[field]["value"] or 0)
            for b in buckets:
                family.add_metric([b["key"]], b[field]["value"] or 0)
            yield family
        runs = CounterMetricFamily("imt_runs", "Crawl runs by status", labels=["status"])
        for b in stats["status"]["buckets"]:
            runs.add_metric([b["key"]], b["doc_count"])
        yield runs
        failures = CounterMetricFamily("imt_run_failures", "Crawl runs failed or interrupted", labels=["source"])
        failures.add_sample("imt_run_failures_total", {},
                            sum(b["doc_count"] for b in stats["status"]["buckets"] if b["key"] in FAILED))  # fmt: skip
        for b in buckets:
            failures.add_metric([b["key"]], sum(s["doc_count"] for s in b["status"]["buckets"] if s["key"] in FAILED))
        yield failures
        last = GaugeMetricFamily("imt_last_run_timestamp_seconds",
                                 "Start of the latest crawl run per source (Unix time)", labels=["source"])
        for b in buckets:
            if b["last_start"]["value"] is not None:
                last.add_metric([b["key"]], b["last_start"]["value"] / 1000.0)
        yield last


def render_metrics(cfg, es: Elasticsearch | None) -> str:
    """The Prometheus text exposition of the figures above (prometheus_client's)."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Collector(cfg, es))
    return generate_latest(registry).decode("utf-8")


def serve_metrics(cfg, es_factory: Callable[[], Elasticsearch | None], port: int,
                  host: str = "127.0.0.1") -> ThreadingHTTPServer:  # fmt: skip
    """Serve GET /metrics in a daemon thread; returns the server (`.shutdown()` stops it; port 0 picks one)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server interface
            if self.path.split("?")[0] != "/metrics":
                self.send_error(404, "only /metrics here")
                return
            body = render_metrics(cfg, es_factory()).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", CONTENT_TYPE)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # scrapes are not events
            pass

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="imt-metrics", daemon=True).start()
    return server
