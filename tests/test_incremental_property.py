"""Incremental equals full, by property.

Random sequences of edits, drawn from a catalogue that covers every content
kind and field group (units, forms, plans, directives, guidance, the
organisation's document style, a template override, a results report), are applied to a small
copy of the example project. After each step the incremental build of that
project must give, file by file, the same docs tree and the same ``site/`` as
a clean build of the same content in a fresh project folder.

The number of steps is bounded for CI (``SOTAY_PROPERTY_STEPS``, default 200);
each hypothesis example runs a short sequence of edits on one project.
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from browser import REPO, make_project
from generator.build import build
from generator.campaign import history
from generator.errors import ContentError
from generator.folders import PACKAGE_TEMPLATES
from generator.progress import Progress

STEPS = int(os.environ.get("SOTAY_PROPERTY_STEPS", "200"))
STEPS_PER_EXAMPLE = 8
#: Organisation files kept from the example: the district, one commune, one agency committee.
KEPT_UNIT_FILES = ("huyen.yaml", "xa-hung-hoi.yaml", "dang-bo-quan-su-huyen.yaml")
AUDIENCES = ("collective", "leader", "member", "outside")
WORDS = ("Hưng", "Lợi", "Châu", "Thới", "<b>x</b>", "&", "ấp", "Đông")

_yaml = YAML(typ="safe", pure=True)
_yaml.default_flow_style = False
_yaml.allow_unicode = True
_yaml.width = 4096


# --- reading and writing content ------------------------------------------------


def read(path: Path):
    return _yaml.load(path.read_text(encoding="utf-8"))


def write(path: Path, data) -> None:
    stream = io.StringIO()
    _yaml.dump(data, stream)
    path.write_text(stream.getvalue(), encoding="utf-8")


def yaml_files(content: Path, folder: str) -> list[Path]:
    return sorted((content / folder).glob("*.yaml"))


def small_project(root: Path) -> tuple[Path, Path]:
    """A trimmed copy of the example (three organisations) and a project folder for it."""
    content = root / "content"
    shutil.copytree(REPO / "content", content, ignore=shutil.ignore_patterns("results"))
    for path in sorted((content / "units").iterdir()):
        if path.name not in KEPT_UNIT_FILES:
            path.unlink()
    return content, make_project(root / "project")


# --- the catalogue of edits ----------------------------------------------------------
# Each edit changes the content (or the project's templates) in place; an edit that
# makes the content invalid is undone by the caller.


def _pick(rng: random.Random, items):
    items = list(items)
    return items[rng.randrange(len(items))] if items else None


def _units(content: Path, rng: random.Random):
    path = _pick(rng, yaml_files(content, "units"))
    return path, read(path)


def rename_unit(content, project, rng):
    path, data = _units(content, rng)
    unit = _pick(rng, data["units"])
    unit["name"] = f"{unit['name']} {_pick(rng, WORDS)}"
    write(path, data)


def edit_body_name(content, project, rng):
    path, data = _units(content, rng)
    unit = data["units"][0]
    unit["body"] = f"{unit.get('body') or 'Đảng ủy'} {_pick(rng, WORDS)}"
    write(path, data)


def move_cell(content, project, rng):
    """A cell moves to another organisation file (so under another parent)."""
    files = [p for p in yaml_files(content, "units") if read(p).get("parent")]
    source, target = rng.sample(files, 2) if len(files) > 1 else (None, None)
    if source is None:
        return
    data, other = read(source), read(target)
    if len(data["units"]) < 3:
        return
    cell = data["units"].pop(rng.randrange(1, len(data["units"])))
    other["units"].append(cell)
    write(source, data)
    write(target, other)


def add_cell(content, project, rng):
    files = [p for p in yaml_files(content, "units") if read(p).get("parent")]
    path = _pick(rng, files)
    data = read(path)
    number = rng.randrange(1000)
    data["units"].append({"id": f"{data['parent']}-moi-{number}", "name": f"Chi bộ mới {number}",
                          "kind": "chi-bo-truc-thuoc", "category": "ap",
                          "members": {"total": rng.randrange(3, 40)}})
    write(path, data)


def remove_cell(content, project, rng):
    path, data = _units(content, rng)
    if data.get("parent") and len(data["units"]) > 2:
        data["units"].pop(rng.randrange(1, len(data["units"])))
        write(path, data)


def member_counts(content, project, rng):
    path, data = _units(content, rng)
    unit = _pick(rng, data["units"])
    members = unit.setdefault("members", {"total": 10})
    members["total"] = max(members.get("total", 10) + rng.randrange(-3, 8), 3)
    members["exempt"] = min(rng.randrange(0, 3), members["total"])
    write(path, data)


def _form(content, rng):
    path = _pick(rng, yaml_files(content, "forms"))
    return path, read(path)


def form_audience(content, project, rng):
    path, data = _form(content, rng)
    data["audience"] = _pick(rng, [a for a in AUDIENCES if a != data.get("audience")])
    write(path, data)


def form_title(content, project, rng):
    path, data = _form(content, rng)
    data["title"] = f"{data['title']} {_pick(rng, WORDS).upper()}"
    write(path, data)


def form_rows(content, project, rng):
    path, data = _form(content, rng)
    tables = [block for block in data.get("blocks", ()) if isinstance(block, dict) and "rows" in block]
    if tables:
        _pick(rng, tables)["rows"] = rng.randrange(1, 12)
        write(path, data)


def form_sections(content, project, rng):
    path, data = _form(content, rng)
    blocks = data.setdefault("blocks", [])
    if rng.random() < 0.5 or len(blocks) < 3:
        blocks.insert(rng.randrange(len(blocks) + 1), {"text": f"Đoạn thêm {_pick(rng, WORDS)}"})
    else:
        texts = [i for i, block in enumerate(blocks) if isinstance(block, dict) and set(block) == {"text"}]
        if texts:
            blocks.pop(_pick(rng, texts))
    write(path, data)


def _plan(content):
    path = content / "plans" / "ke-hoach-2022.yaml"
    return path, read(path)


def plan_dates(content, project, rng):
    """A step's deadline moves by a few days (its cascade moves with it)."""
    from datetime import datetime, timedelta

    path, data = _plan(content)
    step = _pick(rng, data["schedule"]["steps"])
    end = datetime.strptime(step["end"], "%d/%m/%Y") if isinstance(step["end"], str) else step["end"]
    step["end"] = (end + timedelta(days=rng.choice((-1, 1, 2)))).strftime("%d/%m/%Y")
    write(path, data)


