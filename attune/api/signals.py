"""A new password ends every API token: "change your password" must lock everyone else out."""

from typing import Any

from attune.api.models import ApiToken


def revoke_tokens_on_new_password(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    # AbstractBaseUser.set_password keeps the raw password in _password until save() ends,
    # so here it is set exactly when this save stores a new password.
    if not created and getattr(instance, "_password", None) is not None:
        ApiToken.objects.filter(user=instance).delete()
