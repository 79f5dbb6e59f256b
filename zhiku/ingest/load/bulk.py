"""Fast inserts for the loader: many rows in one prepared statement (``executemany``); and
lookups of many values cut into ``IN (…)`` lists of ``LOOKUP_CHUNK``.

``QuerySet.bulk_create`` builds model instances and compiles a placeholder per value in
Python, which costs more than SQLite spends storing the row; an import of 100,000 works writes
about 400,000 rows. Here rows are plain dicts (attribute name → value), converted with each
field's own ``get_db_prep_save`` (exactly what the ORM does) except for plain text and integer
fields, whose values drivers take as they are; missing values get the field's default, and
``auto_now``/``auto_now_add`` fields the time of the call. The SQL text is built only from model
metadata; every value is a bound parameter.

Writes that bypass ``Model.save`` send no model signals: the loader calls
``catalog.signals.notify`` for the works it inserts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

#: Rows per ``executemany`` call (bounded memory for the parameter list).
ROWS_PER_CALL = 2000
#: Most values in one ``IN (…)`` lookup.
LOOKUP_CHUNK = 2000
#: Field classes whose Python values go to the driver unchanged (str, int or None).
PLAIN_FIELDS = (
    models.CharField,  # includes SlugField, EmailField, URLField
    models.TextField,
    models.IntegerField,  # includes the Big/Positive/Small variants
    models.AutoField,
    models.BigAutoField,
    models.ForeignKey,
)

Row = dict[str, Any]


def insert_rows(model: type[models.Model], rows: Sequence[Row]) -> None:
    """INSERT ``rows``; the database assigns auto primary keys (not reported back)."""
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.auto_created)]
    _execute(model, fields, rows)


def insert_with_ids(model: type[models.Model], rows: Sequence[Row]) -> list[int]:
    """INSERT ``rows`` and return their new primary keys, in order.

    On SQLite the importing transaction holds the database's only write lock (``BEGIN
    IMMEDIATE``), so the next ids are known: one past the largest id ever used (``MAX(id)`` and,
    for AUTOINCREMENT tables, ``sqlite_sequence``). Elsewhere ``bulk_create`` asks the database
    to return them.
    """
    if not rows:
        return []
    if connection.vendor != "sqlite":
        objs = model.objects.bulk_create([model(**row) for row in rows])
        return [obj.pk for obj in objs]
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        (largest,) = cursor.fetchone()
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        sequence = cursor.fetchone()
    first = max(largest, sequence[0] if sequence else 0) + 1
    ids = list(range(first, first + len(rows)))
    pk = model._meta.pk.attname
    with_ids = [{**row, pk: i} for row, i in zip(rows, ids, strict=True)]
    _execute(model, list(model._meta.concrete_fields), with_ids)
    return ids


def _constant(value: Any) -> Callable[[Any], Any]:
    return lambda _: value


def _converter(field: models.Field) -> Callable[[Any], Any]:
    if isinstance(field, PLAIN_FIELDS) and not isinstance(field, models.JSONField):
        return lambda value: value
    return lambda value: field.get_db_prep_save(value, connection)


def _execute(model: type[models.Model], fields: list[models.Field], rows: Sequence[Row]) -> None:
    if not rows:
        return
    now = timezone.now()
    plan = []
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            # the same instant for every row of the call: converted once, not per row
            converted = field.get_db_prep_save(now, connection)
            plan.append((field.attname, converted, _constant(converted)))
        else:
            default = field.get_default()  # "" for a NOT NULL text field without a default
            plan.append((field.attname, default, _converter(field)))
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), ROWS_PER_CALL):
            params = [
                tuple(convert(row.get(name, default)) for name, default, convert in plan)
                for row in rows[start : start + ROWS_PER_CALL]
            ]
            cursor.executemany(sql, params)


def chunks(values: list[Any]) -> list[list[Any]]:
    """``values`` cut into lists of at most LOOKUP_CHUNK (one ``IN (…)`` lookup each)."""
    return [values[i : i + LOOKUP_CHUNK] for i in range(0, len(values), LOOKUP_CHUNK)]
