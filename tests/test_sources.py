import pytest

from crawler.sources import SourceError, load_sources, resolve, validate_all

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
    srcs = load_sources(write(tmp_path, GOOD), {"demo": "http://h"})
    with pytest.raises(SourceError, match=r"unknown source 'zzz'; known sources: a, b; groups: web"):
        resolve(srcs, ["zzz"])


SEED = "seeds: ['http://h/']"
BAD = [
    ("sources:\n  - {name: a, type: ftp, seeds: []}\n", r"x.yaml: sources\[0\] \(a\): field 'type' must be one of"),
    ("sources:\n  - {name: a, type: site}\n", r"missing required field 'seeds'"),
    (f"sources:\n  - {{name: a, type: site, {SEED}, max_pages: many}}\n", r"'max_pages' must be a whole number"),
    (f"sources:\n  - {{name: a, type: site, {SEED}, max_pages: -1}}\n", r"'max_pages' must not be negative"),
    (f"sources:\n  - {{name: a, type: site, {SEED}, colour: red}}\n", r"unknown field 'colour'"),
    (f"sources:\n  - {{name: a, type: site, {SEED}, items: ['(']}}\n", r"'items' must be a valid regular expr"),
    ("sources:\n  - {name: a, type: site, seeds: ['ftp://x/']}\n", r"'seeds' must be an http\(s\) URL"),
    ("sources:\n  - {name: a, type: site, seeds: []}\n", r"'seeds' must list at least one URL"),
    (f"sources:\n  - {{name: a, type: site, {SEED}, schedule: 'every day'}}\n", r"'schedule' must be a cron"),
    (
        f"sources:\n  - {{name: a, type: site, {SEED}, politeness: {{delay: fast}}}}\n",
        r"'politeness.delay' must be a n",
    ),
    (f"sources:\n  - {{name: a, type: site, {SEED}, politeness: {{speed: 1}}}}\n", r"unknown field 'politeness.speed'"),
    (f"sources:\n  - {{name: a, type: site, {SEED}, rules: {{title: 'h1'}}}}\n", r"'rules.title' must be 'css:"),
    (f"sources:\n  - {{name: a, type: site, {SEED}, phone_region: uzb}}\n", r"'phone_region' must be a two-letter"),
    (f"sources:\n  - {{name: a, type: onion, {SEED}}}\n", r"an onion source needs 'proxy'"),
    (f"sources:\n  - {{name: A B, type: site, {SEED}}}\n", r"'name' must be lowercase letters"),
    ("sources: [\n", r"x.yaml: not valid YAML"),
    ("name: a\n", r"expected a top-level 'sources:' list"),
]


@pytest.mark.parametrize("bad, message", BAD)
def test_errors_name_file_and_field(tmp_path, bad, message):
    with pytest.raises(SourceError, match=message):
        load_sources(write(tmp_path, bad), {})


FULL = """
sources:
  - name: shop-uz
    type: onion
    seeds: ["http://abc.onion/"]
    proxy: "http://127.0.0.1:8118"
    rules: {title: "css:h1.t", price: "xpath://span[@class='p']/text()"}
    politeness: {delay: 1.5, concurrency: 2, autothrottle: true, user_agent: "x"}
    schedule: "0 */6 * * *"
    since: 2026-01-01
"""


def test_full_source_and_defaults(tmp_path):
    src = load_sources(write(tmp_path, FULL), {})["shop-uz"]
    assert src.politeness.delay == 1.5 and src.politeness.autothrottle and src.politeness.retries == 2
    assert src.obey_robots is False  # onion default: robots.txt is a clear-web convention
    assert src.phone_region == "UZ" and src.since == "2026-01-01" and src.focus
    assert src.describe()["politeness"]["concurrency"] == 2


def test_validate_all_reports_each_bad_file(tmp_path):
    write(tmp_path, GOOD, "good.yaml")
    write(tmp_path, "sources:\n  - {name: z, type: nope, seeds: ['http://h/']}\n", "bad.yaml")
    count, errors = validate_all(tmp_path, {"demo": "http://h"})
    assert count == 2 and len(errors) == 1 and errors[0].startswith("bad.yaml: sources[0] (z)")


def test_project_sources_are_valid():
    import config

    cfg = config.load()
    count, errors = validate_all(cfg.sources_dir, {"demo": "http://127.0.0.1:1", "onion_proxy": cfg.onion_proxy})
    assert errors == [] and count >= 5
