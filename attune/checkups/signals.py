"""Signals other parts listen to, so check-ups need not know about them."""

from django.dispatch import Signal

# Sent after a person's check-up answers are saved (a section, or the finish); kwarg: checkup.
checkup_saved = Signal()
