"""The counsellor's per-client FHIR Bundle: only what the client shares, to their counsellor."""

import json

from django.test import Client as Browser
from fhir.resources.R4B.bundle import Bundle

from attune.counsellors import services
from tests.api.conftest import token_client
from tests.checkups.helpers import CHECKUP
from tests.couples.helpers import answers, finished


def _bundle(user, place):
    return token_client(user).get(f"/api/v1/counsellor/clients/{place.code}/fhir")


def test_it_holds_only_the_chosen_kinds_and_never_a_safety_answer(counsellor, space, joined, owner):
    robin, _ = joined
    checkup = finished(owner, answers("lonely", crisis=True, abuse=True))
    finished(owner, answers("support"))  # not chosen
    assert json.loads(_bundle(counsellor.user, robin).content)["entry"] == []

    services.choose(
        robin, kinds=["share_scores"], checkups=[checkup.code], notes=[], wants_safety_talk=False
    )
    scores = json.loads(_bundle(counsellor.user, robin).content)
    Bundle.model_validate(scores)
    kinds = {e["resource"]["resourceType"] for e in scores["entry"]}
    assert kinds == {"Observation"}
    codes = {e["resource"]["code"]["coding"][0]["code"] for e in scores["entry"]}
    assert "lonely" in codes and not codes & {"crisis", "abuse_neglect", "mood", "worry"}

    services.choose(
        robin,
        kinds=["share_scores", "share_items"],
        checkups=[checkup.code],
        notes=[],
        wants_safety_talk=False,
    )
    full = _bundle(counsellor.user, robin)
    assert full["Content-Type"].startswith("application/fhir+json")
    Bundle.model_validate(json.loads(full.content))
    text = full.content.decode()
    assert "lonely_1" in text
    assert CHECKUP.item("crisis_1").text not in text and "abuse_neglect_1" not in text


def test_nobody_else_gets_it_and_it_ends_when_the_client_leaves(
    counsellor, space, joined, owner, member, outsider
):
    robin, _ = joined
    checkup = finished(owner, answers("lonely"))
    services.choose(
        robin, kinds=["share_scores"], checkups=[checkup.code], notes=[], wants_safety_talk=False
    )
    assert Browser().get(f"/api/v1/counsellor/clients/{robin.code}/fhir").status_code == 401
    for other in (owner, member, outsider):
        assert _bundle(other, robin).status_code == 404
    assert _bundle(counsellor.user, robin).status_code == 200
    services.leave(robin)
    assert _bundle(counsellor.user, robin).status_code == 404
