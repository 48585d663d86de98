from django.apps import AppConfig


class CounsellorsConfig(AppConfig):
    name = "attune.counsellors"
    label = "counsellors"
    verbose_name = "Counsellors"
