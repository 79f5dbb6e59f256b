"""The admin is tuned for editors: filters, search by title and by author (汉字 or pinyin),
featured works, the title vocabulary; roles are groups with exactly their permissions."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.conftest import make_person, make_unit, make_user, make_work
from tests.integration.conftest import form_data
from zhiku.catalog.models import Authorship, Work
from zhiku.editorial.roles import ROLE_PERMISSIONS

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/catalog/work/"


@pytest.fixture
def catalog(client):
    client.force_login(make_user("editor"))
    americas, europe = make_unit(name="美洲研究中心"), make_unit(name="欧洲研究中心")
    lu = make_person(units=[americas])
    wang = make_person(units=[europe], name="王五", name_en="Wang Wu")
    return {
        "cyber": make_work(
            authors=[lu],
            title="网络空间治理",
            type="article",
            language="zh",
            date=dt.date(2013, 7, 15),
        ),
        "book": make_work(
            authors=[wang],
            title="欧盟社会政策研究",
            type="book",
            language="zh",
            date=dt.date(2016, 1, 1),
        ),
        "english": make_work(
            authors=[lu],
            title="Working Together",
            type="report",
            language="en",
            date=dt.date(2020, 5, 1),
            status=Work.Status.DRAFT,
        ),
        "units": (americas, europe),
    }


def titles(client, query: str) -> set[str]:
    page = client.get(f"{CHANGELIST}?{query}")
    assert page.status_code == 200, query
    return {work.title for work in page.context["cl"].result_list}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type__exact=book", {"欧盟社会政策研究"}),
        ("language=en", {"Working Together"}),
        ("year=2013", {"网络空间治理"}),
        ("status__exact=draft", {"Working Together"}),
        ("q=网络空间", {"网络空间治理"}),  # title
        ("q=王五", {"欧盟社会政策研究"}),  # author in 汉字
        ("q=Lu+Chuanying", {"网络空间治理", "Working Together"}),  # pinyin as written
        ("q=luchuanying", {"网络空间治理", "Working Together"}),  # run together
        ("q=Chuanying+Lu", {"网络空间治理", "Working Together"}),  # family name last
        ("q=wangwu", {"欧盟社会政策研究"}),
    ],
)
def test_filters_and_search(client, catalog, query, expected):
    assert titles(client, query) == expected


def test_filter_by_unit(client, catalog):
    americas, _europe = catalog["units"]
    query = f"authorships__person__positions__unit__id__exact={americas.pk}"
    assert titles(client, query) == {"网络空间治理", "Working Together"}


def test_the_filters_an_editor_needs_are_offered(client, catalog):
    page = client.get(CHANGELIST).content.decode()
    for parameter in ("status__exact", "type__exact", "language", "year=", "unit__id__exact"):
        assert parameter in page, parameter


def test_authors_inline_keeps_the_byline_order(client, catalog):
    work = catalog["cyber"]
    Authorship.objects.create(work=work, name_as_written="李四", order=1)
    url = reverse("admin:catalog_work_change", args=[work.pk])
    data = form_data(client, url)
    data["authorships-0-order"], data["authorships-1-order"] = "1", "0"
    client.post(url, data)
    assert [a.name_as_written for a in work.ordered_authorships()] == ["李四", "鲁传颖"]
    page = client.get(url).content.decode()
    assert page.index('value="李四"') < page.index('value="鲁传颖"')


def test_at_most_five_featured_works_on_the_profile_form(client):
    client.force_login(make_user("editor"))
    person = make_person()
    for i in range(6):
        make_work(authors=[person], title=f"成果{i}")
    url = reverse("admin:catalog_person_change", args=[person.pk])
    data = form_data(client, url)
    for i in range(6):
        data[f"authorships-{i}-featured"] = "on"
    response = client.post(url, data)
    assert response.status_code == 200 and "最多可选 5 篇代表作" in response.content.decode()
    assert not Authorship.objects.filter(featured=True).exists()
    data.pop("authorships-5-featured")
    assert client.post(url, data).status_code == 302
    assert Authorship.objects.filter(person=person, featured=True).count() == 5


def test_a_sixth_featured_work_is_refused_on_the_work_form(client):
    client.force_login(make_user("editor"))
    person = make_person()
    for i in range(5):
        make_work(authors=[person], title=f"成果{i}").authorships.update(featured=True)
    sixth = make_work(authors=[person], title="第六篇")
    url = reverse("admin:catalog_work_change", args=[sixth.pk])
    response = client.post(url, form_data(client, url, **{"authorships-0-featured": "on"}))
    assert response.status_code == 200
    assert not sixth.authorships.get().featured


def test_the_title_field_suggests_the_vocabulary_in_both_languages(client):
    client.force_login(make_user("editor"))
    person = make_person()
    page = client.get(reverse("admin:catalog_person_change", args=[person.pk])).content.decode()
    assert 'list="id_title-titles"' in page
    assert '<option value="副研究员">Associate Research Fellow</option>' in page


@pytest.mark.parametrize("role", ROLE_PERMISSIONS)
def test_role_groups_hold_exactly_their_permissions(role):
    group = Group.objects.get(name=role)
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert held == set(ROLE_PERMISSIONS[role])


def test_role_command(db):
    user = make_user(None, username="lu", is_staff=False)
    person = make_person(slug="lu-chuanying")
    out = io.StringIO()
    call_command("role", "lu", "researcher", "--person", "lu-chuanying", stdout=out)
    assert out.getvalue().strip() == "lu: researcher, linked to 鲁传颖"
    user.refresh_from_db()
    person.refresh_from_db()
    assert user.is_staff and person.user == user
    assert list(user.groups.values_list("name", flat=True)) == ["researcher"]
    call_command("role", "lu", "editor", stdout=io.StringIO())
    assert list(user.groups.values_list("name", flat=True)) == ["editor"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ghost", "editor"], "no account named 'ghost'"),
        (["lu", "researcher"], "needs --person"),
        (["lu", "researcher", "--person", "nobody"], "no expert with slug 'nobody'"),
    ],
)
def test_role_command_explains_bad_input(db, args, message):
    make_user(None, username="lu")
    with pytest.raises(CommandError, match=message):
        call_command("role", *args)
