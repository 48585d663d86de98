"""The WSGI entry point that `attune serve` hands to granian."""

import os

from django.core.wsgi import get_wsgi_application

if os.environ.get("ATTUNE_DIE_WITH_PARENT") == "1":
    # A web worker of `attune serve`: stop when granian's main process dies, even by SIGKILL,
    # rather than go on serving without a supervisor or a task worker beside it.
    from attune.operations.parent import die_with_parent

    die_with_parent()

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attune.web.settings")
application = get_wsgi_application()
