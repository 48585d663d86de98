"""Two `attune serve --no-migrate` and two `attune worker` on one PostgreSQL: nothing lost, nothing
sent twice. Runs on the PostgreSQL pass of CI (DATABASE_URL names the throwaway cluster);
bench/multi_process.py is the long version, with figures in the README.
"""

import os

import pytest

from bench.multi_process import bench

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="needs DATABASE_URL pointing at a PostgreSQL server (CI's second pass)",
)


def test_two_servers_and_two_workers_lose_no_write_and_send_no_email_twice():
    result = bench(clients=12, seconds=6, people=60)
    assert result["acknowledged"] > 0 and result["missing"] == 0, result
    assert result["server_errors"] == 0, result
    assert result["newsletter_recipients"] == result["reminder_recipients"] == 60, result
    assert result["sent_twice"] == 0, result
    assert result["stale"] == 0 and result["tasks"]["FAILED"] == 0, result
