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
    ],
)
def test_bad_config(tmp_path, text, message):
    toml = tmp_path / "imt.toml"
    toml.write_text(text)
    with pytest.raises(config.ConfigError, match=message):
        config.load({"IMT_CONFIG": str(toml)})
