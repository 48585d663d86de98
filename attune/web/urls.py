"""The URL map: one include per part of the product."""

from django.contrib import admin
from django.urls import include, path

from attune.api import views as api_pages
from attune.upkeep.metrics import metrics
from attune.web import errors, views

# 404.html is found by name; the fault page is drawn without the failing request.
handler500 = errors.server_error

urlpatterns = [
    path("", views.home, name="web-home"),
    path("healthz", views.healthz, name="web-healthz"),
    path("metrics", metrics, name="operations-metrics"),
    path("sw.js", views.service_worker, name="web-service-worker"),
    path("offline/", views.offline, name="web-offline"),
    path("offline/saved/", views.saved_on_phone, name="web-saved-on-phone"),
    path("account/", include("attune.accounts.urls")),
    path("checkups/", include("attune.checkups.urls")),
    path("privacy/", include("attune.privacy.urls")),
    # The API-token page belongs to the API; couple mode links to it from its home page.
    path("couple/api-token/", api_pages.api_token, name="couples-api-token"),
    path("couple/", include("attune.couples.urls")),
    path("progress/", include("attune.progress.urls")),
    path("newsletter/", include("attune.newsletter.urls")),
    path("api/v1/", include("attune.api.urls")),
    path("activities/", include("attune.activities.urls")),
    path("checkins/", include("attune.checkins.urls")),
    path("help/", include("attune.safety.urls")),
    path("learn/", include("attune.library.urls")),
    path("counsellor/", include("attune.counsellors.urls")),
    path("admin/", admin.site.urls),
]
