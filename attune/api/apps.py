from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "attune.api"
    label = "api"

    def ready(self) -> None:
        from django.conf import settings
        from django.db.models.signals import post_save

        from attune.api.signals import revoke_tokens_on_new_password

        post_save.connect(revoke_tokens_on_new_password, sender=settings.AUTH_USER_MODEL)
