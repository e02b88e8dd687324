"""Operator: the documents index (`imt index replay|status|settings|migrate|rescore`)."""

from __future__ import annotations

import json
import sys

import click

from commands.common import (audited, echo_json_lines,
    UserError,
    cfg_of,
    iso_date,
    report_rescore,
)
from ops import models


@click.group()
def index():
    """The document index: spool replay, status, settings, migration and re-scoring."""


@index.command("replay")
@click.pass_context
@audited("index_change")
def index_replay(ctx):
    """Index the documents spooled while Elasticsearch was unreachable."""
    from search.client import connect
    from search.indexer import Indexer
    from search.mapping import ensure_docs_index
    from search.spool import Spool

    cfg = cfg_of(ctx)
    es = connect(cfg)
    ensure_docs_index(es, cfg.index)
    indexer = Indexer(es, cfg.index, Spool(cfg.spool_dir))
    replayed = indexer.replay()
    left = len(indexer.spool)
    click.echo(f"Replayed {replayed} documents; {left} still spooled")
    sys.exit(0 if left == 0 else 3)


@index.command("status")
@click.pass_context
def index_status(ctx):
    """Documents in the index, and documents waiting in the spool."""
    from search.client import SearchUnavailable, connect
    from search.spool import Spool

    cfg = cfg_of(ctx)
    click.echo(f"spooled    {len(Spool(cfg.spool_dir))}")
    try:
        es = connect(cfg)
        count = es.count(index=cfg.index)["count"] if es.indices.exists_alias(name=cfg.index) else 0
        click.echo(f"indexed    {count}")
    except SearchUnavailable as exc:
        click.echo(f"indexed    unknown ({exc})")


@index.command("settings")
@click.option("--apply", "apply_", is_flag=True, help="Change replicas and refresh interval of live indices to the "
              "configured ones.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one index a line.")
@click.pass_context
@audited("index_change", changes=lambda p: p["apply_"])
def index_settings(ctx, apply_, as_json):
    """Shards, replicas and refresh interval of every index the product keeps (documents, labels, runs, users,
    audit, watchlists, alerts, holds, ops-alerts), live and as configured ([indices.<name>] in imt.toml;
    IMT_ES_SHARDS / IMT_ES_REPLICAS / IMT_ES_REFRESH for the documents index)."""
    from search.client import connect
    from search.mapping import settings_report

    cfg = cfg_of(ctx)
    rows = settings_report(connect(cfg), cfg.index, apply=apply_)
    if as_json:
        echo_json_lines(rows)
        return
    if not rows:
        click.echo(f"No indices yet for {cfg.index} (they are created on first use, with the configured settings)")
        return
    click.echo(f"{'store':<11} {'index':<30} {'shards':>9} {'replicas':>9} {'refresh':>13}  ")
    pending = False

    def cell(r, key, width):
        live, want = r[key], r[f"want_{key}"]
        text = str(live) if live == want else f"{live}->{want}"
        return f"{text:>{width}}"

    for r in rows:
        note = f"changed: {', '.join(r['changed'])}" if r["changed"] else ""
        if r["shards"] != r["want_shards"]:
            note = (note + "; " if note else "") + ("shards: `imt index migrate`" if r["store"] == "docs"
                                                    else "shards: fixed at creation")  # fmt: skip
        pending = pending or (not apply_ and (r["replicas"] != r["want_replicas"] or r["refresh"] != r["want_refresh"]))
        click.echo(f"{r['store']:<11} {r['index']:<30} {cell(r, 'shards', 9)} {cell(r, 'replicas', 9)} "
                   f"{cell(r, 'refresh', 13)}  {note}")  # fmt: skip
    if pending:
        click.echo("live -> configured: `imt index settings --apply` changes replicas and refresh in place")


@index.command("migrate")
@click.option("--delete-old", is_flag=True, help="Delete the old index after the swap (default: keep it).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
@audited("index_change")
def index_migrate(ctx, delete_old, as_json):
    """Build the next version of the documents index with this version's mapping, copy every document into it
    (search_after + bulk, with progress), swap the alias atomically, write-block the old index, then copy what it
    took meanwhile (by sequence number, whatever timestamps the documents carry). Searches and crawls keep working
    throughout; the old index is kept (write-blocked) for rollback unless --delete-old."""
    from core.progress import Progress
    from search.client import connect
    from search.mapping import DOCS_MAPPING
    from search.migrate import migrate

    cfg = cfg_of(ctx)
    es_client = connect(cfg)
    with Progress("copied") as bar:  # a bar on a terminal, a log line every few seconds otherwise
        result = migrate(es_client, cfg.index, DOCS_MAPPING, delete_old=delete_old, progress=bar.note,
                         on_progress=bar.update)  # fmt: skip
    if as_json:
        click.echo(json.dumps(result.as_dict()))
        return
    kept = "deleted" if result.deleted_old else "kept for rollback, write-blocked"
    extra = f", {result.removed} deleted during the copy" if result.removed else ""
    click.echo(
        f"Migrated {cfg.index}: {result.old_index} -> {result.new_index}, {result.copied} documents copied, "
        f"{result.caught_up} caught up{extra}, in {result.seconds}s ({result.old_index} {kept})"
    )


@index.command("rescore")
@click.option("--version", "version", default=None, help="Model version (default: the active one).")
@click.option("--since", default=None, help="Only documents fetched or seen since this date (ISO, e.g. 2026-11-01).")
@click.option("--limit", type=click.IntRange(1), default=None, help="Stop after this many (the next run continues).")
@click.option("--restart", is_flag=True, help="Ignore the checkpoint of an earlier, unfinished run.")
@click.option("--batch", type=click.IntRange(1, 10_000), default=500, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
@audited("index_change", target="version")
def index_rescore(ctx, version, since, limit, restart, batch, as_json):
    """Re-score indexed documents with a model version (score, label, model_version), batch-wise with
    progress. Resumable: a checkpoint under var/state/ lets an interrupted run continue where it stopped;
    documents already scored by that version are skipped."""
    from classifier.registry import Registry
    from search.client import connect

    cfg = cfg_of(ctx)
    registry = Registry(cfg.models_dir)
    version = version or registry.current_version()
    if version is None:
        raise UserError(f"no active model in {cfg.models_dir}; run `imt train` or name one with --version")
    registry.meta(version)
    es = connect(cfg)
    if not es.indices.exists_alias(name=cfg.index):
        raise UserError(f"index {cfg.index!r} does not exist yet; crawl something first (`imt crawl demo`)")
    result = models.rescore(cfg, es, version, since=iso_date(since), limit=limit, restart=restart, batch=batch,
                            as_json=as_json)  # fmt: skip
    report_rescore(version, result, as_json=as_json)