def plan_cascade(content, project, rng):
    path, data = _plan(content)
    data["schedule"].setdefault("cascade", {})["working_days_before_parent"] = rng.randrange(1, 6)
    write(path, data)


SECOND_PLAN = "ke-hoach-bo-sung"


def second_plan(content, project, rng):
    """A second plan appears (or goes), and current_plan is dropped: one rule must decide.

    The second plan is a later revision of the same year (same rule set): the
    latest plan is then the current one everywhere, calendars and home included.
    """
    other = content / "plans" / f"{SECOND_PLAN}.yaml"
    organisation = read(content / "organisation.yaml")
    if other.exists() and rng.random() < 0.5:
        other.unlink()
    else:
        _, data = _plan(content)
        data["id"] = SECOND_PLAN
        data["date"] = "16/11/2022"
        data["title"] = f"{data['title']} (bổ sung)"
        write(other, data)
    organisation.pop("current_plan", None)
    write(content / "organisation.yaml", organisation)


def toggle_current_plan(content, project, rng):
    organisation = read(content / "organisation.yaml")
    plans = sorted(read(p)["id"] for p in yaml_files(content, "plans"))
    organisation["current_plan"] = _pick(rng, plans)
    write(content / "organisation.yaml", organisation)


def directive_supersedes(content, project, rng):
    """A new directive replaces an old one and enters the plan's basis."""
    old = _pick(rng, [read(p) for p in yaml_files(content, "directives") if not read(p).get("supersedes")])
    if old is None:
        return
    number = rng.randrange(10, 99)
    new = {"id": f"hd-{number}-moi", "number": str(number), "symbol": f"{number}-HD/TU", "type": "Hướng dẫn",
           "issuer": "Ban Thường vụ Tỉnh ủy", "date": "01/11/2022", "title": "Văn bản thay thế",
           "summary": "Thay thế văn bản cũ.", "supersedes": [old["id"]], "illustrative": True}
    write(content / "directives" / f"{new['id']}.yaml", new)
    path, plan = _plan(content)
    plan["basis"] = [*plan["basis"], new["id"]]
    write(path, plan)


