"""A bad setting stops every verb that loads Django with one line naming the variable: no
traceback, exit status 2, before anything is served or changed."""

import pytest

from tests.cli.conftest import run

BAD = [
    ({"KEYS_DATABASE_URL": "mysql://db/keys"}, "KEYS_DATABASE_URL: Attune supports"),
    ({"DATABASE_URL": "mysql://db/main"}, "DATABASE_URL: Attune supports"),
    ({"KEYS_DATABASE_URL": "postgres://[::1"}, "KEYS_DATABASE_URL is not a database URL"),
    ({"AXES_FAILURE_LIMIT": "five"}, "AXES_FAILURE_LIMIT='five': must be a whole number"),
    ({"DEBUG": "maybe"}, "DEBUG='maybe'"),
    ({"EMAIL_URL": "ftp://mail"}, "EMAIL_URL='ftp://mail'"),
    ({"ATTUNE_DATA_DIR": "/proc/attune"}, "ATTUNE_DATA_DIR='/proc/attune': cannot make the folder"),
]
VERBS = [("serve", "--port", "1"), ("manage", "check"), ("worker", "--batch")]


def said_in_one_line(result, verb: str, words: str) -> bool:
    lines = result.stderr.strip().splitlines()
    return (
        result.returncode == 2
        and len(lines) == 1
        and lines[0].startswith(f"attune {verb}: ")
        and words in lines[0]
        and "Traceback" not in result.stderr
    )


@pytest.mark.parametrize(("env", "words"), BAD)
@pytest.mark.parametrize("verb", VERBS, ids=lambda verb: verb[0])
def test_a_bad_setting_is_one_line_naming_it(tmp_path, env, words, verb):
    result = run(*verb, env={"ATTUNE_DATA_DIR": str(tmp_path), **env})
    assert said_in_one_line(result, verb[0], words), result.stderr


@pytest.mark.parametrize("variable", ["DATABASE_URL", "KEYS_DATABASE_URL"])
def test_serve_names_the_database_it_cannot_open(tmp_path, variable):
    env = {
        "ATTUNE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'attune.sqlite3'}",
        variable: "sqlite:////nonexistent/folder/db.sqlite3",
    }
    result = run("serve", "--port", "1", env=env)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert (
        last
        == f"attune serve: {variable}: the database cannot be used: unable to open database file"
    )


def test_a_bad_url_is_named_without_its_password(tmp_path):
    env = {"ATTUNE_DATA_DIR": str(tmp_path), "EMAIL_URL": "ftp://mailer:s3cret-word@mail"}
    result = run("manage", "check", env=env)
    assert result.returncode == 2
    assert "s3cret-word" not in result.stderr
    assert "EMAIL_URL='ftp://mailer:***@mail'" in result.stderr
