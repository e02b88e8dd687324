"""`imt`: the command line face of IMT Monitor. Thin: every command calls the packages' functions."""

from __future__ import annotations

import csv
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
from pathlib import Path

import click

import config as configuration

log = logging.getLogger("imt")


class UserError(Exception):
    """Something the user can fix; shown as one line."""


def _user_errors() -> tuple[type[Exception], ...]:
    from classifier.registry import ModelMissing
    from classifier.train import CorpusError
    from crawler.sources import SourceError
    from search.client import SearchUnavailable
    from search.node import NodeError
    from search.query import QueryError

    return (
        UserError,
        configuration.ConfigError,
        NodeError,
        SearchUnavailable,
        QueryError,
        SourceError,
        ModelMissing,
        CorpusError,
    )


class ImtGroup(click.Group):
    """Turns the errors a user can cause into one clear line and a non-zero exit; never a stack trace."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - the boundary where errors become messages
            if isinstance(exc, _user_errors()):
                click.echo(f"error: {exc}", err=True)
                sys.exit(2)
            logfile = _log_path()
            with logfile.open("a", encoding="utf-8") as fh:
                fh.write(f"--- {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} {sys.argv}\n")
                fh.write(traceback.format_exc())
            click.echo(f"error: unexpected {type(exc).__name__}: {exc} (details in {logfile})", err=True)
            sys.exit(1)


def _log_path() -> Path:
    try:
        home = configuration.load().home
    except configuration.ConfigError:
        home = configuration.PROJECT_DIR / "var"
    (home / "logs").mkdir(parents=True, exist_ok=True)
    return home / "logs" / "imt.log"


def _cfg(ctx: click.Context) -> configuration.Config:
    return ctx.obj["cfg"]


def _progress(message: str) -> None:
    click.echo(f"  {message}", err=True)


@click.group(cls=ImtGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def main(ctx):
    """IMT Monitor: crawl, classify and search online drug-distribution content.

    Configuration comes from imt.toml and IMT_* environment variables (see README).
    """
    ctx.ensure_object(dict)
    ctx.obj["cfg"] = configuration.load()
    logging.basicConfig(level=ctx.obj["cfg"].log_level, format="%(levelname)s %(name)s: %(message)s")


# -- Elasticsearch node --------------------------------------------------------------------------------
@main.group()
def es():
    """Manage the local single-node Elasticsearch under var/ (skipped when IMT_ES_URL is set)."""


def _node(ctx):
    """The local node, or None (with a note) when IMT_ES_URL points at an existing cluster."""
    from search.node import Node

    cfg = _cfg(ctx)
    if not cfg.local_es:
        click.echo("IMT_ES_URL is set: using the cluster there, not a local node", err=True)
        return None
    return Node(cfg, echo=lambda m: click.echo(m, err=True))


@es.command("install")
@click.pass_context
def es_install(ctx):
    """Fetch Elasticsearch's integration-test distribution from Maven Central and unpack it."""
    node = _node(ctx)
    if node:
        node.install()


@es.command("start")
@click.pass_context
def es_start(ctx):
    """Start the local node as an unprivileged user and wait until it is healthy."""
    node = _node(ctx)
    if node:
        node.start()


@es.command("stop")
@click.pass_context
def es_stop(ctx):
    """Stop the local node."""
    node = _node(ctx)
    if node:
        node.stop()


@es.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def es_status(ctx, as_json):
    """Show whether the node is installed and running. Exits 1 when it is not running."""
    cfg = _cfg(ctx)
    if cfg.local_es:
        info = _node(ctx).status()
    else:
        from search.client import SearchUnavailable, connect

        try:
            health = connect(cfg).cluster.health()
            info = {"url": cfg.es_url, "running": True, "status": health["status"]}
        except SearchUnavailable:
            info = {"url": cfg.es_url, "running": False}
    if as_json:
        click.echo(json.dumps(info))
    else:
        for key, value in info.items():
            click.echo(f"{key:10} {value}")
    sys.exit(0 if info["running"] else 1)


# -- demo web -------------------------------------------------------------------------------------------
@main.group()
def demo():
    """The local demo web: a synthetic marketplace, forum, Telegram previews, news and classifieds."""


