from django.urls import path

from attune.newsletter import views

urlpatterns = [
    path("", views.subscribe, name="newsletter-subscribe"),
    path("check-your-inbox/", views.check_inbox, name="newsletter-check-inbox"),
    path("confirm/<str:signed>/", views.confirm, name="newsletter-confirm"),
    path("unsubscribe/<slug:token>/", views.unsubscribe, name="newsletter-unsubscribe"),
]
