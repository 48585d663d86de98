from django.urls import path

from attune.activities import views

urlpatterns = [
    path("", views.index, name="activities-index"),
    path("runs/<str:code>/", views.step, name="activities-step"),
    path("runs/<str:code>/finish/", views.finish, name="activities-finish"),
    path("runs/<str:code>/done/", views.done, name="activities-done"),
    path("runs/<str:code>/unshare/", views.unshare, name="activities-unshare"),
    path("for-two/<str:code>/join/", views.join, name="activities-join"),
    path("live/<str:token>/", views.live, name="activities-live"),
    path("<slug:activity_id>/", views.detail, name="activities-detail"),
    path("<slug:activity_id>/start/", views.start, name="activities-start"),
]
