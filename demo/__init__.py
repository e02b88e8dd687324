"""A small synthetic internet for testing IMT Monitor.

Everything under this package is fiction written for tests: a darknet-style
market, a forum, public Telegram channel previews, a news site and a
classifieds site, all generated deterministically on request and served on
127.0.0.1 by :class:`demo.server.DemoServer`.

Also: onion services behind a local forward proxy (:mod:`demo.onion`,
:mod:`demo.proxy`), trap pages (:mod:`demo.traps`), a large market where drug
listings are rare (:mod:`demo.bigmarket`) and change over time
(:mod:`demo.changes`).

Public API::

    from demo.server import DemoServer          # DemoServer(pages=, seed=, day=, bigmarket=)
    from demo.proxy import OnionProxy
    from demo.site import ground_truth, entry_points, KNOWN_LISTING_PATH, KNOWN_NEWS_PATH
    from demo.site import ONION_HOSTS, onion_ground_truth, bigmarket_ground_truth
    from demo.site import changed_on_day, gone_on_day, new_on_day
"""

__all__ = ["bigmarket", "changes", "onion", "proxy", "server", "site", "traps"]
