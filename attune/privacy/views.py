"""What Attune keeps and why, a full export of it, and deleting an account for real."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from attune.accounts.models import User
from attune.privacy.erasure import erase
from attune.privacy.export import collect
from attune.toolkit.offline import forget_device

WRONG_PASSWORD = "That password is not right. Nothing has been deleted."
DELETED = "Your account and everything in it has been deleted."


class DeleteForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        help_text="We ask for it to be sure it is you.",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password to delete your account."},
    )


@require_GET
def policy(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/policy.html")


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/export.html")


def _filename(user: User) -> str:
    # In discreet mode the name in a downloads list must not say what the site is.
    stem = "notes-export" if user.discreet else "attune-export"
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.json"


@never_cache
@login_required
@require_GET
def export_json(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(
        collect(request.user),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(request.user)}"'
    return response


@never_cache
@login_required
@require_GET
def export_html(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/export_page.html", {"export": collect(request.user)})


def _password_ok(request: HttpRequest, password: str) -> bool:
    # Through authenticate, so wrong guesses count towards the same lockout as the login page.
    found = authenticate(request, username=request.user.get_username(), password=password)
    return found is not None and found.pk == request.user.pk


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if _password_ok(request, form.cleaned_data["password"]):
            erase(request.user)
            logout(request)
            messages.success(request, DELETED)
            return forget_device(redirect("web-home"))
        form.add_error("password", WRONG_PASSWORD)
    return render(
        request, "privacy/delete.html", {"form": form}, status=400 if form.errors else 200
    )
