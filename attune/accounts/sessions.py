"""Sessions kept in the database, as Django keeps them, read with one prepared lookup.

The database keeps sessions so that logging out, a password change or deleting the account ends
them at once on every device. Reading one is the first query of every signed-in page, so the
lookup is compiled once (see attune.web.prepared) instead of on every request.
"""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from attune.web.prepared import PreparedGet

_LIVE = PreparedGet(Session, ("session_key", "expire_date__gt"), fields=("session_data",))


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Session | None:
        found = _LIVE.get(self.session_key, timezone.now())
        if found is None:
            self._session_key = None
        return found
