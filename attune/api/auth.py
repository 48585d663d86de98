"""API authentication: a personal token (Authorization: Bearer ...) or the browser session."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from attune.api.models import ApiToken, hash_token

MAX_TOKEN_LENGTH = 200


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token or len(token) > MAX_TOKEN_LENGTH or "\x00" in token:
            return None
        found = ApiToken.objects.select_related("user").filter(token_hash=hash_token(token)).first()
        if found is None or not found.user.is_active:
            return None
        # The access helpers read request.user, as they do for pages.
        request.user = found.user
        return found.user


class SessionAuth(APIKeyCookie):
    """The browser session. Its CSRF check (403 on failure) applies only to a signed-in person,
    so a caller with no session always gets the one answer for "who are you?": 401."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


AUTH = [TokenAuth(), SessionAuth()]
