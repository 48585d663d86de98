"""The verbs that need no database (content and the safety model) never load Django, nor does
building the command line."""

import subprocess
import sys

import pytest

# Runs `attune WORDS...` in a fresh interpreter, then fails if any django module was imported.
PROBE = """
import sys
from attune.cli.main import main
try:
    code = main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
loaded = sorted(m for m in sys.modules if m.split(".")[0] == "django")
assert not loaded, f"django was loaded: {loaded[:3]}"
sys.exit(code)
"""


@pytest.mark.parametrize(
    "words",
    [
        ["--help"],
        ["score", "--help"],
        ["instruments", "list"],
        ["instruments", "show", "pulse"],
        ["check"],
        ["screen"],
        ["fhir", "questionnaire", "pulse"],
    ],
    ids=" ".join,
)
def test_it_never_loads_django(words):
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, *words],
        input="I feel fine today\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.returncode == 0, probe.stderr
