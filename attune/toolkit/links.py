"""Absolute links for e-mails and anything else read away from the site, from ATTUNE_BASE_URL:
never from the request's Host header, which whoever sends the request chooses."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    return settings.ATTUNE_BASE_URL + path


def absolute_url(name: str, *args: object) -> str:
    return absolute(reverse(name, args=args))
