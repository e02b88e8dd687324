"""Analyst: model versions (`imt model list|show|evaluate|promote|rollback`) and `imt evaluate`. Promotion and
its re-score are ops/models.py."""

from __future__ import annotations

import contextlib
import io
import json
import time
from pathlib import Path

import click

from commands.common import (audited, echo_json_lines,
    UserError,
    cfg_of,
    check_folder_output,
    num_text,
    report_rescore,
    write_into_folder,
)
from core.progress import log_line
from ops import models
from ops import training as ops_training


@click.group()
def model():
    """The model registry under var/models/: list, show, evaluate, promote, roll back."""


@model.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one model a line.")
@click.pass_context
def model_list(ctx, as_json):
    """Registered models, oldest first; * marks the active one. PR-AUC and F1 are from grouped
    cross-validation at training time."""
    from classifier.registry import Registry

    rows = Registry(cfg_of(ctx).models_dir).summaries()
    if as_json:
        echo_json_lines(rows)
        return
    if not rows:
        click.echo("no models yet; run `imt train`")
        return
    click.echo(f"  {'version':22} {'trained_at':21} {'docs':>6} {'labels':>6} {'PR-AUC':>7} {'F1':>7} {'thresh':>7}")
    for r in rows:
        click.echo(
            f"{'*' if r['active'] else ' '} {r['version']:22} {r['trained_at'] or '-':21} {r['docs'] or 0:>6} "
            f"{r['labels']:>6} {num_text(r['pr_auc']):>7} {num_text(r['f1']):>7} {num_text(r['threshold']):>7}"
        )


@model.command("show")
@click.argument("version")
@click.option("--json", "as_json", is_flag=True, help="Print meta.json as it is.")
@click.pass_context
def model_show(ctx, version, as_json):
    """Everything recorded about one model: metrics, threshold, training data and its hash, library versions,
    and when it was active."""
    from classifier.registry import Registry

    registry = Registry(cfg_of(ctx).models_dir)
    meta = registry.meta(version)
    if as_json:
        click.echo(json.dumps(meta, ensure_ascii=False))
        return
    active = registry.current_version()
    cv = meta.get("cv") or {}
    click.echo(f"version      {meta['version']}" + ("  (active)" if version == active else ""))
    click.echo(f"trained_at   {meta.get('trained_at')}  by {meta.get('trained_by', '-')}")
    click.echo(f"data         {meta.get('data')}  sha256 {meta.get('data_sha256', '-')}")
    if meta.get("counts"):
        click.echo("counts       " + ", ".join(f"{k} {v}" for k, v in meta["counts"].items()))
    click.echo(f"threshold    {meta.get('threshold')}")
    click.echo(
        f"cv           {'grouped ' if cv.get('grouped') else ''}{cv.get('folds')}-fold: PR-AUC {cv.get('pr_auc')}, "
        f"F1 {cv.get('f1')}, precision {cv.get('precision')}, recall {cv.get('recall')}"
    )
    libs = ", ".join(f"{k} {meta[k]}" for k in ("python", "sklearn", "numpy", "scipy") if meta.get(k))
    click.echo(f"libraries    {libs}")
    click.echo(f"params       {json.dumps(meta.get('params', {}))}")
    for entry in registry.history():
        if version in (entry.get("version"), entry.get("previous")):
            verb = "made active" if entry.get("version") == version else "replaced"
            click.echo(f"history      {entry.get('at')} {verb} by {entry.get('action')} ({entry.get('who')})")


