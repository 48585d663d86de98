"""Deleting an account: nothing without the password; with it, every trace, on both databases."""

from collections.abc import Iterator

import pytest
from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.test import Client
from django.urls import reverse

from attune.accounts.crypto import UNREADABLE, decrypt, encrypt
from attune.accounts.ledger import digest
from attune.accounts.models import Erasure, Session, UserKey
from attune.activities.models import Run, SharedRun
from attune.checkups.models import Checkup
from attune.newsletter.models import Subscriber
from attune.newsletter.tasks import send_batch
from attune.safety.models import SafetyPlan
from tests.conftest import PASSWORD
from tests.privacy.everything import build_everything

NOTE = "The night of the storm I finally told them everything."
PLAN_TEXT = "Spare key is under the blue flowerpot."
OTHER_NOTE = "Alex's own words, which must survive."
PARTNER_NOTE = "Sam's own words about our evening, which stay Sam's."
User = get_user_model()


@pytest.fixture
def person(owner, make_checkup, make_plan, outsider, member):
    """The owner with all a person can leave behind, and an outsider who must be left alone.

    One row of every kind the export knows (tests/privacy/everything.py, which the export
    meta-test keeps in step with every model that holds a person), with words in every
    encrypted field, and a run for two with their partner.
    """
    checkups = [make_checkup(owner, NOTE), make_checkup(owner, finished=False)]
    everything = build_everything(owner, member)
    plan = everything.rows["safety.SafetyPlan"]
    plan.warning_signs = encrypt(owner.pk, PLAN_TEXT)
    plan.save()
    # What a login leaves, under any capitalisation the person typed.
    AccessLog.objects.create(username="Owner@Example.org", ip_address="203.0.113.5")
    AccessAttempt.objects.create(
        username="owner@example.org", ip_address="203.0.113.5", failures_since_start=1
    )
    LogEntry.objects.create(
        user=outsider,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(owner.pk),
        object_repr=owner.email,
        action_flag=CHANGE,
    )
    # A newsletter subscription under the same address, and a batch queued for it.
    subscription = Subscriber.objects.create(email="Owner@example.org", status="active")
    reader = Subscriber.objects.create(email="reader@example.org", status="active")
    send_batch.enqueue(1, [subscription.pk, reader.pk])
    send_batch.enqueue(1, [subscription.pk])
    return {
        "id": owner.pk,
        "email": owner.email,
        "subscriber": subscription.pk,
        "token": subscription.token,
        "code": owner.code,
        "checkup_codes": [c.code for c in checkups],
        # Every public code of theirs, and every word they wrote, in any table.
        "codes": [*everything.codes, subscription.token],
        "texts": [NOTE, PLAN_TEXT, *everything.texts],
        "shared_run": everything.rows["activities.SharedRun"].pk,
        "checkups": Checkup.objects.filter(user=owner).count(),
    }


@pytest.fixture
def others(outsider, make_checkup):
    return make_checkup(outsider, OTHER_NOTE)


@pytest.fixture
def partners_run(member, person):
    """The partner's own side of the run for two: it stays theirs when the person goes."""
    return Run.objects.create(
        user=member,
        activity_id="conversation-night",
        mode=Run.APART,
        shared_id=person["shared_run"],
        note=encrypt(member.pk, PARTNER_NOTE),
    )


def delete(client, password=PASSWORD):
    return client.post(reverse("privacy-delete"), {"password": password})


