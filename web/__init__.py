"""The investigator web app: a FastAPI face over search/ and classifier/, like cli.py is the command-line one.

`imt serve` runs it (web.server); web.app.create_app builds it. See docs/web.md.
"""
