"""Output kinds: every form as a blank DOCX, and ready-filled for each unit that uses it.

A form's master is laid out once with python-docx (:mod:`generator.outputs.form_spec`
describes it); every unit's copy is an XML-level fill of that master, so a
district of thousands of cells costs milliseconds per form.
"""

from __future__ import annotations

from collections.abc import Mapping
import dataclasses
import weakref
from dataclasses import dataclass
from functools import partial

from generator import model
from generator.outputs import paths
from generator.outputs.form_spec import (blank_values, form_spec, has_people_table, own_values,
                                         people_rows, shared_values)
from generator.outputs.kind import Later, OutputKind
from generator.render_docx import Master, laid_out

_VALUES_KEPT = 256  # form values whose master is known: forms × table sizes


@dataclass(frozen=True)
class FormMaster:
    """What a form's layout is made from: the form, the document style, the campaign's plan."""

    form: model.Form
    style: model.DocumentStyle
    plan: model.Plan | None
    people: int | None = None  # a cell's reviewed members: sizes the one-row-per-member tables


@dataclass(frozen=True)
class UnitValues:
    """A unit's values every form shares: one object per unit and build, hashed once for all its forms."""

    values: Mapping[str, str]


@dataclass(frozen=True)
class FilledForm:
    """A copy of a form: its master and the values written into its fields (its own over the unit's)."""

    master: FormMaster
    shared: UnitValues
    own: Mapping[str, str]

    def values(self) -> dict[str, str]:
        """Every field's value: the unit's shared values with the form's own over them."""
        return {**self.shared.values, **self.own}


_specs: dict[int, tuple[FormMaster, Master]] = {}  # id -> (value, its master)


def master_of(value: FormMaster) -> Master:
    """The laid-out master of a form value; fills share it.

    Masters are kept by their whole document spec (a frozen, comparable
    description of the layout: :func:`~generator.render_docx.laid_out`), so an
    equal spec in a later build reuses the layout exactly, and any difference in
    the spec lays it out anew. A spec is hashed deep (every block, every
    cell) and not cached by its dataclass: it is looked up once per value, and
    the value's fills find the master by the value itself.
    """
    known = _specs.get(id(value))
    if known is not None and known[0] is value:
        return known[1]
    if len(_specs) >= _VALUES_KEPT:
        _specs.clear()
    master = laid_out(form_spec(value.style, value.form, value.plan, value.people))
    _specs[id(value)] = (value, master)
    return master


# [(weak reference to a campaign, its master values)]: both kinds of one build share them,
# and the campaign is not kept alive once its build is over.
_last: list = []


def masters(campaign) -> dict[str, FormMaster]:
    """One master value per form, shared by its blank and filled copies (laid out once)."""
    if not _last or _last[0][0]() is not campaign:
        style = campaign.project.organisation.document_style
        _last[:] = [(weakref.ref(campaign), {form_id: FormMaster(form, style, campaign.plan)
                                             for form_id, form in campaign.project.forms.items()})]
    return _last[0][1]


def gather_blank(campaign, sizes):
    for form_id, master in masters(campaign).items():
        yield paths.form_blank_docx(master.form), FilledForm(master, UnitValues(blank_values()), {})


def gather_filled(campaign, sizes):
    shared: dict[str, UnitValues] = {}  # unit id -> its values every form shares (worked out once)
    for form_id, master in masters(campaign).items():
        sized: dict[int | None, FormMaster] = {None: master}  # one master per table size
        for unit in campaign.users[form_id]:  # gathered by the process that takes the form's job
            yield paths.form_filled_docx(unit, master.form), Later(partial(_filled, campaign, unit, shared, sized))


def _filled(campaign, unit, shared: dict[str, UnitValues], sized: dict[int | None, FormMaster]) -> FilledForm:
    """One unit's copy of the form of ``sized[None]``: shared values and table sizes reused within the build."""
    master = sized[None]
    unit_values = shared.get(unit.id)
    if unit_values is None:
        unit_values = shared[unit.id] = UnitValues(
            shared_values(campaign.project, unit, campaign.plan, campaign.schedules))
    people = people_rows(campaign.project, unit) if has_people_table(master.form) else None
    unit_master = sized.get(people)
    if unit_master is None:  # a table size met first: its own master (made once, not per form)
        unit_master = sized[people] = dataclasses.replace(master, people=people)
    return FilledForm(unit_master, unit_values, own_values(unit_values.values, master.form))


def render(value: FilledForm) -> bytes:
    return master_of(value.master).fill(value.values())


BLANK = OutputKind("form-blank", "documents", gather_blank, render, templates=("word",))
FILLED = OutputKind("form-filled", "documents", gather_filled, render, templates=("word",))
