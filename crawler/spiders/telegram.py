"""Public Telegram channels through their web previews (t.me/s/<channel>): one document per message,
walking back through `?before=<id>`. No account, no API key; it only reads what the preview shows."""

from __future__ import annotations

import scrapy

from crawler.extract import extract_telegram
from crawler.spiders.site import SiteSpider
from crawler.spiders.common import new_document


class TelegramSpider(SiteSpider):
    name = "telegram"

    def parse(self, response, seen: int = 0):
        page = extract_telegram(response.text, response.url)
        base = response.url.split("/s/", 1)[0]
        limit = self.source.max_messages
        for msg in sorted(page.messages, key=lambda m: -m.post_id):
            if limit and seen >= limit:
                return
            seen += 1
            url = f"{base}/{msg.channel}/{msg.post_id}"
            yield new_document(
                self.source,
                url,
                response.status,
                f"{page.title} #{msg.post_id}",
                msg.text,
                msg.links,
                channel=msg.channel,
                post_id=msg.post_id,
                published_at=msg.published_at or None,
                views=msg.views,
                forwarded_from=msg.forwarded_from,
            )
        if page.before_url:
            yield scrapy.Request(page.before_url, callback=self.parse, cb_kwargs={"seen": seen})
