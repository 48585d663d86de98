"""`attune counsellor`: an operator makes a person a counsellor, lists them, or stops one."""

from __future__ import annotations

import argparse


def configure(verbs: argparse._SubParsersAction) -> str:
    parser = verbs.add_parser(
        "counsellor",
        help="make a person a counsellor, list counsellors, or stop one",
        description=(
            "Counsellors see the counsellor pages (/counsellor/) and, of their clients, only what "
            "each client chose to share. The person must already have an account. Exits with "
            "status 2 naming the problem on an unknown e-mail or an empty practice name."
        ),
    )
    actions = parser.add_subparsers(dest="counsellor_verb", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        help="make a person a counsellor (or rename their practice)",
        description="Make the person with this e-mail a counsellor with this practice name.",
    )
    add.add_argument("email", help="the e-mail address of the person's account")
    add.add_argument("--practice", required=True, help="the practice name their clients see")
    actions.add_parser("list", help="list the counsellors", description="List the counsellors.")
    remove = actions.add_parser(
        "remove",
        help="stop a person being a counsellor",
        description=(
            "Stop the person being a counsellor: their spaces close and their clients' choices "
            "are cleared at once. The person's own account stays."
        ),
    )
    remove.add_argument("email", help="the e-mail address of the person's account")
    return "counsellor"


def run(args: argparse.Namespace) -> int:
    from attune.cli.errors import CommandError
    from attune.cli.serve import _django

    _django()
    from attune.accounts.models import User
    from attune.counsellors import services
    from attune.counsellors.models import Counsellor

    if args.counsellor_verb == "list":
        for found in Counsellor.objects.select_related("user").order_by("user__email"):
            spaces = found.spaces.open().count()
            print(f"{found.user.email}\t{found.practice}\t{spaces} open space{'s' * (spaces != 1)}")
        return 0
    user = User.objects.filter(email__iexact=args.email.strip()).first()
    if user is None:
        raise CommandError(f"email: no account has the e-mail {args.email!r}")
    if args.counsellor_verb == "add":
        try:
            made = services.make_counsellor(user, args.practice)
        except services.CounsellorError as exc:
            raise CommandError(f"--practice: {exc}") from exc
        print(f"{user.email} is a counsellor at {made.practice}.")
        return 0
    found = Counsellor.objects.filter(user=user).first()
    if found is None:
        raise CommandError(f"email: {user.email} is not a counsellor")
    for space in found.spaces.open():
        services.close_space(space)
    found.delete()
    print(f"{user.email} is no longer a counsellor.")
    return 0
