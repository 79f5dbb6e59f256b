"""The one settings module. Every knob is a ``ZHIKU_*`` environment variable, declared with its
type, default and doc in ``zhiku/conf.py`` and read here through that table (``env``), never
from ``os.environ`` directly.

Defaults are for development on one machine: SQLite under ``./var``, DEBUG on, a fixed
development secret. Production (``ZHIKU_DEBUG=0``) refuses to start without a real secret.
"""

import contextlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from zhiku.conf import DEV_SECRET_KEY, SettingError, is_development_secret, read_settings

BASE_DIR = Path(__file__).resolve().parent.parent

try:
    env = read_settings(os.environ)
except SettingError as exc:
    raise ImproperlyConfigured(str(exc)) from None

DEBUG = env["ZHIKU_DEBUG"]
DATA_DIR = env["ZHIKU_DATA_DIR"] or (BASE_DIR / "var").resolve()

# The development secret is used only with DEBUG on; production refuses to start without
# ZHIKU_SECRET_KEY, or with the development secret given as ZHIKU_SECRET_KEY (it is published).
_MAKE_SECRET = "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"  # noqa: S105
#: What zhiku.security.checks compares the secret with (check --deploy: zhiku.E001).
ZHIKU_DEVELOPMENT_SECRET = DEV_SECRET_KEY
SECRET_KEY = env["ZHIKU_SECRET_KEY"]
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ZHIKU_SECRET_KEY is not set. Production (ZHIKU_DEBUG=0) needs a long random "
            f"secret, e.g. from: {_MAKE_SECRET}"
        )
    SECRET_KEY = DEV_SECRET_KEY
elif not DEBUG and is_development_secret(SECRET_KEY):
    raise ImproperlyConfigured(
        "ZHIKU_SECRET_KEY is zhiku's published development secret; anyone could forge sessions "
        f"and tokens with it. Set a long random secret, e.g. from: {_MAKE_SECRET}"
    )

ALLOWED_HOSTS = env["ZHIKU_ALLOWED_HOSTS"]
if ALLOWED_HOSTS is None:
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"] if not DEBUG else ["*"]
CSRF_TRUSTED_ORIGINS = env["ZHIKU_CSRF_TRUSTED_ORIGINS"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "corsheaders",
    "ninja",  # its templates and static Swagger UI: /api/v1/docs then needs no CDN, no inline JS
    "zhiku.catalog",
    "zhiku.ingest",
    "zhiku.search",
    "zhiku.interop",
    "zhiku.editorial",
    "zhiku.security",
    "zhiku.ops",
]

MIDDLEWARE = [
    "zhiku.security.methods.HeadAsGetMiddleware",  # HEAD wherever GET: first, so all see a GET
    "django.middleware.security.SecurityMiddleware",
    "zhiku.security.headers.SecurityHeadersMiddleware",  # CSP, Permissions-Policy
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "zhiku.security.ratelimit.RateLimitMiddleware",  # refuse early: before sessions and views
    "zhiku.security.uploads.RequestSizeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "zhiku.catalog.language.PreferredLanguageMiddleware",  # Accept-Language / chosen language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "zhiku.errors.DatabaseUnavailableMiddleware",  # a database outage is a readable 503
    "simple_history.middleware.HistoryRequestMiddleware",  # revisions know who saved them
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

# django-axes checks every login first (per-IP and per-account throttling), then Django's own.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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
        env["ZHIKU_DATABASE_URL"] or _default_db,
        conn_max_age=env["ZHIKU_DB_CONN_MAX_AGE"],
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
        "timeout": env["ZHIKU_SQLITE_TIMEOUT"],
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

ZHIKU_PAGE_CACHE = env["ZHIKU_PAGE_CACHE"]
# Each worker process keeps its own caches; "pages" holds rendered public pages keyed by the
# catalog generation (zhiku.catalog.pagecache), so it needs no cross-process invalidation.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "TIMEOUT": env["ZHIKU_PAGE_CACHE_SECONDS"],
        "OPTIONS": {"MAX_ENTRIES": env["ZHIKU_PAGE_CACHE_ENTRIES"]},
    },
}

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
TIME_ZONE = env["ZHIKU_TIME_ZONE"]
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
ZHIKU_SITE_NAME = env["ZHIKU_SITE_NAME"]
ZHIKU_SITE_URL = env["ZHIKU_SITE_URL"].rstrip("/")

