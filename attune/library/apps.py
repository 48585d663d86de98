"""The library: plain-language pages for every sign, cause, strategy and activity, and articles."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LibraryConfig(AppConfig):
    name = "attune.library"
    label = "library"

    def ready(self) -> None:
        from attune.library.search import index_after_migrate

        post_migrate.connect(index_after_migrate, sender=self, dispatch_uid="library-index")
