"""kill -9 the worker at random points during a newsletter and reminders: each e-mail goes once.

bench/worker_kills.py does the same with at least 20 kills a phase; here a few keep it quick.
"""

from bench.worker_kills import bench


def test_workers_killed_at_random_points_deliver_every_email_exactly_once():
    report = bench(kills=3, people=300, lease=2)
    for phase in ("newsletter", "reminders"):
        result = report[phase]
        assert result["kills"] == 3, result
        assert result["recipients"] == result["expected"] == 300, result
        assert result["twice_or_more"] == 0, result
        assert result["notes"] == [], result
    [after] = report["newsletter_send_after"]
    assert after.endswith("has reached every subscriber.")
    left = report["left_over"]
    assert left["tasks"]["RUNNING"] == 0 and left["tasks"]["FAILED"] == 0, left["unfinished"]
    assert left["deliveries"] == {"sent": 300} and left["reminders"] == {"sent": 300}
