"""Distributed crawling: several `imt crawl SOURCE --redis-url URL` workers, on one machine or several, share one
crawl through Redis with scrapy-redis.

scrapy-redis's scheduler keeps the request queue (a priority queue, so the focus order holds across workers) and
its dupefilter keeps the fingerprints of every request any worker scheduled, so no URL is fetched twice. Keys are
per crawl and source: `imt:<crawl id>:<source>:requests`, `...:dupefilter`, `...:seeded`, `...:workers`.

`SharedCrawl` (a spider middleware, on only with --redis-url) does what scrapy-redis leaves to the caller:

- seeds once: the first worker to set the `seeded` flag (SET NX, in one Lua script with the stale-crawl check)
  pushes the seeds; the others take their requests from the shared queue;
- stops when the shared queue has been empty for `IMT_REDIS_IDLE` seconds (polling it every second meanwhile),
  instead of waiting forever as scrapy-redis spiders do;
- applies the source's `max_pages` to the whole crawl (a shared counter; Scrapy's own CLOSESPIDER_PAGECOUNT would
  count per worker); `max_pages_per_domain` is still counted by each worker for the requests it makes;
- keeps a heartbeat per worker (a sorted set scored by Redis time): the last worker to finish a crawl that ran
  to its end (or spent its page budget) deletes the crawl's keys, so the next crawl with the same id starts
  afresh; a worker stopped with Ctrl-C pushes the requests it had in flight back to the shared queue, so another
  worker (or a later one) fetches them. A crawl whose workers all died keeps its queue: the next worker resumes
  it; one that left an empty queue and no live worker is reset when a worker starts.

Each worker indexes its own documents into the same Elasticsearch index; ids are URL hashes, so the union is
deduplicated by construction.
"""

from __future__ import annotations

import logging
import uuid
import warnings

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, ScrapyDeprecationWarning

log = logging.getLogger(__name__)
# scrapy-redis 0.9 still passes `spider` to the stats collector; harmless, and not ours to fix
warnings.filterwarnings("ignore", "Passing a 'spider' argument", ScrapyDeprecationWarning, r"scrapy_redis\.")

HEARTBEAT = 10.0  # seconds between a worker's heartbeats
WORKER_TTL = 60  # a worker without a heartbeat for this long is gone
DEFAULT_IDLE = 10  # seconds the shared queue stays empty before a worker stops


class RedisUnavailable(Exception):
    """The Redis of a distributed crawl cannot be reached."""


def _client(url: str, timeout: float = 30.0):
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)


def check_redis(url: str) -> None:
    """Raises RedisUnavailable with a one-line message when `url` does not answer a PING."""
    import redis

    try:
        client = _client(url, timeout=5.0)
        client.ping()
        client.close()
    except (redis.RedisError, OSError, ValueError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise RedisUnavailable(
            f"cannot reach Redis at {url} ({reason}); single-process crawling still works: omit --redis-url"
        ) from None


def prefix(crawl_id: str, source: str) -> str:
    return f"imt:{crawl_id}:{source}"


def distributed_settings(redis_url: str, crawl_id: str, source, idle: int = DEFAULT_IDLE) -> dict:
    """Per-spider settings that move the scheduler's queue and dupefilter to Redis (scrapy-redis)."""
    p = prefix(crawl_id, source.name)
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": f"{p}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{p}:dupefilter",
        "SCHEDULER_PERSIST": True,  # a worker that stops must not flush the queue the others still use
        "REDIS_URL": redis_url,
        "IMT_REDIS_PREFIX": p,
        "IMT_REDIS_IDLE": idle,
        "CLOSESPIDER_PAGECOUNT": 0,  # the page budget is the crawl's, counted in Redis (SharedCrawl.count)
        "IMT_SHARED_MAX_PAGES": source.max_pages or 0,
        "SPIDER_MIDDLEWARES": {"crawler.distributed.SharedCrawl": 10},
    }


# KEYS: workers, queue, dupefilter, seeded, pages; ARGV: worker id, ttl. Returns 1 when this worker seeds.
_JOIN = """
local now = tonumber(redis.call('TIME')[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) == 0 and redis.call('ZCARD', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[3], KEYS[4], KEYS[5])
end
redis.call('ZADD', KEYS[1], now, ARGV[1])
if redis.call('SET', KEYS[4], ARGV[1], 'NX') then return 1 end
return 0
"""
# KEYS: workers; ARGV: worker id
_BEAT = """
local now = tonumber(redis.call('TIME')[1])
redis.call('ZADD', KEYS[1], now, ARGV[1])
return now
"""
# KEYS: workers, queue, dupefilter, seeded, pages; ARGV: worker id, ttl, complete (1/0). 1 when the keys went.
_LEAVE = """
local now = tonumber(redis.call('TIME')[1])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
if ARGV[3] == '1' and redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5])
  return 1
end
return 0
"""


