"""The WSGI entry point that `attune serve` hands to granian."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attune.web.settings")
application = get_wsgi_application()
