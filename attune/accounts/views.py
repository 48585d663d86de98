"""Signing up, logging in and out, passwords, and a person's own settings."""

from __future__ import annotations

from copy import copy
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from attune.accounts import signups, throttle
from attune.accounts.forms import (
    ChangePasswordForm,
    LoginForm,
    NewPasswordForm,
    ResetForm,
    SettingsForm,
    SignupForm,
)
from attune.accounts.models import User
from attune.toolkit.offline import forget_device

# Signing up proves the password already; axes only needs to watch the login form.
SIGNUP_BACKEND = "attune.accounts.backends.AccountBackend"
EMAIL = "accounts/email/password_reset"


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """The same answer for a known and an unknown address ("check your e-mail"), so nobody can
    learn from it whether someone uses Attune: a new address gets a link to confirm it, a known
    one an e-mail saying it has an account already. Throttled per network."""
    if request.user.is_authenticated:
        return redirect("web-home")
    status = 200
    if request.method == "POST":
        if throttle.too_many_signups(request):
            return render(request, "accounts/signup_throttled.html", status=429)
        form = SignupForm(request.POST)
        if form.is_valid():
            signups.sign_up(form, request.POST.get("next") or request.GET.get("next", ""))
            return redirect("accounts-signup-sent")
        status = 400
    else:
        form = SignupForm()
    context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
    return render(request, "accounts/signup.html", context, status=status)


@require_GET
def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html")


@require_http_methods(["GET", "POST"])
def signup_confirm(request: HttpRequest, signed: str) -> HttpResponse:
    """The link from the e-mail. GET only asks (mail scanners open links); the POST needs the
    password chosen at sign-up, so a link sent to someone who never signed up is no use to them."""
    found = signups.read_link(signed)
    if found is None:
        return render(request, "accounts/signup_confirm.html", {"broken": True}, status=404)
    user, target = found
    status = 200
    wrong = False
    if request.method == "POST":
        if throttle.too_many_signups(request):
            return render(request, "accounts/signup_throttled.html", status=429)
        if user.check_password(request.POST.get("password", "")):
            signups.confirm(user)
            login(request, user, backend=SIGNUP_BACKEND)
            messages.success(request, "Welcome. Your account is ready.")
            if url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                return redirect(target)
            return redirect("web-home")
        wrong, status = True, 400
    return render(request, "accounts/signup_confirm.html", {"wrong": wrong}, status=status)


class RefusedIs400:
    """A form sent back with problems answers 400, as the sign-up form does."""

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)  # type: ignore[misc]
        response.status_code = 400
        return response


class Login(RefusedIs400, auth.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Said once: the flag the inactivity timeout left goes as soon as it is shown.
        context["timed_out"] = self.request.session.pop("timed_out", False)
        return context


class Logout(auth.LogoutView):
    # Django's LogoutView accepts only POST: a link or a prefetch cannot log anyone out.
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You have logged out.")
        return forget_device(response)


class PasswordChange(RefusedIs400, auth.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts-password-change-done")


class PasswordReset(RefusedIs400, auth.PasswordResetView):
    # The same "check your e-mail" page follows whether or not the address has an account.
    template_name = "accounts/password_reset.html"
    form_class = ResetForm
    subject_template_name = f"{EMAIL}-subject.txt"
    email_template_name = f"{EMAIL}-body.txt"
    html_email_template_name = f"{EMAIL}-body.html"
    extra_email_context = {"hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
    success_url = reverse_lazy("accounts-password-reset-done")


class PasswordResetConfirm(RefusedIs400, auth.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts-password-reset-complete")

    def get_user(self, uidb64: str) -> User | None:
        # The link carries the person's public code (ResetForm.send_mail), not their id.
        return User.objects.filter(code=uidb64, is_active=True).first()


login_view = Login.as_view()
logout_view = Logout.as_view()
password_change = PasswordChange.as_view()
password_change_done = auth.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html"
)
password_reset = PasswordReset.as_view()
password_reset_done = auth.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = PasswordResetConfirm.as_view()
password_reset_complete = auth.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


@login_required
@require_http_methods(["GET", "POST"])
def edit_settings(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        # A copy, so a change that is refused (discreet mode, say) never shows as if saved.
        form = SettingsForm(request.POST, instance=copy(request.user))
        if form.is_valid():
            form.save()
            messages.success(request, "Your settings are saved.")
            return redirect("accounts-settings")
        status = 400
    else:
        form = SettingsForm(instance=request.user)
    return render(request, "accounts/settings.html", {"form": form}, status=status)
