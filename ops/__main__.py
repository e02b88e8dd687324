"""`python -m ops WORKFLOW ...`: the one entry point for a workflow that runs in a process of its own.

The scheduler starts each due crawl this way (`python -m ops crawl SOURCE --json`: a crawl runs Scrapy's reactor,
which a process can start only once), and the web app starts a training this way (`python -m ops train
--no-promote`). Both are the workflows `imt crawl` and `imt train` call, with the same configuration, logging and
error lines; nothing runs cli.py by path. Exit codes: 0 done, 2 an error a user can fix (one line on stderr),
3 Elasticsearch was down during a crawl (documents spooled), 1 anything else.
"""

from __future__ import annotations

import argparse
import json
import sys

import config as configuration
from ops import runtime


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ops", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="workflow", required=True)
    crawl = sub.add_parser("crawl", help="crawl sources, classify and index what they hold (as `imt crawl`)")
    crawl.add_argument("names", nargs="+", help="source names or groups")
    crawl.add_argument("--json", action="store_true", help="print the run's summary as one JSON line")
    crawl.add_argument("--redis-url", default=None, help="share the crawl through this Redis (as `imt crawl`)")
    crawl.add_argument("--crawl-id", default=None, help="the shared crawl's id (with --redis-url)")
    train = sub.add_parser("train", help="train and register a new model version (as `imt train`)")
    train.add_argument("--no-promote", action="store_true", help="never make the new model active")
    train.add_argument("--no-labels", action="store_true", help="leave out the labels stored in Elasticsearch")
    return parser


def _crawl(cfg, args) -> int:
    from ops import crawl

    summary = crawl.crawl(cfg, args.names, redis_url=args.redis_url, crawl_id=args.crawl_id)
    if args.json:
        print(json.dumps(summary), flush=True)
    else:
        for line in crawl.summary_lines(cfg, summary):
            print(line, flush=True)
    if summary["es_down"]:
        print(crawl.es_down_message(cfg, summary), file=sys.stderr, flush=True)
        return 3
    return 0


def _train(cfg, args) -> int:
    from ops import training

    training.train(cfg, None, promote=False if args.no_promote else None, labels="off" if args.no_labels else "require")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)

    def work() -> int:
        cfg = configuration.load()
        runtime.setup_logging(cfg)
        return {"crawl": _crawl, "train": _train}[args.workflow](cfg, args)

    return runtime.guarded(work, lambda line: print(line, file=sys.stderr, flush=True))


if __name__ == "__main__":
    sys.exit(main())
