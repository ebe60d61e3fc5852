"""Django settings for LifeOS.

The database comes from ``DATABASE_URL``; with none set, LifeOS uses an embedded
SQLite file, ``db.sqlite3`` at the project root, and needs no other set-up.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

# A development key is generated per checkout when none is given, so no secret
# lives in the code; production sets DJANGO_SECRET_KEY.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "insecure-dev-" + str(BASE_DIR)
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
    "django.middleware.security.SecurityMiddleware",
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
STATIC_ROOT = BASE_DIR / "staticfiles"

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
