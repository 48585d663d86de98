"""A person's private notices for their own export (attune.privacy.export): every one, with the
answer they gave about the text it was about."""

from __future__ import annotations

from typing import Any

from attune.safety.models import CareNotice

SOURCES = dict(CareNotice.SOURCES)
ANSWERS = dict(CareNotice.ANSWERS)


def notices_for_export(user) -> list[dict[str, Any]]:
    """Oldest first, in one query. `text` is the code of the check-in, run or check-up that
    holds the text, as it appears elsewhere in the same file."""
    return [
        {
            "code": n.code,
            "source": n.source,
            "source_in_words": SOURCES.get(n.source, n.source),
            "text": n.text_code,
            "raised_at": n.raised_at,
            # "yes", "not_sure", "no", or "" while unanswered.
            "answer": n.answer,
            "answer_in_words": ANSWERS.get(n.answer, ""),
            "answered_at": n.answered_at,
            "ended_at": n.ended_at,
        }
        for n in CareNotice.objects.filter(user=user).order_by("raised_at", "pk")
    ]
