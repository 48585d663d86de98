"""Settings, all read from the environment here (docs/configuration.md lists every variable)."""

from __future__ import annotations

from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from attune.toolkit.env import (
    data_dir,
    database,
    email,
    env_bool,
    env_int,
    env_list,
    env_str,
    secret_key,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = data_dir("ATTUNE_DATA_DIR", str(Path.cwd() / "data"))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_key(DATA_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# A refused form gets the site's own page, quick exit and all.
CSRF_FAILURE_VIEW = "attune.web.errors.csrf_failure"

DATABASES = {
    "default": database(env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'attune.sqlite3'}")),
    # Per-user encryption keys, kept apart from the data they unlock (docs/privacy.md).
    "keys": database(
        env_str("KEYS_DATABASE_URL", f"sqlite:///{DATA_DIR / 'keys.sqlite3'}"), "KEYS_DATABASE_URL"
    ),
}
DATABASE_ROUTERS = ["attune.accounts.routers.KeysRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "attune.web",
    "attune.toolkit",
    "attune.accounts",
    "attune.checkups",
    "attune.safety",
    "attune.library",
    "attune.privacy",
    "attune.couples",
    "attune.progress",
    "attune.newsletter",
    "attune.api",
    "attune.activities",
    "attune.checkins",
    "attune.operations",
    "attune.counsellors",
]

# Background work (reminders, invitations, newsletters) runs through django-tasks with its
# database backend; `attune worker` runs it, and `attune serve` starts one worker alongside.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A task whose worker has not been heard from for this long is picked up by another worker;
# one that has worn out this many workers is marked failed (attune.operations.lease).
ATTUNE_TASK_LEASE = env_int("ATTUNE_TASK_LEASE", 30, minimum=2)
ATTUNE_TASK_ATTEMPTS = env_int("ATTUNE_TASK_ATTEMPTS", 10, minimum=1)
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, loading the signed-in person with a lookup compiled once.
    "attune.accounts.backends.AccountBackend",
]
LOGIN_URL = "accounts-login"
LOGIN_REDIRECT_URL = "web-home"
LOGOUT_REDIRECT_URL = "web-home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Login throttling: five failures lock that e-mail address, from that network, for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 0.25  # hours
# Per address and network together, so a stranger cannot lock a person out from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# Sign-ups (and their confirmations) from one network: this many in this many minutes.
ATTUNE_SIGNUP_LIMIT = env_int("ATTUNE_SIGNUP_LIMIT", 10, minimum=1)
ATTUNE_SIGNUP_WINDOW = env_int("ATTUNE_SIGNUP_WINDOW", 15, minimum=1)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
# Count "Robin@x" and "robin@x" as one address, as the login form does.
AXES_USERNAME_CALLABLE = "attune.accounts.throttle.username_from_request"
# Failed attempts are kept (they drive the lock); successful logins are not logged at all.
AXES_DISABLE_ACCESS_LOG = True

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside everything that may answer an API request with an HTML error page.
    "attune.api.errors.ApiErrorsAreJson",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "attune.toolkit.private.NoStoreForPeople",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any view reads a form; after sessions and messages, so a refusal can say why.
    "attune.toolkit.charset.RefuseUnreadableForms",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "attune.accounts.middleware.InactivityTimeout",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "attune.web.urls"
WSGI_APPLICATION = "attune.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "attune.toolkit.context.site",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
try:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
except OSError as exc:
    raise ImproperlyConfigured(
        f"ATTUNE_DATA_DIR={str(DATA_DIR)!r}: cannot make {STATIC_ROOT} ({exc.strerror})"
    ) from None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

_email = email(env_str("EMAIL_URL", f"file://{DATA_DIR / 'outbox'}"), DATA_DIR)
EMAIL_BACKEND = _email.pop("EMAIL_BACKEND")
globals().update(_email)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Attune <noreply@localhost>")

# Where the quick exit goes: a neutral, busy site (GOV.UK's component uses BBC Weather).
QUICK_EXIT_URL = env_str("QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")

# Security headers on every response (tests/web/test_headers.py checks them).
SECURE_CONTENT_TYPE_NOSNIFF = True
# same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on form posts,
# which CSRF protection rightly refuses. Other sites still learn nothing of where a person was.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# Sessions live in the database (so logging out ends them everywhere), read with a lookup
# compiled once. They end after the inactivity period each person chooses (accounts.middleware).
SESSION_ENGINE = "attune.accounts.sessions"
SESSION_COOKIE_AGE = 14 * 24 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Behind TLS (set ATTUNE_HTTPS=true): secure cookies, redirects and HSTS.
HTTPS = env_bool("ATTUNE_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
BEHIND_PROXY = env_bool("ATTUNE_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /metrics answers this machine's own requests, or any that carries this as a Bearer token.
ATTUNE_METRICS_TOKEN = env_str("ATTUNE_METRICS_TOKEN", "")

LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use text or json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One JSON object a line for a log collector, or plain lines for a person reading them.
    "formatters": {"json": {"()": "attune.toolkit.logs.JsonLines"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Newsletter (attune.newsletter): links in e-mails are absolute and start with this address.
ATTUNE_BASE_URL = env_str("ATTUNE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
