"""Access helpers for couple mode: a person's own link or invitation, or 404 for anyone else."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from attune.couples.models import Invitation, Link


def get_link_for_user(request: HttpRequest, code: str) -> Link:
    """Only the two partners of an active link; a former partner or a stranger gets 404."""
    link = (
        Link.objects.active()
        .of(request.user)
        .filter(code=code)
        .select_related("first", "second")
        .first()
    )
    if link is None:
        raise Http404("No such link")
    return link


def get_invitation_for_user(request: HttpRequest, code: str) -> Invitation:
    try:
        return Invitation.objects.get(code=code, inviter=request.user)
    except Invitation.DoesNotExist:
        raise Http404("No such invitation") from None
