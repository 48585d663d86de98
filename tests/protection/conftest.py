"""Fixtures for the protection tests: a linked couple, and the partner's own browser."""

import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def sam(member):
    """The partner's own browser."""
    browser = Client()
    browser.force_login(member)
    return browser
