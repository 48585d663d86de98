from django.urls import path

from attune.progress import views

urlpatterns = [
    path("", views.trends, name="progress-trends"),
    path("pulse/", views.pulse, name="progress-pulse"),
    path("reminders/", views.rhythm, name="progress-reminders"),
    path("reminders/calendar/new/", views.calendar_new, name="progress-calendar-new"),
    path("reminders/calendar/stop/", views.calendar_stop, name="progress-calendar-stop"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="progress-calendar-feed"),
]
