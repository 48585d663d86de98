from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "attune.checkins"
    label = "checkins"

    def ready(self) -> None:
        from attune.checkins.partner import withdraw_on_positive_screen
        from attune.safety.care import needs_care

        needs_care.connect(withdraw_on_positive_screen)
