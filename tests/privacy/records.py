"""The instrument the privacy tests answer, and a full set of answers to it."""

from attune.core.instruments import get_instrument

INSTRUMENT = get_instrument("checkup")


def answers(choice: int = 1) -> dict[str, int]:
    """An answer to every item: the option at position `choice` on its scale."""
    return {item.id: item.options[choice].value for item in INSTRUMENT.items}
