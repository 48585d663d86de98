"""Strict security headers on every response."""

import pytest

PAGES = ["/", "/learn/", "/help/", "/learn/signs/lonely/", "/no-such-page/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_response_carries_a_strict_policy(client, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in ("no-referrer", "same-origin")
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", PAGES[:4])
def test_no_template_uses_inline_script_or_style(client, url):
    page = client.get(url).content.decode()
    assert "<script>" not in page and "style=" not in page and "<style" not in page
    assert " on" + "click=" not in page
