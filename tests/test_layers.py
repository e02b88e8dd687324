"""Which package may import which, read from the source with `ast` (imports inside functions count too).

The layers: `cli`/`web` on top, then the crawler, the classifier and the search packages, then `config`. The
classifier knows text and labels only; the search side must not reach back into the crawler; nothing imports the
entry points. Import cycles between modules are listed where they still exist (KNOWN_*), so the refactoring of the
next issue removes them one by one: a new cycle or wrong-way import fails, and so does a listed one that is gone
(take it off the list)."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("cli", "web", "crawler", "classifier", "search", "demo", "config")

# package -> the packages of ours it may import
ALLOWED = {
    "cli": {"web", "crawler", "classifier", "search", "demo", "config"},
    "web": {"crawler", "classifier", "search", "config"},
    "crawler": {"classifier", "search", "config"},
    "search": {"classifier", "config"},
    "classifier": {"config"},
    "demo": {"config"},
    "config": set(),
}

# wrong-way imports still in the code (module -> module); each must go, none may be added
KNOWN_WRONG_WAY = {
    ("search.export", "crawler.evidence"),
    ("search.export", "crawler.progress"),
    ("search.retention", "crawler.evidence"),
}

# import cycles between modules still in the code (each a sorted tuple of the modules in one cycle)
KNOWN_CYCLES = {
    ("demo.changes", "demo.render", "demo.site"),
    ("demo.gen", "demo.vocab"),
    ("search.sessions", "search.users"),
    ("web.api", "web.app", "web.auth", "web.pages", "web.work"),
}


def _modules() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        single = ROOT / f"{pkg}.py"
        if single.is_file():
            out[pkg] = single
            continue
        for path in (ROOT / pkg).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            out[name.removesuffix(".__init__")] = path
    return out


def import_graph() -> dict[str, set[str]]:
    """module -> the modules of ours it imports (`from pkg import sub` counts as importing pkg.sub)."""
    mods = _modules()
    edges: dict[str, set[str]] = defaultdict(set)
    for name, path in mods.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative import: resolve against this module's package
                    parts = name.split(".")
                    parts = parts[: len(parts) - node.level + (path.name == "__init__.py")]
                    base = ".".join([*parts, *([node.module] if node.module else [])])
                subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in mods]
                targets = subs or [base]
            for t in targets:
                while t and t not in mods:  # `import a.b.c` of a name inside a module: the module
                    t = t.rpartition(".")[0]
                if t and t != name:
                    edges[name].add(t)
    return edges


def _cycles(edges: dict[str, set[str]]) -> set[tuple[str, ...]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: set[tuple[str, ...]] = set()
    counter = 0
    for start in list(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on.add(start)
        while work:
            v, it = work[-1]
            nxt = next(it, None)
            if nxt is not None:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on.add(nxt)
                    work.append((nxt, iter(sorted(edges.get(nxt, ())))))
                elif nxt in on:
                    low[v] = min(low[v], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    found.add(tuple(sorted(comp)))
    return found


def test_the_graph_is_read():
    edges = import_graph()
    assert "search.syntax" in edges and "classifier.normalize" in edges["search.syntax"]
    assert {"demo.html", "demo.onion"} <= edges["demo.proxy"]  # relative imports: `from . import html`
    # a cycle the walker must see: a synthetic graph
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == {("a", "b", "c")}


def test_no_wrong_way_import_between_packages():
    wrong = set()
    for src, targets in import_graph().items():
        for dst in targets:
            a, b = src.split(".")[0], dst.split(".")[0]
            if a != b and b not in ALLOWED[a]:
                wrong.add((src, dst))
    added = sorted(wrong - KNOWN_WRONG_WAY)
    gone = sorted(KNOWN_WRONG_WAY - wrong)
    assert not added, f"imports against the layers: {added}"
    assert not gone, f"no longer in the code, take them off KNOWN_WRONG_WAY: {gone}"


def test_no_new_import_cycle():
    cycles = _cycles(import_graph())
    added = sorted(cycles - KNOWN_CYCLES)
    gone = sorted(KNOWN_CYCLES - cycles)
    assert not added, f"import cycles: {added}"
    assert not gone, f"no longer in the code, take them off KNOWN_CYCLES: {gone}"


def test_a_search_loads_no_model_libraries():
    """`imt search` normalises its query with classifier.normalize: that must not load scikit-learn, SciPy or
    numpy (they cost about a second of every search typed at a shell)."""
    code = (
        "import sys, search.query, search.client, classifier, classifier.normalize\n"
        "classifier.normalize.normalize('Мeф 3акладка @shop_bot')\n"
        "print(sorted(m for m in ('sklearn', 'scipy', 'numpy') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
    # and the model is still there for whoever asks for it
    code = "import classifier; print(classifier.TraffickingClassifier.__name__)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "TraffickingClassifier"
