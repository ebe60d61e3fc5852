"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path

from lifeos import views
from lifeos.admin_views import schema_health

admin.site.site_header = "LifeOS administration"
admin.site.site_title = "LifeOS admin"

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
    path("finance/", include("finance.urls")),
]
