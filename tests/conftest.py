import os

# Live-server browser tests run Django's ORM from Playwright's thread at teardown.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
