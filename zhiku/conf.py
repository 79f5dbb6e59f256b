"""Every ``ZHIKU_*`` environment variable, as one table: name, type, default, one-line doc.

``zhiku/settings.py`` reads the environment only through :func:`read_settings`, and no other
module reads a ``ZHIKU_*`` variable itself, so this table is the whole of zhiku's
configuration. A value that does not parse stops the start with a message naming the variable
and the value (:class:`SettingError`; settings.py turns it into Django's ImproperlyConfigured).
The settings reference in ``docs/deployment.md`` is generated from the table
(``python -m zhiku.conf``) and a test keeps the two equal.

A setting is added here, with its doc; settings.py then uses ``env["ZHIKU_…"]``.

Unset means the default. An empty value means the default too, except for ``str`` and ``list``
settings, where an empty value is a value (``ZHIKU_ACCESS_LOG=`` turns the access log off).
A default of ``None`` is computed in settings.py from other settings; the doc says how.

Django-free, so that settings.py can import it before Django is configured.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from zhiku.conf_types import (  # the types and parsers of the table's columns
    BOOL,
    COUNT,
    DOTTED,
    FLOAT,
    LIST,
    LOG_LEVEL,
    PATH,
    PORT,
    POSITIVE,
    RATE,
    STR,
    URL,
    WEB_URL,
    Setting,
    SettingError,
)

#: The development secret: published with the code, so it signs nothing in production. settings.py
#: uses it with DEBUG on, refuses it with DEBUG off, and a deploy check reports it
#: (``zhiku.security.checks``).
DEV_SECRET_KEY = "zhiku-development-only-secret-not-for-production-use-0123456789abcdef"  # noqa: S105


def is_development_secret(value: str) -> bool:
    """Whether ``value`` is the published development secret (spaces around it do not hide it)."""
    return value.strip() == DEV_SECRET_KEY


# --- the table ---------------------------------------------------------------------------------

SETTINGS: tuple[Setting, ...] = (
    # the site
    Setting("ZHIKU_DEBUG", BOOL, "1", "development mode; `0` in production"),
    Setting(
        "ZHIKU_SECRET_KEY",
        STR,
        "",
        "signing secret; required when `ZHIKU_DEBUG=0` (zhiku refuses to start without it or "
        "with the published development key), a fixed development key otherwise",
    ),
    Setting(
        "ZHIKU_ALLOWED_HOSTS",
        LIST,
        None,
        "host names the site answers to; default `*` in debug, else `localhost,127.0.0.1,[::1]`",
    ),
    Setting(
        "ZHIKU_CSRF_TRUSTED_ORIGINS",
        LIST,
        "",
        "origins trusted for form posts behind a proxy, e.g. `https://thinktank.example.org`",
    ),
    Setting(
        "ZHIKU_SITE_URL",
        WEB_URL,
        "http://127.0.0.1:8000",
        "the public address; its host names the OAI-PMH repository",
    ),
    Setting("ZHIKU_SITE_NAME", STR, "智库 zhiku", "shown in the header, feeds and citations"),
    Setting("ZHIKU_TIME_ZONE", STR, "Asia/Shanghai", "time zone of dates shown and stored"),
    Setting("ZHIKU_LOG_LEVEL", LOG_LEVEL, "WARNING", "level of the log written to standard error"),
    # storage
    Setting(
        "ZHIKU_DATA_DIR",
        PATH,
        None,
        "SQLite file, collected static files, search index, rate-limit counters; "
        "default `var/` in the source folder",
    ),
    Setting(
        "ZHIKU_DATABASE_URL",
        URL,
        None,
        "`sqlite:////abs/path` or `postgresql://user:pass@host/db`; "
        "default `zhiku.sqlite3` in the data folder",
    ),
    Setting(
        "ZHIKU_DB_CONN_MAX_AGE",
        COUNT,
        "60",
        "seconds a PostgreSQL connection is reused (0: one per request)",
    ),
    Setting(
        "ZHIKU_SQLITE_TIMEOUT",
        COUNT,
        "20",
        "seconds a SQLite writer waits for another to finish",
    ),
    # the server (`zhiku serve`)
    Setting("ZHIKU_HOST", STR, "127.0.0.1", "address `zhiku serve` listens on (`--host`)"),
    Setting("ZHIKU_PORT", PORT, "8000", "port `zhiku serve` listens on (`--port`)"),
    Setting(
        "ZHIKU_ACCESS_LOG",
        STR,
        "-",
        "file of `zhiku serve`'s access log; `-` is standard output, empty turns it off",
    ),
    Setting(
        "ZHIKU_CONTROL_SOCKET",
        STR,
        "",
        "path of gunicorn's control socket (`gunicornc`); empty turns it off",
    ),
    # page cache
    Setting(
        "ZHIKU_PAGE_CACHE",
        BOOL,
        "1",
        "whole-page cache for anonymous readers (per worker), invalidated by every catalog write",
    ),
    Setting("ZHIKU_PAGE_CACHE_SECONDS", COUNT, "600", "how long a cached page is kept"),
    Setting("ZHIKU_PAGE_CACHE_ENTRIES", POSITIVE, "2000", "pages kept per worker"),
    # security
    Setting(
        "ZHIKU_SSL_REDIRECT",
        BOOL,
        "1",
        "production: redirect HTTP to HTTPS (`0` only behind a proxy that does it)",
    ),
    Setting(
        "ZHIKU_HSTS_SECONDS",
        COUNT,
        "31536000",
        "production: the Strict-Transport-Security max-age",
    ),
    Setting("ZHIKU_SESSION_HOURS", POSITIVE, "12", "back-office session length"),
    Setting(
        "ZHIKU_LOGIN_FAILURE_LIMIT",
        POSITIVE,
        "5",
        "failed sign-ins, per address and per account, before sign-in is locked",
    ),
    Setting(
        "ZHIKU_LOGIN_COOLOFF_MINUTES",
        POSITIVE,
        "15",
        "how long a locked sign-in stays locked",
    ),
    Setting(
        "ZHIKU_TRUSTED_PROXIES",
        COUNT,
        "0",
        "reverse proxies in front that append to X-Forwarded-For",
    ),
    Setting(
        "ZHIKU_RATE_LIMIT_SEARCH",
        RATE,
        "60/60",
        "searches per client as requests/seconds; `0` disables",
    ),
    Setting(
        "ZHIKU_RATE_LIMIT_API",
        RATE,
        "120/60",
        "API requests per client as requests/seconds; `0` disables",
    ),
    Setting(
        "ZHIKU_RATE_LIMIT_STORE",
        STR,
        None,
        "where rate-limit counters live: `sqlite:////abs/path` (one machine), `database` "
        "(PostgreSQL, several machines) or `redis://host:6379/0` (several machines); default "
        "`ratelimit.sqlite3` in the data folder",
    ),
    Setting(
        "ZHIKU_MAX_UPLOAD_MB",
        POSITIVE,
        "50",
        "largest request body, and largest upload on the admin's import page",
    ),
    # editorial
    Setting(
        "ZHIKU_REVIEW_BY_SECOND_EDITOR",
        BOOL,
        "1",
        "neither the submitter of a work nor an editor who changed it since the submit may "
        "publish it",
    ),
    # open interfaces
    Setting(
        "ZHIKU_OAI_REPOSITORY_ID",
        STR,
        "",
        "the `<id>` in `oai:<id>:work/<n>`; empty: the host of `ZHIKU_SITE_URL` "
        "(`zhiku.invalid` if not a domain)",
    ),
    Setting(
        "ZHIKU_ADMIN_EMAIL",
        STR,
        "webmaster@zhiku.invalid",
        "the OAI-PMH `adminEmail` (set it in production)",
    ),
    Setting("ZHIKU_OAI_PAGE_SIZE", POSITIVE, "100", "records per OAI-PMH page"),
    Setting("ZHIKU_OAI_TOKEN_HOURS", POSITIVE, "24", "how long a resumption token stays valid"),
    # search
    Setting(
        "ZHIKU_SEARCH_BACKEND",
        DOTTED,
        "zhiku.search.backends.tantivy.TantivyBackend",
        "dotted path of the search backend class",
    ),
    Setting(
        "ZHIKU_SEARCH_APPLY_ON_COMMIT",
        BOOL,
        "0",
        "apply the search change log right after each commit (tests; one-process sites)",
    ),
    Setting(
        "ZHIKU_SEARCH_READ_ONLY",
        BOOL,
        "0",
        "never write the index from this process (`zhiku serve` sets it in its web workers)",
    ),
    Setting(
        "ZHIKU_SEARCH_POLL_SECONDS",
        FLOAT,
        "0.5",
        "how often the indexer looks for new changes",
    ),
    Setting(
        "ZHIKU_SEARCH_LOG_DAYS",
        POSITIVE,
        "30",
        "change-log rows kept; an index not followed for as long is rebuilt",
    ),
    Setting(
        "ZHIKU_SEARCH_MAX_LAG_SECONDS",
        FLOAT,
        "600",
        "`/healthz` reports search unavailable when a change has waited longer to be indexed",
    ),
    Setting(
        "ZHIKU_SEARCH_EXPECT_INDEXER",
        BOOL,
        "0",
        "`/healthz` requires a live indexer on this machine (`zhiku serve` sets it in its web "
        "workers; set it with `--no-indexer` when `zhiku indexer` runs as its own service)",
    ),
    Setting(
        "ZHIKU_SEARCH_HEARTBEAT_SECONDS",
        FLOAT,
        "10",
        "`/healthz` reports search unavailable when the expected indexer has not signalled for "
        "longer (it beats four times as often)",
    ),
    # operations
    Setting(
        "ZHIKU_MIN_FREE_MB",
        COUNT,
        "200",
        "`/healthz` fails when the data folder's disk has less free space (MB); `0` disables",
    ),
)

BY_NAME: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}


def _raw(setting: Setting, environ: Mapping[str, str]) -> str | None:
    raw = environ.get(setting.name)
    if raw is None or (raw == "" and not setting.type.empty_is_value):
        return setting.default
    return raw


def read_settings(environ: Mapping[str, str]) -> dict[str, Any]:
    """Every setting of the table, parsed from ``environ`` (or its default; ``None`` when the
    default is computed in settings.py). Raises one SettingError naming every bad value."""
    values: dict[str, Any] = {}
    errors: list[str] = []
    for setting in SETTINGS:
        raw = _raw(setting, environ)
        try:
            values[setting.name] = None if raw is None else setting.parse(raw)
        except SettingError as exc:
            errors.append(str(exc))
    if errors:
        raise SettingError("; ".join(errors))
    return values


# --- the reference in docs/deployment.md -------------------------------------------------------

DOCS_START = "<!-- settings table: generated by `python -m zhiku.conf`; do not edit by hand -->"
DOCS_END = "<!-- end of settings table -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown_table() -> str:
    """The settings reference as a Markdown table, between the markers docs/deployment.md
    carries."""
    lines = [DOCS_START, "", "| variable | type | default | meaning |", "|---|---|---|---|"]
    for setting in SETTINGS:
        if setting.default is None:
            default = "see meaning"
        elif setting.default == "":
            default = "empty"
        else:
            default = f"`{setting.default}`"
        lines.append(
            f"| `{setting.name}` | {setting.type.name} | {_cell(default)} | {_cell(setting.doc)} |"
        )
    lines += ["", DOCS_END]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(markdown_table() + "\n")
