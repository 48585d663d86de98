"""Benchmark settings: Attune's own, plus a bare "hello" view to compare against."""

from attune.web.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
