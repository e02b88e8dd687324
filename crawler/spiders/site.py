"""Generic spider for websites, forums and marketplaces: follows in-scope links, emits detail pages."""

from __future__ import annotations

from urllib.parse import urlparse

import scrapy

from crawler.extract import extract_page
from crawler.sources import Source
from crawler.spiders.common import new_document


def _path_query(url: str) -> str:
    parts = urlparse(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, source: Source, **kwargs):
        super().__init__(**kwargs)
        self.source = source
        self.allowed_domains = source.allowed_domains

    async def start(self):
        for seed in self.source.seeds:
            yield scrapy.Request(seed, callback=self.parse)

    def parse(self, response):
        if not isinstance(response, scrapy.http.TextResponse):
            return
        page = extract_page(response.text, response.url)
        if self.source.is_item(_path_query(response.url)):
            yield new_document(
                self.source, response.url, response.status, page.title, page.text, page.links, **page.fields
            )
        for url in page.links:
            if urlparse(url).hostname in self.allowed_domains and self.source.may_follow(_path_query(url)):
                yield scrapy.Request(url, callback=self.parse)
