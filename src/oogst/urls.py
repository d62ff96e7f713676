"""URL map: each app owns its URLs; the language switch and admin live here."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path(
        "inloggen/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("programma/", include("oogst.dashboard.programme_urls")),
    path("analyse/", include("oogst.analyses.urls")),
    path("privacy/", include("oogst.safeguards.urls")),
    path("doe-mee/", include("oogst.public.urls")),
    path("api/v1/", include("oogst.api.urls")),
    path("oogst/", include("oogst.harvest.urls")),
    path("", include("oogst.dashboard.urls")),
]

admin.site.site_header = _("Oogst — beheer")
admin.site.site_title = "Oogst"
admin.site.index_title = _("Programmabeheer")
