"""A person's check-ins for their own export (attune.privacy.export): every one, decrypted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from attune.checkins.models import NEEDS, Checkin

Decrypt = Callable[[bytes | memoryview | None], str]
LABELS = {need: label for need, label, _, _ in NEEDS}


def checkins_for_export(user, decrypt: Decrypt) -> list[dict[str, Any]]:
    """Oldest first, in one query. The link a share was made in is left out: it is the couple's."""
    return [
        {
            "code": c.code,
            "day": c.day,
            "stress": c.stress,
            "needs": [{"id": need, "label": LABELS.get(need, need)} for need in c.needs],
            "note": decrypt(c.note),
            # What the safety check made of the line (0, 1, 2): the export's free_text_tiers.
            "note_tier": c.note_tier,
            "shared_need": c.share_need,
            "shared_stress": c.share_stress,
            "created_at": c.created_at,
            "updated_at": c.updated_at,
        }
        for c in Checkin.objects.filter(user=user).order_by("day")
    ]
