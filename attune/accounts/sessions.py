"""Sessions kept in the database, as Django keeps them, read together with the person.

The database keeps sessions so that logging out, a password change or deleting the account ends
them at once on every device. Every signed-in page starts by reading the session and then the
person it names: here both come from one prepared query (a join, see attune.toolkit.prepared), and
the person is handed to attune.accounts.backends for this request only.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.utils import timezone

from attune.toolkit.prepared import PreparedGet

_LIVE: PreparedGet | None = None
# The person read with this request's session, until the sign-in check takes it (once).
_READ_WITH_SESSION: ContextVar[object | None] = ContextVar("read_with_session", default=None)


def _live() -> PreparedGet:
    global _LIVE
    if _LIVE is None:
        from attune.accounts.models import Session

        _LIVE = PreparedGet(
            Session, ("session_key", "expire_date__gt"), fields=("session_data",), related="user"
        )
    return _LIVE


def take_person_read_with_session(user_id: object):
    """The person read with this request's session if it is the one asked for, else None.
    Taken once: a later request on the same thread never sees it."""
    person = _READ_WITH_SESSION.get()
    _READ_WITH_SESSION.set(None)
    if person is not None and person.pk == user_id:
        return person
    return None


class SessionStore(db.SessionStore):
    @classmethod
    def get_model_class(cls):
        from attune.accounts.models import Session

        return Session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        session.user_id = int(user_id) if user_id is not None else None
        return session

    def _get_session_from_db(self):
        _READ_WITH_SESSION.set(None)
        found = _live().get(self.session_key, timezone.now())
        if found is None:
            self._session_key = None
            return None
        _READ_WITH_SESSION.set(found.user)
        return found
