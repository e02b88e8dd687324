"""Investigator: exports and case bundles (`imt export`), legal holds (`imt hold`), checking the evidence
(`imt evidence verify`)."""

from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path

import click

from core.actor import acting_user

from commands.common import (audited,
    UserError,
    cfg_of,
    check_output_file,
    filter_options,
    filters_of,
    is_special,
)
from core.progress import log_line


@click.command()
@click.argument("query", default="")
@filter_options
@click.option("--format", "fmt", metavar="csv|jsonl|case", required=True,
              help="csv or jsonl: the documents; case: a verifiable bundle with the raw captures.")  # fmt: skip
@click.option("--output", "-o", required=True, help="File, or folder for case ('-' = stdout for csv and jsonl).")
@click.option("--limit", "-n", type=click.IntRange(1), default=None, help="At most N documents (default: all).")
@click.option("--sort", type=click.Choice(["relevance", "score", "date"]), default="relevance", show_default=True)
@click.option("--zip", "as_zip", is_flag=True, help="Write the case bundle as one .zip file.")
@click.option("--force", is_flag=True, help="Replace an existing case bundle (folder or .zip).")
@click.option("--case", "case", default=None,
              help="case: hold the exported documents for this case (default: the bundle's name).")  # fmt: skip
@click.option("--no-hold", is_flag=True, help="case: do not hold the exported documents.")
@click.pass_context
@audited("export", target="output")
def export(ctx, query, fmt, output, limit, sort, as_zip, force, case, no_hold, **kw):
    """Export every document QUERY matches (same syntax and filters as `imt search`, no 10,000 limit).

    \b
    --format csv     one row a document; one column per entity type (values joined by a space)
    --format jsonl   one JSON object a line; entities as {type: [values]}
    --format case    a folder (or .zip with --zip) for a case file:
                       documents.jsonl, captures/<sha256>.<ext> (each raw capture as downloaded),
                       manifest.json (query, filters, who, when, versions, SHA-256 of every file)
                     captures missing from the evidence store are listed in the manifest
                     every exported document is held for the case (--case NAME, default the
                     bundle's name; `imt hold list`), so retention keeps it and its capture;
                     --no-hold does not hold them
    Written under a temporary name and renamed at the end: an error or Ctrl-C leaves nothing behind.
    Check a bundle later with `imt evidence verify --bundle PATH`.
    """
    from search.client import connect
    from search.export import ExportError
    from search.export import export as run_export

    cfg = cfg_of(ctx)
    filters = filters_of(kw)
    fmt = fmt.strip().lower()
    device, hold_case = _export_checks(query, filters, fmt, output, as_zip, force, case, no_hold)
    es = connect(cfg)
    sink = None
    if device:
        try:
            sink = Path(output).expanduser().open("w", encoding="utf-8", newline="")
        except OSError as exc:
            raise UserError(f"cannot write {output}: {exc.strerror}") from None
    try:
        result = run_export(es, cfg.index, query, fmt=fmt, output="-" if device else output, filters=filters,
                            sort=sort, limit=limit, zip_=as_zip, force=force, evidence_dir=cfg.evidence_dir,
                            hold_case=hold_case, who=acting_user(), meter=True, stdout=sink)  # fmt: skip
    except ExportError as exc:  # written as to stdout: name the device
        if not device:
            raise
        raise UserError(str(exc).replace("cannot write -:", f"cannot write {output}:", 1)) from None
    finally:
        if sink is not None:
            try:
                sink.close()
            except OSError:  # the export has said what went wrong, or flushed it all already
                pass
    if device:
        result.path = output
    _export_report(cfg, result)


def _export_checks(query, filters, fmt, output, as_zip, force, case, no_hold) -> tuple[bool, str | None]:
    """The user's mistakes, before connecting: (whether the output is a device or pipe, the case to hold for)."""
    from search.export import check_output, normalised_query

    normalised_query(query)
    filters.clauses()
    # a device or pipe (/dev/null, a FIFO) is written in place, never renamed over: as root that would put a
    # file where /dev/null was
    device = output != "-" and is_special(Path(output).expanduser())
    if device and fmt == "case":
        raise UserError(f"--output {output} is a device or pipe: a case bundle is a folder or a .zip file")
    if output != "-" and not device and (fmt in ("csv", "jsonl") or as_zip):
        check_output_file(Path(output).expanduser())  # a file: the same words as classify's and labels export's
    check_output("-" if device else output, fmt, zip_=as_zip, force=force)
    hold_case = None
    if fmt == "case" and not no_hold:
        from search.retention import RetentionError, check_case

        default = re.sub(r"[^A-Za-z0-9_.:-]", "_", Path(output).name.removesuffix(".zip"))[:128] or "case"
        try:
            hold_case = check_case(case) if case else default
        except RetentionError as exc:
            raise UserError(str(exc)) from None
    return device, hold_case


def _export_report(cfg, result) -> None:
    """What an export did, on stderr (stdout may be the export itself)."""
    click.echo(result.summary(), err=True)
    if result.missing_captures:
        click.echo(
            f"warning: {len(result.missing_captures)} captures are not in the evidence store "
            f"({cfg.evidence_dir}); listed under missing_captures in manifest.json",
            err=True,
        )
    if result.manifest_sha256:
        click.echo(f"Bundle verified; manifest.json sha256 {result.manifest_sha256} (record it with the case)",
                   err=True)  # fmt: skip
    if result.hold_error:
        click.echo(f"warning: {result.hold_error}; hold them later with `imt hold add --case {result.hold_case} "
                   f"--bundle {result.path}`", err=True)  # fmt: skip
    elif result.hold_case:
        click.echo(f"Held {result.held} documents for case {result.hold_case} (`imt hold list`)", err=True)


