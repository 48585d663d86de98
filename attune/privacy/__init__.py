"""Data rights: what is stored and why, export everything, delete for real."""
