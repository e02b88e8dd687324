"""The bare baseline: a Scrapy spider that fetches the same pages as the demo pipeline (same seeds, same scope
rules, same Scrapy settings) with no processing: links found by a regular expression, no parsing, no
classification, no indexing. Prints {"pages": N, "seconds": S} as JSON.

    python bench/bare_spider.py DEMO_URL
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import urljoin, urlparse

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler import settings as crawl_settings  # noqa: E402
from crawler.sources import load_sources, resolve  # noqa: E402
from crawler.spiders import spider_for  # noqa: E402

HREF = re.compile(rb'href="([^"#]+)')
# a Telegram preview is walked back through its ?before= link only, as the real spider does
BEFORE = re.compile(rb'<link rel="prev" href="([^"]+)"')


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, source, **kwargs):
        super().__init__(**kwargs)
        self.source = source
        self.allowed_domains = source.allowed_domains

    def request(self, url: str) -> scrapy.Request:
        return scrapy.Request(url, meta={"proxy": self.source.proxy} if self.source.proxy else {})

    async def start(self):
        for seed in self.source.seeds:
            yield self.request(seed)

    def parse(self, response):
        pattern = BEFORE if self.source.type == "telegram" else HREF
        for href in pattern.findall(response.body):
            url = urljoin(response.url, href.decode("utf-8", "replace").replace("&amp;", "&"))
            parts = urlparse(url)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.hostname in self.allowed_domains and self.source.may_follow(path):
                yield self.request(url)


def main() -> None:
    demo_url = sys.argv[1].rstrip("/")
    root = Path(__file__).resolve().parent.parent
    variables = {"demo": demo_url, "onion_proxy": os.environ.get("IMT_ONION_PROXY", "http://127.0.0.1:8118")}
    sources = resolve(load_sources(root / "sources", variables), ["demo"])
    settings = Settings()
    settings.setmodule(crawl_settings, priority="project")
    settings.set("ITEM_PIPELINES", {}, priority="cmdline")
    pages = [0]

    def count(response, request, spider):
        pages[0] += 1

    process = CrawlerProcess(settings)
    for source in sources:
        # one spider per source with the same per-source settings as the real crawl
        custom = spider_for(source).custom_settings
        cls = type(
            f"Bare_{source.name.replace('-', '_')}",
            (BareSpider,),
            {"name": source.name, "custom_settings": custom},
        )
        crawler = process.create_crawler(cls)
        crawler.signals.connect(count, signal=scrapy.signals.response_received)
        process.crawl(crawler, source=source)
    started = time.monotonic()
    process.start()
    print(json.dumps({"pages": pages[0], "seconds": round(time.monotonic() - started, 3)}))


if __name__ == "__main__":
    main()