@click.group("hold")
def hold_group():
    """Legal holds: documents held for a case are never deleted by retention."""


@hold_group.command("add")
@click.option("--case", "case", required=True, help="The case holding the documents.")
@click.option("--bundle", type=click.Path(exists=True, path_type=Path), default=None,
              help="Hold the documents of an exported case bundle (folder or zip).")  # fmt: skip
@click.argument("query", required=False)
@click.pass_context
@audited("hold_change", target="case")
def hold_add(ctx, case, bundle, query):
    """Hold every document QUERY matches (search syntax), or those of a case bundle, for CASE."""
    from search import query as q
    from search import retention
    from search.client import connect

    cfg = cfg_of(ctx)
    if bool(query) == bool(bundle):
        raise UserError("give either a QUERY or --bundle PATH")
    captures = None
    if bundle:  # read before connecting: a wrong file is the user's to fix first
        try:
            ids, captures = retention.bundle_doc_ids(bundle), retention.bundle_captures(bundle)
        except zipfile.BadZipFile as exc:
            raise UserError(f"{bundle}: not a case bundle (a folder, or a .zip from `imt export`): {exc}") from None
    es = connect(cfg)
    if not bundle:
        ids = [h["_id"] for h in q.iter_hits(es, cfg.index, query, highlight=False, source_excludes=["*"])]
    n = retention.hold(es, cfg.index, case, ids, acting_user(), captures=captures)
    click.echo(f"Held {n} documents for case {case}")


@hold_group.command("remove")
@click.option("--case", "case", required=True)
@click.pass_context
@audited("hold_change", target="case")
def hold_remove(ctx, case):
    """Release every hold of CASE."""
    from search import retention
    from search.client import connect

    cfg = cfg_of(ctx)
    click.echo(f"Released {retention.release(connect(cfg), cfg.index, case)} documents of case {case}")


@hold_group.command("list")
@click.pass_context
def hold_list(ctx):
    """Cases with held documents."""
    from search import retention
    from search.client import connect

    cfg = cfg_of(ctx)
    found = retention.cases(connect(cfg), cfg.index)
    for name, count in sorted(found.items()):
        click.echo(f"{name:<32} {count} documents")
    if not found:
        click.echo("No holds")


@click.group()
def evidence():
    """The evidence store: raw captures by SHA-256 and their append-only manifest."""


@evidence.command("verify")
@click.option(
    "--bundle",
    type=click.Path(path_type=Path, exists=True),
    default=None,
    help="Check an exported case bundle (folder or .zip) instead of the store.",
)
@click.option("--public-key", default=None, metavar="FILE|PEM|HEX",
              help="The public key the signed heads must verify with (default: the signing key's own, when it is "
                   "on this machine; `imt evidence key` prints it).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def evidence_verify(ctx, bundle, public_key, as_json):
    """Recheck every stored capture's hash, the manifest's hash chain and its signed heads (each signature, and
    each signed line still there with its signed hash: a cut or a rewritten tail fails); exit 1 on any mismatch."""
    from core.evidence import verify, verify_bundle
    from ops.evidence import trusted_key

    cfg = cfg_of(ctx)

    def progress(done, total):
        if total and done % 1000 == 0:
            log_line(f"checked {done}/{total}")

    if bundle and bundle.is_file():
        from search.export import verify_zip_bundle

        report = verify_zip_bundle(bundle)
    elif bundle:
        report = verify_bundle(bundle)
    else:
        report = verify(cfg.evidence_dir, progress=progress, public_key=trusted_key(cfg, public_key))
    if as_json:
        data = report.to_dict() if hasattr(report, "to_dict") else dict(report.__dict__, ok=report.ok)
        click.echo(json.dumps(data, ensure_ascii=False, default=lambda o: getattr(o, "__dict__", str(o))))
    else:
        for p in report.problems:
            click.echo(f"  {p.kind}: {p.message}" + (f" (manifest line {p.line})" if p.line else ""))
        for line in getattr(report, "notes", []):
            click.echo(f"  note: {line}")
        click.echo(report.summary())
    sys.exit(0 if report.ok else 1)


@evidence.command("sign")
@click.option("--json", "as_json", is_flag=True, help="Print the signature line as JSON.")
@click.pass_context
@audited("evidence_change")
def evidence_sign(ctx, as_json):
    """Sign the manifest's head (its line count and the SHA-256 of its last line) with the Ed25519 key at the
    evidence_key setting, made at first use; every crawl does this too. Record the printed line with the case:
    it pins the manifest up to that line."""
    from ops.evidence import sign

    record = sign(cfg_of(ctx))
    if as_json:
        click.echo(json.dumps(record))
    else:
        click.echo(f"Signed the head of {record['lines']} lines (sha256 {record['sha256']}) at {record['signed_at']} "
                   f"with key {record['key']}")  # fmt: skip


@evidence.command("key")
@click.pass_context
def evidence_key(ctx):
    """Print the public half of the evidence signing key (PEM) and its fingerprint, for whoever verifies a store
    (`imt evidence verify --public-key FILE`); the private key never leaves its file."""
    from core.signing import SigningError, fingerprint, load_key, public_pem

    cfg = cfg_of(ctx)
    try:
        key = load_key(cfg.evidence_key)
    except SigningError as exc:
        raise UserError(str(exc)) from None
    click.echo(public_pem(key), nl=False)
    click.echo(f"fingerprint: {fingerprint(key)}", err=True)
