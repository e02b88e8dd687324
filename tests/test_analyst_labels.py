"""Analyst labels: file parsing and validation, and `imt labels import | export | stats` against the real
Elasticsearch node (an isolated labels index per module)."""

import csv
import io
import json
import uuid

import pytest

from classifier.labels import (
    LabelFileError,
    parse_label,
    read_label_file,
    text_hash,
    write_training_corpus,
)

pytestmark = pytest.mark.integration


# -- parsing and validation (no Elasticsearch) ------------------------------------------------------------
@pytest.mark.parametrize(
    "value,expected",
    [
        (1, 1),
        (0, 0),
        (True, 1),
        (False, 0),
        ("1", 1),
        ("yes", 1),
        (" Trafficking ", 1),
        ("TRUE", 1),
        ("no", 0),
        ("not", 0),
        ("Not trafficking", 0),
        ("false", 0),
        ("unsure", None),
        ("", None),
        (None, None),
        ("?", None),
    ],
)
def test_label_values(value, expected):
    assert parse_label(value) == expected


@pytest.mark.parametrize("value", ["maybe?", "2", 2, "tr", -1])
def test_unknown_label_values(value):
    with pytest.raises(ValueError):
        parse_label(value)


def test_text_hash_ignores_case_and_spacing_only():
    assert text_hash("Mef  2g\nKLAD") == text_hash("mef 2g klad ")
    assert text_hash("mef 2g klad") != text_hash("mef 3g klad")


def test_csv_with_multiline_cells_keeps_file_line_numbers(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text('text,label\n"first\nsecond line",yes\n\nok text,\nthird,maybe?\n', encoding="utf-8")
    with pytest.raises(LabelFileError) as err:
        read_label_file(path)
    msg = str(err.value)
    assert "1 problem, nothing imported" in msg and "line 6: unknown label 'maybe?'" in msg
    assert "labels accepted" in msg
    path.write_text('text,label\n"first\nsecond line",yes\n\nok text,\nthird,no\n', encoding="utf-8")
    parsed = read_label_file(path)
    assert [(r.line, r.label) for r in parsed.rows] == [(2, 1), (6, 0)]
    assert parsed.unsure == 1  # the empty label on line 5


def test_many_problems_list_the_first_ten_and_count_the_rest(tmp_path):
    path = tmp_path / "l.jsonl"
    lines = [{"text": f"t{i}", "label": "bogus"} for i in range(13)]
    path.write_text("".join(json.dumps(r) + "\n" for r in lines))
    msg = str(pytest.raises(LabelFileError, read_label_file, path).value)
    assert "13 problems" in msg and "line 10:" in msg and "line 11:" not in msg and "and 3 more" in msg


def test_binary_and_unknown_file_types_are_refused(tmp_path):
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"text,label\nok,1\n\x00\x01\x02,1\n")
    assert "line 3: binary data" in str(pytest.raises(LabelFileError, read_label_file, binary).value)
    latin1 = tmp_path / "c.csv"
    latin1.write_bytes(b"text,label\nok,1\ncaf\xe9,1\n")
    assert "line 3: not UTF-8" in str(pytest.raises(LabelFileError, read_label_file, latin1).value)
    other = tmp_path / "l.xlsx"
    other.write_text("x")
    assert "use .csv or .jsonl" in str(pytest.raises(LabelFileError, read_label_file, other).value)


