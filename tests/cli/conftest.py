import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ATTUNE = Path(sys.executable).parent / "attune"


def run(
    *args: str, stdin: str | None = None, env: dict | None = None, timeout: float = 60
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ATTUNE), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def answers_file(tmp_path):
    def write(data, raw: str | None = None) -> str:
        path = tmp_path / "answers.json"
        path.write_text(raw if raw is not None else json.dumps(data))
        return str(path)

    return write
