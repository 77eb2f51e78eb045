"""Forms benchmark: filled DOCX files written to disk, sotay against python-docx and docxtpl.

The example's collective report form is filled for ``n`` units (real units of
the example, renamed) three ways, each a whole process timed with
``/usr/bin/time`` in alternating rounds (see :mod:`bench.forms_writers`):
sotay (the spec laid out once, then XML-level fills), python-docx (open a
template, replace the tags, save) and docxtpl (open a template, render,
save). All three write the same fields of the same forms. The comparison runs
at :data:`COMPARED` forms (the anchors take ~10–50 ms a form); sotay alone is
also timed at :data:`ALONE` forms for its rate with files written.
"""

from __future__ import annotations

import json
import pickle
import tempfile
import zipfile
from pathlib import Path

from generator.campaign import derive_campaign
from generator.check.rules import check
from generator.outputs.form_spec import form_spec, unit_values
from generator.render_docx import build_master

from bench import process
from bench.forms_writers import WRITERS, tag
from bench.goals import goal

CONTENT = Path(__file__).resolve().parent.parent / "content"
WRITER = Path(__file__).resolve().parent / "forms_writers.py"
FORM_ID = "mau-01-bao-cao-tap-the"
COMPARED, ALONE = 300, 3_000
#: sotay's whole process at most a tenth of each anchor's: the point of filling a laid-out master.
GOAL_RATIO = 0.1


def unit_value_sets(content_dir: Path, count: int) -> tuple:
    """The form's spec and ``count`` per-unit value sets (real units, renamed)."""
    project, _ = check(content_dir)
    campaign = derive_campaign(project)
    form = project.forms[FORM_ID]
    cells = [u for u in project.units.values() if not project.children.get(u.id)]
    values = []
    for index in range(count):
        unit = cells[index % len(cells)]
        filled = unit_values(project, unit, campaign.plan, campaign.schedules, form)
        filled["unit.name"] = filled["member.cell"] = f"{unit.name} {index}"
        values.append(filled)
    return form_spec(project.organisation.document_style, form, campaign.plan), values


def prepare(folder: Path, count: int, content_dir: Path = CONTENT) -> list[dict]:
    """Write the spec, the tagged template and ``count`` value sets into ``folder``."""
    spec, values = unit_value_sets(content_dir, count)
    master = build_master(spec)
    # Fields printed in capitals get capital values, so every writer prints the same text.
    upper = {field.key for field in master._fields if field.upper}
    values = [{key: filled.get(key, "").upper() if key in upper else filled.get(key, "")
               for key in master.fields} for filled in values]
    (folder / "spec.pickle").write_bytes(pickle.dumps(spec))
    (folder / "template.docx").write_bytes(master.fill({key: "{{ " + tag(key) + " }}" for key in master.fields}))
    (folder / "values.json").write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    return values


def written_name(path: Path) -> str:
    """The document text of a written DOCX (to prove each writer filled the fields)."""
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def time_writers(count: int, modes: tuple[str, ...]) -> dict[str, process.Run]:
    """Median whole-process runs of each writer filling ``count`` forms, in alternating rounds."""
    with tempfile.TemporaryDirectory(prefix="sotay-bench-forms-") as temp:
        folder = Path(temp)
        values = prepare(folder, count)
        medians = process.alternate({mode: (lambda mode=mode: process.time_command(
            process.python(WRITER, mode, folder), cwd=WRITER.parent.parent)) for mode in modes})
        for mode in modes:
            files = sorted((folder / mode).glob("*.docx"))
            last = written_name(folder / mode / f"{count - 1}.docx")
            assert len(files) == count and values[-1]["unit.name"] in last and "{{" not in last, f"{mode} did not fill the forms"
    return medians


def bench_forms(compared: int = COMPARED, alone: int = ALONE) -> dict:
    """Whole-process seconds and forms per second of each writer, and the goals against the anchors."""
    medians = time_writers(compared, tuple(WRITERS))
    figures = process.figures(f"forms_{compared}", medians)
    for mode, run in medians.items():
        figures[f"forms_{compared}_{mode}_per_s"] = round(compared / run.wall_s, 1)
    for anchor in ("python-docx", "docxtpl"):
        figures |= goal(f"forms_{compared}_vs_{anchor.replace('-', '_')}", medians["sotay"].wall_s,
                        medians[anchor].wall_s, GOAL_RATIO,
                        f"ghi {compared} biểu mẫu đã điền, cả tiến trình, s / {anchor}")
    sotay_alone = time_writers(alone, ("sotay",))["sotay"]
    figures |= process.figures(f"forms_{alone}", {"sotay": sotay_alone})
    figures[f"forms_{alone}_sotay_per_s"] = round(alone / sotay_alone.wall_s, 1)
    return figures


if __name__ == "__main__":
    print(bench_forms())
