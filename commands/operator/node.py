"""Operator: the local Elasticsearch node (`imt es install|start|stop|remove|status`)."""

from __future__ import annotations

import json
import sys

import click

from commands.common import (
    cfg_of,
)
from core.progress import note


@click.group()
def es():
    """Manage the local single-node Elasticsearch under var/ (skipped when IMT_ES_URL is set)."""


def _node(ctx):
    """The local node, or None (with a note) when IMT_ES_URL points at an existing cluster."""
    from search.node import Node

    cfg = cfg_of(ctx)
    if not cfg.local_es:
        click.echo("IMT_ES_URL is set: using the cluster there, not a local node", err=True)
        return None
    return Node(cfg, echo=lambda m: click.echo(m, err=True))


class _PhaseBars:
    """`on_progress(phase, done, total)` as one Progress bar per phase; a message (`echo`) ends the current bar."""

    LABELS = {"download": ("fetched by mvn", "B"), "unpack": ("unpacked files", "")}

    def __init__(self):
        self.phase, self.bar = None, None

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        from core.progress import Progress

        if phase != self.phase or self.bar is None:
            self.close()
            what, unit = self.LABELS.get(phase, (phase, ""))
            # the download is mvn's: bytes are measured from the files it writes, elapsed time shown as well
            self.phase, self.bar = phase, Progress(what, total, unit=unit, elapsed=phase == "download")
        self.bar.update(done, total)

    def echo(self, message: str) -> None:
        self.close()
        note(message)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


@es.command("install")
@click.pass_context
def es_install(ctx):
    """Fetch Elasticsearch's integration-test distribution from Maven Central and unpack it."""
    node = _node(ctx)
    if node:
        bars = _PhaseBars()
        node.echo = bars.echo
        try:
            node.install(on_progress=bars)
        finally:
            bars.close()


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


@es.command("remove")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def es_remove(ctx, yes):
    """Stop the local node and delete its install, data and logs, wherever they live (var/elasticsearch/, or the
    folder under IMT_ES_SYSTEM_DIR that var/elasticsearch/LOCATION names). Every indexed document is lost; the
    download stays in Maven's local repository, so `imt es install` is quick again."""
    node = _node(ctx)
    if not node:
        return
    if not yes:
        click.confirm(f"Delete the local node's install and data in {node.root}?", abort=True, err=True)
    removed = node.remove()
    click.echo(f"Removed {node.root}" if removed else f"Nothing to remove in {node.root}", err=True)


@es.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def es_status(ctx, as_json):
    """Show whether the node is installed and running. Exits 1 when it is not running."""
    cfg = cfg_of(ctx)
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
