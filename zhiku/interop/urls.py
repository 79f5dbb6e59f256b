"""Machine interfaces outside the localised pages: OAI-PMH, feeds, citations, sitemap, robots."""

from django.urls import path

from zhiku.interop import citing, feeds
from zhiku.interop.oai import views as oai
from zhiku.interop.sitemaps import robots_txt, sitemap_index, sitemap_section

app_name = "interop"

urlpatterns = [
    path("oai", oai.endpoint, name="oai"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemaps/<slug:section>-<int:page>.xml", sitemap_section, name="sitemap-section"),
    path("robots.txt", robots_txt, name="robots"),
    path("feeds/latest.rss", feeds.SiteFeed(), name="site-feed-rss"),
    path("feeds/latest.atom", feeds.SiteAtomFeed(), name="site-feed-atom"),
    path("feeds/experts/<slug:slug>.rss", feeds.PersonFeed(), name="person-feed-rss"),
    path("feeds/experts/<slug:slug>.atom", feeds.PersonAtomFeed(), name="person-feed-atom"),
    path("feeds/units/<slug:slug>.rss", feeds.UnitFeed(), name="unit-feed-rss"),
    path("feeds/units/<slug:slug>.atom", feeds.UnitAtomFeed(), name="unit-feed-atom"),
    path("cite/works/<int:pk>/<str:key>/", citing.work_citation, name="work-citation"),
    path("cite/experts/<slug:slug>/<str:key>/", citing.person_citations, name="person-citations"),
    path("cite/works/<str:key>/", citing.works_citations, name="works-citations"),
]
