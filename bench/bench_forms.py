"""Forms benchmark: ready-filled forms per second for 3,000 units, one core.

The example's individual review form (Mẫu 2B) is built once as a master and
filled per unit at the XML level; the same form is then built from scratch
with python-docx for a sample of the same units, in the same run, so the ratio
compares like with like on this machine.
"""

from __future__ import annotations

from pathlib import Path

from generator.check.rules import check
from generator.outputs.form_spec import form_spec, unit_values
from bench.bench_docx import fill_figures
from generator.campaign import derive_campaign

CONTENT = Path(__file__).resolve().parent.parent / "content"
FORM_ID = "mau-2b-ca-nhan"


def unit_value_sets(content_dir: Path, count: int) -> tuple:
    """The project, the form's spec and ``count`` per-unit value sets (real units, renamed)."""
    project, _ = check(content_dir)
    campaign = derive_campaign(project)
    plan, schedules = campaign.plan, campaign.schedules
    form = project.forms[FORM_ID]
    cells = [u for u in project.units.values() if not project.children.get(u.id)]
    values = []
    for index in range(count):
        unit = cells[index % len(cells)]
        filled = unit_values(project, unit, plan, schedules, form)
        filled["unit.name"] = filled["member.cell"] = f"{unit.name} {index}"
        values.append(filled)
    return form_spec(project.organisation.document_style, form, plan), values


def bench_forms(units: int = 3000, scratch: int = 30, content_dir: Path = CONTENT) -> dict:
    """Filled forms per second (master + XML fill) next to python-docx from scratch."""
    spec, values = unit_value_sets(content_dir, units)
    return fill_figures("forms", spec, values, scratch)


if __name__ == "__main__":
    print(bench_forms())