@demo.command("serve")
@click.option("--port", type=int, default=None, help="Port on 127.0.0.1 (default from IMT_DEMO_URL).")
@click.option("--pages", type=int, default=None, help="Scale the site, e.g. 100000 for the benchmark site.")
@click.pass_context
def demo_serve(ctx, port, pages):
    """Serve the demo web on 127.0.0.1 until Ctrl-C."""
    from demo.server import DemoServer

    cfg = _cfg(ctx)
    port = port or int(cfg.demo_url.rsplit(":", 1)[1].split("/")[0])
    server = DemoServer(port=port, pages=pages or cfg.demo_pages or None)
    click.echo(f"Serving the demo web on http://127.0.0.1:{port}/ (Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


def _demo_up(url: str) -> bool:
    """Does an HTTP server answer at this URL (any status counts)?"""
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/robots.txt", timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def _spawn(cmd: list[str], probe_url: str, what: str) -> subprocess.Popen:
    proc = subprocess.Popen(cmd, cwd=configuration.PROJECT_DIR, stdout=subprocess.DEVNULL)
    for _ in range(100):
        if _demo_up(probe_url):
            return proc
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    proc.terminate()
    raise UserError(f"{what} could not start on {probe_url} (is the port taken?)")


def _port(url: str) -> str:
    return url.rsplit(":", 1)[1].split("/")[0]


def _start_demo(cfg, onion: bool = False) -> list[subprocess.Popen]:
    """Start the demo web (and, for onion sources, the local onion proxy in front of it) in child processes,
    unless they already answer at IMT_DEMO_URL and IMT_ONION_PROXY."""
    procs = []
    if not _demo_up(cfg.demo_url):
        cmd = [sys.executable, "-m", "demo.server", "--port", _port(cfg.demo_url)]
        if cfg.demo_pages:
            cmd += ["--pages", str(cfg.demo_pages)]
        procs.append(_spawn(cmd, cfg.demo_url, "the demo web"))
    if onion and not _demo_up(cfg.onion_proxy):
        cmd = [sys.executable, "-m", "demo.proxy", "--upstream", cfg.demo_url, "--port", _port(cfg.onion_proxy)]
        procs.append(_spawn(cmd, cfg.onion_proxy, "the local onion proxy"))
    return procs


# -- crawl ----------------------------------------------------------------------------------------------
def _load_sources(cfg):
    from crawler.sources import load_sources

    return load_sources(cfg.sources_dir, _source_variables(cfg))


def _source_variables(cfg) -> dict[str, str]:
    """What `${...}` in source files expands to."""
    return {"demo": cfg.demo_url.rstrip("/"), "onion_proxy": cfg.onion_proxy}


class Scorer:
    """The classifier behind the crawler's small scorer interface."""

    def __init__(self, model, version: str):
        self.model, self.version = model, version

    def __call__(self, texts):
        return self.model.score_texts(texts)


def _scorer(cfg) -> Scorer:
    from classifier.registry import Registry

    model, meta = Registry(cfg.models_dir).load()
    return Scorer(model, meta["version"])


def _ensure_model(cfg) -> None:
    from classifier.registry import Registry

    if Registry(cfg.models_dir).current_version() is None:
        click.echo("No trained model yet: training the baseline from the seed corpus ...", err=True)
        _train(cfg, None, promote=True)


def run_pipeline(cfg, names: list[str]) -> dict:
    """Crawl -> classify -> index. Returns the summary; documents Elasticsearch cannot take are spooled."""
    from crawler.evidence import EvidenceStore
    from crawler.run import run_crawl
    from crawler.sources import resolve
    from search.client import SearchUnavailable, connect, ensure_up, unreachable_message
    from search.indexer import Indexer
    from search.mapping import ensure_docs_index
    from search.spool import Spool

    chosen = resolve(_load_sources(cfg), names)
    _ensure_model(cfg)
    scorer = _scorer(cfg)
    es = connect(cfg, check=False)
    indexer = Indexer(es, cfg.index, Spool(cfg.spool_dir))
    try:
        ensure_up(es, cfg)
        ensure_docs_index(es, cfg.index)
        replayed = indexer.replay()
        if replayed:
            click.echo(f"Replayed {replayed} spooled documents", err=True)
    except SearchUnavailable:
        indexer.down = True
        click.echo(f"warning: {unreachable_message(cfg)}; documents will be spooled", err=True)
    demo_sources = [s for s in chosen if s.group == "demo"]
    helpers = _start_demo(cfg, onion=any(s.type == "onion" for s in demo_sources)) if demo_sources else []
    try:
        click.echo(f"Crawling {', '.join(s.name for s in chosen)} ...", err=True)
        stats = run_crawl(
            chosen,
            scorer,
            indexer,
            state_dir=cfg.home / "state",
            evidence=EvidenceStore(cfg.evidence_dir, fsync=False),
            progress=_progress,
            overrides={"LOG_LEVEL": cfg.log_level},
            workers=cfg.crawl_workers,
        )
    finally:
        for proc in helpers:
            proc.terminate()
            proc.wait()
    indexer.flush()
    # a source crawled to its natural end: what it no longer links to is gone (not after a crawl with errors,
    # or one that produced nothing, which may be a broken crawl rather than a site that emptied)
    for source in chosen:
        complete = stats.finished.get(source.name) == "finished" and not source.max_pages
        complete = complete and not stats.errors_by_source.get(source.name) and stats.by_source.get(source.name)
        if complete and source.type != "telegram" and not source.max_pages_per_domain:
            indexer.sweep_gone(source.name, before=stats.started_at, at=stats.started_at)
    ist = indexer.close()
    return {
        "pages_crawled": stats.pages,
        "documents": stats.documents,
        "flagged": stats.flagged,
        "indexed": ist.indexed,
        "new": ist.new,
        "changed": ist.changed,
        "unchanged": ist.unchanged,
        "gone": ist.gone,
        "spooled": ist.spooled,
        "dead_letter": ist.dead,
        "rejected": stats.rejected,
        "errors": stats.errors,
        "seconds": round(stats.seconds, 1),
        "by_source": stats.by_source,
        "finished": stats.finished,
        "model": scorer.version,
        "es_down": indexer.down,
    }


def _print_summary(cfg, summary: dict) -> None:
    rate = summary["pages_crawled"] / max(summary["seconds"], 1e-9)
    click.echo(f"Pages crawled: {summary['pages_crawled']}  ({rate:.0f} pages/s, {summary['seconds']} s)")
    click.echo(f"Documents:     {summary['documents']}  flagged: {summary['flagged']}")
    click.echo(
        f"Indexed:       {summary['indexed']}  (new {summary['new']}, changed {summary['changed']}, "
        f"unchanged {summary['unchanged']}, gone {summary['gone']})  spooled: {summary['spooled']}  "
        f"dead-letter: {summary['dead_letter']}"
    )
    if summary["rejected"]:
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(summary["rejected"].items()))
        click.echo(
            f"Rejected:      {sum(summary['rejected'].values())}  ({reasons}; see {cfg.home / 'state'}/rejected.jsonl)"
        )
    for name, count in sorted(summary["by_source"].items()):
        click.echo(f"  {name:18} {count} documents  ({summary['finished'].get(name, '?')})")


