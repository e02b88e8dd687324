"""The analysts' loop bench: does importing labels and retraining make the classifier better on text like the
labels? Run through the product's own commands, end to end, against the real Elasticsearch node.

    .venv/bin/python bench/labels_bench.py [--seeds 0 1 2] [--labels 200]

Data: classifier/eval/public.jsonl (real public texts: dark-market listings, seizure news, rehab, pharmacy and
job pages; evaluation-only everywhere else). For THIS bench only, a seeded split of it is imported as labels:
`--labels` rows (200) become the analysts' labels and the rest the held-out test set. The split is stratified by
(kind, label) and keeps a `group` (the market dump or news site a text comes from) on one side where possible:
groups larger than --max-whole rows (the three market dumps) cannot be kept whole without leaving one side
without listings, so they are split row by row within each stratum; every smaller group goes whole to one side.
The test rows whose group also gave labels are reported apart ("groups seen in the labels").

For each seed, in a fresh temporary IMT_HOME and a unique IMT_INDEX (nothing else is touched):

  1. `imt labels import labels.jsonl` (text, label, kind, lang, group);
  2. `imt train --no-labels`: the baseline ("before"; the first model of an empty registry becomes active);
  3. `imt train`: the corpus plus the stored labels ("after"; not active);
  4. `imt classify` of the held-out rows with the baseline (active), `imt model promote AFTER --no-rescore`,
     `imt classify` again with the labelled model;
  5. F1, precision, recall (at the product's label), PR-AUC (on its score), recall on market listings and the
     false-positive rate per negative kind, before and after; the label weight `imt train` chose and where its
     threshold came from (`imt model show VERSION --json`).

The indices the bench created (documents alias, -labels, -context) and the temporary home are deleted at the end.
Goal stated in the report: F1 >= 0.97 on the held-out rows after the labels. Results:
bench/results/labels_loop.json and labels_loop.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import RESULTS, drop_index  # noqa: E402

DATA = ROOT / "classifier" / "eval" / "public.jsonl"
GOAL_F1 = 0.97
NEGATIVE_KINDS_SHOWN = ("news", "other", "other_illicit")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------------ the split


def split_rows(rows: list[dict], n_labels: int, seed: int, max_whole: int) -> tuple[list[int], list[int], dict]:
    """Indices of the label rows and of the test rows: stratified by (kind, label), a group on one side where
    possible (GroupShuffleSplit-like, seeded). Groups above `max_whole` rows are split within each stratum."""
    rng = random.Random(seed)
    n = len(rows)
    frac = n_labels / n
    strata = [(r["kind"], int(r["label"])) for r in rows]
    sizes = Counter(strata)
    # per-stratum targets that add up to n_labels (largest remainder)
    raw = {s: c * frac for s, c in sizes.items()}
    target = {s: int(v) for s, v in raw.items()}
    for s in sorted(raw, key=lambda s: (-(raw[s] - target[s]), s))[: n_labels - sum(target.values())]:
        target[s] += 1
    need = dict(target)
    by_group: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_group[r["group"]].append(i)
    large = sorted(g for g, idx in by_group.items() if len(idx) > max_whole)
    small = sorted(g for g in by_group if g not in large)
    labels: set[int] = set()
    for g in large:  # split row by row, each stratum in proportion
        per = defaultdict(list)
        for i in by_group[g]:
            per[strata[i]].append(i)
        for s in sorted(per):
            idx = per[s]
            rng.shuffle(idx)
            k = round(len(idx) * frac)
            labels.update(idx[:k])
            need[s] -= k
    rng.shuffle(small)
    for g in small:  # whole groups, to the labels while they fill what the strata still need
        counts = Counter(strata[i] for i in by_group[g])
        size = len(by_group[g])
        gain = sum(min(c, max(need[s], 0)) for s, c in counts.items())
        if 2 * gain >= size and len(labels) + size <= n_labels:
            labels.update(by_group[g])
            for s, c in counts.items():
                need[s] -= c
    # exactly n_labels: move rows of the split (large) groups, the strata furthest from their target first
    movable_in = [i for g in large for i in by_group[g] if i not in labels]
    movable_out = [i for g in large for i in by_group[g] if i in labels]
    rng.shuffle(movable_in)
    rng.shuffle(movable_out)
    while len(labels) < n_labels and movable_in:
        movable_in.sort(key=lambda i: -need[strata[i]])
        i = movable_in.pop(0)
        labels.add(i)
        need[strata[i]] -= 1
    while len(labels) > n_labels and movable_out:
        movable_out.sort(key=lambda i: need[strata[i]])
        i = movable_out.pop(0)
        labels.discard(i)
        need[strata[i]] += 1
    if len(labels) != n_labels:  # no large group to balance with: break whole groups (reported below)
        rest = [i for i in range(n) if i not in labels]
        rng.shuffle(rest)
        while len(labels) < n_labels:
            labels.add(rest.pop())
        extra = sorted(labels)
        rng.shuffle(extra)
        while len(labels) > n_labels:
            labels.discard(extra.pop())
    lab = sorted(labels)
    test = [i for i in range(n) if i not in labels]
    lab_groups = {rows[i]["group"] for i in lab}
    test_groups = {rows[i]["group"] for i in test}
    shared = sorted(lab_groups & test_groups)
    info = {
        "seed": seed,
        "max_whole_group": max_whole,
        "labels": len(lab),
        "test": len(test),
        "labels_by_stratum": _strata_counts(rows, lab),
        "test_by_stratum": _strata_counts(rows, test),
        "groups": len(by_group),
        "groups_split": {
            g: {"labels": sum(rows[i]["group"] == g for i in lab), "test": sum(rows[i]["group"] == g for i in test)}
            for g in shared
        },  # fmt: skip
        "groups_whole_in_labels": len(lab_groups - test_groups),
        "groups_whole_in_test": len(test_groups - lab_groups),
        "test_rows_in_groups_seen_in_labels": sum(rows[i]["group"] in lab_groups for i in test),
    }
    return lab, test, info


def _strata_counts(rows, idx) -> dict:
    c = Counter(f"{rows[i]['kind']}/{rows[i]['label']}" for i in idx)
    return dict(sorted(c.items()))


# ------------------------------------------------------------------------------------------------ the product


class Imt:
    """`imt` commands in one private home and index; stderr lines are shown as progress and kept."""

    def __init__(self, env: dict, tag: str):
        self.env, self.tag = env, tag

    def __call__(self, *args: str, check: bool = True) -> tuple[int, str, str]:
        cmd = [sys.executable, str(ROOT / "cli.py"), *args]
        log(f"{self.tag} $ imt {' '.join(args)}")
        proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, bufsize=1)  # fmt: skip
        err_lines = []
        for line in proc.stderr:  # progress as it comes (stdout is small: JSON or one line)
            line = line.rstrip("\n")
            for part in line.split("\r"):
                if part.strip():
                    err_lines.append(part)
                    log(f"{self.tag}   {part}")
        out = proc.stdout.read()
        rc = proc.wait()
        if check and rc != 0:
            raise RuntimeError(f"imt {' '.join(args)} failed ({rc}): {' | '.join(err_lines[-5:])}")
        return rc, out, "\n".join(err_lines)

    def versions(self) -> list[str]:
        _, out, _ = self("model", "list", "--json")
        return [json.loads(line)["version"] for line in out.splitlines() if line.strip()]


def metrics(y: list[int], scores: list[float], pred: list[int]) -> dict:
    from sklearn.metrics import average_precision_score

    tp = sum(1 for a, b in zip(y, pred, strict=True) if a == 1 and b == 1)
    fp = sum(1 for a, b in zip(y, pred, strict=True) if a == 0 and b == 1)
    fn = sum(1 for a, b in zip(y, pred, strict=True) if a == 1 and b == 0)
    neg = sum(1 for a in y if a == 0)
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f1 = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return {
        "n": len(y),
        "positives": int(sum(y)),
        "flagged": int(sum(pred)),
        "precision": _r(p),
        "recall": _r(r),
        "f1": _r(f1),
        "pr_auc": _r(average_precision_score(y, scores)) if 0 < sum(y) < len(y) else None,
        "fp_rate": _r(fp / neg) if neg else None,
    }


def _r(x) -> float | None:
    return None if x is None else round(float(x), 4)


def score_report(rows: list[dict], test: list[int], scored: dict, seen_groups: set) -> dict:
    y = [int(rows[i]["label"]) for i in test]
    s = [scored[rows[i]["id"]]["score"] for i in test]
    p = [int(scored[rows[i]["id"]]["label"]) for i in test]
    out = {"overall": metrics(y, s, p), "by_kind": {}, "by_group_seen": {}}
    kinds = sorted({rows[i]["kind"] for i in test})
    for kind in kinds:
        pick = [j for j, i in enumerate(test) if rows[i]["kind"] == kind]
        out["by_kind"][kind] = metrics([y[j] for j in pick], [s[j] for j in pick], [p[j] for j in pick])
    for name, seen in (("seen_in_labels", True), ("unseen_in_labels", False)):
        pick = [j for j, i in enumerate(test) if (rows[i]["group"] in seen_groups) == seen]
        if pick:
            out["by_group_seen"][name] = metrics([y[j] for j in pick], [s[j] for j in pick], [p[j] for j in pick])
    return out


def model_facts(meta: dict) -> dict:
    cv = meta.get("cv") or {}
    sel = cv.get("threshold_selection") or {}
    lab = cv.get("labels") or {}
    ctx = cv.get("context") or {}
    return {
        "version": meta.get("version"),
        "threshold": meta.get("threshold"),
        "context_threshold": ctx.get("threshold"),
        "threshold_source": sel.get("on"),
        "threshold_rule": sel.get("rule"),
        "threshold_n_docs": sel.get("n_docs"),
        "counts": meta.get("counts"),
        "label_weight": lab.get("weight"),
        "label_weight_candidates": lab.get("candidates"),
        "label_folds": lab.get("folds"),
        "held_out_labels_before": _pick(lab.get("before")),
        "held_out_labels_after": _pick(lab.get("after")),
        "cv": {k: cv.get(k) for k in ("pr_auc", "f1", "precision", "recall", "n_docs")},
        "train_seconds": cv.get("train_seconds"),
    }


def _pick(m: dict | None) -> dict | None:
    return None if not m else {k: m.get(k) for k in ("f1", "precision", "recall", "pr_auc")}


def one_seed(rows: list[dict], seed: int, n_labels: int, max_whole: int, es_url: str) -> dict:
    tag = f"[seed {seed}]"
    lab, test, split = split_rows(rows, n_labels, seed, max_whole)
    log(f"{tag} split: {len(lab)} labels {split['labels_by_stratum']}, {len(test)} test; "
        f"groups split: {split['groups_split']}")  # fmt: skip
    home = Path(tempfile.mkdtemp(prefix=f"imt-labels-bench-{seed}-"))
    index = f"imt-lb-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, PYTHONPATH=str(ROOT), IMT_HOME=str(home), IMT_INDEX=index, IMT_ES_URL=es_url)
    imt = Imt(env, tag)
    result: dict = {"seed": seed, "index": index, "split": split}
    try:
        label_file, test_file = home / "labels.jsonl", home / "test.jsonl"
        with label_file.open("w", encoding="utf-8") as fh:
            for i in lab:
                r = rows[i]
                fh.write(json.dumps({k: r[k] for k in ("text", "label", "kind", "lang", "group")},
                                    ensure_ascii=False) + "\n")  # fmt: skip
        with test_file.open("w", encoding="utf-8") as fh:
            for i in test:  # id and text only: no container field, so each text is scored alone
                fh.write(json.dumps({"id": rows[i]["id"], "text": rows[i]["text"]}, ensure_ascii=False) + "\n")
        lab_texts = {rows[i]["text"].strip() for i in lab}
        result["test_texts_identical_to_a_label"] = sum(rows[i]["text"].strip() in lab_texts for i in test)

        _, out, _ = imt("labels", "import", str(label_file), "--json")
        result["import"] = json.loads(out.strip().splitlines()[-1])

        seen = {rows[i]["group"] for i in lab}
        t0 = time.monotonic()
        imt("train", "--no-labels")
        result["train_before_seconds"] = round(time.monotonic() - t0, 1)
        (before,) = imt.versions()
        models = {"before": model_facts(json.loads(imt("model", "show", before, "--json")[1]))}
        result["models"] = models
        out_before = home / "scored-before.jsonl"
        imt("classify", str(test_file), "-o", str(out_before))  # the baseline is the active model
        result["held_out"] = {"before": score_report(rows, test, _read_scores(out_before), seen)}

        t0 = time.monotonic()
        rc, _, err_after = imt("train", check=False)
        result["train_after_seconds"] = round(time.monotonic() - t0, 1)
        result["train_after_report"] = [ln.strip() for ln in err_after.splitlines()
                                        if ln.strip().startswith(("Trained", "threshold", "held-out labels",
                                                                  "authors held out", "context model", "error"))
                                        or "labels weighed" in ln or "stored labels" in ln]  # fmt: skip
        if rc != 0:  # the product failed: say exactly how, and measure nothing after
            result["after_error"] = {"command": "imt train", "exit_code": rc,
                                     "message": err_after.strip().splitlines()[-1] if err_after.strip() else "",
                                     "traceback": _last_traceback(home)}  # fmt: skip
            log(f"{tag} imt train (with labels) failed: {result['after_error']['message']}")
            return result
        after = next(v for v in imt.versions() if v != before)
        models["after"] = model_facts(json.loads(imt("model", "show", after, "--json")[1]))

        rc, _, err = imt("model", "promote", after, "--no-rescore", check=False)
        result["promotion"] = {"refused": rc != 0, "message": err.strip()[-300:] if rc else None}
        if rc != 0:  # the registry's PR-AUC guard: measured anyway, and reported
            imt("model", "promote", after, "--no-rescore", "--force")
        out_after = home / "scored-after.jsonl"
        imt("classify", str(test_file), "-o", str(out_after))
        result["held_out"]["after"] = score_report(rows, test, _read_scores(out_after), seen)
        b, a = result["held_out"]["before"]["overall"], result["held_out"]["after"]["overall"]
        log(
            f"{tag} held-out rows: F1 {b['f1']} -> {a['f1']}, precision {b['precision']} -> {a['precision']}, "
            f"recall {b['recall']} -> {a['recall']}, PR-AUC {b['pr_auc']} -> {a['pr_auc']}; "
            f"weight {models['after']['label_weight']}, threshold from {models['after']['threshold_source']}"
        )
    finally:
        result["cleanup"] = cleanup(es_url, index, home)
        log(f"{tag} cleaned up: {result['cleanup']}")
    return result


def _last_traceback(home: Path) -> str:
    """The last traceback in the run's log (the home is deleted afterwards)."""
    try:
        text = (home / "logs" / "imt.log").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    at = text.rfind("Traceback (most recent call last)")
    return text[at:].strip()[-3000:] if at >= 0 else text.strip()[-1500:]


