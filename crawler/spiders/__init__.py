"""Spiders, one class per source type; `spider_for(source)` builds the class for one source."""

from __future__ import annotations

from crawler.sources import Source


def spider_for(source: Source):
    from crawler.spiders.site import SiteSpider
    from crawler.spiders.telegram import TelegramSpider

    base = TelegramSpider if source.type == "telegram" else SiteSpider
    custom = {
        "ROBOTSTXT_OBEY": source.obey_robots,
        "DOWNLOAD_DELAY": source.delay,
        "CONCURRENT_REQUESTS_PER_DOMAIN": source.concurrency,
        "DEPTH_LIMIT": source.max_depth,
    }
    if source.max_pages:
        custom["CLOSESPIDER_PAGECOUNT"] = source.max_pages
    name = "".join(ch if ch.isalnum() else "_" for ch in source.name)
    return type(f"{base.__name__}_{name}", (base,), {"name": source.name, "custom_settings": custom})
