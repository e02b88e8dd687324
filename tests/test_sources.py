import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.sources import SourceError, load_sources, resolve, validate_all

ROOT = Path(__file__).resolve().parent.parent

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
    ("sources: [\n", r"x.yaml: line 2: not valid YAML"),
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


# -- addresses and ports a source may reach -------------------------------------------------------------
NON_PUBLIC = [
    ("http://169.254.169.254/latest/meta-data/", "link-local", "169.254.169.254"),
    ("http://127.0.0.1:9200/", "loopback", "127.0.0.1"),
    ("http://2130706433/", "loopback", "127.0.0.1"),  # 127.0.0.1 as one decimal number
    ("http://0177.0.0.1/", "loopback", "127.0.0.1"),  # octal
    ("http://0x7f.1/", "loopback", "127.0.0.1"),
    ("http://[::1]:8080/", "loopback", "::1"),
    ("http://[::ffff:10.0.0.1]/", "private", "10.0.0.1"),  # IPv4-mapped IPv6
    ("http://localhost:8000/", "loopback", "127.0.0.1"),
    ("http://192.168.1.1/", "private", "192.168.1.1"),
    ("http://100.64.0.1/", "shared", "100.64.0.1"),
    ("http://[fe80::1]/", "link-local", "fe80::1"),
    ("http://224.0.0.1/", "multicast", "224.0.0.1"),
    ("http://0.0.0.0/", "unspecified", "0.0.0.0"),
    ("http://240.0.0.1/", "reserved", "240.0.0.1"),
    ("http://198.18.0.1/", "private", "198.18.0.1"),  # benchmarking networks
]


@pytest.mark.parametrize("seed, kind, address", NON_PUBLIC)
def test_non_public_seeds_are_refused_unless_allowed(tmp_path, seed, kind, address):
    write(tmp_path, f"sources:\n  - {{name: a, type: site, seeds: ['{seed}']}}\n")
    with pytest.raises(SourceError) as err:
        load_sources(tmp_path, {})
    message = str(err.value)
    assert message.startswith("x.yaml: sources[0] (a): field 'seeds': ") and seed in message
    assert f"a {kind}" in message and f"({address})" in message and "allow_networks" in message
    # the source may allow that network explicitly
    net = address if ":" not in address else f"{address}/128"
    write(tmp_path, f"sources:\n  - {{name: a, type: site, seeds: ['{seed}'], allow_networks: ['{net}']}}\n")
    (src,) = load_sources(tmp_path, {}).values()
    assert src.allow_networks == [net]


def test_allow_networks_and_ports_are_checked(tmp_path):
    bad = [
        ("allow_networks: ['10.0.0.0/33']", "'allow_networks' must be a network such as 10.0.0.0/8"),
        ("allow_networks: ['intranet']", "'allow_networks' must be a network"),
        ("allow_networks: '10.0.0.0/8'", "'allow_networks' must be a list"),
        ("allow_ports: [0]", "'allow_ports' must be a port number from 1 to 65535, got 0"),
        ("allow_ports: [70000]", "'allow_ports' must be a port number from 1 to 65535, got 70000"),
        ("allow_ports: ['8080']", "'allow_ports' must be a list of whole numbers, got '8080'"),
    ]
    for field, message in bad:
        write(tmp_path, f"sources:\n  - {{name: a, type: site, seeds: ['http://h/'], {field}}}\n")
        with pytest.raises(SourceError, match=message.replace("(", r"\(").replace(")", r"\)")):
            load_sources(tmp_path, {})
    write(tmp_path, "sources:\n  - {name: a, type: site, seeds: ['http://10.1.2.3:8080/'], "
          "allow_networks: ['10.0.0.0/8'], allow_ports: [8443]}\n")  # fmt: skip
    src = load_sources(tmp_path, {})["a"]
    assert src.allow_ports == [8443] and [str(n) for n in src.networks] == ["10.0.0.0/8"]


def test_demo_seeds_may_reach_the_demo_address_only(tmp_path):
    """${demo} names the operator's own demo web: its address is allowed for that source, nothing more."""
    write(tmp_path, GOOD)
    srcs = load_sources(tmp_path, {"demo": "http://127.0.0.1:1"})
    assert srcs["a"].demo_networks == ["127.0.0.1"] and [str(n) for n in srcs["a"].networks] == ["127.0.0.1/32"]
    # the same seed written out is not the demo: it must declare its network
    write(tmp_path, "sources:\n  - {name: a, type: site, seeds: ['http://127.0.0.1:1/market/']}\n")
    with pytest.raises(SourceError, match="loopback address"):
        load_sources(tmp_path, {"demo": "http://127.0.0.1:1"})


