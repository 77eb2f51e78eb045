"""Long lists of units, split by unit category so that no page grows with the tree.

A district has a few dozen organisations under its committee; the province-scale
synthetic tree has a thousand. Where a page would list more than
:data:`GROUP_LIMIT` units directly under one unit (the unit's own page, the
units index, a form page's filled copies), it shows one line per unit category
instead, each linking a category page ``don-vi/nhom/<unit>/<category>.md`` that
lists that category's units. Plans are grouped by the same rule
(:func:`by_category`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.outputs import paths

#: Above this many units directly under one unit, its listings split by category.
GROUP_LIMIT = 300
GROUPS = f"{paths.UNITS}/nhom"
OTHER = ("khac", "Khác")  # units without a category (or with one the organisation does not name)


@dataclass(frozen=True)
class Group:
    """Units of one category, in the order they were given."""

    category: str
    name: str
    unit_ids: tuple[str, ...]


def by_category(project, unit_ids: Iterable[str]) -> list[Group]:
    """``unit_ids`` grouped by their unit's category, groups in order of first appearance."""
    names = {category.id: category.name for category in project.organisation.categories}
    grouped: dict[tuple[str, str], list[str]] = {}
    for unit_id in unit_ids:
        category = project.units[unit_id].category
        key = (category, names[category]) if category in names else OTHER
        grouped.setdefault(key, []).append(unit_id)
    return [Group(category, name, tuple(ids)) for (category, name), ids in grouped.items()]


def children_groups(project, unit_id: str) -> list[Group] | None:
    """The units under ``unit_id`` by category when they are too many to list, else None."""
    children = project.children.get(unit_id, ())
    if len(children) <= GROUP_LIMIT:
        return None
    return by_category(project, children)


def group_page(unit_id: str, group: Group) -> str:
    """The page listing one category of the units under ``unit_id``."""
    return f"{GROUPS}/{unit_id}/{group.category}.md"


def group_lines(project, unit_id: str, groups: list[Group], page: str) -> list[dict]:
    """One line per group for ``page``: the category, how many units, the link to its page."""
    return [{"name": group.name, "count": len(group.unit_ids),
             "link": paths.relative(page, group_page(unit_id, group))} for group in groups]


def branch(project, unit_id: str) -> str:
    """The unit directly under the publisher that ``unit_id`` belongs to (the publisher for itself)."""
    publisher = project.publisher.id
    if unit_id == publisher:
        return publisher
    chain = [project.units[unit_id], *project.ancestors(project.units[unit_id])]
    return next((unit.id for unit in chain if unit.parent == publisher), chain[-1].id)
