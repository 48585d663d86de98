from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "attune.progress"
    label = "progress"
