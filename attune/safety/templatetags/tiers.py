"""Templates name the screen's tiers, never their numbers: `{% if note_tier|is_check_in %}`."""

from django import template

from attune.core.screen.tiers import Tier

register = template.Library()


@register.filter
def is_check_in(tier: int | None) -> bool:
    """The gentle private check-in: what the writer reads under their own text."""
    return tier == Tier.CHECK_IN


@register.filter
def is_help_first(tier: int | None) -> bool:
    """Help first: the writer was shown people to talk to before anything else."""
    return tier == Tier.RESOURCES
