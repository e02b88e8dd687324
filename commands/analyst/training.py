"""Analyst: training (`imt train`), scoring files (`imt classify`) and the channel and identifier context
(`imt context`). The workflows are ops/training.py and ops/crawl.py."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from commands.common import (audited, echo_json_lines,
    UserError,
    atomic_output,
    cfg_of,
    check_output_file,
    check_utf8_file,
    json_line,
    utf8_lines,
)
from core.progress import log_line
from ops import crawl as ops_crawl
from ops import training as ops_training


@click.command()
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    default=None,
    help="Labelled JSON lines (text, label, group) to use instead of the seed corpus.",
)
@click.option(
    "--no-promote",
    is_flag=True,
    help="Never make the new model active (by default it becomes active only when no model is active yet).",
)
@click.option("--no-labels", is_flag=True, help="Leave out the labels stored in Elasticsearch.")
@click.option(
    "--target-precision",
    type=click.FloatRange(0.5, 0.999),
    default=None,
    help="Precision the stored threshold aims at on the grouped held-out scores (default 0.95; lower flags more).",
)
@click.pass_context
def train(ctx, data, no_promote, no_labels, target_precision):
    """Train a new model version on the seed corpus (or --data) plus the stored labels, with grouped
    cross-validation, and register it under var/models/. It never replaces the active model (only the first
    model of an empty registry becomes active): compare with `imt model list`, then `imt model promote VERSION`."""
    if data is not None:
        check_utf8_file(data)  # before connecting or training: a bad line is named, not a UnicodeDecodeError
    ops_training.train(cfg_of(ctx), data, promote=False if no_promote else None,
                       labels="off" if no_labels else "require", target_precision=target_precision)


@click.command()
@click.argument("infile", type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True,
              help="Where to write JSON lines (written whole at the end; not the input).")  # fmt: skip
@click.option("--batch", type=click.IntRange(1), default=512, show_default=True)
@click.option(
    "--scores-only",
    is_flag=True,
    help="Only id, score and label (faster: no kind, substances or explanation).",
)
@click.option("--top", type=click.IntRange(0), default=10, show_default=True, help="Explanation terms per document.")
@click.pass_context
def classify(ctx, infile, output, batch, scores_only, top):
    """Score JSON lines with `id` and `text` (UTF-8; INFILE - reads standard input); write one line per input, in
    input order: {"id", "score", "score_text", "label", "kind", "substances", "explanation"} (explanation: the terms and
    character n-grams that moved the score most, with weights and their [start, end) spans in the text).
    Lines that name their container (`channel`, `vendor`, `thread`, `site` or `source`) are scored with the
    company they keep in the file: `score` is then the combined score, `score_text` the text's alone and
    `context` says what the channel and the identifiers added.
    The output is written under a temporary name and renamed at the end: an error leaves nothing behind."""
    from classifier.context import score_rows
    from crawler.entities import identifiers_of

    cfg = cfg_of(ctx)
    check_output_file(output, inputs=(infile,))
    rows = _read_classify_input(infile)
    scorer = ops_training.ensure_model(cfg)
    analyze = None if scores_only else getattr(scorer.model, "analyze", None)
    results = []
    text_scores = []
    for start in range(0, len(rows), batch):
        texts = [row["text"] for row in rows[start : start + batch]]
        if analyze is not None:
            got = analyze(texts, top=top)
            results.extend(got)
            text_scores.extend(r.get("score_text", r["score"]) for r in got)
        else:  # --scores-only: id, score, label (and score_text, context when the file gives containers)
            for scored in scorer(texts):
                results.append({"score": scored[0], "label": scored[1]})
                text_scores.append(scored[3] if len(scored) > 3 else scored[0])
        if len(rows) > batch:
            log_line(f"classified {min(start + batch, len(rows))}/{len(rows)}")
    combined = score_rows(scorer.model, rows, text_scores, [identifiers_of(row["text"]) for row in rows]) \
        if any(k in row for row in rows for k in _CONTAINER_FIELDS) else None  # fmt: skip
    with atomic_output(output) as out:
        for i, (row, result) in enumerate(zip(rows, results, strict=True)):
            if combined is not None:
                c = combined[i]
                result.update(score=c.score, label=c.label, score_text=c.score_text, context=c.reasons)
            out.write(json_line({"id": row["id"], **result}))
    click.echo(f"Classified {len(rows)} documents with model {scorer.version}"
               + (" (with the context of their containers)" if combined is not None else "") + f" -> {output}",
               err=True)  # fmt: skip


_CONTAINER_FIELDS = ("channel", "vendor", "thread", "container", "site", "source")


def _read_classify_input(infile: Path) -> list[dict]:
    stdin = str(infile) == "-"
    name = "standard input" if stdin else infile
    try:
        fh = sys.stdin.buffer if stdin else infile.open("rb")
    except OSError as exc:
        raise UserError(f"cannot read {infile}: {exc.strerror}") from None
    rows = []
    with fh:
        try:
            for n, line in utf8_lines(fh, name):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except ValueError as exc:
                    raise UserError(f"{name} line {n}: not valid JSON ({exc.msg})") from None
                if not isinstance(row, dict) or "id" not in row or not isinstance(row.get("text"), str):
                    raise UserError(f"{name} line {n}: expected an object with 'id' and a string 'text'")
                keep = {k: row[k] for k in _CONTAINER_FIELDS if isinstance(row.get(k), (str, dict)) and row[k]}
                rows.append({"id": row["id"], "text": row["text"], **keep})
        except OSError as exc:  # a folder, or a read error part way
            raise UserError(f"cannot read {infile}: {exc.strerror}") from None
    return rows


@click.group("context")
def context_group():
    """Channel, vendor and site scores and identifier counts: the company a document keeps. A crawl updates
    what it touched; a re-score (`imt model promote`) updates everything."""


@context_group.command("update")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
@audited("index_change")
def context_update(ctx, as_json):
    """Recompute the context of the whole index with the active model and re-score what changed (a crawl does
    this for what it touched; use this after an interrupted crawl or a manual change)."""
    from classifier.registry import Registry
    from search.client import connect

    cfg = cfg_of(ctx)
    es = connect(cfg)
    if not es.indices.exists_alias(name=cfg.index):
        raise UserError(f"no documents indexed in {cfg.index} yet")
    model, meta = Registry(cfg.models_dir).load()
    result = ops_crawl.context_update(cfg, es, model, meta["version"], everything=True, as_json=as_json)
    if as_json:
        click.echo(json.dumps(result))
    elif result.get("skipped"):
        click.echo(f"Nothing to do: {result['skipped']}; `imt train` then `imt model promote` gives one")
    else:
        click.echo(f"{result['containers']} containers and {result['identifiers']} identifiers updated; "
                   f"{result['changed']} of {result['documents']} documents re-scored "
                   f"({result['newly_flagged']} newly flagged, {result['unflagged']} no longer) "
                   f"in {result['seconds']} s")  # fmt: skip


_CONTAINER_TYPES = ("channel", "vendor", "thread", "site")


_IDENT_TYPES = ("bot", "handle", "phone", "wallet", "onion")


@context_group.command("list")
@click.option("--type", "type_", type=click.Choice([*_CONTAINER_TYPES, *_IDENT_TYPES]), default=None,
              help="Only this kind of container (channel, vendor, thread, site) or identifier (bot, handle, ...).")
@click.option("--min-docs", type=click.IntRange(1), default=3, show_default=True,
              help="Containers with at least this many documents.")  # fmt: skip
@click.option("--limit", "-n", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON lines.")
@click.pass_context
def context_list(ctx, type_, min_docs, limit, as_json):
    """Containers ranked by their share of flagged documents (or identifiers by flagged documents, with --type
    bot/handle/phone/wallet/onion)."""
    from search.client import connect
    from search.context import top

    cfg = cfg_of(ctx)
    kind = "identifier" if type_ in _IDENT_TYPES else "container"
    rows = top(connect(cfg), cfg.index, kind=kind, type_=type_, size=limit, min_docs=min_docs)
    if as_json:
        echo_json_lines(rows)
        return
    if not rows:
        click.echo("No context yet: a crawl (or `imt context update`) computes it")
        return
    for i, row in enumerate(rows, 1):
        if kind == "container":
            click.echo(f"{i:3}. {row['share']:5.0%}  {row['n_flagged']:>5} of {row['n_docs']:<6} flagged  "
                       f"{row['type']:<7} {row['name']}")  # fmt: skip
        else:
            click.echo(f"{i:3}. {row['n_flagged']:>5} flagged documents  {row['type']:<7} {row['name']}")
