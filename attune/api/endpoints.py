"""The JSON API: the same things the pages do, under the same rules (strangers get 404)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Path, Query, Status
from ninja.parser import Parser

from attune.api.auth import AUTH
from attune.api.schemas import (
    CODE_PATTERN,
    ERRORS,
    CheckupOut,
    CoupleReportOut,
    InvitationOut,
    LinkOut,
    NewInvitationIn,
    NewInvitationOut,
    ShareIn,
    ShareOut,
)
from attune.checkups.models import Checkup
from attune.core import fhir
from attune.core.couple import present
from attune.core.instruments import UnknownInstrument, get_instrument
from attune.core.serialise import report_dict
from attune.couples import emails, sharing
from attune.couples.models import Invitation, Share
from attune.toolkit.links import absolute_url


class ObjectBodies(Parser):
    """Every body this API takes is a JSON object; anything else is refused with 400."""

    def parse_body(self, request: HttpRequest):
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError("the body must be a JSON object")
        return data


api = NinjaAPI(
    title="Attune API",
    version="1",
    description=(
        "Your own check-ups and reports, your partner link, what you share, and the couple "
        "report. Authenticate with a personal token (Authorization: Bearer ...) or a session."
    ),
    auth=AUTH,
    urls_namespace="api",
    docs_url=None,
    parser=ObjectBodies(),
)
INVITATIONS_LISTED = 50


def _bad(detail: str) -> Status:
    return Status(400, {"detail": detail})


def _own_checkup(request: HttpRequest, code: str) -> Checkup:
    checkup = Checkup.objects.filter(user=request.user, code=code).first()
    if checkup is None:
        raise Http404("No such check-up")
    return checkup


@api.get("/checkups", response={200: list[CheckupOut], **ERRORS}, tags=["check-ups"])
def list_checkups(request: HttpRequest) -> list[dict[str, Any]]:
    """Your own check-ups, newest first."""
    checkups = list(Checkup.objects.filter(user=request.user).defer("answers", "note"))
    shared = set(
        Share.objects.filter(
            checkup__user=request.user, withdrawn_at__isnull=True, link__ended_at__isnull=True
        ).values_list("checkup_id", flat=True)
    )
    return [
        {
            "code": c.code,
            "instrument": c.instrument_id,
            "finished": c.finished,
            "started_at": c.started_at,
            "finished_at": c.finished_at,
            "shared": c.pk in shared,
        }
        for c in checkups
    ]


@api.get("/checkups/{code}", response={200: dict[str, Any], **ERRORS}, tags=["check-ups"])
def get_checkup(request: HttpRequest, code: str = Path(..., pattern=CODE_PATTERN)):
    """Your own full report of one finished check-up. Nobody else can read it."""
    checkup = _own_checkup(request, code)
    if not checkup.finished:
        return _bad("This check-up is not finished yet.")
    return report_dict(checkup.report, request.user.country or None)


def _invitation(invitation: Invitation) -> dict[str, Any]:
    return {
        "code": invitation.code,
        "state": invitation.state,
        "created_at": invitation.created_at,
        "expires_at": invitation.expires_at,
    }


@api.get("/invitations", response={200: list[InvitationOut], **ERRORS}, tags=["partner"])
def list_invitations(request: HttpRequest) -> list[dict[str, Any]]:
    """The invitations you made, newest first."""
    found = Invitation.objects.filter(inviter=request.user)[:INVITATIONS_LISTED]
    return [_invitation(i) for i in found]


@api.post("/invitations", response={201: NewInvitationOut, **ERRORS}, tags=["partner"])
def create_invitation(request: HttpRequest, body: NewInvitationIn):
    """A new invitation link for your partner. The link is in this answer only."""
    try:
        invitation, token = sharing.invite(request.user)
    except sharing.CoupleError as error:
        if error.kind == sharing.Refusal.PAUSED:
            return _bad("You cannot make an invitation right now.")
        return _bad("You are already linked with a partner.")
    url = absolute_url("couples-join", token)
    emailed = bool(body.email) and emails.send(
        "invitation", body.email, {"inviter": request.user.name, "url": url}
    )
    return Status(201, {**_invitation(invitation), "url": url, "emailed": emailed})


@api.post("/invitations/{code}/cancel", response={200: InvitationOut, **ERRORS}, tags=["partner"])
def cancel_invitation(request: HttpRequest, code: str = Path(..., pattern=CODE_PATTERN)):
    """Withdraw an invitation you made: its link stops working."""
    invitation = Invitation.objects.filter(inviter=request.user, code=code).first()
    if invitation is None:
        raise Http404("No such invitation")
    sharing.cancel_invitation(invitation)
    return _invitation(invitation)


@api.get("/link", response={200: LinkOut, **ERRORS}, tags=["partner"])
def get_link(request: HttpRequest):
    """Whether you are linked, with whom, and what each of you shares."""
    state = sharing.couple_state(request.user)
    notice = sharing.pending_notice(request.user)
    if state is None:
        return {"linked": False, "notice": notice}
    return {
        "linked": True,
        "code": state.link.code,
        "partner": state.partner.name,
        "you_share": state.my_share.checkup.code if state.my_share else None,
        "partner_shares": state.their_share is not None,
        "report_ready": state.ready,
        "notice": notice,
    }


@api.delete("/link", response={204: None, **ERRORS}, tags=["partner"])
def delete_link(request: HttpRequest):
    """Unlink at once: all sharing ends for both of you. Your partner is not told why."""
    link = sharing.active_link(request.user)
    if link is None:
        return _bad("You are not linked with a partner.")
    other = sharing.unlink(link, request.user)
    emails.send("unlinked", other.email, {"url": absolute_url("couples-home")})
    return Status(204, None)


@api.post("/shares", response={201: ShareOut, **ERRORS}, tags=["partner"])
def create_share(request: HttpRequest, body: ShareIn):
    """Share the five sign scores of one of your finished check-ups with your partner."""
    checkup = _own_checkup(request, body.checkup)
    if not checkup.finished:
        raise Http404("No such finished check-up")
    try:
        made, new = sharing.share(checkup, request.user)
    except sharing.CoupleError as error:
        if error.kind == sharing.Refusal.NOT_LINKED:
            return _bad("You are not linked with a partner.")
        return _bad("This check-up cannot be shared.")
    if new:
        partner = made.link.partner_of(request.user)
        emails.send("shared", partner.email, {"url": absolute_url("couples-home")})
    return Status(201, {"checkup": checkup.code, "shared": True})


@api.delete("/shares/{code}", response={204: None, **ERRORS}, tags=["partner"])
def delete_share(request: HttpRequest, code: str = Path(..., pattern=CODE_PATTERN)):
    """Stop sharing a check-up: it is private again at once."""
    checkup = _own_checkup(request, code)
    if not sharing.withdraw(checkup):
        raise Http404("Not shared")
    return Status(204, None)


@api.get("/couple/report", response={200: CoupleReportOut, **ERRORS}, tags=["partner"])
def get_couple_report(request: HttpRequest):
    """Your couple report, once you have both shared a check-up."""
    state = sharing.couple_state(request.user)
    if state is None:
        raise Http404("Not linked")
    report = None if state.protected else sharing.couple_report(state)
    if report is None:
        return {"ready": False, "partner": state.partner.name}
    shown = present(report)
    return {
        "ready": True,
        "partner": state.partner.name,
        "far_apart": shown.far_apart,
        "signs": [
            {
                "sign": row.sign.id,
                "name": row.sign.name,
                "you": row.mine,
                "you_band": row.mine_band.id if row.mine_band else None,
                "partner": row.theirs,
                "partner_band": row.theirs_band.id if row.theirs_band else None,
                "gap": row.gap,
            }
            for row in shown.rows
        ],
        "agree": [row.sign.id for row in shown.agree],
        "gaps": [
            {"sign": gap.row.sign.id, "gap": gap.row.gap, "prompts": list(gap.prompts)}
            for gap in shown.gaps
        ],
        "shared_strengths": [sign.id for sign in shown.strengths],
        "plan": [
            {
                "strategy": step.strategy.id,
                "signs": [sign.id for sign in step.signs],
                "activities": [{"id": a.id, "couple": a.couple} for a in step.activities],
            }
            for step in shown.plan
        ],
    }


def _fhir(resource: dict[str, Any], status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(resource, ensure_ascii=False), status=status, content_type=fhir.MEDIA_TYPE
    )


def _fhir_not_found(what: str) -> HttpResponse:
    outcome = {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "not-found", "diagnostics": what}],
    }
    return _fhir(outcome, 404)


def _fhir_responses(what: str) -> dict[str, Any]:
    """The FHIR routes answer application/fhir+json, which the OpenAPI document must say."""
    resource = {"type": "object", "required": ["resourceType"]}
    return {
        "responses": {
            200: {"description": what, "content": {fhir.MEDIA_TYPE: {"schema": resource}}},
            404: {
                "description": "An OperationOutcome: there is no such thing, or it is not yours.",
                "content": {fhir.MEDIA_TYPE: {"schema": resource}},
            },
        }
    }


def _fhir_base() -> str:
    return fhir.fhir_base(settings.ATTUNE_BASE_URL)


@api.get(
    "/fhir/Questionnaire/{instrument_id}",
    response=ERRORS,
    auth=None,
    tags=["fhir"],
    openapi_extra=_fhir_responses("The instrument as a FHIR R4 Questionnaire (SDC)."),
)
def fhir_questionnaire(
    request: HttpRequest,
    instrument_id: str = Path(..., pattern=r"^[a-z][a-z0-9_]{0,39}$"),
    version: int | None = Query(None, ge=1, le=10_000),
):
    """An instrument as a FHIR R4 Questionnaire: open to anyone, since it holds no one's data.

    The address is the Questionnaire's canonical `url`; `version` asks for an older version.
    The safety questions carry the code `safety` of the attune-item-role system.
    """
    try:
        instrument = get_instrument(instrument_id, version)
    except UnknownInstrument:
        return _fhir_not_found(f"No Questionnaire {instrument_id!r} at that version.")
    return _fhir(fhir.questionnaire(instrument, _fhir_base()))


@api.get(
    "/fhir/checkups/{code}",
    response=ERRORS,
    tags=["fhir"],
    openapi_extra=_fhir_responses(
        "Your finished check-up as a FHIR R4 Bundle: a QuestionnaireResponse and the scores "
        "as Observations."
    ),
)
def fhir_checkup(
    request: HttpRequest,
    code: str = Path(..., pattern=CODE_PATTERN),
    private: bool = Query(False),
):
    """Your own finished check-up as a FHIR R4 Bundle; nobody else can read it.

    The answers to the safety questions and their scores are left out unless `private=true`.
    """
    checkup = Checkup.objects.filter(user=request.user, code=code).first()
    if checkup is None or not checkup.finished:
        return _fhir_not_found("No finished check-up of yours with that code.")
    bundle = fhir.bundle(
        checkup.instrument,
        checkup.answers,
        _fhir_base(),
        authored=checkup.finished_at,
        private=private,
    )
    return _fhir(bundle)


@api.get(
    "/counsellor/clients/{code}/fhir",
    response=ERRORS,
    tags=["fhir"],
    openapi_extra=_fhir_responses(
        "For a counsellor: what one client shares of their check-ups, as a FHIR R4 Bundle."
    ),
)
def fhir_client_bundle(request: HttpRequest, code: str = Path(..., pattern=CODE_PATTERN)):
    """A counsellor's client, as a FHIR R4 Bundle of only what that client chose to share:
    their chosen check-ups' sign and cause scores as Observations, and their answers (never the
    safety questions) as QuestionnaireResponses when they share answers. 404 to anyone but the
    client's counsellor, and as soon as the client leaves."""
    from attune.counsellors import services as counsellors
    from attune.counsellors.models import Client

    client = (
        Client.objects.current()
        .filter(code=code, space__counsellor__user=request.user)
        .select_related("user")
        .first()
    )
    if client is None:
        return _fhir_not_found("No current client of yours with that code.")
    return _fhir(counsellors.fhir_bundle(client, _fhir_base()))
