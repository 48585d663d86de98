"""`attune newsletter`: preview and send the weekly tips e-mail."""

from __future__ import annotations

import argparse
import re
import sys
import time
from typing import Any, TextIO

WEEK = re.compile(r"^\d{4}-W\d{2}$")
BAR_WIDTH = 30


def configure(verbs: argparse._SubParsersAction) -> str:
    parser = verbs.add_parser(
        "newsletter",
        help="preview or send the weekly note",
        description=(
            "Preview or send the weekly note. Every subscriber gets the same issue, built from "
            "the library, the activities and the tips file, never from anything about them."
        ),
    )
    sub = parser.add_subparsers(dest="newsletter_verb", metavar="VERB", required=True)
    preview = sub.add_parser(
        "preview",
        help="print the next issue without sending it",
        description=(
            "Print this week's issue as a subscriber would read it (subject and text part), "
            "without sending or saving anything. The unsubscribe link shows TOKEN in place of "
            "each subscriber's own."
        ),
    )
    preview.add_argument(
        "--week", metavar="YYYY-Www", help="an ISO week, like 2025-W48 (default: this week)"
    )
    preview.add_argument("--html", action="store_true", help="print the HTML part instead")
    send = sub.add_parser(
        "send",
        help="send this week's issue through the worker",
        description=(
            "Build this week's issue (or reuse it if it exists), queue it for the worker in "
            "batches, and show a progress bar until every batch is done. Safe to run again: it "
            "resumes where a crashed or stopped send left off and never sends anyone the same "
            "issue twice. It never waits for ever: when nothing has moved for --timeout "
            "seconds it says which batches are stuck, where and since when, and exits 1. "
            "Exits 1 too if a batch failed (run it again to retry)."
        ),
    )
    send.add_argument("--no-wait", action="store_true", help="queue the batches and return")
    send.add_argument(
        "--timeout",
        type=float,
        default=300,
        metavar="SECONDS",
        help="stop waiting when nothing has moved for this long (default 300)",
    )
    send.add_argument(
        "--batch-size", type=int, default=100, metavar="N", help="subscribers per task (100)"
    )
    return "newsletter"


def run(args: argparse.Namespace) -> int:
    from attune.cli.errors import CommandError
    from attune.cli.serve import _django

    _django()
    if args.newsletter_verb == "preview":
        return preview(sys.stdout, week=args.week, html=args.html)
    if args.batch_size < 1:
        raise CommandError("--batch-size must be at least 1")
    if args.timeout <= 0:
        raise CommandError("--timeout must be more than zero seconds")
    return send(sys.stdout, wait=not args.no_wait, batch_size=args.batch_size, timeout=args.timeout)


def _week(week: str | None) -> str:
    from datetime import date

    from django.utils import timezone

    from attune.cli.errors import CommandError
    from attune.newsletter.digest import iso_week

    if week is None:
        return iso_week(timezone.localdate())
    try:
        if not WEEK.match(week):
            raise ValueError
        date.fromisocalendar(int(week[:4]), int(week[6:]), 1)
    except ValueError:
        raise CommandError(f"--week {week!r}: use an ISO week like 2025-W48") from None
    return week


def preview(out: TextIO, week: str | None = None, html: bool = False) -> int:
    from django.urls import reverse

    from attune.newsletter.digest import preview_issue
    from attune.newsletter.mail import absolute, render

    issue = preview_issue(_week(week))
    subject, text, body = render(
        "digest",
        {
            "issue": issue,
            "help_url": absolute(reverse("safety-crisis")),
            "unsubscribe_url": absolute(reverse("newsletter-unsubscribe", args=["TOKEN"])),
        },
    )
    out.write(f"Subject: {subject}\n\n{body if html else text}")
    return 0


def draw(out: TextIO, done: int, total: int) -> None:
    """A one-line progress bar, redrawn in place with a carriage return."""
    filled = BAR_WIDTH * done // total if total else BAR_WIDTH
    out.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} sent")
    out.flush()


class Stuck(Exception):
    """Nothing moved for the whole timeout: the message says what is stuck and since when."""


def _no_worker_note() -> str:
    from django.utils import timezone

    from attune.operations.models import WorkerBeat
    from attune.operations.queue import live_beats, when

    if live_beats():
        return ""
    last = WorkerBeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    heard = f"last heard from {when(last, timezone.now())}" if last else "none has run yet"
    return (
        f"No worker is running ({heard}). Start one with `attune worker` "
        "(or `attune serve`), then run `attune newsletter send` again.\n"
    )


def _stuck(results: list[Any], timeout: float) -> str:
    from attune.operations.queue import what_holds

    lines = [f"Nothing has moved for {timeout:g} s. Still to finish:"]
    for number, result in enumerate(results, 1):
        if not result.is_finished:
            size = len(result.args[1]) if len(result.args) > 1 else 0
            lines.append(
                f"  batch {number} of {len(results)} ({size} subscribers): {what_holds(result.id)}"
            )
    return "\n".join(lines) + "\n" + _no_worker_note()


def _wait(
    out: TextIO, issue: Any, results: list[Any], total: int, poll: float, timeout: float
) -> list[Any]:
    from attune.newsletter.sending import settled

    moved_at = time.monotonic()
    seen: tuple[int, int] | None = None
    while True:
        for result in results:
            if not result.is_finished:
                result.refresh()
        done = settled(issue).count()
        draw(out, done, total)
        finished = sum(result.is_finished for result in results)
        if finished == len(results):
            out.write("\n")
            return [r for r in results if r.status == "FAILED"]
        if (done, finished) != seen:
            seen, moved_at = (done, finished), time.monotonic()
        elif time.monotonic() - moved_at >= timeout:
            out.write("\n")
            raise Stuck(_stuck(results, timeout))
        time.sleep(poll)


def send(
    out: TextIO,
    wait: bool = True,
    batch_size: int = 100,
    poll: float = 0.5,
    timeout: float = 300,
) -> int:
    from attune.newsletter.digest import issue_for_week
    from attune.newsletter.sending import forget_unconfirmed, settled, waiting
    from attune.newsletter.tasks import queue

    forget_unconfirmed()
    issue = issue_for_week(_week(None))
    before = settled(issue).count()
    left = waiting(issue).count()
    if left == 0:
        out.write(f"Issue {issue.number} ({issue.week}) has reached every subscriber.\n")
        return 0
    out.write(f"Issue {issue.number} ({issue.week}): {left} to send, {before} sent before.\n")
    results = queue(issue, batch_size)
    if not wait:
        out.write(f"Queued {len(results)} batch(es) for the worker.\n")
        return 0
    out.write("Waiting for the worker (`attune worker`). Ctrl+C stops waiting, not the send.\n")
    out.write(_no_worker_note())
    try:
        failed = _wait(out, issue, results, before + left, poll, timeout)
    except KeyboardInterrupt:
        out.write("\nStopped waiting. The worker goes on; run this again to see where it is.\n")
        return 130
    except Stuck as stuck:
        out.write(str(stuck))
        return 1
    if failed:
        out.write(
            f"{len(failed)} batch(es) failed. Run `attune newsletter send` again to resume: "
            "it sends only to those still waiting.\n"
        )
        return 1
    sent = settled(issue).count()
    out.write(f"Issue {issue.number} sent: {sent} subscriber(s) have it.\n")
    return 0
