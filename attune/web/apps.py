"""Site-wide app: registers Attune's system checks."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "attune.web"
    label = "web"

    def ready(self) -> None:
        from attune.web import checks  # noqa: F401 - registers the checks
