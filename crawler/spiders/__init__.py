"""Spiders, one class per source type; `spider_for(source)` builds the class for one source, carrying its
politeness settings (Scrapy reads per-spider settings from the class)."""

from __future__ import annotations

from crawler.sources import Source


def spider_settings(source: Source) -> dict:
    p = source.politeness
    custom = {
        "ROBOTSTXT_OBEY": source.obey_robots,
        "DOWNLOAD_DELAY": p.delay,
        "CONCURRENT_REQUESTS_PER_DOMAIN": p.concurrency,
        "AUTOTHROTTLE_ENABLED": p.autothrottle,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": max(1.0, p.concurrency / 2),
        "DOWNLOAD_MAXSIZE": p.download_maxsize,
        "DOWNLOAD_WARNSIZE": 0,
        "DOWNLOAD_TIMEOUT": p.timeout,
        "RETRY_TIMES": p.retries,
        "DEPTH_LIMIT": 0,  # the spider applies source.max_depth itself (see SiteSpider.make_request)
        # focused sources order the frontier by relevance; the others go breadth-first
        "DEPTH_PRIORITY": 0 if source.focus else 1,
    }
    if p.user_agent:
        custom["USER_AGENT"] = p.user_agent
    if source.max_pages:
        custom["CLOSESPIDER_PAGECOUNT"] = source.max_pages
    return custom


def spider_for(source: Source):
    from crawler.spiders.site import SiteSpider
    from crawler.spiders.telegram import TelegramSpider

    base = TelegramSpider if source.type == "telegram" else SiteSpider
    name = "".join(ch if ch.isalnum() else "_" for ch in source.name)
    return type(f"{base.__name__}_{name}", (base,), {"name": source.name, "custom_settings": spider_settings(source)})
