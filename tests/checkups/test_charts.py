"""The one chart renderer: accessible inline SVG bars on the 0..100 scale, with no inline style."""

import re
import xml.etree.ElementTree as ET

import pytest

from attune.core.bands import bands
from attune.toolkit.charts import ChartRow, PairedRow, bar_chart, grouped_bar_chart

SVG = "{http://www.w3.org/2000/svg}"
ROWS = [ChartRow("Lonely", 20), ChartRow("Misunderstood", 50), ChartRow("Support", 100)]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if "chart-bar" in r.get("class", "").split()]


def test_it_draws_one_bar_per_row_with_widths_proportional_to_the_scores():
    root = parse(bar_chart(ROWS, chart_id="c", title="Signs"))
    widths = [float(r.get("width")) for r in bars(root)]
    assert len(widths) == len(ROWS)
    ratios = {round(w / row.value, 6) for w, row in zip(widths, ROWS, strict=True)}
    assert len(ratios) == 1


def test_a_zero_score_draws_an_empty_bar_and_a_missing_one_says_no_score():
    svg = bar_chart([ChartRow("A", 0), ChartRow("B", None)], chart_id="c", title="T")
    found = bars(parse(svg))
    assert len(found) == 1 and float(found[0].get("width")) == 0
    assert "no score" in svg


@pytest.mark.parametrize(
    "svg",
    [
        bar_chart(ROWS, chart_id="c", title="Signs"),
        grouped_bar_chart(
            [PairedRow("Lonely", 20, 40)], series=("Before", "After"), chart_id="g", title="T"
        ),
    ],
)
def test_it_is_labelled_for_screen_readers_and_carries_no_style_or_script(svg):
    root = parse(svg)
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and root.get("aria-labelledby") == title.get("id")
    assert desc is not None and root.get("aria-describedby") == desc.get("id")
    assert "style" not in svg and "<script" not in svg
    assert not re.search(r"\son\w+=", svg)


def test_without_a_description_the_text_alternative_lists_every_value():
    desc = parse(bar_chart(ROWS, chart_id="c", title="Signs")).find(f"{SVG}desc").text
    assert desc == "Lonely: 20 out of 100; Misunderstood: 50 out of 100; Support: 100 out of 100"


def test_it_escapes_labels_and_titles():
    svg = bar_chart([ChartRow("<b>&", 10)], chart_id="c", title="<script>")
    assert "<b>" not in svg and "<script>" not in svg
    assert parse(svg).find(f"{SVG}title").text == "<script>"


def test_it_draws_the_band_scale_behind_the_bars():
    root = parse(bar_chart(ROWS, chart_id="c", title="Signs"))
    band_rects = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "chart-band"]
    assert len(band_rects) == len(bands().bands)
    groups = [g.get("class") for g in root.findall(f"{SVG}g")]
    assert groups == ["chart-bands", "chart-marks"]


def test_the_grouped_chart_draws_two_bars_per_row_the_first_outlined_and_a_legend():
    rows = [PairedRow("Lonely", 20, 40), PairedRow("Support", 80, 60)]
    svg = grouped_bar_chart(rows, series=("Earlier", "Later"), chart_id="g", title="T")
    found = bars(parse(svg))
    assert len(found) == 4
    assert [r.get("fill") for r in found] == ["none", "currentColor"] * 2
    solid = [float(r.get("width")) for r in found if r.get("fill") == "currentColor"]
    assert solid[0] / 40 == pytest.approx(solid[1] / 60)
    assert "Earlier" in svg and "Later" in svg
