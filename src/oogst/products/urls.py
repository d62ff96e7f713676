from django.urls import path

from . import views

app_name = "products"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/maken/", views.make, name="make"),
    path("<slug:slug>/product/<int:pk>/", views.product_row, name="product"),
    path("<slug:slug>/product/<int:pk>/<str:name>", views.download, name="download"),
    path("<slug:slug>/afwegingskader/", views.frame, name="frame"),
    path("<slug:slug>/afwegingskader/kader.<str:fmt>", views.frame_plot, name="frame_plot"),
    path("<slug:slug>/afwegingskader/<str:key>/", views.frame_item, name="frame_item"),
    path("<slug:slug>/scenarios/", views.scenarios, name="scenarios"),
    path("<slug:slug>/scenarios/<int:insight_pk>/nieuw/", views.scenario_edit, name="scenario_new"),
    path(
        "<slug:slug>/scenarios/<int:insight_pk>/<int:pk>/",
        views.scenario_edit,
        name="scenario_edit",
    ),
    path(
        "<slug:slug>/scenarios/<int:insight_pk>/<int:pk>/verwijderen/",
        views.scenario_delete,
        name="scenario_delete",
    ),
    path("<slug:slug>/b1/", views.plain_summary, name="b1"),
]