# --- the server (`zhiku serve`, zhiku/ops/server.py) ----------------------------------------------
ZHIKU_HOST = env["ZHIKU_HOST"]
ZHIKU_PORT = env["ZHIKU_PORT"]
ZHIKU_ACCESS_LOG = env["ZHIKU_ACCESS_LOG"]  # "-": standard output; "": off
ZHIKU_CONTROL_SOCKET = env["ZHIKU_CONTROL_SOCKET"]  # "": no control socket

# --- editorial (docs/editing.md) -------------------------------------------------------------
# The user who submits a work for review cannot also publish it.
ZHIKU_REVIEW_BY_SECOND_EDITOR = env["ZHIKU_REVIEW_BY_SECOND_EDITOR"]
SIMPLE_HISTORY_REVERT_DISABLED = True  # revert goes through zhiku's own view (keeps status)

# --- sign-in throttling (django-axes) ---------------------------------------------------------
# Failed logins are counted per client IP and, separately, per account name; either reaching
# the limit locks sign-in for the cool-off period. Counts live in the database, so every worker
# and machine sees them.
AXES_FAILURE_LIMIT = env["ZHIKU_LOGIN_FAILURE_LIMIT"]
AXES_COOLOFF_TIME = timedelta(minutes=env["ZHIKU_LOGIN_COOLOFF_MINUTES"])
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "zhiku.security.client.client_ip"
AXES_LOCKOUT_CALLABLE = "zhiku.security.lockout.lockout_response"
AXES_VERBOSE = False
# Failures and lockouts in the main database (axes' own default, stated): with several app
# servers on one PostgreSQL database, a lockout holds on all of them.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

# --- rate limits (docs/security.md) -----------------------------------------------------------
# Number of reverse proxies in front of zhiku that append to X-Forwarded-For (0: none).
ZHIKU_TRUSTED_PROXIES = env["ZHIKU_TRUSTED_PROXIES"]

# (requests, seconds) from "requests/seconds"; "0" disables.
_search_rate = env["ZHIKU_RATE_LIMIT_SEARCH"]
_api_rate = env["ZHIKU_RATE_LIMIT_API"]
ZHIKU_RATE_LIMITS = [
    {
        "name": "search",
        "paths": ["/search/", "/en/search/"],
        "requests": _search_rate[0],
        "seconds": _search_rate[1],
    },
    {"name": "api", "paths": ["/api/"], "requests": _api_rate[0], "seconds": _api_rate[1]},
]
# Where the counters live: a SQLite file of their own (one machine, every worker), or
# "database" (the main database: with PostgreSQL, every machine). See security/counters.py.
ZHIKU_RATE_LIMIT_STORE = (
    env["ZHIKU_RATE_LIMIT_STORE"] or f"sqlite:///{DATA_DIR / 'ratelimit.sqlite3'}"
)

# --- uploads --------------------------------------------------------------------------------
# The largest request body accepted (imports included); Django's own caps stay for form data.
ZHIKU_MAX_REQUEST_BYTES = env["ZHIKU_MAX_UPLOAD_MB"] * 2**20
# The import page cuts an upload off at the same size while it reads it (a client may send no
# or a false Content-Length); `zhiku ingest` on the command line has no such limit.
ZHIKU_UPLOAD_MAX_BYTES = ZHIKU_MAX_REQUEST_BYTES
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 2**20  # non-file form data (a long body text fits)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 2**20  # larger files are streamed to a temporary file
DATA_UPLOAD_MAX_NUMBER_FILES = 50
FILE_UPLOAD_PERMISSIONS = 0o640

