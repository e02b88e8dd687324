"""`imt`: the command line face of IMT Monitor. This file is the command table and the error boundary; the
commands live in `commands/`, grouped by who uses them (investigator, analyst, operator, admin, demo), and call the
workflows in `ops/` and the packages below. A command's module is imported only when that command runs (or when
`imt --help` lists them all), so `imt search` loads neither the crawler nor the classifier's model."""

from __future__ import annotations

import importlib
import sys

import click

import config as configuration
from ops import runtime

# command name -> "module:attribute" (docs/architecture.md: who uses which)
COMMANDS = {
    # investigator
    "search": "commands.investigator.search:search",
    "facets": "commands.investigator.search:facets",
    "entity": "commands.investigator.search:entity",
    "watch": "commands.investigator.watch:watch_group",
    "alerts": "commands.investigator.watch:alerts_group",
    "export": "commands.investigator.cases:export",
    "hold": "commands.investigator.cases:hold_group",
    "evidence": "commands.investigator.cases:evidence",
    # analyst
    "train": "commands.analyst.training:train",
    "classify": "commands.analyst.training:classify",
    "context": "commands.analyst.training:context_group",
    "labels": "commands.analyst.labels:labels",
    "label": "commands.analyst.labels:label",
    "model": "commands.analyst.models:model",
    "evaluate": "commands.analyst.models:evaluate",
    # operator
    "crawl": "commands.operator.crawl:crawl",
    "runs": "commands.operator.crawl:runs",
    "sources": "commands.operator.crawl:sources",
    "schedule": "commands.operator.schedule:schedule_group",
    "scheduler": "commands.operator.schedule:scheduler_group",
    "health": "commands.operator.health:health_group",
    "retention": "commands.operator.health:retention_group",
    "es": "commands.operator.node:es",
    "index": "commands.operator.index:index",
    # admin
    "serve": "commands.admin:serve",
    "users": "commands.admin:users",
    "audit": "commands.admin:audit_group",
    # demo
    "demo": "commands.demo:demo",
}


class ImtGroup(click.Group):
    """The command table (commands imported on first use), and the boundary that turns the errors a user can cause
    into one clear line and a non-zero exit; never a stack trace."""

    def list_commands(self, ctx) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        spec = COMMANDS.get(name)
        if spec is None:
            return None
        module, _, attr = spec.partition(":")
        return getattr(importlib.import_module(module), attr)

    def invoke(self, ctx):
        def work():
            try:
                return super(ImtGroup, self).invoke(ctx)
            except click.UsageError as exc:  # a wrong option or argument: click's message, on one line
                where = exc.ctx.command_path if exc.ctx else ctx.command_path
                click.echo(f"error: {runtime.one_line(exc.format_message())} (see `{where} --help`)", err=True)
                sys.exit(exc.exit_code)

        exits = (click.exceptions.Exit, click.ClickException, click.Abort)
        code = runtime.guarded(work, lambda line: click.echo(line, err=True), passthrough=exits)
        if code:
            sys.exit(code)


@click.group(cls=ImtGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def main(ctx):
    """IMT Monitor: crawl, classify and search online drug-distribution content.

    Configuration comes from imt.toml and IMT_* environment variables (see README).
    """
    ctx.ensure_object(dict)
    ctx.obj["cfg"] = configuration.load()
    runtime.setup_logging(ctx.obj["cfg"])


if __name__ == "__main__":
    main()
