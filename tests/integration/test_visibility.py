"""Only published works are public: on every page, in both languages; withdrawn ones leave a
tombstone; editors may preview the rest. (The API, search, feeds and OAI-PMH must pass the same
checks: they use ``Work.objects.published()``.)"""

import pytest

from tests.conftest import make_person, make_unit, make_user, make_work
from zhiku.catalog.models import Work

pytestmark = pytest.mark.django_db
S = Work.Status

#: (status, shown in lists, work page status)
STATUSES = [
    (S.DRAFT, False, 404),
    (S.REVIEW, False, 404),
    (S.PUBLISHED, True, 200),
    (S.WITHDRAWN, False, 410),
]


@pytest.fixture
def author():
    return make_person(units=[make_unit()])


def list_pages(person):
    unit = person.units.get()
    pages = ["/", person.get_absolute_url(), unit.get_absolute_url(), "/experts/", "/units/"]
    return pages + [f"/en{url}" for url in pages]


@pytest.mark.parametrize(("status", "listed", "page_status"), STATUSES)
def test_a_work_is_listed_only_once_published(client, author, status, listed, page_status):
    make_work(authors=[author], title="公开性测试", status=status)
    for url in list_pages(author):
        page = client.get(url).content.decode()
        lists_works = not url.endswith(("/experts/", "/units/"))  # directories list people
        assert ("公开性测试" in page) is (listed and lists_works), url


@pytest.mark.parametrize(("status", "listed", "page_status"), STATUSES)
def test_the_work_page_answers_by_status(client, author, status, listed, page_status):
    work = make_work(
        authors=[author], title="公开性测试", status=status, withdrawn_reason="版权原因"
    )
    for prefix in ("", "/en"):
        response = client.get(prefix + work.get_absolute_url())
        assert response.status_code == page_status
        if page_status == 404:
            assert "公开性测试" not in response.content.decode()


def test_the_tombstone_shows_title_and_reason_but_not_the_text(client, author):
    work = make_work(
        authors=[author],
        title="撤回的成果",
        body="不应再公开的正文。",
        status=S.WITHDRAWN,
        withdrawn_reason="作者要求撤回",
    )
    page = client.get(work.get_absolute_url()).content.decode()
    assert "撤回的成果" in page and "作者要求撤回" in page and "此成果已撤回" in page
    assert "不应再公开的正文" not in page


def test_counts_include_only_published_works(client, author):
    for status in S.values:
        make_work(authors=[author], title=f"成果-{status}", status=status)
    assert "1 项成果" in client.get("/").content.decode()
    assert "1 works" in client.get("/en/").content.decode()
    directory = client.get("/experts/").content.decode()
    assert '<span class="count">1</span>' in directory
    profile = client.get(author.get_absolute_url()).content.decode()
    assert 'data-testid="work-count">1<' in profile


@pytest.mark.parametrize(
    ("role", "own", "can_preview"),
    [
        ("editor", False, True),
        ("researcher", True, True),
        ("researcher", False, False),
        (None, False, False),
    ],
)
def test_preview_of_a_draft(client, author, role, own, can_preview):
    work = make_work(authors=[author], title="预览草稿", status=S.DRAFT)
    owner = author if own else make_person(name="王五", name_en="Wang Wu")
    client.force_login(make_user(role, person=owner) if role else make_user(None, is_staff=False))
    response = client.get(work.get_absolute_url())
    assert response.status_code == (200 if can_preview else 404)
    if can_preview:
        assert response.headers["X-Robots-Tag"] == "noindex"
        assert "no-store" in response.headers["Cache-Control"]
        assert "公众不可见" in response.content.decode()


def test_featured_works_come_first_and_only_published_ones(client, author):
    old = make_work(authors=[author], title="旧的代表作")
    make_work(authors=[author], title="最新的普通成果")
    hidden = make_work(authors=[author], title="草稿代表作", status=S.DRAFT)
    for work in (old, hidden):
        work.authorships.filter(person=author).update(featured=True)
    page = client.get(author.get_absolute_url()).content.decode()
    featured = page[page.index("featured-heading") : page.index('class="works"')]
    assert "旧的代表作" in featured and "草稿代表作" not in featured
    assert "最新的普通成果" not in featured
    assert "草稿代表作" not in page
