"""The CPU work done on every fetched page, kept out of the Scrapy process's reactor thread.

A spider hands each response to `PageWorker.process(job)` and awaits the result. The worker collects pages into
small batches and runs `process_batch` on them, in a pool of worker processes (the second core of a 2-core machine
does the extraction, the entities and the classification while the first one fetches), or in this process when
`workers` is 0. For each page the batch step:

    decodes the body (binary bodies are refused), extracts title, text, links and fields (or the messages of a
    Telegram preview), finds entities, language, content hash, folded text and SimHash for each document, and
    scores the texts with the classifier in one batched call (cheaper per text than one call each).

The Scrapy process keeps what needs its state: the evidence store, the frontier, near-duplicate clusters and the
index writer. The pool is forked after the model is loaded, before the reactor starts, so workers share the model
pages and start at once. Before the fork the page work is done once on a made-up page (`warm_up`: what it builds
on first use is then shared too) and the garbage collector's objects are frozen (a collection would write to
every object and so copy the shared pages into each process).
"""

from __future__ import annotations

import gc
import hashlib
import logging
import multiprocessing
import os
import signal
from urllib.parse import urlparse
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass

from classifier.lang import detect
from classifier.normalize import normalize_for_index
from crawler.encoding import decode_body, looks_binary
from crawler.entities import extract_entities, flat
from crawler.extract import extract_page, extract_telegram
from crawler.focus import link_relevance
from crawler.simhash import simhash
from crawler.sources import Source
from crawler.spiders.common import doc_id, path_query

log = logging.getLogger(__name__)

_STATE: dict = {}  # the scorer, set before the pool forks (inherited by the workers) or used in-process


@dataclass(frozen=True)
class Job:
    kind: str  # "site" or "telegram"
    url: str
    body: bytes
    content_type: str
    source: Source
    is_item: bool = False  # a site page that is a document


def enrich(title: str, text: str, price: str, vendor: str, region: str, lang_hint: str) -> dict:
    """What the index keeps beside the text: language, content hash, folded text, entities, prices, SimHash."""
    full = f"{title}\n{text}"
    entities = extract_entities(full, default_region=region)
    lang = entities.get("lang") or detect(full)
    material = "\n".join((title, text, price, vendor))
    fingerprint = simhash(full)
    return {
        "lang": lang_hint if lang == "und" and lang_hint else lang,
        "content_hash": hashlib.sha256(material.encode("utf-8")).hexdigest(),
        "text_norm": normalize_for_index(full),
        "entities": flat(entities),
        "prices": [{"amount": p["amount"], "currency": p["currency"]} for p in entities.get("prices", [])][:20],
        "simhash": f"{fingerprint:016x}" if fingerprint is not None else None,
    }


def _site(job: Job, html: str, to_score: list) -> dict:
    source = job.source
    page = extract_page(html, job.url, source.rules or None)
    follow = []  # in-scope links: (url, document id, the link's own relevance for the focus order)
    for url in page.links:
        if urlparse(url).hostname in source.allowed_domains and source.may_follow(path_query(url)):
            relevance = link_relevance(page.anchors.get(url, ""), url) if source.focus else 0.0
            follow.append((url, doc_id(url), relevance))
    out = {"title": page.title, "text": page.text, "follow": follow, "refresh": page.refresh}
    if job.is_item:
        out["links"] = page.links
        out["fields"] = page.fields
        out["enriched"] = enrich(
            page.title, page.text, page.fields.get("price", ""), page.fields.get("vendor", ""),
            source.phone_region, source.lang_hint or "",
        )  # fmt: skip
    if job.is_item or source.focus:
        to_score.append((out, f"{page.title}\n{page.text}"))
    return out


def _telegram(job: Job, html: str, to_score: list) -> dict:
    page = extract_telegram(html, job.url)
    messages = []
    for msg in page.messages:
        title = f"{page.title} #{msg.post_id}"
        enriched = enrich(title, msg.text, "", "", job.source.phone_region, job.source.lang_hint or "")
        entry = asdict(msg) | {"title": title, "enriched": enriched}
        to_score.append((entry, f"{title}\n{msg.text}"))
        messages.append(entry)
    return {"title": page.title, "messages": messages, "before_url": page.before_url}


def process_batch(jobs: list[Job]) -> list[dict]:
    """Results in job order; a page that fails gets {"error": ...} and does not spoil the batch."""
    results: list[dict] = []
    to_score: list[tuple[dict, str]] = []
    owner: list[int] = []  # index in results of the page each text to score belongs to
    for job in jobs:
        try:
            if looks_binary(job.body, job.content_type):
                results.append({"binary": True})
                continue
            html, encoding = decode_body(job.body, job.content_type)
            handler = _telegram if job.kind == "telegram" else _site
            result = handler(job, html, to_score)  # the same dicts get their scores below
            result["encoding"] = encoding
            owner.extend([len(results)] * (len(to_score) - len(owner)))
            results.append(result)
        except Exception as exc:  # noqa: BLE001 - reported with the page, the crawl goes on
            del to_score[len(owner) :]
            results.append({"error": f"{type(exc).__name__}: {exc}"})
    if to_score:
        try:
            scored = _STATE["scorer"]([text for _, text in to_score])
        except Exception as exc:  # noqa: BLE001 - every page that needed a score is reported, none is lost
            for i in set(owner):
                results[i] = {"error": f"scoring failed: {type(exc).__name__}: {exc}"}
            return results
        for (target, _), result in zip(to_score, scored, strict=True):
            target["score"], target["label"] = result[0], result[1]
            if len(result) > 2:  # the classifier's kind, when the scorer gives one
                target["kind"] = result[2]
            if len(result) > 3:  # the text-only score, when the model combines text and context
                target["score_text"] = result[3]
    return results