@main.command()
@click.argument("names", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def crawl(ctx, names, as_json):
    """Crawl sources (names or groups, e.g. `demo`), classify and index what they hold."""
    from search.client import unreachable_message

    cfg = _cfg(ctx)
    summary = run_pipeline(cfg, list(names))
    if as_json:
        click.echo(json.dumps(summary))
    else:
        _print_summary(cfg, summary)
    if summary["es_down"]:
        click.echo(
            f"error: {unreachable_message(cfg)}; {summary['spooled']} documents were spooled to "
            f"{cfg.spool_dir} and will be indexed by `imt index replay` or the next crawl",
            err=True,
        )
        sys.exit(3)


# -- search ---------------------------------------------------------------------------------------------
@main.command()
@click.argument("query", default="")
@click.option("--size", "-n", type=click.IntRange(1, 10_000), default=10, show_default=True)
@click.option("--min-score", type=click.FloatRange(0, 1), default=None, help="Lowest classifier score.")
@click.option("--label", type=click.Choice(["0", "1"]), default=None, help="1 = flagged, 0 = not flagged.")
@click.option("--source", "sources", multiple=True, help="Only these sources (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one hit a line.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row.")
@click.pass_context
def search(ctx, query, size, min_score, label, sources, as_json, as_csv):
    """Search indexed documents; flagged offers rank first. QUERY uses simple query syntax:
    "quoted phrase", +must, -exclude, a | b, prefix*."""
    from search.client import connect
    from search.query import search as run_search

    cfg = _cfg(ctx)
    total, hits = run_search(
        connect(cfg),
        cfg.index,
        query,
        size=size,
        min_score=min_score,
        label=None if label is None else int(label),
        sources=sources,
    )
    if as_json:
        for hit in hits:
            click.echo(json.dumps(hit.as_dict(), ensure_ascii=False))
        return
    if as_csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(hits[0].as_dict()) if hits else ["id"])
        writer.writeheader()
        for hit in hits:
            writer.writerow(hit.as_dict())
        return
    click.echo(f"{total} hits" + (f", showing {len(hits)}" if total > len(hits) else ""))
    for i, hit in enumerate(hits, 1):
        flag = "FLAG" if hit.label else "    "
        click.echo(f"{i:3}. {flag} {hit.score:.2f}  [{hit.source}] {hit.title[:90]}")
        click.echo(f"     {hit.url}")
        click.echo(f"     {hit.snippet[:200]}")


