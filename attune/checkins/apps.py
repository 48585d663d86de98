from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "attune.checkins"
    label = "checkins"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from attune.checkins.partner import withdraw_on_positive_screen, withdraw_on_unlink
        from attune.couples.models import Link
        from attune.safety.care import needs_care

        needs_care.connect(withdraw_on_positive_screen)
        post_save.connect(withdraw_on_unlink, sender=Link)
