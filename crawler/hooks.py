"""Live objects handed to spiders and pipelines by the caller (scorer, sink, evidence store, rejection log).

Scrapy copies settings deeply, so objects such as a model or a client are not put in them: the settings carry
only the key under which run_crawl registered them here.
"""

from __future__ import annotations

HOOKS: dict[str, dict] = {}


def hooks_for(crawler) -> dict:
    return HOOKS[crawler.settings.get("IMT_HOOKS")]
