"""The column types of the settings table (``zhiku/conf.py``): how each kind of value is
parsed from the environment, and the error that names a bad one."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


class SettingError(ValueError):
    """A ``ZHIKU_*`` value that does not parse; the message names the variable and the value."""


@dataclass(frozen=True)
class Type:
    """How one kind of value is written in the environment and turned into a Python value."""

    name: str
    parse: Callable[[str], Any]
    expected: str  # what a good value looks like, for the error message
    empty_is_value: bool = False  # "" is a value (str, list) rather than "use the default"


@dataclass(frozen=True)
class Setting:
    name: str
    type: Type
    default: str | None  # as written in the environment; None: computed in settings.py
    doc: str

    def parse(self, raw: str) -> Any:
        try:
            return self.type.parse(raw)
        except (TypeError, ValueError):
            raise SettingError(
                f"{self.name}={raw!r}: expected {self.type.expected} ({self.doc})"
            ) from None


# --- the types ---------------------------------------------------------------------------------

TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off"})


def parse_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ValueError(raw)


def parse_int(raw: str) -> int:
    return int(raw.strip())


def parse_count(raw: str) -> int:
    value = int(raw.strip())
    if value < 0:
        raise ValueError(raw)
    return value


def parse_positive(raw: str) -> int:
    value = int(raw.strip())
    if value < 1:
        raise ValueError(raw)
    return value


def parse_float(raw: str) -> float:
    value = float(raw.strip())
    if value != value or value < 0:  # NaN or negative
        raise ValueError(raw)
    return value


def parse_str(raw: str) -> str:
    return raw


def parse_list(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


def parse_path(raw: str) -> Path:
    return Path(raw.strip()).expanduser().resolve()


def parse_url(raw: str) -> str:
    value = raw.strip()
    parts = urlsplit(value)
    if not parts.scheme or "://" not in value:
        raise ValueError(raw)
    return value


def parse_web_url(raw: str) -> str:
    value = parse_url(raw)
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError(raw)
    return value


def parse_port(raw: str) -> int:
    value = int(raw.strip())
    if not 0 < value < 65536:
        raise ValueError(raw)
    return value


def parse_rate(raw: str) -> tuple[int, int]:
    """ "requests/seconds" as (requests, seconds); "0" (no seconds) disables the limit."""
    requests, _sep, seconds = raw.strip().partition("/")
    value = int(requests), int(seconds or 60)
    if value[0] < 0 or value[1] < 1:
        raise ValueError(raw)
    return value


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def parse_log_level(raw: str) -> str:
    value = raw.strip().upper()
    if value not in LOG_LEVELS:
        raise ValueError(raw)
    return value


_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+")


def parse_dotted(raw: str) -> str:
    value = raw.strip()
    if not _DOTTED.fullmatch(value):
        raise ValueError(raw)
    return value


BOOL = Type("bool", parse_bool, "1/0, true/false, yes/no or on/off")
INT = Type("int", parse_int, "a whole number")
COUNT = Type("int", parse_count, "a whole number, 0 or more")
POSITIVE = Type("int", parse_positive, "a whole number, 1 or more")
FLOAT = Type("float", parse_float, "a number of seconds, 0 or more, e.g. 0.5")
STR = Type("str", parse_str, "text", empty_is_value=True)
LIST = Type("list", parse_list, "comma-separated values", empty_is_value=True)
PATH = Type("path", parse_path, "a folder path")
URL = Type("url", parse_url, "a URL such as scheme://host/path")
WEB_URL = Type("url", parse_web_url, "an http:// or https:// address with a host name")
PORT = Type("port", parse_port, "a TCP port, 1 to 65535")
RATE = Type("rate", parse_rate, "requests/seconds, e.g. 60/60, or 0 to disable")
LOG_LEVEL = Type("level", parse_log_level, "one of " + ", ".join(LOG_LEVELS))
DOTTED = Type("dotted", parse_dotted, "a dotted Python path, e.g. package.module.Class")
