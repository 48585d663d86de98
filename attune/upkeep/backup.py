"""Backups in two parts, main and keys, each a folder with its file and a manifest; and restore.

`backup` copies each database while Attune serves: SQLite through its online backup API, which
gives a consistent copy without stopping writers for long; PostgreSQL with `pg_dump` (one
snapshot). Each part gets a manifest.json: the format, Attune's version, the engine, when, the
migrations applied, the file's size and SHA-256, and an id shared by the two parts made
together. The keys part goes in a folder of its own so it can live elsewhere, with the shorter
retention docs/privacy.md asks for.

`restore` checks both parts before it touches anything, refuses a data folder that already
holds a database unless forced, puts the files in place, migrates them forward, and then applies
the ledger of deletions (the newest it can find: the keys part's merged with the keys database
already there), so a person deleted after the backup was made stays deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from glob import glob
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.db import connections
from django.utils import timezone

from attune import __version__

FORMAT = 1
MANIFEST = "manifest.json"
PARTS = {"default": "main", "keys": "keys"}
CHUNK = 1 << 20
BAR = 30


class BackupError(Exception):
    """A problem the operator can fix: the message says what and where."""


def bar(out: TextIO, label: str, done: int, total: int) -> None:
    filled = BAR * done // total if total else BAR
    out.write(
        f"\r{label:<22} [{'#' * filled}{'.' * (BAR - filled)}] {100 * done // max(total, 1):3d}%"
    )
    out.flush()


def sha256(path: Path, out: TextIO | None = None, label: str = "") -> str:
    digest = hashlib.sha256()
    total = path.stat().st_size
    done = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            done += len(chunk)
            if out is not None:
                bar(out, label, done, total)
    if out is not None:
        out.write("\n")
    return digest.hexdigest()


def _engine(alias: str) -> str:
    return "sqlite" if connections[alias].vendor == "sqlite" else "postgresql"


def _pg_tool(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if not found:
        raise BackupError(f"{name} is needed for a PostgreSQL database; install postgresql-client")
    return found


def _pg_url(alias: str) -> str:
    conf = connections[alias].settings_dict
    user = conf.get("USER") or ""
    auth = f"{user}:{conf.get('PASSWORD')}@" if conf.get("PASSWORD") else f"{user}@" if user else ""
    host = conf.get("HOST") or "localhost"
    port = f":{conf['PORT']}" if conf.get("PORT") else ""
    return f"postgresql://{auth}{host}{port}/{conf['NAME']}"


def applied_migrations(alias: str) -> list[list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connections[alias])
    if not recorder.has_table():
        return []
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _copy_sqlite(alias: str, target: Path, out: TextIO) -> None:
    source = sqlite3.connect(connections[alias].settings_dict["NAME"])
    copy = sqlite3.connect(target)
    label = f"{PARTS[alias]} database"

    def progress(status: int, remaining: int, total: int) -> None:
        bar(out, label, total - remaining, total)

    try:
        # A few hundred pages a step, so writers are held up for milliseconds at a time.
        source.backup(copy, pages=256, progress=progress)
    finally:
        copy.close()
        source.close()
    out.write("\n")


def _dump_postgres(alias: str, target: Path, out: TextIO) -> None:
    out.write(f"{PARTS[alias]} database: pg_dump...")
    out.flush()
    done = subprocess.run(
        [
            _pg_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--file",
            str(target),
            "--dbname",
            _pg_url(alias),
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    out.write(" done\n")


def _file_name(alias: str) -> str:
    return f"{PARTS[alias]}.{'sqlite3' if _engine(alias) == 'sqlite' else 'pgdump'}"


def _refuse_non_empty(folder: Path, what: str) -> None:
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty; {what} needs an empty or new folder")


def backup(folder: Path, keys_folder: Path | None, out: TextIO) -> dict[str, Any]:
    """Write the main part to `folder` and the keys part to `keys_folder` (default folder/keys)."""
    keys_folder = keys_folder or folder / "keys"
    main_folder = folder if keys_folder != folder / "keys" else folder / "main"
    for place in {folder, main_folder, keys_folder}:
        _refuse_non_empty(place, "a backup")
    backup_id = uuid.uuid4().hex
    written = {}
    for alias, place in (("default", main_folder), ("keys", keys_folder)):
        place.mkdir(parents=True, exist_ok=True)
        target = place / _file_name(alias)
        if _engine(alias) == "sqlite":
            _copy_sqlite(alias, target, out)
        else:
            _dump_postgres(alias, target, out)
        manifest = {
            "format": FORMAT,
            "part": PARTS[alias],
            "backup_id": backup_id,
            "attune_version": __version__,
            "engine": _engine(alias),
            "made_at": timezone.now().isoformat(),
            "file": target.name,
            "bytes": target.stat().st_size,
            "sha256": sha256(target, out, f"{PARTS[alias]} checksum"),
            "migrations": applied_migrations(alias),
        }
        (place / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        written[PARTS[alias]] = {"dir": str(place), **manifest}
    record = {
        "at": timezone.now().isoformat(),
        "dir": str(main_folder),
        "keys_dir": str(keys_folder),
        "bytes": written["main"]["bytes"] + written["keys"]["bytes"],
        "backup_id": backup_id,
    }
    (Path(settings.DATA_DIR) / "last_backup.json").write_text(json.dumps(record) + "\n")
    return written


@dataclass
class Part:
    alias: str
    folder: Path
    manifest: dict[str, Any]

    @property
    def file(self) -> Path:
        return self.folder / self.manifest["file"]


def read_part(folder: Path, part: str, out: TextIO) -> Part:
    """A backup part whose manifest, size and checksum all hold; else a BackupError saying why."""
    alias = next(a for a, p in PARTS.items() if p == part)
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} holds no {MANIFEST}: it is not an Attune backup ({part} part)")
    try:
        manifest = json.loads(path.read_text())
    except ValueError as exc:
        raise BackupError(f"{path} is not valid JSON ({exc})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{path}: backup format {manifest.get('format')!r} is not one Attune reads"
        )
    if manifest.get("part") != part:
        raise BackupError(
            f"{folder} holds the {manifest.get('part')!r} part where the {part} part was expected"
        )
    found = Part(alias, folder, manifest)
    if not found.file.is_file():
        raise BackupError(f"{found.file} is missing")
    size = found.file.stat().st_size
    if size != manifest["bytes"]:
        raise BackupError(
            f"{found.file} is truncated or changed: {size} bytes where the manifest says "
            f"{manifest['bytes']}"
        )
    if sha256(found.file, out, f"{part} checksum") != manifest["sha256"]:
        raise BackupError(
            f"{found.file} does not match its checksum: the file was changed or damaged"
        )
    engine = _engine(alias)
    if manifest["engine"] != engine:
        raise BackupError(
            f"the {part} part is a {manifest['engine']} backup, but the {part} database is {engine}"
        )
    known = _known_migrations()
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]
    if unknown:
        raise BackupError(
            f"the {part} part was made by a newer Attune (it has migrations this one does not "
            f"know: {', '.join(unknown[:3])}); upgrade Attune first"
        )
    return found


def _known_migrations() -> set[tuple[str, str]]:
    from django.db.migrations.loader import MigrationLoader

    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _tables(alias: str) -> list[str]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def _put_sqlite(part: Part) -> None:
    target = Path(connections[part.alias].settings_dict["NAME"])
    connections[part.alias].close()
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(target.name + ".restoring")
    shutil.copyfile(part.file, staged)
    check = sqlite3.connect(staged)
    try:
        verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        check.close()
    if verdict != "ok":
        staged.unlink()
        raise BackupError(f"{part.file} fails SQLite's integrity check: {verdict}")
    for tail in ("-wal", "-shm"):
        Path(str(target) + tail).unlink(missing_ok=True)
    os.replace(staged, target)


def _put_postgres(part: Part, force: bool) -> None:
    connections[part.alias].close()
    command = [_pg_tool("pg_restore"), "--no-owner", "--dbname", _pg_url(part.alias)]
    if force:
        command += ["--clean", "--if-exists"]
    done = subprocess.run([*command, str(part.file)], capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()[:500]}")


def restore(
    folder: Path,
    keys_folder: Path | None,
    force: bool,
    out: TextIO,
    migrate: Callable[[str], None],
) -> dict[str, int]:
    """Check both parts, put them in place, migrate forward, apply the ledger of deletions."""
    from attune.accounts.models import Erasure

    if not folder.is_dir():
        raise BackupError(f"{folder} is not a folder")
    main_folder = folder / "main" if (folder / "main" / MANIFEST).is_file() else folder
    keys_folder = keys_folder or folder / "keys"
    parts = [read_part(main_folder, "main", out), read_part(keys_folder, "keys", out)]
    if parts[0].manifest["backup_id"] != parts[1].manifest["backup_id"]:
        out.write(
            "note: the two parts were made at different times (main "
            f"{parts[0].manifest['made_at'][:19]}, keys {parts[1].manifest['made_at'][:19]})\n"
        )
    if not force:
        for part in parts:
            tables = [t for t in _tables(part.alias) if t != "django_migrations"]
            if tables:
                raise BackupError(
                    f"the {part.manifest['part']} database already holds {len(tables)} tables; "
                    "restore fills an empty data folder (stop Attune and use --force to replace "
                    "what is there)"
                )
    # The newest ledger there is: what the keys database here holds now, before it is replaced.
    kept_ledger: list[tuple[str, str]] = []
    if "accounts_erasure" in _tables("keys"):
        kept_ledger = list(Erasure.objects.using("keys").values_list("kind", "digest"))
    for part in parts:
        if part.manifest["engine"] == "sqlite":
            _put_sqlite(part)
        else:
            _put_postgres(part, force)
        out.write(f"{part.manifest['part']} database restored from {part.file}\n")
    for alias in PARTS:
        migrate(alias)
    from attune.accounts import ledger

    for kind, digest in kept_ledger:
        Erasure.objects.using("keys").get_or_create(kind=kind, digest=digest)
    return apply_ledger(ledger.erased(Erasure.USER), ledger.erased(Erasure.SUBSCRIBER))


def apply_ledger(users: set[str], subscribers: set[str]) -> dict[str, int]:
    """Delete again every person and subscription the ledger names; returns how many."""
    from attune.accounts.ledger import digest
    from attune.accounts.models import User
    from attune.newsletter.models import Subscriber
    from attune.newsletter.sending import forget_in_tasks
    from attune.privacy.erasure import erase

    again = [pk for pk, code in User.objects.values_list("pk", "code") if digest(code) in users]
    for user in User.objects.filter(pk__in=again):
        erase(user, tell_partner=False)
    gone = [
        pk
        for pk, token in Subscriber.objects.values_list("pk", "token")
        if digest(token) in subscribers
    ]
    Subscriber.objects.filter(pk__in=gone).delete()
    forget_in_tasks(set(gone))
    return {"people": len(again), "subscriptions": len(gone)}
