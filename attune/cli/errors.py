"""The one error a verb raises for a user's mistake (attune.cli.main prints it and exits 2)."""


class CommandError(Exception):
    """A user mistake: printed to stderr, exit status 2, nothing on stdout."""
