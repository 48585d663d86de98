"""The couple report through the API: only sign scores and bands, with the gap prompts."""

import html

from django.urls import reverse

from attune.core.bands import bands
from attune.core.concepts import concepts
from attune.core.couple import gap_prompts
from tests.couples.helpers import answers, finished, share


def test_it_gives_both_partners_the_report_once_both_have_shared(robin, sam, owner, member, linked):
    share(finished(owner, answers("lonely")), linked)
    assert robin.get("/api/v1/couple/report").json() == {
        "ready": False,
        "partner": "Sam",
        "far_apart": False,
        "signs": [],
        "agree": [],
        "gaps": [],
        "shared_strengths": [],
        "plan": [],
    }
    share(finished(member), linked)
    report = sam.get("/api/v1/couple/report").json()
    assert report["ready"] is True and report["partner"] == "Robin"
    assert report["gaps"][0]["sign"] == "lonely"
    assert report["gaps"][0]["prompts"] == list(gap_prompts().for_sign("lonely"))
    assert {s["sign"] for s in report["signs"]} == {
        "lonely",
        "misunderstood",
        "imbalance",
        "affection",
        "support",
    }
    text = str(report)
    assert "trust" not in text and "safety" not in text and "mood" not in text


def test_it_gives_404_when_not_linked(robin):
    assert robin.get("/api/v1/couple/report").status_code == 404


def test_the_page_and_the_api_tell_the_same_report(sam, owner, member, linked, client):
    """Robin weak on two signs, Sam on one: both views name the same gaps, bands and plan."""
    share(finished(owner, answers("lonely", "affection")), linked)
    share(finished(member, answers("support")), linked)
    report = sam.get("/api/v1/couple/report").json()
    client.force_login(member)
    page = client.get(reverse("couples-report", args=[linked.code])).content.decode()
    model, scale = concepts(), bands()

    gaps = [model.signs[g["sign"]].name for g in report["gaps"]]
    assert len(gaps) == 3 and _in_order(_section(page, "gaps"), gaps)
    plan = [model.strategies[s["strategy"]].name for s in report["plan"]]
    assert plan and _in_order(_section(page, "plan"), plan)
    for row in report["signs"]:
        assert scale.band_for(row["you"]).id == row["you_band"]
        assert scale.band_for(row["partner"]).name in page
    for gap in report["gaps"]:
        assert html.escape(gap["prompts"][0], quote=True) in page


def _section(page: str, name: str) -> str:
    return page.split(f'id="{name}-heading"', 1)[1].split("</section>", 1)[0]


def _in_order(page: str, names: list[str]) -> bool:
    at = [page.find(html.escape(name)) for name in names]
    return -1 not in at and at == sorted(at)
