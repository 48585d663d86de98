from django.apps import AppConfig


class CheckupsConfig(AppConfig):
    name = "attune.checkups"
    label = "checkups"