def test_it_asks_before_deleting(owner_client, person):
    page = owner_client.get(reverse("privacy-delete"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "cannot be undone" in text
    assert "key" in text and "destroyed" in text
    assert 'type="password"' in text
    assert User.objects.filter(pk=person["id"]).exists()


@pytest.mark.parametrize("password", ["not my password", ""])
def test_a_wrong_password_keeps_everything(owner_client, person, password):
    response = delete(owner_client, password)
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert ("not right" in text) if password else ("Enter your password" in text)
    assert User.objects.filter(pk=person["id"]).exists()
    assert Checkup.objects.filter(user_id=person["id"]).count() == person["checkups"] == 3
    assert Run.objects.filter(user_id=person["id"]).exists()
    assert SafetyPlan.objects.filter(user_id=person["id"]).exists()
    assert UserKey.objects.using("keys").filter(user_id=person["id"]).exists()
    assert owner_client.get(reverse("privacy-export")).status_code == 200


def test_the_right_password_deletes_signs_out_and_says_so(owner_client, person):
    response = delete(owner_client)
    assert response.status_code == 302
    assert response["Location"] == reverse("web-home")
    home = owner_client.get(response["Location"]).content.decode()
    assert "Your account and everything in it has been deleted." in home
    assert "_auth_user_id" not in owner_client.session
    assert owner_client.get(reverse("privacy-export")).status_code == 302


def test_the_old_password_no_longer_logs_in(owner_client, person):
    delete(owner_client)
    again = Client()
    response = again.post(
        reverse("accounts-login"), {"username": person["email"], "password": PASSWORD}
    )
    assert response.status_code != 302
    assert "_auth_user_id" not in again.session


def test_every_device_is_signed_out(owner, owner_client, person):
    phone = Client()
    phone.force_login(owner)
    assert phone.get(reverse("privacy-export")).status_code == 200
    sessions = Session.objects
    assert sessions.filter(session_key=phone.session.session_key).exists()
    delete(owner_client)
    assert phone.get(reverse("privacy-export")).status_code == 302
    assert not sessions.filter(session_key=phone.session.session_key).exists()
    for session in sessions.all():
        assert session.get_decoded().get("_auth_user_id") != str(person["id"])


def test_the_key_is_destroyed_so_a_backup_copy_cannot_be_read(owner_client, person):
    backup = bytes(Checkup.objects.get(code=person["checkup_codes"][0]).note)
    assert decrypt(person["id"], backup) == NOTE
    delete(owner_client)
    assert not UserKey.objects.using("keys").filter(user_id=person["id"]).exists()
    assert decrypt(person["id"], backup) is UNREADABLE


def test_another_person_is_left_alone(owner_client, person, others, outsider):
    delete(owner_client)
    kept = Checkup.objects.get(code=others.code)
    assert decrypt(outsider.pk, kept.note) == OTHER_NOTE
    assert User.objects.filter(pk=outsider.pk).exists()


def rows(alias: str) -> Iterator[tuple[str, tuple]]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                yield table, row


def text_of(cell: object) -> str:
    if isinstance(cell, bytes | memoryview):
        return bytes(cell).decode("utf-8", "replace").lower()
    return str(cell).lower()


def traces(person: dict) -> list[str]:
    """Every row, on both databases, holding the person's e-mail, codes or words."""
    wanted = [
        person["email"],
        person["code"],
        *person["checkup_codes"],
        *person["codes"],
        *person["texts"],
    ]
    wanted = [w.lower() for w in wanted]
    return [
        f"{alias}.{table}: {w}"
        for alias in connections
        for table, row in rows(alias)
        for cell in row
        for w in wanted
        if w in text_of(cell)
    ]


def user_references(person: dict) -> list[str]:
    """Every model and every raw foreign-key column that still points at the person."""
    found = []
    user_model = get_user_model()
    for model in apps.get_models(include_auto_created=True):
        db = router.db_for_read(model)
        if model is user_model and model.objects.using(db).filter(pk=person["id"]).exists():
            found.append("the user row")
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is user_model:
                query = model.objects.using(db).filter(**{field.attname: person["id"]})
                if query.exists():
                    found.append(f"{model._meta.label}.{field.name}")
    if UserKey.objects.using("keys").filter(user_id=person["id"]).exists():
        found.append("the key")
    for alias in connections:
        connection = connections[alias]
        with connection.cursor() as cursor:
            for table in connection.introspection.table_names(cursor):
                relations = connection.introspection.get_relations(cursor, table)
                for column, (_, target) in relations.items():
                    if target != user_model._meta.db_table:
                        continue
                    q = connection.ops.quote_name
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {q(table)} WHERE {q(column)} = %s", [person["id"]]
                    )
                    if cursor.fetchone()[0]:
                        found.append(f"{alias}.{table}.{column}")
    return found


def test_deleting_leaves_no_trace_in_any_table_of_either_database(
    owner_client, person, others, partners_run
):
    # The walk must be able to see the person before, or its silence after proves nothing.
    assert user_references(person)
    assert any(t.startswith("default.") for t in traces(person))

    delete(owner_client)

    assert user_references(person) == []
    assert traces(person) == []


def test_the_partner_keeps_their_own_side_of_a_run_for_two(
    owner_client, person, partners_run, member
):
    delete(owner_client)
    kept = Run.objects.get(pk=partners_run.pk)
    assert kept.shared_id is None
    assert decrypt(member.pk, kept.note) == PARTNER_NOTE
    assert not SharedRun.objects.filter(pk=person["shared_run"]).exists()


def test_guessing_the_password_is_paused_like_the_login_page(owner_client, person, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        delete(owner_client, "a wrong guess at it")
    assert delete(owner_client).status_code == 429
    assert User.objects.filter(pk=person["id"]).exists()
    assert UserKey.objects.using("keys").filter(user_id=person["id"]).exists()


def test_deleting_ends_the_newsletter_subscription_and_takes_it_out_of_queued_tasks(
    owner_client, person
):
    from django_tasks_db.models import DBTaskResult

    delete(owner_client)
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["reader@example.org"]
    reader = Subscriber.objects.get().pk
    assert [row.args_kwargs["args"] for row in DBTaskResult.objects.all()] == [[1, [reader]]]


def test_the_ledger_keeps_digests_of_the_deleted_codes_and_nothing_else(owner_client, person):
    delete(owner_client)
    kept = set(Erasure.objects.using("keys").values_list("kind", "digest"))
    assert kept == {("user", digest(person["code"])), ("subscriber", digest(person["token"]))}
