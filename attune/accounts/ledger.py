"""The ledger of deletions, in the keys database: digests of random codes, applied on restore."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from attune.accounts.models import Erasure

KEYS_DB = "keys"


def digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def record(kind: str, codes: Iterable[str]) -> None:
    Erasure.objects.using(KEYS_DB).bulk_create(
        [Erasure(kind=kind, digest=digest(code)) for code in codes], ignore_conflicts=True
    )


def erased(kind: str) -> set[str]:
    return set(Erasure.objects.using(KEYS_DB).filter(kind=kind).values_list("digest", flat=True))
