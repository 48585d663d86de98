"""Fuzz the API from its own OpenAPI document: no server error and no undocumented answer."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from attune.api.models import ApiToken
from tests.conftest import make_person
from tests.couples.helpers import answers, finished, link, share

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def wsgi_calls(db):
    """Keep the test's database connection across WSGI calls, as Django's own test client does:
    otherwise request_finished closes it, and on PostgreSQL the test's transaction with it."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def bearer(wsgi_calls):
    """A linked couple with shared check-ups, so the fuzzer reaches the interesting paths."""
    robin = make_person("robin@example.org", display_name="Robin")
    sam = make_person("sam@example.org", display_name="Sam")
    couple = link(robin, sam)
    share(finished(robin, answers("lonely")), couple)
    share(finished(sam), couple)
    finished(robin, answers(abuse=True))
    return {"Authorization": f"Bearer {ApiToken.issue(robin)}"}


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_it_never_fails_or_answers_outside_its_document(case, bearer):
    response = case.call(headers=bearer)
    case.validate_response(response, checks=CHECKS)


@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
def test_it_answers_an_anonymous_caller_with_a_documented_401(case, wsgi_calls):
    response = case.call()
    # 405 answers the fuzzer's probes with methods an endpoint does not have. Only operations
    # the document declares open (no `security`: the FHIR Questionnaires) answer anyone.
    if case.operation.definition.raw.get("security"):
        assert response.status_code in (401, 405)
    else:
        assert case.operation.path.startswith("/api/v1/fhir/Questionnaire/")
    case.validate_response(response, checks=CHECKS)
