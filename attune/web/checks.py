"""System checks with stable ids: a bad configuration or content stops `attune serve` at start.

attune.E001  a content file is invalid (named, with its field)
attune.E002  the data folder cannot be written
attune.E003  the quick exit target is not an absolute https:// or http:// URL
attune.W001  SECRET_KEY is short
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from attune.core.check import check_content


@register(Tags.compatibility)
def content_is_valid(app_configs: Any = None, **kwargs: Any) -> list:
    return [
        Error(problem, hint="Run 'attune check' for details.", id="attune.E001")
        for problem in check_content()
    ]


@register(Tags.compatibility)
def data_dir_is_writable(app_configs: Any = None, **kwargs: Any) -> list:
    data_dir = settings.DATA_DIR
    data_dir.mkdir(parents=True, exist_ok=True)
    if not os.access(data_dir, os.W_OK):
        return [
            Error(
                f"The data folder {data_dir} cannot be written.",
                hint="Set ATTUNE_DATA_DIR to a folder this user can write.",
                id="attune.E002",
            )
        ]
    return []


@register(Tags.security)
def quick_exit_is_absolute(app_configs: Any = None, **kwargs: Any) -> list:
    if not settings.QUICK_EXIT_URL.startswith(("https://", "http://")):
        return [
            Error(
                f"QUICK_EXIT_URL={settings.QUICK_EXIT_URL!r} is not an absolute URL.",
                hint="Point it at a neutral site such as https://www.bbc.co.uk/weather.",
                id="attune.E003",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def secret_key_is_long(app_configs: Any = None, **kwargs: Any) -> list:
    if len(settings.SECRET_KEY) < 50:
        return [
            Warning(
                "SECRET_KEY is shorter than 50 characters.",
                hint="Unset it to let Attune generate one in the data folder, or set a long one.",
                id="attune.W001",
            )
        ]
    return []
