"""Accounts: people, their settings, and their private encryption keys."""
