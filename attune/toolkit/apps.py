"""The toolkit is an app only because it keeps one table: the keys of writes a phone sent."""

from django.apps import AppConfig


class ToolkitConfig(AppConfig):
    name = "attune.toolkit"
    label = "toolkit"
