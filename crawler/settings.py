"""Scrapy settings shared by every crawl; per-source overrides come from the source file."""

from crawler import __name__ as _pkg  # noqa: F401  (keeps this a module of the crawler package)

BOT_NAME = "imt-monitor"
USER_AGENT = "IMT-Monitor/0.1 (+research crawler; observes only)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 8
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "WARNING"
LOG_INSTALL_ROOT_HANDLER = False  # the imt command owns the log handlers
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
ITEM_PIPELINES = {
    "crawler.pipelines.EnrichPipeline": 100,
    "crawler.pipelines.ClassifyPipeline": 200,
    "crawler.pipelines.SinkPipeline": 300,
}
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
