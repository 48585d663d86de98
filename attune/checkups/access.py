"""The one access helper for check-ups: the owner's, or 404 for anyone else."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from attune.checkups.models import Checkup
from attune.web.prepared import PreparedGet

# Every check-up page starts with this lookup, so it is compiled once (attune.web.prepared).
_OWNED = PreparedGet(Checkup, ("code", "user"))
# Just enough to know whether a kept report page is still current.
_OWNED_STAMP = PreparedGet(Checkup, ("code", "user"), fields=("finished_at", "updated_at"))


def get_checkup_for_user(request: HttpRequest, code: str, *, stamp_only: bool = False) -> Checkup:
    """A stranger gets 404, never 403: the answer must not reveal that the check-up exists.

    With stamp_only, only the check-up's id, owner and times are loaded (the rest loads when
    first read), which is all the report needs when its page is kept."""
    lookup = _OWNED_STAMP if stamp_only else _OWNED
    checkup = lookup.get(code, request.user.pk) if request.user.is_authenticated else None
    if checkup is None:
        raise Http404("No such check-up")
    return checkup