class SharedCrawl:
    """Spider middleware for a worker of a shared crawl: seeds once, stops after the shared queue stayed empty,
    heartbeat, hands back what it had in flight when stopped."""

    def __init__(self, crawler):
        s = crawler.settings
        self.crawler = crawler
        self.redis = _client(s.get("REDIS_URL"))
        p = s.get("IMT_REDIS_PREFIX")
        self.keys = [
            f"{p}:workers", s.get("SCHEDULER_QUEUE_KEY"), s.get("SCHEDULER_DUPEFILTER_KEY"), f"{p}:seeded", f"{p}:pages"
        ]  # fmt: skip
        self.max_pages = s.getint("IMT_SHARED_MAX_PAGES", 0)
        self.closing = False
        self.idle = s.getint("IMT_REDIS_IDLE", DEFAULT_IDLE)
        self.id = uuid.uuid4().hex
        self.idle_since: float | None = None
        self.seeded = False
        self.beat = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.busy, signal=signals.request_reached_downloader)
        if self.max_pages:
            crawler.signals.connect(self.count, signal=signals.response_received)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider):
        from twisted.internet import task

        self.beat = task.LoopingCall(self.heartbeat)
        self.beat.start(HEARTBEAT, now=False)

    def heartbeat(self):
        try:
            self.redis.eval(_BEAT, 1, self.keys[0], self.id)
        except Exception as exc:  # noqa: BLE001 - a missed beat is not fatal; the crawl goes on
            log.warning("Redis heartbeat failed: %s", exc)

    async def process_start(self, start):
        """Only the first worker of a crawl passes the seeds on; the others start from the shared queue."""
        self.seeded = bool(self.redis.eval(_JOIN, 5, *self.keys, self.id, WORKER_TTL))
        self.crawler.stats.set_value("imt/distributed/seeded", int(self.seeded))
        if not self.seeded:
            return
        async for item_or_request in start:
            yield item_or_request

    def busy(self, request, spider):
        self.idle_since = None

    def count(self, response, request, spider):
        """The crawl's page budget: every worker stops once the workers together fetched `max_pages`."""
        if not self.closing and self.redis.incr(self.keys[4]) >= self.max_pages:
            from scrapy.utils.defer import deferred_from_coro

            self.closing = True
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="closespider_pagecount"))

    def spider_idle(self, spider):
        """Idle = the shared queue is empty and nothing of this worker's is in flight. Keep polling the queue
        (every second) until it has stayed empty for `idle` seconds; then the spider closes as finished."""
        from twisted.internet import reactor

        now = reactor.seconds()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since >= self.idle:
            return
        slot = getattr(self.crawler.engine, "_slot", None)  # poll sooner than the engine's 5 s heartbeat
        if slot is not None and getattr(slot, "nextcall", None) is not None:
            reactor.callLater(1.0, lambda: slot.closing is None and slot.nextcall.schedule())
        raise DontCloseSpider

    def spider_closed(self, spider, reason):
        if self.beat is not None and self.beat.running:
            self.beat.stop()
        try:
            complete = reason in ("finished", "closespider_pagecount")
            if not complete:
                self.hand_back(spider)
            gone = self.redis.eval(_LEAVE, 5, *self.keys, self.id, WORKER_TTL, "1" if complete else "0")
            if gone:
                log.info("shared crawl %s complete: its Redis keys were removed", self.keys[1])
        except Exception as exc:  # noqa: BLE001 - the worker's own results are kept whatever Redis does now
            log.warning("could not leave the shared crawl cleanly: %s", exc)
        finally:
            self.redis.close()

    def hand_back(self, spider) -> int:
        """Requests this worker had in flight when it was stopped go back to the shared queue."""
        from scrapy_redis.queue import PriorityQueue

        inflight = dict(getattr(spider, "inflight", {}) or {})
        if not inflight:
            return 0
        queue = PriorityQueue(self.redis, spider, self.keys[1])
        for url, depth in inflight.items():
            queue.push(spider._request(url, depth=depth, dont_filter=True, priority=100))
        spider.inflight.clear()
        log.info("handed %d requests in flight back to the shared queue", len(inflight))
        return len(inflight)
