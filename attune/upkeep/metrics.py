"""Prometheus metrics at /metrics: read from the database at each scrape, so every process agrees.

Only for the operator: answered to a request from this machine that did not come through a
proxy (no forwarding headers, and ATTUNE_BEHIND_PROXY off), or to one that carries
`Authorization: Bearer ATTUNE_METRICS_TOKEN`. Anyone else gets the site's ordinary 404.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

LOOPBACK = {"127.0.0.1", "::1"}
FORWARDING = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


def allowed(request: HttpRequest) -> bool:
    token = settings.ATTUNE_METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    # Behind a proxy every request arrives from this machine: only the token counts then.
    return (
        request.META.get("REMOTE_ADDR") in LOOPBACK
        and not settings.BEHIND_PROXY
        and not any(header in request.META for header in FORWARDING)
    )


def _seconds(iso: str | None) -> float | None:
    return datetime.fromisoformat(iso).timestamp() if iso else None


class StatusCollector:
    """The figures of `attune status`, as gauges."""

    def __init__(self, found: dict[str, Any]) -> None:
        self.found = found

    def collect(self) -> Iterator[Any]:
        found = self.found
        info = InfoMetricFamily("attune", "This Attune")
        info.add_metric([], {"version": found["version"]})
        yield info
        up = GaugeMetricFamily("attune_database_up", "1 when the database answers", labels=["db"])
        pending = GaugeMetricFamily(
            "attune_database_migrations_pending", "Migrations not yet applied", labels=["db"]
        )
        size = GaugeMetricFamily("attune_database_bytes", "Size of the database", labels=["db"])
        for alias, db in found["databases"].items():
            up.add_metric([alias], 1 if db["reachable"] else 0)
            if db["reachable"]:
                pending.add_metric([alias], db["migrations_pending"])
                size.add_metric([alias], db["bytes"])
        yield from (up, pending, size)
        yield GaugeMetricFamily(
            "attune_safety_model_ok",
            "1 when the model layer screens beside the phrases, 0 when degraded",
            value=1 if found["safety_model"] == "ok" else 0,
        )
        queue = found.get("tasks")
        if queue is not None:
            tasks = GaugeMetricFamily("attune_tasks", "Tasks by state", labels=["state"])
            for state in ("waiting", "scheduled", "running", "stale", "failed"):
                tasks.add_metric([state], queue[state])
            yield tasks
            yield GaugeMetricFamily(
                "attune_workers",
                "Task workers heard from within the lease",
                value=len(queue["workers"]),
            )
            oldest = _seconds(queue["oldest_waiting"])
            if oldest is not None:
                yield GaugeMetricFamily(
                    "attune_tasks_oldest_waiting_timestamp_seconds",
                    "When the oldest task still waiting was queued",
                    value=oldest,
                )
        box = found.get("outbox")
        if box is not None:
            yield GaugeMetricFamily(
                "attune_emails_unsure",
                "E-mails whose sender died mid-send (SMTP)",
                value=box["unsure"],
            )
        backup = found["last_backup"]
        if backup:
            yield GaugeMetricFamily(
                "attune_last_backup_timestamp_seconds",
                "When the last backup finished",
                value=_seconds(backup["at"]),
            )
        disk = found["disk"]
        yield GaugeMetricFamily(
            "attune_data_dir_bytes", "Bytes in the data folder", value=disk["data_bytes"]
        )
        yield GaugeMetricFamily(
            "attune_disk_free_bytes",
            "Free bytes on the data folder's disk",
            value=disk["free_bytes"],
        )
        yield GaugeMetricFamily(
            "attune_problems",
            "Things `attune status` says need attention",
            value=len(found["problems"]),
        )


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not allowed(request):
        raise Http404
    from attune.upkeep.status import gather

    registry = CollectorRegistry(auto_describe=False)
    registry.register(StatusCollector(gather()))
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
