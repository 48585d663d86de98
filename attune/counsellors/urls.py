from django.urls import path

from attune.counsellors import views

urlpatterns = [
    path("", views.clients, name="counsellors-clients"),
    path("join/", views.join, name="counsellors-join"),
    path("join/<str:join_code>/", views.join_code, name="counsellors-join-code"),
    path("mine/", views.mine, name="counsellors-mine"),
    path("mine/<str:code>/", views.choices, name="counsellors-choices"),
    path("mine/<str:code>/leave/", views.leave, name="counsellors-leave"),
    path("spaces/<str:code>/", views.space, name="counsellors-space"),
    path("spaces/<str:code>/suggest/", views.suggest, name="counsellors-suggest"),
    path("spaces/<str:code>/close/", views.close, name="counsellors-close"),
    path("spaces/<str:code>/summary/", views.summary, name="counsellors-summary"),
    path("spaces/<str:code>/summary.pdf", views.summary_pdf, name="counsellors-summary-pdf"),
    path("spaces/<str:code>/people/<str:client_code>/", views.person, name="counsellors-person"),
]
