"""Building answers for check-up tests."""

from attune.core.instruments import Item, get_instrument

CHECKUP = get_instrument("checkup")


def healthy_value(item: Item) -> int:
    return item.highest if item.higher_is_healthier else item.lowest


def unhealthy_value(item: Item) -> int:
    return item.lowest if item.higher_is_healthier else item.highest


def section_post(number: int, action: str = "next", **overrides) -> dict:
    """A complete, healthy POST for one section (1-based); overrides by item id."""
    section = CHECKUP.sections[number - 1]
    data = {item.id: str(healthy_value(item)) for item in section.items}
    data.update({k: str(v) for k, v in overrides.items()})
    data["action"] = action
    return data


def section_of(construct: str) -> int:
    for number, section in enumerate(CHECKUP.sections, 1):
        if any(item.construct == construct for item in section.items):
            return number
    raise LookupError(construct)
