"""A web process starts without libraries only one rare path needs (the memory budget of
bench/report_load.py): numpy, onnxruntime and tokenizers load only when someone's words are
first screened, and icalendar only when a calendar feed is asked for."""

import os
import subprocess
import sys

PROBE = """
import sys
import django
django.setup()
import attune.web.urls
from django.urls import resolve
for path in ("/", "/checkups/", "/activities/", "/checkins/", "/couple/", "/learn/"):
    resolve(path)
print(" ".join(m for m in ("numpy", "onnxruntime", "tokenizers", "icalendar") if m in sys.modules))
"""


def test_loading_every_page_s_code_leaves_the_rare_libraries_unloaded(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "attune.web.settings",
        "ATTUNE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == ""
