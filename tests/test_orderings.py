"""Lists come in one order on every database. PostgreSQL returns rows that tie on every ordered
field in no fixed order (SQLite happens to keep insertion order), and a partner's pages must be
the same byte for byte whatever the other person did: so every model's default order ends on a
field no two rows share."""

from django.apps import apps


def _unique(model, name: str) -> bool:
    name = name.lstrip("-")
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    return field.primary_key or field.unique


def test_every_default_order_ends_on_a_field_no_two_rows_share():
    ambiguous = [
        f"{model._meta.label}: {model._meta.ordering}"
        for model in apps.get_models()
        if model.__module__.startswith("attune.")
        and model._meta.ordering
        and not _unique(model, model._meta.ordering[-1])
    ]
    assert ambiguous == []
