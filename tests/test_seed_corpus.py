"""Checks on the labelled seed corpus classifier/data/seed.jsonl and its generator."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "classifier" / "data"
SEED = DATA / "seed.jsonl"
BUILD = DATA / "build_seed.py"

POSITIVE = {"sale_ad", "shop_menu", "market_listing", "dead_drop", "recruitment", "forum_offer"}
NEGATIVE = {"news", "harm_reduction", "pharmacy", "job", "other_illicit", "other"}
LANGS = {"en", "ru", "uz-latn", "uz-cyrl"}


@pytest.fixture(scope="module")
def docs() -> list[dict]:
    with open(SEED, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def test_records_are_well_formed(docs):
    for d in docs:
        assert set(d) == {"id", "text", "label", "kind", "lang", "group"}, d
        assert re.fullmatch(r"seed-\d{5}", d["id"]), d["id"]
        assert isinstance(d["text"], str) and d["text"].strip() == d["text"] and d["text"]
        assert d["label"] in (0, 1)
        assert d["kind"] in POSITIVE | NEGATIVE
        assert d["label"] == (1 if d["kind"] in POSITIVE else 0), d
        assert d["lang"] in LANGS
        assert isinstance(d["group"], str) and d["group"]


def test_ids_are_unique(docs):
    ids = [d["id"] for d in docs]
    assert len(ids) == len(set(ids))


def test_size_and_label_share(docs):
    assert len(docs) >= 3000
    share = sum(d["label"] for d in docs) / len(docs)
    assert 0.35 <= share <= 0.45, share


def test_language_shares(docs):
    counts = Counter(d["lang"] for d in docs)
    for lang in LANGS:
        assert counts[lang] / len(docs) >= 0.15, (lang, counts)


def test_every_kind_is_represented(docs):
    counts = Counter(d["kind"] for d in docs)
    for kind in POSITIVE | NEGATIVE:
        assert counts[kind] >= 80, (kind, counts[kind])


def test_groups(docs):
    groups = {d["group"] for d in docs}
    assert len(groups) >= 150
    # one template family has one label, so grouped cross-validation never splits a family across labels
    labels_per_group = {}
    for d in docs:
        labels_per_group.setdefault(d["group"], set()).add(d["label"])
    assert all(len(v) == 1 for v in labels_per_group.values())
    # no single family dominates
    biggest = Counter(d["group"] for d in docs).most_common(1)[0][1]
    assert biggest <= 0.03 * len(docs)


def test_no_exact_duplicates(docs):
    texts = Counter(d["text"] for d in docs)
    dups = [t for t, c in texts.items() if c > 1]
    assert not dups, dups[:3]


def test_openings_vary(docs):
    prefixes = Counter(d["text"][:30] for d in docs)
    shared = sum(1 for d in docs if prefixes[d["text"][:30]] > 1)
    assert shared / len(docs) < 0.20


def test_lengths_range_from_one_liners_to_paragraphs(docs):
    one_liners = [d for d in docs if "\n" not in d["text"] and len(d["text"]) < 80]
    long_docs = [d for d in docs if d["text"].count("\n\n") >= 2 and len(d["text"]) > 500]
    assert len(one_liners) >= 100
    assert len(long_docs) >= 50
    assert {d["label"] for d in one_liners} == {0, 1}
    assert {d["label"] for d in long_docs} == {0, 1}


def test_identifiers_and_obfuscation_appear_on_both_sides(docs):
    patterns = {
        "uz phone": re.compile(
            r"(?:\+?998[\s-]?\(?\d{2}\)?[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2})|(?:\(\d{2}\) \d{3} \d{2} \d{2})"
        ),
        "foreign phone": re.compile(r"\+(?:7|996|992)[\s(]"),
        "handle": re.compile(r"@\w{4,}"),
        "bot": re.compile(r"@\w+(?:_bot|bot|Bot)\b"),
        "usdt": re.compile(r"\bT[1-9A-HJ-NP-Za-km-z]{33}\b"),
        "btc": re.compile(r"\b(?:bc1q[02-9ac-hj-np-z]{38}|[13][1-9A-HJ-NP-Za-km-z]{25,33})\b"),
        "onion": re.compile(r"\b[a-z2-7]{56}\.onion\b"),
        "mixed script word": re.compile(r"\b(?=\w*[а-яё])(?=\w*[a-z])[а-яёa-z]{3,}\b", re.IGNORECASE),
    }
    for name, pat in patterns.items():
        pos = sum(1 for d in docs if d["label"] == 1 and pat.search(d["text"]))
        neg = sum(1 for d in docs if d["label"] == 0 and pat.search(d["text"]))
        assert pos >= 10, (name, pos)
        if name not in ("onion", "foreign phone"):
            assert neg >= 10, (name, neg)


def test_generator_reproduces_the_file(tmp_path):
    out = tmp_path / "seed.jsonl"
    subprocess.run([sys.executable, str(BUILD), "--output", str(out)], check=True, capture_output=True, timeout=120)
    assert out.read_bytes() == SEED.read_bytes()
