"""The couple report through the API: only sign scores and bands, with the gap prompts."""

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
