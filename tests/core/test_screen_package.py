"""The screen is a package of parts that import one another one way only, lazy imports included."""

import ast
import graphlib
from pathlib import Path

import attune.core.screen

PACKAGE = Path(attune.core.screen.__file__).parent
PREFIX = "attune.core.screen"


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PREFIX):
            if node.module == PREFIX:
                names.update(f"{PREFIX}.{alias.name}" for alias in node.names)
            else:
                names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name.startswith(f"{PREFIX}."))
    return names


def test_its_modules_import_each_other_without_a_cycle():
    graph = {
        f"{PREFIX}.{path.stem}": imports_of(path)
        for path in PACKAGE.glob("*.py")
        if path.stem != "__init__"
    }
    assert len(graph) >= 6
    order = list(graphlib.TopologicalSorter(graph).static_order())  # raises CycleError
    assert order.index(f"{PREFIX}.tiers") < order.index(f"{PREFIX}.screening")


def test_the_tiers_are_ordered_numbers():
    from attune.core.screen.tiers import Tier

    assert [int(t) for t in Tier] == [0, 1, 2]
    assert Tier.RESOURCES > Tier.CHECK_IN > Tier.NONE
