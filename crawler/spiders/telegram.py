"""Public Telegram channels through their web previews (t.me/s/<channel>): one document per message, walking
back through `?before=<id>` to a configured date or count, and on later runs only down to the newest post
already collected. No account, no API key; it only reads what the preview shows to anyone."""

from __future__ import annotations

import json
from pathlib import Path

from core.files import atomic_write
from crawler.spiders.common import new_document
from crawler.spiders.site import SiteSpider


class ChannelState:
    """The newest post id collected per channel, kept across runs (a small JSON file, replaced atomically)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.newest: dict[str, int] = json.loads(self.path.read_text())
        except (OSError, ValueError):
            self.newest = {}

    def get(self, channel: str) -> int:
        return int(self.newest.get(channel, 0))

    def save(self, seen: dict[str, int]) -> None:
        for channel, post_id in seen.items():
            self.newest[channel] = max(self.get(channel), post_id)
        atomic_write(self.path, json.dumps(self.newest, indent=1, sort_keys=True))


class TelegramSpider(SiteSpider):
    name = "telegram"

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.channel_state = crawler.settings.get("IMT_TELEGRAM_STATE") and ChannelState(
            crawler.settings.get("IMT_TELEGRAM_STATE")
        )
        spider.known = {}  # channel -> newest post id from earlier runs (read when the channel is first seen)
        spider.newest_seen: dict[str, int] = {}
        spider.count: dict[str, int] = {}
        return spider

    def closed(self, reason):
        # only a walk that ran to its end may move the "already collected" mark forward
        if self.channel_state and reason == "finished":
            self.channel_state.save(self.newest_seen)

    async def parse(self, response) -> list:
        out: list = []  # a coroutine returning a list, as in SiteSpider.parse
        evidence = self.keep_evidence(response)
        page = await self.worker.process(self.job(response, kind="telegram"))
        if not self.usable(response, page):
            return out
        base = response.url.split("/s/", 1)[0]
        limit, since = self.source.max_messages, self.source.since
        reached_end = False
        for msg in sorted(page["messages"], key=lambda m: -m["post_id"]):
            channel, post_id = msg["channel"], msg["post_id"]
            if channel not in self.known:
                self.known[channel] = self.channel_state.get(channel) if self.channel_state else 0
            self.newest_seen[channel] = max(self.newest_seen.get(channel, 0), post_id)
            done = self.count.get(channel, 0)
            if (
                post_id <= self.known[channel]
                or (limit and done >= limit)
                or (since and msg["published_at"] and msg["published_at"][:10] < since)
            ):
                reached_end = True
                break
            self.count[channel] = done + 1
            out.append(
                new_document(
                    self.source,
                    f"{base}/{channel}/{post_id}",
                    response.status,
                    msg["title"],
                    msg["text"],
                    msg["links"],
                    channel=channel,
                    post_id=post_id,
                    published_at=msg["published_at"] or None,
                    views=msg["views"],
                    forwarded_from=msg["forwarded_from"],
                    score=msg["score"],
                    score_text=msg.get("score_text"),
                    label=msg["label"],
                    kind=msg.get("kind"),
                    model_version=self.worker.version,
                    encoding=page["encoding"],
                    route=self.route,
                    **evidence,
                    **msg["enriched"],
                )
            )
        if page["before_url"] and not reached_end:
            request = self.make_request(page["before_url"], priority=0)
            if request is not None:
                out.append(request)
        self.done(response.request)
        return out