@pytest.mark.parametrize(
    "content,line,what",
    [
        # an unclosed quote used to swallow every row after it into one cell: "imported 0, skipped 1", exit 0
        ('text,label\nfirst,1\n"second,0\nthird,1\nfourth,0\n', 3, "never closed"),
        ('text,label\nfirst,1\n\n\n"second,0\n', 5, "never closed"),  # blank lines before it
        ('"text,label\nfirst,1\n', 1, "never closed"),  # in the header
        ('text,label\nfirst,1\n"sec"ond,0\nthird,1\n', 3, "text after the closing quote"),
        # a quote opened on line 3 and closed on line 5, with text after it
        ('text,label\nfirst,1\n"second,0\nthird,1\n"fourth",0\n', 3, "text after the closing quote"),
        ("text,label,text\nfirst,1,x\n", 1, "column 'text' named twice"),
    ],
)
def test_malformed_csv_is_refused_with_its_line(tmp_path, content, line, what):
    path = tmp_path / "l.csv"
    path.write_text(content, encoding="utf-8")
    msg = str(pytest.raises(LabelFileError, read_label_file, path).value)
    assert msg.startswith(f"{path} line {line}: ") and what in msg and msg.endswith("nothing imported"), msg
    assert "\n" not in msg


def test_unicode_line_separators_inside_a_text_do_not_split_it(tmp_path):
    """U+2028, U+0085 and form feeds are not line ends in CSV or JSON lines (str.splitlines takes them as such)."""
    odd = "first\u2028part\x85and\x0cmore"
    path = tmp_path / "l.csv"
    path.write_text(f"text,label\n{odd},1\n\nsecond,0\n", encoding="utf-8")
    assert [(r.line, r.text, r.label) for r in read_label_file(path).rows] == [(2, odd, 1), (4, "second", 0)]
    path = tmp_path / "l.jsonl"
    path.write_text(json.dumps({"text": odd, "label": 1}, ensure_ascii=False) + '\r\n{"text": "b", "label": 0}\n')
    assert [(r.line, r.text) for r in read_label_file(path).rows] == [(1, odd), (2, "b")]


def test_training_corpus_labels_override_the_base(tmp_path):
    base = tmp_path / "base.jsonl"
    rows = [{"text": f"Text number {i}", "label": i % 2, "group": f"g{i % 3}", "lang": "en"} for i in range(6)]
    base.write_text("".join(json.dumps(r) + "\n" for r in rows))
    labels = [
        {"text": "text  NUMBER 1", "label": 0, "source": "import:a.csv"},  # same text as row 1, other label
        {"text": "a new text", "label": 1, "source": "import:a.csv", "kind": "sale_ad", "lang": None},
    ]
    out = tmp_path / "merged.jsonl"
    corpus = write_training_corpus(base, labels, out)
    merged = [json.loads(line) for line in out.read_text().splitlines()]
    assert corpus.counts() == {
        "docs": 7,
        "base_docs": 6,
        "labels": 2,
        "labels_overriding_base": 1,
        "labels_added": 1,
    }
    # an analyst's label keeps the base text's family; its origin says it is a label (weighed by `imt train`)
    assert merged[1] == {"text": "text  NUMBER 1", "label": 0, "group": "g1", "lang": "en", "origin": "label"}
    assert merged[0]["origin"] == "seed"
    assert merged[-1] == {"text": "a new text", "label": 1, "group": "label:import:a.csv", "kind": "sale_ad",
                          "origin": "label"}  # fmt: skip
    import hashlib

    assert corpus.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()


# -- the CLI against Elasticsearch --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def lab(imt, tmp_path_factory, es_url):
    """`imt` with its own home and index names: these tests never see another module's labels."""
    home = tmp_path_factory.mktemp("analyst-labels")
    indices = []

    def run(*args, index="a", check=True, **extra):
        name = f"imt-al-{run.tag}-{index}"
        indices.append(name)
        return imt(*args, check=check, IMT_HOME=str(home), IMT_INDEX=name, **extra)

    run.tag = uuid.uuid4().hex[:8]
    run.home = home
    yield run
    from elasticsearch import Elasticsearch

    es = Elasticsearch(es_url)
    for name in set(indices):
        es.options(ignore_status=404).indices.delete(index=f"{name}-labels-v1")


def errors(proc):
    assert "Traceback" not in proc.stderr
    return [line for line in proc.stderr.splitlines() if line.startswith("error:")]


