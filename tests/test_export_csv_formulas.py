"""CSV exports neutralise spreadsheet formulas (text cells starting with = + - @, a tab or a carriage return get a
leading apostrophe); JSON lines keep every value exactly as indexed."""

from __future__ import annotations

import csv
import io
import json

from search.export import CSV_COLUMNS, _write_records, jsonl_line


def _doc(**over) -> dict:
    doc = {"id": "d1", "url": "https://x.example/1", "title": "=HYPERLINK(\"http://evil.example\",\"open\")",
           "text": "+998 90 123 45 67 zakladka", "source": "s", "score": 0.93, "label": 1, "kind": "sale_ad",
           "lang": "uz-latn", "entities": {"phone": ["+998901234567"], "handle": ["@shop_bot"]}}  # fmt: skip
    doc.update(over)
    return doc


def test_formula_cells_are_text_in_csv_and_exact_in_jsonl():
    docs = [_doc(), _doc(id="d2", title="-1+2", text="\tcmd", source="@src", kind="\rx"), _doc(id="d3", title="Ok")]
    out = io.StringIO(newline="")
    _write_records(docs, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert rows[0]["title"] == "'=HYPERLINK(\"http://evil.example\",\"open\")"
    assert rows[0]["text"].startswith("'+998") and rows[0]["entities.phone"] == "'+998901234567"
    assert rows[0]["entities.handle"] == "'@shop_bot"
    assert rows[1]["title"] == "'-1+2" and rows[1]["text"] == "'\tcmd" and rows[1]["source"] == "'@src"
    assert rows[1]["kind"] == "'\rx"
    assert rows[2]["title"] == "Ok" and rows[0]["score"] == "0.93"  # other text and numbers as they are
    assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for v in row.values())
    assert json.loads(jsonl_line(docs[0]))["title"] == docs[0]["title"]  # JSON keeps the value exactly
    assert json.loads(jsonl_line(docs[1]))["text"] == "\tcmd"
