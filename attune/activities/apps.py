from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "attune.activities"
    label = "activities"
