"""Settings read from the environment fail loudly on bad values; checks catch bad configuration."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from attune.toolkit import env

ATTUNE = Path(sys.executable).parent / "attune"


def manage_check(tmp_path, **extra):
    environ = {**os.environ, "ATTUNE_DATA_DIR": str(tmp_path / "data"), **extra}
    environ.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [str(ATTUNE), "manage", "check"], env=environ, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "name, value, fragment",
    [
        ("DEBUG", "maybe", "DEBUG='maybe'"),
        ("DATABASE_URL", "mysql://x@y/z", "DATABASE_URL"),
        ("DATABASE_URL", "nonsense", "DATABASE_URL"),
        ("EMAIL_URL", "carrier-pigeon://coop", "EMAIL_URL"),
        ("SECURE_HSTS_SECONDS", "soon", "SECURE_HSTS_SECONDS"),
    ],
)
def test_a_bad_setting_stops_start_up_naming_the_variable(tmp_path, name, value, fragment):
    result = manage_check(tmp_path, **{name: value})
    assert result.returncode != 0
    assert fragment in result.stderr


def test_the_default_configuration_passes_its_checks(tmp_path):
    result = manage_check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "secret_key").stat().st_mode & 0o077 == 0


def test_the_secret_key_is_generated_once_and_kept(tmp_path):
    first = env.secret_key(tmp_path)
    assert len(first) >= 50
    assert env.secret_key(tmp_path) == first


def test_broken_content_fails_the_checks_with_a_stable_id(tmp_path):
    import shutil

    from attune.core.content import SHIPPED_CONTENT_DIR

    copy = tmp_path / "content"
    shutil.copytree(SHIPPED_CONTENT_DIR, copy)
    (copy / "bands.yaml").write_text("version: 1\nbands: []\n")
    result = manage_check(tmp_path, ATTUNE_CONTENT_DIR=str(copy))
    assert result.returncode != 0
    assert "attune.E001" in result.stderr and "bands.yaml" in result.stderr


def test_a_relative_quick_exit_target_fails_the_checks(tmp_path):
    result = manage_check(tmp_path, QUICK_EXIT_URL="/somewhere")
    assert result.returncode != 0 and "attune.E003" in result.stderr


@pytest.mark.parametrize(
    "url, backend",
    [
        ("file:///tmp/outbox", "filebased"),
        ("console:", "console"),
        ("smtp://me:secret@mail.example:2525", "smtp"),
        ("smtps://mail.example", "smtp"),
    ],
)
def test_email_urls_pick_a_backend(tmp_path, url, backend):
    config = env.email(url, tmp_path)
    assert backend in config["EMAIL_BACKEND"]


def test_an_smtp_url_carries_its_host_port_and_login(tmp_path):
    config = env.email("smtp://me:s%40cret@mail.example:2525?tls=true", tmp_path)
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"]) == ("mail.example", 2525)
    assert (config["EMAIL_HOST_USER"], config["EMAIL_HOST_PASSWORD"]) == ("me", "s@cret")
    assert config["EMAIL_USE_TLS"] is True


def test_sqlite_runs_in_wal_mode():
    config = env.database("sqlite:////tmp/x.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_a_bad_boolean_raises(monkeypatch):
    monkeypatch.setenv("X_FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env.env_bool("X_FLAG", False)


def test_deploy_checks_are_clean_with_production_settings(tmp_path):
    environ = {**os.environ, "ATTUNE_DATA_DIR": str(tmp_path / "data"), "ATTUNE_HTTPS": "true"}
    environ.pop("DJANGO_SETTINGS_MODULE", None)
    environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [str(ATTUNE), "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_login_cookie_is_httponly_and_samesite_lax(client, owner):
    from django.urls import reverse

    from tests.conftest import PASSWORD

    response = client.post(
        reverse("accounts-login"), {"username": owner.email, "password": PASSWORD}
    )
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["secure"]  # plain HTTP here; ATTUNE_HTTPS=true makes it Secure
