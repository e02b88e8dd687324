"""Classifier quality on the demo web, whose text was written independently of the seed corpus.

Fetches every content document of the default demo web from the real server, extracts it with the crawler's
extraction, scores it with the current model and compares with the demo's ground truth. Writes
bench/results/demo_quality.json and prints a table. (An honest check against our own templates, not a
substitute for real-world text.)
"""

from __future__ import annotations

import json
import sys
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sklearn.metrics import average_precision_score, f1_score, precision_score, recall_score  # noqa: E402

import config  # noqa: E402
from classifier.registry import Registry  # noqa: E402
from crawler.extract import extract_page, extract_telegram  # noqa: E402
from demo.server import DemoServer  # noqa: E402
from demo.site import ground_truth  # noqa: E402


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return resp.read().decode("utf-8")


def document_text(base: str, path: str) -> str:
    if path.startswith("/t.me/"):
        channel, post = path.split("/")[2:4]
        page = extract_telegram(fetch(f"{base}/t.me/s/{channel}?before={int(post) + 1}"), base)
        msg = next(m for m in page.messages if m.post_id == int(post))
        return f"{page.title} #{post}\n{msg.text}"
    page = extract_page(fetch(base + path), base + path)
    return f"{page.title}\n{page.text}"


def metrics(y, pred, score) -> dict:
    out = {"n": len(y), "positives": int(sum(y))}
    if 0 < sum(y) < len(y):
        out.update(
            precision=round(precision_score(y, pred, zero_division=0), 4),
            recall=round(recall_score(y, pred), 4),
            f1=round(f1_score(y, pred), 4),
            pr_auc=round(average_precision_score(y, score), 4),
        )
    out["errors"] = int(sum(a != b for a, b in zip(y, pred, strict=True)))
    return out


def main() -> None:
    cfg = config.load()
    model, meta = Registry(cfg.models_dir).load()
    truth = list(ground_truth())
    with DemoServer() as srv:
        texts = [document_text(srv.base_url, g["path"]) for g in truth]
    scored = model.score_texts(texts)
    y = [g["label"] for g in truth]
    pred = [label for _, label in scored]
    score = [s for s, _ in scored]
    groups = defaultdict(list)
    for i, g in enumerate(truth):
        groups[f"lang:{g['lang']}"].append(i)
        groups[f"kind:{g['kind']}"].append(i)
    result = {
        "benchmark": "classifier_on_demo_web",
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "model": meta["version"],
        "threshold": meta["threshold"],
        "overall": metrics(y, pred, score),
        "by": {
            k: metrics([y[i] for i in ix], [pred[i] for i in ix], [score[i] for i in ix])
            for k, ix in sorted(groups.items())
        },
    }
    out = ROOT / "bench" / "results" / "demo_quality.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    o = result["overall"]
    print(
        f"model {meta['version']} on {o['n']} demo documents: precision {o['precision']}, recall {o['recall']}, "
        f"F1 {o['f1']}, PR-AUC {o['pr_auc']}, errors {o['errors']}"
    )
    print("| slice | n | positives | errors | F1 |")
    print("| --- | --- | --- | --- | --- |")
    for k, m in result["by"].items():
        print(f"| {k} | {m['n']} | {m['positives']} | {m['errors']} | {m.get('f1', '-')} |")


if __name__ == "__main__":
    main()
