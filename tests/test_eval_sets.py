"""The held-out evaluation sets stay well-formed, cover what they claim, and share no text with the seed corpus."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from classifier.kinds import NEGATIVE_KINDS, POSITIVE_KINDS
from classifier.normalize import normalize
from classifier.train import SEED

EVAL = Path(__file__).resolve().parent.parent / "classifier" / "eval"
LANGS = {"en", "ru", "uz-latn", "uz-cyrl"}


def rows(name):
    return [json.loads(line) for line in (EVAL / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("name", ["public.jsonl", "independent.jsonl"])
def test_rows_are_valid(name):
    data = rows(name)
    assert len({r["id"] for r in data}) == len(data) > 400
    for r in data:
        assert r["label"] in (0, 1) and r["lang"] in LANGS and r["text"].strip() and r["group"]
        assert r["kind"] in (POSITIVE_KINDS if r["label"] else NEGATIVE_KINDS), r["id"]
    assert len({" ".join(r["text"].split()) for r in data}) == len(data)  # no duplicate texts


def test_independent_set_covers_every_language_form_and_kind():
    counts = Counter((r["lang"], r["kind"]) for r in rows("independent.jsonl"))
    for lang in LANGS:
        for kind in POSITIVE_KINDS + NEGATIVE_KINDS:
            assert counts[(lang, kind)] >= 5, (lang, kind)


def test_public_set_names_its_sources():
    data = rows("public.jsonl")
    assert all(r["source"].startswith(("http", "github:")) for r in data)
    assert {r["lang"] for r in data} == LANGS


def test_no_evaluation_text_is_in_the_seed_corpus():
    seed = {normalize(json.loads(line)["text"]) for line in SEED.read_text(encoding="utf-8").splitlines()}
    for name in ("public.jsonl", "independent.jsonl"):
        leaked = [r["id"] for r in rows(name) if normalize(r["text"]) in seed]
        assert not leaked, f"{name}: {leaked[:5]} are in the seed corpus"
