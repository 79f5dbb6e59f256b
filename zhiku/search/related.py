"""Related works for a work page: the backend's "more like this" (tantivy: the work's most
distinctive terms, tf × idf, see ``backends/tantivy/related.py``). Reads only."""

from __future__ import annotations

from pathlib import Path

from zhiku.search.backends.base import IndexUnavailable


def related_works(work_id: int, limit: int = 5, data_dir: Path | None = None) -> list[dict]:
    """Up to ``limit`` works like work ``work_id``; empty when there is no index yet."""
    from zhiku.search.service import open_searcher

    try:
        searcher = open_searcher(data_dir)
    except IndexUnavailable:
        return []
    return [
        {
            "id": data["id"],
            "title": data["title"],
            "authors": [a[0] for a in data["authors"]],
            "date": data.get("date"),
        }
        for data in searcher.related(work_id, limit)
    ]
