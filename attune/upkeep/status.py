"""What `attune status` and the metrics page report: databases, model, queue, outbox, disk."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone

from attune import __version__

LAST_BACKUP = "last_backup.json"
FAILED_RECENTLY = timedelta(days=7)
LOW_DISK = 0.05


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else 0


def database(alias: str) -> dict[str, Any]:
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[alias]
    engine = "sqlite" if connection.vendor == "sqlite" else connection.vendor
    name = str(connection.settings_dict["NAME"])
    found: dict[str, Any] = {"engine": engine, "name": name}
    try:
        if engine == "sqlite":
            found["bytes"] = sum(_size(Path(name + tail)) for tail in ("", "-wal"))
        else:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_database_size(current_database())")
                found["bytes"] = cursor.fetchone()[0]
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        # `migrate --database=keys` records every migration, so both databases count them all.
        found["migrations_pending"] = len(plan)
        found["reachable"] = True
    except DatabaseError as exc:
        found["reachable"] = False
        found["error"] = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return found


def tasks() -> dict[str, Any]:
    from django_tasks_db.models import DBTaskResult

    from attune.operations.queue import counts, live_beats

    now = timezone.now()
    found = counts(now)
    return {
        "waiting": found.waiting,
        "scheduled": found.scheduled,
        "running": found.running,
        "stale": found.stale,
        "failed": found.failed,
        "failed_recently": DBTaskResult.objects.failed()
        .filter(finished_at__gte=now - FAILED_RECENTLY)
        .count(),
        "oldest_waiting": found.oldest_waiting.isoformat() if found.oldest_waiting else None,
        "workers": [
            {
                "id": beat.worker_id[:8],
                "host": beat.host,
                "pid": beat.pid,
                "started_at": beat.started_at.isoformat(),
                "seen_at": beat.seen_at.isoformat(),
            }
            for beat in live_beats(now).values()
        ],
    }


def outbox() -> dict[str, Any]:
    from attune.newsletter.models import Delivery
    from attune.operations.once import FILE_BACKEND, UNSURE
    from attune.progress.models import ReminderSent

    backend = settings.EMAIL_BACKEND
    found: dict[str, Any] = {
        "unsure": Delivery.objects.filter(state=UNSURE).count()
        + ReminderSent.objects.filter(state=UNSURE).count()
    }
    if backend == FILE_BACKEND:
        folder = Path(settings.EMAIL_FILE_PATH)
        files = list(folder.glob("*.log")) if folder.is_dir() else []
        found.update(
            kind="file", where=str(folder), files=len(files), bytes=sum(_size(f) for f in files)
        )
    elif backend.endswith("smtp.EmailBackend"):
        found.update(kind="smtp", where=f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}")
    else:
        found.update(kind=backend.rsplit(".", 2)[-2], where="")
    return found


def last_backup() -> dict[str, Any] | None:
    path = Path(settings.DATA_DIR) / LAST_BACKUP
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def disk() -> dict[str, Any]:
    data = Path(settings.DATA_DIR)
    usage = shutil.disk_usage(data)
    return {
        "data_dir": str(data),
        "data_bytes": _size(data),
        "free_bytes": usage.free,
        "total_bytes": usage.total,
    }


def gather() -> dict[str, Any]:
    from attune.core.screen.screening import model_status

    found: dict[str, Any] = {
        "version": __version__,
        "time": timezone.now().isoformat(),
        "databases": {alias: database(alias) for alias in ("default", "keys")},
        "safety_model": model_status(),
    }
    main = found["databases"]["default"]
    if main["reachable"] and not main["migrations_pending"]:
        try:
            found["tasks"] = tasks()
            found["outbox"] = outbox()
        except DatabaseError as exc:
            found["databases"]["default"].update(reachable=False, error=str(exc).splitlines()[0])
    found["last_backup"] = last_backup()
    found["disk"] = disk()
    found["problems"] = problems(found)
    return found


def problems(found: dict[str, Any]) -> list[str]:
    said = []
    for alias, db in found["databases"].items():
        if not db["reachable"]:
            said.append(f"the {alias} database cannot be reached: {db['error']}")
        elif db["migrations_pending"]:
            said.append(
                f"the {alias} database has {db['migrations_pending']} migration(s) to apply"
            )
    queue = found.get("tasks")
    if queue is not None:
        if not queue["workers"]:
            said.append("no task worker is running (start `attune worker` or `attune serve`)")
        if queue["stale"]:
            said.append(f"{queue['stale']} task(s) left running by a worker that stopped")
        if queue["failed_recently"]:
            said.append(f"{queue['failed_recently']} task(s) failed in the last 7 days")
    if found["safety_model"] != "ok":
        said.append("the safety model is degraded: only the phrase layer screens free text")
    space = found["disk"]
    if space["total_bytes"] and space["free_bytes"] / space["total_bytes"] < LOW_DISK:
        said.append(f"less than {LOW_DISK:.0%} of the disk holding the data folder is free")
    return said


def _bytes(n: int | None) -> str:
    if n is None:
        return "?"
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def render(found: dict[str, Any]) -> str:
    lines = [f"Attune {found['version']} at {found['time'][:19]} UTC"]
    for alias, db in found["databases"].items():
        label = "database" if alias == "default" else "keys database"
        if db["reachable"]:
            pending = db["migrations_pending"]
            state = "up to date" if not pending else f"{pending} migration(s) to apply"
            lines.append(f"{label}: {db['engine']} {db['name']}, {_bytes(db['bytes'])}, {state}")
        else:
            lines.append(f"{label}: {db['engine']} {db['name']}, UNREACHABLE ({db['error']})")
    lines.append(f"safety model: {found['safety_model']}")
    queue = found.get("tasks")
    if queue is not None:
        lines.append(
            f"tasks: {queue['waiting']} waiting, {queue['scheduled']} scheduled, "
            f"{queue['running']} running, {queue['stale']} stale, {queue['failed']} failed "
            f"({queue['failed_recently']} in the last 7 days)"
        )
        if queue["oldest_waiting"]:
            lines.append(f"  oldest waiting since {queue['oldest_waiting'][:19]} UTC")
        lines.append(f"workers: {len(queue['workers'])} running")
        for worker in queue["workers"]:
            lines.append(
                f"  {worker['id']} pid {worker['pid']} on {worker['host']}, "
                f"since {worker['started_at'][:19]} UTC, heard from {worker['seen_at'][11:19]}"
            )
    box = found.get("outbox")
    if box is not None:
        if box["kind"] == "file":
            where = f"file {box['where']}, {box['files']} file(s), {_bytes(box['bytes'])}"
        else:
            where = f"{box['kind']} {box['where']}".strip()
        lines.append(f"outbox: {where}; {box['unsure']} e-mail(s) unsure after a crash")
    backup = found["last_backup"]
    lines.append(
        f"last backup: {backup['at'][:19]} UTC to {backup['dir']} ({_bytes(backup['bytes'])})"
        if backup
        else "last backup: none recorded (`attune backup DIR`)"
    )
    space = found["disk"]
    lines.append(
        f"disk: {space['data_dir']} holds {_bytes(space['data_bytes'])}; "
        f"{_bytes(space['free_bytes'])} free of {_bytes(space['total_bytes'])}"
    )
    if found["problems"]:
        lines.append("needs attention:")
        lines.extend(f"  - {problem}" for problem in found["problems"])
    else:
        lines.append("all well")
    return "\n".join(lines) + "\n"
