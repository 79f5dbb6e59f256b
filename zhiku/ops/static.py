"""Static files for ``zhiku serve``: collected only when the sources changed since last time.

``collectstatic`` with hashed names rewrites every file at each run, so a start on a read-only
data folder failed in it even with every file in place, and every start paid for it. A stamp
beside the collected files records a fingerprint of the sources (path, size, mtime of each
file the finders list); while it matches, the collected files are current and left alone.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

STAMP = "static-collected.txt"


def stamp_path() -> Path:
    return Path(settings.STATIC_ROOT).parent / STAMP


def fingerprint() -> str:
    """A digest of every source static file's path, size and modification time."""
    from django.contrib.staticfiles.finders import get_finders

    entries = []
    for finder in get_finders():
        for path, storage in finder.list(ignore_patterns=[]):
            info = os.stat(storage.path(path))
            entries.append(f"{path}\0{info.st_size}\0{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()


def current() -> bool:
    """Whether the collected files match the sources (and a manifest exists)."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    try:
        return manifest.is_file() and stamp_path().read_text().strip() == fingerprint()
    except OSError:
        return False


def collect() -> bool:
    """Collect the static files unless they are current; True when it collected."""
    if current():
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp_path().write_text(fingerprint() + "\n")
    return True
