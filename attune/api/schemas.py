"""Shapes of the API's requests and responses; every error has the same small shape."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from ninja import Field, Schema
from pydantic import field_validator

# Public codes are URL-safe random strings (attune.accounts.codes).
CODE_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"


class Error(Schema):
    detail: str | list[dict[str, Any]]


# Every operation declares all of these, so no answer is ever undocumented. 403 is only ever a
# signed-in browser session's request that lacks its CSRF token; a stranger's object is a 404.
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error}


class CheckupOut(Schema):
    code: str
    instrument: str
    finished: bool
    started_at: datetime
    finished_at: datetime | None
    shared: bool


class InvitationOut(Schema):
    code: str
    state: str = Field(description="pending, used, cancelled or expired")
    created_at: datetime
    expires_at: datetime


class NewInvitationIn(Schema):
    email: str | None = Field(
        None, max_length=254, description="If given, the link is sent there with a neutral text."
    )

    @field_validator("email")
    @classmethod
    def _valid_email(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        try:
            validate_email(value)
        except DjangoValidationError as exc:
            raise ValueError("not a valid e-mail address") from exc
        return value


class NewInvitationOut(InvitationOut):
    url: str = Field(description="The invitation link. Shown only this once.")
    emailed: bool


class LinkOut(Schema):
    linked: bool
    code: str | None = None
    partner: str | None = None
    you_share: str | None = Field(None, description="The code of the check-up you share.")
    partner_shares: bool = False
    report_ready: bool = False
    notice: bool = Field(False, description="A link of yours ended; see the partner page.")


class ShareIn(Schema):
    checkup: str = Field(pattern=CODE_PATTERN)


class ShareOut(Schema):
    checkup: str
    shared: bool


class SignPairOut(Schema):
    sign: str
    name: str
    you: int | None
    you_band: str | None
    partner: int | None
    partner_band: str | None
    gap: int | None


class GapOut(Schema):
    sign: str
    gap: int
    prompts: list[str]


class ActivityOut(Schema):
    id: str
    couple: bool


class StepOut(Schema):
    strategy: str
    signs: list[str]
    activities: list[ActivityOut]


class CoupleReportOut(Schema):
    ready: bool
    partner: str
    far_apart: bool = False
    signs: list[SignPairOut] = []
    agree: list[str] = []
    gaps: list[GapOut] = []
    shared_strengths: list[str] = []
    plan: list[StepOut] = []