# a made-up page for `warm_up`, shaped as a Telegram preview (and so a site page too): Russian, Uzbek and English
# text with a price, a phone, a handle and a link
_WARM_HTML = """<!doctype html><html><head><meta charset="utf-8"><title>Пример канала</title></head><body>
<div class="tgme_channel_info_header_title">Пример канала</div>
<div class="tgme_widget_message" data-post="example_channel/1"><div class="tgme_widget_message_text">
Доставка по городу, оплата переводом: 250 000 сум за 2 г. Пишите @example_channel_bot или +998 90 123 45 67.
Namuna matn: yetkazib berish bepul, narxi 30 $. Sample text: free delivery, 15 USD, see https://example.org/a
</div><div class="tgme_widget_message_date"><time datetime="2026-01-01T00:00:00+00:00"></time></div></div>
<a href="/example/2">next</a></body></html>""".encode()


def warm_up(sources) -> None:
    """Do the page work once on a made-up page for each kind of source (site or Telegram, phone region), in this
    process. What the work builds on first use (the classifier's n-gram lookup table, phone number metadata,
    compiled patterns, caches) then exists before the workers fork, and they share it instead of each building
    a copy of its own."""
    kinds = {}
    for source in sources:
        kind = "telegram" if source.type == "telegram" else "site"
        kinds.setdefault((kind, source.phone_region), (kind, source))
    jobs = [
        Job(kind=kind, url=source.seeds[0] if source.seeds else "http://example.org/", body=_WARM_HTML,
            content_type="text/html; charset=utf-8", source=source, is_item=True)
        for kind, source in kinds.values()
    ]  # fmt: skip
    if jobs:
        process_batch(jobs)  # results (and errors, which it returns rather than raises) are not needed


def _ready() -> int:
    return os.getpid()


def _worker_init() -> None:
    """A worker leaves Ctrl-C to the crawler (which stops gracefully and waits for the pages in hand) and dies
    with it when the crawler is killed outright."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: a killed crawler may leave its worker until it notices
        pass


class PageWorker:
    """Batches jobs from the reactor thread to `process_batch`; `await process(job)` gives the page's result.

    With worker processes, batching is natural: a job goes out at once when a worker is free, and the jobs that
    arrive while every worker is busy leave together (up to `size`) when one is done. A crawl that walks a chain
    of pages (pagination, a Telegram channel's history) waits for no timer, and a busy crawl still gets batched
    scoring. In-process (`workers=0`), a job waits at most `delay` seconds for its batch to fill."""

    def __init__(self, scorer, workers: int = 1, size: int = 16, delay: float = 0.02, sources=()):
        """`sources`: the crawl's sources, for `warm_up` before the workers fork."""
        self.size, self.delay = size, delay
        self.version = getattr(scorer, "version", "")
        self.workers = workers
        self.busy = 0  # batches handed to the pool and not yet back
        self.pending: list = []
        self.timer = None
        self.pool: ProcessPoolExecutor | None = None
        _STATE["scorer"] = scorer
        self.frozen = False
        if workers > 0:
            # the workers share this process's memory (the model, every module imported) copy-on-write: a page
            # stays shared until one side writes to it. So what the page work builds on first use is built here
            # first (warm_up); and since a garbage collection writes to every object it visits, what exists then
            # is collected once and frozen (kept out of every later collection, here and in the workers, until
            # the workers are gone)
            warm_up(sources)
            gc.collect()
            gc.freeze()
            self.frozen = True
            self.pool = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_init
            )
            for future in [self.pool.submit(_ready) for _ in range(workers)]:
                future.result()  # fork now, before the reactor starts its threads

    async def process(self, job: Job) -> dict:
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet.defer import Deferred

        waiter = Deferred()
        self.pending.append((job, waiter))
        if self.pool is not None:
            if self.busy < self.workers:
                self.flush()
        elif len(self.pending) >= self.size:
            self.flush()
        elif self.timer is None:
            from twisted.internet import reactor

            self.timer = reactor.callLater(self.delay, self.flush)
        return await maybe_deferred_to_future(waiter)

    def flush(self) -> None:
        if self.timer is not None and self.timer.active():
            self.timer.cancel()
        self.timer = None
        batch, self.pending = self.pending[: self.size], self.pending[self.size :]
        if not batch:
            return
        jobs = [job for job, _ in batch]
        if self.pool is None:
            self._resolve(batch, process_batch(jobs))
            if self.pending:
                self.flush()
            return
        from twisted.internet import reactor

        self.busy += 1
        future = self.pool.submit(process_batch, jobs)
        future.add_done_callback(lambda f: reactor.callFromThread(self._finished, batch, f))

    def _finished(self, batch, future) -> None:
        self.busy -= 1
        try:
            results = future.result()
        except BrokenProcessPool:
            log.warning("the page worker process died; processing pages in the crawler process from now on")
            self.pool = None
            results = process_batch([job for job, _ in batch])
        except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled: the pages are recorded
            results = [{"error": f"{type(exc).__name__}: {exc}"} for _ in batch]
        self._resolve(batch, results)
        if self.pending:
            self.flush()

    @staticmethod
    def _resolve(batch, results) -> None:
        for (_, waiter), result in zip(batch, results, strict=True):
            waiter.callback(result)

    def close(self) -> None:
        while self.pending and self.pool is None:
            self.flush()
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=False)
            self.pool = None
        if self.frozen:
            self.frozen = False
            gc.unfreeze()
