"""Investigator: watchlists (`imt watch`) and the alerts they raise (`imt alerts`)."""

from __future__ import annotations

import csv
import json
import sys

import click

from core.actor import acting_user

from commands.common import (audited, echo_json_lines,
    UserError,
    cfg_of,
    filter_options,
    filters_of,
)


@click.group("watch")
def watch_group():
    """Watchlists: saved queries that `imt watch run` checks against the documents new since its last run,
    raising an alert per new match (`imt alerts list`). Stored in Elasticsearch (the imt-watchlists index)."""


def _watch_row(wl) -> str:
    state = "paused" if wl.paused else "active"
    last = "never run"
    if wl.last_run_at:
        last = f"{wl.last_run_at[:16]} ({wl.last_run_matched} matched, {wl.last_run_alerts} new)"
    what = " ".join(p for p in (wl.query and repr(wl.query), wl.describe_filters()) if p)
    return f"{wl.name:<20} {state:<6}  {last:<40}  {what}"


@watch_group.command("add")
@click.argument("name")
@click.option("--query", "-q", default="", help="What to watch for, in the `imt search` syntax.")
@filter_options
@click.option("--replace", is_flag=True, help="Redefine a watchlist that exists (its next run starts over).")
@click.pass_context
@audited("watch_change", target="name")
def watch_add(ctx, name, query, replace, **kw):
    """Save watchlist NAME (letters, digits, '_', '.', '-'; up to 64): a query and filters, as for `imt search`
    (--since/--until do not apply: each run looks at the documents first seen since the one before).

    The query and filters are checked first; a mistake stores nothing. With --replace an existing watchlist is
    redefined; its alerts are kept, with their state, and are not raised twice."""
    from search.client import connect
    from search.watch import add, compile_watch, validate_name

    cfg = cfg_of(ctx)
    filters = filters_of(kw)
    validate_name(name)
    compile_watch(query, filters)  # user mistakes first, before connecting
    wl = add(connect(cfg), cfg.index, name, query, filters, who=acting_user(), replace=replace)
    what = " ".join(p for p in (wl.query and repr(wl.query), wl.describe_filters()) if p)
    click.echo(f"{'replaced' if replace else 'added'} watchlist {wl.name}: {what}")


@watch_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one watchlist a line.")
@click.pass_context
def watch_list(ctx, as_json):
    """The watchlists: query, filters, paused or not, and their last run."""
    from search.client import connect
    from search.watch import list_watchlists

    cfg = cfg_of(ctx)
    found = list_watchlists(connect(cfg), cfg.index)
    if as_json:
        echo_json_lines(wl.as_dict() for wl in found)
        return
    if not found:
        click.echo("no watchlists; add one with `imt watch add NAME --query ...`")
    for wl in found:
        click.echo(_watch_row(wl))


@watch_group.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def watch_show(ctx, name, as_json):
    """One watchlist in full, with the number of its alerts in each state."""
    from search.client import connect
    from search.watch import counts_by_state, show

    cfg = cfg_of(ctx)
    es = connect(cfg)
    wl = show(es, cfg.index, name)
    out = dict(wl.as_dict(), alerts=counts_by_state(es, cfg.index, watchlist=name))
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for key, value in out.items():
        if key == "alerts":
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        elif isinstance(value, list):
            value = " ".join(value)
        click.echo(f"{key:<17} {'' if value is None else value}")


@watch_group.command("remove")
@click.argument("name")
@click.pass_context
@audited("watch_change", target="name")
def watch_remove(ctx, name):
    """Delete watchlist NAME. Its alerts are kept."""
    from search.client import connect
    from search.watch import remove

    cfg = cfg_of(ctx)
    remove(connect(cfg), cfg.index, name)
    click.echo(f"removed watchlist {name} (its alerts are kept)")


@watch_group.command("pause")
@click.argument("name")
@click.pass_context
@audited("watch_change", target="name")
def watch_pause(ctx, name):
    """Pause watchlist NAME: runs skip it until `imt watch resume NAME`."""
    from search.client import connect
    from search.watch import set_paused

    cfg = cfg_of(ctx)
    set_paused(connect(cfg), cfg.index, name, True)
    click.echo(f"paused watchlist {name}")


