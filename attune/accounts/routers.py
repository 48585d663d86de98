"""Keeps every person's encryption key, and the ledger of deletions, in the "keys" database."""

from typing import Any

KEY_MODELS = {("accounts", "userkey"), ("accounts", "erasure")}


class KeysRouter:
    def _is_key(self, model: Any) -> bool:
        return (model._meta.app_label, model._meta.model_name) in KEY_MODELS

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return "keys" if self._is_key(model) else "default"

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return "keys" if self._is_key(model) else "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return None

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool:
        if (app_label, model_name) in KEY_MODELS:
            return db == "keys"
        return db == "default"
