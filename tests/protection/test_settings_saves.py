"""Saving settings (or any full save of the person) never undoes the moment care was noted,
even when the save holds a copy of the person loaded before it was noted."""

from copy import copy

from attune.accounts.forms import SettingsForm
from attune.accounts.models import User
from attune.couples.sharing import is_protected
from attune.safety import care


def test_saving_settings_does_not_undo_protection_written_meanwhile(owner):
    held_by_settings_request = copy(User.objects.get(pk=owner.pk))
    care.written(User.objects.get(pk=owner.pk), 2)  # the other device's check-in
    assert is_protected(User.objects.get(pk=owner.pk))

    form = SettingsForm(
        {"display_name": "Robin", "country": "GB", "session_minutes": "60"},
        instance=held_by_settings_request,
    )
    assert form.is_valid(), form.errors
    form.save()
    assert is_protected(User.objects.get(pk=owner.pk)), "protection was undone by a settings save"
