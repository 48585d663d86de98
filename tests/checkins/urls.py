"""The site's URLs with the check-in page at /checkins/, whether or not the site includes it yet."""

from django.urls import include, path

from attune.web.urls import urlpatterns as site

wired = any(
    getattr(getattr(p, "urlconf_name", None), "__name__", "") == "attune.checkins.urls"
    for p in site
)
urlpatterns = [*site] if wired else [*site, path("checkins/", include("attune.checkins.urls"))]
