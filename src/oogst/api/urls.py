"""/api/v1/: the endpoints, the OpenAPI document (/api/v1/openapi.json) and its docs page."""

from .api import api

urlpatterns = [*api.urls[0]]
app_name = "api"
