"""Django's password backend, loading the signed-in person with one prepared lookup.

Every signed-in page loads the person named by the session; the lookup is compiled once
(see attune.web.prepared) instead of on every request. Everything else is ModelBackend's.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from attune.accounts.models import User
from attune.web.prepared import PreparedGet

_BY_ID = PreparedGet(User, ("pk",))


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        user = _BY_ID.get(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
