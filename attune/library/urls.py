from django.urls import path

from attune.library import views

urlpatterns = [
    path("", views.index, name="library-index"),
    path("signs/<slug:concept_id>/", views.sign, name="library-sign"),
    path("causes/<slug:concept_id>/", views.cause, name="library-cause"),
    path("strategies/<slug:concept_id>/", views.strategy, name="library-strategy"),
    path("activities/<slug:activity_id>/", views.activity, name="library-activity"),
]
