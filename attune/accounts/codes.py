"""Public codes for URLs: random, unguessable, never an integer key."""

import secrets


def new_code() -> str:
    return secrets.token_urlsafe(12)