@watch_group.command("resume")
@click.argument("name")
@click.pass_context
@audited("watch_change", target="name")
def watch_resume(ctx, name):
    """Resume watchlist NAME; its next run catches up from its last one."""
    from search.client import connect
    from search.watch import set_paused

    cfg = cfg_of(ctx)
    set_paused(connect(cfg), cfg.index, name, False)
    click.echo(f"resumed watchlist {name}")


@watch_group.command("run")
@click.argument("names", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one watchlist a line.")
@click.pass_context
@audited("watch_change", target="names")
def watch_run(ctx, names, as_json):
    """Run the watchlists (all, or those NAMEd) over the documents first seen since their last run and raise an
    alert per new match. Running again raises nothing twice; an alert keeps its state (new, seen, closed)."""
    from search.client import connect
    from search.watch import run

    cfg = cfg_of(ctx)
    results = run(connect(cfg), cfg.index, names=names or None)
    if as_json:
        echo_json_lines(r.as_dict() for r in results)
        return
    if not results:
        click.echo("no watchlists; add one with `imt watch add NAME --query ...`")
    for r in results:
        if r.paused:
            click.echo(f"{r.name}: paused, skipped")
        else:
            click.echo(f"{r.name}: {r.matched} matched, {r.new} new alerts")


@click.group("alerts")
def alerts_group():
    """Alerts raised by `imt watch run`: list them, acknowledge (seen) or close them."""


@alerts_group.command("list")
@click.option("--state", type=click.Choice(["new", "seen", "closed"]), default=None, help="Only alerts in this state.")
@click.option("--watchlist", default=None, help="Only the alerts of this watchlist.")
@click.option("--limit", "-n", type=click.IntRange(1), default=50, show_default=True, help="Alerts to print.")
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one alert a line.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row.")
@click.pass_context
def alerts_list(ctx, state, watchlist, limit, as_json, as_csv):
    """Alerts, newest first. The ID in the first column is what `imt alerts ack` and `imt alerts close` take."""
    from search.client import connect
    from search.watch import ALERT_FIELDS, alerts, counts_by_state

    cfg = cfg_of(ctx)
    if as_json and as_csv:
        raise UserError("choose one of --json and --csv")
    es = connect(cfg)
    found = alerts(es, cfg.index, state=state, watchlist=watchlist, size=limit)
    if as_json:
        echo_json_lines(found)
        return
    if as_csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(ALERT_FIELDS), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(found)
        return
    counts = counts_by_state(es, cfg.index, watchlist=watchlist)
    click.echo(f"{len(found)} alerts shown; " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    for a in found:
        score = a.get("score")
        score = f"{score:.2f}" if isinstance(score, (int, float)) else "  - "
        click.echo(f"{a['alert_id']}  {a['state']:<6} {score}  {a['matched_at'][:16]}  {a['watchlist']}  "
                   f"[{a.get('source', '')}] {(a.get('title') or '')[:70]}")  # fmt: skip
        click.echo(f"{'':18}{a.get('url', '')}")


@alerts_group.command("ack")
@click.argument("ids", nargs=-1, required=True)
@click.pass_context
@audited("alert_change", target="ids")
def alerts_ack(ctx, ids):
    """Acknowledge alerts (state seen), recording who and when. Every ID is checked first: an unknown one
    changes nothing."""
    from search.client import connect
    from search.watch import set_state

    cfg = cfg_of(ctx)
    done = set_state(connect(cfg), cfg.index, ids, "seen", who=acting_user())
    click.echo(f"acknowledged {done['changed']} alerts ({done['unchanged']} were seen already)")


@alerts_group.command("close")
@click.argument("ids", nargs=-1, required=True)
@click.pass_context
@audited("alert_change", target="ids")
def alerts_close(ctx, ids):
    """Close alerts (state closed), recording who and when. Every ID is checked first: an unknown one changes
    nothing."""
    from search.client import connect
    from search.watch import set_state

    cfg = cfg_of(ctx)
    done = set_state(connect(cfg), cfg.index, ids, "closed", who=acting_user())
    click.echo(f"closed {done['changed']} alerts ({done['unchanged']} were closed already)")
