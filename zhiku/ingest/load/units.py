"""Stage 4, load (units): unit names as a page lists them → Unit rows, placed in their hierarchy.

A card lists units most specific first (美洲研究中心, 全球治理研究所): a unit of lower level
followed by one of higher level is placed under it. A compound affiliation is split by the unit
vocabulary first (上海国际问题研究院亚太研究中心 → 亚太研究中心 under 上海国际问题研究院).
"""

from __future__ import annotations

import itertools

from zhiku.catalog.models import Unit
from zhiku.catalog.slugs import unique_slug
from zhiku.ingest.bylines import split_unit_path, unit_level, unit_rank
from zhiku.ingest.rules import UNIT_KIND_BY_LEVEL


class UnitResolver:
    """Finds or creates units for one input, caching what it has seen."""

    def __init__(self, count) -> None:
        self.count = count  # callable(kind, outcome) that records the report's counts
        self._units: dict[tuple[str, int | None], Unit] = {}
        self._lineage: dict[int, set[int]] = {}
        self._resolved: dict[tuple[str, ...], list[Unit]] = {}

    def resolve(self, names: list[str]) -> list[Unit]:
        """Units for ``names``; returns the most specific ones (parents of none listed)."""
        key = tuple(names)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(names)
        return self._resolved[key]

    def _resolve(self, names: list[str]) -> list[Unit]:
        flat: list[str] = []
        parent_of: dict[str, str] = {}
        for name in (n.strip() for n in names):
            if not name:
                continue
            chain = split_unit_path(name)
            for child, parent in itertools.pairwise(chain):
                parent_of.setdefault(child, parent)
            flat += [part for part in chain if part not in flat]
        # A unit listed right before a higher one sits under it (centre, then institute).
        ranks = [unit_rank(n) for n in flat]
        for i in range(len(flat) - 1):
            if flat[i] not in parent_of and 0 < ranks[i] < ranks[i + 1]:
                parent_of[flat[i]] = flat[i + 1]
        resolved: dict[str, Unit] = {}

        def get(name: str, seen: tuple[str, ...] = ()) -> Unit:
            if name not in resolved:
                parent_name = parent_of.get(name)
                parent = (
                    get(parent_name, (*seen, name))
                    if parent_name and parent_name not in seen
                    else None
                )
                resolved[name] = self.upsert(name, unit_level(name) or 0, parent)
            return resolved[name]

        parents = set(parent_of.values())
        return [get(name) for name in flat if name not in parents]

    def upsert(self, name: str, level: int, parent: Unit | None) -> Unit:
        """The unit called ``name`` under ``parent`` (found, re-parented, or created)."""
        key = (name, parent.pk if parent else None)
        if key not in self._units:
            self._units[key] = self._upsert(name, level, parent)
        return self._units[key]

    def _upsert(self, name: str, level: int, parent: Unit | None) -> Unit:
        candidates = list(Unit.objects.filter(name=name))
        unit = next((u for u in candidates if parent and u.parent_id == parent.pk), None)
        unit = unit or next((u for u in candidates if u.parent_id is None), None)
        unit = unit or (candidates[0] if candidates and parent is None else None)
        if unit is None:
            unit = Unit.objects.create(
                name=name,
                parent=parent,
                kind=UNIT_KIND_BY_LEVEL.get(level, Unit.Kind.OTHER),
                slug=unique_slug(Unit, name),
            )
            self.count("units", "created")
        elif parent is not None and unit.parent_id is None and unit.pk != parent.pk:
            unit.parent = parent
            unit.save(update_fields=["parent"])
            self.count("units", "updated")
        else:
            self.count("units", "unchanged")
        return unit

    def lineage(self, unit: Unit) -> set[int]:
        """Ids of ``unit`` and all its ancestors."""
        if unit.pk not in self._lineage:
            self._lineage[unit.pk] = {unit.pk, *(a.pk for a in unit.ancestors())}
        return self._lineage[unit.pk]
