"""Template helpers for showing pulse sign lines elsewhere (the couple page)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from attune.progress.models import week_number
from attune.progress.pulses import SignLine
from attune.toolkit.charts import LinePoint, line_chart

register = template.Library()


def _points(line: SignLine) -> list[LinePoint]:
    return [
        LinePoint(week_number(day), value, f"{day.day} {day:%b %Y}") for day, value in line.points
    ]


@register.simple_tag
def couple_chart(mine: SignLine, theirs: SignLine, partner_name: str) -> SafeString:
    """One sign: your line solid, your partner's dashed, on one timeline."""
    return line_chart(
        _points(mine),
        second=_points(theirs),
        series=("You", partner_name),
        chart_id=f"couple-trend-{mine.sign}",
        title=f"{mine.name}: you (solid line) and {partner_name} (dashed line)",
    )
