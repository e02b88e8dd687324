"""Operator: schedules (`imt schedule`) and the scheduler daemon (`imt scheduler run`, ops/scheduling.py)."""

from __future__ import annotations


import click

from commands.common import (audited, echo_json_lines,
    UserError,
    cfg_of,
)
from ops import crawl as ops_crawl


@click.group("schedule")
def schedule_group():
    """Crawl schedules: cron per source, from the source files or set here (these win)."""


def _schedule_store(cfg):
    from crawler.schedule import ScheduleStore

    return ScheduleStore(cfg.home / "state")


def _scheduled_source(cfg, name: str) -> None:
    from crawler.schedule import known_source

    known_source(ops_crawl.load_sources(cfg), name)


@schedule_group.command("add")
@click.argument("source")
@click.option("--cron", required=True, help="A cron expression, e.g. '*/30 * * * *'.")
@click.pass_context
@audited("schedule_change", target="source")
def schedule_add(ctx, source, cron):
    """Crawl SOURCE on a cron schedule (overrides the `schedule:` of its source file)."""
    cfg = cfg_of(ctx)
    _scheduled_source(cfg, source)
    _schedule_store(cfg).add(source, cron)
    click.echo(f"Scheduled {source}: {' '.join(cron.split())}")


@schedule_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one schedule a line.")
@click.pass_context
def schedule_list(ctx, as_json):
    """Every schedule: cron, where it comes from, paused, next and last run."""
    from crawler.schedule import Scheduler

    cfg = cfg_of(ctx)
    sched = Scheduler(cfg.home, lambda: ops_crawl.load_sources(cfg))
    sched.reload(strict=True)
    rows = sched.status()
    if as_json:
        echo_json_lines(rows)
        return
    if not rows:
        click.echo("No schedules (add `schedule:` to a source or run `imt schedule add SOURCE --cron ...`)")
        return
    click.echo(f"{'source':<18} {'cron':<16} {'from':<5} {'state':<8} {'next':<21} {'last start':<21} last status")
    for r in rows:
        state = "paused" if r["paused"] else ("running" if r["running_pid"] else "active")
        click.echo(f"{r['source']:<18} {r['cron']:<16} {r['origin']:<5} {state:<8} {r['next'] or '-':<21} "
                   f"{r['last_start'] or '-':<21} {r['last_status'] or '-'}")  # fmt: skip


@schedule_group.command("pause")
@click.argument("source")
@click.pass_context
@audited("schedule_change", target="source")
def schedule_pause(ctx, source):
    """Stop scheduling SOURCE (its cron is kept)."""
    cfg = cfg_of(ctx)
    _scheduled_source(cfg, source)
    _schedule_store(cfg).set_paused(source, True)
    click.echo(f"Paused {source}")


@schedule_group.command("resume")
@click.argument("source")
@click.pass_context
@audited("schedule_change", target="source")
def schedule_resume(ctx, source):
    """Schedule SOURCE again."""
    cfg = cfg_of(ctx)
    _scheduled_source(cfg, source)
    _schedule_store(cfg).set_paused(source, False)
    click.echo(f"Resumed {source}")


@schedule_group.command("remove")
@click.argument("source")
@click.pass_context
@audited("schedule_change", target="source")
def schedule_remove(ctx, source):
    """Remove the schedule set with `imt schedule add` (a `schedule:` in the source file stays)."""
    cfg = cfg_of(ctx)
    if not _schedule_store(cfg).remove(source):
        raise UserError(f"no schedule set for {source!r} with `imt schedule add` (`imt schedule list` shows them)")
    click.echo(f"Removed the schedule of {source}")


@click.group("scheduler")
def scheduler_group():
    """The scheduler daemon."""


@scheduler_group.command("run")
@click.option("--once", is_flag=True, help="One pass: start what is due, wait for those crawls, exit.")
@click.option("--tick", type=click.FloatRange(0.2, 3600), default=30.0, show_default=True,
              help="Seconds between passes.")  # fmt: skip
@click.option("--metrics-port", type=click.IntRange(0, 65535), default=None,
              help="Serve GET /metrics (Prometheus) on 127.0.0.1:PORT.")  # fmt: skip
@click.pass_context
def scheduler_run(ctx, once, tick, metrics_port):
    """Run due crawls at each tick, each in its own process, one at a time per source."""
    from ops.scheduling import run_scheduler

    run_scheduler(cfg_of(ctx), tick=tick, once=once, metrics_port=metrics_port)
