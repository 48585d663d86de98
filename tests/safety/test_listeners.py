"""The parts that act when someone needs care are named where the signal is defined, and the
names are the ones connected: a listener added or dropped in an apps.py fails here until the
list beside the signal says so too."""

from attune.checkups.signals import CHECKUP_SAVED_LISTENERS, checkup_saved
from attune.safety.care import NEEDS_CARE_LISTENERS, needs_care


def _connected(signal) -> list[str]:
    found = []
    for _key, ref, *_rest in signal.receivers:
        receiver = ref()
        if receiver is not None:
            found.append(f"{receiver.__module__}.{receiver.__qualname__}")
    return found


def test_every_part_that_withdraws_on_needs_care_is_named_beside_the_signal():
    assert sorted(_connected(needs_care)) == sorted(NEEDS_CARE_LISTENERS)


def test_the_check_up_signal_is_heard_by_the_care_rule_alone():
    assert _connected(checkup_saved) == list(CHECKUP_SAVED_LISTENERS)
