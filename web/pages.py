"""The investigator pages: search (with facets and exports), a document, its evidence, an entity."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from classifier.labels import text_hash
from core.clock import now_iso
from core.evidence import CorruptObject, EvidenceStore, ManifestIndex
from search import documents
from search.export import export as run_export
from search.labels import labels_alias, stored_labels, write_labels
from search.query import (
    ENTITY_FIELDS,
    PROFILE_FIELDS,
    Filters,
    QueryError,
    entity_show,
    facets,
    parse_entity,
    search_with_facets,
)
from search.query import search as run_search
from web import params as search_params
from web.common import AnalystPost, AppState, Investigator, InvestigatorPost, Viewer, redirect, render, state
from web.i18n import N_
from web.render import bars, columns, entity_spans, query_url, segments
from web.security import CAPTURE_CSP
from core import entity_types

router = APIRouter(include_in_schema=False)
SHA256 = r"[0-9a-f]{64}"
_SHA = re.compile(SHA256)
TEXT_VIEW_LIMIT = 2_000_000
LABEL_VALUES = {"1": 1, "0": 0, "unsure": None}
FACET_ORDER = ("label", "source", "kind", "substance", "place", "lang")
ENTITY_FACETS = ("substance", "place")  # facets filtered through --entity TYPE:VALUE
# explanation terms marked in the text: at least this share of the strongest weight
HIGHLIGHT_SHARE = 0.15


# ---------------------------------------------------------------------------------------------------- search


def _facet_links(p: search_params.SearchParams, data: dict) -> list[dict]:
    """Each facet bucket with the URL that toggles it as a filter."""
    raw = p.raw
    out = []
    for name in FACET_ORDER:
        buckets = data.get(name) or []
        if not buckets:
            continue
        items = []
        for b in buckets:
            value = str(b["value"])
            if name in ENTITY_FACETS:
                key, val = "entity", f"{name}:{value}"
            elif name == "label":
                key, val = "label", value
            else:
                key, val = {"source": "source", "kind": "kind", "lang": "lang"}[name], value
            current = [v for k, v in raw if k == key]
            active = val in current
            if key == "label":
                new = None if active else val
            else:
                new = [c for c in current if c != val] if active else current + [val]
            items.append({"value": value, "count": b["count"], "active": active, "change": (key, new)})
        out.append({"name": name, "items": items})
    for name in entity_types.IDENTIFIERS:
        buckets = data.get(f"top_{name}") or []
        if buckets:
            current = [v for k, v in raw if k == "entity"]
            items = []
            for b in buckets:
                val = f"{name}:{b['value']}"
                active = val in current
                new = [c for c in current if c != val] if active else current + [val]
                items.append(
                    {
                        "value": str(b["value"]),
                        "count": b["count"],
                        "active": active,
                        "change": ("entity", new),
                        "entity": name,
                    }
                )
            out.append({"name": f"top_{name}", "items": items})
    return out


@router.get("/search")
def search_page(request: Request, v: Investigator):
    st = state(request)
    error, page, facet_data = None, None, {}
    try:
        p = search_params.parse(request)
    except QueryError as exc:
        p, error = search_params.SearchParams(), str(exc)
    searched = bool(p.raw) or "q" in request.query_params
    if error is None:
        try:
            if p.after:  # a later page: its hits only
                page = run_search(st.es(), st.index, p.q, size=p.size, filters=p.filters, sort=p.sort, after=p.after)
            else:  # the hits and the facets in one round trip
                page, facet_data = search_with_facets(st.es(), st.index, p.q, size=p.size, filters=p.filters,
                                                      sort=p.sort, facet_size=8, histogram=False)  # fmt: skip
        except QueryError as exc:
            error = str(exc)
        if searched:
            st.audit(
                request,
                v.name,
                "search",
                target=p.q,
                details=dict(p.as_dict(), after=bool(p.after), hits=page.total if page else None, error=error),
            )
    chips = [
        (k, val, query_url("/search", [pair for pair in p.raw if pair != (k, val)]))
        for k, val in p.raw
        if k not in ("q", "sort")
    ]
    return render(
        request,
        "search.html",
        v,
        p=p,
        page=page,
        error=error,
        facets=_facet_links(p, facet_data),
        searched=searched,
        base_params=p.raw,
        chips=chips,
    )


EXPORT_MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson", "case": "application/zip"}


def export_response(
    request: Request, st: AppState, v: Viewer, p: search_params.SearchParams, fmt: str, hold: bool = False
) -> Response:
    """Write the export to a temporary folder and stream it. With `hold` (POST requests only: a hold changes
    state), a case bundle holds its documents and captures against retention under the bundle's name."""
    if fmt not in EXPORT_MEDIA:
        raise QueryError(N_("unknown export format %(format)r; use csv, jsonl or case", format=fmt))
    folder = Path(tempfile.mkdtemp(prefix="imt-web-export-"))
    stamp = now_iso().replace(":", "").replace("-", "")
    name = f"imt-export-{stamp}." + ("zip" if fmt == "case" else fmt)
    target = folder / name
    try:
        result = run_export(
            st.es(),
            st.index,
            p.q,
            fmt=fmt,
            output=str(target),
            filters=p.filters,
            sort=p.sort,
            zip_=fmt == "case",
            evidence_dir=st.cfg.evidence_dir,
            hold_case=name.removesuffix(".zip") if fmt == "case" and hold else None,
            who=f"web:{v.name}",  # recorded as who exported (and who holds)
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    st.audit(
        request,
        v.name,
        "export",
        target=p.q,
        details=dict(
            p.as_dict(),
            format=fmt,
            documents=result.documents,
            captures=result.captures,
            manifest_sha256=result.manifest_sha256,
            hold=result.hold_case if result.hold_case and not result.hold_error else None,
        ),
    )
    return FileResponse(
        target,
        media_type=EXPORT_MEDIA[fmt],
        filename=name,
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )


@router.get("/export")
def export_page(request: Request, v: Investigator, format: str = "csv"):
    """An export link: CSV, JSON lines or a case bundle, which holds nothing (a GET changes no state)."""
    return export_response(request, state(request), v, search_params.parse(request), format, hold=False)


@router.post("/export")
def export_hold(request: Request, v: InvestigatorPost, format: Annotated[str, Form()] = "case"):
    """The search page's case-bundle button: the bundle holds its documents for the case (CSRF-checked). The
    search itself is in the query string, as for GET."""
    return export_response(request, state(request), v, search_params.parse(request), format, hold=True)


# ---------------------------------------------------------------------------------------------------- document


_MANIFESTS: dict[str, ManifestIndex] = {}


def _manifest_index(st: AppState) -> ManifestIndex:
    """An index of the evidence manifest that reads only what was appended since the last page."""
    key = str(st.cfg.evidence_dir)
    index = _MANIFESTS.get(key)
    if index is None:
        index = _MANIFESTS.setdefault(key, ManifestIndex(EvidenceStore(st.cfg.evidence_dir)))
    return index


def capture_record(st: AppState, capture_id: str | None, sha: str | None) -> dict | None:
    """The evidence manifest record of a capture (by capture id, else the latest with that sha256)."""
    try:
        return _manifest_index(st).lookup(capture_id, sha)
    except OSError:
        return None


def capture_purge(st: AppState, sha: str) -> dict | None:
    """The manifest's purge line for a capture retention deleted (None: not purged)."""
    try:
        return _manifest_index(st).purged(sha)
    except OSError:
        return None


def analysis_text(doc: dict) -> tuple[str, str, str]:
    title, text = doc.get("title") or "", doc.get("text") or ""
    return title, text, f"{title}\n{text}"


def explain(st: AppState, doc: dict) -> dict | None:
    loaded = st.model()
    if loaded is None:
        return None
    model, meta = loaded
    _title, _text, full = analysis_text(doc)
    result = model.analyze([full], top=15)[0]
    result["version"] = meta.get("version")
    result["threshold"] = float(meta.get("score_threshold", meta.get("threshold")) or 0)
    return result


def _split_spans(explanation: list[dict], title_len: int) -> tuple[list, list]:
    """Explanation spans (in title + newline + text) split into title spans and text spans."""
    in_title, in_text = [], []
    strongest = max((abs(item["weight"]) for item in explanation), default=0)
    for item in explanation:
        if abs(item["weight"]) < HIGHLIGHT_SHARE * strongest:
            continue  # the table lists every term; the text marks only those that weigh
        for start, end in item.get("spans") or []:
            span = (start, end, item["feature"], item["weight"])
            if end <= title_len:
                in_title.append(span)
            elif start > title_len:
                in_text.append((start - title_len - 1, end - title_len - 1, item["feature"], item["weight"]))
    return in_title, in_text


def stored_label(es, alias: str, key: str) -> int | None:
    """The stored label of one text (by its hash), in one real-time read: a labels index that does not exist yet
    is an error of that one document in the mget, not a request of its own to ask first."""
    doc = es.mget(docs=[{"_index": alias, "_id": key, "_source": ["label"]}])["docs"][0]
    return int(doc["_source"]["label"]) if doc.get("found") else None


def document_view(st: AppState, doc: dict) -> dict:
    title, text, full = analysis_text(doc)
    analysis = explain(st, doc)
    expl = analysis["explanation"] if analysis else []
    t_spans, x_spans = _split_spans(expl, len(title))
    ents = doc.get("entities") or {}
    es = st.es()
    stored = stored_label(es, labels_alias(st.index), text_hash(full))
    sha = doc.get("evidence_sha256")
    evidence = None
    if sha and _SHA.fullmatch(sha):
        store = EvidenceStore(st.cfg.evidence_dir)
        evidence = {"sha256": sha, "stored": store.has(sha), "record": capture_record(st, doc.get("capture_id"), sha)}
        if not evidence["stored"]:
            evidence["purge"] = capture_purge(st, sha)
    return {
        "doc": doc,
        "title_segments": segments(title, entity_spans(title, ents), t_spans),
        "text_segments": segments(text, entity_spans(text, ents), x_spans),
        "analysis": analysis,
        "entities": {k: v for k, v in ents.items() if v and k in ENTITY_FIELDS},
        "duplicates": documents.near_duplicates(es, st.index, doc.get("cluster_id"), exclude=doc["id"]),
        "history": list(reversed(doc.get("history") or [])),
        "evidence": evidence,
        "stored_label": stored,
    }


@router.get("/doc/{doc_id}")
def document_page(request: Request, v: Investigator, doc_id: str):
    st = state(request)
    doc = documents.get_document(st.es(), st.index, doc_id)
    if doc is None:
        raise HTTPException(404, N_("no such document"))
    st.audit(request, v.name, "view", target=doc_id, details={"url": doc.get("url")})
    return render(request, "doc.html", v, **document_view(st, doc))


def store_label(st: AppState, v: Viewer, doc: dict, value: str) -> dict:
    """Store an analyst's label of one document through search.labels, as `imt labels import` does (one label
    per text: title + newline + text, as the model scores it). "unsure" is never stored."""
    if value not in LABEL_VALUES:
        raise QueryError(N_("label must be 1, 0 or unsure, got %(label)r", label=value))
    label = LABEL_VALUES[value]
    _title, _text, full = analysis_text(doc)
    key = text_hash(full)
    alias = labels_alias(st.index)
    before = stored_labels(st.es(), alias, [key]).get(key)
    outcome = {"doc_id": doc["id"], "label": value, "previous": before, "stored": False}
    if label is not None:
        record = {
            "text": full,
            "text_hash": key,
            "label": label,
            "doc_id": doc["id"],
            "lang": doc.get("lang"),
            "kind": doc.get("kind"),
            "source": "web",
            "who": v.name,
            "labelled_at": now_iso(),
        }
        new, replaced, _same = write_labels(st.es(), alias, [record], replace=True)
        outcome["stored"] = bool(new or replaced)
    return outcome


@router.post("/doc/{doc_id}/label")
def label_document(request: Request, v: AnalystPost, doc_id: str, label: Annotated[str, Form()] = ""):
    st = state(request)
    doc = documents.get_document(st.es(), st.index, doc_id)
    if doc is None:
        raise HTTPException(404, N_("no such document"))
    outcome = store_label(st, v, doc, label)
    st.audit(request, v.name, "label", target=doc_id, details=outcome)
    if label == "unsure":
        shown = v.tr.gettext("Marked unsure: not stored (unsure labels never train the model).")
    else:
        name = v.tr.gettext("Trafficking") if label == "1" else v.tr.gettext("Not trafficking")
        shown = v.tr.gettext("Label saved: %(label)s.", label=name)
    return redirect(request, f"/doc/{doc_id}", shown)


# ---------------------------------------------------------------------------------------------------- evidence


def _capture(st: AppState, sha: str) -> bytes:
    if not _SHA.fullmatch(sha):
        raise HTTPException(404, N_("not a capture"))
    store = EvidenceStore(st.cfg.evidence_dir)
    try:
        return store.read(sha)
    except FileNotFoundError:
        raise HTTPException(404, N_("no such capture")) from None
    except CorruptObject:
        raise HTTPException(409, N_("this capture fails its own hash check: see `imt evidence verify`")) from None


def _charset(record: dict | None, body: bytes) -> str:
    content_type = " ".join(((record or {}).get("headers") or {}).get("Content-Type") or [])
    m = re.search(r"charset=[\"']?([A-Za-z0-9_\-]+)", content_type)
    if m:
        try:
            "".encode(m.group(1))
            return m.group(1)
        except LookupError:
            pass
    try:
        body[:200_000].decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1251"


def _is_html(record: dict | None, body: bytes) -> bool:
    content_type = " ".join(((record or {}).get("headers") or {}).get("Content-Type") or []).lower()
    if content_type:
        return "html" in content_type
    return body[:512].lstrip().lower().startswith((b"<!doctype html", b"<html"))


@router.get("/evidence/{sha}")
def evidence_text(request: Request, v: Investigator, sha: str):
    """The raw capture as escaped text, inside the app's page."""
    st = state(request)
    body = _capture(st, sha)
    record = capture_record(st, None, sha)
    charset = _charset(record, body)
    text = body[:TEXT_VIEW_LIMIT].decode(charset, "replace")
    st.audit(request, v.name, "view", target=f"evidence:{sha}", details={"as": "text"})
    return render(
        request,
        "evidence.html",
        v,
        sha=sha,
        text=text,
        record=record,
        size=len(body),
        charset=charset,
        cut=len(body) > TEXT_VIEW_LIMIT,
        warc=_warc_info(st, record),
    )


def _warc_info(st: AppState, record: dict | None) -> dict | None:
    """The WARC record of a capture (headers, server address, certificate), when its manifest line points at one;
    {"error": ...} when the record cannot be read (`imt evidence verify` says more)."""
    from core.warc import WARC_DIR, record_info

    pointer = (record or {}).get("warc")
    if not isinstance(pointer, dict):
        return None
    try:
        return {"pointer": pointer, **record_info(st.cfg.evidence_dir / WARC_DIR, pointer)}
    except Exception as exc:  # noqa: BLE001 - a missing or damaged file: shown, not a server error
        return {"pointer": pointer, "error": f"{type(exc).__name__}: {exc}"[:300]}


@router.get("/evidence/{sha}/frame")
def evidence_frame(request: Request, v: Investigator, sha: str):
    """The raw capture for the sandboxed iframe: its own CSP runs no script and loads nothing."""
    st = state(request)
    body = _capture(st, sha)
    record = capture_record(st, None, sha)
    kind = "text/html" if _is_html(record, body) else "text/plain"
    st.audit(request, v.name, "view", target=f"evidence:{sha}", details={"as": "sandbox"})
    return Response(
        body,
        media_type=f"{kind}; charset={_charset(record, body)}",
        headers={"content-security-policy": CAPTURE_CSP, "x-frame-options": "SAMEORIGIN"},
    )


@router.get("/evidence/{sha}/download")
def evidence_download(request: Request, v: Investigator, sha: str):
    st = state(request)
    body = _capture(st, sha)
    st.audit(request, v.name, "view", target=f"evidence:{sha}", details={"as": "download"})
    return Response(
        body,
        media_type="application/octet-stream",
        headers={
            "content-disposition": f'attachment; filename="{sha}.bin"',
            "content-security-policy": "sandbox; default-src 'none'",
        },
    )


@router.get("/evidence/{sha}/warc")
def evidence_warc(request: Request, v: Investigator, sha: str):
    """The capture's WARC record as stored (one gzip member: a .warc.gz any WARC tool opens)."""
    from core.warc import WARC_DIR, record_bytes

    st = state(request)
    if not _SHA.fullmatch(sha):
        raise HTTPException(404, N_("not a capture"))
    pointer = (capture_record(st, None, sha) or {}).get("warc")
    if not isinstance(pointer, dict):
        raise HTTPException(404, N_("this capture has no WARC record"))
    try:
        data = record_bytes(st.cfg.evidence_dir / WARC_DIR, pointer)
    except OSError:
        raise HTTPException(404, N_("this capture has no WARC record")) from None
    st.audit(request, v.name, "view", target=f"evidence:{sha}", details={"as": "warc"})
    return Response(data, media_type="application/warc",
                    headers={"content-disposition": f'attachment; filename="{sha}.warc.gz"',
                             "content-security-policy": "sandbox; default-src 'none'"})  # fmt: skip


# ---------------------------------------------------------------------------------------------------- entity


def entity_view(st: AppState, spec: str) -> dict:
    kind, value = parse_entity(spec)
    canonical = f"{kind}:{value}"
    report = entity_show(st.es(), st.index, canonical, size=50, top=8)
    if kind in PROFILE_FIELDS:  # a channel, vendor or site profile: its documents by the field itself
        quoted = value.replace("\\", "\\\\").replace('"', '\\"')
        per_day = facets(st.es(), st.index, f'{kind}:"{quoted}"', size=5)["fetched"]
    else:
        per_day = facets(st.es(), st.index, "", filters=Filters(entities=(canonical,)), size=5)["fetched"]
    nodes = [{"id": canonical, "type": kind, "value": value, "documents": report.documents, "center": True}]
    edges = []
    for other, buckets in report.co_occurring.items():
        for b in buckets:
            node_id = f"{other}:{b['value']}"
            nodes.append({"id": node_id, "type": other, "value": b["value"], "documents": b["documents"]})
            edges.append({"source": canonical, "target": node_id, "weight": b["documents"]})
    return {
        "report": report,
        "spec": canonical,
        "timeline": columns(per_day, width=720, height=160),
        "graph": {"nodes": nodes, "edges": edges},
        "sources_chart": bars(report.sources, key="value", count="documents"),
    }


@router.get("/entity")
def entity_page(request: Request, v: Investigator, spec: str = ""):
    st = state(request)
    if not spec:
        return render(request, "entity.html", v, report=None, spec="", error=None)
    try:
        view = entity_view(st, spec)
    except QueryError as exc:
        return render(request, "entity.html", v, report=None, spec=spec, error=str(exc), status=400)
    st.audit(request, v.name, "view", target=f"entity:{view['spec']}", details={"documents": view["report"].documents})
    return render(request, "entity.html", v, error=None, **view)
