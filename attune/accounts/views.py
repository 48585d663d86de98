"""Signing up, logging in and out, passwords, and a person's own settings."""

from __future__ import annotations

from copy import copy
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth import views as auth
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from attune.accounts.forms import (
    DUPLICATE_EMAIL,
    ChangePasswordForm,
    LoginForm,
    NewPasswordForm,
    ResetForm,
    SettingsForm,
    SignupForm,
)
from attune.accounts.models import User

# Signing up proves the password already; axes only needs to watch the login form.
SIGNUP_BACKEND = "attune.accounts.backends.AccountBackend"
EMAIL = "accounts/email/password_reset"
# How long after an account is made a second send of the same sign-up (a double click, a
# retry) is taken as the same person, when its password proves it.
SAME_SIGNUP = timedelta(minutes=1)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("web-home")
    status = 200
    if request.method == "POST":
        form = SignupForm(request.POST)
        user = (
            _create_once(request, form)
            if form.is_valid()
            else _made_by_a_send_just_before(request, form)
        )
        if user is not None:
            login(request, user, backend=SIGNUP_BACKEND)
            messages.success(request, "Welcome. Your account is ready.")
            # Back to where the person was going (an invitation, say), but only on this site.
            target = request.POST.get("next") or request.GET.get("next", "")
            if url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                return redirect(target)
            return redirect("web-home")
        status = 400
    else:
        form = SignupForm()
    context = {
        "form": form,
        "duplicate": form.has_error("email", "duplicate"),
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    return render(request, "accounts/signup.html", context, status=status)


def _create_once(request: HttpRequest, form: SignupForm) -> User | None:
    """The new account; or, when another send of the same sign-up made it a moment before this
    one could, that account (see _made_just_now); or None, the form saying the address is taken."""
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError:
        pass
    made = _made_just_now(request, form.cleaned_data["email"], form.cleaned_data["password1"])
    if made is None:
        form.add_error("email", ValidationError(DUPLICATE_EMAIL, code="duplicate"))
    return made


def _made_by_a_send_just_before(request: HttpRequest, form: SignupForm) -> User | None:
    """A form refused only because its address now has an account, made a moment ago by the same
    sign-up sent twice (a double click): that account, so both sends answer alike."""
    if set(form.errors) != {"email"} or not form.has_error("email", "duplicate"):
        return None
    return _made_just_now(request, form.data.get("email", ""), form.cleaned_data["password1"])


def _made_just_now(request: HttpRequest, email: str, password: str) -> User | None:
    """The account for this address if it was made in the last minute and the password is its
    own: the same person's second send, never anyone else's account. The password is checked
    as the login page checks it, so wrong guesses count towards the same lockout."""
    email = email.strip().lower()
    made = User.objects.filter(email__iexact=email).first()
    if made is None or timezone.now() - made.date_joined >= SAME_SIGNUP:
        return None
    found = authenticate(request, username=email, password=password)
    return found if found is not None and found.pk == made.pk else None


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
        return response


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
