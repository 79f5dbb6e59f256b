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


def form_data(client, url: str, form_id: str | None = None, **changes) -> dict:
    """The values a browser would submit from the form at ``url``, with ``changes`` applied.

    Django's admin forms carry inline management fields; reading them from the page keeps the
    tests honest about what the page really offers.
    """
    import lxml.html

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    page = lxml.html.fromstring(response.content.decode())
    forms = [f for f in page.forms if f.method.upper() == "POST" and f.get("id") != "logout-form"]
    form = next(f for f in forms if form_id is None or f.get("id") == form_id)
    data: dict[str, object] = {}
    for name, value in form.form_values():
        if name in data:
            existing = data[name]
            data[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            data[name] = value
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data
