"""The home page's check-in card: {% load checkins %}{% partner_request user %}."""

from __future__ import annotations

from django import template

from attune.checkins.partner import partner_request as request_for

register = template.Library()


@register.inclusion_tag("checkins/_home.html")
def partner_request(user) -> dict:
    """The partner's request for today (if they shared one) and a way to one's own check-in."""
    return {"request_for_me": request_for(user)}
