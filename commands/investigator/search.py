"""Investigator: `imt search`, `imt facets`, `imt entity show` (the query language is search/syntax.py)."""

from __future__ import annotations

import csv
import json
import re
import sys

import click

from commands.common import (echo_json_lines,
    UserError,
    cfg_of,
    filter_options,
    filters_of,
)


def _bold_brackets(snippet: str) -> str:
    """Highlighted terms come as [term]; on a terminal they are shown bold instead."""
    if not sys.stdout.isatty():
        return snippet
    return re.sub(r"\[([^\[\]]+)\]", lambda m: click.style(m.group(1), bold=True, fg="yellow"), snippet)


@click.command()
@click.argument("query", default="")
@filter_options
@click.option("--limit", "--size", "-n", "size", type=click.IntRange(1), default=10, show_default=True,
              help="Hits to print (JSON and CSV stream any number, past 10,000).")  # fmt: skip
@click.option("--all", "everything", is_flag=True, help="Every matching document (with --json or --csv).")
@click.option("--sort", type=click.Choice(["relevance", "score", "date"]), default="relevance", show_default=True)
@click.option("--after", default=None, help="Continue after the cursor printed at the end of a page.")
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one hit a line.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row.")
@click.pass_context
def search(ctx, query, size, everything, sort, after, as_json, as_csv, **kw):
    """Search indexed documents; flagged offers rank first.

    \b
    QUERY syntax (see docs/search.md):
      mef tashkent             all words (look-alike letters and leetspeak are folded: mеф, m3f)
      "dead drop"              a phrase;  mef*  a prefix
      a OR b, a AND b, NOT a   also -a, && and ||; parentheses group
      phone:+998901234567      also handle: bot: wallet: onion: email: substance: place:
      source: kind: lang: site: vendor: channel: label: title: text:
      score:>0.8  date:2026-11-01..2026-11-30
    """
    from search.client import connect
    from search.query import hits as stream_hits
    from search.query import search as run_search

    cfg = cfg_of(ctx)
    filters = filters_of(kw)
    if everything and not (as_json or as_csv):
        raise UserError("--all streams every hit: use it with --json or --csv")
    if size > 1000 and not (as_json or as_csv):
        raise UserError("the table shows at most 1,000 hits; use --json or --csv for more, or --after to page")
    es = connect(cfg)
    if as_json or as_csv:
        if after:
            raise UserError("--after pages the table; --json and --csv stream past 10,000 hits without it")
        results = stream_hits(es, cfg.index, query, filters=filters, sort=sort, limit=None if everything else size)
        if as_json:
            echo_json_lines(hit.as_dict() for hit in results)
            return
        from search.export import neutralise

        writer = None
        for hit in results:
            row = {k: neutralise(v) for k, v in hit.row().items()}  # no cell a spreadsheet would run as a formula
            if writer is None:
                writer = csv.DictWriter(sys.stdout, fieldnames=list(row))
                writer.writeheader()
            writer.writerow(row)
        if writer is None:
            click.echo("id,relevance,score,label,kind,source,title,url,snippet,fetched_at")
        return
    page = run_search(es, cfg.index, query, size=size, filters=filters, sort=sort, after=after)
    shown = f", showing {len(page.hits)}" if page.total > len(page.hits) else ""
    click.echo(f"{page.total} hits{shown}" + (" (continued)" if after else ""))
    for i, hit in enumerate(page.hits, 1):
        flag = "FLAG" if hit.label else "    "
        kind = f" {hit.kind}" if hit.kind else ""
        click.echo(f"{i:3}. {flag} {hit.score:.2f}{kind}  [{hit.source}] {hit.title[:90]}")
        click.echo(f"     {hit.url}")
        click.echo(f"     {_bold_brackets(hit.snippet[:200])}")
        if hit.context:
            text = f" (text alone {hit.score_text:.2f})" if hit.score_text is not None else ""
            click.echo(f"     context{text}: " + "; ".join(hit.context))
    if page.cursor:
        click.echo(f"more: add --after {page.cursor}")


@click.command()
@click.argument("query", default="")
@filter_options
@click.option("--size", type=click.IntRange(1, 100), default=10, show_default=True, help="Values per facet.")
@click.option("--interval", type=click.Choice(["day", "week", "month"]), default="day", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def facets(ctx, query, size, interval, as_json, **kw):
    """Counts of the documents QUERY matches: by source, kind, substance, place, language and label, per day
    (or week, month), and the top phones, handles, bots, wallets and onions."""
    from search.client import connect
    from search.query import facets as run_facets

    cfg = cfg_of(ctx)
    out = run_facets(connect(cfg), cfg.index, query, filters=filters_of(kw), size=size, interval=interval)
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(f"{out.pop('total')} documents")
    for name, buckets in out.items():
        if not buckets:
            continue
        click.echo(f"\n{name}")
        for b in buckets:
            key = b.get("value", b.get("date"))
            click.echo(f"  {b['count']:>7}  {key}")


@click.group()
def entity():
    """Pivot on one phone, handle, bot, wallet, onion, email, substance or place."""


@entity.command("show")
@click.argument("spec")
@click.option("--size", type=click.IntRange(1, 1000), default=20, show_default=True, help="Documents to list.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def entity_show(ctx, spec, size, as_json):
    """Every document that mentions SPEC (TYPE:VALUE, e.g. phone:+998901234567 or handle:@shop), first and last
    seen, the sources and channels it appears in, and the entities found with it."""
    from search.client import connect
    from search.query import entity_show as run_entity

    cfg = cfg_of(ctx)
    report = run_entity(connect(cfg), cfg.index, spec, size=size)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"{report.type} {report.value}: {report.documents} documents")
    if not report.documents:
        return
    click.echo(f"first seen {report.first_seen}   last seen {report.last_seen}")
    ctx = report.context
    if ctx and ctx.get("kind") == "container":
        click.echo(f"context: {ctx['n_flagged']} of {ctx['n_docs']} documents flagged by their text "
                   f"({ctx['share']:.0%}; mean text score {ctx['mean_score']:.2f}; updated {ctx['updated_at']})")
    elif ctx:
        click.echo(f"context: in {ctx['n_flagged']} documents flagged by their text (updated {ctx['updated_at']})")
    for title, buckets in (("sources", report.sources), ("channels", report.channels), ("sites", report.sites)):
        if buckets:
            click.echo(f"{title}: " + ", ".join(f"{b['value']} ({b['documents']})" for b in buckets))
    if report.co_occurring:
        click.echo("seen with:")
        for kind, buckets in report.co_occurring.items():
            click.echo(f"  {kind:<9} " + ", ".join(f"{b['value']} ({b['documents']})" for b in buckets))
    click.echo("documents (latest first):")
    for i, hit in enumerate(report.hits, 1):
        flag = "FLAG" if hit.label else "    "
        click.echo(f"{i:3}. {flag} {hit.score:.2f}  {hit.fetched_at[:10]}  [{hit.source}] {hit.title[:80]}")
        click.echo(f"     {hit.url}")
