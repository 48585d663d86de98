from django.apps import AppConfig


class CouplesConfig(AppConfig):
    name = "attune.couples"
    label = "couples"

    def ready(self) -> None:
        from attune.couples.sharing import protect_on_positive_screen
        from attune.safety.care import needs_care

        needs_care.connect(protect_on_positive_screen)
