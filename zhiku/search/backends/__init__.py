"""Search backends: the engine behind zhiku's search, chosen by the setting ``SEARCH_BACKEND``
(a dotted path to a ``SearchBackend`` subclass; default ``DEFAULT_BACKEND``, tantivy).

``get_backend()`` gives this process's backend for a data folder (one instance per folder, so
readers stay open between requests). The interface is ``base.py``; the contract any backend
must pass is ``tests/integration/search/test_backend_contract.py``.
"""

from __future__ import annotations

import threading
from pathlib import Path

from zhiku.search.backends.base import SearchBackend

DEFAULT_BACKEND = "zhiku.search.backends.tantivy.TantivyBackend"

_backends: dict[tuple[str, Path], SearchBackend] = {}
_lock = threading.Lock()


def backend_path() -> str:
    """The dotted path of the configured backend class."""
    from django.conf import settings

    return getattr(settings, "SEARCH_BACKEND", DEFAULT_BACKEND) or DEFAULT_BACKEND


def get_backend(data_dir: Path | None = None) -> SearchBackend:
    """This process's backend for ``data_dir`` (default: settings.DATA_DIR)."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    path = backend_path()
    key = (path, Path(data_dir or settings.DATA_DIR))
    with _lock:
        if key not in _backends:
            _backends[key] = import_string(path)(key[1])
        return _backends[key]


def forget(data_dir: Path | None = None) -> None:
    """Drop this process's backends (of ``data_dir``, or all): the next use starts cold."""
    with _lock:
        for key in list(_backends):
            if data_dir is None or key[1] == Path(data_dir):
                del _backends[key]


__all__ = ["DEFAULT_BACKEND", "SearchBackend", "forget", "get_backend"]
