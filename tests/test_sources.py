import pytest

from crawler.sources import SourceError, load_sources, resolve

GOOD = """
group: web
sources:
  - name: a
    type: site
    seeds: ["${demo}/market/"]
    items: ["^/market/item/\\\\d+$"]
  - name: b
    type: telegram
    seeds: ["${demo}/t.me/s/chan"]
"""


def write(tmp_path, text, name="x.yaml"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_load_and_expand(tmp_path):
    srcs = load_sources(write(tmp_path, GOOD), {"demo": "http://127.0.0.1:1"})
    assert srcs["a"].seeds == ["http://127.0.0.1:1/market/"]
    assert srcs["a"].allowed_domains == ["127.0.0.1"]
    assert srcs["a"].is_item("/market/item/12") and not srcs["a"].is_item("/market/item/12/x")
    assert [s.name for s in resolve(srcs, ["web"])] == ["a", "b"]


def test_unknown_name_lists_known(tmp_path):
    srcs = load_sources(write(tmp_path, GOOD), {})
    with pytest.raises(SourceError, match=r"unknown source 'zzz'; known sources: a, b; groups: web"):
        resolve(srcs, ["zzz"])


@pytest.mark.parametrize(
    "bad, message",
    [
        (
            "sources:\n  - {name: a, type: ftp, seeds: []}\n",
            r"x.yaml: sources\[0\]: field 'type' must be one of",
        ),
        ("sources:\n  - {name: a, type: site}\n", r"missing required field 'seeds'"),
        (
            "sources:\n  - {name: a, type: site, seeds: [], max_pages: many}\n",
            r"field 'max_pages' must be int",
        ),
        ("sources:\n  - {name: a, type: site, seeds: [], colour: red}\n", r"unknown field 'colour'"),
        ("sources:\n  - {name: a, type: site, seeds: [], items: ['(']}\n", r"bad regular expression"),
        ("sources: [\n", r"x.yaml: not valid YAML"),
        ("name: a\n", r"expected a top-level 'sources:' list"),
    ],
)
def test_errors_name_file_and_field(tmp_path, bad, message):
    with pytest.raises(SourceError, match=message):
        load_sources(write(tmp_path, bad), {})
