"""The weekly tips newsletter: double opt-in, digests, one-click unsubscribe."""