def test_onion_seed_needs_a_proxy(tmp_path):
    write(tmp_path, "sources:\n  - {name: a, type: site, seeds: ['http://abc.onion/']}\n")
    with pytest.raises(SourceError, match=r"field 'seeds': http://abc.onion/ is an onion address"):
        load_sources(tmp_path, {})


def test_validate_resolves_seed_names(tmp_path, monkeypatch):
    """`imt sources validate` also looks seed names up: a name that resolves to a private address is refused."""
    real = socket.getaddrinfo

    def fake(host, *args, **kwargs):
        answers = {"metadata.test": "169.254.169.254", "intranet.test": "10.1.2.3", "shop.test": "93.184.215.14"}
        if host in answers:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers[host], 0))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    write(tmp_path, "sources:\n  - {name: m, type: site, seeds: ['http://metadata.test/']}\n", "m.yaml")
    write(tmp_path, "sources:\n  - {name: i, type: site, seeds: ['http://intranet.test/'], "
          "allow_networks: ['10.0.0.0/8']}\n", "i.yaml")  # fmt: skip
    write(tmp_path, "sources:\n  - {name: s, type: site, seeds: ['http://shop.test/']}\n", "s.yaml")
    count, errors = validate_all(tmp_path, {})
    assert count == 2, errors
    (error,) = errors
    assert error.startswith("m.yaml: source 'm': field 'seeds': http://metadata.test/: metadata.test resolves to")
    assert "169.254.169.254, a link-local address" in error


# -- YAML itself ---------------------------------------------------------------------------------------------
def test_duplicate_keys_are_refused_with_file_and_line(tmp_path):
    text = (
        "sources:\n  - name: a\n    type: site\n    seeds: ['http://h/']\n    items: ['x']\n    seeds: ['http://e/']\n"
    )
    write(tmp_path, text, "dup.yaml")
    with pytest.raises(SourceError, match=r"^dup\.yaml: line 6: duplicate key 'seeds' \(first given on line 4\)$"):
        load_sources(tmp_path, {})
    write(tmp_path, "group: a\ngroup: b\nsources: []\n", "dup.yaml")
    with pytest.raises(SourceError, match=r"^dup\.yaml: line 2: duplicate key 'group'"):
        load_sources(tmp_path, {})
    write(tmp_path, "sources:\n  - {name: a, type: site, seeds: ['http://h/'], politeness: {delay: 1, delay: 2}}\n",
          "dup.yaml")  # fmt: skip
    with pytest.raises(SourceError, match=r"^dup\.yaml: line 2: duplicate key 'delay'"):
        load_sources(tmp_path, {})


def imt_validate(sources_dir, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMT_")}
    env.update(IMT_HOME=str(tmp_path / "home"), IMT_SOURCES_DIR=str(sources_dir), PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), "sources", "validate"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_cli_validate_missing_or_empty_folder_is_one_error_line(tmp_path):
    missing = imt_validate(tmp_path / "nope", tmp_path)
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr.strip().splitlines() == [
        f"error: the sources folder {tmp_path / 'nope'} does not exist (set IMT_SOURCES_DIR)"
    ]
    (tmp_path / "empty").mkdir()
    empty = imt_validate(tmp_path / "empty", tmp_path)
    assert empty.returncode == 2 and empty.stdout == ""
    assert empty.stderr.strip().splitlines() == [f"error: no source files (*.yaml) in {tmp_path / 'empty'}"]


def test_cli_validate_refuses_metadata_seed_and_duplicate_keys(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    write(folder, "sources:\n  - {name: meta, type: site, seeds: ['http://169.254.169.254/']}\n", "meta.yaml")
    write(folder, "sources:\n  - name: d\n    type: site\n    type: telegram\n    seeds: ['http://h/']\n", "dup.yaml")
    write(folder, "sources:\n  - {name: ok, type: site, seeds: ['http://10.0.0.5/'], allow_networks: [10.0.0.0/8]}\n",
          "ok.yaml")  # fmt: skip
    proc = imt_validate(folder, tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [
        "error: dup.yaml: line 4: duplicate key 'type' (first given on line 3)",
        "error: meta.yaml: sources[0] (meta): field 'seeds': http://169.254.169.254/ is a link-local address "
        "(169.254.169.254); the crawler refuses non-public addresses unless the source lists them in 'allow_networks'",
    ]
    assert proc.stdout.strip() == f"1 valid sources in {folder}; 2 files with errors"
