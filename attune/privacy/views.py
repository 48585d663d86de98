"""What Attune keeps and why, a full export of it, and deleting an account for real."""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import messages
from django.contrib.admin.models import LogEntry
from django.contrib.auth import authenticate, logout
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from attune.accounts import ledger
from attune.accounts.crypto import KEYS_DB, destroy_key
from attune.accounts.models import Erasure, User
from attune.newsletter.sending import forget_address
from attune.privacy.export import collect
from attune.web.links import absolute_url
from attune.web.offline import forget_device

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


def _end_sessions(user: User) -> None:
    """Every session signed in as this person, on any device: each names its person
    (attune.accounts.models.Session), so one delete ends them all, however many there are."""
    from attune.accounts.models import Session

    Session.objects.filter(user=user).delete()


def _unlink_first(user: User) -> None:
    """A partner learns of a deletion exactly as of an unlink: the same neutral e-mail."""

    from attune.couples import emails, sharing

    link = sharing.active_link(user)
    if link is not None:
        other = sharing.unlink(link, user)
        emails.send("unlinked", other.email, {"url": absolute_url("couples-home")})


def erase(user: User, tell_partner: bool = True) -> None:
    """Remove the person and every record of them; check-ups and safety plan go by cascade.

    Their newsletter subscription (the same address) goes too, and its id from every task.
    `attune restore`, deleting again a person an older backup brings back, does not tell the
    partner a second time (tell_partner=False): the link goes with the person.

    The key goes last, inside the transaction: if destroying it fails, nothing is deleted, and
    the person can try again rather than be left with a key that outlives their account.
    """
    user_id = user.pk
    email = user.get_username()
    if tell_partner:
        _unlink_first(user)
    from attune.progress.pulses import withdraw_from_pool

    withdraw_from_pool(user)
    code = user.code
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        _end_sessions(user)
        for access in (AccessAttempt, AccessFailureLog, AccessLog):
            access.objects.filter(username__iexact=email).delete()
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User), object_id=str(user_id)
        ).delete()
        subscriptions = forget_address(email)
        user.delete()
        # The ledger and the key together, so a restored older backup deletes them again.
        with transaction.atomic(using=KEYS_DB):
            ledger.record(Erasure.USER, [code])
            ledger.record(Erasure.SUBSCRIBER, subscriptions)
            destroy_key(user_id)


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
