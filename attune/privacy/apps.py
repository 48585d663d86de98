from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "attune.privacy"
    label = "privacy"
