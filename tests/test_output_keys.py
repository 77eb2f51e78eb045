"""Output keys are their inputs: every kind renders from one value, keyed by its digest."""

from __future__ import annotations

import dataclasses
import inspect
from datetime import date
from pathlib import Path

import pytest

from generator.campaign import derive_campaign
from generator.check.rules import check
from generator.outputs import registry
from generator.outputs.kind import PHASES, Fingerprint, jobs
from generator.outputs.page import TemplatePage

REPO = Path(__file__).resolve().parent.parent


@dataclasses.dataclass(frozen=True)
class Row:
    title: str
    end: date


def test_every_kind_renders_from_its_value_alone():
    for kind in registry.KINDS:
        parameters = inspect.signature(kind.render).parameters.values()
        required = [p.name for p in parameters if p.default is inspect.Parameter.empty]
        assert len(required) == 1, (kind.name, required)  # no project, no campaign, no files
        assert kind.phase in PHASES, kind.name
    assert len({kind.name for kind in registry.KINDS}) == len(registry.KINDS)


@pytest.mark.parametrize("change", [
    lambda ctx: ctx | {"new_field": "đọc thêm"},  # a field a renderer starts to read
    lambda ctx: ctx | {"rows": [Row("Kiểm điểm", date(2022, 12, 16))]},  # a nested date
    lambda ctx: ctx | {"rows": [Row("Kiểm điểm ", date(2022, 12, 15))]},  # one space
    lambda ctx: ctx | {"count": "3"},  # a type, not a text
])
def test_any_change_in_a_value_changes_its_key(change):
    context = {"rows": [Row("Kiểm điểm", date(2022, 12, 15))], "count": 3}
    before = Fingerprint().of(TemplatePage("pages/unit.md.j2", context))
    assert Fingerprint().of(TemplatePage("pages/unit.md.j2", change(context))) != before
    assert Fingerprint().of(TemplatePage("pages/unit.md.j2", dict(context))) == before


def test_a_value_that_is_not_data_is_refused():
    project, _ = check(REPO / "content")
    with pytest.raises(TypeError, match="plain data"):
        Fingerprint().of(TemplatePage("pages/home.md.j2", {"project": project}))


def test_every_output_of_the_example_has_a_key_of_its_value():
    project, _ = check(REPO / "content")
    campaign = derive_campaign(project)
    documents = list(jobs(registry.DOCUMENTS, campaign, {}, Fingerprint()))
    sizes = {job.path: 1000 for job in documents}
    pages = list(jobs(registry.PAGES, campaign, sizes, Fingerprint()))
    paths = [job.path for job in documents + pages]
    assert len(paths) == len(set(paths)) > 500
    again = {job.path: job.key for job in jobs(registry.PAGES, campaign, sizes, Fingerprint())}
    assert {job.path: job.key for job in pages} == again  # stable within and across builds


def test_a_bundle_is_keyed_by_the_bytes_it_packs_and_packs_only_those():
    from generator.outputs import bundle
    from generator.outputs.kind import Blob

    def value(data: bytes, read=None) -> bundle.Bundle:
        blob = Blob.of(data) if read is None else Blob(Blob.of(data).sha256, len(data), read)
        return bundle.Bundle("don-vi", "Chi bộ ấp Một", date(2022, 11, 15), (("lich.ics", "Lịch", blob),))

    key = Fingerprint().of(value(b"BEGIN:VCALENDAR 1"))
    assert Fingerprint().of(value(b"BEGIN:VCALENDAR 1")) == key
    assert Fingerprint().of(value(b"BEGIN:VCALENDAR 2")) != key  # one byte packed changes the key
    assert bundle.render(value(b"BEGIN:VCALENDAR 1")) == bundle.render(value(b"BEGIN:VCALENDAR 1"))
    with pytest.raises(RuntimeError, match="changed"):
        bundle.render(value(b"BEGIN:VCALENDAR 1", read=lambda: b"BEGIN:VCALENDAR 2"))


@dataclasses.dataclass(frozen=True)
class Shared:
    name: str


@dataclasses.dataclass(frozen=True)
class Own:
    shared: Shared
    title: str


def test_a_job_key_is_its_value_digest_and_keeps_only_the_shared_objects_in_the_memo():
    shared = Shared("Chi bộ ấp Một")
    fingerprint = Fingerprint()
    own = [Own(shared, f"Mẫu {n}") for n in range(3)]
    keys = [fingerprint.of_job("form-filled", "v1", value) for value in own]
    assert keys == [Fingerprint().of(("form-filled", "v1", value)) for value in own]  # as if given whole
    assert len(set(keys)) == 3
    kept = [entry[0] for entry in fingerprint._memo.values()]
    # The shared object is met again by the next job: kept. A job's own value is met once: not kept.
    assert shared in kept and not any(value in kept for value in own)


def test_a_units_forms_share_one_object_of_its_values_and_fill_as_with_their_own_copy():
    from generator.outputs import form_docx
    from generator.outputs.form_spec import shared_values, unit_values
    from generator.outputs.kind import Later

    project, _ = check(REPO / "content")
    campaign = derive_campaign(project)
    by_unit: dict[str, list] = {}
    for path, value in form_docx.gather_filled(campaign, {}):
        value = value.get() if isinstance(value, Later) else value
        by_unit.setdefault(path.split("/")[1], []).append(value)
    unit_id, values = max(by_unit.items(), key=lambda item: len(item[1]))
    assert len(values) > 1 and len({id(value.shared) for value in values}) == 1  # hashed once for all its forms
    unit = project.units[unit_id]
    assert values[0].shared.values == shared_values(project, unit, campaign.plan, campaign.schedules)
    for value in values:  # what each form is filled with: the unit's values and the form's own, as before
        assert value.values() == unit_values(project, unit, campaign.plan, campaign.schedules, value.master.form)
    assert any(value.own for value in values)  # a form with a deadline adds its note


def test_a_bundle_value_is_gathered_by_the_process_keying_it_and_equals_the_eager_one():
    from generator.outputs import bundle
    from generator.outputs.kind import Blob, Later
    from generator.outputs.paths import unit_ics

    project, _ = check(REPO / "content")
    campaign = derive_campaign(project)
    documents = {job.path: Blob.of(job.render()) for job in jobs(registry.DOCUMENTS, campaign, {}, Fingerprint())}
    missing = next(iter(campaign.units.values()))
    del documents[unit_ics(missing)]  # a unit whose calendar is not made: decided on the spot
    gathered = dict(bundle.gather(campaign, documents))
    assert sum(isinstance(value, Later) for value in gathered.values()) == len(gathered) - 1
    for unit in campaign.units.values():
        value = gathered[bundle.paths.unit_zip(unit)]
        value = value.get() if isinstance(value, Later) else value
        assert value == bundle._bundle(campaign, unit, documents) and value.members
