"""Admin: the web app (`imt serve`) and its accounts (`imt users`)."""

from __future__ import annotations

import json
import sys

import click

from core.actor import acting_user

from commands.common import (echo_json_lines, iso_date,
    UserError,
    cfg_of,
)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port (default IMT_WEB_PORT, else 8000).")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Processes serving the app (default IMT_WEB_WORKERS, else the number of cores, up to 4).")
@click.pass_context
def serve(ctx, host, port, workers):
    """Serve the investigator web app (search, documents, entities, alerts, dashboard, analyst, operator and
    admin pages, and the JSON API under /api/) until Ctrl-C. Create accounts first with `imt users add`."""
    from web.server import serve as run_server
    from web.settings import load as web_settings

    cfg = cfg_of(ctx)
    settings = web_settings(cfg)
    port, workers = port or settings.port, workers or settings.workers
    click.echo(f"IMT Monitor web app on http://{host}:{port}/ ({workers} worker{'s' if workers > 1 else ''}; "
               "Ctrl-C to stop)", err=True)  # fmt: skip
    run_server(cfg, host=host, port=port, workers=workers)


@click.group()
def users():
    """Web app accounts, stored in Elasticsearch (the imt-users index). Roles: investigator < analyst <
    operator < admin; each has everything the ones before it have."""


def _new_password(password_stdin: bool) -> str:
    if password_stdin:
        line = sys.stdin.readline()
        if not line:
            raise UserError("--password-stdin: nothing on standard input")
        return line.rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _user_change(cfg, es, name: str, details: dict) -> None:
    """In the audit log through the one place the CLI, the scheduler and training write it (ops.audit)."""
    from ops.audit import record

    record(cfg, "user_change", target=name, details=details)


@users.command("add")
@click.argument("name")
@click.option("--role", required=True, help="investigator, analyst, operator or admin.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@click.pass_context
def users_add(ctx, name, role, password_stdin):
    """Create account NAME with ROLE; the password (10 characters or more) is asked twice, or read from stdin."""
    from search import users as accounts
    from search.client import connect

    cfg = cfg_of(ctx)
    name = accounts.check_name(name)
    accounts.role_rank(role)
    password = _new_password(password_stdin)
    accounts.check_password(password)
    es = connect(cfg)
    accounts.add(es, cfg.index, name, password, role, who=f"cli:{acting_user()}")
    _user_change(cfg, es, name, {"do": "add", "role": role})
    click.echo(f"added user {name} ({role})")


@users.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one user a line (no password hashes).")
@click.pass_context
def users_list(ctx, as_json):
    """The accounts: name, role, disabled or not, when and by whom created."""
    from search import users as accounts
    from search.client import connect

    cfg = cfg_of(ctx)
    found = accounts.list_users(connect(cfg), cfg.index)
    for user in found:
        if as_json:
            click.echo(json.dumps(user.public(), ensure_ascii=False))
        else:
            state = "disabled" if user.disabled else "enabled"
            click.echo(f"{user.username:24} {user.role:13} {state:9} {user.created_at} {user.created_by}")
    if not found and not as_json:
        click.echo("no users; add one with `imt users add NAME --role admin`")


@users.command("disable")
@click.argument("name")
@click.pass_context
def users_disable(ctx, name):
    """Disable account NAME: it cannot sign in, and its open sessions end at their next request."""
    _set_disabled(ctx, name, True)


@users.command("enable")
@click.argument("name")
@click.pass_context
def users_enable(ctx, name):
    """Enable account NAME again."""
    _set_disabled(ctx, name, False)


def _set_disabled(ctx, name: str, disabled: bool) -> None:
    from search import users as accounts
    from search.client import connect

    cfg = cfg_of(ctx)
    es = connect(cfg)
    accounts.set_disabled(es, cfg.index, name, disabled, who=f"cli:{acting_user()}")
    do = "disable" if disabled else "enable"
    _user_change(cfg, es, name, {"do": do})
    click.echo(f"{do}d user {name}")


@users.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the new password from the first line of standard input.")
@click.pass_context
def users_passwd(ctx, name, password_stdin):
    """Set a new password for NAME (ends the user's open sessions)."""
    from search import users as accounts
    from search.client import connect

    cfg = cfg_of(ctx)
    es = connect(cfg)
    accounts.require(es, cfg.index, name)
    password = _new_password(password_stdin)
    accounts.set_password(es, cfg.index, name, password, who=f"cli:{acting_user()}")
    _user_change(cfg, es, name, {"do": "password"})
    click.echo(f"password of {name} changed")


@click.group("audit")
def audit_group():
    """The audit log: every state change from the CLI, the web app and the scheduler, with who, what and when."""


@audit_group.command("list")
@click.option("--user", "who", default=None, help="Only this user (`cli:root`, `scheduler:root`, a web account).")
@click.option("--action", default=None, help="Only this action (crawl, export, model_change, schedule_change ...).")
@click.option("--since", default=None, help="Only entries from this date on (ISO, e.g. 2026-12-01).")
@click.option("--limit", "-n", type=click.IntRange(1, 1000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one entry a line.")
@click.pass_context
def audit_list(ctx, who, action, since, limit, as_json):
    """The latest audit entries, newest first (entries that waited for Elasticsearch are written first)."""
    from ops.audit import flush_pending
    from search.audit import ACTIONS, entries
    from search.client import connect

    if action and action not in ACTIONS:
        raise UserError(f"--action {action!r} is not one of: {', '.join(ACTIONS)}")
    cfg = cfg_of(ctx)
    es = connect(cfg)
    flush_pending(cfg, es)
    found = entries(es, cfg.index, size=limit, who=who, action=action, since=iso_date(since))
    if as_json:
        echo_json_lines(found)
        return
    if not found:
        click.echo("No audit entries" + (" match" if who or action or since else " yet"))
        return
    for e in found:
        params = (e.get("details") or {}).get("params")
        extra = " " + json.dumps(params, ensure_ascii=False) if params else ""
        click.echo(f"{e['at'][:19]}Z  {e['who']:<22} {e['action']:<17} {'ok ' if e.get('ok', True) else 'NOT'} "
                   f"{e.get('target') or '-'}{extra}"[:400])  # fmt: skip
