"""The operator's side: workers that hold a lease on their tasks, status, metrics, backups."""
