from django.urls import path

from attune.safety import views

urlpatterns = [
    path("", views.crisis, name="safety-crisis"),
    path("quick-exit/", views.quick_exit_help, name="safety-quick-exit-help"),
    path("plan/", views.plan, name="safety-plan"),
    path("question/<str:code>/", views.answer_question, name="safety-question"),
    path("end/", views.end_care, name="safety-end-care"),
]
