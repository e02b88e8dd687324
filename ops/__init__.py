"""The workflows (crawl pipeline, training), written once and called by the CLI (cli.py), the web app and the
scheduler: they take a configuration, report progress on stderr (core.progress) and raise OpsError for what a user
can fix. See docs/architecture.md."""


class OpsError(Exception):
    """Something the user can fix; the message is one line."""
