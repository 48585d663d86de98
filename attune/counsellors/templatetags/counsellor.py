"""Small template helpers for counsellor mode, and the "suggested by your counsellor" card."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    return (mapping or {}).get(key)


@register.filter
def arrow(view, sign: str) -> str:
    return view.arrow(sign)


@register.inclusion_tag("counsellors/_homework.html")
def counsellor_homework(user) -> dict:
    from attune.counsellors.services import homework_for

    return {"homework": homework_for(user) if user.is_authenticated else []}


@register.filter
def sign_name(construct: str) -> str:
    from attune.core.concepts import concepts

    return concepts().name_of(construct)
