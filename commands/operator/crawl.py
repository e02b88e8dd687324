"""Operator: crawling (`imt crawl`, the pipeline in ops/crawl.py), run history (`imt runs`) and sources
(`imt sources`)."""

from __future__ import annotations

import json
import sys

import click

from commands.common import (echo_json_lines,
    cfg_of,
    size_text,
)
from ops import crawl as ops_crawl


@click.command()
@click.argument("names", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--redis-url", default=None, help="Be one worker of a crawl shared through this Redis (IMT_REDIS_URL).")
@click.option("--crawl-id", default=None, help="Name of the shared crawl in Redis (IMT_CRAWL_ID, default 'default').")
@click.pass_context
def crawl(ctx, names, as_json, redis_url, crawl_id):
    """Crawl sources (names or groups, e.g. `demo`), classify and index what they hold."""
    cfg = cfg_of(ctx)
    summary = ops_crawl.crawl(cfg, list(names), redis_url=redis_url, crawl_id=crawl_id)
    click.echo(json.dumps(summary) if as_json else "\n".join(ops_crawl.summary_lines(cfg, summary)))
    if summary["es_down"]:
        click.echo(ops_crawl.es_down_message(cfg, summary), err=True)
        sys.exit(3)


@click.group()
def runs():
    """Crawl run history: every `imt crawl`, with its status and counts."""


@runs.command("list")
@click.option("--source", default=None, help="Only runs that crawled this source.")
@click.option("--status", type=click.Choice(["running", "finished", "interrupted", "failed"]), default=None)
@click.option("--limit", "-n", type=click.IntRange(1, 10_000), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one run a line.")
@click.pass_context
def runs_list(ctx, source, status, limit, as_json):
    """The latest crawl runs, newest first."""
    from search import runs as run_store
    from search.client import connect

    cfg = cfg_of(ctx)
    found = list(run_store.list_runs(connect(cfg), cfg.index, source=source, status=status, size=limit))
    if as_json:
        echo_json_lines(found)
        return
    if not found:
        click.echo("No crawl runs recorded yet")
        return
    click.echo(f"{'run':<25} {'status':<11} {'started':<20} {'secs':>6} {'pages':>6} {'docs':>6} {'new':>5} "
               f"{'flag':>5} {'err':>4} {'proxy':>5} {'bytes':>9}  sources")  # fmt: skip
    for r in found:
        click.echo(
            f"{r['run_id']:<25} {r['status']:<11} {r['started_at']:<20} {r.get('seconds') or 0:>6.0f} "
            f"{r.get('pages_crawled', 0):>6} {r.get('documents', 0):>6} {r.get('new', 0):>5} "
            f"{r.get('flagged', 0):>5} {r.get('errors', 0):>4} {r.get('proxy_failures', 0):>5} "
            f"{size_text(r.get('bytes')):>9}  {', '.join(r['sources'])}"
        )


@runs.command("show")
@click.argument("run_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def runs_show(ctx, run_id, as_json):
    """One crawl run: status, times, counts, errors by type and documents per source."""
    from search import runs as run_store
    from search.client import connect

    cfg = cfg_of(ctx)
    run = run_store.show(connect(cfg), cfg.index, run_id)
    if as_json:
        click.echo(json.dumps(run, ensure_ascii=False, indent=2))
        return
    for key, value in run.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
        elif isinstance(value, list):
            value = ", ".join(map(str, value))
        elif key == "bytes":
            value = f"{value} ({size_text(value)})"
        click.echo(f"{key:<14} {value}")


@click.group()
def sources():
    """Source definitions under sources/."""


@sources.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one source a line.")
@click.pass_context
def sources_list(ctx, as_json):
    """List the defined sources."""
    for src in ops_crawl.load_sources(cfg_of(ctx)).values():
        if as_json:
            click.echo(
                json.dumps(
                    {
                        "name": src.name,
                        "type": src.type,
                        "group": src.group,
                        "seeds": src.seeds,
                        "schedule": src.schedule,
                        "tags": src.tags,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            click.echo(
                f"{src.name:20} {src.type:9} {src.group:10} {src.schedule or '-':14} {', '.join(src.seeds)[:70]}"
            )


@sources.command("validate")
@click.pass_context
def sources_validate(ctx):
    """Check every source file against the schema; one line per error, exit 2 if any."""
    from crawler.sources import validate_all

    cfg = cfg_of(ctx)
    count, errors = validate_all(cfg.sources_dir, cfg.source_variables)
    for error in errors:
        click.echo(f"error: {error}", err=True)
    click.echo(f"{count} valid sources in {cfg.sources_dir}" + (f"; {len(errors)} files with errors" if errors else ""))
    sys.exit(2 if errors else 0)


@sources.command("show")
@click.argument("name")
@click.pass_context
def sources_show(ctx, name):
    """Show one source with every setting, defaults filled in (JSON)."""
    from crawler.sources import resolve

    (src,) = resolve(ops_crawl.load_sources(cfg_of(ctx)), [name])[:1]
    click.echo(json.dumps(src.describe(), indent=2, ensure_ascii=False))