def export(lab, *args, index="a"):
    return [json.loads(line) for line in lab("labels", "export", *args, index=index).stdout.splitlines()]


def stats(lab, index="a"):
    return json.loads(lab("labels", "stats", "--json", index=index).stdout)


CSV_ROWS = [
    ("text", "label", "lang", "kind"),
    ("Мефедрон 1г, закладки Юнусабад, пиши @shop_bot", "yes", "ru", "dead_drop"),
    ("Police seized 2 kg of cannabis in Tashkent", "no", "en", "news"),
    ("Mefedron 1g, zakladki Yunusobod, yoz @shop_bot", "trafficking", "uz-latn", "dead_drop"),
    ("police seized 2 KG of cannabis  in Tashkent", "0", "en", "news"),  # the same text as line 3: duplicate
    ("Apteka: pregabalin faqat retsept bilan", "false", "uz-latn", "pharmacy"),
    ("not sure about this one", "unsure", "", ""),
]


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_import_csv_dedups_and_is_idempotent(lab, tmp_path):
    path = write_csv(tmp_path / "batch1.csv", CSV_ROWS)
    first = json.loads(lab("labels", "import", str(path), "--json", "--who", "analyst1").stdout)
    assert first["imported"] == 4 and first["duplicates"] == 1 and first["skipped_unsure"] == 1
    assert first["already_stored"] == 0 and first["relabelled"] == 0
    again = lab("labels", "import", str(path))
    assert again.stdout.strip() == (
        "imported 0, relabelled 0, already stored 4, duplicates 1, skipped 1 (unsure or empty label)"
    )
    s = stats(lab)
    assert s["total"] == 4 and s["label"] == {"0": 2, "1": 2}
    assert s["who"] == {"analyst1": 4} and s["source"] == {"import:batch1.csv": 4}
    rows = {r["text"]: r for r in export(lab)}
    seized = rows["Police seized 2 kg of cannabis in Tashkent"]
    assert seized["label"] == 0 and seized["lang"] == "en" and seized["kind"] == "news"
    assert seized["who"] == "analyst1" and seized["labelled_at"].endswith("Z")
    assert seized["text_hash"] == text_hash(seized["text"])


