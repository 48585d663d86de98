from django.urls import path

from attune.api.endpoints import api

urlpatterns = [path("", api.urls)]
