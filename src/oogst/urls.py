"""URL map: each app owns its URLs; the language switch and admin live here."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from oogst.accounts.forms import AdminLoginForm, LoginForm
from oogst.health import health

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=LoginForm
        ),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("programma/", include("oogst.dashboard.programme_urls")),
    path("analyse/", include("oogst.analyses.urls")),
    path("privacy/", include("oogst.safeguards.urls")),
    path("doe-mee/", include("oogst.public.urls")),
    path("aanmelden/", include("oogst.selection.urls")),
    path("api/v1/", include("oogst.api.urls")),
    path("oogst/", include("oogst.harvest.urls")),
    path("gezond/", health, name="health"),
    path("inzichten/", include("oogst.insights.urls")),
    path("producten/", include("oogst.products.urls")),
    path("", include("oogst.dashboard.urls")),
]

admin.site.site_header = _("Oogst — beheer")
admin.site.site_title = "Oogst"
admin.site.index_title = _("Programmabeheer")
# Wrong passwords are limited on the admin's log-in as on the site's (oogst.accounts.forms).
admin.site.login_form = AdminLoginForm
