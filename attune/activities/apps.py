from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "attune.activities"
    label = "activities"

    def ready(self) -> None:
        from attune.activities.notes import protect_on_positive_screen
        from attune.safety.care import needs_care

        needs_care.connect(protect_on_positive_screen)
