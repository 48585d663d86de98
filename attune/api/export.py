"""The API token's slice of a person's export (attune.privacy.export): only that there is one and
when it was made, because the token itself is never kept (only its hash is)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from attune.accounts.export import Reading
from attune.accounts.models import User


def with_token(people: QuerySet[User]) -> QuerySet[User]:
    """The export's first query joins the token in."""
    return people.select_related("api_token")


def token_for_export(reading: Reading) -> dict[str, Any] | None:
    token = reading.joined("api_token")
    return {"created_at": token.created_at} if token else None
