from django.urls import path

from . import views

app_name = "analyses"
urlpatterns = [
    path("", views.run_list, name="list"),
    path("vergelijk/", views.compare, name="compare"),
    path("<slug:slug>/nieuw/", views.start, name="start"),
    path("run/<int:pk>/", views.run_detail, name="run"),
    path("run/<int:pk>/status/", views.run_status, name="status"),
    path("run/<int:pk>/annuleren/", views.cancel, name="cancel"),
    path("run/<int:pk>/beoordelen/", views.review, name="review"),
    path("run/<int:pk>/beoordelen/alle/", views.review_bulk, name="review_bulk"),
    path("run/<int:pk>/beoordelen/<int:suggestion_pk>/", views.review_one, name="review_one"),
    path("run/<int:pk>/<str:name>", views.download, name="download"),
]
