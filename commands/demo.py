"""`imt demo serve|run`: the demo web, the whole pipeline on it, and the web app with a demo login."""

from __future__ import annotations

import subprocess
import sys
import time

import click

import config as configuration
from commands.common import (
    UserError,
    cfg_of,
)
from ops import crawl as ops_crawl
from ops import demo_web as ops_demo


@click.group()
def demo():
    """The local demo web: a synthetic marketplace, forum, Telegram previews, news and classifieds."""


@demo.command("serve")
@click.option("--port", type=int, default=None, help="Port on 127.0.0.1 (default from IMT_DEMO_URL).")
@click.option("--pages", type=int, default=None, help="Scale the site, e.g. 100000 for the benchmark site.")
@click.pass_context
def demo_serve(ctx, port, pages):
    """Serve the demo web on 127.0.0.1 until Ctrl-C."""
    from demo.server import DemoServer

    cfg = cfg_of(ctx)
    port = port or int(cfg.demo_url.rsplit(":", 1)[1].split("/")[0])
    server = DemoServer(port=port, pages=pages or cfg.demo_pages or None)
    click.echo(f"Serving the demo web on http://127.0.0.1:{port}/ (Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


DEMO_WEB_USER = ("demo", "demo-password-2026")  # `make demo` only: docs/web.md says to change it


def _start_web(cfg) -> subprocess.Popen | None:
    """For `imt demo run --serve`: the demo login (admin) when there are no accounts yet, and the web app in a
    child process, unless something answers on its port already."""
    from search import users as accounts
    from search.client import connect
    from web.settings import load as web_settings

    es = connect(cfg)
    if not accounts.list_users(es, cfg.index):
        accounts.add(es, cfg.index, DEMO_WEB_USER[0], DEMO_WEB_USER[1], "admin", who="demo")
    url = f"http://127.0.0.1:{web_settings(cfg).port}"
    if ops_demo.demo_up(url):
        click.echo(f"\nSomething answers at {url} already: not starting the web app there (IMT_WEB_PORT moves it)")
        return None
    cmd = [sys.executable, "-m", "cli", "serve"]  # `imt serve`, by module name: the same command table
    proc = subprocess.Popen(cmd, cwd=configuration.PROJECT_DIR, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60  # it imports the classifier stack first: seconds on a busy machine
    while not ops_demo.demo_up(url):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.terminate()
            raise UserError(f"the web app could not start on {url} (see `imt serve`)")
        time.sleep(0.2)
    click.echo(f"\nWeb app at {url}/ (log in as {DEMO_WEB_USER[0]} / {DEMO_WEB_USER[1]} unless you made accounts)")
    return proc


@demo.command("run")
@click.option("--serve/--no-serve", default=True, help="Keep serving the demo web after the pipeline.")
@click.pass_context
def demo_run(ctx, serve):
    """Serve the demo web, crawl it, classify, index, print a summary, then keep serving until Ctrl-C."""
    cfg = cfg_of(ctx)
    procs = ops_demo.start_demo(cfg, onion=True)
    try:
        summary = ops_crawl.run_pipeline(cfg, ["demo"])
        click.echo("")
        click.echo("\n".join(ops_crawl.summary_lines(cfg, summary)))
        if summary["es_down"]:
            raise UserError("Elasticsearch went away during the crawl; documents are spooled (imt index replay)")
        click.echo(
            "\nTry a search:\n  .venv/bin/imt search mephedrone\n  .venv/bin/imt search 'закладка' "
            "--min-score 0.5\n  .venv/bin/imt search 'nasha' --json"
        )
        if serve:
            procs += [p for p in [_start_web(cfg)] if p]  # the investigator web app (docs/web.md)
        if serve and procs:
            click.echo(f"\nDemo web at {cfg.demo_url}/ (onion proxy at {cfg.onion_proxy}; Ctrl-C to stop)")
            procs[0].wait()
    except KeyboardInterrupt:
        pass
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
                proc.wait()
