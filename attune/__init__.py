"""Attune: a private companion for noticing and rebuilding emotional intimacy."""

__version__ = "0.1.0"
