from django.apps import AppConfig


class CouplesConfig(AppConfig):
    name = "attune.couples"
    label = "couples"