def _read_scores(path: Path) -> dict:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            out[d["id"]] = {"score": float(d["score"]), "label": int(d["label"])}
    return out


def cleanup(es_url: str, index: str, home: Path) -> dict:
    from elasticsearch import Elasticsearch

    from search.context import context_alias
    from search.labels import labels_alias

    for alias in (index, labels_alias(index), context_alias(index)):
        drop_index(es_url, alias)
    es = Elasticsearch(es_url, request_timeout=30)
    try:  # anything else the run created under its unique prefix
        left = list(es.indices.get(index=f"{index}*", expand_wildcards="all"))
        for name in left:
            es.indices.delete(index=name, ignore_unavailable=True)
        remaining = list(es.indices.get(index=f"{index}*", expand_wildcards="all"))
    finally:
        es.close()
    shutil.rmtree(home, ignore_errors=True)
    return {"indices_left": remaining, "home_removed": not home.exists()}


# ------------------------------------------------------------------------------------------------ the report

SUMMARY_KEYS = ("f1", "precision", "recall", "pr_auc")
EMPTY = {"overall": {}, "by_kind": {}, "by_group_seen": {}}


def _held(r: dict, when: str) -> dict:
    return r["held_out"].get(when) or EMPTY


def summarize(per_seed: list[dict]) -> dict:
    def mean(values):
        values = [v for v in values if v is not None]
        return round(statistics.fmean(values), 4) if values else None

    out = {}
    for when in ("before", "after"):
        held = [_held(s, when) for s in per_seed if when in s["held_out"]]
        o = {"seeds_measured": len(held)}
        o.update({k: mean([h["overall"][k] for h in held]) for k in SUMMARY_KEYS})
        o["market_listing_recall"] = mean([h["by_kind"].get("market_listing", {}).get("recall") for h in held])
        for kind in NEGATIVE_KINDS_SHOWN:
            o[f"{kind}_fpr"] = mean([h["by_kind"].get(kind, {}).get("fp_rate") for h in held])
        o["negatives_fpr"] = mean([h["overall"]["fp_rate"] for h in held])
        out[when] = o
    f1s = [_held(s, "after")["overall"].get("f1") for s in per_seed]
    measured = out["after"]["seeds_measured"] == len(per_seed)
    out["goal"] = {
        "f1_after_at_least": GOAL_F1,
        "measured": measured,
        "met_by_mean": measured and out["after"]["f1"] is not None and out["after"]["f1"] >= GOAL_F1,
        "met_by_every_seed": measured and all(f is not None and f >= GOAL_F1 for f in f1s),
        "seeds_meeting": sum(f is not None and f >= GOAL_F1 for f in f1s),
    }
    out["label_weights"] = [s["models"].get("after", {}).get("label_weight") for s in per_seed]
    out["threshold_sources"] = [s["models"].get("after", {}).get("threshold_source") for s in per_seed]
    out["errors"] = [{"seed": s["seed"], **s["after_error"]} for s in per_seed if s.get("after_error")]
    for e in out["errors"]:
        e.pop("traceback", None)
    return out


