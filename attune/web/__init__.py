"""The Django project: settings, URLs, the WSGI entry point and site-wide pieces."""
