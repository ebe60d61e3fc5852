"""Django settings for LifeOS.

The database comes from ``DATABASE_URL``; with none set, LifeOS uses an embedded
SQLite file, ``db.sqlite3`` at the project root, and needs no other set-up.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

# A development key is generated per checkout when none is given, so no secret
# lives in the code; production sets DJANGO_SECRET_KEY (enforced below).
DEV_SECRET_KEY_PREFIX = "insecure-dev-"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or DEV_SECRET_KEY_PREFIX + str(BASE_DIR)
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_extensions",
    # django-ninja: the JSON API; listed for its bundled Swagger UI (static files).
    "ninja",
    "lifeos",
    "finance",
    "journal",
    "habits",
    "health",
    "skills",
    "projects",
    "relationships",
]

MIDDLEWARE = [
    # First: /healthz and /readyz answer load balancers before host validation
    # and the HTTPS redirect (a probe speaks plain HTTP to the instance).
    "lifeos.health.HealthProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Right after SecurityMiddleware, as WhiteNoise asks: serves STATIC_ROOT.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "lifeos.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # lifeos/templates first, so it can extend the admin's own templates (admin/index.html).
        "DIRS": [BASE_DIR / "lifeos" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "lifeos.wsgi.application"
ASGI_APPLICATION = "lifeos.asgi.application"

# An empty DATABASE_URL counts as unset, so `DATABASE_URL= manage.py …` means SQLite.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=0,
    )
}

# The legacy ids are 32-bit integers on every table (SERIAL / INTEGER PRIMARY KEY).
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# The original application's ``user`` table: login by e-mail, bcrypt passwords
# both applications verify (lifeos.models.User, lifeos.passwords).
AUTH_USER_MODEL = "lifeos.User"
# bcrypt cost of the passwords LifeOS sets: 12, as the original (Flask-Bcrypt) sets them.
LIFEOS_BCRYPT_ROUNDS = 12

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
# collectstatic writes compressed copies under content-hashed names; WhiteNoise
# serves them with far-future cache headers. In development (DEBUG), files are
# served from the apps as before and no manifest is needed.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"

# Nothing is silenced: models.E034 (index names over 30 characters, an Oracle
# limit) is filtered for the project's own index names only, by lifeos.checks.check_models.
SILENCED_SYSTEM_CHECKS = []

# Batch size of the normalized_name backfill (rows per committed batch).
LIFEOS_BACKFILL_BATCH_SIZE = int(os.environ.get("LIFEOS_BACKFILL_BATCH_SIZE", "5000"))

# PostgreSQL: how long each DDL statement of the LifeOS migrations waits for its
# table lock (seconds), and how many times it is retried, with back-off, before
# migrate gives up and rolls the migration back (lifeos.schema.bounded_ddl).
LIFEOS_MIGRATION_LOCK_TIMEOUT = float(os.environ.get("LIFEOS_MIGRATION_LOCK_TIMEOUT", "3"))
LIFEOS_MIGRATION_LOCK_RETRIES = int(os.environ.get("LIFEOS_MIGRATION_LOCK_RETRIES", "3"))

# Logging: one line per event on stdout, text or JSON (LIFEOS_LOG_FORMAT=json):
# request errors with their path and status, the migration's progress and
# warnings. Never request bodies, headers or passwords (lifeos.logs).
LIFEOS_LOG_FORMAT = os.environ.get("LIFEOS_LOG_FORMAT") or "text"
if LIFEOS_LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(
        f"LIFEOS_LOG_FORMAT must be text or json, not {LIFEOS_LOG_FORMAT!r}."
    )
LIFEOS_LOG_LEVEL = (os.environ.get("LIFEOS_LOG_LEVEL") or "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"()": "lifeos.logs.LineFormatter", "output": LIFEOS_LOG_FORMAT},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
        },
    },
    "loggers": {
        "django": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        # Template variable lookups and SQL at DEBUG stay out, whatever the level.
        "django.template": {"level": "INFO"},
        "django.db.backends": {"level": "INFO"},
        "lifeos": {"handlers": ["stdout"], "level": LIFEOS_LOG_LEVEL, "propagate": False},
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}


# ---------------------------------------------------------------------------
# Production profile (DJANGO_DEBUG=0). Every setting comes from the
# environment; docs/deploy.md lists the variables. The HTTPS settings are on by
# default with debug off, so `manage.py check --deploy` has nothing to say.
# ---------------------------------------------------------------------------


def env_flag(name, default):
    """A 0/1 environment variable; ``default`` when unset or empty."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0, not {value!r}.")


def env_list(name, default=""):
    """A comma-separated environment variable, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = not DEBUG

_given_key = os.environ.get("DJANGO_SECRET_KEY", "")
if PRODUCTION and (
    not _given_key or _given_key.startswith((DEV_SECRET_KEY_PREFIX, "django-insecure"))
):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a real secret key when DJANGO_DEBUG=0; it is "
        + ("unset" if not _given_key else "a development key")
        + '. Generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )

# HTTPS: redirect plain HTTP, tell browsers to stay on HTTPS (HSTS), send the
# session and CSRF cookies over HTTPS only.
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS") or (31536000 if PRODUCTION else 0)
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_flag("DJANGO_SECURE_HSTS_PRELOAD", PRODUCTION)
SESSION_COOKIE_SECURE = env_flag("DJANGO_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# The header a TLS-terminating proxy sets to "https" (it must overwrite any
# value the client sent). Empty: trust no header (LifeOS terminates TLS itself).
_proxy_header = os.environ.get(
    "DJANGO_SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto" if PRODUCTION else ""
).strip()
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https") if _proxy_header else None
)
# Origins (scheme://host[:port]) allowed to POST besides the request's own host.
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Persistent database connections, checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = int(
    os.environ.get("DJANGO_CONN_MAX_AGE") or (60 if PRODUCTION else 0)
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = PRODUCTION or DATABASES["default"]["CONN_MAX_AGE"] > 0
