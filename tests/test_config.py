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
