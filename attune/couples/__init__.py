"""Couple mode: linking partners, consented sharing, and the couple report."""
