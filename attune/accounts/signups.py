"""Signing up by e-mail: one answer for every address, and the account opens from its link.

A new address gets a link to confirm it; an address that has an account gets an e-mail saying
so, with the ways in. The page after sending is the same either way, so sign-up never tells
anyone whether an address uses Attune. An account opens only when its link is followed and the
password chosen at sign-up is given again.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from attune.accounts import throttle
from attune.accounts.forms import SignupForm
from attune.accounts.models import User
from attune.toolkit.links import absolute_url

SALT = "attune.accounts.signup"
LINK_DAYS = 3


def sign_up(form: SignupForm, next_page: str = "") -> None:
    """Send the one e-mail this sign-up calls for. `form` is valid."""
    email = form.cleaned_data["email"]
    known = User.objects.filter(email__iexact=email, is_active=True).first()
    if known is not None:
        # As much work as making an account, so the time taken tells nothing either.
        make_password(form.cleaned_data["password1"])
        _send(
            "signup_known",
            known.email,
            {
                "login": absolute_url("accounts-login"),
                "reset": absolute_url("accounts-password-reset"),
            },
        )
        return
    person = _waiting_account(form)
    link = absolute_url("accounts-signup-confirm", make_link(person, next_page))
    _send("signup_confirm", person.email, {"url": link, "days": LINK_DAYS})


def _waiting_account(form: SignupForm) -> User:
    """The account, not yet open. Signing up again before opening it (a lost e-mail, or someone
    else typing this address) replaces what was chosen: only the holder of the address can open
    it, with the password of the latest sign-up."""
    email = form.cleaned_data["email"]
    for _ in range(2):
        waiting = User.objects.filter(email__iexact=email, is_active=False).first()
        person = waiting or form.save(commit=False)
        person.display_name = form.cleaned_data["display_name"]
        person.country = form.cleaned_data["country"]
        person.set_password(form.cleaned_data["password1"])
        person.is_active = False
        try:
            with transaction.atomic():
                person.save()
            return person
        except IntegrityError:
            # The same sign-up sent twice at once: the other send made the row; use it.
            form.instance.pk = None
    raise IntegrityError("could not make a waiting account")


def make_link(person: User, next_page: str = "") -> str:
    return signing.dumps({"code": person.code, "next": next_page}, salt=SALT)


def read_link(signed: str) -> tuple[User, str] | None:
    """The waiting account a link opens, and where to go after, or None."""
    try:
        found = signing.loads(signed, salt=SALT, max_age=LINK_DAYS * 24 * 60 * 60)
        code, next_page = str(found["code"]), str(found.get("next", ""))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    person = User.objects.filter(code=code, is_active=False).first()
    return (person, next_page) if person is not None else None


def confirm(person: User) -> None:
    person.is_active = True
    person.save(update_fields=["is_active"])


def _send(kind: str, to: str, context: dict) -> None:
    if throttle.too_many_mails_to(to):
        return
    base = f"accounts/email/{kind}"
    subject = " ".join(render_to_string(f"{base}-subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject, render_to_string(f"{base}-body.txt", context), to=[to]
    )
    message.attach_alternative(render_to_string(f"{base}-body.html", context), "text/html")
    message.send()