# --- sessions, cookies, headers ---------------------------------------------------------------
SESSION_COOKIE_AGE = env["ZHIKU_SESSION_HOURS"] * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script of ours reads it; forms carry the token
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# No inline script or style anywhere, so the policy needs neither nonces nor 'unsafe-inline'.
ZHIKU_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
ZHIKU_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# --- open interfaces (zhiku.interop) -----------------------------------------------------------
# Anyone may read the machine interfaces from a browser on another site; nothing else is shared.
CORS_URLS_REGEX = r"^/(api/|oai$|feeds/|cite/)"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]
ZHIKU_OAI_REPOSITORY_ID = env["ZHIKU_OAI_REPOSITORY_ID"]
ZHIKU_ADMIN_EMAIL = env["ZHIKU_ADMIN_EMAIL"]
ZHIKU_OAI_PAGE_SIZE = env["ZHIKU_OAI_PAGE_SIZE"]
ZHIKU_OAI_TOKEN_HOURS = env["ZHIKU_OAI_TOKEN_HOURS"]
# --- search ---------------------------------------------------------------------------------
# The class behind the search seam (zhiku/search/backends), as a dotted path.
SEARCH_BACKEND = env["ZHIKU_SEARCH_BACKEND"]
# Apply the search change log right after each committing transaction (tests; small sites run
# by one process). Otherwise `zhiku serve`'s indexer and `zhiku ingest` apply it.
ZHIKU_SEARCH_APPLY_ON_COMMIT = env["ZHIKU_SEARCH_APPLY_ON_COMMIT"]
# Never write the index from this process (`zhiku serve` sets it for its web workers: its
# indexer process is the one writer; `zhiku ingest` then leaves the log to it). Searches only read.
ZHIKU_SEARCH_READ_ONLY = env["ZHIKU_SEARCH_READ_ONLY"]
# How often the indexer of `zhiku serve` looks for new changes, in seconds.
ZHIKU_SEARCH_POLL_SECONDS = env["ZHIKU_SEARCH_POLL_SECONDS"]
# Change-log rows older than this are pruned; an index not followed for as long is rebuilt.
ZHIKU_SEARCH_LOG_DAYS = env["ZHIKU_SEARCH_LOG_DAYS"]
# /healthz reports the search index unavailable when a change has waited longer than this to
# be applied (the indexer is stuck or gone); shorter delays, e.g. during an import, are normal.
ZHIKU_SEARCH_MAX_LAG_SECONDS = env["ZHIKU_SEARCH_MAX_LAG_SECONDS"]
# /healthz also requires the indexer's heartbeat (zhiku/search/heartbeat.py), no older than
# ZHIKU_SEARCH_HEARTBEAT_SECONDS, where an indexer is expected (`zhiku serve`'s web workers).
ZHIKU_SEARCH_EXPECT_INDEXER = env["ZHIKU_SEARCH_EXPECT_INDEXER"]
ZHIKU_SEARCH_HEARTBEAT_SECONDS = env["ZHIKU_SEARCH_HEARTBEAT_SECONDS"]
# /healthz fails when the data folder's disk has less free space than this (MB; 0: no check).
ZHIKU_MIN_FREE_MB = env["ZHIKU_MIN_FREE_MB"]

# --- production hardening -------------------------------------------------------------------
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env["ZHIKU_SSL_REDIRECT"]
    SECURE_HSTS_SECONDS = env["ZHIKU_HSTS_SECONDS"]
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # __Host- cookies are refused by browsers unless Secure, host-only and for the whole site.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    ZHIKU_CSP["upgrade-insecure-requests"] = []
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env["ZHIKU_LOG_LEVEL"]},
}
