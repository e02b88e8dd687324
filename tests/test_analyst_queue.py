"""`imt labels queue` (and its old name `imt label queue`): indexed documents not yet labelled, most uncertain
first, one per near-duplicate cluster, filterable by source and language. Documents with known scores go into an
index of this module's own; the registry holds a model whose threshold is 0.5 (the queue reads only the
threshold)."""

import json
import uuid

import pytest
from elasticsearch import Elasticsearch, helpers

from classifier.model import TraffickingClassifier
from classifier.registry import Registry
from search.mapping import ensure_docs_index

pytestmark = pytest.mark.integration

# id: (score, source, lang, cluster)
DOCS = {
    "q01": (0.51, "s-a", "ru", "c1"),
    "q02": (0.515, "s-a", "ru", "c1"),  # same cluster as q01, less uncertain: left out
    "q03": (0.482, "s-b", "en", "c3"),
    "q04": (0.53, "s-a", "uz-latn", "c4"),
    "q05": (0.45, "s-b", "ru", "c5"),
    "q06": (0.62, "s-a", "en", "c6"),
    "q07": (0.505, "s-b", "ru", "c7"),  # labelled by doc_id: left out
    "q08": (0.495, "s-a", "en", "c8"),  # its text is labelled (no doc_id): left out
    "q09": (0.50, "s-a", "ru", "c7"),  # same cluster as the labelled q07: left out
    "q10": (0.95, "s-b", "en", "c10"),
    "q11": (0.02, "s-a", "ru", "c11"),
    "q12": (0.30, "s-a", "en", "c12"),
}
ORDER = ["q01", "q03", "q04", "q05", "q06", "q12", "q10", "q11"]


def text_of(doc_id):
    return f"Listing number {doc_id} with some words about goods"


@pytest.fixture(scope="module")
def queue_env(imt, tmp_path_factory, es_url):
    home = tmp_path_factory.mktemp("analyst-queue")
    index = f"imt-aq-{uuid.uuid4().hex[:8]}"
    model = TraffickingClassifier()
    model.threshold_ = 0.5
    model.cv_metrics_ = {"pr_auc": 0.9, "f1": 0.9, "n_docs": 0, "folds": 0, "grouped": True}
    Registry(home / "models").save(model, {"data": "none: threshold only"})
    es = Elasticsearch(es_url, request_timeout=30)
    ensure_docs_index(es, index)
    actions = [
        {
            "_index": index,
            "_id": doc_id,
            "_source": {
                "url": f"http://queue.test/{doc_id}",
                "source": source,
                "lang": lang,
                "cluster_id": cluster,
                "title": "",
                "text": text_of(doc_id),
                "score": score,
                "label": int(score >= 0.5),
                "fetched_at": "2026-11-01T00:00:00Z",
            },
        }
        for doc_id, (score, source, lang, cluster) in DOCS.items()
    ]
    helpers.bulk(es, actions, refresh=True)
    labels = home / "done.jsonl"
    labels.write_text(
        json.dumps({"text": text_of("q07"), "label": 1, "doc_id": "q07"})
        + "\n"
        + json.dumps({"text": text_of("q08"), "label": 0})
        + "\n"
    )

    def run(*args, check=True, **extra):
        return imt(*args, check=check, **{"IMT_HOME": str(home), "IMT_INDEX": index, **extra})

    run("labels", "import", str(labels))
    yield run
    for name in (f"{index}-v1", f"{index}-labels-v1"):
        es.options(ignore_status=404).indices.delete(index=name)


def queue(run, *args):
    return [json.loads(line) for line in run("label", "queue", "--json", *args).stdout.splitlines()]


def test_most_uncertain_first_without_labelled_or_near_duplicates(queue_env):
    items = queue(queue_env)
    assert [i["doc_id"] for i in items] == ORDER
    first = items[0]
    assert first["url"] == "http://queue.test/q01" and first["score"] == 0.51 and first["label"] is None
    assert first["uncertainty"] == pytest.approx(0.01) and first["snippet"] == text_of("q01")


def test_size_and_filters(queue_env):
    assert [i["doc_id"] for i in queue(queue_env, "--size", "3")] == ["q01", "q03", "q04"]
    assert [i["doc_id"] for i in queue(queue_env, "--source", "s-b")] == ["q03", "q05", "q10"]
    assert [i["doc_id"] for i in queue(queue_env, "--lang", "ru")] == ["q01", "q05", "q11"]
    assert [i["doc_id"] for i in queue(queue_env, "--lang", "en", "--source", "s-a")] == ["q06", "q12"]
    assert queue(queue_env, "--lang", "tg") == []


def test_table_output(queue_env):
    lines = queue_env("label", "queue", "--size", "2").stdout.splitlines()
    assert lines[0].startswith("2 documents to label (model m") and "threshold 0.500" in lines[0]
    assert "0.510  [s-a] ru" in lines[1] and "http://queue.test/q01" in lines[1]
    assert "q01" in lines[2] and "Listing number q01" in lines[2]
    assert queue_env("labels", "queue", "--size", "2").stdout == "\n".join(lines) + "\n"  # the same command


def test_labelled_queue_items_leave_the_queue(queue_env, tmp_path):
    top = queue(queue_env, "--size", "1")
    top[0]["label"] = "yes"
    path = tmp_path / "answers.jsonl"
    path.write_text(json.dumps(top[0]) + "\n")
    assert json.loads(queue_env("labels", "import", str(path), "--json").stdout)["imported"] == 1
    assert [i["doc_id"] for i in queue(queue_env)] == ORDER[1:]


def test_queue_needs_a_model_and_an_index(queue_env, tmp_path):
    proc = queue_env("label", "queue", check=False, IMT_HOME=str(tmp_path))
    assert proc.returncode == 2 and "error: no active model" in proc.stderr and "Traceback" not in proc.stderr
    proc = queue_env("label", "queue", check=False, IMT_INDEX=f"imt-aq-none-{uuid.uuid4().hex[:6]}")
    assert proc.returncode == 2 and "does not exist yet" in proc.stderr
