"""Shards, replicas and refresh interval per index, on the real node: indices are created as `[indices.<name>]`
of imt.toml says, and `imt index settings [--apply]` shows and fixes the drift of live indices."""

from __future__ import annotations

import json
import uuid

import pytest
from elasticsearch import Elasticsearch

import config
from search import runs
from search.audit import audit_alias, ensure_audit_index
from search.client import connect
from search.mapping import ensure_docs_index

pytestmark = pytest.mark.integration


def _live(es: Elasticsearch, alias: str) -> dict:
    (body,) = es.indices.get_settings(index=alias).values()
    index = body["settings"]["index"]
    return {"shards": int(index["number_of_shards"]), "replicas": int(index["number_of_replicas"]),
            "refresh": index.get("refresh_interval")}  # fmt: skip


def test_indices_follow_the_configuration_and_settings_apply_fixes_drift(imt, es_url, tmp_path):
    index = f"imt-set-{uuid.uuid4().hex[:8]}-docs"
    toml = tmp_path / "imt.toml"
    toml.write_text('[indices.runs]\nshards = 2\nrefresh = "5s"\n[indices.docs]\nrefresh = "2s"\n')
    env = {"IMT_CONFIG": str(toml), "IMT_INDEX": index, "IMT_ES_URL": es_url}
    es = connect(config.load(env))  # as every command does: the configuration's settings go with the client
    try:
        ensure_docs_index(es, index)
        runs.ensure_runs_index(es, runs.runs_alias(index))
        ensure_audit_index(es, index)
        assert _live(es, index) == {"shards": 1, "replicas": 0, "refresh": "2s"}
        assert _live(es, runs.runs_alias(index)) == {"shards": 2, "replicas": 0, "refresh": "5s"}
        assert _live(es, audit_alias(index)) == {"shards": 1, "replicas": 0, "refresh": None}

        # the configuration changes: the live indices drift until --apply
        toml.write_text('[indices.default]\nreplicas = 1\n[indices.runs]\nshards = 3\nrefresh = "10s"\n')
        table = imt("index", "settings", **env).stdout
        runs_line = next(line for line in table.splitlines() if line.startswith("runs "))
        assert "2->3" in runs_line and "0->1" in runs_line and "5s->10s" in runs_line
        assert "shards: fixed at creation" in runs_line and "--apply" in table
        applied = [json.loads(x) for x in imt("index", "settings", "--apply", "--json", **env).stdout.splitlines()]
        by_store = {r["store"]: r for r in applied}
        assert set(by_store) == {"docs", "runs", "audit"}
        assert by_store["runs"]["changed"] == ["number_of_replicas", "refresh_interval"]
        assert by_store["docs"]["changed"] == ["number_of_replicas", "refresh_interval"]  # 2s back to the default
        assert _live(es, runs.runs_alias(index)) == {"shards": 2, "replicas": 1, "refresh": "10s"}
        assert _live(es, index) == {"shards": 1, "replicas": 1, "refresh": None}
        again = [json.loads(x) for x in imt("index", "settings", "--json", **env).stdout.splitlines()]
        assert all(r["replicas"] == r["want_replicas"] and r["refresh"] == r["want_refresh"] for r in again)

        # the documents index gets new shards through a migration, which creates the next index as configured
        toml.write_text("[indices.docs]\nshards = 2\n")
        assert "shards: `imt index migrate`" in imt("index", "settings", **env).stdout
        imt("index", "migrate", "--delete-old", **env)
        assert _live(es, index)["shards"] == 2 and next(iter(es.indices.get_alias(name=index))) == f"{index}-v2"

        toml.write_text("[indices.runs]\nshards = 0\n")
        bad = imt("index", "settings", check=False, **env)
        assert bad.returncode == 2 and "shards must be an int >= 1" in bad.stderr and "Traceback" not in bad.stderr
    finally:
        for name in (f"{index}-v1", f"{index}-v2", f"{runs.runs_alias(index)}-v1", f"{audit_alias(index)}-v1"):
            es.options(ignore_status=404).indices.delete(index=name)
