"""The public pages: what a reader sees, in Chinese and in English, escaped."""

import pytest
from django.urls import reverse

from tests.conftest import make_person, make_unit, make_work
from zhiku.catalog.models import Person, Work

pytestmark = pytest.mark.django_db


def test_home_lists_latest_works_and_units(client, sample):
    page = client.get("/").content.decode()
    assert "中美在网络问题上取得进展" in page
    assert "全球治理研究所" in page and "美洲研究中心" in page


def test_expert_page_groups_works_by_type_then_year(client, sample):
    person = Person.objects.get(name="鲁传颖")
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "研究员" in page
    assert page.count('class="work-item"') == 39
    assert (
        page.index('id="type-article"')
        < page.index('id="type-book"')
        < page.index('id="type-conference_summary"')
    )
    # within a type, dated years come first (newest first), then works of unknown year
    articles = page[page.index('id="type-article"') : page.index('id="type-book"')]
    assert articles.index("2013") < articles.index("年份不详")
    for unit in person.units.all():
        assert unit.get_absolute_url() in page


def test_work_page_shows_body_and_source_unknown(client, sample):
    work = Work.objects.get(title="中美在网络问题上取得进展")
    page = client.get(work.get_absolute_url()).content.decode()
    assert page.count("<p>") >= 6
    assert "来源不详" in page
    assert Person.objects.get(name="鲁传颖").get_absolute_url() in page
    assert "2013-07-15" in page


def test_unit_page_lists_people_and_sub_units(client, sample):
    institute = Person.objects.get(name="鲁传颖").positions.get().unit.parent
    page = client.get(institute.get_absolute_url()).content.decode()
    assert "美洲研究中心" in page  # sub-unit
    assert "鲁传颖" in page  # a person of the sub-unit belongs to the institute too


def test_english_interface_switch(client, sample):
    person = Person.objects.get(name="鲁传颖")
    zh = client.get(person.get_absolute_url()).content.decode()
    assert f'href="/en{person.get_absolute_url()}"' in zh
    en = client.get(f"/en{person.get_absolute_url()}").content.decode()
    assert "鲁传颖 (Lu Chuanying)" in en or "Lu Chuanying" in en
    assert "Research Fellow" in en
    assert "Works" in en and 'lang="en"' in en


def test_unknown_ids_are_404(client):
    assert client.get("/works/999999/").status_code == 404
    assert client.get("/experts/nobody/").status_code == 404
    assert client.get("/units/nowhere/").status_code == 404


def test_everything_is_escaped(client):
    unit = make_unit(name="<b>中心</b>")
    person = make_person(units=[unit], name="<img src=x onerror=alert(1)>", slug="evil")
    work = make_work(
        authors=[person, "<script>alert(2)</script>"],
        title="<script>alert('t')</script>",
        body="<iframe src=javascript:alert(3)>\n\n正文",
        source="<a href=javascript:x>来源</a>",
    )
    for url in (
        "/",
        person.get_absolute_url(),
        work.get_absolute_url(),
        unit.get_absolute_url(),
        reverse("catalog:person-list"),
    ):
        page = client.get(url).content.decode()
        for raw in ("<script>alert", "<img src=x", "<iframe", "<a href=javascript", "<b>中心"):
            assert raw not in page, (url, raw)


def test_drafts_are_not_public(client):
    draft = make_work(title="草稿成果", status=Work.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "草稿成果" not in client.get("/").content.decode()
