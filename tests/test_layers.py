"""Which package may import which, read from the source with `ast` (imports inside functions count too).

The layers: `cli` (with its `commands`) and `web` on top, then `ops` (the workflows), then the crawler, the
classifier and the search packages, then `config` and `core` (clock, atomic writes, progress, the evidence store).
The classifier knows text and labels only; the search side must not reach back into the crawler; nothing imports
the entry points. Import cycles between modules are listed where they still exist (KNOWN_*), so that refactoring
removes them one by one: a new cycle or wrong-way import fails, and so does a listed one that is gone (take it off
the list). Also: the command modules stay short, and a long function says why."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("cli", "commands", "web", "ops", "crawler", "classifier", "search", "demo", "config", "core")

# package -> the packages of ours it may import
ALLOWED = {
    "cli": {"commands", "ops", "config", "core"},  # the command table and the error boundary
    "commands": {"web", "ops", "crawler", "classifier", "search", "demo", "config", "core"},
    "web": {"ops", "crawler", "classifier", "search", "config", "core"},
    "ops": {"crawler", "classifier", "search", "config", "core"},  # the workflows: crawl pipeline, training
    "crawler": {"classifier", "search", "config", "core"},
    "search": {"classifier", "config", "core"},
    "classifier": {"config", "core"},
    "demo": {"config", "core"},
    "config": {"core"},
    "core": set(),  # the clock, atomic writes, progress lines, the evidence store: nothing of ours below them
}

# wrong-way imports still in the code (module -> module); each must go, none may be added
KNOWN_WRONG_WAY: set[tuple[str, str]] = set()  # the last ones (search -> crawler.evidence/progress) went with core/

# import cycles between modules still in the code (each a sorted tuple of the modules in one cycle)
KNOWN_CYCLES: set[tuple[str, ...]] = set()


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


def _calls(tree: ast.AST, module: str, attr: str):
    """(function name, line) of every call of module.attr(...) in a parsed file."""
    stack = [(tree, "<module>")]
    while stack:
        node, fn = stack.pop()
        for child in ast.iter_child_nodes(node):
            name = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else fn
            f = getattr(child, "func", None)
            if (isinstance(child, ast.Call) and isinstance(f, ast.Attribute) and f.attr == attr
                    and isinstance(f.value, ast.Name) and f.value.id == module):  # fmt: skip
                yield name, child.lineno
            stack.append((child, name))


# os.replace outside core/files.py, each for a reason of its own
OWN_RENAMES = {
    ("commands/common.py", "atomic_output"),  # a device written in place, a one-line error for each failing errno
    ("commands/common.py", "write_into_folder"),  # several files staged in a folder, moved in together
    ("search/export.py", "_put_folder"),  # a case bundle folder swapped in whole, the old one kept on error
    ("search/export.py", "_write"),  # a zipped bundle, verified before it replaces the old one
    ("web/settings.py", "load_secret"),  # the first process to create the secret wins (link), a damaged one is replaced
}


def test_one_helper_for_atomic_writes_the_clock_and_the_user():
    """Files are replaced through core.files, "now" comes from core.clock and "who" from core.actor; a new
    hand-made copy fails."""
    renames, clocks, logins = set(), [], []
    for name, path in _modules().items():
        if name.startswith("core."):
            continue
        rel = str(path.relative_to(ROOT))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        renames |= {(rel, fn) for fn, _line in _calls(tree, "os", "replace")}
        logins += [f"{rel}:{line}" for _fn, line in _calls(tree, "getpass", "getuser")]
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "strftime" and node.args
                    and isinstance(node.args[0], ast.Constant) and node.args[0].value == "%Y-%m-%dT%H:%M:%SZ"
                    and len(node.args) == 2 and isinstance(node.args[1], ast.Call)
                    and getattr(node.args[1].func, "attr", "") == "gmtime" and not node.args[1].args):  # fmt: skip
                clocks.append(f"{rel}:{node.lineno}")
    assert not clocks, f"use core.clock.now_iso(): {clocks}"
    assert not logins, f"use core.actor.acting_user() (it honours IMT_USER): {logins}"
    assert renames <= OWN_RENAMES, f"use core.files.atomic_write / atomic_open: {sorted(renames - OWN_RENAMES)}"
    assert OWN_RENAMES <= renames, f"gone, take off OWN_RENAMES: {sorted(OWN_RENAMES - renames)}"


def test_one_table_of_entity_types():
    """The extractor fills, the index maps and the query language accepts the types of core.entity_types."""
    from core import entity_types
    from crawler.entities import flat
    from search.mapping import DOCS_MAPPING
    from search.syntax import ENTITY_FIELDS

    assert tuple(flat({})) == entity_types.INDEXED
    assert tuple(DOCS_MAPPING["properties"]["entities"]["properties"]) == entity_types.INDEXED
    assert tuple(ENTITY_FIELDS) == entity_types.SEARCHABLE


def test_one_table_of_look_alike_letters():
    """Latin/Cyrillic look-alikes are listed once (classifier.normalize.LOOKALIKE_*); the lexicon and the
    near-duplicate fingerprints derive their tables from it instead of spelling the letters out again."""
    spelled = []
    for name, path in _modules().items():
        if name == "classifier.normalize":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "асеор" in node.value:
                spelled.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not spelled, f"look-alike letters spelt out again (use lookalike_table): {spelled}"
    from classifier import lexicon, normalize
    from crawler import simhash

    assert "МЕФ".translate(normalize._CYR_TO_LAT) == "MEФ" and "mef".translate(lexicon._LAT_TO_CYR) == "меf"
    assert "kot".translate(simhash._TO_CYR) == "коt"  # simhash leaves m and t alone, as before


# product code: every module of ours (tests and benchmarks are not product code)
LONGEST_FUNCTION = 80  # lines, decorators not counted
LONGEST_COMMAND_FILE = 400  # lines, for cli.py and the command modules


def test_commands_stay_small():
    """cli.py is the command table and error boundary; the commands live in commands/, each module short
    enough to read in one sitting."""
    sizes = {str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
             for name, path in _modules().items() if name == "cli" or name.startswith("commands.")}  # fmt: skip
    assert len(sizes) >= 10, sizes  # the table and its modules were found
    big = {path: n for path, n in sizes.items() if n > LONGEST_COMMAND_FILE}
    assert not big, f"over {LONGEST_COMMAND_FILE} lines: {big}"


def test_no_long_function_without_a_reason():
    """A function over LONGEST_FUNCTION lines says why in a `# long: ...` comment just above it (generated demo
    text, say); the rest are split into parts that can be read and tested one by one."""
    long = []
    for path in _modules().values():
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            if node.end_lineno - node.lineno + 1 <= LONGEST_FUNCTION:
                continue
            first = min([d.lineno for d in node.decorator_list] + [node.lineno])
            if not lines[first - 2].strip().startswith("# long:"):
                long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1})")
    assert not long, f"functions over {LONGEST_FUNCTION} lines without a `# long:` reason: {long}"
