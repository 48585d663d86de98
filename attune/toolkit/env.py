"""Reading settings from the environment: small helpers that fail loudly on bad values."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: use one of true/false, yes/no, on/off, 1/0")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: must be a whole number") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r}: must be at least {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def data_dir(name: str, default: str) -> Path:
    """The data folder, made if missing; a folder that cannot be made is said in one line."""
    raw = os.environ.get(name, default)
    path = Path(raw).resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"{name}={raw!r}: cannot make the folder ({exc.strerror})"
        ) from None
    return path


def secret_key(data_dir: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data folder."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = data_dir / "secret_key"
    try:
        if not path.exists():
            data_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(50))
        return path.read_text().strip()
    except OSError as exc:
        raise ImproperlyConfigured(
            f"ATTUNE_DATA_DIR={str(data_dir)!r}: cannot keep the secret key in {path} "
            f"({exc.strerror}); make the folder writable, or set SECRET_KEY"
        ) from None


def database(url: str, name: str = "DATABASE_URL") -> dict[str, Any]:
    """`name` is the variable the URL came from, so a problem names the right one."""
    import dj_database_url

    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj_database_url raises several kinds for a bad URL
        raise ImproperlyConfigured(f"{name} is not a database URL: {exc}") from None
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        # Keep each thread's connection: opening one (and its PRAGMAs) costs more than a query.
        config["CONN_MAX_AGE"] = 600
        config["CONN_HEALTH_CHECKS"] = False
        config["OPTIONS"] = {
            # WAL lets readers go on while one writer writes; IMMEDIATE avoids lock upgrades.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
        }
    elif engine != "django.db.backends.postgresql":
        raise ImproperlyConfigured(f"{name}: Attune supports sqlite:// and postgres:// URLs")
    return config


def shown(url: str) -> str:
    """A URL fit for a message or a log: any password in it replaced by ***."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def email(url: str, data_dir: Path) -> dict[str, Any]:
    """EMAIL_URL: file:///path (the default outbox), smtp://, smtps:// or console:."""
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if parts.scheme == "file":
        path = unquote(parts.path) or str(data_dir / "outbox")
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": path,
        }
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme in ("smtp", "smtps"):
        if not parts.hostname:
            raise ImproperlyConfigured(f"EMAIL_URL={shown(url)!r}: an SMTP URL needs a host")
        tls = query.get("tls", "").lower() in TRUE
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname,
            "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 587 if tls else 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": parts.scheme == "smtps",
            "EMAIL_USE_TLS": tls,
            "EMAIL_TIMEOUT": 10,
        }
    raise ImproperlyConfigured(
        f"EMAIL_URL={shown(url)!r}: use file:///path/to/outbox, smtp://user:pass@host:port, "
        "smtps://..., or console:"
    )
