"""Free text at rest: the main database holds only ciphertext, useless once the key is gone."""

import pytest
from django.db import connection

from attune.accounts.crypto import UNREADABLE, decrypt, destroy_key
from attune.safety.models import SafetyPlan

NOTE = "Some days I feel invisible at our own kitchen table."
PLAN = {
    "warning_signs": "When the car keys go missing.",
    "people": "Priya next door, 555 0199.",
    "safe_places": "The 24-hour pharmacy on Bridge Road.",
    "documents": "Birth certificate in the red folder.",
}


def raw(sql: str, params: list) -> list[bytes]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [bytes(cell) for row in cursor.fetchall() for cell in row]


@pytest.fixture
def stored(owner, make_checkup, make_plan):
    checkup = make_checkup(owner, NOTE)
    make_plan(owner, **PLAN)
    columns = ", ".join(SafetyPlan.FIELDS)
    return {
        "note": raw("SELECT note FROM checkups_checkup WHERE id = %s", [checkup.pk])[0],
        "plan": raw(f"SELECT {columns} FROM safety_safetyplan WHERE user_id = %s", [owner.pk]),
    }


def test_the_note_column_holds_no_plaintext(stored):
    assert stored["note"]
    assert NOTE.encode() not in stored["note"]
    assert b"invisible" not in stored["note"]


def test_the_safety_plan_columns_hold_no_plaintext(stored):
    assert len(stored["plan"]) == len(PLAN)
    for cell, text in zip(stored["plan"], PLAN.values(), strict=True):
        assert cell
        assert text.encode() not in cell
        assert b"555" not in cell


def test_the_person_can_read_their_own_text(owner, stored):
    assert decrypt(owner.pk, stored["note"]) == NOTE
    assert [decrypt(owner.pk, cell) for cell in stored["plan"]] == list(PLAN.values())


def test_a_copy_of_the_main_database_is_unreadable_once_the_key_is_gone(owner, stored):
    destroy_key(owner.pk)
    for cell in [stored["note"], *stored["plan"]]:
        assert decrypt(owner.pk, cell) is UNREADABLE


def test_one_persons_key_cannot_read_anothers_text(outsider, stored, make_checkup):
    make_checkup(outsider, "so the outsider has a key")
    assert decrypt(outsider.pk, stored["note"]) is UNREADABLE
