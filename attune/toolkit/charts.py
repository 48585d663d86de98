"""The one chart renderer: small horizontal bar charts on the 0..100 scale, drawn as inline SVG.

Pure functions, no JS and no style attributes (the CSP forbids them): colours come from
`currentColor`, so the chart follows the page's text colour in light and dark mode.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from attune.core.bands import BandScale, bands

# Geometry in viewBox units. The SVG scales to its column; at 360 px one unit is about 0.9 px,
# so the smallest text (16 units) still shows at 12 px or more on a phone, inside a card too.
WIDTH = 360
PLOT_LEFT = 2
PLOT_WIDTH = 300
VALUE_X = PLOT_LEFT + PLOT_WIDTH + 8
LABEL_SIZE = 17
SMALL_SIZE = 16
LABEL_GAP = 6
BAR_HEIGHT = 16
PAIR_BAR_HEIGHT = 14
PAIR_BAR_GAP = 4
ROW_GAP = 14
LEGEND_LINE = 20
AXIS_HEIGHT = 20
# Alternate light tints of the text colour mark the bands behind the bars.
BAND_TINTS = ("0.05", "0.11")


@dataclass(frozen=True)
class ChartRow:
    """One bar: a label and a score from 0 to 100, or None when there is no score."""

    label: str
    value: int | None


@dataclass(frozen=True)
class PairedRow:
    """Two bars under one label, one per series (earlier and later, or you and your partner)."""

    label: str
    first: int | None
    second: int | None


def bar_chart(
    rows: Sequence[ChartRow],
    *,
    chart_id: str,
    title: str,
    description: str = "",
    scale: BandScale | None = None,
) -> SafeString:
    """One solid bar per row. Without a description, the text alternative lists every value."""
    values = [(row.label, (row.value,)) for row in rows]
    text = description or "; ".join(f"{row.label}: {_spoken(row.value)}" for row in rows)
    return _draw(values, (), chart_id=chart_id, title=title, description=text, scale=scale)


def grouped_bar_chart(
    rows: Sequence[PairedRow],
    *,
    series: tuple[str, str],
    chart_id: str,
    title: str,
    description: str = "",
    scale: BandScale | None = None,
) -> SafeString:
    """Two bars per row: the first series outlined, the second solid, named in a legend."""
    values = [(row.label, (row.first, row.second)) for row in rows]
    text = description or "; ".join(
        f"{row.label}: {series[0]} {_spoken(row.first)}, {series[1]} {_spoken(row.second)}"
        for row in rows
    )
    return _draw(values, series, chart_id=chart_id, title=title, description=text, scale=scale)


def _spoken(value: int | None) -> str:
    return "no score" if value is None else f"{value} out of 100"


def _n(number: float) -> str:
    """Coordinates with at most one decimal, so the markup stays small and stable."""
    return f"{number:.1f}".removesuffix(".0")


def _x(value: float) -> float:
    return PLOT_LEFT + PLOT_WIDTH * max(0.0, min(100.0, value)) / 100


def _bar(y: float, height: float, value: int, *, outlined: bool) -> SafeString:
    width = _x(value) - PLOT_LEFT
    if outlined:
        # Inset by half the stroke so the outline covers exactly the same span as a solid bar.
        return format_html(
            '<rect class="chart-bar chart-bar-first" x="{}" y="{}" width="{}" height="{}" '
            'rx="2" fill="none" stroke="currentColor" stroke-width="2"/>',
            _n(PLOT_LEFT + 1),
            _n(y + 1),
            _n(max(width - 2, 0)),
            _n(height - 2),
        )
    return format_html(
        '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}" rx="2" fill="currentColor"/>',
        _n(PLOT_LEFT),
        _n(y),
        _n(width),
        _n(height),
    )


def _text(
    x: float, y: float, size: int, content: str, *, anchor: str = "start", bold: bool = False
) -> SafeString:
    return format_html(
        '<text x="{}" y="{}" font-size="{}" text-anchor="{}"{} fill="currentColor">{}</text>',
        _n(x),
        _n(y),
        size,
        anchor,
        mark_safe(' font-weight="700"') if bold else "",
        content,
    )


def _legend(series: tuple[str, ...], y: float) -> list[SafeString]:
    parts = []
    for index, name in enumerate(series):
        swatch_y = y + index * LEGEND_LINE
        outlined = index == 0 and len(series) > 1
        if outlined:
            swatch = format_html(
                '<rect x="{}" y="{}" width="22" height="10" rx="2" fill="none" '
                'stroke="currentColor" stroke-width="2"/>',
                _n(PLOT_LEFT + 1),
                _n(swatch_y + 3),
            )
        else:
            swatch = format_html(
                '<rect x="{}" y="{}" width="24" height="12" rx="2" fill="currentColor"/>',
                _n(PLOT_LEFT),
                _n(swatch_y + 2),
            )
        parts.append(swatch)
        parts.append(_text(PLOT_LEFT + 32, swatch_y + 13, SMALL_SIZE, name))
    return parts


def _band_scale(scale: BandScale, top: float, bottom: float) -> list[SafeString]:
    parts = []
    for index, band in enumerate(scale.bands):
        start, end = _x(band.min), _x(min(band.max + 1, 100))
        parts.append(
            format_html(
                '<rect class="chart-band" x="{}" y="{}" width="{}" height="{}" '
                'fill="currentColor" fill-opacity="{}"/>',
                _n(start),
                _n(top),
                _n(end - start),
                _n(bottom - top),
                BAND_TINTS[index % 2],
            )
        )
    ticks = sorted({b.min for b in scale.bands} | {100})
    for tick in ticks:
        anchor = "start" if tick == 0 else "end" if tick == 100 else "middle"
        parts.append(_text(_x(tick), bottom + 15, SMALL_SIZE, str(tick), anchor=anchor))
    return parts


def _draw(
    rows: list[tuple[str, tuple[int | None, ...]]],
    series: tuple[str, ...],
    *,
    chart_id: str,
    title: str,
    description: str,
    scale: BandScale | None,
) -> SafeString:
    scale = scale or bands()
    paired = len(series) > 1
    bar_height = PAIR_BAR_HEIGHT if paired else BAR_HEIGHT
    bars_per_row = 2 if paired else 1
    bars_block = bars_per_row * bar_height + (bars_per_row - 1) * PAIR_BAR_GAP
    row_height = LABEL_SIZE + LABEL_GAP + bars_block + ROW_GAP

    top = 4 + (len(series) * LEGEND_LINE + 8 if series else 0)
    plot_bottom = top + len(rows) * row_height - ROW_GAP + 6
    height = plot_bottom + AXIS_HEIGHT

    background = _band_scale(scale, top - 4, plot_bottom)
    marks: list[SafeString] = _legend(series, 4) if series else []
    for index, (label, values) in enumerate(rows):
        y = top + index * row_height
        marks.append(_text(PLOT_LEFT, y + LABEL_SIZE - 2, LABEL_SIZE, label))
        bar_y = y + LABEL_SIZE + LABEL_GAP
        for position, value in enumerate(values):
            this_y = bar_y + position * (bar_height + PAIR_BAR_GAP)
            middle = this_y + bar_height / 2 + 4
            if value is None:
                marks.append(_text(PLOT_LEFT + 4, middle, SMALL_SIZE, "no score"))
                continue
            marks.append(_bar(this_y, bar_height, value, outlined=paired and position == 0))
            marks.append(_text(VALUE_X, middle, SMALL_SIZE + 1, str(value), bold=True))

    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" id="{}" class="chart-svg" viewBox="0 0 {} {}" '
        'role="img" aria-labelledby="{}" aria-describedby="{}" focusable="false">'
        '<title id="{}">{}</title><desc id="{}">{}</desc>'
        '<g class="chart-bands">{}</g><g class="chart-marks">{}</g></svg>',
        chart_id,
        WIDTH,
        _n(height),
        title_id,
        desc_id,
        title_id,
        title,
        desc_id,
        description,
        mark_safe("".join(background)),
        mark_safe("".join(marks)),
    )


@dataclass(frozen=True)
class LinePoint:
    """One point on a line over time: where it sits (a week number, say), its score, a label."""

    position: float
    value: int | None
    label: str


@dataclass(frozen=True)
class LineMark:
    """A moment marked across the whole chart, such as a finished check-up."""

    position: float
    label: str


LINE_HEIGHT = 150
LINE_TOP = 8
LINE_PLOT_HEIGHT = 110
LINE_DOT = 7


def line_chart(
    points: Sequence[LinePoint],
    *,
    chart_id: str,
    title: str,
    description: str = "",
    marks: Sequence[LineMark] = (),
    second: Sequence[LinePoint] = (),
    series: tuple[str, str] = ("", ""),
    scale: BandScale | None = None,
) -> SafeString:
    """A small line of scores (0..100) over time, on the band tints; gaps where there is no score.

    Marks are dashed vertical lines. Dots are zero-length round-capped path segments, so a long
    line stays a few bytes a point. An optional second line (a partner's, say) is dashed with
    square dots, and the two `series` names are given in the text alternative.
    """
    scale = scale or bands()
    scored = [p for p in points if p.value is not None]
    positions = [p.position for p in (*points, *second)] + [m.position for m in marks]
    low = min(positions, default=0.0)
    span = (max(positions, default=0.0) - low) or 1.0
    plot_bottom = LINE_TOP + LINE_PLOT_HEIGHT

    def x(position: float) -> float:
        inset = LINE_DOT / 2 + 1
        return PLOT_LEFT + inset + (PLOT_WIDTH - 2 * inset) * (position - low) / span

    def y(value: float) -> float:
        return plot_bottom - LINE_PLOT_HEIGHT * max(0.0, min(100.0, value)) / 100

    background = []
    for index, band in enumerate(scale.bands):
        top, bottom = y(min(band.max + 1, 100)), y(band.min)
        background.append(
            format_html(
                '<rect class="chart-band" x="{}" y="{}" width="{}" height="{}" '
                'fill="currentColor" fill-opacity="{}"/>',
                PLOT_LEFT,
                _n(top),
                PLOT_WIDTH,
                _n(bottom - top),
                BAND_TINTS[index % 2],
            )
        )
    for tick in (0, 50, 100):
        background.append(_text(VALUE_X, y(tick) + 4, SMALL_SIZE, str(tick)))

    def path(series_points: Sequence[LinePoint]) -> tuple[str, str]:
        lines, dots, joined = [], [], False
        for point in series_points:
            if point.value is None:
                joined = False
                continue
            where = f"{_n(x(point.position))} {_n(y(point.value))}"
            lines.append(f"{'L' if joined else 'M'}{where}")
            dots.append(f"M{where}h0")
            joined = True
        return "".join(lines), "".join(dots)

    lines, dots = path(points)
    marks_svg = [
        format_html(
            '<line class="chart-mark" x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor" '
            'stroke-width="1.5" stroke-dasharray="4 3"><title>{}</title></line>',
            _n(x(mark.position)),
            LINE_TOP,
            _n(x(mark.position)),
            plot_bottom,
            mark.label,
        )
        for mark in marks
    ]
    drawn = []
    if second:
        other_lines, other_dots = path(second)
        drawn.append(
            format_html(
                '<path class="chart-line chart-line-second" d="{}" fill="none" '
                'stroke="currentColor" stroke-width="2" stroke-dasharray="5 4"/>'
                '<path class="chart-dots chart-dots-second" d="{}" fill="none" '
                'stroke="currentColor" stroke-width="{}" stroke-linecap="square"/>',
                other_lines,
                other_dots,
                LINE_DOT - 1,
            )
        )
    if lines:
        drawn.append(
            format_html(
                '<path class="chart-line" d="{}" fill="none" stroke="currentColor" '
                'stroke-width="2" stroke-linejoin="round"/>'
                '<path class="chart-dots" d="{}" fill="none" stroke="currentColor" '
                'stroke-width="{}" stroke-linecap="round"/>',
                lines,
                dots,
                LINE_DOT,
            )
        )
    elif not second:
        drawn.append(_text(PLOT_LEFT + 8, y(50), SMALL_SIZE, "no score yet"))
    if points:
        drawn.append(_text(PLOT_LEFT, plot_bottom + 17, SMALL_SIZE, points[0].label))
        if len(points) > 1:
            last = points[-1].label
            drawn.append(
                _text(PLOT_LEFT + PLOT_WIDTH, plot_bottom + 17, SMALL_SIZE, last, anchor="end")
            )

    text = description or "; ".join(f"{p.label}: {_spoken(p.value)}" for p in scored)
    if second and not description:
        others = "; ".join(f"{p.label}: {_spoken(p.value)}" for p in second if p.value is not None)
        text = f"{series[0]}: {text or 'no scores'}. {series[1]}: {others or 'no scores'}."
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" id="{}" class="chart-svg chart-line-svg" '
        'viewBox="0 0 {} {}" role="img" aria-labelledby="{}" aria-describedby="{}" '
        'focusable="false"><title id="{}">{}</title><desc id="{}">{}</desc>'
        '<g class="chart-bands">{}</g><g class="chart-marks">{}{}</g></svg>',
        chart_id,
        WIDTH,
        LINE_HEIGHT,
        title_id,
        desc_id,
        title_id,
        title,
        desc_id,
        text,
        mark_safe("".join(background)),
        mark_safe("".join(marks_svg)),
        mark_safe("".join(drawn)),
    )
