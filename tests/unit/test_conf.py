"""The parsers of the settings table (zhiku/conf.py): good values, and bad ones refused with a
message naming the variable and the value."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from zhiku.conf import BY_NAME, SETTINGS, SettingError, read_settings


def value(name: str, raw: str):
    return read_settings({name: raw})[name]


def refused(name: str, raw: str) -> str:
    with pytest.raises(SettingError) as caught:
        read_settings({name: raw})
    return str(caught.value)


def test_the_table_is_well_formed():
    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names))
    assert all(s.name.startswith("ZHIKU_") and s.doc and not s.doc.endswith(".") for s in SETTINGS)


def test_every_default_parses():
    defaults = read_settings({})
    for setting in SETTINGS:
        if setting.default is None:
            assert defaults[setting.name] is None
        else:
            assert defaults[setting.name] == setting.parse(setting.default)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        (" Yes ", True),
        ("ON", True),
        ("0", False),
        ("no", False),
        ("False", False),
        ("off", False),
    ],
)
def test_bool(raw, expected):
    assert value("ZHIKU_DEBUG", raw) is expected


def test_a_bool_that_is_neither_is_refused():
    message = refused("ZHIKU_DEBUG", "maybe")
    assert message.startswith("ZHIKU_DEBUG='maybe': expected 1/0, true/false")


def test_whole_numbers():
    assert value("ZHIKU_OAI_PAGE_SIZE", " 250 ") == 250
    assert value("ZHIKU_TRUSTED_PROXIES", "0") == 0
    assert "ZHIKU_OAI_PAGE_SIZE='abc': expected a whole number" in refused(
        "ZHIKU_OAI_PAGE_SIZE", "abc"
    )
    assert "ZHIKU_OAI_PAGE_SIZE='0'" in refused("ZHIKU_OAI_PAGE_SIZE", "0")
    assert "ZHIKU_TRUSTED_PROXIES='-1'" in refused("ZHIKU_TRUSTED_PROXIES", "-1")
    assert "ZHIKU_MAX_UPLOAD_MB='2.5'" in refused("ZHIKU_MAX_UPLOAD_MB", "2.5")


def test_seconds():
    assert value("ZHIKU_SEARCH_POLL_SECONDS", "0.25") == 0.25
    assert value("ZHIKU_SEARCH_MAX_LAG_SECONDS", "60") == 60.0
    for bad in ("soon", "-1", "nan"):
        assert f"ZHIKU_SEARCH_POLL_SECONDS={bad!r}" in refused("ZHIKU_SEARCH_POLL_SECONDS", bad)


def test_port():
    assert value("ZHIKU_PORT", "8080") == 8080
    for bad in ("0", "65536", "http"):
        assert f"ZHIKU_PORT={bad!r}: expected a TCP port" in refused("ZHIKU_PORT", bad)


def test_rate():
    assert value("ZHIKU_RATE_LIMIT_API", "10/60") == (10, 60)
    assert value("ZHIKU_RATE_LIMIT_API", "0") == (0, 60)  # disabled
    assert value("ZHIKU_RATE_LIMIT_SEARCH", "30") == (30, 60)
    for bad in ("fast", "10/0", "-1/60", "10/s"):
        message = refused("ZHIKU_RATE_LIMIT_API", bad)
        assert message.startswith(f"ZHIKU_RATE_LIMIT_API={bad!r}: expected requests/seconds")


def test_lists_and_text():
    assert value("ZHIKU_ALLOWED_HOSTS", "a.org, b.org,,") == ["a.org", "b.org"]
    assert value("ZHIKU_ALLOWED_HOSTS", "") == []  # an empty list is a value
    assert read_settings({})["ZHIKU_ALLOWED_HOSTS"] is None  # unset: settings.py decides
    assert value("ZHIKU_ACCESS_LOG", "") == ""  # empty turns the access log off
    assert read_settings({})["ZHIKU_ACCESS_LOG"] == "-"


def test_path():
    assert value("ZHIKU_DATA_DIR", "/srv/zhiku/../data") == Path("/srv/data")
    assert value("ZHIKU_DATA_DIR", "relative").is_absolute()
    assert read_settings({"ZHIKU_DATA_DIR": ""})["ZHIKU_DATA_DIR"] is None


def test_urls():
    assert value("ZHIKU_DATABASE_URL", "postgresql://u:p@db/zhiku") == "postgresql://u:p@db/zhiku"
    assert value("ZHIKU_DATABASE_URL", "sqlite:////var/lib/zhiku/z.sqlite3")
    assert "ZHIKU_DATABASE_URL='/var/z.sqlite3': expected a URL" in refused(
        "ZHIKU_DATABASE_URL", "/var/z.sqlite3"
    )
    assert value("ZHIKU_SITE_URL", "https://thinktank.example.org/") == (
        "https://thinktank.example.org/"
    )
    for bad in ("thinktank.example.org", "ftp://example.org", "https://"):
        assert f"ZHIKU_SITE_URL={bad!r}: expected an http" in refused("ZHIKU_SITE_URL", bad)


def test_log_level_and_dotted_path():
    assert value("ZHIKU_LOG_LEVEL", "info") == "INFO"
    assert "ZHIKU_LOG_LEVEL='loud': expected one of DEBUG" in refused("ZHIKU_LOG_LEVEL", "loud")
    assert value("ZHIKU_SEARCH_BACKEND", "my.engine.Backend") == "my.engine.Backend"
    for bad in ("Backend", "my engine.Backend", "my..Backend"):
        assert f"ZHIKU_SEARCH_BACKEND={bad!r}" in refused("ZHIKU_SEARCH_BACKEND", bad)


def test_empty_numbers_take_the_default():
    assert value("ZHIKU_OAI_PAGE_SIZE", "") == 100
    assert value("ZHIKU_DEBUG", "") is True


def test_every_bad_value_is_named_at_once():
    message = refused_many({"ZHIKU_PORT": "x", "ZHIKU_OAI_PAGE_SIZE": "abc"})
    assert "ZHIKU_PORT='x'" in message and "ZHIKU_OAI_PAGE_SIZE='abc'" in message


def refused_many(environ):
    with pytest.raises(SettingError) as caught:
        read_settings(environ)
    return str(caught.value)


def test_the_message_says_what_the_setting_is():
    assert BY_NAME["ZHIKU_OAI_PAGE_SIZE"].doc in refused("ZHIKU_OAI_PAGE_SIZE", "abc")


def test_a_bad_value_stops_zhiku_with_a_configuration_error(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "zhiku", "check"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        env={
            "PATH": "/usr/bin:/bin",
            "ZHIKU_DATA_DIR": str(tmp_path),
            "ZHIKU_OAI_PAGE_SIZE": "abc",
        },
    )
    assert result.returncode == 2
    assert "zhiku: configuration error: ZHIKU_OAI_PAGE_SIZE='abc'" in result.stderr
    assert "Traceback" not in result.stderr
