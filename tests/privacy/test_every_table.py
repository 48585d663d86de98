"""Every table of both databases, and what deleting an account does to it; the list is complete.

A new table fails here until it is named with what deletion does to it, here and in
docs/privacy.md. tests/privacy/test_delete.py then proves no table keeps a trace of the person.
"""

from pathlib import Path

import pytest
from django.apps import apps
from django.db import connections, router

DOCS = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"

DELETED = "deleted"
CASCADE = "deleted with the person"
NOBODY = "holds nobody"

TABLES = {
    "accounts_user": DELETED,
    "accounts_user_groups": CASCADE,
    "accounts_user_user_permissions": CASCADE,
    "accounts_session": "every session signed in as the person, on any device, deleted",
    "django_session": "unused (sessions live in accounts_session)",
    "accounts_userkey": "the person's key destroyed",
    "accounts_erasure": "gains a SHA-256 of the person's code and of each subscription's token",
    "activities_run": CASCADE + "; a partner's own side of a run for two is kept",
    "activities_sharedrun": CASCADE,
    "api_apitoken": CASCADE,
    "auth_group": NOBODY,
    "auth_group_permissions": NOBODY,
    "auth_permission": NOBODY,
    "axes_accessattempt": "rows with the person's e-mail address, in any capitalisation, deleted",
    "axes_accessattemptexpiration": "deleted with those rows",
    "axes_accessfailurelog": "rows with the person's e-mail address deleted",
    "axes_accesslog": "rows with the person's e-mail address deleted",
    "checkins_checkin": CASCADE,
    "checkups_checkup": CASCADE,
    "counsellors_client": CASCADE + "; the counsellor's access to the person ends with it",
    "counsellors_counsellor": CASCADE,
    "counsellors_space": CASCADE
    + " when the person was its counsellor; its clients' places go too",
    "couples_invitation": CASCADE,
    "couples_link": "ended first (the partner is told as for an unlink), then " + CASCADE,
    "couples_share": CASCADE,
    "couples_notice": "the person's own notice "
    + CASCADE
    + "; the partner gets one, as for an unlink",
    "django_admin_log": "entries about the person, and by them, deleted",
    "django_content_type": NOBODY,
    "django_tasks_database_dbtaskresult": (
        "the person's subscriber id taken out of every newsletter batch; an emptied queued "
        "batch deleted"
    ),
    "newsletter_subscriber": "the subscription with the person's address deleted",
    "newsletter_delivery": "deleted with the subscription",
    "newsletter_issue": NOBODY,
    "operations_workerbeat": NOBODY,
    "progress_progresssettings": CASCADE,
    "progress_pulse": CASCADE,
    "progress_pulsenoise": "the person's pairs taken back out of the pooled sums",
    "progress_reminder": CASCADE,
    "progress_remindersent": CASCADE,
    "safety_safetyplan": CASCADE,
    "safety_carenotice": CASCADE,
    "web_receivedwrite": NOBODY,
}
# Tables no model owns: the migration record and the library's search index (articles only).
UNMODELLED = ("django_migrations", "library_search")


def model_tables() -> dict[str, str]:
    return {
        model._meta.db_table: router.db_for_write(model)
        for model in apps.get_models(include_auto_created=True)
        if router.allow_migrate_model(router.db_for_write(model), model)
    }


def test_every_model_table_is_listed_with_what_deletion_does():
    assert set(model_tables()) == set(TABLES)


@pytest.mark.django_db(databases=["default", "keys"])
def test_no_other_table_exists_in_either_database():
    modelled = set(model_tables())
    for alias in connections:
        with connections[alias].cursor() as cursor:
            names = connections[alias].introspection.table_names(cursor)
        for name in names:
            assert name in modelled or name.startswith(UNMODELLED), f"{alias}.{name}"


@pytest.mark.parametrize("table", sorted(TABLES))
def test_the_privacy_page_for_operators_says_what_deletion_does_to_it(table):
    section = DOCS.read_text().split("## Deleting an account", 1)[1]
    assert f"`{table}`" in section
