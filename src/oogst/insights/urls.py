from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("", views.index, name="index"),
    path("ministerie/", views.column, name="column"),
    path("bijdrage/<int:pk>/", views.contribution, name="contribution"),
    path("<slug:slug>/", views.programme_insights, name="programme"),
    path("<slug:slug>/nieuw/", views.new, name="new"),
    path("<slug:slug>/bevindingen/", views.board, name="board"),
    path("<slug:slug>/bevindingen/toevoegen/", views.add_from_board, name="add_from_board"),
    path("<slug:slug>/bevinding/<int:run_pk>/<int:cluster>/", views.finding, name="finding"),
    path("<slug:slug>/matrix/", views.matrix, name="matrix"),
    path("<slug:slug>/matrix/voorstellen/", views.propose, name="propose"),
    path(
        "<slug:slug>/matrix/<int:pk>/<str:what>/<int:target_pk>/",
        views.decide_cell,
        name="decide_cell",
    ),
    path("<slug:slug>/<int:pk>/", views.detail, name="detail"),
    path("<slug:slug>/<int:pk>/bewerken/", views.edit, name="edit"),
    path("<slug:slug>/<int:pk>/bijdragen/", views.contributions, name="contributions"),
    path(
        "<slug:slug>/<int:pk>/onderbouwing/<int:evidence_pk>/verwijderen/",
        views.remove_evidence,
        name="remove_evidence",
    ),
    path("<slug:slug>/<int:pk>/suggesties/", views.suggest, name="suggest"),
    path(
        "<slug:slug>/<int:pk>/suggesties/<int:suggestion_pk>/<str:decision>/",
        views.decide_suggestion,
        name="decide_suggestion",
    ),
    path("<slug:slug>/<int:pk>/reactie/", views.comment, name="comment"),
]
