"""FHIR R4 output: every instrument validates, and the safety questions never leave unasked."""

from datetime import UTC, datetime

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from attune.core import fhir
from attune.core.instruments import AnswerError, get_instrument, instruments
from tests.couples.helpers import answers

BASE = "https://attune.example.org/api/v1/fhir"
WHEN = datetime(2026, 12, 1, 19, 30, tzinfo=UTC)
SAFETY = {"system": f"{BASE}/{fhir.ROLE_SYSTEM}", "code": fhir.SAFETY_ROLE}


def _questions(resource: dict) -> dict[str, dict]:
    return {q["linkId"]: q for group in resource["item"] for q in group["item"]}


def _marked_safety(question: dict) -> bool:
    return any(c["system"] == SAFETY["system"] and c["code"] == "safety" for c in question["code"])


@pytest.mark.parametrize("instrument_id", [i.id for i in instruments()])
def test_every_instrument_is_a_valid_r4_questionnaire_with_every_item_and_option(instrument_id):
    instrument = get_instrument(instrument_id)
    resource = fhir.questionnaire(instrument, BASE)
    Questionnaire.model_validate(resource)
    assert resource["url"] == f"{BASE}/Questionnaire/{instrument_id}"
    assert resource["version"] == str(instrument.version)
    assert [g["linkId"] for g in resource["item"]] == [s.id for s in instrument.sections]
    questions = _questions(resource)
    assert list(questions) == [item.id for item in instrument.items]
    for item in instrument.items:
        options = questions[item.id]["answerOption"]
        assert [o["valueCoding"]["display"] for o in options] == [o.label for o in item.options]
        assert [o["extension"][0]["valueDecimal"] for o in options] == list(item.values)


def test_the_safety_questions_and_only_they_carry_the_safety_code():
    checkup = get_instrument("checkup")
    questions = _questions(fhir.questionnaire(checkup, BASE))
    marked = {link_id for link_id, q in questions.items() if _marked_safety(q)}
    assert {"crisis_1", "abuse_neglect_1", "abuse_neglect_4"} <= marked
    signs = {"lonely", "misunderstood", "imbalance", "affection", "support"}
    assert not any(checkup.item(link_id).construct in signs for link_id in marked)
    safety_group = next(
        g for g in fhir.questionnaire(checkup, BASE)["item"] if g["linkId"] == "safety"
    )
    assert safety_group["code"][0]["code"] == "safety"


def test_a_response_points_at_its_questionnaire_by_canonical_and_version():
    checkup = get_instrument("checkup")
    resource = fhir.response(checkup, answers("lonely"), BASE, authored=WHEN)
    QuestionnaireResponse.model_validate(resource)
    assert resource["questionnaire"] == f"{BASE}/Questionnaire/checkup|{checkup.version}"
    assert resource["status"] == "completed"
    given = _questions(resource)
    worst = checkup.item("lonely_1")
    assert given["lonely_1"]["answer"][0]["valueCoding"]["display"] == worst.label_for(
        answers("lonely")["lonely_1"]
    )


def test_safety_answers_and_scores_stay_out_unless_asked_for_by_name():
    checkup = get_instrument("checkup")
    given = answers(abuse=True, crisis=True)
    shared = fhir.bundle(checkup, given, BASE, authored=WHEN)
    Bundle.model_validate(shared)
    text = str(shared)
    for link_id in ("crisis_1", "abuse_neglect_1", "abuse_neglect_2"):
        assert link_id not in text
    codes = {
        e["resource"]["code"]["coding"][0]["code"]
        for e in shared["entry"]
        if e["resource"]["resourceType"] == "Observation"
    }
    assert "lonely" in codes
    assert not codes & {"crisis", "abuse_neglect"}

    own = fhir.bundle(checkup, given, BASE, authored=WHEN, private=True)
    Bundle.model_validate(own)
    assert "crisis_1" in str(own) and "abuse_neglect_1" in str(own)


def test_scores_only_sends_no_answer_and_only_the_constructs_chosen():
    checkup = get_instrument("checkup")
    resource = fhir.bundle(
        checkup, answers("lonely"), BASE, authored=WHEN, items=False, constructs=("lonely", "trust")
    )
    Bundle.model_validate(resource)
    kinds = [e["resource"]["resourceType"] for e in resource["entry"]]
    assert kinds == ["Observation", "Observation"]
    values = {
        e["resource"]["code"]["coding"][0]["code"]: e["resource"]["valueQuantity"]["value"]
        for e in resource["entry"]
    }
    assert values["lonely"] < values["trust"]


def test_answers_that_do_not_fit_are_refused_by_item():
    with pytest.raises(AnswerError) as raised:
        fhir.response(get_instrument("checkup"), {"lonely_1": 9}, BASE, authored=WHEN)
    assert raised.value.item_id == "lonely_1"
