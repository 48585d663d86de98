from django.urls import path

from attune.accounts import views

urlpatterns = [
    path("signup/", views.signup, name="accounts-signup"),
    path("signup/sent/", views.signup_sent, name="accounts-signup-sent"),
    path("signup/confirm/<str:signed>/", views.signup_confirm, name="accounts-signup-confirm"),
    path("login/", views.login_view, name="accounts-login"),
    path("logout/", views.logout_view, name="accounts-logout"),
    path("settings/", views.edit_settings, name="accounts-settings"),
    path("password/", views.password_change, name="accounts-password-change"),
    path("password/changed/", views.password_change_done, name="accounts-password-change-done"),
    path("password/reset/", views.password_reset, name="accounts-password-reset"),
    path("password/reset/sent/", views.password_reset_done, name="accounts-password-reset-done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="accounts-password-reset-confirm",
    ),
    path(
        "password/reset/done/",
        views.password_reset_complete,
        name="accounts-password-reset-complete",
    ),
]