@model.command("evaluate")
@click.argument("version")
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    default=None,
    help="Labelled CSV or JSONL (text, label; optional lang, kind). Default: the stored labels.",
)
@click.option("--text-col", default="text", show_default=True)
@click.option("--label-col", default="label", show_default=True)
@click.option("--report", "report_dir", type=click.Path(path_type=Path), default=None, help="Report folder.")
@click.option("--against", default=None, metavar="VERSION2",
              help="Also evaluate VERSION2 on the same texts and print the two side by side.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def model_evaluate(ctx, version, data, text_col, label_col, report_dir, against, as_json):
    """Evaluate one model version on labelled data and write a report (report.md, report.json,
    pr_curve.png). With --against VERSION2, both versions on the same texts, side by side (e.g. the model before
    and after the analysts' labels: `imt model evaluate NEW --against OLD`)."""
    cfg = cfg_of(ctx)
    if against is None:
        _evaluate(cfg, version, data, text_col, label_col, report_dir, as_json)
        return
    if report_dir is not None:
        raise UserError("--report writes one model's report; leave it out with --against")
    reports = {}
    for v in (version, against):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            _evaluate(cfg, v, data, text_col, label_col, None, True)
        reports[v] = json.loads(buf.getvalue().strip().splitlines()[-1])
    if as_json:
        click.echo(json.dumps({"versions": reports}, ensure_ascii=False))
        return
    a, b = reports[version], reports[against]
    click.echo(f"{reports[version]['n']} texts ({a['positives']} labelled 1) from {a.get('data')}")
    click.echo(f"{'':12} {version:>18} {against:>18} {'difference':>11}")
    for key in ("f1", "precision", "recall", "pr_auc", "fp_rate"):
        x, y = a.get(key), b.get(key)
        diff = f"{x - y:+.4f}" if isinstance(x, (int, float)) and isinstance(y, (int, float)) else "-"
        click.echo(f"{key:12} {num_text(x):>18} {num_text(y):>18} {diff:>11}")


@model.command("promote")
@click.argument("version")
@click.option("--force", is_flag=True, help="Promote even if its held-out PR-AUC is below the active model's.")
@click.option("--no-rescore", is_flag=True, help="Do not re-score the indexed documents.")
@click.pass_context
@audited("model_change", target="version")
def model_promote(ctx, version, force, no_rescore):
    """Make VERSION the active model, then re-score the indexed documents with it. Refuses a model whose
    held-out PR-AUC is below the active one's unless --force; `imt model rollback` undoes it."""
    def announce(change):
        click.echo(f"Promoted {change.version}" + (f" (was {change.previous})" if change.previous else ""))

    change = models.promote(cfg_of(ctx), version, force=force, rescore_index=not no_rescore, announce=announce)
    if change.unchanged:
        click.echo(f"{version} is already the active model")
    report_rescore(change.version, change.rescored)


@model.command("rollback")
@click.option("--no-rescore", is_flag=True, help="Do not re-score the indexed documents.")
@click.pass_context
@audited("model_change")
def model_rollback(ctx, no_rescore):
    """Return to the model that was active before the current one, then re-score the indexed documents."""
    change = models.rollback(cfg_of(ctx), rescore_index=not no_rescore,
                             announce=lambda c: click.echo(f"Rolled back from {c.previous} to {c.version}"))
    report_rescore(change.version, change.rescored)


@click.command()
@click.option("--data", type=click.Path(path_type=Path), required=True, help="Labelled CSV or JSONL.")
@click.option("--model", "version", default=None, help="Model version (default: the active one).")
@click.option("--text-col", default="text", show_default=True)
@click.option("--label-col", default="label", show_default=True)
@click.option(
    "--report",
    "report_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Report folder (default var/reports/<version>-<time>/).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def evaluate(ctx, data, version, text_col, label_col, report_dir, as_json):
    """Precision, recall, F1, PR-AUC and the confusion matrix of a model on labelled data (text, label;
    breakdowns by language and kind when `lang` / `kind` columns exist), written as report.md, report.json
    and pr_curve.png."""
    _evaluate(cfg_of(ctx), version, data, text_col, label_col, report_dir, as_json)


def _evaluate(cfg, version, data, text_col, label_col, report_dir, as_json) -> None:
    from classifier.evaluate import evaluate as run_evaluation
    from classifier.evaluate import summary_lines, write_report
    from classifier.labels import LabelRow, read_label_file
    from classifier.registry import Registry

    registry = Registry(cfg.models_dir)
    version = version or registry.current_version()
    if version is None:
        raise UserError(f"no active model in {cfg.models_dir}; run `imt train` or name one with --model")
    registry.meta(version)
    if report_dir is not None:
        check_folder_output(report_dir, "--report")
    if data is not None:
        rows = read_label_file(data, text_col=text_col, label_col=label_col, outcome="nothing evaluated").rows
        what = str(data)
    else:
        from search.client import connect
        from search.labels import iter_labels

        alias = ops_training.labels_alias(cfg)
        rows = [
            LabelRow(line=i, text=lab["text"], label=int(lab["label"]), lang=lab.get("lang"), kind=lab.get("kind"))
            for i, lab in enumerate(iter_labels(connect(cfg), alias), 1)
        ]
        if not rows:
            raise UserError(f"no stored labels in {alias} to evaluate on; pass --data FILE")
        what = f"stored labels ({alias})"
    model_obj, meta = registry.load(version)
    log_line(f"evaluating {version} on {len(rows)} texts from {what}")
    report, curve = run_evaluation(model_obj, rows, version=version, data=what, progress=log_line)
    if data is None and (meta.get("counts") or {}).get("labels"):
        report["note"] = "this model was trained with stored labels: these figures are optimistic"
    folder = report_dir or cfg.home / "reports" / f"{version}-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}"
    paths = write_into_folder(folder, lambda staging: write_report(report, curve, staging))
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False))
    else:
        click.echo(f"Model {version} on {what}: {report['n']} texts, {report['positives']} labelled 1")
        for line in summary_lines(report):
            click.echo(line)
        if report.get("note"):
            click.echo(f"note: {report['note']}")
    click.echo(f"Report: {paths['md']}" + ("" if "png" in paths else " (no PR curve: matplotlib is missing)"), err=True)
