"""Root URL configuration."""

from django.contrib import admin
from django.urls import path, re_path

from lifeos import views
from lifeos.admin_views import schema_health
from lifeos.api import api, not_found

admin.site.site_header = "LifeOS administration"
admin.site.site_title = "LifeOS admin"

api.autodiscover()

urlpatterns = [
    path("", views.home, name="home"),
    path("docs/<slug:name>/", views.doc, name="lifeos_doc"),
    # Before admin/ so the admin's catch-all does not answer it; staff only.
    path(
        "admin/schema-health/",
        admin.site.admin_view(schema_health),
        name="lifeos_schema_health",
    ),
    path("admin/", admin.site.urls),
    # The JSON API (every app's api.router, /api/openapi.json, /api/docs).
    path("", api.urls),
    # Anything else under an API prefix is answered in JSON, not with an HTML 404.
    re_path(rf"^(?:{'|'.join(api.prefixes)})/(?P<path>[\s\S]*)$", not_found),
]
