"""The toolkit: what every app needs from the web side, and imports no app.

Reading the environment, drawing charts, prepared lookups, absolute links, kept pages, offline
writes, and the middleware for private pages and form encodings. The composition root
(attune/web: settings, URLs, WSGI, the site's own pages) wires these together; the apps use them.
"""