def test_import_jsonl_with_other_column_names(lab, tmp_path):
    path = tmp_path / "review.jsonl"
    rows = [
        {"body": "Kurier kerak, kuniga 200$, zakladka qo'yish, yoz @rabota_bot", "verdict": True, "doc_id": "d1"},
        {"body": "Harm reduction helpline: call 1012, anonymous", "verdict": "not"},
        {"body": "Mefedron 1g, zakladki Yunusobod, yoz @shop_bot", "verdict": 1},  # stored already, same label
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    missing = lab("labels", "import", str(path), check=False)
    assert missing.returncode == 2
    (line,) = errors(missing)
    assert "no columns 'text' and 'label'" in line and "body, doc_id, verdict" in line and "--text-col" in line
    out = json.loads(
        lab("labels", "import", str(path), "--text-col", "body", "--label-col", "verdict", "--json").stdout
    )
    assert out["imported"] == 2 and out["already_stored"] == 1
    by_text = {r["text"]: r for r in export(lab)}
    assert by_text[rows[0]["body"]]["doc_id"] == "d1" and by_text[rows[0]["body"]]["label"] == 1
    assert by_text[rows[1]["body"]]["label"] == 0


def test_bad_file_imports_nothing_and_names_the_lines(lab, tmp_path):
    before = stats(lab)["total"]
    path = write_csv(
        tmp_path / "bad.csv",
        [
            ("text", "label"),
            ("a fine new text", "1"),  # line 2: valid, but must not be imported
            ("", "1"),  # line 3: empty text
            ("another text", "perhaps"),  # line 4: unknown label
            ("mef klad Chilonzor", "1"),  # line 5
            ("MEF  klad chilonzor", "0"),  # line 6: the same text the other way
        ],
    )
    proc = lab("labels", "import", str(path), check=False)
    assert proc.returncode == 2
    (line,) = errors(proc)
    assert "3 problems, nothing imported" in line
    assert "line 3: empty text" in line and "line 4: unknown label 'perhaps'" in line
    assert "lines 5, 6: the same text labelled both 1 and 0" in line
    assert stats(lab)["total"] == before
    assert "a fine new text" not in {r["text"] for r in export(lab)}


def test_malformed_csv_imports_nothing(lab, tmp_path):
    before = stats(lab)["total"]
    path = tmp_path / "quotes.csv"
    path.write_text('text,label\nan unseen text before it,1\n"Mef 1g, zakladka,1\nnews about a seizure,0\n')
    proc = lab("labels", "import", str(path), check=False)
    assert proc.returncode == 2 and proc.stdout == ""
    (line,) = proc.stderr.splitlines()
    assert line == (
        f"error: {path} line 3: not valid CSV: a quoted cell in the row that starts here is never closed (a missing "
        '"); nothing imported'
    )
    assert stats(lab)["total"] == before
    assert "an unseen text before it" not in {r["text"] for r in export(lab)}


def test_conflict_with_stored_labels_needs_relabel(lab, tmp_path):
    path = write_csv(
        tmp_path / "fix.csv",
        [("text", "label"), ("brand new text about sugar", "0"), ("Police seized 2 kg of cannabis in Tashkent", "1")],
    )
    before = stats(lab)["total"]
    proc = lab("labels", "import", str(path), check=False)
    assert proc.returncode == 2
    (line,) = errors(proc)
    assert "line 3: labelled 1 but stored as 0" in line and "--relabel" in line
    assert stats(lab)["total"] == before  # the new text on line 2 was not imported either
    out = json.loads(lab("labels", "import", str(path), "--relabel", "--json").stdout)
    assert out["imported"] == 1 and out["relabelled"] == 1
    by_text = {r["text"]: r for r in export(lab)}
    assert by_text["Police seized 2 kg of cannabis in Tashkent"]["label"] == 1
    assert by_text["Police seized 2 kg of cannabis in Tashkent"]["source"] == "import:fix.csv"


def test_export_round_trip_jsonl_and_csv(lab, tmp_path):
    original = export(lab)
    assert len(original) >= 5
    out = tmp_path / "all.jsonl"
    lab("labels", "export", "--output", str(out))
    lab("labels", "import", str(out), index="copy")
    key = ["text", "label", "doc_id", "lang", "kind"]
    assert [{k: r[k] for k in key} for r in export(lab, index="copy")] == [{k: r[k] for k in key} for r in original]
    csv_text = lab("labels", "export", "--format", "csv").stdout
    table = list(csv.DictReader(io.StringIO(csv_text)))
    assert list(table[0]) == ["text", "label", "doc_id", "lang", "kind", "source", "who", "labelled_at", "text_hash"]
    assert len(table) == len(original)
    path = tmp_path / "all.csv"
    path.write_text(csv_text, encoding="utf-8")
    again = json.loads(lab("labels", "import", str(path), "--json", index="copy").stdout)
    assert again["imported"] == 0 and again["already_stored"] == len(original)


def test_export_of_an_empty_store(lab):
    proc = lab("labels", "export", index="empty")
    assert proc.stdout == "" and "Exported 0 labels" in proc.stderr


def test_import_with_elasticsearch_unreachable(lab, tmp_path):
    path = write_csv(tmp_path / "x.csv", [("text", "label"), ("t", "1")])
    proc = lab("labels", "import", str(path), check=False, IMT_ES_URL="http://127.0.0.1:1")
    assert proc.returncode == 2
    (line,) = errors(proc)
    assert "http://127.0.0.1:1" in line and "not reachable" in line
