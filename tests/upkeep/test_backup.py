"""`attune backup` and `attune restore`: two parts, checked, migrated forward, deletions kept."""

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.conftest import ATTUNE

PEOPLE = """
import django
django.setup()
from attune.accounts.crypto import encrypt
from attune.accounts.models import User
from attune.checkups.models import Checkup
from attune.newsletter.models import Subscriber
for name in ("robin", "sam"):
    user = User.objects.create_user(f"{name}@example.org", "a long private passphrase")
    Checkup.objects.create(user=user, instrument_version=1, answers={}, note=encrypt(user.pk, name))
    Subscriber.objects.create(email=f"{name}@example.org", status="active")
"""

DELETE_ROBIN = """
import django
django.setup()
from attune.accounts.models import User
from attune.privacy.erasure import erase
erase(User.objects.get(email="robin@example.org"))
"""

WHO = """
import django, json
django.setup()
from attune.accounts.crypto import decrypt
from attune.accounts.models import User
from attune.checkups.models import Checkup
from attune.newsletter.models import Subscriber
print(json.dumps({
    "people": sorted(User.objects.values_list("email", flat=True)),
    "subscribers": sorted(Subscriber.objects.values_list("email", flat=True)),
    "notes": sorted(decrypt(c.user_id, c.note) for c in Checkup.objects.all()),
}))
"""

WRITER = """
import django, time
django.setup()
from attune.newsletter.models import Subscriber
n = 0
while True:
    Subscriber.objects.create(email=f"w{n}@example.org")
    n += 1
"""


# Data folders whose databases are on a PostgreSQL server: (main URL, keys URL).
ENVIRONMENTS: dict[Path, tuple[str, str]] = {}


def env_for(data: Path) -> dict:
    main, keys = ENVIRONMENTS.get(
        data, (f"sqlite:///{data / 'attune.sqlite3'}", f"sqlite:///{data / 'keys.sqlite3'}")
    )
    return {
        **os.environ,
        "ATTUNE_DATA_DIR": str(data),
        "DATABASE_URL": main,
        "KEYS_DATABASE_URL": keys,
        "DJANGO_SETTINGS_MODULE": "attune.web.settings",
    }


def attune(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ATTUNE), *args], env=env_for(data), capture_output=True, text=True, timeout=120
    )


def python(data: Path, code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], env=env_for(data), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def migrated(data: Path, *target: str) -> Path:
    for database in ("default", "keys"):
        assert attune(data, "manage", "migrate", *target, "--database", database).returncode == 0
    return data


@pytest.fixture
def live(tmp_path) -> Path:
    data = migrated(tmp_path / "data")
    python(data, PEOPLE)
    return data


def who(data: Path) -> dict:
    return json.loads(python(data, WHO))


def test_it_backs_up_in_two_parts_and_restores_into_an_empty_folder(live, tmp_path):
    made = attune(live, "backup", str(tmp_path / "b"))
    assert made.returncode == 0, made.stderr
    for part in ("main", "keys"):
        manifest = json.loads((tmp_path / "b" / part / "manifest.json").read_text())
        assert manifest["part"] == part and len(manifest["sha256"]) == 64
        assert ["newsletter", "0002_delivery_claims"] in manifest["migrations"]
    assert "100%" in made.stdout
    status = json.loads(attune(live, "status", "--json").stdout)
    assert status["last_backup"]["dir"] == str(tmp_path / "b" / "main")

    fresh = tmp_path / "fresh"
    restored = attune(fresh, "restore", str(tmp_path / "b"))
    assert restored.returncode == 0, restored.stderr
    assert who(fresh) == who(live)
    assert who(fresh)["notes"] == ["robin", "sam"]


def test_a_backup_taken_while_someone_writes_is_consistent(live, tmp_path):
    writer = subprocess.Popen([sys.executable, "-c", WRITER], env=env_for(live))
    try:
        time.sleep(2)
        made = attune(live, "backup", str(tmp_path / "b"))
    finally:
        writer.kill()
        writer.wait()
    assert made.returncode == 0, made.stderr
    copy = sqlite3.connect(tmp_path / "b" / "main" / "main.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT COUNT(*) FROM newsletter_subscriber").fetchone()[0] > 2


def test_it_refuses_a_data_folder_that_holds_a_database_unless_forced(live, tmp_path):
    attune(live, "backup", str(tmp_path / "b"))
    refused = attune(live, "restore", str(tmp_path / "b"))
    assert refused.returncode == 2 and refused.stdout.count("restored") == 0
    assert "already holds" in refused.stderr and "--force" in refused.stderr
    assert attune(live, "restore", "--force", str(tmp_path / "b")).returncode == 0


