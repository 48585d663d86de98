from django.urls import path

from attune.checkins import views

urlpatterns = [
    path("", views.checkin, name="checkins-home"),
    path("<str:code>/delete/", views.delete_checkin, name="checkins-delete"),
]
