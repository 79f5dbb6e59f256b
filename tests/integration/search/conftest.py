"""Search tests write, commit and search: the change log is applied right after each commit
(``ZHIKU_SEARCH_APPLY_ON_COMMIT``), as the issue asks of the test settings."""

import pytest


@pytest.fixture
def live_search(settings, transactional_db):
    """Real commits, and the index following each one."""
    settings.ZHIKU_SEARCH_APPLY_ON_COMMIT = True
    settings.ZHIKU_SEARCH_READ_ONLY = False


def titles(results) -> list[str]:
    return [hit.title for hit in results.hits]
