"""Batched scoring inside the Twisted reactor: callers await one text's score, the batcher scores texts in
groups (a batched predict is several times cheaper per text than one call each). A text waits at most `delay`
seconds, or until `size` texts are pending."""

from __future__ import annotations

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred


class BatchScorer:
    def __init__(self, scorer, size: int = 64, delay: float = 0.05):
        self.scorer, self.size, self.delay = scorer, size, delay
        self.version = getattr(scorer, "version", "")
        self.pending: list[tuple[str, Deferred]] = []
        self.timer = None

    def _enqueue(self, text: str) -> Deferred:
        waiter = Deferred()
        self.pending.append((text, waiter))
        if len(self.pending) >= self.size:
            self.flush()
        elif self.timer is None:
            from twisted.internet import reactor

            self.timer = reactor.callLater(self.delay, self.flush)
        return waiter

    async def score(self, text: str) -> tuple[float, int]:
        return await maybe_deferred_to_future(self._enqueue(text))

    async def score_many(self, texts: list[str]) -> list[tuple[float, int]]:
        waiters = [self._enqueue(t) for t in texts]
        return [await maybe_deferred_to_future(w) for w in waiters]

    def flush(self) -> None:
        if self.timer is not None and self.timer.active():
            self.timer.cancel()
        self.timer = None
        batch, self.pending = self.pending, []
        if not batch:
            return
        try:
            results = self.scorer([text for text, _ in batch])
        except Exception as exc:  # noqa: BLE001 - every waiting caller must hear about it
            for _, waiter in batch:
                waiter.errback(exc)
            return
        for (_, waiter), result in zip(batch, results, strict=True):
            waiter.callback(result)
