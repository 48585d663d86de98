"""The domain core stays free of Django: walk every module's imports."""

import ast
from pathlib import Path

import attune.core

CORE = Path(attune.core.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_it_has_modules_to_check():
    assert len(list(CORE.glob("*.py"))) >= 5


def test_it_imports_no_django_anywhere_in_the_core():
    offenders = {
        f"{path.name}: {name}"
        for path in CORE.rglob("*.py")
        for name in imported_modules(path)
        if name == "django" or name.startswith("django.") or name.startswith("attune.web")
    }
    assert not offenders, offenders


def test_it_loads_and_scores_without_django_in_a_fresh_interpreter():
    import subprocess
    import sys

    code = (
        "import sys, attune.core.report as r, attune.core.instruments as i\n"
        "r.build_report(i.get_instrument('checkup'), {})\n"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
