from django.urls import path

from . import views

app_name = "selection"
urlpatterns = [
    path("", views.index, name="index"),
    path("selectie/", views.team_index, name="team_index"),
    path("<slug:slug>/", views.signup, name="signup"),
    path("<slug:slug>/bedankt/", views.thanks, name="thanks"),
    path("<slug:slug>/mijn-aanmelding/", views.status, name="status"),
    path("<slug:slug>/mijn-aanmelding/dialoogtafel.ics", views.calendar, name="calendar"),
    path("<slug:slug>/selectie/", views.overview, name="overview"),
    path("<slug:slug>/selectie/doelen/", views.targets, name="targets"),
    path("<slug:slug>/selectie/loting/", views.start_draw, name="start_draw"),
    path("<slug:slug>/selectie/loting/<int:number>/", views.draw_detail, name="draw"),
    path("<slug:slug>/selectie/loting/<int:number>/audit.json", views.draw_audit, name="audit"),
    path("<slug:slug>/selectie/loting/<int:number>/tafels/", views.assign, name="assign"),
    path("<slug:slug>/selectie/aanmelders/", views.applicants, name="applicants"),
    path("<slug:slug>/selectie/aanmelders/<str:reference>/", views.applicant, name="applicant"),
    path("<slug:slug>/selectie/herinneringen/", views.reminders, name="reminders"),
]
