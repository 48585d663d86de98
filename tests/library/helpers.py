"""Page budget checks shared by the library's page tests."""

from __future__ import annotations

import re
from pathlib import Path

from django.contrib.staticfiles import finders

PAGE_BUDGET_BYTES = 60 * 1024


def page_weight(response) -> int:
    """Bytes of HTML plus every stylesheet and script the page links."""
    html = response.content.decode()
    total = len(response.content)
    for src in re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="/static/([^"]+)"', html):
        if src.endswith((".css", ".js")):
            total += Path(finders.find(src)).stat().st_size
    return total


def assert_no_inline_script_or_style(html: str) -> None:
    assert " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\son[a-z]+=", html)
