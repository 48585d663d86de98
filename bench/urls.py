"""Attune's URLs plus /bench/hello: the cheapest Django view the same server can serve."""

from django.http import HttpResponse
from django.urls import include, path


def hello(request):
    return HttpResponse("hello")


urlpatterns = [path("bench/hello", hello), path("", include("attune.web.urls"))]