def _f(v) -> str:
    return "-" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


def _verdict(res: dict) -> str:
    s, goal, n = res["summary"], res["summary"]["goal"], len(res["seeds"])
    if not goal["measured"]:
        errs = s["errors"]
        why = errs[0]["message"] if errs else "no result"
        return (f"NOT MEASURED: `imt train` with the labels failed on {len(errs)}/{n} seeds ({why}); "
                f"see 'Product failure' below")  # fmt: skip
    if goal["met_by_every_seed"]:
        return f"met (mean F1 after {_f(s['after']['f1'])}; every seed reaches it)"
    if goal["met_by_mean"]:
        return f"met by the mean ({_f(s['after']['f1'])}) but not by every seed ({goal['seeds_meeting']}/{n})"
    return f"NOT met (mean F1 after {_f(s['after']['f1'])}; {goal['seeds_meeting']}/{n} seeds reach it)"


def markdown(res: dict) -> str:
    s = res["summary"]
    lines = [
        "# The analysts' loop: labels imported, model retrained, scored on held-out rows",
        "",
        f"Data: `{res['data']}` ({res['rows']} real public texts). Per seed, {res['n_labels']} rows are imported "
        f"as labels with `imt labels import` and the other {res['rows'] - res['n_labels']} are the held-out test "
        "set; split stratified by (kind, label), a group kept on one side where possible (groups of more than "
        f"{res['max_whole_group']} rows, the market dumps, are split row by row). "
        "`imt train --no-labels` gives *before*, `imt train` (corpus + stored labels) gives *after*; each scores "
        "the held-out rows with `imt classify` as the active model (the labelled one after "
        "`imt model promote --no-rescore`). Fresh temporary IMT_HOME and a unique index per seed, deleted "
        f"afterwards. Produced by `bench/labels_bench.py` (commit {res['commit'][:10]}, seeds {res['seeds_used']}).",
        "",
        f"**Goal: F1 >= {GOAL_F1} on the held-out rows after the labels: {_verdict(res)}.**",
        "",
        "## Held-out rows, before -> after",
        "",
        "| seed | F1 | precision | recall | PR-AUC | listing recall | news FPR | other FPR | other_illicit FPR "
        "| weight | threshold from |",
        "| --- |" + " ---: |" * 8 + " ---: | --- |",
    ]

    def pair(b, a):
        return f"{_f(b)} -> {_f(a)}"

    for r in res["seeds"]:
        hb, ha = _held(r, "before"), _held(r, "after")
        kb, ka = hb["by_kind"], ha["by_kind"]
        m = r["models"].get("after") or {}
        cells = [pair(hb["overall"].get(k), ha["overall"].get(k)) for k in SUMMARY_KEYS]
        cells.append(pair(kb.get("market_listing", {}).get("recall"), ka.get("market_listing", {}).get("recall")))
        cells += [pair(kb.get(k, {}).get("fp_rate"), ka.get(k, {}).get("fp_rate")) for k in NEGATIVE_KINDS_SHOWN]
        cells += [_f(m.get("label_weight")),
                  f"{m['threshold_source']} ({m['threshold_rule']})" if m else "- (imt train failed)"]  # fmt: skip
        lines.append(f"| {r['seed']} | " + " | ".join(cells) + " |")
    b, a = s["before"], s["after"]
    cells = [pair(b[k], a[k]) for k in SUMMARY_KEYS] + [pair(b["market_listing_recall"], a["market_listing_recall"])]
    cells += [pair(b[f"{k}_fpr"], a[f"{k}_fpr"]) for k in NEGATIVE_KINDS_SHOWN] + ["", ""]
    lines.append("| **mean** | " + " | ".join(cells) + " |")

    if s["errors"]:
        e = next(r["after_error"] for r in res["seeds"] if r.get("after_error"))
        lines += ["", "## Product failure", "",
                  f"`{e['command']}` (with the {res['n_labels']} stored labels) exited {e['exit_code']} on seeds "
                  + ", ".join(str(x["seed"]) for x in s["errors"]) + f": `{e['message']}`. Traceback (first seed):",
                  "", "```", e["traceback"] or "(no traceback in the log)", "```"]  # fmt: skip

    lines += ["", "## Per seed: split, training, slices", ""]
    for r in res["seeds"]:
        sp, mb, ma = r["split"], r["models"]["before"], r["models"].get("after")
        hb, ha = _held(r, "before"), _held(r, "after")
        lines += [
            f"### Seed {r['seed']}",
            "",
            f"- Labels: {sp['labels']} ({_strata(sp['labels_by_stratum'])}); imported {r['import']['imported']}, "
            f"duplicates {r['import']['duplicates']}. Test: {sp['test']} ({_strata(sp['test_by_stratum'])}).",
            f"- Groups: {sp['groups']}; split across both sides: "
            + (", ".join(f"{g} ({v['labels']} labels / {v['test']} test)" for g, v in sp["groups_split"].items())
               or "none")
            + f"; {sp['test_rows_in_groups_seen_in_labels']} test rows come from a group that also gave labels; "
            f"{r['test_texts_identical_to_a_label']} test texts are identical to a label text.",
            f"- Before: {mb['version']}, threshold {mb['threshold']} from {mb['threshold_source']} "
            f"({mb['threshold_rule']}).",
        ]  # fmt: skip
        if ma:
            lines += [
                f"- After: {ma['version']}, label weight {_f(ma['label_weight'])} chosen by {ma['label_folds']}-fold "
                "grouped CV on the labels ("
                + ", ".join(f"{w}: F1 {v['f1']}" for w, v in (ma["label_weight_candidates"] or {}).items())
                + f"); threshold {ma['threshold']} from {ma['threshold_source']} ({ma['threshold_rule']}, "
                f"{ma['threshold_n_docs']} documents); `imt train` said held-out labels F1 "
                f"{_f(_get(ma['held_out_labels_before'], 'f1'))} -> {_f(_get(ma['held_out_labels_after'], 'f1'))}.",
                "- Promotion: "
                + ("refused by the registry's PR-AUC guard, promoted with --force to measure: "
                   + (r["promotion"]["message"] or "") if r["promotion"]["refused"] else "accepted")
                + ".",
            ]  # fmt: skip
        else:
            lines.append(f"- After: not measured, `imt train` failed: `{r['after_error']['message']}`.")
        lines += [
            "",
            "| slice | n | positives | flagged before -> after | F1 | precision | recall | FPR |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        slices = [("all", hb["overall"], ha["overall"])]
        slices += [(f"kind={k}", hb["by_kind"][k], ha["by_kind"].get(k, {})) for k in hb["by_kind"]]
        slices += [(f"groups {k.replace('_', ' ')}", hb["by_group_seen"][k], ha["by_group_seen"].get(k, {}))
                   for k in hb["by_group_seen"]]  # fmt: skip
        for name, x, y in slices:
            lines.append(f"| {name} | {x['n']} | {x['positives']} | {x['flagged']} -> {_f(y.get('flagged'))} | "
                         f"{pair(x['f1'], y.get('f1'))} | {pair(x['precision'], y.get('precision'))} | "
                         f"{pair(x['recall'], y.get('recall'))} | "
                         f"{pair(x['fp_rate'], y.get('fp_rate'))} |")  # fmt: skip
        lines.append("")
    lines.append(
        "Precision, recall, F1 and FPR at the product's own label (`imt classify`: the model's threshold, or its "
        "context model's for a text seen alone); PR-AUC on its score. Training seconds (before / after; not "
        "asserted): "
        + ", ".join(f"seed {r['seed']} {r.get('train_before_seconds')}s / {r.get('train_after_seconds')}s"
                    for r in res["seeds"]) + "."
    )  # fmt: skip
    return "\n".join(lines) + "\n"


def _get(d: dict | None, key: str):
    return (d or {}).get(key)


def _strata(d: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in d.items())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--labels", type=int, default=200, help="rows of public.jsonl imported as labels")
    ap.add_argument("--max-whole", type=int, default=40,
                    help="groups with more rows than this are split row by row (the market dumps)")  # fmt: skip
    args = ap.parse_args()
    es_url = os.environ.get("IMT_ES_URL") or "http://127.0.0.1:9200"
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not 0 < args.labels < len(rows):
        raise SystemExit(f"--labels must be between 1 and {len(rows) - 1}")
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    started = time.monotonic()
    per_seed = []
    for seed in args.seeds:
        log(f"== seed {seed} ({len(per_seed) + 1}/{len(args.seeds)})")
        per_seed.append(one_seed(rows, seed, args.labels, args.max_whole, es_url))
    res = {
        "bench": "labels_loop",
        "data": str(DATA.relative_to(ROOT)),
        "rows": len(rows),
        "n_labels": args.labels,
        "max_whole_group": args.max_whole,
        "seeds_used": args.seeds,
        "goal": f"F1 >= {GOAL_F1} on the held-out rows after the labels",
        "commit": commit,
        "python": platform.python_version(),
        "es_url": es_url,
        "seconds": round(time.monotonic() - started, 1),
        "summary": summarize(per_seed),
        "seeds": per_seed,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "labels_loop.json").write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n")
    (RESULTS / "labels_loop.md").write_text(markdown(res))
    print(markdown(res))


if __name__ == "__main__":
    main()
