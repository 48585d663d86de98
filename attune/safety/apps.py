from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "attune.safety"
    label = "safety"

    def ready(self) -> None:
        from attune.checkups.signals import checkup_saved
        from attune.safety.care import checkup_needs_care

        checkup_saved.connect(checkup_needs_care)