def guidance_edit(content, project, rng):
    path = _pick(rng, sorted((content / "guidance").glob("*.md")))
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"\nĐoạn bổ sung {_pick(rng, WORDS)} {rng.randrange(100)}.\n", encoding="utf-8")


def document_style(content, project, rng):
    organisation = read(content / "organisation.yaml")
    style = organisation.setdefault("document_style", {})
    style["size_pt"] = rng.choice((13, 14))
    style.setdefault("margins_mm", {})["left"] = rng.choice((30, 35))
    write(content / "organisation.yaml", organisation)


#: Templates a project may override, and a line that keeps each one valid when appended.
OVERRIDABLE = {"pages/unit.md.j2": "\nGhi chú của địa phương {n}.\n",
               "plan/wording.txt.j2": "@p Ghi chú của địa phương {n}.\n"}


def template_edit(content, project, rng):
    """The project overrides a built-in template (a page, or the plan wording), or drops its override."""
    name = _pick(rng, OVERRIDABLE)
    override = project / "templates" / name
    if override.exists() and rng.random() < 0.5:
        override.unlink()
        return
    override.parent.mkdir(parents=True, exist_ok=True)
    base = (PACKAGE_TEMPLATES / name).read_text(encoding="utf-8")
    override.write_text(base + OVERRIDABLE[name].format(n=rng.randrange(100)), encoding="utf-8")


RESULTS = Path("results") / "ke-hoach-2022"  # the example's current plan


def results_report(content, project, rng):
    """A unit's results report comes in (counts that add up), is edited, or is withdrawn."""
    folder = content / RESULTS
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.yaml").write_text("report_step: bao-cao-co-so\n", encoding="utf-8")
    units = {unit["id"]: (unit, unit.get("parent") or data.get("parent"))
             for path in yaml_files(content, "units") for data in [read(path)] for unit in data["units"]}
    publisher = read(content / "organisation.yaml")["publisher"]
    unit_id = _pick(rng, sorted(u for u, (_, parent) in units.items() if parent == publisher))
    report = folder / f"ket-qua-{unit_id}.yaml"
    if report.exists() and rng.random() < 0.4:
        report.unlink()
        return
    cells = [unit for unit, parent in units.values() if parent == unit_id and unit["id"] != unit_id]
    write(report, {"unit": unit_id, "plan": "ke-hoach-2022", "received": f"{rng.randrange(10, 28)}/12/2022",
                   "proposed": _pick(rng, ["tot", "hoan-thanh"]),
                   "cells": [_results_row(cell, rng) for cell in cells or [units[unit_id][0]]]})


