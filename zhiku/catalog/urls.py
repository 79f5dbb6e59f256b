from django.urls import path

from zhiku.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("experts/", views.person_list, name="person-list"),
    path("experts/<slug:slug>/", views.person_detail, name="person-detail"),
    path("works/<int:pk>/", views.work_detail, name="work-detail"),
    path("units/", views.unit_list, name="unit-list"),
    path("units/<slug:slug>/", views.unit_detail, name="unit-detail"),
]
