"""Running tasks: workers that hold a lease on their tasks, the queue, and sending each e-mail
once. The apps use these; the tools that read every app (backups, status, metrics) are
attune/upkeep."""
