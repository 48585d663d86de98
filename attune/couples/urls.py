from django.urls import path

from attune.couples import views

urlpatterns = [
    path("", views.home, name="couples-home"),
    path("invite/", views.invite, name="couples-invite"),
    path(
        "invitations/<slug:code>/cancel/", views.cancel_invitation, name="couples-cancel-invitation"
    ),
    path("join/<slug:token>/", views.join, name="couples-join"),
    path("share/<slug:code>/", views.share, name="couples-share"),
    path("notice/dismiss/", views.dismiss_notice, name="couples-dismiss-notice"),
    path("<slug:code>/report/", views.report, name="couples-report"),
    path("<slug:code>/unlink/", views.unlink, name="couples-unlink"),
    path("<slug:code>/pulses/", views.pulses, name="couples-pulses"),
]
