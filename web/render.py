"""Templates (Jinja2, autoescaped everywhere) and the helpers that turn text into safe markup.

Nothing captured from the web reaches a page unescaped: highlight markers are applied to escaped text, and
document text with its entity and explanation spans is handed to the template as plain segments that the
template escapes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from web import i18n

TEMPLATES = Path(__file__).resolve().parent / "templates"
_MARK = re.compile(r"\[([^\[\]]+)\]")


def marks(snippet: str | None) -> Markup:
    """A highlighted snippet (terms in [ ]) as HTML: escaped first, then the brackets become <mark>."""
    escaped = str(escape(snippet or ""))
    return Markup(_MARK.sub(lambda m: f"<mark>{m.group(1)}</mark>", escaped))


def to_json(value) -> Markup:
    """JSON for a <script type="application/json"> block: <, > and & escaped so it can never close the tag."""
    text = json.dumps(value, ensure_ascii=False)
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def query_url(path: str, params: dict | list, **changes) -> str:
    """`path` with the query string of `params` (a dict of str or list values) changed by `changes`
    (None removes a key)."""
    items: dict[str, list[str]] = {}
    pairs = params.items() if isinstance(params, dict) else params
    for key, value in pairs:
        items.setdefault(key, [])
        items[key] += value if isinstance(value, list) else [value]
    for key, value in changes.items():
        key = key.rstrip("_")
        if value is None:
            items.pop(key, None)
        else:
            items[key] = value if isinstance(value, list) else [value]
    flat = [(k, v) for k, vs in items.items() for v in vs if v not in ("", None)]
    return path + ("?" + urlencode(flat) if flat else "")


def entity_url(kind: str, value: str) -> str:
    return "/entity?spec=" + quote(f"{kind}:{value}", safe="")


def environment(lang: str = i18n.DEFAULT) -> Environment:
    """The templates in one interface language: jinja2.ext.i18n with that language's catalogue (`_()`, `gettext`,
    `ngettext`, `pgettext`, `{% trans %}`; web/babel.cfg extracts with the same options)."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True  # whitespace in a {% trans %} block is not part of the message
    i18n.install(env, lang)
    env.filters["marks"] = marks
    env.filters["tojson_safe"] = to_json
    env.filters["pct"] = lambda v: "-" if v is None else f"{float(v) * 100:.1f} %"
    env.filters["num"] = lambda v, d=3: "-" if v is None else f"{float(v):.{d}f}"
    env.filters["day"] = lambda v: (v or "")[:10]
    env.filters["minute"] = lambda v: (v or "").replace("T", " ")[:16]
    env.globals["query_url"] = query_url
    env.globals["entity_url"] = entity_url
    return env


# ---------------------------------------------------------------------------------------------------- spans

_PHONE_DIGITS = re.compile(r"\D+")


def _phone_pattern(e164: str) -> re.Pattern | None:
    digits = _PHONE_DIGITS.sub("", e164)
    tail = digits[-9:] if len(digits) >= 9 else digits
    if len(tail) < 7:
        return None
    sep = r"[\s\-().]{0,3}"
    return re.compile(sep.join(re.escape(d) for d in tail) + r"(?!\d)")


def entity_spans(text: str, entities: dict) -> list[tuple[int, int, str, str]]:
    """Where the document's entities occur in `text`: (start, end, type, value) — the value as indexed, so the
    link goes to the entity page."""
    out = []
    if not text:
        return out
    for kind in ("phone", "handle", "bot", "wallet", "onion", "email"):
        for value in entities.get(kind) or []:
            value = str(value)
            if kind == "phone":
                pattern = _phone_pattern(value)
            elif kind in ("handle", "bot"):
                pattern = re.compile(r"@?" + re.escape(value) + r"(?![\w])", re.I)
            else:
                pattern = re.compile(re.escape(value), re.I)
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                out.append((m.start(), m.end(), kind, value))
                if len(out) > 500:
                    return out
    return out


def segments(text: str, entity: list, explain: list) -> list[dict]:
    """`text` cut into segments for the template: plain, entity (a link) or explanation (a mark with the feature
    and its weight). Entities win where they overlap an explanation span; overlapping spans of one sort are
    merged into the first."""
    n = len(text)
    owner: list[dict | None] = [None] * n
    for start, end, feature, weight in explain:
        tag = {"cls": "pos" if weight > 0 else "neg", "title": f"{feature} ({weight:+.3f})"}
        for i in range(max(start, 0), min(end, n)):
            if owner[i] is None:
                owner[i] = tag
    for start, end, kind, value in entity:
        tag = {"cls": "ent", "kind": kind, "href": entity_url(kind, value), "title": f"{kind}:{value}", "id": start}
        for i in range(max(start, 0), min(end, n)):
            owner[i] = tag
    out: list[dict] = []
    i = 0
    while i < n:
        tag = owner[i]
        j = i + 1
        while j < n and owner[j] is tag:
            j += 1
        out.append(dict(tag or {}, text=text[i:j]))
        i = j
    return out


# ---------------------------------------------------------------------------------------------------- charts


def bars(buckets: list[dict], key: str = "value", count: str = "count", width: int = 360, row: int = 22) -> dict:
    """A horizontal bar chart as plain numbers for the SVG template."""
    top = max((b[count] for b in buckets), default=0) or 1
    label_w = 130
    items = []
    for i, b in enumerate(buckets):
        w = round((width - label_w - 50) * b[count] / top, 1)
        items.append({"label": str(b[key]), "count": b[count], "y": i * row, "w": max(w, 1), "x": label_w})
    return {"items": items, "width": width, "height": max(len(items) * row, row), "row": row}


def columns(buckets: list[dict], width: int = 720, height: int = 180) -> dict:
    """A per-day column chart (dates on x) as plain numbers for the SVG template."""
    n = len(buckets)
    top = max((b["count"] for b in buckets), default=0) or 1
    pad_l, pad_b = 36, 24
    step = (width - pad_l) / max(n, 1)
    cols = []
    for i, b in enumerate(buckets):
        h = round((height - pad_b - 8) * b["count"] / top, 1)
        cols.append(
            {
                "x": round(pad_l + i * step + step * 0.1, 1),
                "w": round(max(step * 0.8, 1), 1),
                "y": round(height - pad_b - h, 1),
                "h": h,
                "date": b["date"],
                "count": b["count"],
                "label": i % max(1, n // 8) == 0,
            }
        )
    return {"cols": cols, "width": width, "height": height, "top": top, "base": height - pad_b, "pad": pad_l}


def pr_curve(points: list[tuple[float, float]], operating: tuple[float, float] | None, size: int = 320) -> dict:
    """Recall (x) against precision (y) as an SVG polyline in a size x size box."""
    pad = 36
    inner = size - 2 * pad

    def xy(recall, precision):
        return round(pad + recall * inner, 1), round(size - pad - precision * inner, 1)

    poly = " ".join(f"{x},{y}" for x, y in (xy(r, p) for r, p in points))
    op = xy(*operating) if operating else None
    return {"size": size, "pad": pad, "inner": inner, "poly": poly, "op": op}
