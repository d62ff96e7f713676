"""The programme pages (/programma/): their URL names stay in the `programme` namespace, which
the models' get_absolute_url use."""

from django.urls import path

from . import views

app_name = "programme"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("tafels/", views.table_list, name="tables"),
    path("<slug:slug>/", views.programme_detail, name="detail"),
    path("<slug:slug>/thema/<slug:theme_slug>/", views.theme_detail, name="theme"),
    path("<slug:slug>/tafel/<int:pk>/", views.table_detail, name="table"),
]
