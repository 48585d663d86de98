"""Signals other parts listen to, so check-ups need not know about them."""

from django.dispatch import Signal

# Sent after a person's check-up answers are saved (a section, or the finish); kwarg: checkup.
checkup_saved = Signal()
# Who hears it, connected in attune/safety/apps.py (tests/safety/test_listeners.py keeps this
# true): a positive safety or crisis answer protects the person at once.
CHECKUP_SAVED_LISTENERS = ("attune.safety.care.checkup_needs_care",)
