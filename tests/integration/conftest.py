import pytest
from django.core.management import call_command

from tests.conftest import SAMPLES

SAMPLE_PAGE = SAMPLES / "siis-profile-and-article.txt"


@pytest.fixture
def ingest(db):
    """Run ``zhiku ingest`` in-process; return (exit code, output)."""
    import io

    def run(*paths, **options):
        out = io.StringIO()
        try:
            call_command("ingest", *[str(p) for p in paths], stdout=out, stderr=out, **options)
            code = 0
        except SystemExit as exc:
            code = exc.code or 0
        return code, out.getvalue()

    return run


@pytest.fixture
def sample(ingest):
    code, output = ingest(SAMPLE_PAGE)
    assert code == 0, output
    return output
