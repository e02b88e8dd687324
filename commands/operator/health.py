"""Operator: source health (`imt health`) and retention (`imt retention run`)."""

from __future__ import annotations

import json
import sys

import click

from core.actor import acting_user

from commands.common import (audited, echo_json_lines,
    cfg_of,
)
from ops import crawl as ops_crawl


@click.group("health")
def health_group():
    """Source health: empty runs, error rates, missed scheduled runs; operator alerts."""


@health_group.command("check")
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one source a line.")
@click.pass_context
def health_check(ctx, as_json):
    """Check every source's last runs; raise operator alerts (each once) and print each source's health."""
    from crawler import health
    from search.client import connect

    cfg = cfg_of(ctx)
    reports = health.check_all(connect(cfg), cfg, ops_crawl.load_sources(cfg))
    if as_json:
        echo_json_lines(reports)
        return
    click.echo(f"{'source':<18} {'last run':<25} {'status':<11} {'docs':>5} {'err rate':>8} {'open':>4}  problems")
    for r in reports:
        rate = "-" if r["error_rate"] is None else f"{r['error_rate']:.2f}"
        docs = "-" if r["documents"] is None else r["documents"]
        click.echo(f"{r['source']:<18} {r['last_run'] or '-':<25} {r['status'] or 'never run':<11} {docs:>5} "
                   f"{rate:>8} {r['open_alerts']:>4}  {', '.join(r['problems']) or 'ok'}")  # fmt: skip
    for r in reports:
        for alert in r["alerts_raised"]:
            click.echo(f"alert {alert['alert_id']}: {alert['message']}")


@health_group.command("alerts")
@click.option("--state", type=click.Choice(["new", "seen", "closed"]), default=None)
@click.option("--source", default=None)
@click.option("--json", "as_json", is_flag=True, help="JSON lines.")
@click.pass_context
def health_alerts(ctx, state, source, as_json):
    """Operator alerts, newest first."""
    from search import ops_alerts
    from search.client import connect

    cfg = cfg_of(ctx)
    found = ops_alerts.list_alerts(connect(cfg), cfg.index, state=state, source=source)
    for a in found:
        click.echo(json.dumps(a, ensure_ascii=False) if as_json else
                   f"{a['alert_id']}  {a['state']:<6} {a['raised_at']}  {a['source']:<16} {a['message']}")  # fmt: skip
    if not found and not as_json:
        click.echo("No operator alerts")


@health_group.command("ack")
@click.argument("ids", nargs=-1, required=True)
@click.pass_context
@audited("ops_alert_change", target="ids")
def health_ack(ctx, ids):
    """Mark operator alerts seen."""
    from search import ops_alerts
    from search.client import connect

    cfg = cfg_of(ctx)
    click.echo(f"{ops_alerts.set_state(connect(cfg), cfg.index, ids, 'seen', acting_user())} alerts marked seen")


@health_group.command("close")
@click.argument("ids", nargs=-1, required=True)
@click.pass_context
@audited("ops_alert_change", target="ids")
def health_close(ctx, ids):
    """Close operator alerts."""
    from search import ops_alerts
    from search.client import connect

    cfg = cfg_of(ctx)
    click.echo(f"{ops_alerts.set_state(connect(cfg), cfg.index, ids, 'closed', acting_user())} alerts closed")


@click.group("retention")
def retention_group():
    """Delete documents not seen for longer than the retention age, and the raw captures only they used
    (held documents and their captures stay)."""


@retention_group.command("run")
@click.option("--older-than", default=None, help="Age such as 365d, 12w, 1y (default: IMT_RETENTION_DAYS).")
@click.option("--dry-run", is_flag=True, help="Count what would be deleted and purged; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
@audited("retention", changes=lambda p: not p["dry_run"])
def retention_run(ctx, older_than, dry_run, as_json):
    """Delete documents whose last_seen is older than the age, then purge the raw captures fetched before it
    that no remaining or held document uses (each purge is recorded in the evidence manifest; see
    docs/deploy.md). While a crawl writes the evidence store, captures are not purged (a warning says so)."""
    from core.progress import Progress
    from search import retention
    from search.client import connect

    cfg = cfg_of(ctx)
    days = retention.parse_age(older_than, cfg.retention_days)
    with Progress("deleted") as bar:
        result = retention.run(connect(cfg), cfg.index, days, dry_run=dry_run, progress=bar.advance,
                               evidence_dir=cfg.evidence_dir)  # fmt: skip
    if result.purge_skipped:
        click.echo(f"warning: {result.purge_skipped}", err=True)
    if as_json:
        click.echo(json.dumps(result.as_dict()))
    elif days <= 0:
        click.echo("Retention is off (IMT_RETENTION_DAYS=0 and no --older-than): nothing deleted")
    else:
        verb = "would delete" if dry_run else "deleted"
        click.echo(f"Documents last seen before {result.cutoff}: {result.matched}; held {result.held}; "
                   f"{verb} {result.matched - result.held if dry_run else result.deleted}"
                   + (f"; {result.failed} failed" if result.failed else ""))  # fmt: skip
        if not result.purge_skipped:
            click.echo(f"Raw captures: {'would purge' if dry_run else 'purged'} {result.captures_purged} "
                       f"({result.bytes_freed:,} bytes); kept {result.captures_kept} still in use")  # fmt: skip
    if result.failed:
        sys.exit(1)
