"""The error pages wear the site's frame, quick exit included, and say little."""

import re

import pytest
from django.test import Client
from django.urls import path

from attune.web import urls as site_urls


def _has_quick_exit(page: str, settings) -> bool:
    found = re.search(r'<a [^>]*id="quick-exit"[^>]*>Quick exit</a>', page)
    return bool(found) and f'href="{settings.QUICK_EXIT_URL}"' in page


def _fails(request):
    raise RuntimeError("a fault")


urlpatterns = [*site_urls.urlpatterns, path("fails/", _fails)]
handler500 = site_urls.handler500


def test_it_frames_a_missing_page(client, settings):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert _has_quick_exit(page, settings)
    assert "Page not found" in page


def test_it_frames_a_form_refused_for_its_csrf_token(db, settings):
    response = Client(enforce_csrf_checks=True).post("/account/login/", {"username": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert _has_quick_exit(page, settings)
    assert "Please try again" in page
    assert "CSRF" not in page


@pytest.mark.urls("tests.web.test_error_pages")
def test_it_frames_a_fault(db, settings):
    response = Client(raise_request_exception=False).get("/fails/")
    assert response.status_code == 500
    page = response.content.decode()
    assert _has_quick_exit(page, settings)
    assert "Something went wrong" in page
    assert "a fault" not in page
