"""The one access helper for check-ups: the owner's, or 404 for anyone else."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from attune.checkups.models import Checkup
from attune.toolkit.prepared import PreparedGet

# Every check-up page starts with this lookup, so it is compiled once (attune.toolkit.prepared).
_OWNED = PreparedGet(Checkup, ("code", "user"))


def get_checkup_for_user(request: HttpRequest, code: str) -> Checkup:
    """A stranger gets 404, never 403: the answer must not reveal that the check-up exists."""
    checkup = _OWNED.get(code, request.user.pk) if request.user.is_authenticated else None
    if checkup is None:
        raise Http404("No such check-up")
    return checkup
