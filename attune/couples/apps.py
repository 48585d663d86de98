from django.apps import AppConfig


class CouplesConfig(AppConfig):
    name = "attune.couples"
    label = "couples"

    def ready(self) -> None:
        from attune.checkups.signals import checkup_saved
        from attune.couples.sharing import protect_on_positive_screen

        checkup_saved.connect(protect_on_positive_screen)
