"""The domain core: concepts, instruments, scoring, plans and safety, in plain Python.

Nothing under this package may import Django; tests/core/test_purity.py walks the imports.
"""
