from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "attune.activities"
    label = "activities"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from attune.activities.notes import close_on_unlink, protect_on_positive_screen
        from attune.couples.models import Link
        from attune.safety.care import needs_care

        needs_care.connect(protect_on_positive_screen)
        post_save.connect(close_on_unlink, sender=Link)
