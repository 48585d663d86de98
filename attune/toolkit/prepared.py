"""Lookups on the hottest paths, compiled to SQL once per database and then only executed.

Django builds and compiles a query's SQL again on every call, and on SQLite that costs several
times more than running it. Every signed-in page looks up the session and then the person, and
the report looks up its check-up: one row by key each time. `PreparedGet` compiles such a lookup
once per database with the ORM itself, then only binds new values (prepared the way the field
would prepare them), applies the ORM's own converters and builds the instance with
`Model.from_db`, so callers get exactly the model the ORM would have returned.

Only lookups that find at most one row and never take None belong here, and only plain
comparisons (exact, gt, lt and the like): a lookup that rewrites its value (contains, iexact, in)
would be bound without that rewriting.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import connections, models, router

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    preps: tuple[Callable[[Any, Any], Any], ...]
    # Where the model's columns are in a row, and their names.
    columns: tuple[int, ...]
    attnames: tuple[str, ...]
    converters: dict
    compiler: Any
    # The same for the related model loaded by the same query, when there is one.
    related_columns: tuple[int, ...] = ()
    related_attnames: tuple[str, ...] = ()


class PreparedGet(Generic[M]):
    def __init__(
        self,
        model: type[M],
        lookups: Sequence[str],
        fields: Sequence[str] | None = None,
        related: str | None = None,
    ) -> None:
        """related: one forward foreign key whose row comes with the same query (a join), as
        select_related would bring it; None on the instance when the key is empty."""
        self.model = model
        self.lookups = tuple(lookups)
        self.fields = tuple(fields) if fields else None
        self.related = related
        self._compiled: dict[str, _Compiled] = {}

    def get(self, *values: Any, using: str | None = None) -> M | None:
        """The one row matching the values, in the order of the lookups; None when none does."""
        if len(values) != len(self.lookups) or any(v is None for v in values):
            raise ValueError(f"{self.model.__name__}: give one value per lookup, never None")
        alias = using or router.db_for_read(self.model)
        compiled = self._compiled.get(alias) or self._compile(alias, values)
        connection = connections[alias]
        params = [
            prep(value, connection) for prep, value in zip(compiled.preps, values, strict=True)
        ]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        if compiled.converters:
            row = next(iter(compiled.compiler.apply_converters([row], compiled.converters)))
        found = self.model.from_db(alias, compiled.attnames, [row[i] for i in compiled.columns])
        if self.related:
            values = [row[i] for i in compiled.related_columns]
            field = self.model._meta.get_field(self.related)
            other = None
            if values[compiled.related_attnames.index(field.target_field.attname)] is not None:
                other = field.related_model.from_db(alias, compiled.related_attnames, values)
            field.set_cached_value(found, other)
        return found

    def _compile(self, alias: str, values: Sequence[Any]) -> _Compiled:
        queryset = self.model._default_manager.using(alias).order_by()
        # One filter() per lookup keeps the parameters in the lookups' order.
        for lookup, value in zip(self.lookups, values, strict=True):
            queryset = queryset.filter(**{lookup: value})
        if self.related:
            queryset = queryset.select_related(self.related)
        if self.fields:
            queryset = queryset.only(*self.fields, *([self.related] if self.related else []))
        query = queryset.query
        query.set_limits(high=1)
        compiler = query.get_compiler(alias)
        sql, params = compiler.as_sql()
        if len(params) != len(self.lookups):
            raise ValueError(f"{self.model.__name__}: lookups {self.lookups} are not simple")
        selected = [chosen[0] for chosen in compiler.select]
        mine = tuple(compiler.klass_info["select_fields"])
        theirs: tuple[int, ...] = ()
        if self.related:
            theirs = tuple(compiler.klass_info["related_klass_infos"][0]["select_fields"])
        compiled = _Compiled(
            sql=sql,
            preps=tuple(self._prep(lookup) for lookup in self.lookups),
            columns=mine,
            attnames=tuple(selected[i].target.attname for i in mine),
            converters=compiler.get_converters(selected),
            compiler=compiler,
            related_columns=theirs,
            related_attnames=tuple(selected[i].target.attname for i in theirs),
        )
        self._compiled[alias] = compiled
        return compiled

    def _prep(self, lookup: str) -> Callable[[Any, Any], Any]:
        name = lookup.split("__", 1)[0]
        meta = self.model._meta
        field = meta.pk if name == "pk" else meta.get_field(name)
        target = field.target_field if field.is_relation else field

        def prep(value: Any, connection: Any) -> Any:
            return target.get_db_prep_value(value, connection, prepared=False)

        return prep
