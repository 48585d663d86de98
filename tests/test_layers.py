"""Layers you can see: every import in attune/, read with `ast` (those inside functions too),
keeps to the layers docs/architecture.md draws:

    web (settings, URLs, WSGI)  and  cli      entry points: nothing imports them
    upkeep (backups, status, metrics)         read every app; only entry points call them
    apps (accounts, checkups, couples, ...)   never import another app's views; no circles
    toolkit                                   imports no app
    core (with content, which is data)        imports nothing else of Attune

What is still wrong stands in KNOWN below, one import a line with the reason. The list only
shrinks: an entry whose import is gone fails too, so it is struck when the import is cut.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from functools import cache
from pathlib import Path

import attune

PACKAGE = Path(attune.__file__).parent
# The toolkit (attune/toolkit): helpers every app may use (reading the environment, charts,
# prepared lookups, absolute links, kept pages, offline writes, the middleware for private pages
# and form encodings). It is a package of its own, apart from the composition root (attune/web).
TOOLKIT_MODULES = sorted(
    p.stem for p in (PACKAGE / "toolkit").glob("*.py") if p.stem not in {"__init__", "apps"}
)
ENTRY_POINTS = {"web", "cli"}
# Imports that break a rule today: "importer -> imported module": why it is there.
KNOWN: dict[str, str] = {
    # Circles between apps: the import named is the one that runs the wrong way.
    # Safety reads check-ups (who needs care is decided by their answers and notes), and the
    # check-up pages hand their free text to safety: checkups and safety stay one circle.
    "attune.safety.apps -> attune.checkups.signals": "safety wires its own listener to check-ups",
    "attune.safety.care -> attune.checkups.models": "who is protected: the latest check-up",
    "attune.safety.notices -> attune.checkups.models": "free-text care is kept on Checkup",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every attune module the file imports, at the top or inside a function."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from attune.x import y` may name a module y: count it as attune.x.y when it is one.
            for alias in node.names:
                whole = f"{base}.{alias.name}"
                found.add(whole if _is_module(whole) else base)
    return {name for name in found if name.startswith("attune.")}


def _is_module(name: str) -> bool:
    relative = Path(*name.split("."))
    root = PACKAGE.parent
    return (root / relative).with_suffix(".py").is_file() or (root / relative).is_dir()


@cache
def all_imports() -> frozenset[tuple[str, str]]:
    edges = set()
    for path in PACKAGE.rglob("*.py"):
        here = module_name(path)
        edges.update((here, there) for there in imports_of(path) if there != here)
    return frozenset(edges)


def layer_of(module: str) -> str:
    """core, toolkit, or the package (app or entry point) the module belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "attune"


def broken(rule) -> set[str]:
    return {f"{a} -> {b}" for a, b in all_imports() if rule(a, b)} - KNOWN.keys()


def test_it_reads_imports_inside_functions_too():
    # attune.web.apps registers the system checks from inside ready().
    assert ("attune.web.apps", "attune.web.checks") in all_imports()
    assert len(all_imports()) > 300


def test_the_core_imports_nothing_else_of_attune():
    def rule(a: str, b: str) -> bool:
        return layer_of(a) == "core" and layer_of(b) != "core"

    assert not broken(rule)


def test_the_toolkit_imports_no_app():
    def rule(a: str, b: str) -> bool:
        return layer_of(a) == "toolkit" and layer_of(b) not in {"toolkit", "core"}

    assert not broken(rule)


def test_nothing_imports_an_entry_point():
    def rule(a: str, b: str) -> bool:
        return layer_of(b) in ENTRY_POINTS and layer_of(a) != layer_of(b)

    assert not broken(rule)


def test_only_an_entry_point_calls_the_upkeep_tools():
    def rule(a: str, b: str) -> bool:
        return layer_of(b) == "upkeep" and layer_of(a) not in ENTRY_POINTS | {"upkeep"}

    assert not broken(rule)


def test_no_app_imports_another_apps_views():
    def rule(a: str, b: str) -> bool:
        last = b.rsplit(".", 1)[-1]
        is_view = last == "views" or last.startswith("views_")
        return is_view and layer_of(a) != layer_of(b) and layer_of(a) != "web"

    assert not broken(rule)


def circles(edges: set[tuple[str, str]]) -> list[list[str]]:
    """The strongly connected groups of two or more layers (Tarjan's algorithm)."""
    after: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        if layer_of(a) != layer_of(b):
            after[layer_of(a)].add(layer_of(b))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in after[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in list(after):
        if node not in index:
            visit(node)
    return found


def test_the_package_graph_has_no_circle():
    known = {tuple(edge.split(" -> ")) for edge in KNOWN}
    assert circles(set(all_imports()) - known) == []


def test_it_finds_a_circle_when_there_is_one():
    edges = {("attune.couples.views", "attune.api.models"), ("attune.api.x", "attune.couples.y")}
    assert circles(edges) == [["api", "couples"]]


def test_every_known_exception_is_still_there():
    stale = {edge for edge in KNOWN if tuple(edge.split(" -> ")) not in all_imports()}
    assert not stale, f"cut already: strike them from KNOWN: {sorted(stale)}"


def test_the_architecture_page_names_every_package_and_toolkit_module():
    page = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    drawn = page.split("```")[1]
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and any(p.glob("*.py"))}
    missing = {name for name in packages if name not in drawn}
    missing |= {name for name in TOOLKIT_MODULES if name not in drawn}
    assert not missing, f"docs/architecture.md does not draw: {sorted(missing)}"
