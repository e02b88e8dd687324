"""A re-score's checkpoint that is damaged (half-written by a crash, edited by hand) means starting over, never a
stack trace."""

from __future__ import annotations

import pytest

from search.rescore import _load_checkpoint


@pytest.mark.parametrize("content", ['"a string"', "[1, 2]", "null", "42", "{not json", ""])
def test_a_damaged_checkpoint_is_no_checkpoint(tmp_path, content):
    path = tmp_path / "rescore.json"
    path.write_text(content, encoding="utf-8")
    assert _load_checkpoint(path) == {}


def test_a_checkpoint_is_read_back(tmp_path):
    path = tmp_path / "rescore.json"
    path.write_text('{"version": "v1", "after": "http://x/9"}', encoding="utf-8")
    assert _load_checkpoint(path) == {"version": "v1", "after": "http://x/9"}
    assert _load_checkpoint(tmp_path / "missing.json") == {}
