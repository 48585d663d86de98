from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "attune.library"
    label = "library"
