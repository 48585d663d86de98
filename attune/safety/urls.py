from django.urls import path

from attune.safety import views

urlpatterns = [
    path("", views.crisis, name="safety-crisis"),
    path("quick-exit/", views.quick_exit_help, name="safety-quick-exit-help"),
    path("plan/", views.plan, name="safety-plan"),
]
