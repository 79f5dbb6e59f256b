"""Running zhiku under gunicorn from Python, so ``zhiku serve`` is the one command to start."""

from __future__ import annotations

import os
import sys

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter


def default_workers() -> int:
    """2 × CPUs + 1, gunicorn's rule of thumb, capped to keep memory modest."""
    return min(2 * (os.cpu_count() or 1) + 1, 9)


class _Arbiter(Arbiter):
    """gunicorn's master, also supervising the search indexer from its main loop: the one
    thread that forks workers also starts the indexer, so the two never overlap (see
    zhiku/search/supervise.py)."""

    indexer = None  # an IndexerChild, or None with --no-indexer

    def start(self) -> None:
        super().start()  # binds the sockets; calls when_ready
        if self.indexer is not None:
            from zhiku.search import heartbeat

            heartbeat.clear(self.app.data_dir)  # a stale beat of a previous server says nothing
            self.indexer.log = self.log
            self.indexer.keep_running()  # before the first worker is forked

    def reap_workers(self) -> None:
        if self.indexer is not None:
            self.indexer.reap()  # first: gunicorn's waitpid(-1) would claim it as unknown
        super().reap_workers()

    def manage_workers(self) -> None:
        if self.indexer is not None:
            self.indexer.keep_running()
        super().manage_workers()


class _Server(BaseApplication):
    def __init__(self, options: dict, indexer=None, data_dir=None) -> None:
        self.options = options
        self.indexer = indexer
        self.data_dir = data_dir
        super().__init__()

    def run(self) -> None:
        arbiter = _Arbiter(self)
        arbiter.indexer = self.indexer
        try:
            arbiter.run()
        except RuntimeError as exc:  # as gunicorn's own run(): one line, exit 1
            print(f"\nError: {exc}\n", file=sys.stderr)
            sys.exit(1)

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        # What zhiku/wsgi.py makes, without importing the project module from an app below it.
        from django.core.wsgi import get_wsgi_application

        return get_wsgi_application()


def _warm_up(worker) -> None:
    """Before a worker takes its first request: load the analyzer's dictionaries (jieba,
    OpenCC), open the search index and compile the main templates, which would otherwise
    cost the first reader of each worker about a second."""
    from django.template.loader import get_template

    from zhiku.search.analysis import analyze
    from zhiku.search.backends import get_backend
    from zhiku.search.backends.base import IndexUnavailable

    try:
        analyze("網絡安全 warm-up 2025")
        for name in ("catalog/home.html", "catalog/work_detail.html", "catalog/person_detail.html"):
            get_template(name)
        get_backend().searcher()
    except IndexUnavailable:
        pass  # the indexer is still building it; the first search will open it
    except Exception:  # a warm-up must never keep a worker from serving
        worker.log.exception("zhiku: warm-up failed; serving anyway")


def _control_socket(path: str) -> dict:
    if not path:
        return {"control_socket_disable": True}
    return {"control_socket": path}


def run_gunicorn(*, host: str, port: int, workers: int, indexer: bool = True) -> None:
    """Serve until stopped (SIGTERM/SIGINT); SIGHUP reloads the workers gracefully.

    With ``indexer``, one ``zhiku indexer`` child keeps the search index in step with the
    database and the workers only read it (see zhiku/search/supervise.py).
    """
    from django.conf import settings
    from django.db import connections

    from zhiku.search.supervise import IndexerChild, read_only_worker

    connections.close_all()  # never share a database connection across the fork
    child = IndexerChild() if indexer else None
    hooks = {"post_fork": read_only_worker, "on_exit": lambda server: child.stop()}
    _Server(
        (hooks if child is not None else {})
        | {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "gthread",
            "threads": 2,
            "timeout": 30,
            "graceful_timeout": 20,
            "keepalive": 5,
            # gunicorn's largest bounded request line (its default, 4094, answered a pasted
            # 5,000-character query with a bare 414 before zhiku saw it): zhiku's search page
            # and API answer over-long queries themselves, in words.
            "limit_request_line": 8190,
            # A recycled worker loses its page cache and must warm up again: recycle rarely
            # (a guard against slow leaks, not a routine).
            "max_requests": 100_000,
            "max_requests_jitter": 10_000,
            "post_worker_init": _warm_up,
            # "-" is standard output; an empty value turns the access log off.
            "accesslog": settings.ZHIKU_ACCESS_LOG or None,
            "errorlog": "-",
            "proc_name": "zhiku",
            # gunicorn's control socket (for `gunicornc`) defaults to one path per user, which
            # two servers on one machine would fight over: off unless a path is given.
            **_control_socket(settings.ZHIKU_CONTROL_SOCKET),
        },
        indexer=child,
        data_dir=settings.DATA_DIR,
    ).run()
