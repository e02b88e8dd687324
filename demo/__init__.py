"""A small synthetic internet for testing IMT Monitor.

Everything under this package is fiction written for tests: a darknet-style
market, a forum, public Telegram channel previews, a news site and a
classifieds site, all generated deterministically on request and served on
127.0.0.1 by :class:`demo.server.DemoServer`.

Public API::

    from demo.server import DemoServer
    from demo.site import ground_truth, entry_points, KNOWN_LISTING_PATH, KNOWN_NEWS_PATH
"""

__all__ = ["server", "site"]
