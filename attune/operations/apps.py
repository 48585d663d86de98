from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "attune.operations"
    label = "operations"
