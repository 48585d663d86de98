"""Django's password backend, taking the signed-in person from the session's own query.

Every signed-in page loads the person named by the session. attune.accounts.sessions reads the
person with the session, in one query; this backend takes that person (checking it is the one
asked for), and otherwise looks the person up with a lookup compiled once. Everything else,
including checking the session against the password, is Django's.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from attune.accounts.models import User
from attune.accounts.sessions import take_person_read_with_session
from attune.toolkit.prepared import PreparedGet

_BY_ID = PreparedGet(User, ("pk",))


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        user = take_person_read_with_session(user_id) or _BY_ID.get(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
