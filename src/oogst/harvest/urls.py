from django.urls import path

from . import views

app_name = "harvest"
urlpatterns = [
    path("tafel/<int:pk>/", views.entry, name="entry"),
    path("tafel/<int:pk>/<slug:slot>/toevoegen/", views.add_item, name="add"),
    path("tafel/<int:pk>/<slug:slot>/concept/", views.save_draft, name="draft"),
    path("tafel/<int:pk>/verslag/", views.save_report, name="report"),
    path("tafel/<int:pk>/status/", views.set_status, name="status"),
    path("tafel/<int:pk>/verslag.docx", views.report_template, name="report_template"),
    path("tafel/<int:pk>/verslag-inlezen/", views.upload_report, name="upload_report"),
    path("bijdrage/<int:pk>/", views.item, name="item"),
    path("bijdrage/<int:pk>/bewerken/", views.edit_item, name="edit"),
    path("bijdrage/<int:pk>/verwijderen/", views.delete_item, name="delete"),
    path("programma/<slug:slug>/importeren/", views.import_upload, name="import_upload"),
    path(
        "programma/<slug:slug>/importeren/<str:token>/", views.import_preview, name="import_preview"
    ),
]
