"""Scrapy settings shared by every crawl; per-source overrides come from the source file (spider_settings)."""

BOT_NAME = "imt-monitor"
USER_AGENT = "IMT-Monitor/0.1 (+research crawler; observes only)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 8
CONCURRENT_ITEMS = 16
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 0
DOWNLOAD_FAIL_ON_DATALOSS = True
RETRY_ENABLED = True
RETRY_TIMES = 2
IMT_RETRY_BACKOFF_BASE = 1.0
IMT_RETRY_BACKOFF_MAX = 60.0
REDIRECT_MAX_TIMES = 10
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "WARNING"
LOG_INSTALL_ROOT_HANDLER = False  # the imt command owns the log handlers
AUTOTHROTTLE_ENABLED = False
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
DUPEFILTER_CLASS = "crawler.seen.CompactDupeFilter"  # Scrapy's, with 64 bits per request seen (crawler/seen.py)
URLLENGTH_LIMIT = 0  # long URLs are refused (and recorded) by the network guard instead of dropped in silence
METAREFRESH_ENABLED = False  # a page with a meta refresh is captured itself; the spider follows the target
DOWNLOADER_MIDDLEWARES = {
    # scope, ports and addresses on every request and redirect hop; Scrapy's offsite filter dropped refused
    # redirects without a trace
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.middlewares.NetGuardMiddleware": 50,
    "crawler.middlewares.BackoffMiddleware": 560,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "crawler.middlewares.GuardedCompressionMiddleware": 590,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.LoopAwareRedirectMiddleware": 600,
    # every response as received (before redirects are followed and Content-Encoding undone) into WARC files
    "crawler.warc.WarcCaptureMiddleware": 650,
}
# http(s) only, and a direct connection only to an address checked when connecting (crawler/download.py)
DOWNLOAD_HANDLERS = {
    "http": "crawler.download.GuardedDownloadHandler",
    "https": "crawler.download.GuardedDownloadHandler",
    "file": None,
    "data": None,
    "s3": None,
    "ftp": None,
}
ITEM_PIPELINES = {
    "crawler.pipelines.NearDuplicatePipeline": 200,
    "crawler.pipelines.SinkPipeline": 300,
}
