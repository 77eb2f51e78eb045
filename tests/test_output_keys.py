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
