"""The analyst workflow on real components: `imt train` with stored labels, `imt model list | show | evaluate |
promote | rollback`, re-scoring the indexed documents (resumable), and `imt evaluate`. Two models are trained
on a small part of the seed corpus (a clean one, and one with noisy labels) in a home of this module's own."""

import hashlib
import json
import random
import uuid

import pytest
from elasticsearch import Elasticsearch, helpers

from classifier.labels import write_training_corpus
from classifier.registry import Registry
from classifier.train import SEED
from search.mapping import ensure_docs_index

pytestmark = pytest.mark.integration


def seed_rows():
    return [json.loads(line) for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


def errors(proc):
    assert "Traceback" not in proc.stderr
    return [line for line in proc.stderr.splitlines() if line.startswith("error:")]


@pytest.fixture(scope="module")
def an(imt, tmp_path_factory, es_url):
    home = tmp_path_factory.mktemp("analyst-models")
    index = f"imt-am-{uuid.uuid4().hex[:8]}"

    def run(*args, check=True, **extra):
        return imt(*args, check=check, **{"IMT_HOME": str(home), "IMT_INDEX": index, **extra})

    run.home, run.index, run.es = home, index, Elasticsearch(es_url, request_timeout=30)
    run.registry = Registry(home / "models")
    yield run
    for name in (f"{index}-v1", f"{index}-labels-v1"):
        run.es.options(ignore_status=404).indices.delete(index=name)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """A clean training subset, noisy labels (random verdicts on other seed texts, and five subset texts
    labelled the other way), and some documents to index."""
    folder = tmp_path_factory.mktemp("analyst-data")
    rows = seed_rows()
    random.Random(7).shuffle(rows)
    subset, rest = rows[:360], rows[360:]
    (folder / "subset.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in subset))
    rng = random.Random(11)
    noisy = [{"text": r["text"], "label": rng.choice(["yes", "no"])} for r in rest[:200]]
    noisy += [{"text": r["text"], "label": 1 - r["label"]} for r in subset[:5]]
    (folder / "noisy.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in noisy))
    docs = rest[300:330]
    return {"folder": folder, "subset": folder / "subset.jsonl", "noisy": folder / "noisy.jsonl", "docs": docs}


@pytest.fixture(scope="module")
def model_a(an, data):
    """The first model trained in an empty home: it becomes active."""
    proc = an("train", "--data", str(data["subset"]))
    assert "(active)" in proc.stderr
    return an.registry.current_version()


@pytest.fixture(scope="module")
def model_b(an, data, model_a):
    an("labels", "import", str(data["noisy"]), "--who", "tester")
    proc = an("train", "--data", str(data["subset"]))
    versions = an.registry.versions()
    assert len(versions) == 2 and versions[0] == model_a
    assert f"not active: {model_a} is" in proc.stderr
    return versions[1]


@pytest.fixture(scope="module")
def indexed(an, data, model_a):
    """Thirty documents in the module's index, scored by an older model; half seen recently."""
    ensure_docs_index(an.es, an.index)
    actions = []
    for i, row in enumerate(data["docs"]):
        recent = i % 2 == 0
        when = "2026-11-20T00:00:00Z" if recent else "2026-01-10T00:00:00Z"
        actions.append(
            {
                "_index": an.index,
                "_id": f"doc{i:02}",
                "_source": {
                    "url": f"http://example.test/{i:02}",
                    "source": "test",
                    "title": f"Post {i}",
                    "text": row["text"],
                    "lang": row["lang"],
                    "score": 0.5,
                    "label": 0,
                    "model_version": "m-old",
                    "fetched_at": when,
                    "last_seen": when,
                },
            }
        )
    helpers.bulk(an.es, actions, refresh=True)
    return [a["_id"] for a in actions]


def docs(an) -> dict[str, dict]:
    an.es.indices.refresh(index=an.index)
    resp = an.es.search(index=an.index, size=100, query={"match_all": {}}, sort=[{"url": "asc"}])
    return {h["_id"]: h["_source"] for h in resp["hits"]["hits"]}


def test_first_train_is_active_and_records_its_data(an, data, model_a):
    meta = an.registry.meta(model_a)
    assert meta["counts"] == {
        "docs": 360,
        "base_docs": 360,
        "labels": 0,
        "labels_overriding_base": 0,
        "labels_added": 0,
    }
    assert meta["sklearn"] and meta["numpy"] and meta["python"] and meta["cv"]["n_docs"] == 360
    history = an.registry.history()
    assert [(h["action"], h["version"]) for h in history] == [("train", model_a)]


def test_train_with_labels_registers_without_activating(an, data, model_a, model_b, tmp_path):
    assert an.registry.current_version() == model_a
    meta = an.registry.meta(model_b)
    assert meta["counts"] == {
        "docs": 560,
        "base_docs": 360,
        "labels": 205,
        "labels_overriding_base": 5,
        "labels_added": 200,
    }
    # the recorded hash is the merged corpus: the subset with the stored labels, in their stored order
    stored = [json.loads(line) for line in an("labels", "export").stdout.splitlines()]
    merged = write_training_corpus(data["subset"], stored, tmp_path / "merged.jsonl")
    assert meta["data_sha256"] == merged.sha256 == hashlib.sha256(merged.path.read_bytes()).hexdigest()
    assert meta["data_sha256"] != an.registry.meta(model_a)["data_sha256"]
    assert meta["cv"]["pr_auc"] < an.registry.meta(model_a)["cv"]["pr_auc"]  # noise hurts: used below


def test_model_list_and_show(an, model_a, model_b):
    rows = [json.loads(line) for line in an("model", "list", "--json").stdout.splitlines()]
    assert [(r["version"], r["active"], r["labels"]) for r in rows] == [(model_a, True, 0), (model_b, False, 205)]
    assert rows[1]["docs"] == 560 and rows[0]["pr_auc"] == an.registry.meta(model_a)["cv"]["pr_auc"]
    table = an("model", "list").stdout.splitlines()
    assert "PR-AUC" in table[0]
    assert table[1].startswith(f"* {model_a}") and table[2].startswith(f"  {model_b}")
    shown = an("model", "show", model_b).stdout
    assert f"version      {model_b}\n" in shown and "labels 205" in shown and "sklearn" in shown
    assert an.registry.meta(model_b)["data_sha256"] in shown
    assert json.loads(an("model", "show", model_b, "--json").stdout) == an.registry.meta(model_b)


@pytest.mark.parametrize(
    "args",
    [
        ("model", "show", "m-nope"),
        ("model", "promote", "m-nope"),
        ("evaluate", "--data", "x.jsonl", "--model", "m-nope"),
    ],
)
def test_unknown_version_lists_the_known_ones(an, model_a, model_b, args):
    proc = an(*args, check=False)
    assert proc.returncode == 2
    (line,) = errors(proc)
    assert "unknown model version 'm-nope'" in line and model_a in line and model_b in line


def test_promote_with_elasticsearch_down_changes_nothing(an, model_a, model_b):
    proc = an("model", "promote", model_b, "--force", check=False, IMT_ES_URL="http://127.0.0.1:1")
    assert proc.returncode == 2
    (line,) = errors(proc)
    assert "not reachable" in line and "--no-rescore" in line
    assert an.registry.current_version() == model_a


def test_promote_refuses_a_worse_model_then_forces_it_and_rescores(an, model_a, model_b, indexed):
    a_auc, b_auc = (an.registry.meta(v)["cv"]["pr_auc"] for v in (model_a, model_b))
    refused = an("model", "promote", model_b, check=False)
    assert refused.returncode == 2
    (line,) = errors(refused)
    assert str(a_auc) in line and str(b_auc) in line and "--force" in line
    assert an.registry.current_version() == model_a
    assert {d["model_version"] for d in docs(an).values()} == {"m-old"}  # refused: nothing re-scored

    forced = an("model", "promote", model_b, "--force")
    assert f"Promoted {model_b} (was {model_a})" in forced.stdout
    assert "Re-scored 30 documents" in forced.stdout and "complete" in forced.stdout
    assert an.registry.current_version() == model_b
    assert an.registry.history()[-1] | {"at": None} == {
        "at": None,
        "action": "promote",
        "version": model_b,
        "previous": model_a,
        "who": an.registry.history()[-1]["who"],
        "forced": True,
    }
    model, meta = an.registry.load(model_b)
    now = docs(an)
    expected = model.score_texts([f"{d['title']}\n{d['text']}" for d in now.values()], kinds=True)
    # the text score and kind are the model's; score and label then take the documents' site into account
    assert [(d["score_text"], d["kind"]) for d in now.values()] == [(e[3], e[2]) for e in expected]
    assert all("context" in d and d["label"] == int(d["score"] >= model.context_model_.threshold_)
               for d in now.values())  # fmt: skip
    assert {d["model_version"] for d in now.values()} == {model_b}


def test_better_model_promotes_without_force_and_rollback_walks_back(an, model_a, model_b, indexed):
    an("model", "promote", model_a, "--no-rescore")
    assert an.registry.current_version() == model_a
    assert {d["model_version"] for d in docs(an).values()} == {model_b}  # --no-rescore
    back = an("model", "rollback", "--no-rescore")
    assert f"Rolled back from {model_a} to {model_b}" in back.stdout
    back = an("model", "rollback", "--no-rescore")
    assert f"Rolled back from {model_b} to {model_a}" in back.stdout
    proc = an("model", "rollback", check=False)
    assert proc.returncode == 2
    (line,) = errors(proc)
    assert "no earlier active model to roll back to" in line
    assert an.registry.current_version() == model_a
    assert [h["action"] for h in an.registry.history()] == ["train", "promote", "promote", "rollback", "rollback"]


def test_rescore_resumes_from_its_checkpoint(an, model_a, model_b, indexed):
    first = an("index", "rescore", "--limit", "4", "--batch", "3")
    assert "Re-scored 4 documents" in first.stdout and "run `imt index rescore` again" in first.stdout
    state = json.loads((an.home / "state" / f"rescore-{model_a}.json").read_text())
    assert state["after"] == ["http://example.test/03"] and state["done"] == 4 and not state.get("complete")
    now = docs(an)
    assert [now[i]["model_version"] for i in indexed[:5]] == [model_a] * 4 + [model_b]
    # a document behind the checkpoint is changed meanwhile: a resumed run must not go back to it
    an.es.update(index=an.index, id=indexed[0], doc={"model_version": "m-other"}, refresh=True)
    second = an("index", "rescore", "--json")
    result = json.loads(second.stdout)
    assert result["updated"] == 26 and result["resumed_after"] == 4 and result["complete"]
    assert "resuming after 4 documents; 26 documents to do" in second.stderr
    now = docs(an)
    assert now[indexed[0]]["model_version"] == "m-other"
    assert {now[i]["model_version"] for i in indexed[1:]} == {model_a}
    # finished: a new run starts over, and only finds the document not scored by this version
    third = json.loads(an("index", "rescore", "--json").stdout)
    assert third["updated"] == 1 and third["resumed_after"] == 0
    assert docs(an)[indexed[0]]["model_version"] == model_a


def test_rescore_since_a_date(an, model_a, model_b, indexed):
    an("index", "rescore", "--version", model_b, "--since", "2026-11-01")
    now = docs(an)
    recent = {i for n, i in enumerate(indexed) if n % 2 == 0}
    assert {now[i]["model_version"] for i in recent} == {model_b}
    assert {now[i]["model_version"] for i in set(indexed) - recent} == {model_a}
    bad = an("index", "rescore", "--since", "last week", check=False)
    assert bad.returncode == 2 and "not a date" in errors(bad)[0]


def test_evaluate_writes_a_report_with_the_models_figures(an, model_a, tmp_path):
    rows = [
        ("Mefedron 1g 350 000 so'm, zakladka Yunusobod, magnit. Bot: @uz_mef_bot", 1, "uz-latn", "dead_drop"),
        ("Меф кристалл 2г, закладки по Ташкенту, прикоп, жми старт в боте @mef_tash_bot", 1, "ru", "dead_drop"),
        ("Stealth shipping worldwide, 5g MDMA crystals for $90, escrow accepted, PGP in profile", 1, "en", "listing"),
        ("Шишки, бошки, гашиш в наличии. Оплата BTC, клад в течение часа. Оператор @weed_uz", 1, "ru", "sale_ad"),
        ("Police in Tashkent seized 2 kg of hashish and detained a courier of an online shop.", 0, "en", "news"),
        ("Our pharmacy dispenses pregabalin only with a doctor's prescription. Open 9-18.", 0, "en", "pharmacy"),
        ("Ishonch telefoni: giyohvandlikdan qutulish uchun anonim yordam, 24/7.", 0, "uz-latn", "help"),
        ("Продаю детскую коляску, почти новая, самовывоз Чиланзар.", 0, "ru", "other"),
    ]
    path = tmp_path / "hand.jsonl"
    records = [dict(zip(("text", "label", "lang", "kind"), r, strict=True)) for r in rows]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    report_dir = tmp_path / "report"
    proc = an("evaluate", "--data", str(path), "--model", model_a, "--report", str(report_dir), "--json")
    report = json.loads(proc.stdout)
    model, meta = an.registry.load(model_a)
    scored = model.score_texts([r[0] for r in rows])
    pairs = [(pred, r[1]) for (_score, pred), r in zip(scored, rows, strict=True)]
    tp, fp, fn = pairs.count((1, 1)), pairs.count((1, 0)), pairs.count((0, 1))
    assert report["confusion"] == {"tp": tp, "fp": fp, "fn": fn, "tn": 8 - tp - fp - fn}
    assert report["recall"] == round(tp / 4, 4) and report["threshold"] == round(meta["threshold"], 4)
    assert set(report["by_lang"]) == {"en", "ru", "uz-latn"} and report["by_lang"]["ru"]["n"] == 3
    assert set(report["by_kind"]) == {"dead_drop", "listing", "sale_ad", "news", "pharmacy", "help", "other"}
    assert json.loads((report_dir / "report.json").read_text()) == report
    assert (report_dir / "pr_curve.png").read_bytes()[:4] == b"\x89PNG"
    assert f"# Evaluation of model {model_a}" in (report_dir / "report.md").read_text()
    table = an("evaluate", "--data", str(path), "--model", model_a, "--report", str(tmp_path / "r2")).stdout
    assert "lang=ru" in table and f"TP {tp}  FP {fp}" in table


def test_evaluate_needs_both_classes(an, model_a, tmp_path):
    path = tmp_path / "pos.csv"
    path.write_text("text,label\nmef klad,1\nshishki bot,yes\n")
    proc = an("evaluate", "--data", str(path), check=False)
    assert proc.returncode == 2
    (line,) = errors(proc)
    assert "needs texts labelled both 1 and 0" in line


def test_model_evaluate_defaults_to_the_stored_labels(an, model_a, model_b):
    report = json.loads(an("model", "evaluate", model_b, "--json").stdout)
    assert report["n"] == 205 and report["data"].startswith("stored labels")
    assert "optimistic" in report["note"]  # model_b was trained on them
    default_dir = list((an.home / "reports").glob(f"{model_b}-*"))
    assert len(default_dir) == 1 and (default_dir[0] / "pr_curve.png").is_file()
