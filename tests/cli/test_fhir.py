"""`attune fhir`: Questionnaires and response Bundles on stdout, mistakes named on stderr."""

import json

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire

from tests.cli.conftest import run
from tests.couples.helpers import answers

SITE = {"ATTUNE_BASE_URL": "https://care.example.org/"}


def test_questionnaire_prints_a_valid_questionnaire_at_the_sites_canonical_address():
    done = run("fhir", "questionnaire", "checkup", env=SITE)
    assert done.returncode == 0, done.stderr
    resource = json.loads(done.stdout)
    Questionnaire.model_validate(resource)
    assert resource["url"] == "https://care.example.org/api/v1/fhir/Questionnaire/checkup"


def test_response_reads_stdin_and_leaves_the_safety_answers_out_unless_private():
    given = json.dumps({"instrument": "checkup", "answers": answers(crisis=True)})
    shared = run("fhir", "response", "--answers", "-", stdin=given, env=SITE)
    assert shared.returncode == 0, shared.stderr
    bundle = json.loads(shared.stdout)
    Bundle.model_validate(bundle)
    assert bundle["entry"][0]["resource"]["resourceType"] == "QuestionnaireResponse"
    assert "crisis_1" not in shared.stdout
    own = run("fhir", "response", "--answers", "-", "--private", stdin=given, env=SITE)
    assert "crisis_1" in own.stdout


def test_bad_input_names_the_problem_and_prints_nothing(answers_file):
    unknown = run("fhir", "questionnaire", "nosuch")
    assert unknown.returncode == 2 and unknown.stdout == ""
    assert "nosuch" in unknown.stderr
    wrong = run(
        "fhir",
        "response",
        "--answers",
        answers_file({"instrument": "checkup", "answers": {"lonely_1": 7}}),
    )
    assert wrong.returncode == 2 and wrong.stdout == ""
    assert "lonely_1" in wrong.stderr
    broken = run("fhir", "response", "--answers", answers_file(None, raw="{not json"))
    assert broken.returncode == 2 and "not valid JSON" in broken.stderr