def test_a_person_deleted_after_the_backup_stays_deleted_when_it_is_restored(live, tmp_path):
    attune(live, "backup", str(tmp_path / "before"))
    python(live, DELETE_ROBIN)
    restored = attune(live, "restore", "--force", str(tmp_path / "before"))
    assert restored.returncode == 0, restored.stderr
    assert "Deleted again from the backup, as the ledger says: 1 person(s)" in restored.stdout
    assert who(live) == {
        "people": ["sam@example.org"],
        "subscribers": ["sam@example.org"],
        "notes": ["sam"],
    }


def test_a_newer_keys_part_carries_the_deletions_to_an_empty_folder(live, tmp_path):
    attune(live, "backup", str(tmp_path / "before"))
    python(live, DELETE_ROBIN)
    attune(live, "backup", str(tmp_path / "after"))
    fresh = tmp_path / "fresh"
    restored = attune(
        fresh, "restore", str(tmp_path / "before"), "--keys-dir", str(tmp_path / "after" / "keys")
    )
    assert restored.returncode == 0, restored.stderr
    assert "made at different times" in restored.stdout
    assert who(fresh)["people"] == ["sam@example.org"]


def test_an_older_schema_is_migrated_forward(tmp_path):
    old = migrated(tmp_path / "old")
    assert attune(old, "manage", "migrate", "newsletter", "0001").returncode == 0
    attune(old, "backup", str(tmp_path / "b"))
    fresh = tmp_path / "fresh"
    assert attune(fresh, "restore", str(tmp_path / "b")).returncode == 0
    status = json.loads(attune(fresh, "status", "--json").stdout)
    assert status["databases"]["default"]["migrations_pending"] == 0


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (lambda f: f.write_bytes(f.read_bytes()[:-4096]), "is truncated or changed"),
        (
            lambda f: f.write_bytes(f.read_bytes()[:5000] + b"X" + f.read_bytes()[5001:]),
            "does not match its checksum",
        ),
        (lambda f: f.unlink(), "is missing"),
        (lambda f: (f.parent / "manifest.json").unlink(), "holds no manifest.json"),
    ],
)
def test_a_damaged_backup_is_named_and_nothing_is_restored(live, tmp_path, damage, said):
    attune(live, "backup", str(tmp_path / "b"))
    damage(tmp_path / "b" / "main" / "main.sqlite3")
    fresh = tmp_path / "fresh"
    refused = attune(fresh, "restore", str(tmp_path / "b"))
    assert refused.returncode == 2
    assert said in refused.stderr
    assert not (fresh / "attune.sqlite3").exists() or (fresh / "attune.sqlite3").stat().st_size == 0


def test_a_backup_wants_an_empty_folder(live, tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "something").write_text("x")
    refused = attune(live, "backup", str(tmp_path / "b"))
    assert refused.returncode == 2 and "is not empty" in refused.stderr


POSTGRES = os.environ.get("DATABASE_URL", "")


@pytest.mark.skipif(
    not POSTGRES.startswith(("postgres://", "postgresql://")),
    reason="needs DATABASE_URL pointing at a PostgreSQL server (CI's second pass)",
)
def test_on_postgresql_it_dumps_restores_and_keeps_deletions(tmp_path, monkeypatch):
    from bench.multi_process import databases

    with databases(POSTGRES) as (main, keys), databases(POSTGRES) as (main2, keys2):

        def on(data: Path, main_url: str, keys_url: str) -> Path:
            monkeypatch.setitem(ENVIRONMENTS, data, (main_url, keys_url))
            return data

        live = migrated(on(tmp_path / "live", main, keys))
        python(live, PEOPLE)
        made = attune(live, "backup", str(tmp_path / "b"))
        assert made.returncode == 0, made.stderr
        assert (tmp_path / "b" / "main" / "main.pgdump").is_file()
        python(live, DELETE_ROBIN)
        restored = attune(live, "restore", "--force", str(tmp_path / "b"))
        assert restored.returncode == 0, restored.stderr
        assert who(live)["people"] == ["sam@example.org"]
        fresh = on(tmp_path / "fresh", main2, keys2)
        assert attune(fresh, "restore", str(tmp_path / "b")).returncode == 0
        assert who(fresh)["notes"] == ["robin", "sam"]
