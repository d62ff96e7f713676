from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("volg/", views.lookup, name="lookup"),
    path("moderatie/", views.moderation_overview, name="moderation_overview"),
    path("<slug:slug>/", views.programme_page, name="programme"),
    path("<slug:slug>/idee/", views.idea_form, name="idea"),
    path("<slug:slug>/bedankt/", views.thanks, name="thanks"),
    path("<slug:slug>/moderatie/", views.moderation_queue, name="moderation"),
    path("<slug:slug>/moderatie/<int:pk>/", views.moderate, name="moderate"),
]
