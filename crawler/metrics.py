"""Prometheus metrics (text exposition format 0.0.4): `render_metrics(cfg, es)` for any HTTP server (the web app
can mount it), `serve_metrics` for `imt scheduler run --metrics-port PORT` (GET /metrics on 127.0.0.1).

From the crawl run history (search/runs.py): pages crawled, documents, documents flagged, bytes downloaded and proxy
failures, in total and per source (a run of several sources counts for each of its sources), runs by status (failures
are `failed` and `interrupted`), the last run's start per source. From the documents index: the indexing lag (now
minus the newest `indexed_at`). From IMT_HOME/spool: the spooled documents waiting for Elasticsearch. When
Elasticsearch cannot be reached, `imt_up 0` and the spool size are still served.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from elasticsearch import Elasticsearch

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
FAILED = ("failed", "interrupted")


def _label(value: str) -> str:
    return str(value).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


class _Out:
    def __init__(self):
        self.lines: list[str] = []

    def metric(self, name: str, kind: str, help_text: str, samples: list[tuple[dict, float]]) -> None:
        self.lines += [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}"]
        for labels, value in samples:
            lab = ",".join(f'{k}="{_label(v)}"' for k, v in labels.items())
            self.lines.append(f"{name}{{{lab}}} {_num(value)}" if lab else f"{name} {_num(value)}")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


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


def render_metrics(cfg, es: Elasticsearch | None) -> str:
    out = _Out()
    stats, newest, up = None, None, 0
    if es is not None:
        try:
            stats = _run_stats(es, cfg.index)
            newest = _newest_indexed(es, cfg.index)
            up = 1
        except Exception:  # noqa: BLE001 - Elasticsearch unreachable: report it as imt_up 0
            stats, newest = None, None
    out.metric("imt_up", "gauge", "1 when Elasticsearch answered the metrics queries", [({}, up)])
    out.metric("imt_spool_documents", "gauge", "Documents in the spool waiting for Elasticsearch",
               [({}, _spool_size(cfg))])  # fmt: skip
    if newest is not None:
        out.metric("imt_indexing_lag_seconds", "gauge", "Now minus the newest indexed_at in the documents index",
                   [({}, round(max(0.0, time.time() - newest), 3))])  # fmt: skip
    if stats is not None:
        buckets = stats["by_source"]["buckets"]
        for field, name, text in (
            ("pages_crawled", "imt_pages_crawled_total", "Pages crawled by recorded runs"),
            ("documents", "imt_documents_total", "Documents produced by recorded runs"),
            ("flagged", "imt_documents_flagged_total", "Documents flagged by recorded runs"),
            ("bytes", "imt_downloaded_bytes_total", "Response bytes downloaded by recorded runs"),
            ("proxy_failures", "imt_proxy_failures_total", "Fetches that failed at the proxy in recorded runs"),
        ):
            samples = [({}, stats[field]["value"] or 0)]
            samples += [({"source": b["key"]}, b[field]["value"] or 0) for b in buckets]
            out.metric(name, "counter", f"{text} (no label: all runs; source: runs that crawled it)", samples)
        by_status = [({"status": b["key"]}, b["doc_count"]) for b in stats["status"]["buckets"]]
        out.metric("imt_runs_total", "counter", "Crawl runs by status", by_status)
        failures = [({}, sum(v for labels, v in by_status if labels["status"] in FAILED))]
        failures += [({"source": b["key"]}, sum(s["doc_count"] for s in b["status"]["buckets"] if s["key"] in FAILED))
                     for b in buckets]  # fmt: skip
        out.metric("imt_run_failures_total", "counter", "Crawl runs failed or interrupted", failures)
        out.metric("imt_last_run_timestamp_seconds", "gauge", "Start of the latest crawl run per source (Unix time)",
                   [({"source": b["key"]}, b["last_start"]["value"] / 1000.0) for b in buckets
                    if b["last_start"]["value"] is not None])  # fmt: skip
    return out.text()


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
