"""FHIR R4: instruments as Questionnaires, answers as responses, scores as Observations.

Written to the Structured Data Capture (SDC) conventions, so a clinic's system can read what a
person chose to share: a canonical `url` and `version` per instrument, a `linkId` per item, a
group per section, and answer options as codings that carry their ordinal value.

The safety questions (the crisis item and the "Feeling safe" section) are marked with a code of
their own, so a receiving system can treat them apart; and nothing here puts their answers or
their scores into a response unless the caller asks for them by name (`private=True`), which only
a person's own export does. Pure and Django-free: the base address comes from the caller.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime

from attune.core.concepts import CRISIS, SAFETY_CAUSE, concepts
from attune.core.instruments import Instrument, Item, Section, check_answers
from attune.core.scoring import score

FHIR_VERSION = "4.0.1"
MEDIA_TYPE = "application/fhir+json"
SDC_QUESTIONNAIRE = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire"
SDC_RESPONSE = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaireresponse"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
SURVEY = {
    "system": "http://terminology.hl7.org/CodeSystem/observation-category",
    "code": "survey",
    "display": "Survey",
}
UCUM = "http://unitsofmeasure.org"
# Our own code systems, relative to the server's FHIR base.
CONSTRUCT_SYSTEM = "CodeSystem/attune-construct"
ROLE_SYSTEM = "CodeSystem/attune-item-role"
SAFETY_ROLE = "safety"
SAFETY_DISPLAY = "Safety question: handle apart, never show to a partner"


def fhir_base(site: str) -> str:
    """The FHIR base of a deployment: the site's address plus the API's FHIR path."""
    return site.rstrip("/") + "/api/v1/fhir"


def canonical(instrument: Instrument, base: str) -> str:
    return f"{base}/Questionnaire/{instrument.id}"


def is_safety(item: Item, section: Section) -> bool:
    """A question whose answer turns on the safety flow, or that sits in a private section."""
    return section.private or item.flag_at is not None or item.construct in (CRISIS, SAFETY_CAUSE)


def _safety_coding(base: str) -> dict:
    return {"system": f"{base}/{ROLE_SYSTEM}", "code": SAFETY_ROLE, "display": SAFETY_DISPLAY}


def _construct_coding(construct: str, base: str) -> dict:
    return {
        "system": f"{base}/{CONSTRUCT_SYSTEM}",
        "code": construct,
        "display": concepts().name_of(construct),
    }


def _answer_system(instrument: Instrument, item: Item, base: str) -> str:
    return f"{canonical(instrument, base)}/answers/{item.id}"


def _option_coding(instrument: Instrument, item: Item, value: int, base: str) -> dict:
    return {
        "system": _answer_system(instrument, item, base),
        "code": str(value),
        "display": item.label_for(value),
    }


def questionnaire(instrument: Instrument, base: str) -> dict:
    """The instrument as an SDC Questionnaire; the safety questions carry the safety code."""
    groups = []
    for section in instrument.sections:
        questions = []
        for item in section.items:
            codes = [_construct_coding(item.construct, base)]
            if is_safety(item, section):
                codes.append(_safety_coding(base))
            question = {
                "linkId": item.id,
                "code": codes,
                "text": item.text,
                "type": "choice",
                "required": False,
                "answerOption": [
                    {
                        "extension": [{"url": ORDINAL_VALUE, "valueDecimal": option.value}],
                        "valueCoding": _option_coding(instrument, item, option.value, base),
                    }
                    for option in item.options
                ],
            }
            questions.append(question)
        group = {"linkId": section.id, "text": section.title, "type": "group", "item": questions}
        if section.private:
            group["code"] = [_safety_coding(base)]
        groups.append(group)
    return {
        "resourceType": "Questionnaire",
        "id": instrument.id,
        "meta": {"profile": [SDC_QUESTIONNAIRE]},
        "url": canonical(instrument, base),
        "version": str(instrument.version),
        "name": "Attune" + "".join(part.title() for part in instrument.id.split("_")),
        "title": instrument.title,
        "status": "active",
        "subjectType": ["Patient"],
        "description": instrument.description,
        "purpose": instrument.time_frame,
        "item": groups,
    }


def _keeps(item: Item, section: Section, private: bool) -> bool:
    return private or not is_safety(item, section)


def response(
    instrument: Instrument,
    answers: Mapping[str, int | None],
    base: str,
    *,
    authored: datetime,
    private: bool = False,
    response_id: str | None = None,
) -> dict:
    """A completed QuestionnaireResponse; the safety answers only when `private` is asked for.

    Raises AnswerError on an answer that does not fit the instrument, as scoring does.
    """
    checked = check_answers(instrument, answers)
    groups = []
    for section in instrument.sections:
        answered = [
            {
                "linkId": item.id,
                "text": item.text,
                "answer": [
                    {"valueCoding": _option_coding(instrument, item, checked[item.id], base)}
                ],
            }
            for item in section.items
            if item.id in checked and _keeps(item, section, private)
        ]
        if answered:
            groups.append({"linkId": section.id, "text": section.title, "item": answered})
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": response_id or str(uuid.uuid4()),
        "meta": {"profile": [SDC_RESPONSE]},
        "questionnaire": f"{canonical(instrument, base)}|{instrument.version}",
        "status": "completed",
        "authored": authored.isoformat(),
        "item": groups,
    }
    return resource


def _withheld(instrument: Instrument) -> frozenset[str]:
    """Constructs scored from safety questions: kept out of anything shared."""
    return frozenset(
        item.construct
        for section in instrument.sections
        for item in section.items
        if is_safety(item, section)
    )


def observations(
    instrument: Instrument,
    answers: Mapping[str, int | None],
    base: str,
    *,
    authored: datetime,
    response_ref: str,
    constructs: tuple[str, ...] | None = None,
    private: bool = False,
) -> list[dict]:
    """One Observation per scored construct (0 to 100, higher healthier), derived from the response.

    `constructs` narrows them to those a person chose to share; the safety constructs need
    `private` as well.
    """
    checked = check_answers(instrument, answers)
    withheld = frozenset() if private else _withheld(instrument)
    found = []
    for construct, result in score(instrument, checked).items():
        if not result.scored or construct in withheld:
            continue
        if constructs is not None and construct not in constructs:
            continue
        coding = _construct_coding(construct, base)
        observation = {
            "resourceType": "Observation",
            "id": str(uuid.uuid4()),
            "status": "final",
            "category": [{"coding": [SURVEY]}],
            "code": {"coding": [coding], "text": f"{coding['display']} ({instrument.title})"},
            "effectiveDateTime": authored.isoformat(),
            "valueQuantity": {"value": result.score, "unit": "score", "system": UCUM, "code": "1"},
            "derivedFrom": [{"reference": response_ref}],
        }
        if result.band is not None:
            observation["interpretation"] = [{"text": result.band.name}]
        found.append(observation)
    return found


def bundle(
    instrument: Instrument,
    answers: Mapping[str, int | None],
    base: str,
    *,
    authored: datetime,
    items: bool = True,
    constructs: tuple[str, ...] | None = None,
    private: bool = False,
) -> dict:
    """A collection Bundle: the response (when `items`) and the score Observations.

    Without `items` the person shared scores only: the Observations stand alone and no answer
    to any question leaves.
    """
    entries = []
    response_id = str(uuid.uuid4())
    reference = f"urn:uuid:{response_id}"
    if items:
        resource = response(
            instrument, answers, base, authored=authored, private=private, response_id=response_id
        )
        entries.append({"fullUrl": reference, "resource": resource})
    for observation in observations(
        instrument,
        answers,
        base,
        authored=authored,
        response_ref=reference,
        constructs=constructs,
        private=private,
    ):
        if not items:
            del observation["derivedFrom"]
        entries.append({"fullUrl": f"urn:uuid:{observation['id']}", "resource": observation})
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "collection",
        "timestamp": authored.isoformat(),
        "entry": entries,
    }
