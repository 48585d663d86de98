"""The one access helper for check-ups: the owner's, or 404 for anyone else."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from attune.checkups.models import Checkup


def get_checkup_for_user(request: HttpRequest, code: str) -> Checkup:
    """A stranger gets 404, never 403: the answer must not reveal that the check-up exists."""
    try:
        return Checkup.objects.get(code=code, user=request.user)
    except Checkup.DoesNotExist:
        raise Http404("No such check-up") from None
