"""The FHIR routes: Questionnaires open to all, a check-up's Bundle to its owner alone."""

import json

from django.test import Client
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire

from tests.api.conftest import token_client
from tests.couples.helpers import answers, finished

FHIR_JSON = "application/fhir+json"


def test_anyone_can_read_a_questionnaire_as_fhir_json(db, settings):
    settings.ATTUNE_BASE_URL = "https://care.example.org"
    response = Client().get("/api/v1/fhir/Questionnaire/pulse")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(FHIR_JSON)
    resource = json.loads(response.content)
    Questionnaire.model_validate(resource)
    assert resource["url"] == "https://care.example.org/api/v1/fhir/Questionnaire/pulse"


def test_an_unknown_questionnaire_is_an_operation_outcome_404(db):
    for path in (
        "/api/v1/fhir/Questionnaire/nosuch",
        "/api/v1/fhir/Questionnaire/pulse?version=99",
    ):
        response = Client().get(path)
        assert response.status_code == 404
        assert json.loads(response.content)["resourceType"] == "OperationOutcome"


def test_the_owner_gets_their_check_up_as_a_bundle_without_safety_answers(owner):
    checkup = finished(owner, answers("lonely", crisis=True))
    response = token_client(owner).get(f"/api/v1/fhir/checkups/{checkup.code}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(FHIR_JSON)
    bundle = json.loads(response.content)
    Bundle.model_validate(bundle)
    assert "crisis_1" not in response.content.decode()
    own = token_client(owner).get(f"/api/v1/fhir/checkups/{checkup.code}?private=true")
    assert "crisis_1" in own.content.decode()


def test_nobody_else_gets_a_check_up_bundle(owner, member, outsider):
    checkup = finished(owner, answers("lonely"))
    path = f"/api/v1/fhir/checkups/{checkup.code}"
    assert Client().get(path).status_code == 401
    for other in (member, outsider):
        response = token_client(other).get(path)
        assert response.status_code == 404
        assert "lonely" not in response.content.decode()
