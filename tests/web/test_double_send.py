"""The same form sent twice at once answers as one send would, on a real served app.

Each round sends two copies of a form at the same moment, on two connections, to `attune serve`
with two web processes: the first sign-up with an e-mail, that person's first weekly pulse, and
their first reminders. Neither copy may fail; the second sees what the first made.
"""

import re
import threading
from pathlib import Path

import pytest

from tests.served import (
    Browser,
    drop_database,
    free_port,
    prepared_env,
    serve,
    wait_until_served,
)

ROUNDS = 12
# Where the served app's e-mails go (its file outbox), for the links sign-up sends.
OUTBOXES: list[Path] = []
PASSWORD = "a long and private passphrase"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    # Every sign-up here comes from this machine: far more than one network may send for real.
    env = {**prepared_env(tmp_path_factory.mktemp("double-send")), "ATTUNE_SIGNUP_LIMIT": "1000"}
    OUTBOXES.append(Path(env["EMAIL_URL"].removeprefix("file://")))
    port = free_port()
    server = serve(env, port, "--workers", "2", "--threads", "4")
    try:
        wait_until_served(server, port)
        yield port, env["DATABASE_URL"], Path(env["ATTUNE_DATA_DIR"]) / "outbox"
    finally:
        server.terminate()
        server.wait(timeout=60)
        drop_database(env["DATABASE_URL"])


def rows(url: str, sql: str, *params) -> list[tuple]:
    """Read the served app's main database directly (SQLite or PostgreSQL)."""
    if url.startswith("sqlite:///"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return db.execute(sql, params).fetchall()
    import psycopg

    with psycopg.connect(url) as db:
        return db.execute(sql.replace("?", "%s"), params).fetchall()


def twice(browser: Browser, path: str, form: dict) -> list:
    """Send `form` to `path` twice, both leaving at once; the two responses."""
    connections = [browser.connect(), browser.connect()]
    start = threading.Barrier(2)
    answers: list = [None, None]

    def send(i: int) -> None:
        start.wait()
        answers[i] = browser.post(path, form, connections[i])

    threads = [threading.Thread(target=send, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def signup_form(browser: Browser, n: int) -> dict:
    return {
        "csrfmiddlewaretoken": browser.form_token("/account/signup/"),
        "email": f"person{n}@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": f"Person {n}",
        "country": "GB",
    }


def signed_up(port: int, n: int) -> tuple[Browser, list]:
    browser = Browser(port)
    return browser, twice(browser, "/account/signup/", signup_form(browser, n))


def test_it_makes_one_account_and_answers_both_sends_alike(app):
    port, data, _ = app
    for n in range(ROUNDS):
        browser, sent = signed_up(port, n)
        assert [r.status for r in sent] == [302, 302], [r.text[:300] for r in sent]
        assert {r.getheader("Location") for r in sent} == {"/account/signup/sent/"}
        email = f"person{n}@example.org"
        assert rows(data, "SELECT count(*) FROM accounts_user WHERE email = ?", email) == [(1,)]


def confirm_link(email: str) -> str:
    """The newest sign-up link e-mailed to `email`, from the served app's file outbox."""
    found = ""
    for sent in sorted(OUTBOXES[-1].glob("*"), key=lambda f: f.stat().st_mtime):
        for message in sent.read_text(errors="replace").split("\n" + "-" * 79 + "\n"):
            if f"To: {email}" in message:
                link = re.search(r"https?://[^/\s]+(/account/signup/confirm/\S+/)", message)
                found = link[1] if link else found
    assert found, email
    return found


def signed_in(port: int, n: int) -> tuple[Browser, str]:
    """A new person, signed up with a single send and their account opened from its link."""
    browser = Browser(port)
    email = f"person{n}@example.org"
    assert browser.post("/account/signup/", signup_form(browser, n)).status == 302
    link = confirm_link(email)
    form = {"csrfmiddlewaretoken": browser.form_token(link), "password": PASSWORD}
    response = browser.post(link, form)
    assert response.status == 302, response.text[:300]
    browser.keep(response)
    return browser, email


def radios(page: str) -> dict[str, str]:
    """The first choice of every radio question on the page."""
    found: dict[str, str] = {}
    for tag in re.findall(r'<input\b[^>]*type="radio"[^>]*>', page):
        name = re.search(r'name="([^"]+)"', tag).group(1)
        found.setdefault(name, re.search(r'value="([^"]+)"', tag).group(1))
    return found


def test_a_first_pulse_sent_twice_is_saved_once(app):
    port, data, _ = app
    for n in range(ROUNDS):
        browser, person = signed_in(port, 100 + n)
        page = browser.get("/progress/pulse/").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {"csrfmiddlewaretoken": token, **radios(page)}
        assert len(form) > 1
        sent = twice(browser, "/progress/pulse/", form)
        assert [r.status for r in sent] == [302, 302], [r.text[:300] for r in sent]
        assert rows(
            data,
            "SELECT count(*) FROM progress_pulse p JOIN accounts_user u ON u.id = p.user_id "
            "WHERE u.email = ?",
            person,
        ) == [(1,)]


def test_the_first_reminders_sent_twice_are_saved_once(app):
    port, data, _ = app
    for n in range(ROUNDS):
        browser, person = signed_in(port, 200 + n)
        token = browser.form_token("/progress/reminders/")
        form = {
            "csrfmiddlewaretoken": token,
            "time_zone": "Europe/London",
            "pulse_weekday": "6",
            "pulse_time": "19:00",
            "pulse_email": "on",
            "talk_on": "on",
            "talk_weekday": "4",
            "talk_time": "20:00",
        }
        sent = twice(browser, "/progress/reminders/", form)
        assert [r.status for r in sent] == [302, 302], [r.text[:300] for r in sent]
        assert rows(
            data,
            "SELECT count(*) FROM progress_reminder r JOIN accounts_user u ON u.id = r.user_id "
            "WHERE u.email = ?",
            person,
        ) == [(2,)]


def test_a_subscription_sent_twice_mails_one_confirmation(app):
    port, _, outbox = app
    for n in range(ROUNDS):
        browser = Browser(port)
        email = f"reader{n}@example.org"
        form = {"csrfmiddlewaretoken": browser.form_token("/newsletter/"), "email": email}
        sent = twice(browser, "/newsletter/", form)
        assert [r.status for r in sent] == [302, 302], [r.text[:300] for r in sent]
        mails = [m for f in outbox.glob("*.log") for m in f.read_text().split("\nTo: ")[1:]]
        assert sum(m.startswith(email) for m in mails) == 1