# -- classifier -----------------------------------------------------------------------------------------
def _train(cfg, data: Path | None, promote: bool) -> str:
    from classifier.registry import Registry
    from classifier.train import SEED, train

    path = data or SEED
    started = time.monotonic()
    model = train(path, progress=_progress)
    version = Registry(cfg.models_dir).save(model, {"data": str(path)}, promote=promote)
    m = model.cv_metrics_
    click.echo(
        f"Trained {version} on {m['n_docs']} documents in {time.monotonic() - started:.0f}s; "
        f"{'grouped ' if m['grouped'] else ''}{m['folds']}-fold CV: PR-AUC {m['pr_auc']}, F1 {m['f1']}, "
        f"precision {m['precision']}, recall {m['recall']} at threshold {m['threshold']}"
        + ("" if promote else " (not promoted)"),
        err=True,
    )
    return version


@main.command()
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    default=None,
    help="Labelled JSON lines (text, label, group); default: the seed corpus.",
)
@click.option("--no-promote", is_flag=True, help="Register the model without making it current.")
@click.pass_context
def train(ctx, data, no_promote):
    """Train the classifier with grouped cross-validation and register it."""
    _train(_cfg(ctx), data, promote=not no_promote)


@main.command()
@click.argument("infile", type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True, help="Where to write JSON lines.")
@click.option("--batch", type=int, default=512, show_default=True)
@click.pass_context
def classify(ctx, infile, output, batch):
    """Score JSON lines with `id` and `text`; write {"id", "score", "label"} lines in input order."""
    cfg = _cfg(ctx)
    rows = _read_classify_input(infile)
    _ensure_model(cfg)
    scorer = _scorer(cfg)
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=".classify-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for start in range(0, len(rows), batch):
                chunk = rows[start : start + batch]
                for (doc_id, _), (score, label) in zip(chunk, scorer([t for _, t in chunk]), strict=True):
                    out.write(json.dumps({"id": doc_id, "score": score, "label": label}, ensure_ascii=False) + "\n")
                if len(rows) > batch:
                    _progress(f"classified {min(start + batch, len(rows))}/{len(rows)}")
        os.replace(tmp, output)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    click.echo(f"Classified {len(rows)} documents with model {scorer.version} -> {output}", err=True)


