"""Sessions end after the period of inactivity each person chose in their settings."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

# Touch the session at most once a minute: inactivity is measured to the minute without a
# database write on every request.
TOUCH_EVERY_S = 60
LAST_SEEN = "last_seen"


class InactivityTimeout:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN, now)
            if now - last > user.session_minutes * 60:
                logout(request)
                request.session["timed_out"] = True
            elif now - last >= TOUCH_EVERY_S or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
        return self.get_response(request)
