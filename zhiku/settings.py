"""The one settings module. Every knob is a ``ZHIKU_*`` environment variable.

Defaults are for development on one machine: SQLite under ``./var``, DEBUG on, a fixed
development secret. Production (``ZHIKU_DEBUG=0``) refuses to start without a real secret.
"""

import contextlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("ZHIKU_DEBUG", True)
DATA_DIR = Path(os.environ.get("ZHIKU_DATA_DIR", BASE_DIR / "var")).resolve()

# Used only with DEBUG on; production refuses to start without ZHIKU_SECRET_KEY.
_DEV_SECRET = "zhiku-development-only-secret-not-for-production-use-0123456789abcdef"  # noqa: S105
SECRET_KEY = os.environ.get("ZHIKU_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ZHIKU_SECRET_KEY is not set. Production (ZHIKU_DEBUG=0) needs a long random "
            "secret, e.g. from: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = _DEV_SECRET

ALLOWED_HOSTS = env_list("ZHIKU_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if not DEBUG else "*")
CSRF_TRUSTED_ORIGINS = env_list("ZHIKU_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "zhiku.catalog",
    "zhiku.ingest",
    "zhiku.search",
    "zhiku.interop",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "zhiku.urls"
WSGI_APPLICATION = "zhiku.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "zhiku" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhiku.catalog.context.site",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
# ZHIKU_DATABASE_URL: sqlite:////abs/path.sqlite3 or postgresql://user:pass@host:5432/name
_default_db = f"sqlite:///{DATA_DIR / 'zhiku.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("ZHIKU_DATABASE_URL", _default_db),
        conn_max_age=int(os.environ.get("ZHIKU_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # sqlite connections are cheap; avoid stale locks
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue on the busy timeout instead of failing mid-transaction.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("ZHIKU_SQLITE_TIMEOUT", "20")),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- language -------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "zhiku" / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("ZHIKU_TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

# --- static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "zhiku" / "static"]
# WhiteNoise warns about a missing folder; on a read-only disk, collectstatic will say so.
with contextlib.suppress(OSError):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- zhiku ----------------------------------------------------------------------------------
ZHIKU_SITE_NAME = os.environ.get("ZHIKU_SITE_NAME", "智库 zhiku")
ZHIKU_SITE_URL = os.environ.get("ZHIKU_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- search ---------------------------------------------------------------------------------
# Apply the search change log right after each committing transaction (tests; small sites run
# by one process). Otherwise `zhiku serve`'s indexer and `zhiku ingest` apply it.
ZHIKU_SEARCH_APPLY_ON_COMMIT = env_bool("ZHIKU_SEARCH_APPLY_ON_COMMIT", False)
# Never write the index from this process (`zhiku serve` sets it for its web workers: its
# indexer process is the one writer). Otherwise a process catches the index up before a search.
ZHIKU_SEARCH_READ_ONLY = env_bool("ZHIKU_SEARCH_READ_ONLY", False)
# How often the indexer of `zhiku serve` looks for new changes, in seconds.
ZHIKU_SEARCH_POLL_SECONDS = float(os.environ.get("ZHIKU_SEARCH_POLL_SECONDS", "0.5"))
# Change-log rows older than this are pruned; an index not followed for as long is rebuilt.
ZHIKU_SEARCH_LOG_DAYS = int(os.environ.get("ZHIKU_SEARCH_LOG_DAYS", "30"))

# --- production hardening -------------------------------------------------------------------
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("ZHIKU_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("ZHIKU_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ZHIKU_LOG_LEVEL", "WARNING")},
}