def _read_classify_input(infile: Path) -> list[tuple[object, str]]:
    try:
        fh = sys.stdin if str(infile) == "-" else infile.open(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot read {infile}: {exc.strerror}") from None
    rows = []
    with fh:
        try:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except ValueError as exc:
                    raise UserError(f"{infile} line {n}: not valid JSON ({exc.msg})") from None
                if not isinstance(row, dict) or "id" not in row or not isinstance(row.get("text"), str):
                    raise UserError(f"{infile} line {n}: expected an object with 'id' and a string 'text'")
                rows.append((row["id"], row["text"]))
        except UnicodeDecodeError:
            raise UserError(f"{infile} line {n + 1}: not UTF-8 text") from None
    return rows


# -- index ----------------------------------------------------------------------------------------------
@main.group()
def index():
    """The document index: spool replay and status."""


@index.command("replay")
@click.pass_context
def index_replay(ctx):
    """Index the documents spooled while Elasticsearch was unreachable."""
    from search.client import connect
    from search.indexer import Indexer
    from search.mapping import ensure_docs_index
    from search.spool import Spool

    cfg = _cfg(ctx)
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

    cfg = _cfg(ctx)
    click.echo(f"spooled    {len(Spool(cfg.spool_dir))}")
    try:
        es = connect(cfg)
        count = es.count(index=cfg.index)["count"] if es.indices.exists_alias(name=cfg.index) else 0
        click.echo(f"indexed    {count}")
    except SearchUnavailable as exc:
        click.echo(f"indexed    unknown ({exc})")


# -- sources ---------------------------------------------------------------------------------------------
@main.group()
def sources():
    """Source definitions under sources/."""


@sources.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one source a line.")
@click.pass_context
def sources_list(ctx, as_json):
    """List the defined sources."""
    for src in _load_sources(_cfg(ctx)).values():
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

    cfg = _cfg(ctx)
    count, errors = validate_all(cfg.sources_dir, _source_variables(cfg))
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

    (src,) = resolve(_load_sources(_cfg(ctx)), [name])[:1]
    click.echo(json.dumps(src.describe(), indent=2, ensure_ascii=False))


# -- evidence ----------------------------------------------------------------------------------------------
@main.group()
def evidence():
    """The evidence store: raw captures by SHA-256 and their append-only manifest."""


@evidence.command("verify")
@click.option(
    "--bundle",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    default=None,
    help="Check an exported case bundle instead of the store.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def evidence_verify(ctx, bundle, as_json):
    """Recheck every stored capture's hash and the manifest's hash chain; exit 1 on any mismatch."""
    from crawler.evidence import verify, verify_bundle

    cfg = _cfg(ctx)

    def progress(done, total):
        if total and done % 1000 == 0:
            _progress(f"checked {done}/{total}")

    report = verify_bundle(bundle) if bundle else verify(cfg.evidence_dir, progress=progress)
    if as_json:
        data = report.to_dict() if hasattr(report, "to_dict") else dict(report.__dict__, ok=report.ok)
        click.echo(json.dumps(data, ensure_ascii=False, default=lambda o: getattr(o, "__dict__", str(o))))
    else:
        for p in report.problems:
            click.echo(f"  {p.kind}: {p.message}" + (f" (manifest line {p.line})" if p.line else ""))
        click.echo(report.summary())
    sys.exit(0 if report.ok else 1)


# -- the demo pipeline ------------------------------------------------------------------------------------
@demo.command("run")
@click.option("--serve/--no-serve", default=True, help="Keep serving the demo web after the pipeline.")
@click.pass_context
def demo_run(ctx, serve):
    """Serve the demo web, crawl it, classify, index, print a summary, then keep serving until Ctrl-C."""
    cfg = _cfg(ctx)
    procs = _start_demo(cfg, onion=True)
    try:
        summary = run_pipeline(cfg, ["demo"])
        click.echo("")
        _print_summary(cfg, summary)
        if summary["es_down"]:
            raise UserError("Elasticsearch went away during the crawl; documents are spooled (imt index replay)")
        click.echo(
            "\nTry a search:\n  .venv/bin/imt search mephedrone\n  .venv/bin/imt search 'закладка' "
            "--min-score 0.5\n  .venv/bin/imt search 'nasha' --json"
        )
        if serve and procs:
            click.echo(f"\nDemo web at {cfg.demo_url}/ (onion proxy at {cfg.onion_proxy}; Ctrl-C to stop)")
            procs[0].wait()
    except KeyboardInterrupt:
        pass
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
                proc.wait()


if __name__ == "__main__":
    main()