def _results_row(cell: dict, rng: random.Random) -> dict:
    members = cell.get("members") or {}
    total, exempt = members.get("total", 10), members.get("exempt", 0)
    top = rng.randrange(0, (total - exempt) // 6 + 1)  # within the 20% cap of those rated good
    return {"unit": cell["id"], "members": total, "exempt": exempt, "xuat-sac": top, "tot": total - exempt - top,
            "hoan-thanh": 0, "khong-hoan-thanh": 0, "level": "tot"}


EDITS: tuple[Callable, ...] = (
    rename_unit, edit_body_name, move_cell, add_cell, remove_cell, member_counts, form_audience,
    form_title, form_rows, form_sections, plan_dates, plan_cascade, second_plan, toggle_current_plan,
    directive_supersedes, guidance_edit, document_style, template_edit, results_report,
)


# --- the property -----------------------------------------------------------------


def quiet_build(content: Path, project: Path) -> None:
    build(content, project / "site", project, progress=Progress(None))


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def clean_build(content: Path, project: Path, root: Path) -> Path:
    """A full build of ``content`` in a fresh project folder with the same templates and history."""
    fresh = root / "clean"
    shutil.rmtree(fresh, ignore_errors=True)
    make_project(fresh)
    if (project / "templates").is_dir():
        shutil.copytree(project / "templates", fresh / "templates")
    shutil.copy2(project / history.FILE, fresh / history.FILE)  # an input: what was published before
    quiet_build(content, fresh)
    return fresh


def apply(edit: Callable, content: Path, project: Path, rng: random.Random) -> bool:
    """Apply ``edit``; undo it (and say so) when it leaves the content invalid."""
    backup = content.parent / "backup"
    shutil.rmtree(backup, ignore_errors=True)
    shutil.copytree(content, backup)
    edit(content, project, rng)
    try:
        quiet_build(content, project)
    except ContentError:
        shutil.rmtree(content)
        backup.rename(content)
        return False
    return True


def assert_same_as_clean(content: Path, project: Path, root: Path, history: list[str]) -> None:
    clean = clean_build(content, project, root)
    for tree in ("build/docs", "site"):
        mine, theirs = files_of(project / tree), files_of(clean / tree)
        assert mine.keys() == theirs.keys(), (tree, history, sorted(mine.keys() ^ theirs.keys())[:5])
        differ = [path for path in mine if mine[path] != theirs[path]]
        assert differ == [], (tree, history, differ[:5])


# No shrinking: a failure already names its edits and seed, and shrinking whole builds takes long.
@settings(max_examples=max(STEPS // STEPS_PER_EXAMPLE, 1), deadline=None, derandomize=True,
          phases=(Phase.explicit, Phase.generate),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.sampled_from(EDITS), min_size=STEPS_PER_EXAMPLE, max_size=STEPS_PER_EXAMPLE),
       seed=st.integers(0, 2**32 - 1))
def test_incremental_build_equals_a_clean_build(tmp_path, edits, seed):
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
        root = Path(folder)
        content, project = small_project(root)
        quiet_build(content, project)
        history: list[str] = []
        for edit in edits:
            if apply(edit, content, project, rng):
                history.append(edit.__name__)
                assert_same_as_clean(content, project, root, history)


# --- the two bugs that started this, as explicit cases ---------------------------------


@pytest.fixture()
def small(tmp_path):
    content, project = small_project(tmp_path)
    quiet_build(content, project)
    return content, project, tmp_path


def test_form_audience_edit_reaches_every_unit_page(small):
    content, project, root = small
    path = next(p for p in yaml_files(content, "forms") if read(p).get("audience") not in (None, "collective"))
    data = read(path)
    data["audience"] = "collective" if data["audience"] != "collective" else "member"
    write(path, data)
    quiet_build(content, project)
    assert_same_as_clean(content, project, root, [f"audience of {path.name}"])


def test_two_plans_without_current_plan_agree_everywhere(small):
    content, project, root = small
    second_plan(content, project, random.Random(0))
    quiet_build(content, project)
    assert_same_as_clean(content, project, root, ["second plan, no current_plan"])
    docs = project / "build" / "docs"
    calendars = list((docs / "tai-ve").rglob("*.ics"))
    assert calendars and all(f"{SECOND_PLAN}.".encode() in p.read_bytes() for p in calendars)
    home = (docs / "index.md").read_text(encoding="utf-8")
    assert "10/01/2023" in home  # the current plan's deadlines are listed, not none


def test_results_report_edits_apply_and_agree_with_a_clean_build(small):
    content, project, root = small
    rng = random.Random(1)
    for step in range(3):  # a report comes in, is edited, then another unit's comes in
        assert apply(results_report, content, project, rng), step
    assert_same_as_clean(content, project, root, ["three results reports"])
    page = (project / "build" / "docs" / "ket-qua" / "index.md").read_text(encoding="utf-8")
    assert re.search(r"<td>(Đúng hạn|Trễ hạn)</td><td>[1-9]\d*</td>", page)  # reports received, counted
