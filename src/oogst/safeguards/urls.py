from django.urls import path

from . import views

app_name = "safeguards"
urlpatterns = [
    path("", views.index, name="index"),
    path("intrekken/", views.public_withdraw, name="withdraw"),
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/controle/", views.review_queue, name="queue"),
    path("<slug:slug>/redactie/", views.redaction_status, name="redaction_status"),
    path("<slug:slug>/redactie/starten/", views.start_redaction, name="start_redaction"),
    path("<slug:slug>/controle/alles-accepteren/", views.review_bulk_accept, name="bulk_accept"),
    path("<slug:slug>/controle/<int:pk>/", views.review_item, name="review"),
    path("<slug:slug>/export/", views.export_page, name="export"),
    path("<slug:slug>/export/citaten.csv", views.export_csv, name="export_csv"),
    path("<slug:slug>/export/citaten.json", views.export_json, name="export_json"),
    path(
        "<slug:slug>/export/bijdragen.csv",
        views.export_contributions_csv,
        name="export_contributions",
    ),
    path("<slug:slug>/deelnemers/", views.participant_search, name="participants"),
    path("<slug:slug>/deelnemers/<str:code>/", views.participant_detail, name="participant"),
    path(
        "<slug:slug>/deelnemers/<str:code>/intrekken/",
        views.participant_withdraw,
        name="participant_withdraw",
    ),
    path(
        "<slug:slug>/deelnemers/<str:code>/inzage.json",
        views.participant_export,
        name="participant_export",
    ),
    path(
        "<slug:slug>/deelnemers/<str:code>/wissen/",
        views.participant_erase,
        name="participant_erase",
    ),
    path(
        "<slug:slug>/deelnemers/<str:code>/toestemming/",
        views.participant_consent,
        name="participant_consent",
    ),
    path("<slug:slug>/beleid/", views.policy, name="policy"),
    path("<slug:slug>/logboek/", views.audit_log, name="audit"),
]
