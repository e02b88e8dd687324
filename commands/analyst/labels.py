"""Analyst: labels (`imt labels import|export|stats|queue`; `imt label queue` is the old name, hidden)."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click

from commands.common import (audited, echo_json_lines,
    UserError,
    atomic_output,
    cfg_of,
    check_output_file,
    json_line,
)
from core.actor import acting_user
from core.clock import now_iso
from ops import training as ops_training

LABEL_FIELDS = ["text", "label", "doc_id", "lang", "kind", "source", "who", "labelled_at", "text_hash"]


@click.group()
def labels():
    """Analyst labels, stored in Elasticsearch (the imt-labels index) with who, when and where from."""


@labels.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--text-col", default="text", show_default=True, help="Column (CSV) or field (JSONL) with the text.")
@click.option("--label-col", default="label", show_default=True, help="Column or field with the label.")
@click.option("--who", default=None, help="Who gave these labels (default: the OS user).")
@click.option("--source", "origin", default=None, help="Where they come from (default: import:<file name>).")
@click.option("--relabel", is_flag=True, help="Replace stored labels that the file labels the other way.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
@audited("label", target="file")
def labels_import(ctx, file, text_col, label_col, who, origin, relabel, as_json):
    """Import labels from FILE (.csv with a header row, or .jsonl). Labels: 1/true/yes/trafficking or
    0/false/no/not; unsure/?/skip/empty rows are skipped. Optional columns: doc_id, lang, kind,
    group (the channel or site the text comes from: cross-validation on the labels keeps a group together).

    The whole file is checked first: missing columns, empty texts, unknown labels and a text labelled both
    ways (in the file, or against the stored labels) stop the import with the lines named; nothing is
    imported. Repeated texts are stored once; importing the same file again changes nothing."""
    from classifier.labels import conflicts_with_stored, describe_problems, read_label_file
    from search.client import connect
    from search.labels import stored_labels, write_labels

    cfg = cfg_of(ctx)
    parsed = read_label_file(file, text_col=text_col, label_col=label_col)
    unique, duplicates = parsed.unique()
    es = connect(cfg)
    alias = ops_training.labels_alias(cfg)
    stored = stored_labels(es, alias, [row.key for row in unique])
    clashes = conflicts_with_stored(unique, stored)
    if clashes and not relabel:
        raise UserError(describe_problems(file, clashes) + " (--relabel replaces the stored labels)")
    who, at = who or acting_user(), now_iso()
    records = [
        {
            "text": row.text,
            "text_hash": row.key,
            "label": row.label,
            "doc_id": row.doc_id,
            "lang": row.lang,
            "kind": row.kind,
            "group": row.group,
            "source": origin or f"import:{Path(file).name}",
            "who": who,
            "labelled_at": at,
        }
        for row in unique
    ]
    new, replaced, same = write_labels(es, alias, records, replace=relabel)
    summary = {
        "file": str(file),
        "imported": new,
        "relabelled": replaced,
        "already_stored": same,
        "duplicates": duplicates,
        "skipped_unsure": parsed.unsure,
        "index": alias,
    }
    if as_json:
        click.echo(json.dumps(summary))
    else:
        click.echo(
            f"imported {new}, relabelled {replaced}, already stored {same}, duplicates {duplicates}, "
            f"skipped {parsed.unsure} (unsure or empty label)"
        )


@labels.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None, help="File to write (default stdout).")
@click.pass_context
def labels_export(ctx, fmt, output):
    """Write every stored label (text, label, doc_id, lang, kind, source, who, labelled_at, text_hash); the
    output imports back with `imt labels import`."""
    from search.client import connect
    from search.labels import iter_labels

    cfg = cfg_of(ctx)
    if output is not None:
        check_output_file(output)
    rows = iter_labels(connect(cfg), ops_training.labels_alias(cfg))
    if output is None:
        count = _write_labels(rows, sys.stdout, fmt)
    else:
        with atomic_output(output, newline="") as out:
            count = _write_labels(rows, out, fmt)
    click.echo(f"Exported {count} labels" + (f" to {output}" if output else ""), err=True)


def _write_labels(rows, out, fmt: str) -> int:
    count = 0
    writer = csv.DictWriter(out, fieldnames=LABEL_FIELDS, extrasaction="ignore") if fmt == "csv" else None
    if writer:
        writer.writeheader()
    for row in rows:
        record = {k: row.get(k) for k in LABEL_FIELDS}
        if writer:
            writer.writerow(record)
        else:
            out.write(json_line(record))
        count += 1
    return count


@labels.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def labels_stats(ctx, as_json):
    """How many labels are stored: by label, source, who and language."""
    from search.client import connect
    from search.labels import label_stats

    cfg = cfg_of(ctx)
    stats = label_stats(connect(cfg), ops_training.labels_alias(cfg))
    if as_json:
        click.echo(json.dumps(stats, ensure_ascii=False))
        return
    click.echo(f"labels     {stats['total']}")
    for name in ("label", "source", "who", "lang"):
        if stats[name]:
            click.echo(f"by {name:7} " + ", ".join(f"{k}: {v}" for k, v in stats[name].items()))


@click.group(hidden=True)
def label():
    """The old name of `imt labels queue` (kept so that scripts keep working; not listed in --help)."""


@click.command("queue")
@click.option("--size", "-n", type=click.IntRange(1, 10_000), default=20, show_default=True)
@click.option("--source", "sources", multiple=True, help="Only documents from these sources (repeatable).")
@click.option("--lang", "langs", multiple=True, help="Only documents in these languages (repeatable), e.g. ru.")
@click.option("--json", "as_json", is_flag=True, help="JSON lines (doc_id, url, score, text ... and an empty label).")
@click.pass_context
def label_queue(ctx, size, sources, langs, as_json):
    """Indexed documents worth labelling next: not yet labelled, the most uncertain first (score closest to the
    active model's threshold), one per near-duplicate cluster. Fill in `label` in the --json output and import
    it with `imt labels import`."""
    from classifier.registry import Registry
    from search.client import connect
    from search.labels import uncertain_documents

    cfg = cfg_of(ctx)
    registry = Registry(cfg.models_dir)
    version = registry.current_version()
    if version is None:
        raise UserError(f"no active model in {cfg.models_dir}: the queue ranks by its threshold; run `imt train`")
    meta = registry.meta(version)
    threshold = float(meta.get("score_threshold", meta["threshold"]))  # the indexed score's threshold
    es = connect(cfg)
    if not es.indices.exists_alias(name=cfg.index):
        raise UserError(f"index {cfg.index!r} does not exist yet; crawl something first (`imt crawl demo`)")
    labels_index = ops_training.labels_alias(cfg)
    queue = uncertain_documents(es, cfg.index, labels_index, threshold, size, tuple(sources), tuple(langs))
    if as_json:
        echo_json_lines(queue)
        return
    click.echo(f"{len(queue)} documents to label (model {version}, threshold {threshold:.3f}; most uncertain first)")
    for i, item in enumerate(queue, 1):
        click.echo(f"{i:3}. {item['score']:.3f}  [{item['source']}] {item['lang'] or '-':8} {item['url']}")
        click.echo(f"     {item['doc_id']}  {item['snippet'][:160]}")


label.add_command(label_queue)


labels.add_command(label_queue)
