"""What every accounts page must have: the quick exit, and few database queries."""

import re
from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext

MAX_QUERIES = 10
QUICK_EXIT = re.compile(r'<a [^>]*id="quick-exit"[^>]*>Quick exit</a>')
# Each test runs inside a transaction, so every atomic block adds a SAVEPOINT and a RELEASE
# that an ordinary request never sends.
TEST_ONLY = ("SAVEPOINT", "RELEASE SAVEPOINT")


@contextmanager
def at_most_statements(limit: int):
    """Like django_assert_max_num_queries, without the test transaction's savepoints: for the
    requests that log a person in, where sessions and axes open atomic blocks."""
    with CaptureQueriesContext(connection) as captured:
        yield
    sent = [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(TEST_ONLY)]
    assert len(sent) <= limit, "\n".join([f"{len(sent)} statements:", *sent])


def text(response) -> str:
    return response.content.decode()


def has_quick_exit(response) -> bool:
    return bool(QUICK_EXIT.search(text(response)))


def title(response) -> str:
    found = re.search(r"<title>(.*?)</title>", text(response), re.S)
    return found.group(1).strip() if found else ""


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session
