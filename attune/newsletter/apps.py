from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "attune.newsletter"
    label = "newsletter"
