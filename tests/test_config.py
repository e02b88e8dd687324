import pytest

import config


def test_env_overrides_toml(tmp_path):
    toml = tmp_path / "imt.toml"
    toml.write_text('[imt]\nindex = "from-toml"\nes_port = 9333\n')
    cfg = config.load({"IMT_CONFIG": str(toml), "IMT_INDEX": "from-env"})
    assert cfg.index == "from-env" and cfg.es_port == 9333
    assert cfg.effective_es_url == "http://127.0.0.1:9333" and cfg.local_es


def test_es_url_means_no_local_node():
    cfg = config.load({"IMT_ES_URL": "https://user:pw@es.example:9200"})
    assert not cfg.local_es and cfg.effective_es_url == "https://user:pw@es.example:9200"


@pytest.mark.parametrize(
    "text, message",
    [
        ("[imt]\nnope = 1\n", "unknown setting 'nope'"),
        ("[imt\n", "not valid TOML"),
        ('[imt]\nes_port = "abc"\n', "must be a non-negative int"),
        ("[indices.docs]\nshards = 0\n", r"\[indices.docs\] shards must be an int >= 1"),
        ("[indices.runs]\nreplicas = -1\n", r"\[indices.runs\] replicas must be an int >= 0"),
        ('[indices.runs]\nrefresh = "soon"\n', "refresh must be like '1s'"),
        ("[indices.nope]\nshards = 2\n", r"unknown index \[indices.nope\]; known: default, docs"),
        ("[indices.docs]\ncolour = 2\n", "unknown setting 'colour' in \\[indices.docs\\]"),
        ('[imt]\nes_refresh = "fast"\n', "'es_refresh' must be like"),
    ],
)
def test_bad_config(tmp_path, text, message):
    toml = tmp_path / "imt.toml"
    toml.write_text(text)
    with pytest.raises(config.ConfigError, match=message):
        config.load({"IMT_CONFIG": str(toml)})


def test_index_settings_precedence(tmp_path):
    toml = tmp_path / "imt.toml"
    toml.write_text('[indices.default]\nreplicas = 1\n[indices.docs]\nshards = 3\nrefresh = "30s"\n'
                    '[indices.audit]\nreplicas = 2\nshards = 2\n')  # fmt: skip
    cfg = config.load({"IMT_CONFIG": str(toml)})
    assert cfg.index_settings("docs") == {"shards": 3, "replicas": 1, "refresh": "30s"}
    assert cfg.index_settings("audit") == {"shards": 2, "replicas": 2, "refresh": ""}
    assert cfg.index_settings("runs") == {"shards": 1, "replicas": 1, "refresh": ""}
    # IMT_ES_* (and es_* in [imt]) are the documents index's own settings and win over the tables
    cfg = config.load({"IMT_CONFIG": str(toml), "IMT_ES_SHARDS": "5", "IMT_ES_REFRESH": "-1"})
    assert cfg.index_settings("docs") == {"shards": 5, "replicas": 1, "refresh": "-1"}
    assert config.load({}).index_settings("labels") == {"shards": 1, "replicas": 0, "refresh": ""}


def test_log_format_and_health_thresholds_come_from_the_file_too(tmp_path):
    """They were read from the environment only: `log_format = "json"` in imt.toml stopped every command."""
    toml = tmp_path / "imt.toml"
    toml.write_text('[imt]\nlog_format = "JSON"\nhealth_error_rate = 0.5\nhealth_missed_periods = 2\n')
    cfg = config.load({"IMT_CONFIG": str(toml)})
    assert (cfg.log_format, cfg.health_error_rate, cfg.health_missed_periods) == ("json", 0.5, 2)
    cfg = config.load({"IMT_CONFIG": str(toml), "IMT_LOG_FORMAT": "text", "IMT_HEALTH_ERROR_RATE": "0.1"})
    assert (cfg.log_format, cfg.health_error_rate) == ("text", 0.1)
    for text, message in [
        ('[imt]\nlog_format = "xml"\n', "'log_format' must be 'text' or 'json'"),
        ("[imt]\nhealth_error_rate = 2\n", "between 0 and 1"),
        ('[imt]\nhealth_error_rate = "often"\n', "must be a non-negative number"),
        ("[imt]\nhealth_missed_periods = 0\n", "at least 1"),
    ]:
        toml.write_text(text)
        with pytest.raises(config.ConfigError, match=message):
            config.load({"IMT_CONFIG": str(toml)})


def test_the_readme_lists_every_setting():
    """One documented table: every setting of config.Config has its IMT_* row in the README."""
    import dataclasses
    from pathlib import Path

    readme = (Path(config.__file__).parent / "README.md").read_text(encoding="utf-8")
    missing = [f.name for f in dataclasses.fields(config.Config)
               if f.name not in ("indices", "explicit") and f"IMT_{f.name.upper()}" not in readme]  # fmt: skip
    assert not missing, f"settings without a row in the README's configuration table: {missing}"
